import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { RouteErrorBoundary } from "~/components/route-error";
import { notFound } from "~/models/errors";
import { openNotification } from "~/models/notifications/notifications.server";
import { requireSession } from "~/web/session-cookie.server";

/**
 * Opening a notification: it is read from now on, and the person goes to the thing it is about
 * (the day, the swap, the message). One of their own, or "not found". A plain link, so it works
 * without JavaScript and opens in a new tab; marking a notification read is the one effect, and
 * repeating it changes nothing (docs/decisions/023-one-notion-of-seen.md).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const opened = openNotification({ actor, notificationId: params.notificationId! });
  if (!opened.found) throw notFound("That notification");
  // Links are paths inside Baton, written by Baton; anything else goes to the list.
  const link = opened.link;
  return redirect(link?.startsWith("/") && !link.startsWith("//") ? link : "/notifications");
}

// A page component, so that a client-side <Link> here follows the loader's redirect.
export default function OpenNotification() {
  return null;
}

export const meta: MetaFunction = () => [{ title: "Notification – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
