// The web UI of contactgraph: a hash router over six views (dashboard,
// search, customer, network, campaigns, and "My network" for employee
// keys), the search box and the API key field. Which role has which page
// is pages.js's table; the navigation shows the key's pages only.
import { ApiError, apiKey, setApiKey } from "./api.js";
import { h, failure } from "./dom.js";
import { homeOf, pages, pagesOf } from "./pages.js";
import { whoami } from "./session.js";
import { dashboardView } from "./views/dashboard.js";
import { searchView } from "./views/search.js";
import { customerView } from "./views/customer.js";
import { networkView } from "./views/network.js";
import { mineView, noEmployeeKey } from "./views/mine.js";
import { campaignsView } from "./views/campaigns.js";

const view = document.getElementById("view");
const banner = document.getElementById("banner");

/** Routes: the first path segment of the hash chooses the view; "" is the role's home. */
const routes = {
  dashboard: dashboardView,
  search: searchView,
  customer: customerView,
  network: networkView,
  me: mineView,
  campaigns: campaignsView,
};
// A view without a row in pages.js, or a row without a view, is a mistake
// the browser tests must see.
const undecided = Object.keys(routes).filter((p) => !pages[p]).concat(Object.keys(pages).filter((p) => !routes[p]));
if (undecided.length) console.error("pages without a role decision in pages.js: " + undecided.join(", "));

/** What a role without the page sees instead. */
const denied = {
  me: (root, role) => root.append(...noEmployeeKey(role ? 403 : 401)),
};

function nav(role) {
  const el = document.querySelector("header.top nav");
  el.replaceChildren(...pagesOf(role).filter((p) => pages[p].nav && routes[p]).map((p) =>
    h("a", { href: `#/${p}`, "data-nav": p }, pages[p].label)));
  document.getElementById("search-form").hidden = !pagesOf(role).includes("search");
}

let current = null; // the running view's cleanup, if it returned one
let generation = 0; // a view rendered for an older hash may not touch the page

/** Parses location.hash: "#/network/person/x?depth=2" → ["network", "person", "x"], params. */
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query = ""] = raw.split("?");
  const parts = path.split("/").map(decodeURIComponent);
  return { parts, params: new URLSearchParams(query) };
}

async function render() {
  const gen = ++generation;
  if (typeof current === "function") current();
  current = null;
  banner.hidden = true;
  const { parts, params } = parseHash();
  const root = h("div", { class: "page" });
  view.replaceChildren(root);
  view.dataset.state = "loading"; // "done" once the page is drawn (the browser tests wait for it)
  const alive = () => gen === generation;
  try {
    let who = null;
    try {
      who = await whoami();
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) throw err;
      if (!alive()) return;
      nav("");
      if (denied[parts[0]]) denied[parts[0]](root, "");
      throw err;
    }
    if (!alive()) return;
    nav(who.role);
    const page = parts[0] || homeOf(who.role);
    for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.nav === page);
    if (!routes[page] || !pages[page]) {
      root.append(h("h1", {}, "No such page"), h("p", { class: "muted" }, "Choose one of the pages above."));
      return;
    }
    if (!pages[page].roles.includes(who.role)) {
      if (denied[page]) {
        denied[page](root, who.role);
      } else {
        root.append(h("h1", {}, pages[page].label),
          h("p", { class: "muted", "data-test": "not-for-role" }, `This page is not for the role ${who.role}. Its pages are above.`));
      }
      return;
    }
    current = await routes[page](root, parts.slice(1), params, alive);
  } catch (err) {
    if (!alive()) return;
    if (err instanceof ApiError && err.status === 401) {
      showBanner(apiKey() ? "The API key was not accepted: enter a valid one above." : "This server needs an API key: enter it above.");
      if (denied[parts[0]]) return; // the page explains itself
    } else if (err instanceof ApiError && err.status === 403) {
      showBanner("Your API key's role may not see this: " + err.message);
    }
    root.append(failure(err));
  } finally {
    if (alive()) view.dataset.state = "done";
  }
}

function showBanner(text) {
  banner.textContent = text;
  banner.hidden = false;
}

document.getElementById("search-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const q = document.getElementById("search-input").value.trim();
  location.hash = "#/search?" + new URLSearchParams({ q });
});

const keyInput = document.getElementById("key-input");
keyInput.value = apiKey();
document.getElementById("key-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  setApiKey(keyInput.value.trim());
  render();
});

window.addEventListener("hashchange", render);
render();
