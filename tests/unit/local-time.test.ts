import { TZDate } from "@date-fns/tz";
import { describe, expect, it } from "vitest";
import {
  instantAt,
  localDayNumber,
  localParts,
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
