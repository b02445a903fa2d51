import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportRotaCsv } from "~/models/rota/rota-import.server";
import { requireSession } from "~/web/session-cookie.server";

// A GET, so that a plain link downloads it. An export is audited, so a link on another site
// must not make a manager's browser export behind their back: browsers say where a request
// came from in Sec-Fetch-Site, and a cross-site one is refused (the audit CSV is a POST for the
// same reason).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  if (request.headers.get("Sec-Fetch-Site") === "cross-site")
    throw new Response("Download the rota from its page in Baton.", { status: 403 });
  const { filename, csv } = exportRotaCsv({
    actor,
    teamId: params.teamId!,
    periodId: params.periodId!,
    ipAddress: context.clientAddress,
  });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
