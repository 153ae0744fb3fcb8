// Two parts of the dashboard to take away: coverage over the last 12
// months (GET /analytics/coverage at each month's end, so that fading
// relationships show as a falling line) and the dashboard's figures as CSV.
import { get } from "../api.js";
import { h, svg } from "../dom.js";
import { download } from "../extensions.js";

/** The ends of the last 12 months, oldest first, the last one today. */
export function monthEnds(now = new Date()) {
  const out = [];
  for (let k = 11; k >= 1; k--) {
    // Day 0 of a month is the last day of the month before.
    out.push(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k + 1, 0, 23, 59, 59)));
  }
  out.push(now);
  return out;
}

/**
 * A card that fills itself with coverage at each month end, one request
 * after the other, so that the rest of the dashboard is not held up.
 */
export function trendCard(params, alive) {
  const body = h("div", { "data-test": "trend-chart" }, h("p", { class: "muted" }, "Computing coverage at each month's end…"));
  const card = h("section", { class: "card", "data-test": "trend" },
    h("h2", {}, "Coverage over the last 12 months"),
    h("p", { class: "muted" }, "Covered and single-threaded customers at each month's end, with trust decayed to that day."),
    body);
  (async () => {
    const points = [];
    for (const at of monthEnds()) {
      const cov = await get("/analytics/coverage", { ...params, asOf: at.toISOString().replace(/\.\d+Z$/, "Z") });
      if (!alive()) return;
      points.push({ at, ...cov.overall });
    }
    body.replaceChildren(chart(points),
      h("div", { class: "legend" },
        h("span", { class: "legend-item" }, h("i", { class: "swatch-multi" }), "covered"),
        h("span", { class: "legend-item" }, h("i", { class: "swatch-single" }), "single-threaded")),
      table(points));
    body.dataset.points = String(points.length);
    card.trend = points; // for the CSV
  })().catch((err) => body.replaceChildren(h("p", { class: "bad" }, "Could not compute the trend: " + err.message)));
  return card;
}

const month = (d) => d.toISOString().slice(0, 10);

/** A line per share (covered, single-threaded) of the customers. */
function chart(points) {
  const w = 560;
  const ht = 160;
  const pad = 28;
  const x = (i) => pad + (i * (w - 2 * pad)) / Math.max(1, points.length - 1);
  const y = (share) => ht - pad - share * (ht - 2 * pad);
  const line = (key, cls) => svg("polyline", {
    class: cls, fill: "none", "stroke-width": 2,
    points: points.map((p, i) => `${x(i)},${y(p[key] / Math.max(1, p.customers))}`).join(" "),
  });
  const ticks = points.map((p, i) => svg("text", { x: x(i), y: ht - 8, "text-anchor": "middle", "font-size": 9 }, month(p.at).slice(5, 7)));
  return svg("svg", { class: "trend", viewBox: `0 0 ${w} ${ht}`, role: "img", "aria-label": "Coverage over the last 12 months" },
    svg("line", { x1: pad, x2: w - pad, y1: y(0), y2: y(0), class: "axis" }),
    svg("line", { x1: pad, x2: w - pad, y1: y(1), y2: y(1), class: "axis faint" }),
    svg("text", { x: 2, y: y(1) + 3, "font-size": 9 }, "100%"),
    svg("text", { x: 8, y: y(0) + 3, "font-size": 9 }, "0%"),
    line("covered", "trend-covered"), line("singleThreaded", "trend-single"), ticks);
}

function table(points) {
  return h("details", {}, h("summary", {}, "The figures"),
    h("table", {}, h("thead", {}, h("tr", {}, ["Month end", "Customers", "Covered", "Single-threaded", "Uncovered"].map((t) => h("th", {}, t)))),
      h("tbody", {}, points.map((p) => h("tr", {}, h("td", {}, month(p.at)),
        ...[p.customers, p.covered, p.singleThreaded, p.uncovered].map((n) => h("td", { class: "num" }, String(n))))))));
}

/** A CSV field, quoted when it must be. */
function field(v) {
  const s = String(v ?? "");
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * A button that downloads the dashboard's figures as one CSV: the overall
 * coverage, per unit, per account, the key people and, once computed, the
 * trend; one section per table, each with its header.
 */
export function csvButton({ cov, kp, unitNames, trend }) {
  const button = h("button", { type: "button", class: "small", "data-test": "dashboard-csv", onclick: () => {
    // For a unit, customers counts those its senders reach.
    const rows = [["table", "id", "name", "customers", "covered", "singleThreaded", "uncovered", "uncoveredIfLeft", "bestSenderFor", "senderFor"]];
    const o = cov.overall;
    rows.push(["overall", "", "", o.customers, o.covered, o.singleThreaded, o.uncovered]);
    for (const u of cov.units) rows.push(["unit", u.unit, u.name || unitNames.get(u.unit) || "", u.reached, u.covered, u.singleThreaded, ""]);
    for (const a of cov.accounts) rows.push(["account", a.account, a.name, a.customers, a.covered, a.singleThreaded, a.uncovered]);
    for (const k of kp.keyPeople) rows.push(["key person", k.employee.id, k.employee.name, "", "", "", "", k.uncoveredIfLeft, k.bestSenderFor, k.senderFor]);
    for (const p of trend.trend || []) rows.push(["month end " + month(p.at), "", "", p.customers, p.covered, p.singleThreaded, p.uncovered]);
    const text = rows.map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
    const name = `coverage-${new Date().toISOString().slice(0, 10)}.csv`;
    const blob = new Blob([text], { type: "text/csv" });
    download(blob, name);
    Object.assign(button.dataset, { downloaded: name, rows: rows.length - 1 });
  } }, "Download figures (CSV)");
  return button;
}
