// GET /attachments/:attachmentId/thumbnail: the small JPEG of an attached photo that the thread
// shows, with the same access and headers as the photo itself (attachments.$attachmentId.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentResponse } from "~/messaging/attachments/serve.server";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  return attachmentResponse({
    actor,
    attachmentId: params.attachmentId ?? "",
    thumbnail: true,
    ipAddress: context.clientAddress,
  });
}
