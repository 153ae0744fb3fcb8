// Campaigns, for marketing: choose the recipients (every customer, or ids,
// accounts, segments, units), resolve whose name goes on each letter
// (POST /campaigns/resolve), download it as CSV for mail merge, save it
// (POST /campaigns), and list, download and mark sent the saved ones
// (GET /campaigns, GET /campaigns/{id} as CSV, POST /campaigns/{id}/sent).
import { downloadCSV, get, send, seg } from "../api.js";
import { h, score } from "../dom.js";
import { whoami } from "../session.js";
import { showDelivery } from "./campaign_delivery.js";

/** Whether the key may save campaigns and mark them sent (admin, marketing; a manager only resolves). */
let mailer = true;

const reasons = {
  trusted_path: "knows them personally",
  account_owner: "account owner",
  fallback: "fallback sender",
};

/** The card of one saved campaign's letter and delivery. */
let detail;

/** How many rows of a resolution the page lists; the CSV has them all. */
const shownRows = 15;

export async function campaignsView(root, _parts, _params, alive) {
  mailer = ["admin", "marketing"].includes((await whoami()).role);
  const error = h("p", { class: "error", role: "alert", "data-test": "campaign-error" });
  const result = h("section", { class: "card", "data-test": "campaign-result", hidden: true });
  const saved = h("section", { class: "card", "data-test": "saved" }, h("h2", {}, "Saved campaigns"));
  detail = h("section", { class: "card", "data-test": "campaign-delivery", hidden: true });
  const form = campaignForm(error, result, () => listSaved(saved, error));
  root.append(
    h("div", { class: "title-row" }, h("h1", {}, "Campaigns")),
    h("p", { class: "muted" }, "Whose name goes on each letter: the colleague the customer knows and trusts, " +
      "else the account owner, else the fallback sender. Resolve to see it, download the CSV for mail merge, " +
      "save it so that senders can see and decline what goes out in their name."),
    error, form, result, saved, detail);
  await listSaved(saved, error);
  if (!alive()) return;
}

/** Splits a field into its entries: by commas and line breaks, or also by blanks when words is false. */
function entries(text, words = false) {
  return text.split(words ? /[\n,;]+/ : /[\s,;]+/).map((s) => s.trim()).filter(Boolean);
}

function campaignForm(error, result, afterSave) {
  const all = h("input", { type: "checkbox", id: "campaign-all" });
  const ids = h("textarea", { id: "campaign-recipients", rows: 2, placeholder: "c-stadtwerke-1, c-hafen-1, …", "aria-label": "Customer ids" });
  const accounts = h("input", { id: "campaign-accounts", placeholder: "stadtwerke, hafen", "aria-label": "Account ids" });
  const segments = h("input", { id: "campaign-segments", placeholder: "Energie, Logistik", "aria-label": "Segments" });
  const units = h("input", { id: "campaign-units", placeholder: "it-services", "aria-label": "Unit ids" });
  const maxHops = h("select", { id: "campaign-max-hops", "aria-label": "Maximum hops" },
    ["1", "2", "3"].map((v) => h("option", { value: v }, v)));
  const minTrust = h("input", { id: "campaign-min-trust", type: "number", min: "0", max: "1", step: "0.05", value: "0.3", "aria-label": "Minimum trust" });
  const places = h("input", { id: "campaign-places", type: "number", min: "0", step: "1", placeholder: "unlimited", "aria-label": "Places per sender" });
  const name = h("input", { id: "campaign-name", placeholder: "e.g. Winter letter", "aria-label": "Campaign name" });
  const chosen = [ids, accounts, segments, units];
  all.addEventListener("change", () => chosen.forEach((el) => (el.disabled = all.checked)));

  const request = () => {
    const body = { maxHops: Number(maxHops.value), minTrust: Number(minTrust.value) };
    if (all.checked) {
      body.recipients = { all: true };
    } else {
      const pick = { recipients: entries(ids.value), accounts: entries(accounts.value), segments: entries(segments.value, true), units: entries(units.value) };
      for (const [k, v] of Object.entries(pick)) if (v.length) body[k] = v;
    }
    if (places.value !== "") body.defaultCapacity = Number(places.value);
    return body;
  };
  const run = (button, action) => async (ev) => {
    ev.preventDefault();
    error.textContent = "";
    button.disabled = true;
    try {
      await action();
    } catch (err) {
      error.textContent = err.message || String(err);
    } finally {
      button.disabled = false;
    }
  };
  const resolveButton = h("button", { type: "submit", "data-test": "resolve" }, "Resolve");
  const downloadButton = h("button", { type: "button", "data-test": "download" }, "Download CSV");
  const saveButton = h("button", { type: "button", "data-test": "save" }, "Save");
  resolveButton.addEventListener("click", run(resolveButton, async () => showResult(result, await send("POST", "/campaigns/resolve", request()))));
  downloadButton.addEventListener("click", run(downloadButton, async () => {
    const file = `campaign-${new Date().toISOString().slice(0, 10)}.csv`;
    await downloadCSV("POST", "/campaigns/resolve", request(), file);
    downloadButton.dataset.downloaded = file;
  }));
  saveButton.addEventListener("click", run(saveButton, async () => {
    if (!name.value.trim()) throw new Error("Give the campaign a name to save it.");
    const c = await send("POST", "/campaigns", { name: name.value.trim(), ...request() });
    showResult(result, c, c.name);
    await afterSave();
  }));

  return h("form", { class: "card campaign-form", "data-test": "campaign-form", onsubmit: (ev) => ev.preventDefault() },
    h("h2", {}, "Recipients"),
    h("p", {}, h("label", {}, all, " All customers")),
    h("div", { class: "form-grid" },
      h("label", {}, "Customer ids", ids),
      h("label", {}, "Customers of the accounts", accounts),
      h("label", {}, "Customers of the segments", segments),
      h("label", {}, "Customers of the units' accounts", units)),
    h("p", { class: "muted" }, "Everything named counts once; a customer selected twice gets one letter."),
    h("h2", {}, "Who may send"),
    h("div", { class: "form-row" },
      h("label", {}, "Max hops ", maxHops),
      h("label", {}, "Min trust ", minTrust),
      h("label", {}, "Places per sender ", places)),
    h("div", { class: "form-row" },
      resolveButton, downloadButton,
      h("span", { class: "spacer" }),
      mailer ? [h("label", {}, "Name ", name), saveButton] : h("span", { class: "muted" }, "Saving is marketing's.")));
}

