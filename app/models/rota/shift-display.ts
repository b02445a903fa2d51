// How shifts read to people: always in the team's zone, and a shift that crosses midnight names
// both dates ("Sat 24 Oct 19:30 to Sun 25 Oct 08:00"), so nobody turns up a day late for a night.
import { type DateKey, localParts } from "../local-time";

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      weekday: "short",
      day: "numeric",
      month: "short",
    });
    dayFormatters.set(zone, formatter);
  }
  return formatter;
}

/** "Tue 3 Dec" for a local date. */
export function formatDay(date: DateKey): string {
  return dayFormatter("UTC").format(new Date(`${date}T12:00:00Z`));
}

/** "Tuesday 3 December 2026" for a local date: headings and screen readers. */
export function formatLongDay(date: DateKey): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString("en-GB", {
    timeZone: "UTC",
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
  });
}

const two = (n: number) => String(n).padStart(2, "0");

/** "07:30" for an instant in a zone. */
export function formatClock(instant: Date | number, zone: string): string {
  const parts = localParts(instant, zone);
  return `${two(parts.hour)}:${two(parts.minute)}`;
}

/**
 * The times of a shift in the team's zone: "07:30 to 15:30" on one day, or with both dates when
 * it ends on a later day: "Sat 24 Oct 19:30 to Sun 25 Oct 08:00".
 */
export function formatShiftTimes(
  startsAt: Date | number,
  endsAt: Date | number,
  zone: string,
): string {
  const start = localParts(startsAt, zone);
  const endInstant = typeof endsAt === "number" ? endsAt : endsAt.getTime();
  // A shift ending exactly at midnight ends on the day it started, as people say it.
  const end = localParts(endInstant - 1, zone);
  const endClock = formatClock(endInstant, zone);
  if (start.dateKey === end.dateKey) return `${formatClock(startsAt, zone)} to ${endClock}`;
  return `${formatDay(start.dateKey)} ${formatClock(startsAt, zone)} to ${formatDay(end.dateKey)} ${endClock}`;
}

/** Hours between two instants, real elapsed time: "12 h 30 min", or "13 h" across a clock change. */
export function formatDuration(startsAt: Date | number, endsAt: Date | number): string {
  const ms = Number(endsAt) - Number(startsAt);
  const minutes = Math.round(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/**
 * "Tue 3 Dec, Early (E) 07:30 to 15:30": one line for a notification or a change record. A night
 * names its day once: "Wed 2 Dec, Night (N) 19:30 to Thu 3 Dec 08:00".
 */
export function describeShift(
  shift: { date: DateKey; startsAt: Date | number; endsAt: Date | number },
  shiftType: { code: string; name: string },
  zone: string,
): string {
  const startDay = localParts(shift.startsAt, zone).dateKey;
  const endInstant = Number(shift.endsAt);
  const endDay = localParts(endInstant - 1, zone).dateKey;
  const times =
    startDay === shift.date && endDay !== startDay
      ? `${formatClock(shift.startsAt, zone)} to ${formatDay(endDay)} ${formatClock(endInstant, zone)}`
      : formatShiftTimes(shift.startsAt, shift.endsAt, zone);
  return `${formatDay(shift.date)}, ${shiftType.name} (${shiftType.code}) ${times}`;
}

/**
 * The day view of a team ("who is on" that day, by shift): where the grid's day headings and
 * gaps, the Shifts page and a shift's notification lead. `date` is a local date key (YYYY-MM-DD).
 */
export function dayViewPath(teamId: string, date: string): string {
  return `/team/${teamId}/day/${date}`;
}
