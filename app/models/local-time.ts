// Wall-clock dates and times in a team's zone. Shifts are instants (UTC); rules such as "nights
// are 23:00 to 06:00" and "a weekend runs from Saturday 00:01" speak of local time.
import { TZDate } from "@date-fns/tz";

/** A local calendar date as "YYYY-MM-DD". */
export type DateKey = string;

export type LocalParts = { dateKey: DateKey; hour: number; minute: number; weekday: number };

const pad = (n: number) => String(n).padStart(2, "0");

export function localParts(instant: Date | number, zone: string): LocalParts {
  const local = new TZDate(typeof instant === "number" ? instant : instant.getTime(), zone);
  return {
    dateKey: `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`,
    hour: local.getHours(),
    minute: local.getMinutes(),
    weekday: local.getDay(),
  };
}

export function localDateKey(instant: Date | number, zone: string): DateKey {
  return localParts(instant, zone).dateKey;
}

/** The instant at a wall-clock time on a local date (a time skipped by a clock change moves on). */
export function instantAt(dateKey: DateKey, hour: number, minute: number, zone: string): number {
  const [y, m, d] = dateKey.split("-").map(Number) as [number, number, number];
  return new TZDate(y, m - 1, d, hour, minute, zone).getTime();
}

export function addDays(dateKey: DateKey, days: number): DateKey {
  const date = new Date(`${dateKey}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function daysBetween(from: DateKey, to: DateKey): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** 0 = Sunday … 6 = Saturday, of a local date. */
export function weekdayOf(dateKey: DateKey): number {
  return new Date(`${dateKey}T00:00:00Z`).getUTCDay();
}
