// "My network", for an employee's own API key: their consent
// (GET/PATCH /me), their ties with effective trust and decay, a form to
// declare a contact or change one (PUT/DELETE /relationships/{me}/{other}),
// the customers they are the sender for and those who have only them
// (GET /me/network), and the campaigns in their name with a way to decline
// recipients (GET /me/campaigns, POST /campaigns/{id}/decline).
import { ApiError, apiKey, get, send, seg } from "../api.js";
import { h, score } from "../dom.js";

const reasons = {
  trusted_path: "you know them",
  account_owner: "you own the account",
  fallback: "fallback",
};

/** Renders the page again after a change. */
function refresh() {
  window.dispatchEvent(new HashChangeEvent("hashchange"));
}

/** Runs change, then refreshes; shows a failure in place. */
function act(errorBox, change) {
  return async (ev) => {
    if (ev) ev.preventDefault();
    errorBox.textContent = "";
    try {
      await change();
      refresh();
    } catch (err) {
      errorBox.textContent = err.message || String(err);
    }
  };
}

function day(t) {
  return t ? t.slice(0, 10) : "–";
}

export async function mineView(root, _parts, _params, alive) {
  let net, campaigns, intros;
  try {
    [net, campaigns, intros] = await Promise.all([get("/me/network"), get("/me/campaigns"), get("/me/introductions")]);
  } catch (err) {
    if (!(err instanceof ApiError) || (err.status !== 401 && err.status !== 403)) throw err;
    if (alive()) root.append(...noEmployeeKey(err.status));
    return;
  }
  if (!alive()) return;
  const me = net.employee;
  const error = h("p", { class: "error", "data-test": "form-error", role: "alert" });

  root.append(
    h("div", { class: "title-row" }, h("h1", {}, "My network ", h("small", { class: "muted" }, me.name))),
    h("p", { class: "muted" },
      `Trust decays with a half-life of ${net.halfLifeDays} days since the last contact; as of ${day(net.asOf)}.`),
    error,
    introductionsCard(intros.items, error),
    consentCard(me, error),
    tiesCard(me, net.ties, error),
    declareCard(me, error),
    sendingCard(net),
    campaignsCard(me, campaigns.items, error),
  );
}

const introStates = {
  requested: "asks you",
  accepted: "accepted: introduce them, then mark it done",
  declined: "declined",
  done: "done",
};

/** The introductions colleagues asked of me: accept or decline (with a message), then mark done. */
function introductionsCard(items, error) {
  const rows = items.map((i) => {
    const message = h("input", { "aria-label": `Message to ${i.requester.name}`, placeholder: "message (optional)", size: "24", "data-test": "intro-message" });
    const answer = (verb) => act(error, () => send("POST", `/me/introductions/${seg(i.id)}/${verb}`, message.value.trim() ? { message: message.value.trim() } : undefined));
    let actions = "";
    if (i.state === "requested") {
      actions = [message, " ",
        h("button", { type: "button", class: "small", "data-test": "accept", onclick: answer("accept") }, "Accept"), " ",
        h("button", { type: "button", class: "small", "data-test": "decline-intro", onclick: answer("decline") }, "Decline")];
    } else if (i.state === "accepted") {
      actions = h("button", { type: "button", class: "small", "data-test": "done", onclick: answer("done") }, "Mark done");
    }
    return h("tr", { "data-introduction": i.id, "data-state": i.state },
      h("td", {}, i.requester.name || i.requester.id),
      h("td", {}, i.customer.name || i.customer.id, i.customer.accountName ? h("small", { class: "muted" }, " · " + i.customer.accountName) : null),
      h("td", { class: "wrap" }, i.note || ""),
      h("td", {}, introStates[i.state] || i.state),
      h("td", {}, actions));
  });
  const open = items.filter((i) => i.state === "requested").length;
  return h("section", { class: "card", "data-test": "my-introductions" },
    h("h2", {}, "Introductions asked of me", h("span", { class: "count" }, String(open))),
    rows.length
      ? h("table", {}, h("thead", {}, h("tr", {}, ["Colleague", "Customer", "Note", "State", ""].map((x) => h("th", {}, x)))), h("tbody", {}, rows))
      : h("p", { class: "muted" }, "No colleague has asked you for an introduction."));
}

