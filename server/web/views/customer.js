// A customer's page: who knows them, ranked (GET /customers/{id}/contacts,
// up to three hops) with when each last spoke to them, the recommended
// sender (GET /customers/{id}/route: the end of the trusted route, else the
// account owner or the fallback), the last interactions with anyone, and
// the routes drawn on the network.
import { get, send, seg } from "../api.js";
import { h, networkLink, score } from "../dom.js";
import { drawGraph, edgeElement, legend, nodeElement } from "../draw.js";
import { names, nameOf } from "../names.js";
import { whoami } from "../session.js";
import { lastInteractionsCard, lastSpokeCell } from "./customer_interactions.js";

const reasons = {
  trusted_path: "knows the customer personally (trusted route)",
  account_owner: "account owner (nobody close enough knows the customer)",
  fallback: "fallback sender (no trusted route, no account owner)",
  opt_out: "none: the customer opted out of communications",
  no_email: "none: the customer has no email address",
};

export async function customerView(root, parts, _params, alive) {
  const id = parts[0];
  const [customer, route, contacts, units, interactions] = await Promise.all([
    get(`/customers/${seg(id)}`),
    get(`/customers/${seg(id)}/route`),
    get(`/customers/${seg(id)}/contacts`, { maxHops: 3, limit: 10 }),
    names("units"),
    get(`/customers/${seg(id)}/interactions`, { limit: 6 }),
  ]);
  // The account's name, if the key may read accounts.
  const account = customer.account ? await get(`/accounts/${seg(customer.account)}`).catch(() => null) : null;
  // An account manager bound to an employee asks for introductions here.
  const who = await whoami();
  const asker = who.role === "account_manager" && who.employee ? who.employee : "";
  const intros = asker ? await get("/introductions", { customer: id, limit: 20 }) : null;
  if (!alive()) return;

  root.append(
    h("div", { class: "title-row customer-title" },
      h("h1", {}, customer.name || customer.id, " ", h("small", { class: "muted" }, "customer")),
      h("p", { class: "muted" },
        [customer.title, customer.email || "no email"].filter(Boolean).join(" · "),
        customer.account ? [" · account ", networkLink("account", customer.account, account ? account.name : customer.account)] : null,
        customer.optOut ? h("span", { class: "badge" }, "opted out") : null),
      h("span", { class: "spacer" }),
      h("p", { class: "controls" }, networkLink("person", customer.id, "Network around this customer →"))),
  );

  // One screen at 1366×768: the answer on the left (sender, introductions,
  // contacts), the routes drawn on the right.
  const left = h("div", { class: "answer" });
  const right = h("div", { class: "routes" });
  root.append(h("div", { class: "customer-grid" }, left, right));

  const sender = route.sender;
  left.append(h("section", { class: "card recommended", "data-test": "recommended-sender" },
    h("h2", {}, "Recommended sender"),
    sender
      ? h("p", { class: "sender" },
          sender.id ? networkLink("person", sender.id, sender.name) : sender.name,
          h("span", { class: "muted" }, ` <${sender.email}>`))
      : h("p", { class: "sender muted" }, "nobody"),
    h("p", {}, reasons[route.reason] || route.reason,
      route.reason === "trusted_path" ? ` — score ${score(route.score)}, ${route.hops} hop${route.hops === 1 ? "" : "s"}` : ""),
  ));

  const rows = contacts.contacts.map((c, i) =>
    h("tr", { class: sender && sender.id === c.employee.id ? "is-sender" : "" },
      h("td", {}, String(i + 1)),
      h("td", { class: "wrap" }, networkLink("person", c.employee.id, c.employee.name),
        c.employee.unit ? h("small", { class: "muted unit" }, nameOf(units, c.employee.unit)) : null),
      h("td", { class: "num" }, score(c.score)),
      h("td", { class: "num" }, String(c.hops)),
      lastSpokeCell(c),
      h("td", { class: "path" }, c.path.map((n) => n.name || n.id).join(" → "))));
  if (asker) {
    left.append(introductionsCard(customer, contacts.contacts, intros.items, asker));
  } else if (who.role === "account_manager") {
    left.append(h("p", { class: "muted", "data-test": "intro-hint" },
      "To ask a colleague for an introduction, use an account manager key bound to you: ",
      h("code", {}, "account_manager:<your employee id>=<key>"), " (an administrator issues it)."));
  }
  left.append(h("section", { class: "card", "data-test": "contacts" },
    h("h2", {}, "Who knows this customer", h("span", { class: "count" }, String(contacts.contacts.length))),
    rows.length
      ? h("table", { class: "compact" }, h("thead", {}, h("tr", {}, ["#", "Employee", "Score", "Hops", "Spoke", "Route"].map((t) => h("th", {}, t)))), h("tbody", {}, rows))
      : h("p", { class: "muted" }, "No employee reaches this customer within three hops.")));

  right.append(lastInteractionsCard(customer, interactions));
  if (!contacts.contacts.length) return;
  // The routes on the network: every contact's route, the sender's in red.
  const box = h("div", { class: "graph small", id: "customer-graph" });
  right.prepend(h("section", { class: "card" }, h("h2", {}, "Routes"), box,
    legend(h, h("span", { class: "legend-item" }, h("i", { class: "route" }), "route of the recommended sender"))));
  const onRoute = new Set();
  const path = route.reason === "trusted_path" ? route.path : [];
  for (let i = 1; i < path.length; i++) onRoute.add([path[i - 1], path[i]].sort().join("\u0000"));
  const nodes = new Map();
  const edges = new Map();
  for (const c of contacts.contacts) {
    c.path.forEach((n, i) => {
      if (!nodes.has(n.id)) nodes.set(n.id, { id: n.id, label: n.name, kind: n.kind, active: true, depth: i, degree: 3 });
      if (i === 0) return;
      const key = [c.path[i - 1].id, n.id].sort().join("\u0000");
      const w = c.edges[i - 1].effectiveTrust ?? 0.5; // private ties are redacted for non-admins
      if (!edges.has(key)) edges.set(key, { a: c.path[i - 1].id, b: n.id, w });
    });
  }
  const elements = [...nodes.values()].map((n) => {
    const cls = n.id === customer.id ? ["member"] : sender && n.id === sender.id ? ["recommended"] : [];
    return nodeElement(n, cls);
  });
  for (const [key, e] of edges) elements.push(edgeElement(e.a, e.b, e.w, onRoute.has(key) ? ["route"] : []));
  const { cy } = await drawGraph(box, elements, [customer.id]);
  if (!alive()) {
    cy.destroy();
    return;
  }
  cy.on("tap", "node", (ev) => (location.hash = `#/network/person/${encodeURIComponent(ev.target.id())}`));
  box.dataset.ready = "true";
  return () => cy.destroy();
}

