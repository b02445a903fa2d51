// The working-time rules engine: pure, no database. It takes one person's shifts as instants
// and a rule set, and explains each breach in a sentence a ward manager understands.
// Sources: ../shared/DOMAIN.md (2016 TCS for doctors in training, Schedule 3 as amended in
// 2019; the Working Time Regulations 1998). Hours are real elapsed hours: a 20:00-08:00 night on
// the October clock change is 13 hours long, and on the March change 11 hours.
import { instantAtDay, localDayNumber, weekdayOfDay } from "../local-time";

export type WorkPeriod = {
  start: Date;
  end: Date;
  /** An on-call period: counted by the on-call rules, not as hours worked. */
  onCall?: boolean;
  /** Breaks within the shift, if known; the break rules are checked only when given. */
  breakMinutes?: number;
};

export const RULE_SETS = ["tcs2016", "wtr"] as const;
export type RuleSetId = (typeof RULE_SETS)[number];

export const RULE_SET_NAMES: Record<RuleSetId, string> = {
  tcs2016: "2016 terms and conditions (doctors in training)",
  wtr: "Working Time Regulations 1998",
};

export type Breach = {
  /** The rule's id from DOMAIN.md, e.g. "tcs2016.max-168". */
  rule: string;
  /** Indexes into the input array of the shifts involved, in time order. */
  shifts: number[];
  message: string;
};

export type EvaluationOptions = {
  /** The team's zone, for nights, weekends and dates in messages (default Europe/London). */
  timeZone?: string;
  /** Opted out of the Working Time Regulations' 48-hour average (TCS then allows 56). */
  optedOut?: boolean;
  /** The rota period the averages are taken over; by default the days the shifts span. */
  period?: { start: Date; end: Date };
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Shift = {
  index: number;
  start: number;
  end: number;
  hours: number;
  onCall: boolean;
  breakMinutes?: number;
  /** The local date it starts on, as a day number (see local-time.ts). */
  startDay: number;
  night: boolean;
};

// ---------------------------------------------------------------- small helpers

function formatHours(hours: number): string {
  const whole = Math.floor(hours + 1e-9);
  const minutes = Math.round((hours - whole) * 60);
  return minutes ? `${whole} h ${minutes} min` : `${whole} h`;
}

const describers = new Map<string, ReturnType<typeof makeDescriber>>();

/** Formatting dates for messages, per zone (Intl formatters are costly to create). */
function describer(zone: string) {
  let found = describers.get(zone);
  if (!found) {
    found = makeDescriber(zone);
    describers.set(zone, found);
  }
  return found;
}

function makeDescriber(zone: string) {
  const day = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    weekday: "short",
    day: "numeric",
    month: "short",
  });
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  return {
    day: (instant: number) => day.format(instant),
    shift: (s: Shift) => `${day.format(s.start)} ${time.format(s.start)}–${time.format(s.end)}`,
    at: (instant: number) => `${day.format(instant)} ${time.format(instant)}`,
  };
}

function overlap(aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  return Math.max(0, Math.min(aEnd, bEnd) - Math.max(aStart, bStart));
}

/** Hours of a shift between 23:00 and 06:00 local time, summed over every night it touches. */
function nightHours(start: number, end: number, zone: string): number {
  let total = 0;
  const last = localDayNumber(end, zone);
  for (let day = localDayNumber(start, zone) - 1; day <= last; day++) {
    total += overlap(start, end, instantAtDay(day, 23, 0, zone), instantAtDay(day + 1, 6, 0, zone));
  }
  return total / HOUR;
}

/** Runs of shifts matching `test` on consecutive days (two on the same day stay in the run). */
function consecutiveRuns(shifts: Shift[], test: (s: Shift) => boolean): Shift[][] {
  const runs: Shift[][] = [];
  let run: Shift[] = [];
  for (const shift of shifts) {
    const previous = run[run.length - 1];
    const continues = previous && test(shift) && shift.startDay - previous.startDay <= 1;
    if (continues) {
      run.push(shift);
    } else {
      if (run.length) runs.push(run);
      run = test(shift) ? [shift] : [];
    }
  }
  if (run.length) runs.push(run);
  return runs;
}

