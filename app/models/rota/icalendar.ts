// Writing iCalendar (RFC 5545) for the personal calendar feed. Pure: the caller hands over the
// events, already reduced to what may leave Baton (shift times, type and team, never patients).
//
// Times are written as wall-clock times in the team's zone with a TZID, so a calendar shows
// "20:00 to 08:00" and knows which zone that is in. Every TZID used is defined by a VTIMEZONE
// built from the zone's real offsets (Intl), rather than trusting each client's own tz database
// to agree with ours: the feed is then correct on its own, whatever reads it.
import { instantAt, zoneOffsetMinutes } from "../local-time";

export type CalendarEvent = {
  /** Globally unique and stable across fetches, so a calendar updates the event in place. */
  uid: string;
  startsAt: Date;
  endsAt: Date;
  /** IANA zone the times are shown in. */
  timeZone: string;
  summary: string;
  location?: string;
  description?: string;
  createdAt?: Date;
  lastModifiedAt: Date;
  sequence: number;
};

export type CalendarInput = {
  /** The calendar's name in the person's calendar app (X-WR-CALNAME). */
  name: string;
  events: CalendarEvent[];
  /** When this copy of the feed was written: every DTSTAMP. */
  now: Date;
  /**
   * Zones to describe even when no event uses them. RFC 5545 wants at least one component in a
   * calendar, so an empty feed still carries the person's zone instead of nothing.
   */
  extraTimeZones?: string[];
};

const CRLF = "\r\n";
/** RFC 5545 3.1: lines longer than 75 octets (excluding the line break) are folded. */
const MAX_LINE_OCTETS = 75;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export const PRODUCT_ID = "-//Baton//Rota calendar feed//EN";

/** Bytes a code point takes in UTF-8. */
function utf8Length(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code < 0x10000) return 3;
  return 4;
}

/**
 * Folds a content line at 75 octets (RFC 5545 3.1): a CRLF and one space before each
 * continuation, which counts toward that line's 75. The limit is in UTF-8 bytes, and a
 * multi-byte character is never cut in two (iterating by code point keeps them whole).
 */
export function foldLine(line: string): string {
  let folded = "";
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char);
    if (octets + size > MAX_LINE_OCTETS) {
      folded += `${CRLF} `;
      octets = 1;
    }
    folded += char;
    octets += size;
  }
  return folded;
}

/**
 * Replaces what may not appear in a value: control characters other than tab (RFC 5545 3.1)
 * and lone UTF-16 surrogates, which have no UTF-8 form (they become U+FFFD).
 */
function withoutUnwritable(value: string, controlReplacement: string): string {
  let clean = "";
  // Iterating by code point yields a surrogate on its own only when it is unpaired.
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) clean += "\uFFFD";
    else if ((code < 0x20 && code !== 0x09) || code === 0x7f) clean += controlReplacement;
    else clean += char;
  }
  return clean;
}

/**
 * A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks written as
 * "\n". Other control characters are not allowed in a value at all, so they become spaces.
 */
export function escapeText(value: string): string {
  const escaped = value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
  return withoutUnwritable(escaped, " ");
}

