// Which pages each role has: the one place the web UI decides it. app.js
// routes only to these pages and builds the navigation from them; the
// browser tests (server/uitest/roles_test.go) hold this table against their
// own and visit every page as every role that has it, so a page added
// without a decision here fails them.
//
// Each page needs only routes its roles may call (docs/contract.md §3 Access):
// dashboard: analytics, handover; search: the lists of employees,
// customers, accounts and units; customer: the customer, route, contacts,
// units and the account; network: /graph, units and accounts; campaigns:
// resolve and saved campaigns; me: the /me routes.

/** The roles of API keys, as GET /api/v1/whoami names them. */
export const roles = ["admin", "manager", "account_manager", "marketing", "employee"];

/** Every page: its label, whether it is in the navigation (the customer page needs an id), and who has it. */
export const pages = {
  dashboard: { label: "Dashboard", nav: true, roles: ["admin", "manager"] },
  search: { label: "Search", nav: true, roles: ["admin", "manager", "account_manager"] },
  customer: { label: "Customer", nav: false, roles: ["admin", "manager", "account_manager"] },
  network: { label: "Network", nav: true, roles: ["admin", "manager", "account_manager"] },
  campaigns: { label: "Campaigns", nav: true, roles: ["admin", "manager", "marketing"] },
  me: { label: "My network", nav: true, roles: ["employee"] },
};

/** The pages role has, in the table's order. */
export function pagesOf(role) {
  return Object.keys(pages).filter((p) => pages[p].roles.includes(role));
}

/** Where role starts: its first page in the navigation. */
export function homeOf(role) {
  return pagesOf(role).find((p) => pages[p].nav) || "";
}
