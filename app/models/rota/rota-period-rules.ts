// Rules for rota periods that need no database: a period is a run of whole local days, both ends
// inclusive, typically four or six weeks.

import {
  addDays,
  type DateKey,
  daysBetween,
  isDateKey,
  realDateMessage,
  weekdayOf,
} from "../local-time";
import { datesOverlap } from "./leave-rules";
import { formatDay } from "./shift-display";

/** Twelve weeks: long enough for any rota cycle, short enough to review on a phone. */
export const MAX_PERIOD_DAYS = 84;

export type FieldProblem = { field: string; message: string };

/**
 * Rotas are planned from two years back (a late correction) to three years ahead. A date far
 * outside that is a typing slip (2062 for 2026), and would make feeds and grids span centuries.
 */
export function isWithinRotaYears(date: DateKey, today: DateKey): boolean {
  const offset = daysBetween(today, date);
  return offset >= -2 * 366 && offset <= 3 * 366;
}

export function checkPeriodDates(
  startDate: string,
  endDate: string,
  today?: DateKey,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isDateKey(startDate))
    problems.push({
      field: "startDate",
      message: realDateMessage(startDate, "Enter the first day as a real date."),
    });
  if (!isDateKey(endDate))
    problems.push({
      field: "endDate",
      message: realDateMessage(endDate, "Enter the last day as a real date."),
    });
  if (problems.length) return problems;
  const days = daysBetween(startDate, endDate) + 1;
  if (today && !isWithinRotaYears(startDate, today))
    problems.push({
      field: "startDate",
      message: "Choose a first day from two years ago to three years ahead.",
    });
  if (days < 1)
    problems.push({ field: "endDate", message: "The last day must be on or after the first day." });
  else if (days > MAX_PERIOD_DAYS)
    problems.push({
      field: "endDate",
      message: `A rota period can be at most ${MAX_PERIOD_DAYS / 7} weeks long.`,
    });
  return problems;
}

/** The period among `others` that shares a day with the new one, if any. */
export function overlappingPeriod<P extends { startDate: DateKey; endDate: DateKey }>(
  period: { startDate: DateKey; endDate: DateKey },
  others: P[],
): P | undefined {
  return others.find((other) => datesOverlap(period, other));
}

/** "Mon 7 Dec to Sun 3 Jan 2027 (4 weeks)". */
export function describePeriod(startDate: DateKey, endDate: DateKey): string {
  const days = daysBetween(startDate, endDate) + 1;
  const length = days % 7 === 0 ? `${days / 7} week${days === 7 ? "" : "s"}` : `${days} days`;
  return `${formatDay(startDate)} to ${formatDay(endDate)} ${endDate.slice(0, 4)} (${length})`;
}

/** Where the next period would naturally start: the day after the last one, or next Monday. */
export function suggestNextPeriod(
  periods: { endDate: DateKey }[],
  today: DateKey,
  weeks = 4,
): { startDate: DateKey; endDate: DateKey } {
  const last = periods
    .map((p) => p.endDate)
    .sort()
    .at(-1);
  const startDate = last ? addDays(last, 1) : addDays(today, (8 - weekdayOf(today)) % 7 || 7);
  return { startDate, endDate: addDays(startDate, weeks * 7 - 1) };
}

/** Every date of a period, in order. */
export function datesOf(startDate: DateKey, endDate: DateKey): DateKey[] {
  const count = daysBetween(startDate, endDate) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, i) => addDays(startDate, i));
}
