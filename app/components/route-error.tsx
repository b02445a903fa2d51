import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const MESSAGES: Record<number, { title: string; body: string }> = {
  400: {
    title: "Something in that request was not right",
    body: "Go back, check what you entered and try again.",
  },
  403: {
    title: "You cannot do that",
    body: "Your role does not allow this. Ask your ward manager if you think it should.",
  },
  404: {
    title: "Page not found",
    body: "It may have moved, or you may not have access to it. Check the address, or go back to your shifts.",
  },
  429: { title: "Too many requests", body: "Wait a minute and try again." },
};

/**
 * Every route's ErrorBoundary. Expected errors (a thrown Response) say what happened in plain
 * words; anything else says sorry and nothing more: stack traces go to the server log only.
 */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = MESSAGES[status];
  const title = known?.title ?? "Sorry, there is a problem with Baton";
  const body =
    known?.body ??
    "Try again in a few minutes. If it keeps happening, tell your ward manager what you were doing.";
  return (
    <div className="baton-error" role="alert">
      <h1 className="nhsuk-heading-l">{title}</h1>
      <p>{body}</p>
      <p>
        <Link to="/shifts">Go to your shifts</Link>
      </p>
    </div>
  );
}
