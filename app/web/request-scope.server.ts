// What one HTTP request's loaders share: a small memo, so work that every loader of a page needs
// (validating the session) is done once per request instead of once per loader. Remix hands each
// loader its own copy of the Request, so the request object cannot carry it.
//
// The Express server (server/app.ts, loaded from source) opens the scope and the Remix build
// (bundled separately) reads it: both find the one AsyncLocalStorage under a global symbol.
import { AsyncLocalStorage } from "node:async_hooks";

type Scope = Map<string, unknown>;
const KEY = Symbol.for("baton.request-scope");
const globals = globalThis as typeof globalThis & { [KEY]?: AsyncLocalStorage<Scope> };
globals[KEY] ??= new AsyncLocalStorage<Scope>();
const storage = globals[KEY];

/** Runs `next` (the rest of the request's handling) inside a fresh scope. */
export function withRequestScope(next: () => void): void {
  storage.run(new Map(), next);
}

/**
 * The value under `key` for this request, computing it with `make` the first time. Outside a
 * request (tests calling a loader directly, scripts) nothing is kept and `make` runs each time.
 */
export function oncePerRequest<T>(key: string, make: () => T): T {
  const scope = storage.getStore();
  if (!scope) return make();
  if (scope.has(key)) return scope.get(key) as T;
  const value = make();
  scope.set(key, value);
  return value;
}
