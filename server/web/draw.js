// Drawing networks with Cytoscape.js (vendor/cytoscape.min.js, loaded as a
// classic script before the modules): the shared style, the choice of
// layout (layout.js) and the measurement of layout and first render.
import { forceLimit, layoutPlan } from "./layout.js";
import { asFrames, frameStyle } from "./frames.js";

/** Colours by kind; the legend uses them too. */
export const colours = {
  employee: "#2563eb",
  customer: "#f59e0b",
  inactive: "#9ca3af",
  route: "#dc2626",
};

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
 * Draws elements into container and resolves, once the layout has run and
 * the first frame is painted, to {cy, layoutMs, renderMs, framed}:
 * layoutMs from the start to the end of the layout, renderMs from there to
 * the frame. roots (ids) asks for a tree layout from them; grouped, for
 * the layout that keeps compound nodes together (the extensions must be
 * loaded). Big grouped graphs get frames instead of compound nodes
 * (frames.js; framed is then true) unless compound is set.
 */
export function drawGraph(container, elements, roots, grouped = false, compound = false) {
  const cytoscape = window.cytoscape;
  if (!cytoscape) throw new Error("Cytoscape.js did not load");
  const t0 = performance.now();
  const persons = elements.filter((e) => e.group === "nodes" && !isGroup(e));
  const nodes = persons.length;
  const big = nodes > forceLimit;
  // Positions computed here go into the elements; the preset layout of
  // the constructor keeps them (its null layout would put every node at
  // the origin).
  const { positions, clusters, layout } = layoutPlan(persons.map((e) => e.data), roots, grouped);
  if (positions) for (const e of persons) e.position = positions.get(e.data.id);
  const framed = grouped && !layout && !compound;
  if (framed) asFrames(elements, clusters);
  const cy = cytoscape({
    container,
    elements,
    style: [...style, ...(big ? bigStyle : []), ...(framed ? frameStyle : [])],
    layout: positions ? { name: "preset", fit: !layout, padding: 24 } : { name: "null" },
    minZoom: 0.02,
    maxZoom: 4,
    textureOnViewport: big,
    hideEdgesOnViewport: big,
    pixelRatio: big ? 1 : "auto",
  });
  return new Promise((resolve) => {
    const done = () => {
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
        requestAnimationFrame(() => resolve({ cy, framed, layoutMs: t1 - t0, renderMs: performance.now() - t1 })),
      );
    };
    if (!layout) {
      done();
      return;
    }
    const running = cy.layout(layout);
    running.one("layoutstop", done);
    running.run();
  });
}

/** Whether an element is a group (a compound node of a unit or account). */
function isGroup(e) {
  return (e.classes || "").split(" ").includes("group");
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
