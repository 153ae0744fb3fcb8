// Who the API key in use acts for (GET /api/v1/whoami), asked once per key.
import { apiKey, get } from "./api.js";

let cached = null; // { key, promise }

/** Resolves to {role, employee, keyId}; rejects with the ApiError (401 without a valid key). */
export function whoami() {
  const key = apiKey();
  if (!cached || cached.key !== key) {
    const promise = get("/whoami");
    cached = { key, promise };
    promise.catch(() => {
      if (cached && cached.promise === promise) cached = null; // ask again next time
    });
  }
  return cached.promise;
}
