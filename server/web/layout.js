// Where the persons of a network go: for big graphs computed here in one
// pass (rings, clusters of rings) and handed to Cytoscape as the elements'
// positions, so that no layout runs; for small ones a Cytoscape layout
// (tree, force-directed, fCoSE for groups).

/** Graphs larger than this get rings instead of a force-directed layout. */
export const forceLimit = 250;

/**
 * Graphs with groups (units, accounts) up to this size get the fCoSE
 * layout, which keeps each group together (draft quality above
 * forceLimit); larger ones place each group as a cluster of rings
 * (clusterPositions), which costs one pass over the nodes.
 */
const groupLimit = 800;

/**
 * How to place persons (the data of the person nodes: id, depth, size,
 * parent): {positions} — a Map from id to {x, y} to start from, or to
 * keep when layout is null — and {layout}, the options of the Cytoscape
 * layout to run, if any. roots (ids) asks for a tree from them; grouped,
 * for one that keeps the members of a group together; then {clusters} is
 * a Map from group (parent) id to the circle {x, y, r} its members' centres
 * are in (with 40 free around it before the next group).
 */
export function layoutPlan(persons, roots, grouped) {
  const n = persons.length;
  if (grouped) {
    // From the clusters, not from random positions: the same link draws
    // the same picture.
    const { positions, clusters } = clusterPositions(persons);
    if (n > groupLimit) return { positions, clusters, layout: null };
    return {
      positions,
      clusters,
      layout: {
        name: "fcose", quality: n > forceLimit ? "draft" : "proof", animate: false, fit: true, padding: 24,
        randomize: false, nodeDimensionsIncludeLabels: true, nodeSeparation: 60,
        // Ties within a group hold it together; ties between groups are
        // long and loose, so that groups do not pull into each other.
        idealEdgeLength: (e) => (sameGroup(e) ? 40 : 120),
        edgeElasticity: (e) => (sameGroup(e) ? 0.45 : 0.05),
        nodeRepulsion: () => 6000, numIter: 3000, packComponents: true, tile: true,
      },
    };
  }
  if (roots) {
    return { positions: null, layout: { name: "breadthfirst", roots, directed: false, spacingFactor: 1.1, animate: false, fit: true, padding: 24 } };
  }
  if (n <= forceLimit) {
    return { positions: null, layout: { name: "cose", animate: false, fit: true, padding: 24, nodeRepulsion: () => 9000, idealEdgeLength: () => 70, numIter: 1500 } };
  }
  return { positions: ringPositions(persons), layout: null };
}

/** Whether an edge joins two members of one group. */
function sameGroup(edge) {
  const a = edge.source().data("parent");
  return a !== undefined && a === edge.target().data("parent");
}

/**
 * Places each group (nodes of one parent; those without one form a group
 * of their own) as rings around its own centre (ringPositions), and the
 * groups on rows, biggest first, so that no two overlap: {positions} of
 * the nodes and {clusters}, the circle of each parent.
 */
function clusterPositions(nodes) {
  const byParent = new Map();
  for (const n of nodes) {
    const k = n.parent || "";
    if (!byParent.has(k)) byParent.set(k, []);
    byParent.get(k).push(n);
  }
  const clusters = [...byParent.values()].map((members) => {
    const pos = ringPositions(members);
    let r = 0;
    for (const p of pos.values()) r = Math.max(r, Math.hypot(p.x, p.y));
    return { key: members[0].parent || "", pos, r: r + 40 };
  }).sort((a, b) => b.r - a.r);
  const total = clusters.reduce((s, c) => s + 4 * c.r * c.r, 0);
  const rowWidth = Math.max(clusters.length ? 2 * clusters[0].r : 0, Math.sqrt(total) * 1.3);
  const out = new Map();
  const circles = new Map();
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const c of clusters) {
    if (x > 0 && x + 2 * c.r > rowWidth) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    for (const [id, p] of c.pos) out.set(id, { x: x + c.r + p.x, y: y + c.r + p.y });
    if (c.key) circles.set(c.key, { x: x + c.r, y: y + c.r, r: c.r - 40 }); // the members' circle, without the room around
    x += 2 * c.r;
    rowHeight = Math.max(rowHeight, 2 * c.r);
  }
  return { positions: out, clusters: circles };
}

/**
 * Places nodes on concentric rings: the members (depth 0) innermost, each
 * further depth on the next rings, the best connected first; a ring takes as
 * many nodes as its circumference has room for.
 */
function ringPositions(nodes) {
  const spacing = 24; // between neighbours on a ring
  const gap = 30; // between rings
  const sorted = [...nodes].sort((a, b) => a.depth - b.depth || b.size - a.size || (a.id < b.id ? -1 : 1));
  const atDepth = new Map();
  for (const n of sorted) atDepth.set(n.depth, (atDepth.get(n.depth) || 0) + 1);
  const rings = []; // {r, depth, nodes}
  let ring = null;
  for (const n of sorted) {
    const full = ring && ring.nodes.length >= Math.max(1, Math.floor((2 * Math.PI * ring.r) / spacing));
    if (!ring || full || ring.depth !== n.depth) {
      const r = ring ? ring.r + gap : atDepth.get(n.depth) === 1 ? 0 : gap;
      ring = { r, depth: n.depth, nodes: [] };
      rings.push(ring);
    }
    ring.nodes.push(n.id);
  }
  const out = new Map();
  for (const [k, { r, nodes: ids }] of rings.entries()) {
    const turn = k * 0.61; // stagger the rings so that spokes do not line up
    ids.forEach((id, i) => {
      const a = turn + (2 * Math.PI * i) / ids.length;
      out.set(id, { x: r * Math.cos(a), y: r * Math.sin(a) });
    });
  }
  return out;
}
