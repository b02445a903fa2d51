// The thread of a shift occurrence (team, shift type, local date): made the first time one of its
// members opens it, then its conversation page. Anyone else gets the 404 (docs/decisions/016).
import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/route-error";
import { openShiftThread } from "~/messaging/conversations.server";
import { requireSession } from "~/web/session-cookie.server";

const Occurrence = z.object({
  teamId: z.string().min(1).max(40),
  shiftTypeId: z.string().min(1).max(40),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const occurrence = Occurrence.safeParse(params);
  if (!occurrence.success) throw new Response("Not found", { status: 404 });
  const thread = openShiftThread({ actor, ...occurrence.data, ipAddress: context.clientAddress });
  return redirect(`/messages/${thread.id}#latest`);
}

/** Never shown: the loader always redirects or throws. A page (not a resource route), so that a
 * refusal shows the app's own "Page not found" inside the layout. */
export default function Open() {
  return null;
}

export const meta: MetaFunction = () => [{ title: "Messages – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
