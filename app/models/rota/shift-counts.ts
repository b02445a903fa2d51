// Whether a shift on the rota counts as worked. A shift can stay on the rota after its person
// stops being able to work it: leave approved or sickness recorded after it was made, or an
// account closed. It stays in sight (the manager has to give it to someone else) but nobody may
// rely on it. This is the one rule every output of the rota follows: the calendar feed, who is
// on, colleagues, cover and gaps, the working-time review, the CSV export and the grid.
// Pure: the caller reads the shifts and, once for all of them, the absences that overlap them
// (`absencesOverlapping` in leave.server.ts).
import type { DateKey } from "../local-time";
import type { LeaveKind } from "./leave-rules";

/** One stretch of approved leave or recorded sickness, whole local days, end inclusive. */
export type Absence = { kind: LeaveKind; startDate: DateKey; endDate: DateKey };

/** Each person's approved leave and sickness, by user id. */
export type AbsencesByPerson = ReadonlyMap<string, readonly Absence[]>;

/** Why a shift does not count as worked. Sickness is its own reason: fewer people may see it. */
export type NotWorked =
  | { reason: "removed" }
  | { reason: "inactive" }
  | { reason: "leave"; kind: Exclude<LeaveKind, "sick"> }
  | { reason: "sickness" };

export type ShiftToCount = {
  userId: string;
  /** The shift's local start date in its team's zone. */
  date: DateKey;
  removedAt?: Date | null;
  /** False when the person's account is deactivated (or they are not on the team's roster). */
  personActive: boolean;
};

/**
 * The kind of absence a person has on a local date, or null. Leave is booked in whole local
 * days, and a shift belongs to the day it starts on (the grid's day): a night that starts the
 * evening before a week of leave is worked; one that starts on the last day of it is not.
 */
export function absenceOn(absences: AbsencesByPerson, userId: string, date: DateKey) {
  return absences.get(userId)?.find((a) => a.startDate <= date && date <= a.endDate)?.kind ?? null;
}

/**
 * Why a shift does not count as worked, or null when it does. In order: removed from the rota,
 * the person's account is closed, the person is off sick, the person is on leave.
 */
export function whyNotWorked(shift: ShiftToCount, absences: AbsencesByPerson): NotWorked | null {
  if (shift.removedAt) return { reason: "removed" };
  if (!shift.personActive) return { reason: "inactive" };
  const kind = absenceOn(absences, shift.userId, shift.date);
  if (kind === "sick") return { reason: "sickness" };
  if (kind) return { reason: "leave", kind };
  return null;
}

/** Whether a shift counts as worked: for cover, who is on, feeds, rules and exports alike. */
export function shiftCounts(shift: ShiftToCount, absences: AbsencesByPerson): boolean {
  return whyNotWorked(shift, absences) === null;
}

/** The leave kind behind a reason, for the screens that name it; null for any other reason. */
export function absenceKindOf(notWorked: NotWorked | null): LeaveKind | null {
  if (notWorked?.reason === "sickness") return "sick";
  if (notWorked?.reason === "leave") return notWorked.kind;
  return null;
}

/**
 * The short mark for an absence, as the grid and the CSV export show it. Sickness is "Sick" only
 * to the person and the team's managers; callers show "Off" to anyone else.
 */
export const ABSENCE_MARKS = { annual: "AL", study: "SL", other: "OL", sick: "Sick" } as const;
