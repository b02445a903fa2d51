// POST /messages/:conversationId/send: how the browser's outbox sends a message
// (app/components/message-outbox.ts). The same form as the conversation page's composer, but
// answered in JSON for a script: 200 `{ sent: true }` once the message is stored (again for a
// retry with the same client id, which makes no second message), 422 `{ errors }` for a message
// refused, 404 for a conversation the person cannot read, and a redirect to sign in when the
// session has ended (the outbox then empties). Outside the signed-in layout: no page data loads.
import type { ActionFunctionArgs } from "@remix-run/node";
import { sendMessage } from "~/messaging/messages.server";
import { SendMessageForm } from "~/messaging/send-form";
import { inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

const noStore = { "Cache-Control": "no-store" };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const parsed = parseForm(SendMessageForm, await readForm(request));
  if (!parsed.ok)
    return Response.json({ errors: parsed.errors }, { status: 422, headers: noStore });
  const input = parsed.data;
  try {
    sendMessage({
      actor,
      conversationId: params.conversationId ?? "",
      clientId: input.clientId,
      body: input.body,
      urgent: input.urgent === "yes",
      replyToMessageId: input.replyToMessageId || null,
      ipAddress: context.clientAddress,
    });
  } catch (error) {
    return Response.json({ errors: inputErrors(error) }, { status: 422, headers: noStore });
  }
  return Response.json({ sent: true }, { headers: noStore });
}
