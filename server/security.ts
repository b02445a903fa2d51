// HTTP-level protections that sit in front of every route: a per-request CSP nonce and the
// security headers, the Origin check on state-changing requests, and no-store on everything
// that is not a static asset. Pure functions here are tested without a server.
import crypto from "node:crypto";
import type { NextFunction, Request, Response } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A state-changing request must come from one of our own pages, so that a cross-site form or
 * fetch cannot act with the user's cookie (docs/decisions/012-origin-check-and-referrer-policy.md).
 *
 * - `Sec-Fetch-Site: cross-site` or `same-site` (a sibling subdomain) is refused whatever the
 *   Origin says: browsers set that header themselves and pages cannot forge it.
 * - An Origin naming one of ours is accepted; any other real origin is refused.
 * - A missing Origin, or `null` (which a browser sends on a form post when the page's referrer
 *   policy hides it, and for sandboxed or opaque pages), is accepted only when the browser says
 *   `Sec-Fetch-Site: same-origin`. A request with neither (an old browser, a script) is refused.
 *
 * @param fetchSite the `Sec-Fetch-Site` header, if sent
 */
export function isOriginAllowed({
  method,
  origin,
  fetchSite,
  allowedOrigins,
}: {
  method: string;
  origin: string | undefined;
  fetchSite?: string | undefined;
  allowedOrigins: string[];
}): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  const site = fetchSite?.trim().toLowerCase();
  if (site === "cross-site" || site === "same-site") return false;
  if (origin && origin !== "null") return allowedOrigins.includes(origin);
  return site === "same-origin";
}

export function contentSecurityPolicy(
  nonce: string,
  { development }: { development: boolean },
): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    // Vite injects <style> tags while developing; the production build links CSS files.
    development ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    development ? "connect-src 'self' ws:" : "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ];
  return directives.join("; ");
}

/**
 * Powerful features no Baton page uses, switched off for every page. Only features Chromium
 * recognises are named: it reports any other on the console of every page ("Unrecognized
 * feature: 'bluetooth'", Chromium 156), which hides real errors. Web Bluetooth is not a
 * policy-controlled feature there; tests/e2e/security.spec.ts checks the console stays quiet.
 */
export const PERMISSIONS_POLICY =
  "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), interest-cohort=()";

export function securityHeaders({ development }: { development: boolean }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = crypto.randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, { development }));
    res.setHeader("X-Content-Type-Options", "nosniff");
    // same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on a plain
    // form post from our own page. Other sites still get no referrer (decision 012).
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    if (req.secure)
      res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}

export function originCheck({ configuredOrigin }: { configuredOrigin: string | undefined }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const ownOrigin = `${req.protocol}://${req.get("host")}`;
    const allowedOrigins = configuredOrigin ? [ownOrigin, configuredOrigin] : [ownOrigin];
    const request = {
      method: req.method,
      origin: req.get("origin"),
      fetchSite: req.get("sec-fetch-site"),
      allowedOrigins,
    };
    if (isOriginAllowed(request)) {
      // Remix makes its own, narrower check: an Origin whose host is not the Host header aborts
      // the action with an error (a 500), and it reads "null" as such a host. Once this check
      // has accepted a "null" on the browser's word (Sec-Fetch-Site), the header says nothing
      // more, so it goes before the request reaches Remix.
      if (request.origin === "null") delete req.headers.origin;
      return next();
    }
    res
      .status(403)
      .type("text/plain")
      .send("This request did not come from a Baton page, so it was refused.");
  };
}

/**
 * The bodies Baton's actions read: what an HTML form sends (and what Remix sends for a `<Form>`
 * or a single-fetch `.data` post). `text/plain`, the third form encoding, is left out: no Baton
 * form uses it, and it is the one a cross-site form can dress up as JSON.
 */
const FORM_MEDIA_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/** Whether a Content-Type header names a form body, whatever its parameters and letter case. */
export function isFormContentType(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return FORM_MEDIA_TYPES.has(mediaType);
}

export const NOT_A_FORM_MESSAGE =
  "Baton only accepts form submissions here (application/x-www-form-urlencoded or multipart/form-data).";

/**
 * Refuses a state-changing request whose body is not a form (JSON, text, or no Content-Type at
 * all) with 415 before it reaches a route, so no action tries to read a body it cannot parse.
 * The request log's one line records it; nothing else is logged. A future endpoint that takes
 * JSON (a push subscription, say) would be mounted before this.
 */
export function formBodiesOnly(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method.toUpperCase()) || isFormContentType(req.get("content-type")))
    return next();
  res.status(415).type("text/plain").send(NOT_A_FORM_MESSAGE);
}

/** Authenticated pages must not be kept by the browser or any proxy. Routes may loosen this. */
export function noStore(_req: Request, res: Response, next: NextFunction) {
  res.setHeader("Cache-Control", "no-store");
  next();
}
