import { describe, expect, it } from "vitest";
import {
  describeRecurrence,
  expandRecurrence,
  expandRotaLines,
  parseRecurrence,
  shiftInstants,
  weeklyRecurrence,
} from "~/models/rota/rota-patterns";

const ZONE = "Europe/London";
const iso = (d: Date) => d.toISOString();

describe("shift times on a date", () => {
  it("keeps a 07:30 early at 07:30 on the clock either side of the October change", () => {
    expect(
      iso(shiftInstants("2026-10-24", { startLocal: "07:30", endLocal: "15:30" }, ZONE).start),
    ).toBe("2026-10-24T06:30:00.000Z");
    expect(
      iso(shiftInstants("2026-10-26", { startLocal: "07:30", endLocal: "15:30" }, ZONE).start),
    ).toBe("2026-10-26T07:30:00.000Z");
  });

  it("ends a night the next morning, 13 real hours on the October change and 11 on the March one", () => {
    const october = shiftInstants("2026-10-24", { startLocal: "20:00", endLocal: "08:00" }, ZONE);
    expect(iso(october.start)).toBe("2026-10-24T19:00:00.000Z");
    expect(iso(october.end)).toBe("2026-10-25T08:00:00.000Z");
    expect((october.end.getTime() - october.start.getTime()) / 3_600_000).toBe(13);
    const march = shiftInstants("2026-03-28", { startLocal: "20:00", endLocal: "08:00" }, ZONE);
    expect((march.end.getTime() - march.start.getTime()) / 3_600_000).toBe(11);
  });

  it("ends a late at midnight on the next day, and treats equal start and end as 24 hours", () => {
    const late = shiftInstants("2026-11-02", { startLocal: "13:00", endLocal: "00:00" }, ZONE);
    expect(iso(late.end)).toBe("2026-11-03T00:00:00.000Z");
    const day = shiftInstants("2026-11-02", { startLocal: "09:00", endLocal: "09:00" }, ZONE);
    expect((day.end.getTime() - day.start.getTime()) / 3_600_000).toBe(24);
  });

  it("refuses a time that is not HH:MM", () => {
    expect(() =>
      shiftInstants("2026-11-02", { startLocal: "7:30", endLocal: "15:30" }, ZONE),
    ).toThrow(/07:30/);
    expect(() =>
      shiftInstants("2026-11-02", { startLocal: "24:00", endLocal: "15:30" }, ZONE),
    ).toThrow();
  });
});

describe("recurring patterns", () => {
  it("expands weekly on given days for a count", () => {
    expect(
      expandRecurrence("FREQ=WEEKLY;BYDAY=MO,TU;COUNT=4", "2026-11-02", {
        from: "2026-11-01",
        to: "2026-12-31",
      }),
    ).toEqual(["2026-11-02", "2026-11-03", "2026-11-09", "2026-11-10"]);
  });

  it("expands every other week until a date, including that date", () => {
    expect(
      expandRecurrence("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU;UNTIL=20261129", "2026-11-02", {
        from: "2026-11-01",
        to: "2026-12-31",
      }),
    ).toEqual(["2026-11-07", "2026-11-08", "2026-11-21", "2026-11-22"]);
  });

  it("lands on the same local dates across the clock change", () => {
    expect(
      expandRecurrence("FREQ=DAILY;COUNT=3", "2026-10-24", {
        from: "2026-10-01",
        to: "2026-10-31",
      }),
    ).toEqual(["2026-10-24", "2026-10-25", "2026-10-26"]);
  });

  it("keeps to the range asked for", () => {
    expect(
      expandRecurrence("FREQ=DAILY;COUNT=30", "2026-11-01", {
        from: "2026-11-10",
        to: "2026-11-12",
      }),
    ).toEqual(["2026-11-10", "2026-11-11", "2026-11-12"]);
  });

  it("refuses rules that never end, are not daily or weekly, or cannot be read", () => {
    expect(parseRecurrence("FREQ=WEEKLY;BYDAY=MO", "2026-11-02")).toMatchObject({
      ok: false,
      message: expect.stringContaining("COUNT"),
    });
    expect(parseRecurrence("FREQ=MONTHLY;COUNT=3", "2026-11-02")).toMatchObject({
      ok: false,
      message: "A rota pattern repeats daily or weekly.",
    });
    expect(parseRecurrence("every monday", "2026-11-02")).toMatchObject({ ok: false });
    expect(parseRecurrence("FREQ=DAILY;COUNT=5000", "2026-11-02")).toMatchObject({ ok: false });
  });
});

