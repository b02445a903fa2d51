import { TZDate } from "@date-fns/tz";
import { describe, expect, it } from "vitest";
import {
  instantAt,
  isDateKey,
  isRealDate,
  localDayNumber,
  localParts,
  nonexistentDateKeyMessage,
  nonexistentDateMessage,
  realDateMessage,
  weekdayOfDay,
  zoneOffsetMinutes,
} from "~/models/local-time";

const iso = (ms: number) => new Date(ms).toISOString();

describe("local time", () => {
  it("knows London's offset either side of both clock changes", () => {
    expect(zoneOffsetMinutes(Date.parse("2026-03-29T00:59:00Z"), "Europe/London")).toBe(0);
    expect(zoneOffsetMinutes(Date.parse("2026-03-29T01:00:00Z"), "Europe/London")).toBe(60);
    expect(zoneOffsetMinutes(Date.parse("2026-10-25T00:59:00Z"), "Europe/London")).toBe(60);
    expect(zoneOffsetMinutes(Date.parse("2026-10-25T01:00:00Z"), "Europe/London")).toBe(0);
  });

  it("takes the later of a time that happens twice, and moves a skipped time on by the gap", () => {
    expect(iso(instantAt("2026-10-25", 1, 30, "Europe/London"))).toBe("2026-10-25T01:30:00.000Z");
    expect(iso(instantAt("2026-03-29", 1, 30, "Europe/London"))).toBe("2026-03-29T01:30:00.000Z");
  });

  it("agrees with @date-fns/tz every 15 minutes through a year in zones with odd offsets", () => {
    for (const zone of [
      "Europe/London",
      "Asia/Kathmandu",
      "Australia/Lord_Howe",
      "America/St_Johns",
    ]) {
      for (
        let t = Date.parse("2026-01-01T00:00:00Z");
        t < Date.parse("2027-01-01T00:00:00Z");
        t += 15 * 60_000 * 97
      ) {
        const expected = new TZDate(t, zone);
        const parts = localParts(t, zone);
        expect(parts.hour).toBe(expected.getHours());
        expect(parts.minute).toBe(expected.getMinutes());
        expect(parts.weekday).toBe(expected.getDay());
      }
    }
  });

  it("numbers local days so that weekdays and differences are plain arithmetic", () => {
    const monday = localDayNumber(Date.parse("2026-11-02T12:00:00Z"), "Europe/London");
    expect(weekdayOfDay(monday)).toBe(1);
    // 23:30 on Sunday 1 Nov in London is still Sunday; in Kathmandu it is Monday already.
    expect(localDayNumber(Date.parse("2026-11-01T23:30:00Z"), "Europe/London")).toBe(monday - 1);
    expect(localDayNumber(Date.parse("2026-11-01T23:30:00Z"), "Asia/Kathmandu")).toBe(monday);
  });
});

describe("dates that do not exist", () => {
  it.each([
    [2028, 2, 29, true],
    [2027, 2, 29, false],
    [2000, 2, 29, true],
    [2100, 2, 29, false],
    [2027, 4, 30, true],
    [2027, 4, 31, false],
    [2027, 2, 30, false],
    [2027, 12, 31, true],
    [2027, 13, 1, false],
    [2027, 0, 10, false],
    [2027, 1, 0, false],
    [2027, 1, 1.5, false],
  ])("%i-%i-%s exists: %s", (year, month, day, exists) => {
    expect(isRealDate(year, month, day)).toBe(exists);
  });

  it("says which date does not exist, in words", () => {
    expect(nonexistentDateMessage(2027, 4, 31)).toBe("31 April 2027 does not exist.");
    expect(nonexistentDateMessage(2027, 2, 29)).toBe(
      "29 February 2027 does not exist (2027 is not a leap year).",
    );
    expect(nonexistentDateMessage(2027, 13, 1)).toBe(
      "2027-13-01 does not exist: there is no month 13.",
    );
    expect(nonexistentDateMessage(2028, 2, 29)).toBeNull();
  });

  it("reads YYYY-MM-DD text: a message only for a date-shaped value that names no day", () => {
    expect(nonexistentDateKeyMessage("2027-02-30")).toBe("30 February 2027 does not exist.");
    expect(nonexistentDateKeyMessage("2027-02-28")).toBeNull();
    expect(nonexistentDateKeyMessage("next Tuesday")).toBeNull();
    expect(realDateMessage("2027-04-31", "Enter a real date.")).toBe(
      "31 April 2027 does not exist. Enter a real date.",
    );
    expect(realDateMessage("soon", "Enter a real date.")).toBe("Enter a real date.");
    expect(isDateKey("2027-04-31")).toBe(false);
    expect(isDateKey("2028-02-29")).toBe(true);
  });
});
