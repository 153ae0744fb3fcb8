// What the network view draws over the picture: the groups (units for
// employees, accounts for customers) as compound nodes, where the network
// hangs on one person (key people, accounts at risk), and what happens when
// an employee leaves (handover).
import { nameOf } from "../names.js";

/**
 * Puts every employee with a unit into a group node of that unit and every
 * customer with an account into one of that account, labelled with the
 * name and the number of members drawn. elements gets the group nodes
 * first, as Cytoscape wants parents before their children.
 */
export function groupElements(elements, nodes, unitNames, accountNames) {
  const groups = new Map(); // id → {kind, ref, count}
  const parentOf = (n) => {
    if (n.kind === "employee" && n.unit) return ["unit", n.unit];
    if (n.kind === "customer" && n.account) return ["account", n.account];
    return null;
  };
  for (const n of nodes) {
    const p = parentOf(n);
    if (!p) continue;
    const gid = `${p[0]}:${p[1]}`;
    const g = groups.get(gid) || { kind: p[0], ref: p[1], count: 0 };
    g.count++;
    groups.set(gid, g);
  }
  const byID = new Map(elements.map((e) => [e.data.id, e]));
  for (const n of nodes) {
    const p = parentOf(n);
    if (p) byID.get(n.id).data.parent = `${p[0]}:${p[1]}`;
  }
  const parents = [...groups].map(([gid, g]) => {
    const name = nameOf(g.kind === "unit" ? unitNames : accountNames, g.ref);
    const who = g.kind === "unit" ? "employee" : "customer";
    return {
      group: "nodes",
      data: { id: gid, label: `${name} · ${g.count} ${who}${g.count === 1 ? "" : "s"}`, kind: g.kind, ref: g.ref, members: g.count },
      classes: `group ${g.kind}`,
    };
  });
  elements.unshift(...parents);
}

/**
 * What the management figures say of the picture: the key people (whose
 * leaving would leave customers without a trusted sender) and the accounts
 * at risk (at least half of their customers uncovered or single-threaded).
 * null when neither could be read.
 */
export function riskOf(keyPeople, coverage) {
  if (!keyPeople && !coverage) return null;
  const key = new Map();
  for (const k of (keyPeople && keyPeople.keyPeople) || []) {
    if (k.uncoveredIfLeft > 0) key.set(k.employee.id, k);
  }
  const accounts = new Map();
  for (const a of (coverage && coverage.accounts) || []) {
    if (a.account && a.customers > 0 && (a.uncovered + a.singleThreaded) * 2 >= a.customers) accounts.set(a.account, a);
  }
  return { key, accounts };
}

/** Marks the key people and accounts at risk in cy and says how many. */
export function markRisk(cy, risk) {
  let people = 0;
  let accounts = 0;
  cy.nodes().forEach((n) => {
    const k = risk.key.get(n.id());
    if (k && !n.hasClass("group")) {
      n.addClass("key");
      n.data("riskNote", `key person: ${k.uncoveredIfLeft} customer${k.uncoveredIfLeft === 1 ? "" : "s"} left without a trusted sender if they left`);
      people++;
    }
    const a = n.hasClass("account") ? risk.accounts.get(n.data("ref")) : null;
    if (a) {
      n.addClass("at-risk");
      n.data("label", `${n.data("label")} · ${a.uncovered} uncovered, ${a.singleThreaded} single-threaded`);
      accounts++;
    }
  });
  return `${people} key ${people === 1 ? "person" : "people"} and ${accounts} account${accounts === 1 ? "" : "s"} at risk in this picture (double border, red group).`;
}

/**
 * Marks what happens when the employee of a handover answer leaves: their
 * customers in the picture who move (green, a dashed line to the
 * successor when drawn) and those left without a trusted sender (red
 * diamonds). Says how many.
 */
export function markHandover(cy, res) {
  const leaver = cy.getElementById(res.employee.id);
  if (leaver.nonempty()) leaver.addClass("leaver");
  let moves = 0;
  let orphans = 0;
  let elsewhere = 0;
  for (const c of res.customers) {
    const node = cy.getElementById(c.customer.id);
    if (node.empty()) {
      elsewhere++;
      continue;
    }
    if (c.successor) {
      node.addClass("moves");
      node.data("riskNote", `moves to ${c.successor.employee.name} if ${res.employee.name} leaves`);
      moves++;
      const to = cy.getElementById(c.successor.employee.id);
      if (to.nonempty()) {
        cy.add({ group: "edges", data: { id: `succ:${c.customer.id}`, source: c.customer.id, target: to.id(), w: 0 }, classes: "succession" });
      }
    } else {
      node.addClass("orphan");
      node.data("riskNote", `left without a trusted sender if ${res.employee.name} leaves`);
      orphans++;
    }
  }
  const more = elsewhere ? ` ${elsewhere} more outside this picture.` : "";
  return `If ${res.employee.name} left: ${moves} customer${moves === 1 ? " here moves" : "s here move"} to another sender (green), ${orphans} ${orphans === 1 ? "is" : "are"} left without one (red).${more}`;
}
