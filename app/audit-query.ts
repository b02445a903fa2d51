// The audit log's filter, read from the page's query string (shared by the page and the CSV).
import type { AuditQuery } from "./models/audit-access.server";

function dateParam(value: string | null, endOfDay: boolean): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return undefined;
  return endOfDay ? new Date(date.getTime() + 86_400_000) : date;
}

export function auditQueryFrom(url: URL): AuditQuery {
  const p = url.searchParams;
  return {
    action: p.get("action") || undefined,
    text: p.get("q")?.trim() || undefined,
    from: dateParam(p.get("from"), false),
    to: dateParam(p.get("to"), true),
  };
}
