// The one direct conversation with a colleague (from a name on the Shifts page): made the first
// time either of them opens it, then its conversation page.
import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
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

/** Never shown: the loader always redirects or throws. A page (not a resource route), so that a
 * refusal shows the app's own "Page not found" inside the layout. */
export default function Open() {
  return null;
}

export const meta: MetaFunction = () => [{ title: "Messages – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
