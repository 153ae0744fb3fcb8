// The management dashboard: coverage figures (GET /analytics/coverage), a
// bar chart per unit, the accounts at risk, the key people
// (GET /analytics/key-people) and, per key person, a handover preview
// (GET /employees/{id}/handover).
import { get, seg } from "../api.js";
import { h, svg, share, score, networkLink, customerLink, failure } from "../dom.js";
import { csvButton, trendCard } from "./dashboard_trend.js";

export async function dashboardView(root, _parts, params, alive) {
  const minTrust = params.get("minTrust") || "0.3";
  const maxHops = params.get("maxHops") || "1";
  const [cov, kp] = await Promise.all([
    get("/analytics/coverage", { minTrust, maxHops }),
    get("/analytics/key-people", { minTrust, maxHops, limit: 15 }),
  ]);
  if (!alive()) return;
  const o = cov.overall;
  const unitNames = new Map(cov.units.map((u) => [u.unit, u.name]));
  const accountNames = new Map(cov.accounts.map((a) => [a.account, a.name]));
  const trend = trendCard({ minTrust, maxHops }, alive);
  const change = (name) => (ev) => {
    const p = new URLSearchParams({ minTrust, maxHops });
    p.set(name, ev.target.value);
    location.hash = "#/dashboard?" + p;
  };
  root.append(
    h("div", { class: "title-row" },
      h("h1", {}, "Coverage"),
      h("div", { class: "controls" },
        h("label", {}, "min trust ", h("select", { onchange: change("minTrust"), "aria-label": "Minimum trust" },
          ["0.1", "0.2", "0.3", "0.5", "0.7"].map((v) => h("option", { value: v, selected: v === minTrust }, v)))),
        h("label", {}, "max hops ", h("select", { onchange: change("maxHops"), "aria-label": "Maximum hops" },
          ["1", "2", "3"].map((v) => h("option", { value: v, selected: v === maxHops }, v)))),
        csvButton({ cov, kp, unitNames, trend }))),
    h("p", { class: "muted" },
      `A customer is covered when an employee who may send reaches them with a score of at least ${cov.minTrust} ` +
      `within ${cov.maxHops} hop${cov.maxHops === 1 ? "" : "s"}; single-threaded when exactly one does.`),
    h("div", { class: "figures", "data-test": "coverage" },
      figure("customers", "Customers", String(o.customers)),
      figure("covered", "Covered", share(o.covered, o.customers), "good"),
      figure("single-threaded", "Single-threaded", share(o.singleThreaded, o.customers), "warn"),
      figure("uncovered", "Uncovered", share(o.uncovered, o.customers), "bad")),
  );

  const preview = h("section", { class: "card", id: "handover", "data-test": "handover" },
    h("h2", {}, "Handover preview"), h("p", { class: "muted" }, "Choose “if they left” next to a key person."));
  root.append(h("div", { class: "grid2" },
    h("section", { class: "card", "data-test": "units" }, h("h2", {}, "Covered customers per unit"),
      h("p", { class: "muted" }, "A customer counts for the unit of their best sender."), unitChart(cov.units)),
    h("section", { class: "card", "data-test": "accounts" }, h("h2", {}, "Accounts at risk"), accountTable(cov.accounts))));
  root.append(h("div", { class: "grid2" },
    h("section", { class: "card", "data-test": "key-people" }, h("h2", {}, "Key people"),
      h("p", { class: "muted" }, "Ranked by the customers who would be left without a trusted sender if they left."),
      keyPeopleTable(kp.keyPeople, unitNames, (e) => showHandover(preview, e, accountNames, { minTrust, maxHops }))),
    preview));
  root.append(trend);
}

function figure(test, title, value, tone = "") {
  return h("div", { class: "figure " + tone, "data-test": test }, h("span", { class: "label" }, title), h("span", { class: "value" }, value));
}

/** Horizontal bars per unit: single-threaded and safely covered customers. */
function unitChart(units) {
  const shown = units.filter((u) => u.unit !== "" || u.covered > 0);
  const max = Math.max(1, ...shown.map((u) => u.covered));
  const rowH = 26, labelW = 210, barW = 330, width = labelW + barW + 70;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${shown.length * rowH + 4}`, class: "bars", role: "img",
    "aria-label": "Covered customers per unit" });
  shown.forEach((u, i) => {
    const y = i * rowH + 2;
    const single = (u.singleThreaded / max) * barW;
    const multi = ((u.covered - u.singleThreaded) / max) * barW;
    const link = svg("a", { href: u.unit ? `#/network/unit/${encodeURIComponent(u.unit)}` : "#/network" },
      svg("text", { x: labelW - 8, y: y + 16, "text-anchor": "end", class: "bar-label" }, u.name || u.unit || "(no unit)"));
    chart.append(
      link,
      svg("rect", { x: labelW, y: y + 3, width: multi, height: rowH - 8, class: "bar-multi" },
        svg("title", {}, `${u.covered - u.singleThreaded} covered by more than one sender`)),
      svg("rect", { x: labelW + multi, y: y + 3, width: single, height: rowH - 8, class: "bar-single" },
        svg("title", {}, `${u.singleThreaded} single-threaded`)),
      svg("text", { x: labelW + multi + single + 6, y: y + 16, class: "bar-value" }, String(u.covered)),
    );
  });
  return h("div", {}, chart, h("div", { class: "legend" },
    h("span", { class: "legend-item" }, h("i", { class: "swatch-multi" }), "more than one sender"),
    h("span", { class: "legend-item" }, h("i", { class: "swatch-single" }), "single-threaded")));
}

