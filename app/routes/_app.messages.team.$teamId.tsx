// A team's channel: made the first time a member opens it, then its conversation page.
import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { RouteErrorBoundary } from "~/components/route-error";
import { openTeamChannel } from "~/messaging/conversations.server";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const channel = openTeamChannel({
    actor,
    teamId: params.teamId ?? "",
    ipAddress: context.clientAddress,
  });
  return redirect(`/messages/${channel.id}#latest`);
}

/** Never shown: the loader always redirects or throws. A page (not a resource route), so that a
 * refusal shows the app's own "Page not found" inside the layout. */
export default function Open() {
  return null;
}

export const meta: MetaFunction = () => [{ title: "Messages – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
