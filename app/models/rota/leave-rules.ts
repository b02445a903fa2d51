// Rules for leave dates that need no database. Leave is whole local days, end inclusive.
import { type DateKey, daysBetween, isDateKey, realDateMessage } from "../local-time";

export const LEAVE_KINDS = {
  annual: "Annual leave",
  study: "Study leave",
  other: "Other leave",
  sick: "Sickness",
} as const;
export type LeaveKind = keyof typeof LEAVE_KINDS;

/** The longest single stretch Baton takes in one go; longer absences are entered in parts. */
export const MAX_LEAVE_DAYS = 90;

/** Problems with a date range, by field; none means it is usable. */
export function checkLeaveDates(
  startDate: string,
  endDate: string,
  { today, allowPast }: { today: DateKey; allowPast: boolean },
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (!isDateKey(startDate))
    problems.push({
      field: "startDate",
      message: realDateMessage(startDate, "Enter the first day of leave as a real date."),
    });
  if (!isDateKey(endDate))
    problems.push({
      field: "endDate",
      message: realDateMessage(endDate, "Enter the last day of leave as a real date."),
    });
  if (problems.length) return problems;
  if (daysBetween(startDate, endDate) < 0) {
    problems.push({ field: "endDate", message: "The last day must be on or after the first day." });
  } else if (daysBetween(startDate, endDate) + 1 > MAX_LEAVE_DAYS) {
    problems.push({ field: "endDate", message: `Enter at most ${MAX_LEAVE_DAYS} days at a time.` });
  }
  if (!allowPast && daysBetween(today, startDate) < 0) {
    problems.push({
      field: "startDate",
      message: "Leave can only be requested from today onwards.",
    });
  }
  return problems;
}

/** Whether two inclusive date ranges share a day. */
export function datesOverlap(
  a: { startDate: DateKey; endDate: DateKey },
  b: { startDate: DateKey; endDate: DateKey },
): boolean {
  return daysBetween(a.startDate, b.endDate) >= 0 && daysBetween(b.startDate, a.endDate) >= 0;
}

export function leaveDays(startDate: DateKey, endDate: DateKey): number {
  return daysBetween(startDate, endDate) + 1;
}

export function describeLeaveDates(startDate: DateKey, endDate: DateKey): string {
  const format = (date: DateKey) =>
    new Date(`${date}T12:00:00Z`).toLocaleDateString("en-GB", {
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      timeZone: "UTC",
    });
  const days = leaveDays(startDate, endDate);
  return startDate === endDate
    ? `${format(startDate)} (1 day)`
    : `${format(startDate)} to ${format(endDate)} (${days} days)`;
}

/** A person may withdraw a request, or approved leave that has not started yet. */
export function canCancelLeave(
  leave: { status: string; startDate: DateKey },
  today: DateKey,
): boolean {
  return (
    leave.status === "requested" ||
    (leave.status === "approved" && daysBetween(today, leave.startDate) > 0)
  );
}

/**
 * How a person's absence reads to whoever plans around it: "on annual leave", or just "off" for
 * sickness, which is health information (the person and their managers see the reason elsewhere).
 */
export function describeAbsence(kind: LeaveKind): string {
  return kind === "sick" ? "off" : `on ${LEAVE_KINDS[kind].toLowerCase()}`;
}
