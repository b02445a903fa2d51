import { describe, expect, it } from "vitest";
import { instantAt } from "~/models/local-time";
import {
  type Breach,
  evaluateWorkingTime,
  type WorkPeriod,
} from "~/models/rules/working-time-rules";

const ZONE = "Europe/London";

/** "2026-10-24 20:00" in London, as an instant. */
function at(local: string): Date {
  const [date, time] = local.split(" ") as [string, string];
  const [h, m] = time.split(":").map(Number) as [number, number];
  return new Date(instantAt(date, h, m, ZONE));
}

/** A shift from a local start to a local end ("08:00" the same day, or a full "date time"). */
function shift(start: string, end: string, extra: Partial<WorkPeriod> = {}): WorkPeriod {
  const endLocal = end.includes(" ") ? end : `${start.split(" ")[0]} ${end}`;
  return { start: at(start), end: at(endLocal), ...extra };
}

function dayShifts(dates: string[], from = "08:00", to = "16:00"): WorkPeriod[] {
  return dates.map((d) => shift(`${d} ${from}`, `${d} ${to}`));
}

function dates(first: string, count: number, step = 1): string[] {
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(`${first}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + i * step);
    return d.toISOString().slice(0, 10);
  });
}

const rules = (breaches: Breach[]) => breaches.map((b) => b.rule);
const tcs = (shifts: WorkPeriod[], options = {}) =>
  evaluateWorkingTime(shifts, "tcs2016", { timeZone: ZONE, ...options });
const wtr = (shifts: WorkPeriod[], options = {}) =>
  evaluateWorkingTime(shifts, "wtr", { timeZone: ZONE, ...options });

describe("clock changes (real elapsed hours)", () => {
  it("counts a 20:00-08:00 night on the October change as 13 hours: at the limit, not over it", () => {
    const night = shift("2026-10-24 20:00", "2026-10-25 08:00");
    expect((night.end.getTime() - night.start.getTime()) / 3_600_000).toBe(13);
    expect(rules(tcs([night]))).not.toContain("tcs2016.max-shift");
  });

  it("finds a 20:00-08:30 night on the October change over 13 hours, though the clock says 12.5", () => {
    expect(tcs([shift("2026-10-24 20:00", "2026-10-25 08:30")])).toEqual([
      {
        rule: "tcs2016.max-shift",
        shifts: [0],
        message:
          "The shift on Sat 24 Oct 20:00–08:30 is 13 h 30 min long; no shift may be longer than 13 h.",
      },
    ]);
    // The same shift on an ordinary night is 12.5 h: allowed.
    expect(rules(tcs([shift("2026-10-17 20:00", "2026-10-18 08:30")]))).not.toContain(
      "tcs2016.max-shift",
    );
  });

  it("counts a 20:00-08:00 night on the March change as 11 hours", () => {
    const night = shift("2026-03-28 20:00", "2026-03-29 08:00");
    expect((night.end.getTime() - night.start.getTime()) / 3_600_000).toBe(11);
    // A 19:00-09:00 night is 14 h on the clock but 13 h of real time that night: allowed.
    expect(rules(tcs([shift("2026-03-28 19:00", "2026-03-29 09:00")]))).not.toContain(
      "tcs2016.max-shift",
    );
    expect(rules(tcs([shift("2026-03-21 19:00", "2026-03-22 09:00")]))).toContain(
      "tcs2016.max-shift",
    );
  });

  it("measures rest across the October change in real hours", () => {
    // Finish 22:00 Saturday, start 08:00 Sunday: 10 h on the clock, 11 h in fact.
    const shifts = [shift("2026-10-24 12:00", "22:00"), shift("2026-10-25 08:00", "16:00")];
    expect(rules(tcs(shifts))).not.toContain("tcs2016.rest");
    const march = [shift("2026-03-28 12:00", "22:00"), shift("2026-03-29 09:00", "17:00")];
    // 11 h on the clock, 10 h in fact.
    expect(tcs(march).find((b) => b.rule === "tcs2016.rest")?.message).toBe(
      "Only 10 h rest between Sat 28 Mar 12:00–22:00 and Sun 29 Mar 09:00–17:00; at least 11 h are needed.",
    );
  });
});

describe("shifts that end exactly at midnight", () => {
  it("does not count a 16:00-00:00 late as a night (no hours after 23:00 beyond one)", () => {
    const lates = dayShifts(dates("2026-11-02", 5), "16:00", "23:59").map((s) => ({
      ...s,
      end: new Date(s.end.getTime() + 60_000),
    }));
    expect(rules(tcs(lates))).not.toContain("tcs2016.nights");
  });

  it("rests 8 hours between a late ending at midnight and an early at 08:00", () => {
    const shifts = [
      shift("2026-11-02 16:00", "2026-11-03 00:00"),
      shift("2026-11-03 08:00", "16:00"),
    ];
    expect(tcs(shifts).map((b) => [b.rule, b.shifts])).toEqual([["tcs2016.rest", [0, 1]]]);
  });

  it("puts a shift ending at midnight on its start day for runs of consecutive days", () => {
    const lates = dates("2026-11-02", 8).map((d) => shift(`${d} 13:00`, `${addDay(d)} 00:00`));
    expect(rules(tcs(lates))).toContain("tcs2016.consecutive");
  });
});

function addDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const nights = (first: string, count: number) =>
  dates(first, count).map((d) => shift(`${d} 20:00`, `${addDay(d)} 08:00`));

describe("nights (2016 TCS)", () => {
  it("allows four nights in a row followed by 46 hours off", () => {
    const shifts = [...nights("2026-11-02", 4), shift("2026-11-08 08:00", "16:00")];
    expect(rules(tcs(shifts))).not.toContain("tcs2016.nights");
  });

  it("refuses five nights in a row", () => {
    const breach = tcs(nights("2026-11-02", 5)).find((b) => b.rule === "tcs2016.nights");
    expect(breach).toEqual({
      rule: "tcs2016.nights",
      shifts: [0, 1, 2, 3, 4],
      message: "5 night shifts in a row, Mon 2 Nov to Fri 6 Nov; the limit is 4.",
    });
  });

  it("needs 46 hours of rest after a run of nights, however short", () => {
    // Two nights ending 08:00 Wednesday, then a day shift at 08:00 Thursday: 24 h rest.
    const shifts = [...nights("2026-11-02", 2), shift("2026-11-05 08:00", "16:00")];
    expect(tcs(shifts).find((b) => b.rule === "tcs2016.nights")).toEqual({
      rule: "tcs2016.nights",
      shifts: [1, 2],
      message: "Only 24 h rest after 2 night shifts ending Wed 4 Nov 08:00; 46 h are needed.",
    });
  });

  it("treats a run of nights broken by one day as two runs with too little rest between", () => {
    // Nights Mon, Tue, (Wed off), Thu, Fri: no run is longer than 4, but the break is 36 h.
    const shifts = [...nights("2026-11-02", 2), ...nights("2026-11-05", 2)];
    const found = tcs(shifts).filter((b) => b.rule === "tcs2016.nights");
    expect(found.map((b) => b.shifts)).toEqual([[1, 2]]);
    expect(found[0]?.message).toContain("Only 36 h rest after 2 night shifts");
  });

  it("recognises a night by 3 hours worked between 23:00 and 06:00", () => {
    // 18:00-02:00 has exactly 3 hours in the night window: a night shift.
    const shifts = [
      ...dates("2026-11-02", 5).map((d) => shift(`${d} 18:00`, `${addDay(d)} 02:00`)),
    ];
    expect(rules(tcs(shifts))).toContain("tcs2016.nights");
    // 18:00-01:00 has only 2: not a night.
    const lates = dates("2026-11-02", 5).map((d) => shift(`${d} 17:00`, `${addDay(d)} 01:00`));
    expect(rules(tcs(lates))).not.toContain("tcs2016.nights");
  });
});

describe("hours (2016 TCS)", () => {
  it("finds more than 72 hours in 168 consecutive hours, and reports the worst window once", () => {
    // Six 13-hour days in a row: 78 h within a week.
    const shifts = dayShifts(dates("2026-11-02", 6), "07:30", "20:30");
    const found = tcs(shifts).filter((b) => b.rule === "tcs2016.max-168");
    expect(found).toHaveLength(1);
    expect(found[0]?.shifts).toEqual([0, 1, 2, 3, 4, 5]);
    expect(found[0]?.message).toBe(
      "78 h worked in the 168 hours from Mon 2 Nov 07:30; the limit is 72 h.",
    );
  });

  it("allows exactly 72 hours in 168", () => {
    const shifts = dayShifts(dates("2026-11-02", 6), "08:00", "20:00");
    expect(rules(tcs(shifts))).not.toContain("tcs2016.max-168");
  });

  it("sees a busy week that straddles two rota periods when given both periods' shifts", () => {
    // Period one ends Sunday 8 Nov, period two starts Monday 9 Nov; 13 h days Thu-Sun then Mon-Tue.
    const periodOne = dayShifts(
      ["2026-11-05", "2026-11-06", "2026-11-07", "2026-11-08"],
      "07:30",
      "20:30",
    );
    const periodTwo = dayShifts(["2026-11-09", "2026-11-10"], "07:30", "20:30");
    expect(rules(tcs(periodOne))).not.toContain("tcs2016.max-168");
    expect(rules(tcs(periodTwo))).not.toContain("tcs2016.max-168");
    expect(rules(tcs([...periodOne, ...periodTwo]))).toContain("tcs2016.max-168");
  });

  it("averages weekly hours over the rota period: 48 allowed, 56 when opted out", () => {
    // Four 12.5 h shifts a week for four weeks: 50 h a week.
    const shifts = [0, 7, 14, 21].flatMap((offset) =>
      dayShifts(
        dates(dates("2026-11-02", 1, 1)[0]!, 4).map((d) => shiftDate(d, offset)),
        "08:00",
        "20:30",
      ),
    );
    const period = { start: at("2026-11-02 00:00"), end: at("2026-11-30 00:00") };
    expect(tcs(shifts, { period }).find((b) => b.rule === "tcs2016.avg-weekly")?.message).toBe(
      "An average of 50 h a week over 4 weeks; the limit is 48 h.",
    );
    expect(rules(tcs(shifts, { period, optedOut: true }))).not.toContain("tcs2016.avg-weekly");
  });

  it("needs 11 hours between shifts and reports overlapping shifts", () => {
    const shifts = [
      shift("2026-11-02 08:00", "18:00"),
      shift("2026-11-02 17:00", "2026-11-02 23:00"),
    ];
    expect(tcs(shifts).find((b) => b.rule === "tcs2016.rest")?.message).toBe(
      "The shifts Mon 2 Nov 08:00–18:00 and Mon 2 Nov 17:00–23:00 overlap by 1 h.",
    );
  });
});

function shiftDate(date: string, offset: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

describe("runs of shifts (2016 TCS)", () => {
  it("allows 7 shifts in a row with 48 hours off after, and refuses 8", () => {
    const seven = [...dayShifts(dates("2026-11-02", 7)), ...dayShifts(["2026-11-11"])];
    expect(rules(tcs(seven))).not.toContain("tcs2016.consecutive");
    expect(rules(tcs(dayShifts(dates("2026-11-02", 8))))).toContain("tcs2016.consecutive");
  });

  it("needs 48 hours off after 7 in a row", () => {
    const shifts = [...dayShifts(dates("2026-11-02", 7)), ...dayShifts(["2026-11-10"])];
    const breach = tcs(shifts).find((b) => b.rule === "tcs2016.consecutive");
    expect(breach?.shifts).toEqual([6, 7]);
    expect(breach?.message).toBe(
      "Only 40 h rest after 7 shifts ending Sun 8 Nov 16:00; 48 h are needed.",
    );
  });

  it("refuses five long days in a row and needs 48 hours after four", () => {
    expect(rules(tcs(dayShifts(dates("2026-11-02", 5), "07:00", "17:30")))).toContain(
      "tcs2016.long-shifts",
    );
    const four = [
      ...dayShifts(dates("2026-11-02", 4), "07:00", "17:30"),
      ...dayShifts(["2026-11-07"]),
    ];
    expect(tcs(four).find((b) => b.rule === "tcs2016.long-shifts")?.shifts).toEqual([3, 4]);
  });

  it("counts long late shifts (over 10 h, ending after 23:00) separately from nights", () => {
    const lates = dates("2026-11-02", 5).map((d) => shift(`${d} 13:00`, `${d} 23:30`));
    const found = rules(tcs(lates));
    expect(found).toContain("tcs2016.long-lates");
    expect(found).not.toContain("tcs2016.nights");
  });
});

describe("weekends (2016 TCS)", () => {
  it("allows one weekend in three and refuses two in three", () => {
    const oneInThree = dayShifts(["2026-11-07", "2026-11-16", "2026-11-23"]);
    expect(
      rules(
        tcs(oneInThree, { period: { start: at("2026-11-02 00:00"), end: at("2026-11-23 00:00") } }),
      ),
    ).not.toContain("tcs2016.weekends");
    const twoInThree = dayShifts(["2026-11-07", "2026-11-15", "2026-11-18"]);
    const breach = tcs(twoInThree, {
      period: { start: at("2026-11-02 00:00"), end: at("2026-11-23 00:00") },
    }).find((b) => b.rule === "tcs2016.weekends");
    expect(breach?.message).toBe(
      "Works 2 of the 3 weekends from Mon 2 Nov; the limit is 1 weekend in 3.",
    );
    expect(breach?.shifts).toEqual([0, 1]);
  });

  it("counts a Friday night that runs into Saturday morning as weekend work", () => {
    const fridays = ["2026-11-06", "2026-11-13"].map((d) =>
      shift(`${d} 20:00`, `${addDay(d)} 08:00`),
    );
    const breach = tcs(fridays, {
      period: { start: at("2026-11-02 00:00"), end: at("2026-11-23 00:00") },
    }).find((b) => b.rule === "tcs2016.weekends");
    expect(breach?.shifts).toEqual([0, 1]);
  });
});

describe("on call and breaks (2016 TCS)", () => {
  it("limits on-call periods to 24 h, not on consecutive days except Saturday and Sunday", () => {
    const calls = [
      shift("2026-11-02 09:00", "2026-11-03 09:00", { onCall: true }),
      shift("2026-11-03 09:00", "2026-11-04 10:00", { onCall: true }),
      shift("2026-11-07 09:00", "2026-11-08 09:00", { onCall: true }),
      shift("2026-11-08 09:00", "2026-11-09 09:00", { onCall: true }),
    ];
    const found = tcs(calls).filter((b) => b.rule === "tcs2016.on-call");
    expect(found.map((b) => b.shifts)).toEqual([[0, 1], [0, 1, 2, 3], [1]]);
    expect(found.find((b) => b.shifts.length === 1)?.message).toBe(
      "The on-call period from Tue 3 Nov 09:00 is 25 h; the limit is 24 h.",
    );
  });

  it("limits the day after on call to 10 hours of work", () => {
    const shifts = [
      shift("2026-11-02 17:00", "23:00", { onCall: true }),
      shift("2026-11-03 08:00", "20:00"),
    ];
    expect(tcs(shifts).find((b) => b.rule === "tcs2016.on-call")?.shifts).toEqual([0, 1]);
  });

  it("checks paid breaks only when they are given", () => {
    expect(rules(tcs([shift("2026-11-02 08:00", "18:00")]))).not.toContain("tcs2016.breaks");
    expect(
      tcs([shift("2026-11-02 08:00", "18:00", { breakMinutes: 30 })]).find(
        (b) => b.rule === "tcs2016.breaks",
      )?.message,
    ).toBe(
      "The shift on Mon 2 Nov 08:00–18:00 has 30 minutes of breaks; a shift this long needs 60.",
    );
  });
});

describe("Working Time Regulations", () => {
  it("averages 48 hours a week (over up to 17 weeks) unless opted out", () => {
    const shifts = dates("2026-11-02", 28)
      .filter((_, i) => i % 7 < 5)
      .map((d) => shift(`${d} 07:00`, `${d} 17:00`));
    expect(rules(wtr(shifts))).toContain("wtr.avg-weekly");
    expect(rules(wtr(shifts, { optedOut: true }))).not.toContain("wtr.avg-weekly");
  });

  it("needs 11 hours' daily rest", () => {
    const shifts = [shift("2026-11-02 14:00", "22:00"), shift("2026-11-03 07:00", "15:00")];
    expect(wtr(shifts).map((b) => b.rule)).toEqual(["wtr.daily-rest"]);
  });

  it("needs 24 hours' rest each week, or 48 in the fortnight", () => {
    const everyDay = dayShifts(dates("2026-11-02", 14));
    expect(rules(wtr(everyDay))).toContain("wtr.weekly-rest");
    // Twelve days on, then two off: no 24 h in week one, but 48 h at the end of the fortnight.
    const twelveOn = dayShifts(dates("2026-11-02", 12));
    expect(
      rules(
        wtr(twelveOn, { period: { start: at("2026-11-02 00:00"), end: at("2026-11-16 00:00") } }),
      ),
    ).not.toContain("wtr.weekly-rest");
  });

  it("limits night workers to an average of 8 hours in 24", () => {
    const shifts = nights("2026-11-02", 7);
    expect(
      wtr(shifts, { period: { start: at("2026-11-02 00:00"), end: at("2026-11-09 12:00") } }).find(
        (b) => b.rule === "wtr.night-average",
      )?.message,
    ).toBe(
      // 84 h / (7.5 days - 7.5 / 7 days of weekly rest) = 13.07 h
      "As a night worker, an average of 13 h 4 min in each 24 hours over 7.5 days less 1.1 days of weekly rest; the limit is 8 h.",
    );
  });

  it("needs a 20-minute break in a day over 6 hours, when breaks are given", () => {
    expect(
      wtr([shift("2026-11-02 08:00", "15:00", { breakMinutes: 15 })]).map((b) => b.rule),
    ).toEqual(["wtr.break"]);
    expect(wtr([shift("2026-11-02 08:00", "15:00", { breakMinutes: 20 })])).toEqual([]);
  });
});

describe("the evaluator", () => {
  it("returns nothing for no rule set, no shifts, or a compliant rota", () => {
    expect(evaluateWorkingTime(nights("2026-11-02", 6), null)).toEqual([]);
    expect(tcs([])).toEqual([]);
    expect(tcs(dayShifts(dates("2026-11-02", 5)))).toEqual([]);
  });

  it("names shifts by their index in the input, whatever order they came in", () => {
    const shifts = [shift("2026-11-03 08:00", "16:00"), shift("2026-11-02 14:00", "22:00")];
    expect(tcs(shifts)[0]?.shifts).toEqual([0, 1]);
  });
});

describe("daily rest: 11 consecutive hours in each 24 hours (WTR reg. 10)", () => {
  // Each 24 hours from the start of a shift must hold (or touch) 11 consecutive hours off; a
  // rest that runs on past either edge of the window counts whole.
  it("finds no breach in a split day, 08:00-12:00 and 12:30-16:30, on two days in a row", () => {
    const splitDays = ["2026-11-02", "2026-11-03"].flatMap((d) => [
      shift(`${d} 08:00`, "12:00"),
      shift(`${d} 12:30`, "16:30"),
    ]);
    expect(rules(wtr(splitDays))).not.toContain("wtr.daily-rest");
  });

  it("finds a late then an early with 8 hours between, once", () => {
    const shifts = [shift("2026-11-02 14:00", "22:00"), shift("2026-11-03 06:00", "14:00")];
    expect(wtr(shifts).filter((b) => b.rule === "wtr.daily-rest")).toEqual([
      {
        rule: "wtr.daily-rest",
        shifts: [0, 1],
        message:
          "The longest rest in the 24 hours from Mon 2 Nov 14:00 is 8 h; at least 11 consecutive hours are needed.",
      },
    ]);
  });

  it.each([
    [
      "exactly 11 h between a late and an early",
      "2026-11-02 14:00",
      "22:00",
      "2026-11-03 09:00",
      "17:00",
      false,
    ],
    [
      "10 h 59 min between a late and an early",
      "2026-11-02 14:00",
      "22:00",
      "2026-11-03 08:59",
      "16:59",
      true,
    ],
    [
      "a late, then an early the day after next",
      "2026-11-02 14:00",
      "22:00",
      "2026-11-04 06:00",
      "14:00",
      false,
    ],
  ])("with %s: breach %s", (_, firstStart, firstEnd, secondStart, secondEnd, breaches) => {
    const shifts = [shift(firstStart, firstEnd), shift(secondStart, secondEnd)];
    expect(rules(wtr(shifts)).includes("wtr.daily-rest")).toBe(breaches);
  });

  it("finds no 11 hours in a day of three spells of work with 4 and 8 hours between", () => {
    const shifts = [
      shift("2026-11-02 07:00", "11:00"),
      shift("2026-11-02 15:00", "19:00"),
      shift("2026-11-03 03:00", "07:00"),
    ];
    expect(wtr(shifts).find((b) => b.rule === "wtr.daily-rest")?.shifts).toEqual([0, 1, 2]);
  });

  it("finds no rest at all in a shift of more than 24 hours", () => {
    expect(wtr([shift("2026-11-02 08:00", "2026-11-03 10:00")])[0]?.message).toBe(
      "No rest in the 24 hours from Mon 2 Nov 08:00; at least 11 consecutive hours are needed.",
    );
  });

  it("counts rest across the October clock change in real hours: 22:00 to 08:00 is 11 h", () => {
    const shifts = [shift("2026-10-24 12:00", "22:00"), shift("2026-10-25 08:00", "16:00")];
    expect(rules(wtr(shifts))).not.toContain("wtr.daily-rest");
    const march = [shift("2026-03-28 12:00", "22:00"), shift("2026-03-29 09:00", "17:00")];
    expect(rules(wtr(march))).toContain("wtr.daily-rest");
  });

  it("still reports shifts that overlap", () => {
    const shifts = [shift("2026-11-02 08:00", "18:00"), shift("2026-11-02 17:00", "23:00")];
    expect(wtr(shifts).map((b) => b.message)).toContain(
      "The shifts Mon 2 Nov 08:00–18:00 and Mon 2 Nov 17:00–23:00 overlap by 1 h.",
    );
  });

  it("leaves the 2016 TCS rest rule as its own wording says: 11 hours between shifts", () => {
    const splitDay = [shift("2026-11-02 08:00", "12:00"), shift("2026-11-02 12:30", "16:30")];
    expect(tcs(splitDay).find((b) => b.rule === "tcs2016.rest")?.message).toBe(
      "Only 0 h 30 min rest between Mon 2 Nov 08:00–12:00 and Mon 2 Nov 12:30–16:30; at least 11 h are needed.",
    );
  });
});

/** Mon to Thu nights, 19:30-08:00 (12.5 h), for four weeks from Monday 2 November: 200 h. */
const sixteenNights = () =>
  [0, 7, 14, 21].flatMap((offset) =>
    dates(shiftDate("2026-11-02", offset), 4).map((d) => shift(`${d} 19:30`, `${addDay(d)} 08:00`)),
  );

describe("night workers' average (WTR reg. 6)", () => {
  it("divides by the days less one weekly rest day in seven: 200 h / (28 - 4) is 8 h 20 min", () => {
    expect(
      wtr(sixteenNights(), { optedOut: true }).filter((b) => b.rule === "wtr.night-average"),
    ).toEqual([
      {
        rule: "wtr.night-average",
        shifts: Array.from({ length: 16 }, (_, i) => i),
        message:
          "As a night worker, an average of 8 h 20 min in each 24 hours over 28 days less 4 days of weekly rest; the limit is 8 h.",
      },
    ]);
  });

  it("allows 15 of those nights: 187.5 h / 24 days is 7 h 49 min", () => {
    expect(rules(wtr(sixteenNights().slice(1), { optedOut: true }))).not.toContain(
      "wtr.night-average",
    );
  });

  it("cannot be opted out of", () => {
    expect(rules(wtr(sixteenNights(), { optedOut: true }))).toContain("wtr.night-average");
  });

  it("counts only the hours inside the period it divides by", () => {
    // 15 nights in the period (no breach), and four weeks of nights before it as context.
    const period = { start: at("2026-11-02 00:00"), end: at("2026-11-30 00:00") };
    const before = sixteenNights().map((s) => ({
      start: new Date(s.start.getTime() - 28 * 86_400_000),
      end: new Date(s.end.getTime() - 28 * 86_400_000),
    }));
    const shifts = [...before, ...sixteenNights().slice(1)];
    expect(rules(wtr(shifts, { period }))).not.toContain("wtr.night-average");
  });
});

describe("averages over a period, with shifts from around it as context", () => {
  const period = { start: at("2026-11-02 00:00"), end: at("2026-11-30 00:00") };
  const shiftBy = (s: WorkPeriod, days: number) => ({
    start: new Date(s.start.getTime() + days * 86_400_000),
    end: new Date(s.end.getTime() + days * 86_400_000),
  });

  it("averages weekly hours over the period only, however busy the weeks around it", () => {
    const inPeriod = dayShifts(dates("2026-11-02", 28).filter((_, i) => i % 7 < 5));
    const busy = dates("2026-10-05", 28).map((d) => shift(`${d} 07:00`, `${d} 20:00`));
    const after = busy.map((s) => shiftBy(s, 56));
    expect(rules(wtr([...busy, ...inPeriod, ...after], { period }))).not.toContain(
      "wtr.avg-weekly",
    );
    expect(rules(tcs([...busy, ...inPeriod, ...after], { period }))).not.toContain(
      "tcs2016.avg-weekly",
    );
  });

  it("counts weekends in the period only, however many around it are worked", () => {
    const weekendsAround = [...dates("2026-10-03", 5, 7), ...dates("2026-12-05", 4, 7)].flatMap(
      (d) => dayShifts([d, addDay(d)]),
    );
    const inPeriod = dayShifts(["2026-11-07"]);
    expect(rules(tcs([...weekendsAround, ...inPeriod], { period }))).not.toContain(
      "tcs2016.weekends",
    );
  });
});
