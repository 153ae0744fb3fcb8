// The network around a person, account or unit (GET /graph), drawn with
// Cytoscape.js: edge width by effective trust, colours by kind; clicking a
// person draws the network around them.
import { get } from "../api.js";
import { h, customerLink } from "../dom.js";
import { drawGraph, edgeElement, legend, nodeElement } from "../draw.js";
import { names, nameOf } from "../names.js";

const kinds = ["person", "account", "unit"];

export async function networkView(root, parts, params, alive) {
  let [kind, id] = parts;
  if (!id) {
    // Without a focus: the whole organisation, from its first top-level unit.
    const units = await get("/units", { limit: 1000 });
    const top = units.items.find((u) => !u.parent) || units.items[0];
    if (!alive()) return;
    if (!top) {
      root.append(h("h1", {}, "Network"), h("p", { class: "muted" }, "No units yet: search a person or an account to draw."));
      return;
    }
    [kind, id] = ["unit", top.id];
  }
  if (!kinds.includes(kind)) kind = "";
  const depth = params.get("depth") || "1";
  const limit = params.get("limit") || "500";
  const [pic, unitNames, accountNames] = await Promise.all([
    get("/graph", { focus: id, kind, depth, limit }), names("units"), names("accounts")]);
  if (!alive()) return;

  const go = (k, focus, d = depth, l = limit) =>
    (location.hash = `#/network/${k}/${encodeURIComponent(focus)}?` + new URLSearchParams({ depth: d, limit: l }));
  const depthSelect = h("select", { "aria-label": "Depth", onchange: (ev) => go(pic.focus.kind, pic.focus.id, ev.target.value) },
    [1, 2, 3].map((d) => h("option", { value: d, selected: String(d) === String(pic.depth) }, `${d} hop${d > 1 ? "s" : ""}`)));
  const limitInput = h("input", { type: "number", min: 1, max: 5000, value: pic.limit, "aria-label": "Node limit",
    onchange: (ev) => go(pic.focus.kind, pic.focus.id, depth, ev.target.value) });
  const stats = h("p", { class: "stats", "data-test": "graph-stats" },
    `${pic.nodes.length} nodes, ${pic.edges.length} public relationships`,
    pic.truncated ? h("strong", { class: "warn" }, ` — cut at the limit of ${pic.limit} nodes`) : null);
  const info = h("p", { class: "hover-info muted" }, "Click a person to draw the network around them.");
  const box = h("div", { class: "graph", id: "network-graph" });

  const customerPage = pic.focus.kind === "person" && pic.nodes[0] && pic.nodes[0].kind === "customer"
    ? h("p", {}, customerLink(pic.focus.id, "Open the customer page with the recommended sender →"))
    : "";
  root.append(
    h("div", { class: "title-row" },
      h("h1", {}, pic.focus.label, " ", h("small", { class: "muted" }, focusWords(pic))),
      h("div", { class: "controls" }, h("label", {}, "Depth ", depthSelect), h("label", {}, "Limit ", limitInput))),
    stats,
    customerPage,
    box,
    h("div", { class: "below-graph" }, legend(h), info),
  );

  const members = new Set(pic.nodes.filter((n) => n.depth === 0).map((n) => n.id));
  const elements = pic.nodes.map((n) => nodeElement(n, members.has(n.id) ? ["member"] : []));
  for (const e of pic.edges) elements.push(edgeElement(e.a, e.b, e.effectiveTrust));
  const { cy, layoutMs, renderMs } = await drawGraph(box, elements);
  if (!alive()) {
    cy.destroy();
    return;
  }
  box.cy = cy; // for the browser tests and the console
  cy.on("tap", "node", (ev) => go("person", ev.target.id()));
  const byID = new Map(pic.nodes.map((n) => [n.id, n]));
  cy.on("mouseover", "node", (ev) => {
    const n = byID.get(ev.target.id());
    const where = n.unit ? ", " + nameOf(unitNames, n.unit) : n.account ? ", " + nameOf(accountNames, n.account) : "";
    info.textContent = `${n.label} (${n.kind}${where}${n.active ? "" : ", has left"}): ${n.degree} public relationships, ${n.depth} hop${n.depth === 1 ? "" : "s"} from the focus`;
  });
  // The timings are for the browser tests, not for the page.
  Object.assign(box.dataset, { nodes: cy.nodes().length, edges: cy.edges().length,
    layoutMs: Math.round(layoutMs), renderMs: Math.round(renderMs), ready: "true" });
  return () => cy.destroy();
}

/** What the focus is, in the users' words: "employee", "account · 8 customers", "unit · 6 employees". */
function focusWords(pic) {
  const f = pic.focus;
  const n = f.members;
  if (f.kind === "person") {
    const me = pic.nodes.find((x) => x.id === f.id);
    return me ? me.kind + (me.active === false ? " · has left" : "") : "person";
  }
  const who = f.kind === "account" ? "customer" : "employee";
  return `${f.kind} · ${n} ${who}${n === 1 ? "" : "s"}`;
}
