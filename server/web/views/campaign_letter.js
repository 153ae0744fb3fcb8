// The editor of a saved campaign's letter (PUT /campaigns/{id}/letter):
// subject, plain text and an optional HTML part, as Go templates over the
// recipient's and the sender's fields. The server checks the templates and
// names the line and the field of a mistake; the editor shows that answer.
import { send, seg } from "../api.js";
import { h } from "../dom.js";

const fields =
  "{{.Recipient.Name}} {{.Recipient.Title}} {{.Recipient.Account}} · " +
  "{{.Sender.Name}} {{.Sender.Title}} {{.Sender.Unit}} {{.Sender.Email}} {{.Sender.Phone}} {{.Sender.Signature}}";

/**
 * The letter editor of campaign id, filled with letter (null for none
 * yet); saved is called after the server took the letter.
 */
export function letterEditor(id, letter, saved) {
  const subject = h("input", { type: "text", name: "subject", "data-test": "letter-subject", required: true, size: 60 });
  const text = h("textarea", { name: "text", rows: 8, cols: 60, "data-test": "letter-body", required: true });
  const html = h("textarea", { name: "html", rows: 4, cols: 60, "data-test": "letter-html" });
  subject.value = letter?.subject || "";
  text.value = letter?.text || "";
  html.value = letter?.html || "";
  const error = h("p", { class: "error", "data-test": "letter-error", role: "alert" });
  const save = h("button", { type: "submit", "data-test": "save-letter" }, letter ? "Save the letter" : "Write the letter");
  const form = h("form", { class: "letter-editor", "data-test": "letter-editor" },
    h("label", {}, "Subject ", subject),
    h("label", {}, "Text ", text),
    h("details", {}, h("summary", {}, "HTML part (optional)"), html),
    h("p", { class: "muted" }, "Fields: ", h("code", {}, fields)),
    h("p", {}, save), error);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    error.textContent = "";
    save.disabled = true;
    try {
      const body = { subject: subject.value, text: text.value };
      if (html.value.trim() !== "") body.html = html.value;
      await send("PUT", `/campaigns/${seg(id)}/letter`, body);
      await saved();
    } catch (err) {
      error.textContent = problemText(err);
    } finally {
      save.disabled = false;
    }
  });
  return form;
}

/** The server's problem with each field it names, in one line. */
export function problemText(err) {
  const problems = err.problem?.errors || [];
  const named = problems.map((p) => `${p.field}: ${p.message}`).join("; ");
  return named || err.message || String(err);
}
