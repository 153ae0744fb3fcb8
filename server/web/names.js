// The names of units and accounts, so that pages show "Netzwerk &
// Infrastruktur", not "it-network". Read once per API key; a key whose
// role may not list them gets the ids back.
import { apiKey, get } from "./api.js";

const cache = new Map(); // "kind key" → Promise<Map<id, item>>

/** Resolves to a Map from id to every unit or account ("units", "accounts"). */
export function items(kind) {
  const k = kind + " " + apiKey();
  if (!cache.has(k)) cache.set(k, load(kind));
  return cache.get(k);
}

/** Resolves to a Map from id to name of every unit or account ("units", "accounts"). */
export async function names(kind) {
  const all = await items(kind);
  return new Map([...all].map(([id, it]) => [id, it.name]));
}

async function load(kind) {
  const out = new Map();
  try {
    let cursor = "";
    do {
      const page = await get("/" + kind, { limit: 1000, cursor });
      for (const it of page.items) out.set(it.id, it);
      cursor = page.next || "";
    } while (cursor);
  } catch {
    // The role may not list them: the ids stand in.
  }
  return out;
}

/** The name of id in a Map from names(), else the id. */
export function nameOf(map, id) {
  return (id && map.get(id)) || id || "";
}
