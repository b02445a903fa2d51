// GET /attachments/:attachmentId: a photo (as re-encoded) or PDF attached to a message, for the
// members of its conversation now; anyone else gets the audited 404. Shown inline, never
// cached (app/messaging/attachments/serve.server.ts, docs/decisions/026).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentResponse } from "~/messaging/attachments/serve.server";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  return attachmentResponse({
    actor,
    attachmentId: params.attachmentId ?? "",
    thumbnail: false,
    ipAddress: context.clientAddress,
  });
}
