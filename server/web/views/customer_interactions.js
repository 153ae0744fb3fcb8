// Who last spoke to the customer: the last interaction of each contact's
// own tie (contacts' lastInteraction) and the customer's last interactions
// with anyone (GET /customers/{id}/interactions).
import { h, networkLink } from "../dom.js";

const kinds = {
  email: "email",
  meeting: "meeting",
  call: "call",
  note: "note",
  introduction: "introduction",
  campaign: "campaign letter",
};

/** Names the kind of an interaction in the user's words. */
export function kindName(kind) {
  return kinds[kind] || kind;
}

/** The cell of a contact's last interaction: kind and day, or a dash. */
export function lastSpokeCell(contact) {
  const e = contact.lastInteraction;
  if (!e) return h("td", { class: "muted", title: "no interaction recorded on their own tie" }, "—");
  const by = e.by === contact.employee.id ? "by them" : "by the customer";
  return h("td", { class: "last-spoke", title: `${kindName(e.kind)} ${by}, ${e.at}` }, kindName(e.kind),
    h("small", { class: "muted" }, " " + ago(e.at)));
}

/** How long ago a time was, in days or months: "today", "3 d", "5 mo". */
export function ago(at, now = Date.now()) {
  const days = Math.floor((now - Date.parse(at)) / 86400000);
  if (days <= 0) return "today";
  if (days < 60) return `${days} d`;
  if (days < 730) return `${Math.floor(days / 30.44)} mo`;
  return `${Math.floor(days / 365.25)} y`;
}

/** The card of the customer's last interactions. */
export function lastInteractionsCard(customer, res) {
  const rows = res.interactions.map((i) =>
    h("tr", {},
      h("td", {}, i.at.slice(0, 10)),
      h("td", {}, kindName(i.kind)),
      h("td", { class: "wrap" }, i.with.kind === "employee" ? networkLink("person", i.with.id, i.with.name || i.with.id) : (i.with.name || i.with.id)),
      h("td", { class: "muted" }, i.by === customer.id ? "from the customer" : "to the customer")));
  return h("section", { class: "card", "data-test": "last-interactions" },
    h("h2", {}, "Last interactions", h("span", { class: "count" }, String(res.interactions.length) + (res.more ? "+" : ""))),
    rows.length
      ? h("table", { class: "compact" }, h("thead", {}, h("tr", {}, ["Day", "Kind", "With", ""].map((t) => h("th", {}, t)))), h("tbody", {}, rows))
      : h("p", { class: "muted" }, "No interaction with this customer is recorded yet."));
}
