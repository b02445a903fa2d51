// What may go into a log line. Logs leave the application's control (files, shippers, support
// tickets), so they carry no secrets, no query strings and nothing about patients.

/**
 * A request path fit for a log: invitation tokens, calendar feed tokens and query strings are
 * left out. A feed's address is its only credential, and calendar apps fetch it every hour, so
 * an unredacted log would soon hold a working copy of everyone's. Routes match whatever the
 * letter case ("/Calendar/…" reaches the feed too), so the patterns ignore case.
 */
export function loggablePath(url: string): string {
  const path = url.split("?")[0] ?? "";
  return path
    .replace(/^\/+invite\/+[^/]+/i, "/invite/[token]")
    .replace(/^\/+calendar\/+[^/]+/i, (segment) => {
      // Keep the ".ics" (and a single-fetch ".data") so the line still says what was asked for.
      const suffix = /(\.ics)?(\.data)?$/i.exec(segment)?.[0] ?? "";
      return `/calendar/[token]${suffix.toLowerCase()}`;
    });
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
