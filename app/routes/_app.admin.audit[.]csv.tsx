import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditQueryFrom } from "~/audit-query";
import { exportAuditLog } from "~/models/audit-access.server";
import { requireSession } from "~/session-cookie.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const csv = exportAuditLog({
    actor,
    query: auditQueryFrom(new URL(request.url)),
    ipAddress: context.clientAddress,
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="baton-audit-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
