// A team's channel: made the first time a member opens it, then its conversation page.
import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
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

export const ErrorBoundary = RouteErrorBoundary;