function nextShiftAfter(shifts: Shift[], shift: Shift): Shift | undefined {
  return shifts.find((s) => s.start >= shift.end && s.index !== shift.index);
}

// ---------------------------------------------------------------- the evaluator

export function evaluateWorkingTime(
  input: WorkPeriod[],
  ruleSet: RuleSetId | null,
  options: EvaluationOptions = {},
): Breach[] {
  if (!ruleSet) return [];
  const zone = options.timeZone ?? "Europe/London";
  const say = describer(zone);
  const all: Shift[] = input
    .map((p, index) => {
      const start = p.start.getTime();
      const end = p.end.getTime();
      return {
        index,
        start,
        end,
        hours: (end - start) / HOUR,
        onCall: Boolean(p.onCall),
        breakMinutes: p.breakMinutes,
        startDay: localDayNumber(start, zone),
        night: nightHours(start, end, zone) >= 3,
      };
    })
    .sort((a, b) => a.start - b.start || a.index - b.index);
  const work = all.filter((s) => !s.onCall);
  const onCalls = all.filter((s) => s.onCall);
  if (all.length === 0) return [];

  const periodStart = options.period?.start.getTime() ?? instantAtDay(all[0]!.startDay, 0, 0, zone);
  const periodEnd =
    options.period?.end.getTime() ??
    instantAtDay(localDayNumber(Math.max(...all.map((s) => s.end)), zone) + 1, 0, 0, zone);

  const breaches: Breach[] = [];
  const add = (rule: string, shifts: Shift[], message: string) =>
    breaches.push({
      rule,
      shifts: [...new Set(shifts.map((s) => s.index))].sort((a, b) => a - b),
      message,
    });

  const context: RuleContext = {
    all,
    work,
    onCalls,
    zone,
    say,
    add,
    periodStart,
    periodEnd,
    options,
  };
  if (ruleSet === "tcs2016") {
    checkMaxShift(context);
    checkMax168(context);
    checkAverageWeekly(context, "tcs2016.avg-weekly", options.optedOut ? 56 : 48, null);
    checkRuns(context);
    checkOverlaps(context, "tcs2016.rest");
    checkRestBetween(context, "tcs2016.rest");
    checkWeekends(context);
    checkTcsBreaks(context);
    checkOnCall(context);
  } else {
    if (!options.optedOut) checkAverageWeekly(context, "wtr.avg-weekly", 48, 17);
    checkNightAverage(context);
    checkOverlaps(context, "wtr.daily-rest");
    checkDailyRest(context);
    checkWeeklyRest(context);
    checkWtrBreak(context);
  }
  return breaches.sort(
    (a, b) => (a.shifts[0] ?? 0) - (b.shifts[0] ?? 0) || a.rule.localeCompare(b.rule),
  );
}

type RuleContext = {
  all: Shift[];
  work: Shift[];
  onCalls: Shift[];
  zone: string;
  say: ReturnType<typeof describer>;
  add: (rule: string, shifts: Shift[], message: string) => void;
  periodStart: number;
  periodEnd: number;
  options: EvaluationOptions;
};

// ---------------------------------------------------------------- 2016 TCS

function checkMaxShift({ work, say, add }: RuleContext) {
  for (const s of work) {
    if (s.hours > 13) {
      add(
        "tcs2016.max-shift",
        [s],
        `The shift on ${say.shift(s)} is ${formatHours(s.hours)} long; no shift may be longer than 13 h.`,
      );
    }
  }
}

/**
 * The busiest 168 hours always start at a shift's start or end at a shift's end, so those are
 * the only windows to measure. Overlapping windows over the limit are reported once.
 */
