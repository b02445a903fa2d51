// A flash message carried by a cookie across the redirect that ends an action (the pattern of
// epic-stack's redirectWithToast, written for Baton). The action sets the cookie on its redirect;
// the layout's loader reads it once, clears it in the same answer and hands it to the page,
// which shows it at the top and moves focus to it. Works the same with JavaScript off: the
// browser follows the redirect and the page arrives with the toast. See docs/decisions/024.
import { redirect } from "@remix-run/node";
import { type Toast, ToastSchema } from "./toast";

const PLAIN_NAME = "baton_toast";
// Over HTTPS the __Host- prefix means no sibling site or plain-HTTP page can plant a toast.
const HOST_NAME = "__Host-baton_toast";
// Long enough to follow a redirect on a slow phone connection, short enough not to linger.
const MAX_AGE_SECONDS = 60;

function isSecure(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

function cookieName(request: Request): string {
  return isSecure(request) ? HOST_NAME : PLAIN_NAME;
}

function cookieAttributes(request: Request, maxAge: number): string {
  return `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${isSecure(request) ? "; Secure" : ""}`;
}

/**
 * The Set-Cookie header value that carries `toast` to the next page the browser loads. The
 * value is base64url JSON (cookie-safe); it is checked against ToastSchema, so an over-long
 * message or an off-site link throws here, in the action that wrote it, not on the next page.
 */
export function toastCookie(request: Request, toast: Toast): string {
  const value = Buffer.from(JSON.stringify(ToastSchema.parse(toast))).toString("base64url");
  return `${cookieName(request)}=${value}; ${cookieAttributes(request, MAX_AGE_SECONDS)}`;
}

/**
 * A redirect (302, as every redirect in Baton; browsers follow it with a GET) that shows `toast`
 * on the page it leads to. Throw or return it from an action, as `redirect` is.
 */
export function redirectWithToast(request: Request, url: string, toast: Toast): Response {
  return redirect(url, { headers: { "Set-Cookie": toastCookie(request, toast) } });
}

/**
 * The toast waiting for this request, if any, and the Set-Cookie header that clears it: a toast
 * is shown once. Anything unreadable (a hand-made cookie, an old shape) is no toast, and is
 * cleared all the same.
 */
export function takeToast(request: Request): { toast: Toast | null; headers: Headers | null } {
  const name = cookieName(request);
  let raw: string | null = null;
  for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) raw = rest.join("=");
  }
  if (raw === null) return { toast: null, headers: null };
  const headers = new Headers({ "Set-Cookie": `${name}=; ${cookieAttributes(request, 0)}` });
  try {
    const parsed = ToastSchema.safeParse(JSON.parse(Buffer.from(raw, "base64url").toString()));
    return { toast: parsed.success ? parsed.data : null, headers };
  } catch {
    return { toast: null, headers };
  }
}
