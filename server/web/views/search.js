// Search: employees, customers, accounts and units whose name, id or email
// contains the query; customers with their account's name, so that two of
// one name are told apart.
import { get } from "../api.js";
import { h, customerLink, networkLink } from "../dom.js";
import { names, nameOf } from "../names.js";

const limit = 20;

export async function searchView(root, _parts, params, alive) {
  const q = params.get("q") || "";
  document.getElementById("search-input").value = q;
  root.append(h("h1", {}, q ? `Search: “${q}”` : "Search"));
  const [employees, customers, accounts, units, unitNames, accountNames] = await Promise.all([
    get("/employees", { q, limit }),
    get("/customers", { q, limit }),
    get("/accounts", { q, limit }),
    get("/units", { q, limit }),
    names("units"),
    names("accounts"),
  ]);
  if (!alive()) return;
  const section = (title, test, items, row) =>
    h("section", { class: "card results", "data-test": test },
      h("h2", {}, title, h("span", { class: "count" }, String(items.length) + (items.length === limit ? "+" : ""))),
      items.length ? h("ul", {}, items.map((it) => h("li", {}, row(it)))) : h("p", { class: "muted" }, "Nothing found."));
  root.append(h("div", { class: "grid4" },
    section("Customers", "customers", customers.items, (c) => [customerLink(c.id, c.name || c.id), h("small", {}, [c.title, nameOf(accountNames, c.account)].filter(Boolean).join(" · "))]),
    section("Employees", "employees", employees.items, (e) => [networkLink("person", e.id, e.name || e.id), h("small", {}, [e.title, nameOf(unitNames, e.unit)].filter(Boolean).join(" · "))]),
    section("Accounts", "accounts", accounts.items, (a) => [networkLink("account", a.id, a.name || a.id), h("small", {}, a.segment || "")]),
    section("Units", "units", units.items, (u) => [networkLink("unit", u.id, u.name || u.id), h("small", {}, u.parent ? "in " + nameOf(unitNames, u.parent) : "")]),
  ));
}