function checkMax168({ work, say, add }: RuleContext) {
  const WINDOW = 168 * HOUR;
  const candidates = work.flatMap((s) => [s.start, s.end - WINDOW]).sort((a, b) => a - b);
  let current: { start: number; end: number; hours: number; shifts: Shift[] } | null = null;
  const flush = () => {
    if (current) {
      add(
        "tcs2016.max-168",
        current.shifts,
        `${formatHours(current.hours)} worked in the 168 hours from ${say.at(current.start)}; the limit is 72 h.`,
      );
    }
    current = null;
  };
  for (const windowStart of candidates) {
    const windowEnd = windowStart + WINDOW;
    const inside = work.filter((s) => overlap(s.start, s.end, windowStart, windowEnd) > 0);
    const hours =
      inside.reduce((sum, s) => sum + overlap(s.start, s.end, windowStart, windowEnd), 0) / HOUR;
    if (hours <= 72 + 1e-9) continue;
    // Name the window by when its work begins, not by an empty stretch before it.
    const from = Math.max(windowStart, Math.min(...inside.map((s) => s.start)));
    if (current && windowStart < current.end) {
      current.end = windowEnd;
      current.shifts.push(...inside);
      if (hours > current.hours + 1e-9) Object.assign(current, { hours, start: from });
    } else {
      flush();
      current = { start: from, end: windowEnd, hours, shifts: [...inside] };
    }
  }
  flush();
}

function checkAverageWeekly(
  { work, periodStart, periodEnd, add, options }: RuleContext,
  rule: string,
  limit: number,
  referenceWeeks: number | null,
) {
  // Given a rota period, average over it exactly; inferred from the shifts, over whole weeks.
  const exactWeeks = (periodEnd - periodStart) / (7 * DAY);
  const weeksInPeriod = Math.max(1, options.period ? exactWeeks : Math.ceil(exactWeeks - 1e-9));
  const spans: [number, number][] =
    referenceWeeks && weeksInPeriod > referenceWeeks
      ? work.map((s) => [s.start, s.start + referenceWeeks * 7 * DAY])
      : [[periodStart, periodStart + weeksInPeriod * 7 * DAY]];
  let worst: { average: number; shifts: Shift[]; weeks: number } | null = null;
  for (const [from, to] of spans) {
    const inside = work.filter((s) => overlap(s.start, s.end, from, to) > 0);
    const hours = inside.reduce((sum, s) => sum + overlap(s.start, s.end, from, to), 0) / HOUR;
    const weeks = (to - from) / (7 * DAY);
    const average = hours / weeks;
    if (average > limit + 1e-9 && (!worst || average > worst.average))
      worst = { average, shifts: inside, weeks };
  }
  if (worst) {
    const weeks = Number.isInteger(worst.weeks) ? String(worst.weeks) : worst.weeks.toFixed(1);
    const over = weeks === "1" ? "1 week" : `${weeks} weeks`;
    add(
      rule,
      worst.shifts,
      `An average of ${formatHours(worst.average)} a week over ${over}; the limit is ${limit} h.`,
    );
  }
}

function runDates(run: Shift[], say: RuleContext["say"]): string {
  return `${say.day(run[0]!.start)} to ${say.day(run[run.length - 1]!.start)}`;
}

/** A run longer than `max` breaches; a run that reaches `max` (or any run, when `restAfterAny`) needs `restHours` after it. */
function checkRun(
  { work, say, add }: RuleContext,
  rule: string,
  what: string,
  test: (s: Shift) => boolean,
  max: number,
  restHours: number,
  restAfterAny = false,
) {
  for (const run of consecutiveRuns(work, test)) {
    if (run.length > max) {
      add(rule, run, `${run.length} ${what} in a row, ${runDates(run, say)}; the limit is ${max}.`);
    }
    if (run.length >= max || restAfterAny) {
      const last = run[run.length - 1]!;
      const next = nextShiftAfter(work, last);
      if (next && next.start - last.end < restHours * HOUR) {
        add(
          rule,
          [last, next],
          `Only ${formatHours((next.start - last.end) / HOUR)} rest after ${run.length === 1 ? `the ${what.replace(/s\b/, "")}` : `${run.length} ${what}`} ending ${say.at(last.end)}; ${restHours} h are needed.`,
        );
      }
    }
  }
}

function checkRuns(context: RuleContext) {
  const { zone } = context;
  const isLong = (s: Shift) => s.hours > 10;
  const endsLate = (s: Shift) => s.end > instantAtDay(s.startDay, 23, 0, zone);
  checkRun(context, "tcs2016.long-shifts", "long shifts (over 10 h)", isLong, 4, 48);
  checkRun(
    context,
    "tcs2016.long-lates",
    "long late shifts",
    (s) => isLong(s) && !s.night && endsLate(s),
    4,
    48,
  );
  checkRun(context, "tcs2016.nights", "night shifts", (s) => s.night, 4, 46, true);
  checkRun(context, "tcs2016.consecutive", "shifts", () => true, 7, 48);
}

