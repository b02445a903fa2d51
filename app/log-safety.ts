// What may go into a log line. Logs leave the application's control (files, shippers, support
// tickets), so they carry no secrets, no query strings and nothing about patients.

/** A request path fit for a log: invitation tokens and query strings are left out. */
export function loggablePath(url: string): string {
  const path = url.split("?")[0] ?? "";
  return path.replace(/^\/invite\/[^/]+/, "/invite/[token]");
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
