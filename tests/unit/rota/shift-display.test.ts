import { describe, expect, it } from "vitest";
import { shiftInstants } from "~/models/rota/rota-patterns";
import {
  describeShift,
  formatDay,
  formatDuration,
  formatShiftTimes,
} from "~/models/rota/shift-display";

const LONDON = "Europe/London";

describe("shift times as people read them", () => {
  it("gives a day shift its times only", () => {
    const { start, end } = shiftInstants(
      "2026-12-01",
      { startLocal: "07:30", endLocal: "15:30" },
      LONDON,
    );
    expect(formatShiftTimes(start, end, LONDON)).toBe("07:30 to 15:30");
  });

  it("names both dates of a night, and counts its real hours across the October change", () => {
    const { start, end } = shiftInstants(
      "2026-10-24",
      { startLocal: "20:00", endLocal: "08:00" },
      LONDON,
    );
    expect(formatShiftTimes(start, end, LONDON)).toBe("Sat 24 Oct 20:00 to Sun 25 Oct 08:00");
    expect(formatDuration(start, end)).toBe("13 h");
    const march = shiftInstants("2027-03-27", { startLocal: "20:00", endLocal: "08:00" }, LONDON);
    expect(formatDuration(march.start, march.end)).toBe("11 h");
  });

  it("treats a shift that ends at midnight as ending on its own day", () => {
    const { start, end } = shiftInstants(
      "2026-12-01",
      { startLocal: "16:00", endLocal: "00:00" },
      LONDON,
    );
    expect(formatShiftTimes(start, end, LONDON)).toBe("16:00 to 00:00");
  });

  it("shows times in the team's zone, not the server's", () => {
    const { start, end } = shiftInstants(
      "2026-12-01",
      { startLocal: "09:00", endLocal: "17:30" },
      "America/New_York",
    );
    expect(start.toISOString()).toBe("2026-12-01T14:00:00.000Z");
    expect(formatShiftTimes(start, end, "America/New_York")).toBe("09:00 to 17:30");
    expect(formatDuration(start, end)).toBe("8 h 30 min");
  });

  it("describes a shift in one line for a notification", () => {
    const times = shiftInstants("2026-12-01", { startLocal: "13:30", endLocal: "21:30" }, LONDON);
    expect(formatDay("2026-12-01")).toBe("Tue 1 Dec");
    expect(
      describeShift(
        { date: "2026-12-01", startsAt: times.start, endsAt: times.end },
        { code: "L", name: "Late" },
        LONDON,
      ),
    ).toBe("Tue 1 Dec, Late (L) 13:30 to 21:30");
  });

  it("names a night's first day once, and the day it ends", () => {
    const times = shiftInstants("2026-12-02", { startLocal: "19:30", endLocal: "08:00" }, LONDON);
    expect(
      describeShift(
        { date: "2026-12-02", startsAt: times.start, endsAt: times.end },
        { code: "N", name: "Night" },
        LONDON,
      ),
    ).toBe("Wed 2 Dec, Night (N) 19:30 to Thu 3 Dec 08:00");
  });
});