/** A parameter value: quoted when it holds a character that would end it (RFC 5545 3.2). */
function parameterValue(value: string): string {
  const clean = withoutUnwritable(value, "").replace(/"/g, "");
  return /[;:,]/.test(clean) ? `"${clean}"` : clean;
}

const two = (n: number) => String(n).padStart(2, "0");

/** "20261024T190000Z": an instant in UTC, the form DTSTAMP and LAST-MODIFIED require. */
export function utcDateTime(instant: Date | number): string {
  const iso = new Date(instant).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/**
 * An instant on a wall clock set to `offset`: for a change of offset, the time the old clock
 * reads as it changes (01:00 when London springs forward, 02:00 when it falls back).
 */
function wallClock(at: number, offset: number): string {
  return utcDateTime(at + offset * MINUTE_MS).slice(0, -1);
}

/** "20261024T200000": an instant as the zone's wall clock shows it (no zone suffix). */
export function localDateTime(instant: number, zone: string): string {
  return wallClock(instant, zoneOffsetMinutes(instant, zone));
}

/** "+0100", "-0330": a UTC offset as TZOFFSETFROM/TZOFFSETTO write it. */
export function utcOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const size = Math.abs(minutes);
  return `${sign}${two(Math.floor(size / 60))}${two(size % 60)}`;
}

/**
 * Whether the wall-clock time of an instant happens twice in the zone (the hour repeated when
 * the clocks go back). RFC 5545 3.3.5 reads a repeated local time as its first occurrence, but
 * calendar apps do not all agree, so such an instant is written in UTC instead.
 */
function isRepeatedLocalTime(instant: number, zone: string): boolean {
  const offset = zoneOffsetMinutes(instant, zone);
  const wall = instant + offset * MINUTE_MS;
  for (const nearby of [instant - DAY_MS, instant + DAY_MS]) {
    const other = zoneOffsetMinutes(nearby, zone);
    if (other === offset) continue;
    // The same wall time under the other offset: a real instant only if that offset held then.
    const twin = wall - other * MINUTE_MS;
    if (zoneOffsetMinutes(twin, zone) === other) return true;
  }
  return false;
}

/** A DTSTART or DTEND: local time with its TZID, or UTC when local time would be ambiguous. */
function dateTimeLine(name: string, instant: Date, zone: string): string {
  const ms = instant.getTime();
  if (isRepeatedLocalTime(ms, zone)) return `${name}:${utcDateTime(ms)}`;
  return `${name};TZID=${parameterValue(zone)}:${localDateTime(ms, zone)}`;
}

export type ZoneTransition = { at: number; offsetFrom: number; offsetTo: number };

/**
 * Every change of the zone's UTC offset in [from, to), found by stepping a day at a time and
 * bisecting to the minute where the offset differs. Offsets change at most a few times a year
 * and never twice within a day, so a day's step misses none.
 */
export function zoneTransitions(zone: string, from: number, to: number): ZoneTransition[] {
  const transitions: ZoneTransition[] = [];
  let cursor = Math.floor(from / MINUTE_MS);
  const end = Math.ceil(to / MINUTE_MS);
  let offset = zoneOffsetMinutes(cursor * MINUTE_MS, zone);
  const dayMinutes = DAY_MS / MINUTE_MS;
  while (cursor < end) {
    const next = Math.min(cursor + dayMinutes, end);
    const nextOffset = zoneOffsetMinutes(next * MINUTE_MS, zone);
    if (nextOffset === offset) {
      cursor = next;
      continue;
    }
    // The offset at `low` is the old one, at `high` a new one: close in on the boundary.
    let low = cursor;
    let high = next;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (zoneOffsetMinutes(middle * MINUTE_MS, zone) === offset) low = middle;
      else high = middle;
    }
    const offsetTo = zoneOffsetMinutes(high * MINUTE_MS, zone);
    transitions.push({ at: high * MINUTE_MS, offsetFrom: offset, offsetTo });
    // Scan on from the change itself, so a second change in the same step is found too.
    cursor = high;
    offset = offsetTo;
  }
  return transitions;
}

const transitionCache = new Map<string, ZoneTransition[]>();

function cachedTransitions(zone: string, from: number, to: number): ZoneTransition[] {
  const key = `${zone} ${from} ${to}`;
  let found = transitionCache.get(key);
  if (!found) {
    found = zoneTransitions(zone, from, to);
    // Feeds ask for the same few zones and years again and again; a handful of entries is plenty.
    if (transitionCache.size > 200) transitionCache.clear();
    transitionCache.set(key, found);
  }
  return found;
}

/**
 * A VTIMEZONE for the zone covering whole local years, `firstYear` to `lastYear`: one
 * observance in force from 1 January of the first year, then one per real change of offset.
 * Each observance's DTSTART is the time the old wall clock reads at the change, i.e. local time
 * in the offset it changes from (RFC 5545 3.6.5). A change forward is DAYLIGHT, back is STANDARD; a zone that
 * never changes gets a single STANDARD observance.
 */
