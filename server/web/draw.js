// Drawing networks with Cytoscape.js (vendor/cytoscape.min.js, loaded as a
// classic script before the modules): the shared style, the choice of
// layout and the measurement of layout and first render.

/** Colours by kind; the legend uses them too. */
export const colours = {
  employee: "#2563eb",
  customer: "#f59e0b",
  inactive: "#9ca3af",
  route: "#dc2626",
};

/** Graphs larger than this get the fast concentric layout instead of cose. */
const forceLimit = 250;

/** A node element for Cytoscape from a person. */
export function nodeElement(n, classes = []) {
  const colour = n.active === false ? colours.inactive : colours[n.kind] || colours.customer;
  const size = Math.min(1, Math.log((n.degree || 0) + 1) / Math.log(40));
  return {
    group: "nodes",
    data: { id: n.id, label: n.label || n.id, kind: n.kind, colour, size, depth: n.depth || 0 },
    classes: classes.join(" "),
  };
}

/** An edge element; w (0–1) is the effective trust, which sets the width. */
export function edgeElement(a, b, w, classes = []) {
  return { group: "edges", data: { id: `${a}\u0000${b}`, source: a, target: b, w }, classes: classes.join(" ") };
}

const style = [
  {
    selector: "node",
    style: {
      "background-color": "data(colour)",
      label: "data(label)",
      width: "mapData(size, 0, 1, 12, 34)",
      height: "mapData(size, 0, 1, 12, 34)",
      "font-size": 10,
      color: "#1f2937",
      "text-valign": "bottom",
      "text-margin-y": 3,
      "text-outline-color": "#ffffff",
      "text-outline-width": 2,
      "min-zoomed-font-size": 8,
    },
  },
  { selector: "node.member", style: { "border-width": 3, "border-color": "#111827" } },
  { selector: "node.recommended", style: { "border-width": 4, "border-color": colours.route, shape: "round-rectangle" } },
  {
    selector: "edge",
    style: {
      width: "mapData(w, 0, 1, 0.5, 7)",
      "line-color": "#94a3b8",
      opacity: 0.75,
      "curve-style": "haystack",
    },
  },
  { selector: "edge.route", style: { "line-color": colours.route, opacity: 1, "z-index": 10 } },
  { selector: "node:selected", style: { "border-width": 3, "border-color": "#16a34a" } },
];

/** Big graphs get smaller nodes and fainter edges. */
const bigStyle = [
  { selector: "node", style: { width: "mapData(size, 0, 1, 8, 20)", height: "mapData(size, 0, 1, 8, 20)" } },
  { selector: "edge", style: { opacity: 0.3 } },
];

/**
 * The layout for a graph of n nodes: a tree from roots when given, a
 * force-directed one for small graphs, and rings by depth for big ones,
 * which costs one pass over the nodes.
 */
function layoutFor(elements, n, roots) {
  if (roots) {
    return { name: "breadthfirst", roots, directed: false, spacingFactor: 1.1, animate: false, fit: true, padding: 24 };
  }
  if (n <= forceLimit) {
    return { name: "cose", animate: false, fit: true, padding: 24, nodeRepulsion: () => 9000, idealEdgeLength: () => 70, numIter: 1500 };
  }
  const positions = ringPositions(elements.filter((e) => e.group === "nodes").map((e) => e.data));
  return { name: "preset", positions: (node) => positions.get(node.id()), fit: true, padding: 24 };
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
  const rings = []; // {r, nodes}
  let ring = null;
  for (const n of sorted) {
    const full = ring && ring.nodes.length >= Math.max(1, Math.floor((2 * Math.PI * ring.r) / spacing));
    if (!ring || full || ring.depth !== n.depth) {
      const r = ring ? ring.r + gap : sorted.filter((x) => x.depth === n.depth).length === 1 ? 0 : gap;
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

/**
 * Draws elements into container and resolves, once the layout has run and
 * the first frame is painted, to {cy, layoutMs, renderMs}: layoutMs from
 * the start to the end of the layout, renderMs from there to the frame.
 * roots (ids) asks for a tree layout from them.
 */
export function drawGraph(container, elements, roots) {
  const cytoscape = window.cytoscape;
  if (!cytoscape) throw new Error("Cytoscape.js did not load");
  const nodes = elements.filter((e) => e.group === "nodes").length;
  const big = nodes > forceLimit;
  const t0 = performance.now();
  const cy = cytoscape({
    container,
    elements,
    style: big ? [...style, ...bigStyle] : style,
    layout: { name: "null" },
    minZoom: 0.02,
    maxZoom: 4,
    textureOnViewport: big,
    hideEdgesOnViewport: big,
    pixelRatio: big ? 1 : "auto",
  });
  return new Promise((resolve) => {
    const layout = cy.layout(layoutFor(elements, nodes, roots));
    layout.one("layoutstop", () => {
      // A small graph is not blown up beyond a readable size.
      if (cy.zoom() > 1.6) {
        cy.zoom(1.6);
        cy.center();
      }
      const t1 = performance.now();
      requestAnimationFrame(() =>
        requestAnimationFrame(() => resolve({ cy, layoutMs: t1 - t0, renderMs: performance.now() - t1 })),
      );
    });
    layout.run();
  });
}

/** The legend of the colours. */
export function legend(h, extra = []) {
  const item = (kind, text) => h("span", { class: "legend-item" }, h("i", { class: "sw-" + kind }), text);
  return h("div", { class: "legend" },
    item("employee", "employee"),
    item("customer", "customer"),
    item("inactive", "has left"),
    h("span", { class: "legend-item" }, h("i", { class: "ring" }), "focus"),
    h("span", { class: "legend-item" }, "edge width = effective trust"),
    extra);
}
