import { describe, expect, it } from "vitest";
import { mondayOf } from "~/models/local-time";
import { formatRotaLines, parseRotaLinesText } from "~/models/rota/rota-patterns";
import {
  checkPeriodDates,
  datesOf,
  describePeriod,
  isWithinRotaYears,
  overlappingPeriod,
  suggestNextPeriod,
} from "~/models/rota/rota-period-rules";

describe("rota period dates", () => {
  it("accepts four weeks and describes them", () => {
    expect(checkPeriodDates("2026-12-07", "2027-01-03")).toEqual([]);
    expect(describePeriod("2026-12-07", "2027-01-03")).toBe(
      "Mon 7 Dec to Sun 3 Jan 2027 (4 weeks)",
    );
    expect(describePeriod("2026-12-07", "2026-12-09")).toBe("Mon 7 Dec to Wed 9 Dec 2026 (3 days)");
  });

  it("says which date does not exist", () => {
    expect(checkPeriodDates("2027-02-01", "2027-02-29")).toEqual([
      {
        field: "endDate",
        message:
          "29 February 2027 does not exist (2027 is not a leap year). Enter the last day as a real date.",
      },
    ]);
    expect(checkPeriodDates("2028-02-01", "2028-02-29")).toEqual([]);
  });

  it("refuses dates that are not real, run backwards or run past twelve weeks", () => {
    expect(checkPeriodDates("2026-02-29", "2026-03-01")[0]?.field).toBe("startDate");
    expect(checkPeriodDates("2026-12-07", "07/12/2026")[0]?.field).toBe("endDate");
    expect(checkPeriodDates("2026-12-07", "2026-12-06")[0]?.message).toMatch(/on or after/);
    expect(checkPeriodDates("2026-12-07", "2027-02-28")).toEqual([]);
    expect(checkPeriodDates("2026-12-07", "2027-03-01")[0]?.message).toMatch(/12 weeks/);
  });

  it("refuses a first day far from today, a typing slip like 2062 for 2026", () => {
    expect(isWithinRotaYears("2026-12-07", "2026-11-27")).toBe(true);
    expect(isWithinRotaYears("2024-12-01", "2026-11-27")).toBe(true);
    expect(isWithinRotaYears("2029-11-27", "2026-11-27")).toBe(true);
    expect(isWithinRotaYears("2062-12-07", "2026-11-27")).toBe(false);
    expect(isWithinRotaYears("0001-01-01", "2026-11-27")).toBe(false);
    expect(checkPeriodDates("2062-12-07", "2063-01-03", "2026-11-27")[0]).toEqual({
      field: "startDate",
      message: "Choose a first day from two years ago to three years ahead.",
    });
  });

  it("finds an overlapping period, sharing even one day", () => {
    const existing = [{ startDate: "2026-12-07", endDate: "2027-01-03", id: "a" }];
    expect(
      overlappingPeriod({ startDate: "2027-01-03", endDate: "2027-01-10" }, existing)?.id,
    ).toBe("a");
    expect(
      overlappingPeriod({ startDate: "2027-01-04", endDate: "2027-01-31" }, existing),
    ).toBeUndefined();
  });

  it("suggests the next period after the last, or from next Monday", () => {
    expect(suggestNextPeriod([{ endDate: "2027-01-03" }], "2026-11-27")).toEqual({
      startDate: "2027-01-04",
      endDate: "2027-01-31",
    });
    expect(suggestNextPeriod([], "2026-11-27").startDate).toBe("2026-11-30");
    // On a Monday, the next Monday is a week away, not today.
    expect(suggestNextPeriod([], "2026-11-30").startDate).toBe("2026-12-07");
  });

  it("lists every date, across a month end", () => {
    expect(datesOf("2026-11-29", "2026-12-02")).toEqual([
      "2026-11-29",
      "2026-11-30",
      "2026-12-01",
      "2026-12-02",
    ]);
    expect(mondayOf("2026-11-29")).toBe("2026-11-23");
    expect(mondayOf("2026-11-30")).toBe("2026-11-30");
  });
});

describe("rota lines as typed", () => {
  const codes = ["E", "L", "N", "LD"];

  it("reads codes and days off, separated by spaces or commas, in any case", () => {
    const parsed = parseRotaLinesText("e e l l - - -\nN,N,N,off,.,LD,ld\n\n", codes);
    expect(parsed).toEqual({
      ok: true,
      lines: [
        ["E", "E", "L", "L", null, null, null],
        ["N", "N", "N", null, null, "LD", "LD"],
      ],
    });
    if (parsed.ok) expect(formatRotaLines(parsed.lines)).toBe("E E L L - - -\nN N N - - LD LD");
  });

  it("reads a team's own code even where it could mean a day off", () => {
    expect(parseRotaLinesText("X X - OFF . 0 -", ["X"])).toEqual({
      ok: true,
      lines: [["X", "X", null, null, null, null, null]],
    });
  });

  it("names the line and day of a problem", () => {
    expect(parseRotaLinesText("", codes)).toMatchObject({ ok: false });
    expect(parseRotaLinesText("E E L L - - - -", codes)).toEqual({
      ok: false,
      message: "Line 1 has 8 days; each line needs seven, Monday to Sunday (use - for a day off).",
    });
    expect(parseRotaLinesText("E E L L - - -\n- - - - - X2 -", codes)).toEqual({
      ok: false,
      message: 'Line 2, Sat: no shift type has the code "X2".',
    });
  });
});
