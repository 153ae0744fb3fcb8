// The network around a person, account or unit (GET /graph), drawn with
// Cytoscape.js: employees grouped by unit and customers by account
// (compound nodes, laid out together by fCoSE, collapsible), edge width by
// effective trust, key people and accounts at risk marked, a handover
// overlay, filters, a time slider over asOf and pictures to take away.
// The view's state lives in the URL, so a link reproduces it; clicking a
// person draws the network around them.
import { ApiError, get, seg } from "../api.js";
import { h, customerLink } from "../dom.js";
import { drawGraph, edgeElement, legend, nodeElement } from "../draw.js";
import { items, names, nameOf } from "../names.js";
import { loadExtensions } from "../extensions.js";
import { groupElements, markRisk, markHandover, riskOf } from "./network_overlays.js";
import { toolbar } from "./network_tools.js";
import { whoami } from "../session.js";

const kinds = ["person", "account", "unit"];

/** The view's state from the URL, with its defaults. */
function stateOf(kind, id, params) {
  const num = (name, def, lo, hi) => {
    const v = Number(params.get(name));
    return params.has(name) && Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : def;
  };
  return {
    kind, id,
    depth: num("depth", 1, 1, 3),
    limit: num("limit", 500, 1, 5000),
    minTrust: num("minTrust", 0, 0, 1),
    daysBack: Math.round(num("daysBack", 0, 0, 365)),
    groups: params.get("groups") !== "0",
    collapsed: params.get("collapsed") === "1",
    risk: params.get("risk") !== "0",
    leaver: params.get("leaver") || "",
    only: params.get("only") || "",
    segment: params.get("segment") || "",
  };
}

/** The URL of a state. */
export function hashOf(st) {
  const p = new URLSearchParams({ depth: st.depth, limit: st.limit });
  if (st.minTrust > 0) p.set("minTrust", st.minTrust);
  if (st.daysBack > 0) p.set("daysBack", st.daysBack);
  if (!st.groups) p.set("groups", "0");
  if (st.collapsed) p.set("collapsed", "1");
  if (!st.risk) p.set("risk", "0");
  if (st.leaver) p.set("leaver", st.leaver);
  if (st.only) p.set("only", st.only);
  if (st.segment) p.set("segment", st.segment);
  return `#/network/${st.kind}/${encodeURIComponent(st.id)}?` + p;
}

/** The asOf of a state: daysBack days before today, "" for now. */
export function asOfOf(st) {
  if (!st.daysBack) return "";
  const d = new Date(Date.now() - st.daysBack * 86400000);
  return d.toISOString().slice(0, 10);
}