/** Shows a resolution (or a saved campaign) in the result card. */
function showResult(card, res, savedAs) {
  const s = res.summary;
  const excluded = Object.values(s.excluded || {}).reduce((a, b) => a + b, 0);
  const unresolved = Object.values(s.unresolved || {}).reduce((a, b) => a + b, 0);
  const figure = (test, label, value) =>
    h("div", { class: "figure", "data-test": test }, h("span", { class: "label" }, label), h("span", { class: "value" }, String(value)));
  const senders = new Map();
  for (const a of res.assignments) {
    if (!a.sender || !a.sender.id) continue;
    const e = senders.get(a.sender.id) || { name: a.sender.name, n: 0 };
    e.n++;
    senders.set(a.sender.id, e);
  }
  const busiest = [...senders.values()].sort((a, b) => b.n - a.n || (a.name < b.name ? -1 : 1)).slice(0, 8);
  const rows = res.assignments.slice(0, shownRows).map((a) =>
    h("tr", { "data-customer": a.customer },
      h("td", {}, a.name || a.customer),
      h("td", {}, a.sender ? a.sender.name : ""),
      h("td", {}, reasons[a.reason] || a.reason),
      h("td", { class: "num" }, a.reason === "trusted_path" ? score(a.score) : "")));
  card.hidden = false;
  card.replaceChildren(
    h("h2", {}, savedAs ? `Saved: ${savedAs}` : "Resolved", h("span", { class: "count" }, `as of ${res.asOf.slice(0, 10)}`)),
    h("div", { class: "figures six" },
      figure("recipients", "Recipients", s.recipients),
      figure("trusted", "Known sender", s.byReason.trusted_path),
      figure("owner", "Account owner", s.byReason.account_owner),
      figure("fallback", "Fallback", s.byReason.fallback),
      figure("excluded", "Excluded", excluded),
      figure("unresolved", "Unknown ids", unresolved)),
    busiest.length
      ? h("p", {}, h("strong", {}, "Busiest senders: "), busiest.map((b) => `${b.name} (${b.n})`).join(", "))
      : null,
    h("table", {},
      h("thead", {}, h("tr", {}, ["Customer", "Sender", "Why", "Score"].map((t) => h("th", {}, t)))),
      h("tbody", {}, rows)),
    res.assignments.length > shownRows
      ? h("p", { class: "muted" }, `The first ${shownRows} of ${res.assignments.length} letters; the CSV has them all.`)
      : null);
}

/** Lists the saved campaigns, newest first, with their downloads. */
async function listSaved(card, error) {
  let list;
  try {
    list = await get("/campaigns", { limit: 50 });
  } catch (err) {
    card.replaceChildren(h("h2", {}, "Saved campaigns"), h("p", { class: "muted" }, err.message || String(err)));
    return;
  }
  const act = (button, action) => async () => {
    error.textContent = "";
    button.disabled = true;
    try {
      await action();
    } catch (err) {
      error.textContent = err.message || String(err);
    } finally {
      button.disabled = false;
    }
  };
  const rows = list.items.map((c) => {
    const download = h("button", { type: "button", class: "small", "data-test": "download-saved" }, "Download CSV");
    download.addEventListener("click", act(download, async () => {
      const file = `${c.id}.csv`;
      await downloadCSV("GET", `/campaigns/${seg(c.id)}`, undefined, file);
      download.dataset.downloaded = file;
    }));
    const sent = mailer && c.status === "pending" ? h("button", { type: "button", class: "small", "data-test": "mark-sent" }, "Mark sent") : null;
    if (sent) sent.addEventListener("click", act(sent, async () => {
      await send("POST", `/campaigns/${seg(c.id)}/sent`);
      await listSaved(card, error);
    }));
    const letter = h("button", { type: "button", class: "small", "data-test": "show-delivery" }, "Letter & delivery");
    letter.addEventListener("click", act(letter, () => showDelivery(detail, c, mailer)));
    return h("tr", { "data-campaign": c.id },
      h("td", {}, c.name),
      h("td", {}, c.status),
      h("td", {}, c.createdAt.slice(0, 16).replace("T", " ")),
      h("td", { class: "num" }, String(c.recipients)),
      h("td", {}, download, " ", letter, " ", sent));
  });
  card.replaceChildren(
    h("h2", {}, "Saved campaigns", h("span", { class: "count" }, String(list.items.length))),
    rows.length
      ? h("table", {}, h("thead", {}, h("tr", {}, ["Name", "Status", "Saved (UTC)", "Recipients", ""].map((t) => h("th", {}, t)))), h("tbody", {}, rows))
      : h("p", { class: "muted" }, "None yet: resolve a campaign and save it."));
}
