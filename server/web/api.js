// The client of /api/v1: every call carries the API key the user typed in
// (kept in localStorage), and every failure becomes an ApiError with the
// server's problem+json detail.

const keyName = "contactgraph.apiKey";

/** The API key in use, "" for none. */
export function apiKey() {
  return localStorage.getItem(keyName) || "";
}

/** Keeps key for the next calls; "" forgets it. */
export function setApiKey(key) {
  if (key) {
    localStorage.setItem(keyName, key);
  } else {
    localStorage.removeItem(keyName);
  }
}

/** A failed API call: status and the problem document, if any. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/**
 * GET /api/v1 + path with the query params (empty values left out) and
 * returns the decoded JSON.
 */
export async function get(path, params = {}) {
  const url = new URL("/api/v1" + path, location.origin);
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, String(v));
  }
  const headers = { Accept: "application/json" };
  const key = apiKey();
  if (key) headers.Authorization = "Bearer " + key;
  const res = await fetch(url, { headers });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

/** Encodes an id for a path segment. */
export function seg(id) {
  return encodeURIComponent(id);
}

/**
 * Sends method to /api/v1 + path with body as JSON (none when undefined)
 * and returns the decoded JSON answer, null for 204.
 */
export async function send(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const key = apiKey();
  if (key) headers.Authorization = "Bearer " + key;
  const res = await fetch(new URL("/api/v1" + path, location.origin), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, answer);
  return answer;
}

/**
 * Sends method to /api/v1 + path (body as JSON when given) asking for CSV,
 * and saves the answer as a file named filename in the browser's
 * downloads. Resolves to the number of bytes saved.
 */
export async function downloadCSV(method, path, body, filename) {
  const headers = { Accept: "text/csv" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const key = apiKey();
  if (key) headers.Authorization = "Bearer " + key;
  const res = await fetch(new URL("/api/v1" + path, location.origin), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return blob.size;
}
