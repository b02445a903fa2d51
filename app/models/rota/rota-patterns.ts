// Turning rota patterns into dated shifts. Everything here works on local calendar dates in the
// team's zone: a pattern says "Mondays and Tuesdays", never "every 168 hours", so a 07:30 early
// stays a 07:30 early when the clocks change. Instants are made only at the very end.
import * as rruleModule from "rrule";
import {
  addDays,
  type DateKey,
  daysBetween,
  instantAt,
  localDateKey,
  localTimeMinutes,
  nonexistentDateMessage,
  weekdayOf,
} from "../local-time";

// rrule is CommonJS: the namespace's default holds the classes in some loaders, not in others.
const { RRule } = ((rruleModule as unknown as { default?: typeof rruleModule }).default ??
  rruleModule) as typeof rruleModule;

export type ShiftTimes = { startLocal: string; endLocal: string };

function minutesOf(time: string): number {
  const minutes = localTimeMinutes(time);
  if (minutes === null) throw new Error(`"${time}" is not a time like 07:30`);
  return minutes;
}

/**
 * The start and end instants of a shift type on a local date. An end at or before the start
 * means the shift crosses midnight and ends the next day (a 20:00-08:00 night; a 13:00-00:00 late).
 */
export function shiftInstants(
  date: DateKey,
  times: ShiftTimes,
  zone: string,
): { start: Date; end: Date } {
  const startMinutes = minutesOf(times.startLocal);
  const endMinutes = minutesOf(times.endLocal);
  const endDate = endMinutes <= startMinutes ? addDays(date, 1) : date;
  return {
    start: new Date(instantAt(date, Math.floor(startMinutes / 60), startMinutes % 60, zone)),
    end: new Date(instantAt(endDate, Math.floor(endMinutes / 60), endMinutes % 60, zone)),
  };
}

/** A floating date for rrule: midnight UTC stands for the local date, whatever the zone. */
function floating(date: DateKey): Date {
  return new Date(`${date}T00:00:00Z`);
}

export type PatternProblem = { ok: false; message: string };

/**
 * When the pattern's shift starts on each of its dates: the shift type's local start and the
 * team's zone. An UNTIL with a time is compared with this start (see lastDateOfUntil).
 */
export type PatternShiftStart = { startLocal: string; timeZone: string };

const UNTIL = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/;

/**
 * The last local date an UNTIL lets a shift start on (RFC 5545 3.3.10: UNTIL "specifies a
 * date or date-time value that bounds the recurrence rule in an inclusive manner").
 * - UNTIL=20270131: a date, inclusive of that local date.
 * - UNTIL=20270131T073000Z, in UTC as Outlook and Google write it: an instant; a date is in
 *   when its shift starts at or before it, in the team's zone (not "on or before that UTC date").
 * - UNTIL=20270131T073000, a local time: a date is in when its shift starts at or before that
 *   wall-clock time.
 * Without the shift's start (describing a rule in words) a time is dropped and the date kept.
 */
function lastDateOfUntil(
  text: string,
  shiftStart: PatternShiftStart | undefined,
): { ok: true; date: DateKey } | PatternProblem {
  const asked = "Give the last date as YYYYMMDD, for example UNTIL=20270131.";
  const match = UNTIL.exec(text);
  if (!match) return { ok: false, message: asked };
  const [, year, month, day, hour, minute, second, utc] = match;
  const missing = nonexistentDateMessage(Number(year), Number(month), Number(day));
  if (missing) return { ok: false, message: `${missing} ${asked}` };
  const date = `${year}-${month}-${day}`;
  if (hour === undefined) return { ok: true, date };
  // Second 60 is a leap second, which RFC 5545 allows.
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60)
    return {
      ok: false,
      message: `The time in UNTIL=${text} does not exist: times run from 000000 to 235959.`,
    };
  if (!shiftStart) return { ok: true, date };
  const startMinutes = minutesOf(shiftStart.startLocal);
  const [startHour, startMinute] = [Math.floor(startMinutes / 60), startMinutes % 60];
  if (utc) {
    const until = Date.UTC(
      Number(year),
      Number(month) - 1,
      Number(day),
      Number(hour),
      Number(minute),
      Math.min(59, Number(second)),
    );
    // The instant's local date, or the day before when that date's shift starts after it.
    const localDate = localDateKey(until, shiftStart.timeZone);
    const startsAfter = instantAt(localDate, startHour, startMinute, shiftStart.timeZone) > until;
    return { ok: true, date: startsAfter ? addDays(localDate, -1) : localDate };
  }
  const untilSeconds = Number(hour) * 3600 + Number(minute) * 60 + Number(second);
  return { ok: true, date: startMinutes * 60 > untilSeconds ? addDays(date, -1) : date };
}

const WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;

/** The longest a pattern may run: its last date within five years of its first. */
const MAX_PATTERN_DAYS = 5 * 366;

const unreadable: PatternProblem = {
  ok: false,
  message: "That repeat rule could not be read. Use a form like FREQ=WEEKLY;BYDAY=MO,TU;COUNT=8.",
};