/** How many accounts at risk the table shows; the note says how many more there are. */
const riskRows = 12;

/**
 * The accounts at risk, worst first as management means it: the most
 * uncovered customers (as a share of the account, then a count), then the
 * most single-threaded ones alike, then by name; accounts whose every
 * customer has more than one sender are not at risk.
 */
function accountTable(accounts) {
  const part = (n, of) => n / Math.max(of, 1);
  const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const risky = accounts.filter((a) => a.uncovered + a.singleThreaded > 0).sort((a, b) =>
    part(b.uncovered, b.customers) - part(a.uncovered, a.customers) ||
    b.uncovered - a.uncovered ||
    part(b.singleThreaded, b.customers) - part(a.singleThreaded, a.customers) ||
    b.singleThreaded - a.singleThreaded ||
    byName(a.name || a.account, b.name || b.account));
  const shown = risky.slice(0, riskRows);
  const safe = accounts.length - risky.length;
  const note = risky.length > shown.length
    ? `The ${shown.length} worst of ${risky.length} accounts at risk; ${risky.length - shown.length} more are left out.`
    : `All ${risky.length} accounts at risk.`;
  return h("div", {},
    h("p", { class: "muted" }, "Uncovered customers first, then single-threaded ones, each as a share of the account."),
    shown.length
      ? h("table", {},
          h("thead", {}, h("tr", {}, ["Account", "Customers", "Uncovered", "Single-threaded", "Covered"].map((t) => h("th", {}, t)))),
          h("tbody", {}, shown.map((a) => h("tr", { "data-account": a.account },
            h("td", {}, a.account ? networkLink("account", a.account, a.name || a.account) : "(no account)"),
            h("td", { class: "num" }, String(a.customers)),
            h("td", { class: "num bad" }, share(a.uncovered, a.customers)),
            h("td", { class: "num warn" }, share(a.singleThreaded, a.customers)),
            h("td", { class: "num" }, String(a.covered))))))
      : null,
    h("p", { class: "muted", "data-test": "accounts-left-out" },
      note, safe > 0 ? ` ${safe} account${safe === 1 ? " has" : "s have"} more than one sender for every customer.` : ""));
}

function keyPeopleTable(people, unitNames, onHandover) {
  if (!people.length) return h("p", { class: "muted" }, "Nobody: no employee reaches any customer.");
  return h("table", {},
    h("thead", {}, h("tr", {}, ["#", "Employee", "Unit", "Uncovered if they left", "Best sender for", "Sender for", ""].map((t) => h("th", {}, t)))),
    h("tbody", {}, people.map((k, i) => h("tr", { "data-employee": k.employee.id },
      h("td", {}, String(i + 1)),
      h("td", {}, networkLink("person", k.employee.id, k.employee.name)),
      h("td", { class: "wrap" }, unitNames.get(k.employee.unit) || k.employee.unit || ""),
      h("td", { class: "num bad" }, String(k.uncoveredIfLeft)),
      h("td", { class: "num" }, String(k.bestSenderFor)),
      h("td", { class: "num" }, String(k.senderFor)),
      h("td", {}, h("button", { type: "button", class: "small", onclick: () => onHandover(k.employee) }, "if they left"))))));
}

/** Fills the preview with what happens to the employee's customers. */
async function showHandover(preview, employee, accountNames, params) {
  preview.replaceChildren(h("h2", {}, `If ${employee.name} left`), h("p", { class: "muted" }, "Loading…"));
  let res;
  try {
    res = await get(`/employees/${seg(employee.id)}/handover`, params);
  } catch (err) {
    preview.replaceChildren(h("h2", {}, `If ${employee.name} left`), failure(err));
    return;
  }
  const lost = res.customers.filter((c) => !c.successor).length;
  preview.replaceChildren(
    h("h2", {}, `If ${employee.name} left`),
    h("p", {}, `${res.customers.length} customer${res.customers.length === 1 ? "" : "s"} have them as best sender; `,
      h("strong", { class: lost ? "bad" : "" }, `${lost} would be left without a trusted sender`), "."),
    res.customers.length
      ? h("table", {},
          h("thead", {}, h("tr", {}, ["Customer", "Account", "Score", "Successor", "Score lost"].map((t) => h("th", {}, t)))),
          h("tbody", {}, res.customers.map((c) => h("tr", {},
            h("td", {}, customerLink(c.customer.id, c.customer.name)),
            h("td", {}, accountNames.get(c.customer.account) || c.customer.account || ""),
            h("td", { class: "num" }, score(c.score)),
            h("td", {}, c.successor ? networkLink("person", c.successor.employee.id, c.successor.employee.name) : h("span", { class: "bad" }, "nobody")),
            h("td", { class: "num" }, score(c.scoreLost))))))
      : null,
  );
}