function checkOverlaps({ work, say, add }: RuleContext, rule: string) {
  for (let i = 1; i < work.length; i++) {
    const previous = work[i - 1]!;
    const next = work[i]!;
    if (next.start < previous.end) {
      add(
        rule,
        [previous, next],
        `The shifts ${say.shift(previous)} and ${say.shift(next)} overlap by ${formatHours((previous.end - next.start) / HOUR)}.`,
      );
    }
  }
}

/**
 * 2016 TCS Schedule 3: at least 11 hours' continuous rest between rostered shifts. The TCS speak
 * of the gap between one shift and the next, so each gap is measured (a split day breaches here,
 * though not under regulation 10 of the Working Time Regulations).
 */
function checkRestBetween({ work, say, add }: RuleContext, rule: string) {
  for (let i = 1; i < work.length; i++) {
    const previous = work[i - 1]!;
    const next = work[i]!;
    const gap = (next.start - previous.end) / HOUR;
    if (gap >= 0 && gap < 11) {
      add(
        rule,
        [previous, next],
        `Only ${formatHours(gap)} rest between ${say.shift(previous)} and ${say.shift(next)}; at least 11 h are needed.`,
      );
    }
  }
}

/** Weekend work: anything between 00:01 Saturday and 23:59 Sunday, local time. */
function checkWeekends({ work, zone, periodStart, periodEnd, say, add }: RuleContext) {
  const firstDay = localDayNumber(periodStart, zone);
  const lastDay = localDayNumber(periodEnd - 1, zone);
  let saturday = firstDay + ((6 - weekdayOfDay(firstDay) + 7) % 7);
  let weekends = 0;
  const worked: Shift[] = [];
  let weekendsWorked = 0;
  for (; lastDay - saturday >= 1; saturday += 7) {
    weekends++;
    const from = instantAtDay(saturday, 0, 1, zone);
    const to = instantAtDay(saturday + 1, 23, 59, zone);
    const inside = work.filter((s) => overlap(s.start, s.end, from, to) > 0);
    if (inside.length) {
      weekendsWorked++;
      worked.push(...inside);
    }
  }
  // A frequency needs a few weekends to mean anything: one weekend of two is not "1 in 2" yet.
  if (weekends >= 3 && weekendsWorked * 3 > weekends) {
    add(
      "tcs2016.weekends",
      worked,
      `Works ${weekendsWorked} of the ${weekends} weekends from ${say.day(periodStart)}; the limit is 1 weekend in 3.`,
    );
  }
}

function checkTcsBreaks({ work, say, add }: RuleContext) {
  for (const s of work) {
    if (s.breakMinutes === undefined) continue;
    const needed = s.night && s.hours >= 12 ? 90 : s.hours > 9 ? 60 : s.hours > 5 ? 30 : 0;
    if (s.breakMinutes < needed) {
      add(
        "tcs2016.breaks",
        [s],
        `The shift on ${say.shift(s)} has ${s.breakMinutes} minutes of breaks; a shift this long needs ${needed}.`,
      );
    }
  }
}

