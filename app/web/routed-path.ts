// A request path read the way Remix's router reads it, for the checks made in front of the
// router (the log line, the sign-in rate limit) that must not be fooled by another spelling of
// the same address. What reaches which route was found by sending spellings to the real app
// (tests/integration/http-whole-app.test.ts).

/**
 * The path as the WHATWG URL parser leaves it, which is how Remix's Express adapter builds the
 * request (origin + `originalUrl`): no query or fragment, `.` and `..` segments (also spelt
 * `%2e`) resolved, `\` read as `/`. Still percent-encoded, so safe to print. Falls back to the
 * raw path if it cannot be parsed.
 *
 * @example normalisedPath("/x/../%63alendar/./abc.ics?y=1") === "/%63alendar/abc.ics"
 */
export function normalisedPath(url: string): string {
  const raw = url.split(/[?#]/)[0] ?? "";
  try {
    return new URL(`http://baton.invalid${raw.startsWith("/") ? "" : "/"}${raw}`).pathname;
  } catch {
    return raw;
  }
}

/**
 * The normalised path's segments, each decoded once as the router decodes it (`%63alendar` is
 * `calendar`; a malformed escape is left as it is). The first is the empty string before the
 * leading `/`. Letter case is kept: the router ignores it, so callers compare in lower case.
 * Decoded text may hold anything, line breaks included: match on it, never print it.
 */
export function routedSegments(url: string): string[] {
  return normalisedPath(url).split("/").map(decodeSegment);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