/** Reads what management may see; a role that may not gets null. */
async function optional(path, params) {
  try {
    return await get(path, params);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 403 || err.status === 404)) return null;
    throw err;
  }
}

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
  const st = stateOf(kind, id, params);
  const asOf = asOfOf(st);
  // The risk overlay reads analytics, which only admins and managers may
  // (pages.js): other roles do not ask, so their console stays clean.
  const analyst = ["admin", "manager"].includes((await whoami()).role);
  const [pic, unitNames, accountNames, accounts, keyPeople, coverage, handover] = await Promise.all([
    get("/graph", { focus: id, kind, depth: st.depth, limit: st.limit, asOf }),
    names("units"), names("accounts"), items("accounts"),
    st.risk && analyst ? optional("/analytics/key-people", { limit: 100, asOf }) : null,
    st.risk && analyst ? optional("/analytics/coverage", { asOf }) : null,
    st.leaver ? optional(`/employees/${seg(st.leaver)}/handover`, { asOf }) : null,
    loadExtensions(),
  ]);
  if (!alive()) return;
  st.kind = pic.focus.kind;
  const go = (change) => (location.hash = hashOf({ ...st, ...change }));

  const stats = h("p", { class: "stats", "data-test": "graph-stats" },
    `${pic.nodes.length} persons, ${pic.edges.length} public relationships`,
    asOf ? ` as of ${asOf}` : "",
    pic.truncated ? h("strong", { class: "warn" }, ` — cut at the limit of ${pic.limit} persons; raise the limit or draw a smaller focus to see the rest`) : null);
  const info = h("p", { class: "hover-info muted" }, "Click a person to draw the network around them; double-click a group to collapse or expand it.");
  const box = h("div", { class: "graph", id: "network-graph" });
  const customerPage = pic.focus.kind === "person" && pic.nodes[0] && pic.nodes[0].kind === "customer"
    ? h("p", {}, customerLink(pic.focus.id, "Open the customer page with the recommended sender →"))
    : "";
  const tools = h("div", { class: "graph-tools", "data-test": "graph-tools" });
  const notes = h("p", { class: "muted", "data-test": "overlay-notes" });
  root.append(
    h("div", { class: "title-row" }, h("h1", {}, pic.focus.label, " ", h("small", { class: "muted" }, focusWords(pic)))),
    tools, stats, notes, customerPage, box,
    h("div", { class: "below-graph" }, legend(h, [
      st.risk ? h("span", { class: "legend-item" }, h("i", { class: "key" }), "key person") : null,
      st.risk ? h("span", { class: "legend-item" }, h("i", { class: "risk" }), "account at risk") : null,
      st.leaver ? h("span", { class: "legend-item" }, h("i", { class: "moves" }), "moves to (dashed: the new sender, not a tie)") : null,
      st.leaver ? h("span", { class: "legend-item" }, h("i", { class: "orphan" }), "left without a sender") : null]), info),
  );

  const members = new Set(pic.nodes.filter((n) => n.depth === 0).map((n) => n.id));
  const elements = pic.nodes.map((n) => nodeElement(n, members.has(n.id) ? ["member"] : []));
  if (st.groups) groupElements(elements, pic.nodes, unitNames, accountNames);
  for (const e of pic.edges) elements.push(edgeElement(e.a, e.b, e.effectiveTrust));
  const risk = riskOf(keyPeople, coverage);
  // A collapsed view needs compound nodes; a big expanded one gets frames.
  const { cy, framed, layoutMs, renderMs } = await drawGraph(box, elements, undefined, st.groups, st.collapsed);
  if (!alive()) {
    cy.destroy();
    return;
  }
  box.cy = cy; // for the browser tests and the console
  if (framed) info.textContent = "Click a person to draw the network around them; double-click a group to show it alone.";
  const said = [];
  if (st.risk) said.push(risk ? markRisk(cy, risk) : "Key people and accounts at risk are not shown: this key's role may not read the management figures.");
  if (st.leaver) said.push(handover ? markHandover(cy, handover) : `No handover for ${st.leaver}: not an employee this key may read.`);
  notes.textContent = said.filter(Boolean).join(" ");

  const ec = st.groups && !framed ? cy.expandCollapse({ layoutBy: null, fisheye: false, animate: false, undoable: false, cueEnabled: false }) : null;
  if (ec && st.collapsed) {
    ec.collapseAll();
    cy.fit(undefined, 24);
  }
  tools.append(...toolbar({ st, cy, ec, framed, pic, go, hashOf, accounts }));
  // Cytoscape keeps where its box is on the page; what is filled in above
  // it after the drawing moves it, and clicks would land beside the nodes.
  const moved = new ResizeObserver(() => cy.resize());
  for (const above of [tools, stats, notes]) moved.observe(above);
  cy.resize();

  cy.on("tap", "node", (ev) => {
    if (ev.target.hasClass("group")) return;
    go({ kind: "person", id: ev.target.id(), only: "" });
  });
  cy.on("dbltap", "node.group", (ev) => {
    if (framed) {
      // A frame cannot collapse: the group is shown alone, as "Show" does.
      const only = tools.querySelector("select[aria-label='Show one group']");
      only.value = ev.target.id();
      only.dispatchEvent(new Event("change"));
      return;
    }
    if (!ec) return;
    if (ec.isExpandable(ev.target)) ec.expand(ev.target);
    else ec.collapse(ev.target);
  });
  const byID = new Map(pic.nodes.map((n) => [n.id, n]));
  cy.on("mouseover", "node", (ev) => {
    const n = byID.get(ev.target.id());
    if (!n) {
      info.textContent = ev.target.data("label");
      return;
    }
    const where = n.unit ? ", " + nameOf(unitNames, n.unit) : n.account ? ", " + nameOf(accountNames, n.account) : "";
    const extra = ev.target.data("riskNote") ? " — " + ev.target.data("riskNote") : "";
    info.textContent = `${n.label} (${n.kind}${where}${n.active ? "" : ", has left"}): ${n.degree} public relationships, ${n.depth} hop${n.depth === 1 ? "" : "s"} from the focus${extra}`;
  });
  // The timings are for the browser tests, not for the page.
  Object.assign(box.dataset, { nodes: cy.nodes().not(".group").length, edges: cy.edges().length,
    groups: cy.nodes(".group").length, layoutMs: Math.round(layoutMs), renderMs: Math.round(renderMs), ready: "true" });
  return () => {
    moved.disconnect();
    cy.destroy();
  };
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