describe("rotating rota lines", () => {
  const lines = [
    ["E", "E", "L", "L", null, null, null],
    ["N", "N", "N", null, null, "E", "E"],
    [null, null, "E", "E", "L", "L", null],
  ];

  it("moves each person down a line each week, wrapping round", () => {
    const shifts = expandRotaLines({
      lines,
      cycleStart: "2026-11-02",
      startLine: 2,
      range: { from: "2026-11-02", to: "2026-11-22" },
    });
    expect(shifts).toEqual([
      { date: "2026-11-04", code: "E" },
      { date: "2026-11-05", code: "E" },
      { date: "2026-11-06", code: "L" },
      { date: "2026-11-07", code: "L" },
      { date: "2026-11-09", code: "E" },
      { date: "2026-11-10", code: "E" },
      { date: "2026-11-11", code: "L" },
      { date: "2026-11-12", code: "L" },
      { date: "2026-11-16", code: "N" },
      { date: "2026-11-17", code: "N" },
      { date: "2026-11-18", code: "N" },
      { date: "2026-11-21", code: "E" },
      { date: "2026-11-22", code: "E" },
    ]);
  });

  it("covers every line each week when each person starts on a different line", () => {
    const week = { from: "2026-11-09", to: "2026-11-15" };
    const codes = [0, 1, 2].map((startLine) =>
      expandRotaLines({ lines, cycleStart: "2026-11-02", startLine, range: week })
        .map((s) => s.code)
        .join(""),
    );
    expect(codes.sort()).toEqual(["EELL", "EELL", "NNNEE"].sort());
  });

  it("refuses lines without seven days and a cycle that does not start on a Monday", () => {
    expect(() =>
      expandRotaLines({
        lines: [["E"]],
        cycleStart: "2026-11-02",
        startLine: 0,
        range: { from: "2026-11-02", to: "2026-11-03" },
      }),
    ).toThrow(/seven days/);
    expect(() =>
      expandRotaLines({
        lines,
        cycleStart: "2026-11-03",
        startLine: 0,
        range: { from: "2026-11-02", to: "2026-11-03" },
      }),
    ).toThrow(/Monday/);
  });
});

describe("patterns in words", () => {
  it("says how a weekly pattern repeats and when it ends", () => {
    expect(describeRecurrence("FREQ=WEEKLY;BYDAY=TU,TH,SA;COUNT=48", "2026-11-16")).toBe(
      "every week on Tuesday, Thursday, Saturday for 48 times",
    );
    expect(
      describeRecurrence("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU;UNTIL=20270301", "2026-11-16"),
    ).toBe("every 2 weeks on Saturday, Sunday until March 1, 2027");
  });
});

describe("repeat rules that are refused", () => {
  const problem = (rule: string) => {
    const parsed = parseRecurrence(rule, "2026-11-02");
    return parsed.ok ? null : parsed.message;
  };

  it("refuses intervals that would never move on or spin for ever", () => {
    expect(problem("FREQ=WEEKLY;INTERVAL=-1;COUNT=3")).toMatch(/INTERVAL/);
    expect(problem("FREQ=WEEKLY;INTERVAL=0;COUNT=3")).toMatch(/INTERVAL/);
    expect(problem("FREQ=DAILY;INTERVAL=53;COUNT=3")).toMatch(/INTERVAL/);
  });

  it("refuses parts a rota does not use, by name, and days that are not weekdays", () => {
    expect(problem("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31;COUNT=5")).toBe(
      "Baton's patterns use FREQ, INTERVAL, BYDAY, COUNT and UNTIL; not BYMONTH.",
    );
    expect(problem("FREQ=WEEKLY;COUNT=3;BYSETPOS=9")).toMatch(/not BYSETPOS/);
    expect(problem("FREQ=WEEKLY;BYDAY=XX;COUNT=3")).toMatch(/BYDAY/);
    expect(problem("FREQ=WEEKLY;BYDAY=1MO;COUNT=3")).toMatch(/BYDAY/);
    expect(problem("FREQ=MONTHLY;COUNT=3")).toBe("A rota pattern repeats daily or weekly.");
    expect(problem("FREQ=WEEKLY;FREQ=DAILY;COUNT=3")).toMatch(/could not be read/);
  });

  it("needs exactly one end, a real one, within five years", () => {
    expect(problem("FREQ=WEEKLY;COUNT=3;UNTIL=20261231")).toMatch(/not both/);
    expect(problem("FREQ=WEEKLY;UNTIL=20261345")).toMatch(/YYYYMMDD/);
    expect(problem("FREQ=WEEKLY;UNTIL=20261001")).toMatch(/must not be before/);
    expect(problem("FREQ=WEEKLY;UNTIL=20311231")).toMatch(/five years/);
    expect(problem("FREQ=DAILY;INTERVAL=52;COUNT=1000")).toMatch(/five years/);
    expect(problem("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=1000")).toBeNull();
    expect(problem("FREQ=WEEKLY;BYDAY=MO;UNTIL=20270101T000000Z")).toBeNull();
  });
});

