// A saved campaign's letter and delivery, under the saved list: one
// recipient's letter as it would go out (GET /campaigns/{id}/preview) and
// how far the delivery got (GET /campaigns/{id}/delivery).
import { get, seg } from "../api.js";
import { h } from "../dom.js";

const states = ["queued", "sending", "retry", "sent", "failed"];

/** Fills card with the letter and delivery of saved campaign id. */
export async function showDelivery(card, id, name) {
  card.hidden = false;
  card.replaceChildren(h("h2", {}, `Letter and delivery: ${name}`), h("p", { class: "muted" }, "Loading…"));
  let campaign, delivery;
  try {
    [campaign, delivery] = await Promise.all([get(`/campaigns/${seg(id)}`), get(`/campaigns/${seg(id)}/delivery`, { limit: 10 })]);
  } catch (err) {
    card.replaceChildren(h("h2", {}, `Letter and delivery: ${name}`), h("p", { class: "error" }, err.message || String(err)));
    return;
  }
  const first = (campaign.assignments || [])[0];
  let preview;
  if (!first) {
    preview = h("p", { class: "muted" }, "No recipient gets a letter in this campaign.");
  } else {
    try {
      const p = await get(`/campaigns/${seg(id)}/preview`, { recipient: first.customer });
      preview = h("div", { "data-test": "preview" },
        h("dl", { class: "letter-head" },
          h("dt", {}, "From"), h("dd", { "data-test": "preview-from" }, p.from),
          h("dt", {}, "To"), h("dd", {}, p.to),
          h("dt", {}, "Subject"), h("dd", { "data-test": "preview-subject" }, p.letter.subject)),
        h("pre", { class: "letter-text", "data-test": "preview-text" }, p.letter.text),
        p.letter.html ? h("p", { class: "muted" }, "The letter has an HTML part too.") : null);
    } catch (err) {
      // No letter yet, or a template that cannot be filled: the server says which.
      preview = h("p", { class: "muted", "data-test": "preview-missing" }, err.message || String(err));
    }
  }
  const counts = h("table", { "data-test": "delivery-counts" },
    h("thead", {}, h("tr", {}, ["", ...states].map((t) => h("th", {}, t)))),
    h("tbody", {},
      h("tr", {}, h("td", {}, "letters"), ...states.map((s) => h("td", { class: "num", "data-state": s }, String(delivery.counts[s])))),
      h("tr", {}, h("td", {}, "notices"), ...states.map((s) => h("td", { class: "num" }, String(delivery.notices[s]))))));
  const letters = (delivery.letters?.items || []).map((l) =>
    h("tr", {}, h("td", {}, l.customer), h("td", {}, l.sender || "fallback"), h("td", {}, l.state),
      h("td", { class: "num" }, String(l.attempts)), h("td", {}, l.reason || "")));
  // replaceChildren would print a null: the optional parts go through h.
  card.replaceChildren(h("div", {},
    h("h2", {}, `Letter and delivery: ${name}`),
    h("h3", {}, first ? `Preview for ${first.name || first.customer}` : "Preview"), preview,
    h("h3", {}, "Delivery ", h("span", { class: "count", "data-test": "delivery-state" }, delivery.state)),
    delivery.deliverAfter ? h("p", { class: "muted" }, `Letters go out after ${delivery.deliverAfter.slice(0, 16).replace("T", " ")} UTC.`) : null,
    counts,
    letters.length
      ? h("table", {}, h("thead", {}, h("tr", {}, ["Customer", "Sender", "State", "Attempts", "Reason"].map((t) => h("th", {}, t)))), h("tbody", {}, letters))
      : null));
}