function checkOnCall({ onCalls, work, say, add }: RuleContext) {
  for (const s of onCalls) {
    if (s.hours > 24) {
      add(
        "tcs2016.on-call",
        [s],
        `The on-call period from ${say.at(s.start)} is ${formatHours(s.hours)}; the limit is 24 h.`,
      );
    }
  }
  for (let i = 1; i < onCalls.length; i++) {
    const a = onCalls[i - 1]!;
    const b = onCalls[i]!;
    const saturdayThenSunday = weekdayOfDay(a.startDay) === 6 && weekdayOfDay(b.startDay) === 0;
    if (b.startDay - a.startDay === 1 && !saturdayThenSunday) {
      add(
        "tcs2016.on-call",
        [a, b],
        `On call on consecutive days, ${say.day(a.start)} and ${say.day(b.start)}; only Saturday and Sunday may follow each other.`,
      );
    }
  }
  for (const first of onCalls) {
    const within = onCalls.filter((s) => {
      const days = s.startDay - first.startDay;
      return days >= 0 && days < 7;
    });
    if (within.length > 3) {
      add(
        "tcs2016.on-call",
        within,
        `${within.length} on-call periods in the 7 days from ${say.day(first.start)}; the limit is 3.`,
      );
      break;
    }
  }
  // "The next day" is the calendar day after the one the on-call period starts on.
  for (const call of onCalls) {
    const nextDay = call.startDay + 1;
    for (const s of work) {
      if (s.startDay === nextDay && s.hours > 10) {
        add(
          "tcs2016.on-call",
          [call, s],
          `The shift on ${say.shift(s)} follows an on-call period and is ${formatHours(s.hours)}; the day after on-call is limited to 10 h.`,
        );
      }
    }
  }
}

// ---------------------------------------------------------------- Working Time Regulations

/**
 * Daily rest, regulation 10(1) of the Working Time Regulations 1998: "a rest period of not less
 * than eleven consecutive hours in each 24-hour period during which he works". Read here as:
 * the 24 hours from the start of each shift must hold at least part of a rest of 11 consecutive
 * hours or more, where a rest is the whole time between one spell of work and the next, and a
 * rest that runs on past either edge of the window counts whole (before the first shift and
 * after the last, the rest is open-ended). So a split day, 08:00-12:00 and 12:30-16:30, has the
 * 15 h 30 min from 16:30 in each 24 hours; a late ending 22:00 and an early at 06:00 has only
 * 8 h in the 24 hours from the late's start. A rest merely touching a window (ending as it
 * starts) is not in it. Overlapping failing windows are reported once, by the one with least rest.
 */
function checkDailyRest({ work, say, add }: RuleContext) {
  const NEEDED = 11 * HOUR;
  // The rests: open-ended before the first spell and after the last; shifts that touch or
  // overlap make one spell of work.
  const rests: { from: number; to: number }[] = [];
  let cursor = Number.NEGATIVE_INFINITY;
  for (const s of work) {
    if (s.start > cursor) rests.push({ from: cursor, to: s.start });
    cursor = Math.max(cursor, s.end);
  }
  rests.push({ from: cursor, to: Number.POSITIVE_INFINITY });

  let current: { start: number; end: number; longest: number; shifts: Shift[] } | null = null;
  const flush = () => {
    if (current) {
      add(
        "wtr.daily-rest",
        current.shifts,
        current.longest > 0
          ? `The longest rest in the 24 hours from ${say.at(current.start)} is ${formatHours(current.longest / HOUR)}; at least 11 consecutive hours are needed.`
          : `No rest in the 24 hours from ${say.at(current.start)}; at least 11 consecutive hours are needed.`,
      );
    }
    current = null;
  };
  // Rests are in time order and shift starts only move on, so the first rest that can still
  // reach a window only moves on too: a year of shifts stays linear, not quadratic.
  let first = 0;
  for (const shift of work) {
    const from = shift.start;
    const to = from + DAY;
    while (rests[first]!.to <= from) first++;
    let longest = 0;
    for (let i = first; i < rests.length && rests[i]!.from < to; i++)
      longest = Math.max(longest, rests[i]!.to - rests[i]!.from);
    if (longest >= NEEDED) continue;
    const inside = work.filter((s) => overlap(s.start, s.end, from, to) > 0);
    if (current && from < current.end) {
      current.end = to;
      current.shifts.push(...inside);
      if (longest < current.longest) Object.assign(current, { longest, start: from });
    } else {
      flush();
      current = { start: from, end: to, longest, shifts: inside };
    }
  }
  flush();
}

/**
 * The span an average is taken over: the rota period when given (at least a week), or whole
 * weeks from the first shift's day. Averages sum only the hours inside the span they divide by,
 * so shifts a caller passes as context around a period add neither hours nor days.
 */
