import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { deleteSession } from "~/models/accounts/sessions.server";
import { recordAudit } from "~/models/audit/audit.server";
import { readForm } from "~/web/forms";
import { clearedSessionCookie, getSession } from "~/web/session-cookie.server";

export async function loader() {
  throw redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  // No fields, but a body that cannot be read is refused (400) before anything changes.
  await readForm(request);
  const session = getSession(request);
  if (session) {
    deleteSession(session.sessionId);
    recordAudit({
      organisationId: session.actor.organisationId,
      actorUserId: session.actor.userId,
      action: "sign_out",
      targetType: "session",
      targetId: session.sessionId.slice(0, 12),
      ipAddress: context.clientAddress,
    });
  }
  // Clear-Site-Data wipes this browser's copy of anything Baton stored: caches, storage and the
  // service worker, so a shared ward computer keeps nothing of the last person's session.
  const headers = new Headers({ "Clear-Site-Data": '"cache", "cookies", "storage"' });
  headers.append("Set-Cookie", clearedSessionCookie(request));
  throw redirect("/login", { headers });
}