/**
 * Checks a recurrence rule as a manager would type it (RFC 5545 RRULE parts, e.g.
 * "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU;COUNT=12"). Only the parts a rota needs are understood:
 * FREQ (daily or weekly), INTERVAL, BYDAY (plain weekdays), COUNT or UNTIL, and WKST. Every
 * rule must end, so nothing expands forever; anything rrule would accept but could spin on
 * (a negative interval, a month day that never comes) is refused here, by name. An UNTIL with
 * a time is read against the shift's start (`shiftStart`; see lastDateOfUntil).
 */
export function parseRecurrence(
  rule: string,
  startDate: DateKey,
  shiftStart?: PatternShiftStart,
): { ok: true; rule: InstanceType<typeof RRule> } | PatternProblem {
  const text = rule
    .trim()
    .replace(/^RRULE:/i, "")
    .toUpperCase();
  const parts = new Map<string, string>();
  for (const part of text.split(";").filter(Boolean)) {
    const match = /^([A-Z]+)=([A-Z0-9,+-]+)$/.exec(part);
    if (!match || parts.has(match[1]!)) return unreadable;
    parts.set(match[1]!, match[2]!);
  }
  const unknown = [...parts.keys()].find(
    (key) => !["FREQ", "INTERVAL", "BYDAY", "COUNT", "UNTIL", "WKST"].includes(key),
  );
  if (unknown) {
    return {
      ok: false,
      message: `Baton's patterns use FREQ, INTERVAL, BYDAY, COUNT and UNTIL; not ${unknown}.`,
    };
  }
  const freq = parts.get("FREQ");
  if (freq !== "WEEKLY" && freq !== "DAILY")
    return { ok: false, message: "A rota pattern repeats daily or weekly." };
  const interval = Number(parts.get("INTERVAL") ?? "1");
  if (!/^\d+$/.test(parts.get("INTERVAL") ?? "1") || interval < 1 || interval > 52)
    return { ok: false, message: "Repeat every 1 to 52 days or weeks (INTERVAL)." };
  const days = parts.get("BYDAY")?.split(",") ?? [];
  const weekday = (code: string) => WEEKDAY_CODES.indexOf(code as (typeof WEEKDAY_CODES)[number]);
  if (days.some((day) => weekday(day) < 0))
    return { ok: false, message: "Name the days as MO, TU, WE, TH, FR, SA or SU (BYDAY)." };
  const wkst = parts.get("WKST");
  if (wkst !== undefined && weekday(wkst) < 0)
    return { ok: false, message: "Start the week on MO, TU, WE, TH, FR, SA or SU (WKST)." };
  const countText = parts.get("COUNT");
  const untilText = parts.get("UNTIL");
  if ((countText === undefined) === (untilText === undefined)) {
    return {
      ok: false,
      message:
        "Say when the pattern ends: a number of times (COUNT) or a last date (UNTIL), not both.",
    };
  }
  let count: number | null = null;
  let until: Date | null = null;
  if (countText !== undefined) {
    count = Number(countText);
    if (!/^\d+$/.test(countText) || count < 1 || count > 1000)
      return { ok: false, message: "A pattern repeats from 1 to 1,000 times (COUNT)." };
    // Roughly how many days the repeats span, to hold COUNT to the same five years as UNTIL.
    const perWeek = days.length || (freq === "WEEKLY" ? 1 : 7);
    const spanDays =
      freq === "WEEKLY"
        ? Math.ceil(count / perWeek) * interval * 7
        : Math.ceil((count * 7) / perWeek) * interval;
    if (spanDays > MAX_PATTERN_DAYS)
      return { ok: false, message: "A pattern can run for at most five years." };
  } else {
    const last = lastDateOfUntil(untilText ?? "", shiftStart);
    if (!last.ok) return last;
    const date = last.date;
    if (date < startDate)
      return { ok: false, message: "The last date (UNTIL) must not be before the first." };
    if (daysBetween(startDate, date) > MAX_PATTERN_DAYS)
      return { ok: false, message: "A pattern can run for at most five years." };
    until = new Date(`${date}T23:59:59Z`);
  }
  try {
    return {
      ok: true,
      rule: new RRule({
        freq: freq === "WEEKLY" ? RRule.WEEKLY : RRule.DAILY,
        interval,
        byweekday: days.length ? days.map(weekday) : null,
        wkst: wkst === undefined ? null : weekday(wkst),
        count,
        until,
        dtstart: floating(startDate),
        tzid: null,
      }),
    };
  } catch {
    return unreadable;
  }
}

/**
 * The RRULE for "every N weeks on these days until this date", as the simple pattern form asks.
 * Days come back in week order whatever order they were ticked in.
 */
