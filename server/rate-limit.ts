// A fixed-window request limiter per client address, in memory. It protects the server's CPU
// (argon2 hashing on sign-in is deliberately expensive); account lockout lives in the model.
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

export function rateLimit({
  limit,
  windowMs,
  match = () => true,
}: {
  limit: number;
  windowMs: number;
  match?: (req: Request) => boolean;
}) {
  const counter = createWindowCounter({ limit, windowMs });
  return (req: Request, res: Response, next: NextFunction) => {
    if (!match(req)) return next();
    const { allowed, resetInMs } = counter.hit(req.ip ?? "unknown");
    if (allowed) return next();
    res.setHeader("Retry-After", String(Math.ceil(resetInMs / 1000)));
    res.status(429).type("text/plain").send("Too many requests. Wait a minute and try again.");
  };
}
