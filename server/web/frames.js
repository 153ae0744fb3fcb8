// Groups of big networks drawn as frames: a plain node under each group's
// circle of members instead of a compound node around them. Cytoscape.js
// pays for compound nodes on every style property of every element (it
// dirties the caches of the parents, children and their edges each time)
// and on every bounding box; with 5,000 persons that doubled the time to
// draw. A frame looks the same, but its size is computed here, once, from
// the layout, and the members name it in data.group instead of
// data.parent. Collapsing groups needs compound nodes, so a collapsed view
// is drawn with them.

/** Room between a frame and its members' centres: half a big node and some. */
const margin = 20;

/**
 * Turns the group elements (class "group") into frames on the circles of
 * clusters (a Map from group id to {x, y, r}) and moves the members'
 * parent to group.
 */
export function asFrames(elements, clusters) {
  for (const e of elements) {
    if (e.group !== "nodes") continue;
    if (e.data.parent !== undefined) {
      e.data.group = e.data.parent;
      delete e.data.parent;
      continue;
    }
    const c = clusters.get(e.data.id);
    if (!c) continue;
    e.position = { x: c.x, y: c.y };
    e.data.side = 2 * (c.r + margin);
    e.classes = (e.classes || "") + " frame";
  }
}

/** The group an element of a person belongs to, compound or framed: its id or undefined. */
export function groupOf(node) {
  return node.data("parent") ?? node.data("group");
}

/**
 * The style of frames: their size, and the order of drawing — frames
 * under the edges, the edges under the persons (as with compound nodes).
 */
export const frameStyle = [
  { selector: "node.frame", style: { width: "data(side)", height: "data(side)", padding: 0, "z-index-compare": "manual", "z-index": 0 } },
  { selector: "edge", style: { "z-index-compare": "manual", "z-index": 1 } },
  { selector: "node[size]", style: { "z-index-compare": "manual", "z-index": 2 } },
];
