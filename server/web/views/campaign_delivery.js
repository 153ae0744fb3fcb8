// A saved campaign's letter and delivery, under the saved list: the letter
// (written here by marketing before the delivery begins), one recipient's
// letter as it would go out (GET /campaigns/{id}/preview), and how far the
// delivery got (GET /campaigns/{id}/delivery), with deliver and pause.
import { get, send, seg } from "../api.js";
import { h } from "../dom.js";
import { letterEditor, problemText } from "./campaign_letter.js";

const states = ["queued", "sending", "retry", "sent", "failed"];
// While letters are going out, the card asks again this often.
const refreshMillis = 3000;

/**
 * Fills card with the letter and delivery of saved campaign c ({id, name,
 * status}); mailer says whether the caller may write and deliver.
 */
export async function showDelivery(card, c, mailer) {
  const { id, name } = c;
  card.hidden = false;
  card.dataset.campaign = id;
  const title = h("h2", {}, `Letter and delivery: ${name}`);
  card.replaceChildren(title, h("p", { class: "muted" }, "Loading…"));
  let campaign, delivery, letter;
  try {
    [campaign, delivery, letter] = await Promise.all([
      get(`/campaigns/${seg(id)}`),
      get(`/campaigns/${seg(id)}/delivery`, { limit: 10 }),
      get(`/campaigns/${seg(id)}/letter`).then((l) => l.letter, (err) => {
        if (err.status === 404) return null; // no letter written yet
        throw err;
      }),
    ]);
  } catch (err) {
    card.replaceChildren(title, h("p", { class: "error" }, err.message || String(err)));
    return;
  }
  const again = () => showDelivery(card, c, mailer);
  const writable = mailer && campaign.status === "pending" && delivery.state === "none";
  card.replaceChildren(h("div", {},
    title,
    writable ? h("div", {}, h("h3", {}, "Letter"), letterEditor(id, letter, again)) : null,
    await previewOf(id, campaign, letter),
    h("h3", {}, "Delivery ", h("span", { class: "count", "data-test": "delivery-state" }, delivery.state)),
    delivery.deliverAfter ? h("p", { class: "muted" }, `Letters go out after ${delivery.deliverAfter.slice(0, 16).replace("T", " ")} UTC.`) : null,
    mailer && campaign.status === "pending" ? actions(id, delivery, letter, again) : null,
    countsTable(delivery),
    lettersTable(delivery)));
  if (delivery.state === "running" || delivery.state === "notice") {
    setTimeout(() => {
      if (card.isConnected && !card.hidden && card.dataset.campaign === id) again();
    }, refreshMillis);
  }
}

/** The first recipient's letter as it would go out, or why there is none. */
async function previewOf(id, campaign, letter) {
  const first = (campaign.assignments || [])[0];
  const head = h("h3", {}, first ? `Preview for ${first.name || first.customer}` : "Preview");
  if (!first) return h("div", {}, head, h("p", { class: "muted" }, "No recipient gets a letter in this campaign."));
  if (!letter) return h("div", {}, head, h("p", { class: "muted", "data-test": "preview-missing" }, "No letter yet: the preview shows once it is written."));
  try {
    const p = await get(`/campaigns/${seg(id)}/preview`, { recipient: first.customer });
    return h("div", { "data-test": "preview" }, head,
      h("dl", { class: "letter-head" },
        h("dt", {}, "From"), h("dd", { "data-test": "preview-from" }, p.from),
        h("dt", {}, "To"), h("dd", {}, p.to),
        h("dt", {}, "Subject"), h("dd", { "data-test": "preview-subject" }, p.letter.subject)),
      h("pre", { class: "letter-text", "data-test": "preview-text" }, p.letter.text),
      p.letter.html ? h("p", { class: "muted" }, "The letter has an HTML part too.") : null);
  } catch (err) {
    // No letter yet, or a template that cannot be filled: the server says which.
    return h("div", {}, head, h("p", { class: "muted", "data-test": "preview-missing" }, err.message || String(err)));
  }
}

/**
 * Deliver (with an optional deadline for the senders' declines) while the
 * delivery has not begun or is paused; pause while it runs.
 */
function actions(id, delivery, letter, again) {
  const error = h("p", { class: "error", "data-test": "delivery-error", role: "alert" });
  const run = (button, action) => async () => {
    error.textContent = "";
    button.disabled = true;
    try {
      await action();
      await again();
    } catch (err) {
      error.textContent = problemText(err);
      button.disabled = false;
    }
  };
  const parts = [];
  if (delivery.state === "none" || delivery.state === "paused") {
    const after = h("input", { type: "datetime-local", "data-test": "deliver-after" });
    const deliver = h("button", { type: "button", "data-test": "deliver", disabled: !letter },
      delivery.state === "paused" ? "Resume the delivery" : "Deliver");
    deliver.addEventListener("click", run(deliver, () => {
      const body = {};
      if (after.value) body.deliverAfter = new Date(after.value).toISOString();
      return send("POST", `/campaigns/${seg(id)}/deliver`, body);
    }));
    if (delivery.state === "none") {
      parts.push(h("label", {}, "Senders may decline until ", after, " (your time; empty: now) "));
    }
    parts.push(deliver);
    if (!letter) parts.push(h("span", { class: "muted" }, " Write the letter first."));
  }
  if (delivery.state === "running" || delivery.state === "notice") {
    const pause = h("button", { type: "button", "data-test": "pause" }, "Pause");
    pause.addEventListener("click", run(pause, () => send("POST", `/campaigns/${seg(id)}/pause`)));
    parts.push(pause);
  }
  return h("div", { class: "delivery-actions" }, h("p", {}, ...parts), error);
}

function countsTable(delivery) {
  return h("table", { "data-test": "delivery-counts" },
    h("thead", {}, h("tr", {}, ["", ...states].map((t) => h("th", {}, t)))),
    h("tbody", {},
      h("tr", {}, h("td", {}, "letters"), ...states.map((s) => h("td", { class: "num", "data-state": s }, String(delivery.counts[s])))),
      h("tr", {}, h("td", {}, "notices"), ...states.map((s) => h("td", { class: "num" }, String(delivery.notices[s]))))));
}

function lettersTable(delivery) {
  const rows = (delivery.letters?.items || []).map((l) =>
    h("tr", {}, h("td", {}, l.customer), h("td", {}, l.sender || "fallback"), h("td", {}, l.state),
      h("td", { class: "num" }, String(l.attempts)), h("td", {}, l.reason || "")));
  if (!rows.length) return null;
  return h("table", {}, h("thead", {}, h("tr", {}, ["Customer", "Sender", "State", "Attempts", "Reason"].map((t) => h("th", {}, t)))),
    h("tbody", {}, rows));
}