function consentCard(me, error) {
  const sender = h("input", { type: "checkbox", id: "consent-sender", checked: me.sender });
  const broker = h("input", { type: "checkbox", id: "consent-broker", checked: me.broker });
  const capture = h("input", { type: "checkbox", id: "consent-capture", checked: me.capture });
  return h("section", { class: "card", "data-test": "consent" },
    h("h2", {}, "My consent"),
    h("form", { onsubmit: act(error, () => send("PATCH", "/me", { sender: sender.checked, broker: broker.checked, capture: capture.checked })) },
      h("p", {}, h("label", {}, sender, " Communications to my customers may go out in my name")),
      h("p", {}, h("label", {}, broker, " I may introduce colleagues to people I know")),
      h("p", {}, h("label", {}, capture, " My mail and calendar files may be captured (who and when, never contents)")),
      h("button", { type: "submit" }, "Save consent")));
}

function tiesCard(me, ties, error) {
  const rows = ties.map((t) => {
    const put = (visibility) => send("PUT", `/relationships/${seg(me.id)}/${seg(t.person.id)}`, {
      trust: t.trust, lastContact: t.lastContact, since: t.since, visibility, source: t.source, trustSource: t.trustSource,
    });
    const vis = h("select", { "aria-label": `Visibility of ${t.person.name}`, "data-test": "visibility",
      onchange: (ev) => act(error, () => put(ev.target.value))() },
      ["public", "private"].map((v) => h("option", { value: v, selected: v === t.visibility }, v)));
    return h("tr", { "data-person": t.person.id, "data-visibility": t.visibility },
      h("td", {}, t.person.name || t.person.id, " ", h("small", { class: "muted" }, t.person.kind)),
      h("td", { class: "num" }, score(t.trust)),
      h("td", { class: "num" }, score(t.effectiveTrust)),
      h("td", { class: "num" }, `${Math.round(100 * t.decay)} %`),
      h("td", {}, day(t.lastContact)),
      h("td", {}, vis),
      h("td", {}, h("button", { type: "button", "data-test": "remove",
        onclick: act(error, () => send("DELETE", `/relationships/${seg(me.id)}/${seg(t.person.id)}`)) }, "Remove")));
  });
  return h("section", { class: "card", "data-test": "ties" },
    h("h2", {}, "My ties", h("span", { class: "count" }, String(ties.length))),
    h("p", { class: "muted" }, "Private ties help route communications but nobody else sees them."),
    rows.length
      ? h("table", {}, h("thead", {}, h("tr", {}, ["Person", "Trust", "Effective", "Left after decay", "Last contact", "Visibility", ""].map((x) => h("th", {}, x)))),
        h("tbody", {}, rows))
      : h("p", { class: "muted" }, "You have declared no contacts yet."));
}

function declareCard(me, error) {
  const person = h("input", { id: "declare-person", required: true, placeholder: "customer or colleague id", "aria-label": "Person id" });
  const trust = h("input", { id: "declare-trust", type: "number", min: "0.01", max: "1", step: "0.01", value: "0.8", required: true, "aria-label": "Trust" });
  const last = h("input", { id: "declare-last", type: "date", "aria-label": "Last contact" });
  const vis = h("select", { id: "declare-visibility", "aria-label": "Visibility" },
    h("option", { value: "public" }, "public"), h("option", { value: "private" }, "private"));
  const submit = () => send("PUT", `/relationships/${seg(me.id)}/${seg(person.value.trim())}`, {
    trust: Number(trust.value), lastContact: last.value || null, visibility: vis.value, source: "self-declared",
  });
  return h("section", { class: "card", "data-test": "declare" },
    h("h2", {}, "Declare a contact"),
    h("form", { class: "declare", onsubmit: act(error, submit) },
      h("label", {}, "Person ", person), " ",
      h("label", {}, "Trust ", trust), " ",
      h("label", {}, "Last contact ", last), " ",
      h("label", {}, "Visibility ", vis), " ",
      h("button", { type: "submit" }, "Declare")));
}

