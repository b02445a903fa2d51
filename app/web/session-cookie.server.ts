// The session cookie: HttpOnly, SameSite=Lax, and over HTTPS Secure with the __Host- prefix (no
// Domain, Path=/), so no sibling site or plain-HTTP page can set or read it.
import { redirect } from "@remix-run/node";
import { type ValidSession, validateSessionToken } from "~/models/accounts/sessions.server";
import { oncePerRequest } from "./request-scope.server";

const PLAIN_NAME = "baton_session";
const HOST_NAME = "__Host-baton_session";

function isSecure(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

function cookieName(request: Request): string {
  return isSecure(request) ? HOST_NAME : PLAIN_NAME;
}

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get("Cookie") ?? "";
  const name = cookieName(request);
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    // Tokens are base32: anything else (including bad percent-encoding) is no session at all.
    if (key === name) return rest.join("=");
  }
  return null;
}

export function sessionCookie(request: Request, token: string, expiresAt: Date): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  const secure = isSecure(request) ? "; Secure" : "";
  return `${cookieName(request)}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}

export function clearedSessionCookie(request: Request): string {
  const secure = isSecure(request) ? "; Secure" : "";
  return `${cookieName(request)}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
}

/**
 * The request's valid session, or null. The layout's loader and the page's both ask: a page view
 * validates its session once. An action is never served from that memo (it may have just ended
 * or changed the session), and Remix gives the loaders that follow an action a fresh GET request.
 */
export function getSession(request: Request): ValidSession | null {
  const token = readSessionToken(request);
  if (!token) return null;
  if (request.method !== "GET" && request.method !== "HEAD") return validateSessionToken(token);
  return oncePerRequest(`session:${token}`, () => validateSessionToken(token));
}

/**
 * A path on this site to return to after signing in. Anything that could leave the site is
 * dropped: other origins, protocol-relative "//", backslashes, and control characters (browsers
 * strip tabs and newlines from URLs, so "/\t/evil.example" would become "//evil.example").
 */
const isUnsafeInPath = (char: string) =>
  char === "\\" || char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f;

export function safeNextPath(value: string | null | undefined): string {
  const fallback = "/shifts";
  if (!value?.startsWith("/") || [...value].some(isUnsafeInPath)) return fallback;
  const base = "http://baton.invalid";
  const url = new URL(value, base);
  if (url.origin !== base) return fallback;
  return `${url.pathname}${url.search}`;
}

/** The address people use to reach Baton (BATON_ORIGIN behind a proxy), for links we hand out. */
export function publicOrigin(request: Request): string {
  return process.env.BATON_ORIGIN?.replace(/\/+$/, "") ?? new URL(request.url).origin;
}

/** The signed-in person, or a redirect to sign in (which clears a dead cookie and site data). */
export function requireSession(request: Request): ValidSession {
  const session = getSession(request);
  if (session) return session;
  const url = new URL(request.url);
  const next = url.pathname === "/" ? "" : `?next=${encodeURIComponent(url.pathname)}`;
  const headers = new Headers({ Location: `/login${next}` });
  if (readSessionToken(request)) {
    // The session ended elsewhere (expired, revoked, deactivated): wipe what this browser kept too.
    headers.append("Set-Cookie", clearedSessionCookie(request));
    headers.set("Clear-Site-Data", '"cache", "storage"');
  }
  throw redirect(`/login${next}`, { headers });
}
