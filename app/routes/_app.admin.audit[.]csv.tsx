import type { ActionFunctionArgs } from "@remix-run/node";
import { exportAuditLog } from "~/models/audit/audit-access.server";
import { auditFilterProblems, auditQueryFrom } from "~/web/audit-query";
import { readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

// An export is itself audited, so it is a POST: a link on another site cannot make an
// administrator's browser export (and log an export) behind their back.
export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const form = await readForm(request);
  const params = new URLSearchParams();
  for (const [key, value] of form) if (typeof value === "string") params.append(key, value);
  const problems = auditFilterProblems(params);
  if (problems.length)
    throw new Response(problems.map((p) => p.message).join(" "), {
      status: 400,
      headers: { "Content-Type": "text/plain" },
    });
  const csv = exportAuditLog({
    actor,
    query: auditQueryFrom(params),
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
