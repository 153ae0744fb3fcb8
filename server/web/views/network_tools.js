// The network view's controls: what is drawn (depth, limit, groups, the
// moment), filters applied in the page (minimum effective trust, one group
// only, groups collapsed), the overlays (risk, handover) and the pictures
// to take away (PNG, SVG). Controls that change what the server draws
// navigate; the others change the URL in place, so a link keeps them too.
import { h } from "../dom.js";
import { download } from "../extensions.js";
import { asOfOf } from "./network.js";
import { groupOf } from "../frames.js";

/** The controls of a drawn network. */
export function toolbar({ st, cy, ec, framed, pic, go, hashOf, accounts }) {
  const keep = (change) => {
    Object.assign(st, change);
    history.replaceState(null, "", hashOf(st));
  };
  const label = (text, ...control) => h("label", { class: "group" }, text, ...control);

  const depth = h("select", { "aria-label": "Depth", onchange: (ev) => go({ depth: Number(ev.target.value) }) },
    [1, 2, 3].map((d) => h("option", { value: d, selected: d === st.depth }, `${d} hop${d > 1 ? "s" : ""}`)));
  const limit = h("input", { type: "number", min: 1, max: 5000, value: st.limit, "aria-label": "Node limit",
    onchange: (ev) => go({ limit: Number(ev.target.value) }) });

  // Minimum effective trust: relationships below it are hidden.
  const trustOut = h("output", {}, st.minTrust.toFixed(2));
  // Only the edges that change, in two calls (toggling each of 13,000
  // edges one by one took a tenth of a second at every step).
  const applyTrust = (t) => cy.batch(() => {
    cy.edges(".weak").filter((e) => e.data("w") >= t).removeClass("weak");
    cy.edges().not(".weak, .succession").filter((e) => e.data("w") < t).addClass("weak");
  });
  const trust = h("input", { type: "range", min: 0, max: 1, step: 0.05, value: st.minTrust, "aria-label": "Minimum effective trust",
    oninput: (ev) => {
      const t = Number(ev.target.value);
      trustOut.textContent = t.toFixed(2);
      applyTrust(t);
      keep({ minTrust: t });
    } });
  applyTrust(st.minTrust);

  // The moment effective trust is computed for: up to a year back.
  const when = h("output", { "data-test": "as-of" }, asOfOf(st) || "today");
  const days = h("input", { type: "range", min: 0, max: 365, step: 1, value: 365 - st.daysBack, "aria-label": "As of",
    oninput: (ev) => (when.textContent = asOfOf({ daysBack: 365 - Number(ev.target.value) }) || "today"),
    onchange: (ev) => go({ daysBack: 365 - Number(ev.target.value) }) });

  const groups = h("input", { type: "checkbox", checked: st.groups, "aria-label": "Group by unit and account",
    onchange: (ev) => go({ groups: ev.target.checked, collapsed: false, only: "" }) });

  const out = [
    label("Depth", depth), label("Limit", limit),
    label("Min trust", trust, trustOut),
    label("As of", days, when),
    label("", groups, "groups"),
  ];

  if (ec || framed) {
    // Frames (big graphs) do not collapse: the collapsed view is drawn anew
    // with compound nodes, all of them in sight (as collapseAll fits them).
    const collapse = h("button", { type: "button", class: "small", onclick: () => {
      if (!ec) return go({ collapsed: true, only: "" });
      ec.collapseAll();
      cy.fit(undefined, 24);
      keep({ collapsed: true });
    } }, "Collapse groups");
    const expand = ec ? h("button", { type: "button", class: "small", onclick: () => {
      ec.expandAll();
      cy.fit(undefined, 24);
      keep({ collapsed: false });
    } }, "Expand groups") : null;
    out.push(h("span", { class: "group" }, collapse, expand));

    // One group only: the others fade, the view fits the group.
    const present = cy.nodes(".group").map((g) => [g.id(), g.data("label")]).sort((a, b) => (a[1] < b[1] ? -1 : 1));
    const applyOnly = (gid) => {
      cy.elements().removeClass("faded");
      if (!gid) return;
      const g = cy.getElementById(gid);
      if (g.empty()) return;
      const keepIn = g.union(g.descendants()).union(cy.nodes().filter((n) => n.data("group") === gid));
      const near = keepIn.union(keepIn.connectedEdges());
      cy.elements().not(near).not(near.connectedNodes()).addClass("faded");
      cy.fit(keepIn, 40);
    };
    const only = h("select", { "aria-label": "Show one group", onchange: (ev) => {
      applyOnly(ev.target.value);
      keep({ only: ev.target.value });
    } }, h("option", { value: "" }, "all groups"),
      present.map(([gid, text]) => h("option", { value: gid, selected: gid === st.only }, text)));
    if (st.only) applyOnly(st.only);
    out.push(label("Show", only));

    // One segment only: the customers of accounts of other segments fade.
    const segmentOf = (node) => {
      const a = groupOf(node) && accounts.get(groupOf(node).replace(/^account:/, ""));
      return node.data("kind") === "customer" && a ? a.segment || "" : null;
    };
    const segments = [...new Set(cy.nodes().not(".group").map(segmentOf).filter((x) => x))].sort();
    const applySegment = (seg) => {
      cy.elements().removeClass("faded");
      if (!seg) return;
      const out = cy.nodes().not(".group").filter((n) => segmentOf(n) !== null && segmentOf(n) !== seg);
      const groups = new Set(out.map(groupOf));
      out.union(cy.nodes(".group").filter((g) => groups.has(g.id()))).union(out.connectedEdges()).addClass("faded");
    };
    if (segments.length) {
      const segment = h("select", { "aria-label": "Show one segment", onchange: (ev) => {
        applySegment(ev.target.value);
        keep({ segment: ev.target.value });
      } }, h("option", { value: "" }, "all segments"),
        segments.map((x) => h("option", { value: x, selected: x === st.segment }, x)));
      if (st.segment && !st.only) applySegment(st.segment);
      out.push(label("Segment", segment));
    }
  }

  const risk = h("input", { type: "checkbox", checked: st.risk, "aria-label": "Mark key people and accounts at risk",
    onchange: (ev) => go({ risk: ev.target.checked }) });
  out.push(label("", risk, "risk"));

  const employees = pic.nodes.filter((n) => n.kind === "employee").sort((a, b) => (a.label < b.label ? -1 : 1));
  const leaver = h("select", { "aria-label": "If they left", onchange: (ev) => go({ leaver: ev.target.value }) },
    h("option", { value: "" }, "nobody"),
    employees.map((n) => h("option", { value: n.id, selected: n.id === st.leaver }, n.label)));
  out.push(label("If they left:", leaver));

  const name = `network-${pic.focus.kind}-${pic.focus.id}${asOfOf(st) ? "-" + asOfOf(st) : ""}`;
  // Each button says what it handed over (for the browser tests).
  const offer = async (button, blob, file) => {
    download(blob, file);
    Object.assign(button.dataset, { downloaded: file, bytes: blob.size, type: blob.type, valid: await validity(blob) });
  };
  const png = h("button", { type: "button", class: "small", "data-test": "export-png", onclick: async (ev) => {
    await offer(ev.target, await cy.png({ output: "blob-promise", full: true, scale: 2, bg: "#ffffff" }), name + ".png");
  } }, "PNG");
  const svgButton = h("button", { type: "button", class: "small", "data-test": "export-svg", onclick: async (ev) => {
    await offer(ev.target, new Blob([cy.svg({ full: true, bg: "#ffffff" })], { type: "image/svg+xml" }), name + ".svg");
  } }, "SVG");
  out.push(h("span", { class: "group" }, "Picture:", png, typeof cy.svg === "function" ? svgButton : null));
  return out;
}

/**
 * What a picture handed over is, read back from its bytes: "png WxH" for a
 * PNG that decodes, "svg N shapes" for an SVG that parses, else why not.
 */
async function validity(blob) {
  if (blob.type === "image/png") {
    try {
      const img = await createImageBitmap(blob);
      return `png ${img.width}x${img.height}`;
    } catch (err) {
      return "not a png: " + err.message;
    }
  }
  const doc = new DOMParser().parseFromString(await blob.text(), "image/svg+xml");
  const root = doc.documentElement;
  if (root.nodeName !== "svg" || doc.querySelector("parsererror")) return "not an svg";
  return `svg ${root.querySelectorAll("path, circle, rect, ellipse, polygon, text").length} shapes`;
}