export function timeZoneLines(zone: string, firstYear: number, lastYear: number): string[] {
  const from = instantAt(`${String(firstYear).padStart(4, "0")}-01-01`, 0, 0, zone);
  const to = instantAt(`${String(lastYear + 1).padStart(4, "0")}-01-01`, 0, 0, zone);
  const transitions = cachedTransitions(zone, from, to);
  const before = zoneOffsetMinutes(from - MINUTE_MS, zone);
  const atStart = zoneOffsetMinutes(from, zone);
  // Whether the offset in force on 1 January is summer time shows in where it goes next.
  const first = transitions[0];
  const startsInDaylight = first ? first.offsetTo < first.offsetFrom : false;
  const observances: { kind: "STANDARD" | "DAYLIGHT"; start: string; from: number; to: number }[] =
    [
      {
        kind: startsInDaylight ? "DAYLIGHT" : "STANDARD",
        start: localDateTime(from, zone),
        from: before,
        to: atStart,
      },
      ...transitions.map((t) => ({
        kind: t.offsetTo > t.offsetFrom ? ("DAYLIGHT" as const) : ("STANDARD" as const),
        start: wallClock(t.at, t.offsetFrom),
        from: t.offsetFrom,
        to: t.offsetTo,
      })),
    ];
  const lines = [
    "BEGIN:VTIMEZONE",
    `TZID:${escapeText(zone)}`,
    `X-LIC-LOCATION:${escapeText(zone)}`,
  ];
  for (const o of observances) {
    lines.push(
      `BEGIN:${o.kind}`,
      `DTSTART:${o.start}`,
      `TZOFFSETFROM:${utcOffset(o.from)}`,
      `TZOFFSETTO:${utcOffset(o.to)}`,
      `END:${o.kind}`,
    );
  }
  lines.push("END:VTIMEZONE");
  return lines;
}

/** UTC year of an instant shifted onto the zone's wall clock: the local year. */
function localYear(instant: number, zone: string): number {
  return new Date(instant + zoneOffsetMinutes(instant, zone) * MINUTE_MS).getUTCFullYear();
}

/**
 * SEQUENCE for an event whose last change was at `updatedAt`: whole seconds since 2020, so it
 * rises with every change without a counter in the database, and stays inside the 32-bit
 * integer some calendar apps keep it in until 2088.
 */
export function sequenceFor(updatedAt: Date): number {
  return Math.max(0, Math.floor((updatedAt.getTime() - Date.UTC(2020, 0, 1)) / 1000));
}

function eventLines(event: CalendarEvent, now: Date): string[] {
  const lines = [
    "BEGIN:VEVENT",
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${utcDateTime(now)}`,
    dateTimeLine("DTSTART", event.startsAt, event.timeZone),
    dateTimeLine("DTEND", event.endsAt, event.timeZone),
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.createdAt) lines.push(`CREATED:${utcDateTime(event.createdAt)}`);
  lines.push(
    `LAST-MODIFIED:${utcDateTime(event.lastModifiedAt)}`,
    `SEQUENCE:${Math.max(0, Math.floor(event.sequence))}`,
    "STATUS:CONFIRMED",
    // A shift is busy time: free/busy lookups and meeting invitations should see it.
    "TRANSP:OPAQUE",
    "END:VEVENT",
  );
  return lines;
}

/** The whole calendar as text: CRLF line ends, folded lines, one VTIMEZONE per zone used. */
export function writeCalendar({ name, events, now, extraTimeZones = [] }: CalendarInput): string {
  const years = new Map<string, { first: number; last: number }>();
  const cover = (zone: string, instant: number) => {
    const year = localYear(instant, zone);
    const span = years.get(zone);
    if (!span) years.set(zone, { first: year, last: year });
    else years.set(zone, { first: Math.min(span.first, year), last: Math.max(span.last, year) });
  };
  for (const event of events) {
    cover(event.timeZone, event.startsAt.getTime());
    cover(event.timeZone, event.endsAt.getTime());
  }
  for (const zone of extraTimeZones) if (!years.has(zone)) cover(zone, now.getTime());

  const lines = [
    "BEGIN:VCALENDAR",
    `PRODID:${PRODUCT_ID}`,
    "VERSION:2.0",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(name)}`,
    // Hints for how often to check for changes (RFC 7986, and its older Microsoft spelling).
    "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
    "X-PUBLISHED-TTL:PT1H",
  ];
  for (const [zone, span] of [...years].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(...timeZoneLines(zone, span.first, span.last));
  }
  for (const event of events) lines.push(...eventLines(event, now));
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join(CRLF) + CRLF;
}