export function weeklyRecurrence({
  days,
  interval,
  untilDate,
}: {
  days: string[];
  interval: number;
  untilDate: DateKey;
}): string {
  const byDay = WEEKDAY_CODES.filter((code) => days.includes(code));
  const parts = ["FREQ=WEEKLY"];
  if (interval > 1) parts.push(`INTERVAL=${interval}`);
  if (byDay.length) parts.push(`BYDAY=${byDay.join(",")}`);
  parts.push(`UNTIL=${untilDate.replaceAll("-", "")}`);
  return parts.join(";");
}

/** A recurrence in words, "every week on Tuesday, Thursday, Saturday for 48 times". */
export function describeRecurrence(
  rule: string,
  startDate: DateKey,
  shiftStart?: PatternShiftStart,
): string {
  const parsed = parseRecurrence(rule, startDate, shiftStart);
  return parsed.ok ? parsed.rule.toText() : rule;
}

/**
 * The local dates a recurrence falls on, within [from, to] inclusive. `shiftStart` says when
 * the shift starts on each date, for an UNTIL with a time (see parseRecurrence).
 */
export function expandRecurrence(
  rule: string,
  startDate: DateKey,
  range: { from: DateKey; to: DateKey },
  shiftStart?: PatternShiftStart,
): DateKey[] {
  const parsed = parseRecurrence(rule, startDate, shiftStart);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.rule
    .between(floating(range.from), new Date(`${range.to}T23:59:59Z`), true)
    .map((date) => date.toISOString().slice(0, 10));
}

/**
 * A rotating rota: N weekly lines of seven cells (Monday first), each a shift code or null for a
 * day off. Person k starts on line `startLine` in the week of `cycleStart` (a Monday) and moves
 * to the next line each week, wrapping round, so the team covers every line at once.
 */
export type RotaLines = (string | null)[][];

export function checkRotaLines(lines: RotaLines): string | null {
  if (lines.length === 0) return "A rotating rota needs at least one line.";
  const bad = lines.findIndex((line) => line.length !== 7);
  return bad >= 0 ? `Line ${bad + 1} must have seven days, Monday to Sunday.` : null;
}

export function expandRotaLines({
  lines,
  cycleStart,
  startLine,
  range,
}: {
  lines: RotaLines;
  cycleStart: DateKey;
  startLine: number;
  range: { from: DateKey; to: DateKey };
}): { date: DateKey; code: string }[] {
  const problem = checkRotaLines(lines);
  if (problem) throw new Error(problem);
  if (weekdayOf(cycleStart) !== 1) throw new Error("A rotating rota's cycle starts on a Monday.");
  const result: { date: DateKey; code: string }[] = [];
  const total = daysBetween(range.from, range.to);
  for (let i = 0; i <= total; i++) {
    const date = addDays(range.from, i);
    const offset = daysBetween(cycleStart, date);
    if (offset < 0) continue;
    const week = Math.floor(offset / 7);
    const line = lines[(((startLine + week) % lines.length) + lines.length) % lines.length]!;
    const code = line[offset % 7];
    if (code) result.push({ date, code });
  }
  return result;
}

const WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const DAY_OFF = new Set(["-", ".", "OFF", "X", "0"]);

/**
 * Reads rota lines as a manager types them: one week a line, seven cells Monday to Sunday,
 * separated by spaces or commas, each a shift code or "-" (also "off" or ".") for a day off:
 *   E E L L - - -
 *   N N N - - E E
 * Every code must be one of the team's shift types.
 */
export function parseRotaLinesText(
  text: string,
  knownCodes: Iterable<string>,
): { ok: true; lines: RotaLines } | PatternProblem {
  const codes = new Set([...knownCodes].map((c) => c.toUpperCase()));
  const rows = text
    .split(/\r?\n/)
    .map((row) => row.trim())
    .filter(Boolean);
  if (rows.length === 0) return { ok: false, message: "Enter at least one line of seven days." };
  if (rows.length > 52) return { ok: false, message: "A rotating rota can have at most 52 lines." };
  const lines: RotaLines = [];
  for (const [i, row] of rows.entries()) {
    const cells = row.split(/[\s,;|]+/).filter(Boolean);
    if (cells.length !== 7) {
      return {
        ok: false,
        message: `Line ${i + 1} has ${cells.length} day${cells.length === 1 ? "" : "s"}; each line needs seven, Monday to Sunday (use - for a day off).`,
      };
    }
    const line: (string | null)[] = [];
    for (const [d, cell] of cells.entries()) {
      const code = cell.toUpperCase();
      // The team's own codes first: a shift coded X or OFF is a shift, not a day off.
      if (codes.has(code)) {
        line.push(code);
      } else if (DAY_OFF.has(code)) {
        line.push(null);
      } else {
        return {
          ok: false,
          message: `Line ${i + 1}, ${WEEKDAY_NAMES[d]}: no shift type has the code "${cell}".`,
        };
      }
    }
    lines.push(line);
  }
  return { ok: true, lines };
}

/** Rota lines back as text, for showing and editing. */
export function formatRotaLines(lines: RotaLines): string {
  return lines.map((line) => line.map((cell) => cell ?? "-").join(" ")).join("\n");
}
