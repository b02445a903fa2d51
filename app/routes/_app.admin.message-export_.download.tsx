import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { exportMessages, requireExportAccess } from "~/messaging/compliance-export.server";
import { InputError } from "~/models/errors";
import { parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

// The compliance export's download (the export page's buttons). A POST, since each export is
// audited: a link on another site cannot make an administrator's browser export behind their back.
const DownloadSchema = z.object({
  scope: z.enum(["conversation", "person"]),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
  from: z.string().max(10),
  to: z.string().max(10),
  format: z.enum(["csv", "json"]),
});

function badRequest(message: string): Response {
  return new Response(message, { status: 400, headers: { "Content-Type": "text/plain" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  // Anyone else gets the audited 404 whatever they sent.
  requireExportAccess({ actor, ipAddress: context.clientAddress });
  const parsed = parseForm(DownloadSchema, await readForm(request));
  if (!parsed.ok) return badRequest("Choose the messages to export on the Export messages page.");
  const { scope, id, from, to, format } = parsed.data;
  let file: ReturnType<typeof exportMessages>;
  try {
    file = exportMessages({
      actor,
      scope:
        scope === "conversation"
          ? { kind: "conversation", conversationId: id }
          : { kind: "person", userId: id },
      range: { from, to },
      format,
      ipAddress: context.clientAddress,
    });
  } catch (error) {
    if (error instanceof InputError) return badRequest(error.message);
    throw error;
  }
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