function averagingSpan({ periodStart, periodEnd, options }: RuleContext): {
  from: number;
  to: number;
  /** Days in the span, to a tenth: a span across a clock change is still 28 days, not 28.04. */
  days: number;
} {
  const exactWeeks = (periodEnd - periodStart) / (7 * DAY);
  const weeks = Math.max(1, options.period ? exactWeeks : Math.ceil(exactWeeks - 1e-9));
  const to = periodStart + weeks * 7 * DAY;
  return { from: periodStart, to, days: Math.round(weeks * 70) / 10 };
}

const formatDays = (days: number) => (Number.isInteger(days) ? String(days) : days.toFixed(1));

/**
 * Night workers, regulation 6 of the Working Time Regulations 1998: normal hours "shall not
 * exceed an average of eight hours for each 24 hours" over the reference period, worked out by
 * reg. 6(5) as A / (B - C): A the hours worked in the period, B its days, and C the weekly rest
 * the worker is entitled to under reg. 11 (24 hours in each 7 days, so one day in seven).
 * There is no opt-out: reg. 5 lets a worker opt out of reg. 4's weekly limit only.
 * A night worker (reg. 2) works at least 3 hours of night time (23:00 to 06:00) "as a normal
 * course": here, at least a third of their shifts in the period are nights.
 */
function checkNightAverage(context: RuleContext) {
  const { work, add } = context;
  const { from, to, days } = averagingSpan(context);
  const inside = work.filter((s) => overlap(s.start, s.end, from, to) > 0);
  const nights = inside.filter((s) => s.night);
  if (nights.length === 0 || nights.length * 3 < inside.length) return;
  const restDays = days / 7;
  const hours = inside.reduce((sum, s) => sum + overlap(s.start, s.end, from, to), 0) / HOUR;
  const average = hours / (days - restDays);
  if (average > 8 + 1e-9) {
    add(
      "wtr.night-average",
      inside,
      `As a night worker, an average of ${formatHours(average)} in each 24 hours over ${formatDays(days)} days less ${formatDays(restDays)} days of weekly rest; the limit is 8 h.`,
    );
  }
}

/** The longest stretch without work inside [from, to). */
function longestRest(work: Shift[], from: number, to: number): number {
  let cursor = from;
  let longest = 0;
  for (const s of work) {
    if (s.end <= from || s.start >= to) continue;
    longest = Math.max(longest, Math.max(0, s.start - cursor));
    cursor = Math.max(cursor, s.end);
  }
  return Math.max(longest, to - cursor) / HOUR;
}

/** 24 hours' uninterrupted rest each week, or 48 hours in each fortnight (regulation 11). */
function checkWeeklyRest({ work, zone, periodStart, periodEnd, say, add }: RuleContext) {
  const firstDay = localDayNumber(periodStart, zone);
  const monday = firstDay + ((8 - weekdayOfDay(firstDay)) % 7);
  const weeks: { from: number; to: number }[] = [];
  for (let day = monday; ; day += 7) {
    const from = instantAtDay(day, 0, 0, zone);
    const to = instantAtDay(day + 7, 0, 0, zone);
    if (to > periodEnd) break;
    weeks.push({ from, to });
  }
  for (let i = 0; i < weeks.length; i += 2) {
    const pair = weeks.slice(i, i + 2);
    const eachWeekRests = pair.every((w) => longestRest(work, w.from, w.to) >= 24);
    const fortnightRests = pair.length === 2 && longestRest(work, pair[0]!.from, pair[1]!.to) >= 48;
    if (eachWeekRests || fortnightRests) continue;
    const from = pair[0]!.from;
    const to = pair[pair.length - 1]!.to;
    const inside = work.filter((s) => overlap(s.start, s.end, from, to) > 0);
    add(
      "wtr.weekly-rest",
      inside,
      pair.length === 2
        ? `No 24 h rest in each week, and no 48 h rest, in the fortnight from ${say.day(from)}.`
        : `No 24 h uninterrupted rest in the week from ${say.day(from)}.`,
    );
  }
}

function checkWtrBreak({ work, say, add }: RuleContext) {
  for (const s of work) {
    if (s.breakMinutes !== undefined && s.hours > 6 && s.breakMinutes < 20) {
      add(
        "wtr.break",
        [s],
        `The shift on ${say.shift(s)} is over 6 h with ${s.breakMinutes} minutes of breaks; at least 20 are needed.`,
      );
    }
  }
}
