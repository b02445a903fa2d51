// POST /push/subscription: the browser saves its push subscription (issue 13), when the person
// turns alerts on in Settings > Notifications and again on every load of the signed-in app (a
// subscription the browser changed is re-registered). Form fields `endpoint`, `p256dh`, `auth`
// as PushSubscription.toJSON() gives them, and `refresh=1` from the load-time check and the
// service worker's `pushsubscriptionchange` (which only update one already held, or this
// session's own when the browser changed it: 404 `{ saved: false }` otherwise); answers JSON: 200 `{ saved: true }`, 422 `{ errors }`
// for an address that is not a push service's or keys that cannot be read, 503 when push is off
// on this server, and a redirect to sign in without a session.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { saveSubscription } from "~/messaging/push/push-subscriptions.server";
import { vapidSetting } from "~/messaging/push/vapid.server";
import { TEXT_LIMITS } from "~/models/text-limits";
import { inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

const noStore = { "Cache-Control": "no-store" };

const SubscriptionForm = z.object({
  endpoint: z.string().trim().min(1).max(TEXT_LIMITS.pushEndpoint),
  p256dh: z.string().trim().min(1).max(TEXT_LIMITS.pushKey),
  auth: z.string().trim().min(1).max(TEXT_LIMITS.pushKey),
  // "1" from the page's load-time check: update only a subscription already held (never create).
  refresh: z.literal("1").optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const { actor, sessionId } = requireSession(request);
  const parsed = parseForm(SubscriptionForm, await readForm(request));
  if (!parsed.ok)
    return Response.json({ errors: parsed.errors }, { status: 422, headers: noStore });
  if (!vapidSetting().ok)
    return Response.json(
      { errors: [{ message: "Push is off on this server." }] },
      {
        status: 503,
        headers: noStore,
      },
    );
  const { refresh, ...subscription } = parsed.data;
  try {
    const saved = saveSubscription({
      actor,
      sessionId,
      ...subscription,
      refresh: refresh === "1",
      userAgent: request.headers.get("User-Agent") ?? "",
    });
    // A refresh of a subscription the server does not hold for this person: alerts are off here.
    if (!saved) return Response.json({ saved: false }, { status: 404, headers: noStore });
  } catch (error) {
    return Response.json({ errors: inputErrors(error) }, { status: 422, headers: noStore });
  }
  return Response.json({ saved: true }, { headers: noStore });
}
