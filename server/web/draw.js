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

/**
 * Graphs with groups (units, accounts) up to this size get the fCoSE
 * layout, which keeps each group together (draft quality above
 * forceLimit); larger ones place each group as a cluster of rings
 * (clusterPositions), which costs one pass over the nodes.
 */
const groupLimit = 800;

/** Up to this many persons, the first view keeps names readable. */
const readableLimit = 150;
const readableZoom = 0.8;

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
    selector: "node[size]",
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
  // Groups: units (employees) and accounts (customers) as compound nodes.
  {
    selector: "node.group",
    style: {
      "background-color": "#f1f5f9",
      "background-opacity": 0.7,
      "border-width": 1,
      "border-color": "#cbd5e1",
      shape: "round-rectangle",
      label: "data(label)",
      "text-valign": "top",
      "text-halign": "center",
      "text-margin-y": -4,
      "font-size": 11,
      "font-weight": "bold",
      color: "#334155",
      padding: 10,
    },
  },
  { selector: "node.group.account", style: { "background-color": "#fff7ed", "border-color": "#fdba74" } },
  // A collapsed group: one node with the count of its members.
  {
    selector: "node.cy-expand-collapse-collapsed-node",
    style: { width: 38, height: 38, shape: "round-rectangle", "text-valign": "center", "text-margin-y": 0, "text-wrap": "wrap" },
  },
  // Risk: key people, accounts at risk.
  { selector: "node.key", style: { "border-width": 4, "border-color": colours.route, "border-style": "double" } },
  { selector: "node.group.at-risk", style: { "border-width": 3, "border-color": colours.route, "background-color": "#fef2f2" } },
  // Handover: the leaver, the customers who move and those left without a sender.
  { selector: "node.leaver", style: { "background-color": colours.inactive, "border-width": 3, "border-style": "dashed", "border-color": "#111827" } },
  { selector: "node.moves", style: { "border-width": 4, "border-color": "#16a34a" } },
  { selector: "node.orphan", style: { "border-width": 4, "border-color": colours.route, shape: "diamond" } },
  { selector: "edge.succession", style: { "line-color": "#16a34a", "line-style": "dashed", opacity: 1, width: 2, "curve-style": "bezier" } },
  // Below the chosen minimum of effective trust.
  { selector: "edge.weak", style: { display: "none" } },
  { selector: ".faded", style: { opacity: 0.12 } },
];

/** Big graphs get smaller nodes and fainter edges. */
const bigStyle = [
  { selector: "node[size]", style: { width: "mapData(size, 0, 1, 8, 20)", height: "mapData(size, 0, 1, 8, 20)" } },
  { selector: "edge", style: { opacity: 0.3 } },
];

/**
 * The layout for a graph of n nodes: a tree from roots when given, a
 * force-directed one for small graphs, and rings by depth for big ones,
 * which costs one pass over the nodes.
 */
function layoutFor(elements, n, roots, grouped) {
  if (grouped && n > groupLimit) {
    const positions = clusterPositions(elements.filter((e) => e.group === "nodes" && !(e.classes || "").includes("group")).map((e) => e.data));
    return { name: "preset", positions: (node) => positions.get(node.id()), fit: true, padding: 24 };
  }
  if (grouped) {
    return {
      // From the clusters (positions set by drawGraph), not from random
      // ones: the same link draws the same picture.
      name: "fcose", quality: n > forceLimit ? "draft" : "proof", animate: false, fit: true, padding: 24,
      randomize: false, nodeDimensionsIncludeLabels: true, nodeSeparation: 60,
      // Ties within a group hold it together; ties between groups are
      // long and loose, so that groups do not pull into each other.
      idealEdgeLength: (e) => (sameGroup(e) ? 40 : 120),
      edgeElasticity: (e) => (sameGroup(e) ? 0.45 : 0.05),
      nodeRepulsion: () => 6000, numIter: 3000, packComponents: true, tile: true,
    };
  }
  if (roots) {
    return { name: "breadthfirst", roots, directed: false, spacingFactor: 1.1, animate: false, fit: true, padding: 24 };
  }
  if (n <= forceLimit) {
    return { name: "cose", animate: false, fit: true, padding: 24, nodeRepulsion: () => 9000, idealEdgeLength: () => 70, numIter: 1500 };
  }
  const positions = ringPositions(elements.filter((e) => e.group === "nodes").map((e) => e.data));
  return { name: "preset", positions: (node) => positions.get(node.id()), fit: true, padding: 24 };
}

/** Whether an edge joins two members of one group. */
function sameGroup(edge) {
  const a = edge.source().data("parent");
  return a !== undefined && a === edge.target().data("parent");
}

/**
 * Places each group (nodes of one parent; those without one form a group
 * of their own) as rings around its own centre (ringPositions), and the
 * groups on rows, biggest first, so that no two overlap.
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
    return { pos, r: r + 40 };
  }).sort((a, b) => b.r - a.r);
  const total = clusters.reduce((s, c) => s + 4 * c.r * c.r, 0);
  const rowWidth = Math.max(clusters.length ? 2 * clusters[0].r : 0, Math.sqrt(total) * 1.3);
  const out = new Map();
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
    x += 2 * c.r;
    rowHeight = Math.max(rowHeight, 2 * c.r);
  }
  return out;
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
 * roots (ids) asks for a tree layout from them; grouped, for the layout
 * that keeps compound nodes together (the extensions must be loaded).
 */
export function drawGraph(container, elements, roots, grouped = false) {
  const cytoscape = window.cytoscape;
  if (!cytoscape) throw new Error("Cytoscape.js did not load");
  const nodes = elements.filter((e) => e.group === "nodes" && !(e.classes || "").includes("group")).length;
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
    if (grouped) {
      const start = clusterPositions(elements.filter((e) => e.group === "nodes" && !(e.classes || "").includes("group")).map((e) => e.data));
      cy.nodes().not(".group").positions((node) => start.get(node.id()));
    }
    const layout = cy.layout(layoutFor(elements, nodes, roots, grouped));
    layout.one("layoutstop", () => {
      // A small graph is not blown up beyond a readable size, and one
      // of up to readableLimit persons is not shrunk below one where the
      // names can be read (the rest is a pan away).
      if (cy.zoom() > 1.6) {
        cy.zoom(1.6);
        cy.center();
      } else if (nodes <= readableLimit && cy.zoom() < readableZoom) {
        const focus = cy.nodes(".member");
        cy.zoom(readableZoom);
        cy.center(focus.nonempty() ? focus : undefined);
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