function sendingCard(net) {
  const only = new Set(net.onlyContact.map((c) => c.id));
  const rows = net.sending.map((s) =>
    h("tr", { "data-customer": s.customer.id, class: only.has(s.customer.id) ? "is-sender" : "" },
      h("td", {}, s.customer.name || s.customer.id, only.has(s.customer.id) ? h("span", { class: "badge" }, "only you") : null),
      h("td", {}, s.accountName || s.customer.account || ""),
      h("td", { class: "num" }, score(s.score))));
  return h("section", { class: "card", "data-test": "sending" },
    h("h2", {}, "Communications go out in my name to", h("span", { class: "count" }, String(rows.length))),
    h("p", { class: "muted" }, `${only.size} of them know no one else here well enough: they depend on you.`),
    rows.length
      ? h("table", {}, h("thead", {}, h("tr", {}, ["Customer", "Account", "Score"].map((x) => h("th", {}, x)))), h("tbody", {}, rows))
      : h("p", { class: "muted" }, "No customer has you as their sender now."));
}

function campaignsCard(me, items, error) {
  const blocks = items.map((it) => {
    const c = it.campaign;
    const pending = c.status === "pending";
    const rows = it.recipients.map((r) =>
      h("tr", { "data-customer": r.customer },
        h("td", {}, r.name || r.customer),
        h("td", {}, reasons[r.reason] || r.reason),
        h("td", { class: "num" }, score(r.score)),
        h("td", {}, pending
          ? h("button", { type: "button", "data-test": "decline",
            onclick: act(error, () => send("POST", `/campaigns/${seg(c.id)}/decline`, { recipients: [r.customer] })) }, "Decline")
          : "")));
    return h("div", { class: "campaign", "data-campaign": c.id },
      h("h3", {}, c.name, " ", h("small", { class: "muted" }, `${c.status} · ${day(c.createdAt)}`)),
      rows.length
        ? h("table", {}, h("thead", {}, h("tr", {}, ["Recipient", "Why you", "Score", ""].map((x) => h("th", {}, x)))), h("tbody", {}, rows))
        : h("p", { class: "muted" }, "No recipients in your name any more."),
      it.declined.length ? h("p", { class: "muted" }, `You declined ${it.declined.length}.`) : null);
  });
  return h("section", { class: "card", "data-test": "campaigns" },
    h("h2", {}, "Campaigns in my name", h("span", { class: "count" }, String(items.length))),
    blocks.length ? blocks : h("p", { class: "muted" }, "No saved campaign names you as a sender."));
}

/** What a user sees here without an employee's own key: what one is and how to get it. */
export function noEmployeeKey(status) {
  const code = (t) => h("code", {}, t);
  return [
    h("div", { class: "title-row" }, h("h1", {}, "My network")),
    h("section", { class: "card", "data-test": "no-employee-key" },
      h("h2", {}, "This page needs your employee key"),
      h("p", {}, "My network shows an employee their own contacts: how much each tie is trusted and how that fades, " +
        "which customers get communications in their name, and the campaigns that name them. " +
        "You may declare contacts, keep some private, change your consent and decline recipients."),
      h("p", {}, status === 401 ? "No key is entered yet, or the key was not accepted."
        : apiKey() ? "The key in use is not an employee key: it belongs to a role (such as admin or marketing), not to one person."
        : "Without a key you act as this local server's administrator, who has no network of their own."),
      h("p", {}, "An employee key is an API key bound to one employee. An administrator issues it by adding ",
        code("employee:<employee id>=<key>"), " to ", code("CONTACTGRAPH_API_KEYS"), " (for example ",
        code("employee:jonas.weber=jonas-key-1"), "), or a line ", code("employee:<employee id> sha256:<hex of the key>"),
        " to the keys file (", code("CONTACTGRAPH_API_KEYS_FILE"), "), restarts the server and hands the key to the employee."),
      h("p", {}, "Then type the key into the API key field at the top right and choose “Use key”.")),
  ];
}
