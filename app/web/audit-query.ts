// The audit log's filter, read from the page's query string or the export form (same fields).
import type { AuditQuery } from "../models/audit/audit-access.server";
import {
  addDays,
  instantAt,
  isDateKey,
  nonexistentDateKeyMessage,
  realDateMessage,
} from "../models/local-time";
import { TEXT_LIMITS, tooLongMessage } from "../models/text-limits";
import type { FormErrors } from "./forms";

/** Administrators think in UK dates: "to 25 Nov" means up to the end of that day in London. */
function dateParam(value: string | null, endOfDay: boolean): Date | undefined {
  // Not Date.parse, which reads 2027-04-31 as 1 May: auditFilterProblems names such a date.
  // Trimmed as auditFilterProblems trims it, so a date it accepted is never silently dropped.
  const date = value?.trim();
  if (!date || !isDateKey(date)) return undefined;
  return new Date(instantAt(endOfDay ? addDays(date, 1) : date, 0, 0, "Europe/London"));
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
 * What is wrong with the filter, keyed by field, for the page to show instead of quietly
 * filtering on something else: text too long to search or record (an export keeps its query in
 * the audit log; the action list is a select, so only a hand-made URL trips that), and a From or
 * To date written as a date but naming no real day ("31 April 2027 does not exist."). Other
 * malformed values are ignored, as a hand-edited address may carry anything.
 */
export function auditFilterProblems(params: URLSearchParams): FormErrors {
  const problems: FormErrors = [];
  const max = TEXT_LIMITS.auditFilter;
  if ((params.get("q") ?? "").length > max)
    problems.push({ field: "q", message: tooLongMessage("Search text", max) });
  if ((params.get("action") ?? "").length > max)
    problems.push({ field: "action", message: tooLongMessage("Events", max) });
  for (const [field, label] of [
    ["from", "From"],
    ["to", "To"],
  ] as const) {
    const value = params.get(field)?.trim() ?? "";
    if (nonexistentDateKeyMessage(value))
      problems.push({
        field,
        message: realDateMessage(value, `Enter the ${label} date as a real date.`),
      });
  }
  return problems;
}