const states = {
  requested: "asked, no answer yet",
  accepted: "accepted: the introduction is on its way",
  declined: "declined",
  done: "done: you were introduced",
};

/**
 * Introductions for an account manager (POST /introductions, GET
 * /introductions?customer=): the employees who know the customer directly
 * (the first person on a contact's route), each with a way to ask, and the
 * requests made so far with their state.
 */
function introductionsCard(customer, contacts, items, asker) {
  const error = h("p", { class: "error", role: "alert", "data-test": "intro-error" });
  const open = new Set(items.filter((i) => i.state === "requested" || i.state === "accepted").map((i) => i.via.id));
  const brokers = new Map();
  for (const c of contacts) {
    const first = c.path[1];
    if (first && first.kind === "employee" && first.id !== asker && !brokers.has(first.id)) brokers.set(first.id, first);
  }
  const note = h("input", { id: "intro-note", placeholder: "a note for the colleague (optional)", "aria-label": "Note", maxlength: "1000", size: "40" });
  const ask = (via) => async (ev) => {
    ev.preventDefault();
    error.textContent = "";
    ev.target.disabled = true;
    try {
      await send("POST", "/introductions", { customer: customer.id, via: via.id, note: note.value.trim() || undefined });
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    } catch (err) {
      error.textContent = err.message || String(err);
      ev.target.disabled = false;
    }
  };
  const askRows = [...brokers.values()].slice(0, 5).map((b) =>
    h("li", { "data-via": b.id }, b.name || b.id, " knows the customer personally ",
      open.has(b.id)
        ? h("span", { class: "muted" }, "(asked)")
        : h("button", { type: "button", class: "small", "data-test": "ask", onclick: ask(b) }, "Ask for an introduction")));
  const rows = items.map((i) =>
    h("tr", { "data-introduction": i.id, "data-state": i.state },
      h("td", {}, i.via.name || i.via.id),
      h("td", {}, states[i.state] || i.state),
      h("td", {}, i.message || ""),
      h("td", {}, (i.doneAt || i.answeredAt || i.createdAt).slice(0, 10))));
  return h("section", { class: "card", "data-test": "introductions" },
    h("h2", {}, "Get introduced"),
    askRows.length
      ? [h("ul", { class: "ask" }, askRows), h("p", { class: "note" }, note)]
      : h("p", { class: "muted" }, "Nobody here who could introduce you knows this customer directly."),
    error,
    rows.length
      ? h("table", {}, h("thead", {}, h("tr", {}, ["Asked", "State", "Their message", "Since"].map((t) => h("th", {}, t)))), h("tbody", {}, rows))
      : null);
}
