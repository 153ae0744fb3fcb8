// The web UI of contactgraph: a hash router over six views (dashboard,
// search, customer, network, campaigns, and "My network" for employee
// keys), the search box and the API key field.
import { ApiError, apiKey, setApiKey } from "./api.js";
import { h, failure } from "./dom.js";
import { dashboardView } from "./views/dashboard.js";
import { searchView } from "./views/search.js";
import { customerView } from "./views/customer.js";
import { networkView } from "./views/network.js";
import { mineView } from "./views/mine.js";
import { campaignsView } from "./views/campaigns.js";

const view = document.getElementById("view");
const banner = document.getElementById("banner");

/** Routes: the first path segment of the hash chooses the view. */
const routes = {
  "": dashboardView,
  dashboard: dashboardView,
  search: searchView,
  customer: customerView,
  network: networkView,
  me: mineView,
  campaigns: campaignsView,
};

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
  const show = routes[parts[0]] || dashboardView;
  for (const a of document.querySelectorAll("nav a")) {
    a.classList.toggle("active", a.dataset.nav === (parts[0] || "dashboard"));
  }
  const root = h("div", { class: "page" });
  view.replaceChildren(root);
  const alive = () => gen === generation;
  try {
    current = await show(root, parts.slice(1), params, alive);
  } catch (err) {
    if (!alive()) return;
    if (err instanceof ApiError && err.status === 401) {
      showBanner(apiKey() ? "The API key was not accepted: enter a valid one above." : "This server needs an API key: enter it above.");
    } else if (err instanceof ApiError && err.status === 403) {
      showBanner("Your API key's role may not see this: " + err.message +
        (parts[0] === "me" ? "" : " — an employee's key sees “My network”."));
    }
    root.append(failure(err));
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
