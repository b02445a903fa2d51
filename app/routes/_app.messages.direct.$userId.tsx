// The one direct conversation with a colleague (from a name on the Shifts page): made the first
// time either of them opens it, then its conversation page.
import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { RouteErrorBoundary } from "~/components/route-error";
import { openDirectConversation } from "~/messaging/conversations.server";
import { InputError } from "~/models/errors";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  try {
    const direct = openDirectConversation({
      actor,
      userId: params.userId ?? "",
      ipAddress: context.clientAddress,
    });
    return redirect(`/messages/${direct.id}#latest`);
  } catch (error) {
    // A conversation with oneself: there is no such page.
    if (error instanceof InputError) throw new Response(error.message, { status: 404 });
    throw error;
  }
}

export const ErrorBoundary = RouteErrorBoundary;
