// Expected failures that a person can act on. Routes turn them into form messages or
// HTTP responses; anything else is unexpected and reaches the ErrorBoundary and the log.

/** Input that breaks a rule: names the field (or none, for the whole form) and why. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "InputError";
  }
}

/**
 * The object does not exist, or the actor may not see it: callers cannot tell which, so that
 * nobody can probe another team's data by its identifiers.
 */
export function notFound(what = "That page"): Response {
  return new Response(`${what} could not be found.`, { status: 404, statusText: "Not Found" });
}
