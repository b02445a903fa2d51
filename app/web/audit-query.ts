// The audit log's filter, read from the page's query string or the export form (same fields).
import type { AuditQuery } from "../models/audit/audit-access.server";
import { addDays, instantAt } from "../models/local-time";
import { TEXT_LIMITS, tooLongMessage } from "../models/text-limits";

/** Administrators think in UK dates: "to 25 Nov" means up to the end of that day in London. */
function dateParam(value: string | null, endOfDay: boolean): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  if (Number.isNaN(Date.parse(`${value}T00:00:00Z`))) return undefined;
  return new Date(instantAt(endOfDay ? addDays(value, 1) : value, 0, 0, "Europe/London"));
}

export const AUDIT_FILTER_FIELDS = ["action", "q", "from", "to"] as const;

export function auditQueryFrom(params: URLSearchParams): AuditQuery {
  const text = (name: string) => {
    const value = params.get(name);
    return typeof value === "string" && value.trim() ? value.trim() : undefined;
  };
  return {
    action: text("action"),
    text: text("q"),
    from: dateParam(params.get("from"), false),
    to: dateParam(params.get("to"), true),
  };
}

/**
 * A message when the filter's text is too long to search or record (an export keeps its query
 * in the audit log), or null. The action list is a select, so only a hand-made URL trips it.
 */
export function auditQueryProblem(params: URLSearchParams): string | null {
  const max = TEXT_LIMITS.auditFilter;
  if ((params.get("q") ?? "").length > max) return tooLongMessage("Search text", max);
  if ((params.get("action") ?? "").length > max) return tooLongMessage("Events", max);
  return null;
}
