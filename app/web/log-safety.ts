// What may go into a log line. Logs leave the application's control (files, shippers, support
// tickets), so they carry no secrets, no query strings and nothing about patients.
import { normalisedPath, routedSegments } from "./routed-path";

/**
 * Path segments after which the rest of the path is a secret: an invitation token
 * (`/invite/<token>`), a password reset token (`/reset/<token>`) or a calendar feed token
 * (`/calendar/<token>.ics`).
 */
const SECRET_AFTER = ["calendar", "invite", "reset"] as const;

/**
 * A request path fit for a log: invitation, password reset and calendar feed tokens and query
 * strings are left out. A feed's address is its only credential, and calendar apps fetch it every hour, so
 * an unredacted log would soon hold a working copy of everyone's.
 *
 * The redaction works on the path as the router resolves it, not as it was typed: the URL
 * parser removes `.` and `..` segments (also spelt `%2e`) and turns `\` into `/`, and the router
 * decodes each segment (`/%63alendar` is `/calendar`), ignores letter case, a trailing slash and
 * single fetch's `.data` suffix. Any segment that then reads as `calendar`, `invite` or `reset` (or
 * begins so, which no other route does) hides everything after it, so spellings that reach no
 * route are redacted too. The line shows the resolved path, still percent-encoded, so a decoded
 * `%0a` cannot start a forged log line.
 *
 * @param url a request's path as received (Express's `originalUrl`), with or without a query
 * @returns e.g. `/calendar/[token].ics` or `/team/abc/rota`
 */
export function loggablePath(url: string): string {
  const segments = normalisedPath(url).split("/");
  const decoded = routedSegments(url);
  const secretAt = decoded.findIndex((segment) => secretArea(segment) !== undefined);
  if (secretAt === -1) return segments.join("/");
  const area = secretArea(decoded[secretAt] ?? "") as string;
  const tail = decoded.slice(secretAt).join("/").replace(/\/+$/, "");
  // "/team/<id>/invite" and "/settings/calendar" are pages, not secrets: nothing follows them.
  // (The manager's "/team/<id>/members/<id>/password-reset" never matches: it begins "password".)
  if (tail.toLowerCase().replace(/\.data$/, "") === area) return segments.join("/");
  const before = segments.slice(0, secretAt).join("/");
  // Keep the ".ics" (and a single-fetch ".data") so the line still says what was asked for.
  const suffix = /(\.ics)?(\.data)?$/i.exec(tail)?.[0] ?? "";
  return `${before}/${area}/[token]${suffix.toLowerCase()}`;
}

function secretArea(decodedSegment: string) {
  const lower = decodedSegment.toLowerCase();
  return SECRET_AFTER.find((area) => lower.startsWith(area));
}

/**
 * An error fit for a log. Database errors quote the statement's parameters (emails, password
 * hashes, later patient details), so only the SQL and the underlying cause are kept.
 */
export function loggableError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const withQuery = error as Error & { query?: unknown; params?: unknown; cause?: unknown };
  if (typeof withQuery.query === "string" && "params" in withQuery) {
    const cause =
      withQuery.cause instanceof Error ? `${withQuery.cause.name}: ${withQuery.cause.message}` : "";
    return `Database error in: ${withQuery.query}${cause ? `\n  caused by ${cause}` : ""}`;
  }
  return error.stack ?? `${error.name}: ${error.message}`;
}