describe("the simple weekly form", () => {
  it("writes days in week order, the interval only when above one, and the last date", () => {
    expect(weeklyRecurrence({ days: ["FR", "MO"], interval: 1, untilDate: "2027-01-31" })).toBe(
      "FREQ=WEEKLY;BYDAY=MO,FR;UNTIL=20270131",
    );
    expect(weeklyRecurrence({ days: ["SA", "SU"], interval: 2, untilDate: "2027-03-01" })).toBe(
      "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU;UNTIL=20270301",
    );
  });
});

describe("UNTIL (RFC 5545 3.3.10)", () => {
  const early = { startLocal: "07:30", timeZone: ZONE };
  const daily = (until: string, from: string, shiftStart = early) =>
    expandRecurrence(`FREQ=DAILY;UNTIL=${until}`, from, { from, to: "2027-12-31" }, shiftStart);

  it("keeps a date-only UNTIL inclusive of that local date", () => {
    expect(daily("20270131", "2027-01-29")).toEqual(["2027-01-29", "2027-01-30", "2027-01-31"]);
  });

  it("reads a UTC UNTIL as an instant: an occurrence starting at it is in, one a second later out", () => {
    // 07:30 on 31 January in London (GMT) is 07:30 UTC.
    expect(daily("20270131T073000Z", "2027-01-30")).toEqual(["2027-01-30", "2027-01-31"]);
    expect(daily("20270131T072959Z", "2027-01-30")).toEqual(["2027-01-30"]);
  });

  it("ends before a local date whose shift starts after the UTC instant, though it is that UTC date", () => {
    // 00:30 UTC on 1 July is 01:30 BST: the 07:30 early that day starts after it.
    expect(daily("20270701T003000Z", "2027-06-29")).toEqual(["2027-06-29", "2027-06-30"]);
  });

  it("includes a shift starting just after local midnight whose UTC start is the day before", () => {
    // 00:15 BST on 1 July is 23:15 UTC on 30 June, before the UNTIL at 23:30 UTC.
    const midnight = { startLocal: "00:15", timeZone: ZONE };
    expect(daily("20270630T233000Z", "2027-06-29", midnight)).toEqual([
      "2027-06-29",
      "2027-06-30",
      "2027-07-01",
    ]);
  });

  it("uses the offset of the day itself on the day the clocks go back", () => {
    // Sunday 25 October 2026 is GMT from 01:00 UTC: the 07:30 early starts at 07:30 UTC.
    expect(daily("20261025T063000Z", "2026-10-24")).toEqual(["2026-10-24"]);
    expect(daily("20261025T073000Z", "2026-10-24")).toEqual(["2026-10-24", "2026-10-25"]);
  });

  it("reads an UNTIL with a time and no Z as the team's wall-clock time", () => {
    expect(daily("20270131T070000", "2027-01-30")).toEqual(["2027-01-30"]);
    expect(daily("20270131T073000", "2027-01-30")).toEqual(["2027-01-30", "2027-01-31"]);
  });

  it("says when the UNTIL date does not exist, and takes 29 February only in a leap year", () => {
    const problem = (until: string) => {
      const parsed = parseRecurrence(`FREQ=DAILY;UNTIL=${until}`, "2027-01-04", early);
      return parsed.ok ? null : parsed.message;
    };
    expect(problem("20270431")).toBe(
      "31 April 2027 does not exist. Give the last date as YYYYMMDD, for example UNTIL=20270131.",
    );
    expect(problem("20270229T120000Z")).toBe(
      "29 February 2027 does not exist (2027 is not a leap year). Give the last date as YYYYMMDD, for example UNTIL=20270131.",
    );
    expect(problem("20280229")).toBeNull();
    expect(problem("20270131T250000Z")).toBe(
      "The time in UNTIL=20270131T250000Z does not exist: times run from 000000 to 235959.",
    );
  });
});
