// Fixed-window request limiters, in memory. They protect the server's CPU (argon2 hashing on
// sign-in is deliberately expensive); account lockout lives in the model.
//
// Who is counted (README, "Rate limits"): a whole ward reaches Baton from one hospital NAT
// address, so signed-in traffic is counted per session, not per address. Anonymous requests and
// the credential endpoints are counted per address, and a high per-address ceiling still
// applies to everything, so inventing session cookies buys no more than that ceiling.
import type { NextFunction, Request, Response } from "express";

export type WindowCounter = {
  /** Counts one request; says whether it is within the limit and when the window resets. */
  hit(key: string, now?: number): { allowed: boolean; resetInMs: number };
};

export function createWindowCounter({
  limit,
  windowMs,
}: {
  limit: number;
  windowMs: number;
}): WindowCounter {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = 0;
  return {
    hit(key, now = Date.now()) {
      if (now - lastSweep > windowMs) {
        for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
        lastSweep = now;
      }
      let window = windows.get(key);
      if (!window || now - window.start >= windowMs) {
        window = { start: now, count: 0 };
        windows.set(key, window);
      }
      window.count++;
      return { allowed: window.count <= limit, resetInMs: window.start + windowMs - now };
    },
  };
}

/** Session tokens are 32 base32 characters (app/models/ids.server.ts); anything else is none. */
const SESSION_TOKEN = /^[a-z2-7]{32}$/;

/**
 * The session token a Cookie header carries (either cookie name), or null. Only its shape is
 * checked here: the limiter runs before the session is validated.
 */
export function sessionTokenInCookie(header: string | undefined): string | null {
  for (const part of (header ?? "").split(";")) {
    const [name, value = ""] = part.trim().split("=");
    if ((name === "baton_session" || name === "__Host-baton_session") && SESSION_TOKEN.test(value))
      return value;
  }
  return null;
}

/** Counts requests per signed-in session. */
export const perSession = (req: Request): string | null => {
  const token = sessionTokenInCookie(req.headers.cookie);
  return token ? `session:${token}` : null;
};

/** Counts anonymous requests (no session cookie) per client address. */
export const perAnonymousAddress = (req: Request): string | null =>
  sessionTokenInCookie(req.headers.cookie) ? null : `address:${req.ip ?? "unknown"}`;

/** Counts every request per client address. */
export const perAddress = (req: Request): string => `address:${req.ip ?? "unknown"}`;

/**
 * A limiter middleware: `key` names the bucket a request counts against (null: not counted by
 * this limiter; the default is the client address), `match` restricts which requests count.
 * Over the limit: 429 with Retry-After (seconds).
 */
export function rateLimit({
  limit,
  windowMs,
  match = () => true,
  key = perAddress,
}: {
  limit: number;
  windowMs: number;
  match?: (req: Request) => boolean;
  key?: (req: Request) => string | null;
}) {
  const counter = createWindowCounter({ limit, windowMs });
  return (req: Request, res: Response, next: NextFunction) => {
    if (!match(req)) return next();
    const bucket = key(req);
    if (bucket === null) return next();
    const { allowed, resetInMs } = counter.hit(bucket);
    if (allowed) return next();
    res.setHeader("Retry-After", String(Math.ceil(resetInMs / 1000)));
    res.status(429).type("text/plain").send("Too many requests. Wait a minute and try again.");
  };
}
