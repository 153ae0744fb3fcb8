// A few DOM helpers. Every text goes in as a text node, never as HTML:
// names come from the data.

/**
 * Creates an element: h("a", {href: "#/"}, "text", child…). Attributes
 * starting with "on" are event listeners; null and false are left out.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) {
      el.addEventListener(k.slice(2), v);
    } else {
      el.setAttribute(k, v === true ? "" : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) {
      append(el, c);
    } else {
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }
}

/** Same as h for SVG elements. */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

/** A score or trust as a percentage-free decimal: 0.81. */
export function score(x) {
  return x === null || x === undefined ? "–" : Number(x).toFixed(2);
}

/** n of total as "n (p %)". */
export function share(n, total) {
  return total ? `${n} (${Math.round((100 * n) / total)} %)` : String(n);
}

/** A link to the network view around a person, account or unit. */
export function networkLink(kind, id, text) {
  return h("a", { href: `#/network/${kind}/${encodeURIComponent(id)}` }, text ?? id);
}

/** A link to a customer's page. */
export function customerLink(id, text) {
  return h("a", { href: `#/customer/${encodeURIComponent(id)}` }, text ?? id);
}

/** A message that something failed, in the view. */
export function failure(err) {
  return h("p", { class: "error" }, err.message || String(err));
}
