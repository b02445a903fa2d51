// Wall-clock dates and times in a team's zone. Shifts are instants (UTC); rules such as "nights
// are 23:00 to 06:00" and "a weekend runs from Saturday 00:01" speak of local time.

/** A local calendar date as "YYYY-MM-DD". */
export type DateKey = string;

export type LocalParts = { dateKey: DateKey; hour: number; minute: number; weekday: number };

// Zone offsets come from Intl, which is slow per call; a rules check converts thousands of
// instants. Offsets are cached per zone in 15-minute buckets of UTC: every offset in the tz
// database is a multiple of 15 minutes and changes at a whole local minute, so a change always
// falls on a bucket boundary and each bucket has one offset.
const BUCKET_MS = 15 * 60_000;
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
const offsetCaches = new Map<string, Map<number, number>>();

function offsetFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = offsetFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    offsetFormatters.set(zone, formatter);
  }
  return formatter;
}

/** Minutes the zone's wall clock is ahead of UTC at an instant. */
export function zoneOffsetMinutes(instant: number, zone: string): number {
  const bucket = Math.floor(instant / BUCKET_MS);
  let cache = offsetCaches.get(zone);
  if (!cache) {
    cache = new Map();
    offsetCaches.set(zone, cache);
  }
  const cached = cache.get(bucket);
  if (cached !== undefined) return cached;
  const at = bucket * BUCKET_MS;
  const part: Record<string, number> = {};
  for (const p of offsetFormatter(zone).formatToParts(at)) {
    if (p.type !== "literal") part[p.type] = Number(p.value);
  }
  const wallAsUtc = Date.UTC(
    part.year!,
    part.month! - 1,
    part.day!,
    part.hour!,
    part.minute!,
    part.second!,
  );
  const offset = Math.round((wallAsUtc - at) / 60_000);
  cache.set(bucket, offset);
  return offset;
}

export function localParts(instant: Date | number, zone: string): LocalParts {
  const ms = typeof instant === "number" ? instant : instant.getTime();
  const wall = new Date(ms + zoneOffsetMinutes(ms, zone) * 60_000);
  return {
    dateKey: wall.toISOString().slice(0, 10),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    weekday: wall.getUTCDay(),
  };
}

const DAY_MS = 86_400_000;

const DATE_KEY = /^\d{4}-\d{2}-\d{2}$/;

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** Days in a month (1-12) of the Gregorian calendar: February has 29 in a leap year. */
function daysInMonth(year: number, month: number): number {
  // setUTCFullYear, not Date.UTC, which reads years 0 to 99 as 1900 to 1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

/**
 * Whether a year, a month (1 to 12) and a day name a date that exists: 2028-02-29 does,
 * 2027-02-29 and 2027-04-31 do not. JavaScript's Date quietly rolls 31 April over to 1 May, so
 * every date a person or a file gives is checked with this before it is used.
 */
export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/**
 * The sentence that says a date does not exist ("31 April 2027 does not exist."), or null when
 * it does. For showing to the person who typed it, as it is.
 */
export function nonexistentDateMessage(year: number, month: number, day: number): string | null {
  if (isRealDate(year, month, day)) return null;
  if (month < 1 || month > 12 || !Number.isInteger(month)) {
    const written = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    return `${written} does not exist: there is no month ${month}.`;
  }
  const leapDay = month === 2 && day === 29;
  return `${day} ${MONTH_NAMES[month - 1]} ${year} does not exist${leapDay ? ` (${year} is not a leap year)` : ""}.`;
}

/**
 * For text written as YYYY-MM-DD that names no real day, the sentence that says so
 * ("30 February 2027 does not exist."); null when it is a real date or not written that way.
 */
export function nonexistentDateKeyMessage(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match
    ? nonexistentDateMessage(Number(match[1]), Number(match[2]), Number(match[3]))
    : null;
}

/**
 * A form's message for a date that is not usable, led by why when it is written as YYYY-MM-DD
 * but names no real day: "31 April 2027 does not exist. Enter the first day as a real date."
 */
export function realDateMessage(value: string, ask: string): string {
  const missing = nonexistentDateKeyMessage(value);
  return missing ? `${missing} ${ask}` : ask;
}

/** Whether a string is a real calendar date "YYYY-MM-DD" (not 2026-02-30). */
export function isDateKey(value: string): boolean {
  return DATE_KEY.test(value) && nonexistentDateKeyMessage(value) === null;
}

/**
 * A local date as a whole number of days since 1970-01-01: cheap to compare and step through,
 * where the rules engine would otherwise build and parse thousands of date strings.
 */
export function localDayNumber(instant: number, zone: string): number {
  return Math.floor((instant + zoneOffsetMinutes(instant, zone) * 60_000) / DAY_MS);
}

/** instantAt for a day number. */
export function instantAtDay(day: number, hour: number, minute: number, zone: string): number {
  const wall = day * DAY_MS + hour * 3_600_000 + minute * 60_000;
  const firstOffset = zoneOffsetMinutes(wall, zone);
  const guess = wall - firstOffset * 60_000;
  const secondOffset = zoneOffsetMinutes(guess, zone);
  return secondOffset === firstOffset ? guess : wall - secondOffset * 60_000;
}

/** 0 = Sunday … 6 = Saturday, of a day number. */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function dayNumberOf(dateKey: DateKey): number {
  return Math.round(Date.parse(`${dateKey}T00:00:00Z`) / DAY_MS);
}

export function localDateKey(instant: Date | number, zone: string): DateKey {
  return localParts(instant, zone).dateKey;
}

/**
 * The instant at a wall-clock time on a local date. A time that happens twice (the hour the
 * clocks go back) is the later one; a time skipped when they go forward moves on by the gap.
 */
export function instantAt(dateKey: DateKey, hour: number, minute: number, zone: string): number {
  return instantAtDay(dayNumberOf(dateKey), hour, minute, zone);
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

/** The Monday of the week holding a local date (rotas run Monday to Sunday). */
export function mondayOf(dateKey: DateKey): DateKey {
  return addDays(dateKey, -((weekdayOf(dateKey) + 6) % 7));
}

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Whether a string is a wall-clock time "HH:MM" (00:00 to 23:59). */
export function isValidLocalTime(time: string): boolean {
  return LOCAL_TIME.test(time);
}

/** Minutes after midnight of "HH:MM", or null if it is not such a time. */
export function localTimeMinutes(time: string): number | null {
  const match = LOCAL_TIME.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}
