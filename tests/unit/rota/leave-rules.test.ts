import { describe, expect, it } from "vitest";
import {
  canCancelLeave,
  checkLeaveDates,
  datesOverlap,
  describeLeaveDates,
} from "~/models/rota/leave-rules";

const today = "2026-11-25";

describe("leave dates", () => {
  it("accepts a range from today on, one day or many", () => {
    expect(checkLeaveDates("2026-11-25", "2026-11-25", { today, allowPast: false })).toEqual([]);
    expect(checkLeaveDates("2026-12-21", "2027-01-02", { today, allowPast: false })).toEqual([]);
  });

  it("says which date does not exist", () => {
    expect(
      checkLeaveDates("2027-04-31", "2027-05-02", { today: "2027-01-01", allowPast: false }),
    ).toEqual([
      {
        field: "startDate",
        message: "31 April 2027 does not exist. Enter the first day of leave as a real date.",
      },
    ]);
  });

  it("refuses dates that do not exist, a backwards range and more than 90 days", () => {
    expect(
      checkLeaveDates("2026-02-30", "2026-03-01", { today: "2026-01-01", allowPast: false }).map(
        (p) => p.field,
      ),
    ).toEqual(["startDate"]);
    expect(checkLeaveDates("2026-12-05", "2026-12-01", { today, allowPast: false })).toEqual([
      { field: "endDate", message: "The last day must be on or after the first day." },
    ]);
    expect(
      checkLeaveDates("2026-12-01", "2027-03-01", { today, allowPast: false })[0]?.message,
    ).toBe("Enter at most 90 days at a time.");
  });

  it("refuses requests in the past, but lets a manager record past sickness", () => {
    expect(checkLeaveDates("2026-11-24", "2026-11-26", { today, allowPast: false })[0]?.field).toBe(
      "startDate",
    );
    expect(checkLeaveDates("2026-11-20", "2026-11-26", { today, allowPast: true })).toEqual([]);
  });

  it("finds overlapping ranges, including those sharing one end day", () => {
    const week = { startDate: "2026-12-07", endDate: "2026-12-11" };
    expect(datesOverlap(week, { startDate: "2026-12-11", endDate: "2026-12-14" })).toBe(true);
    expect(datesOverlap(week, { startDate: "2026-12-01", endDate: "2026-12-07" })).toBe(true);
    expect(datesOverlap(week, { startDate: "2026-12-12", endDate: "2026-12-14" })).toBe(false);
  });

  it("describes a range with its number of days", () => {
    expect(describeLeaveDates("2026-12-21", "2026-12-23")).toBe(
      "Mon, 21 Dec 2026 to Wed, 23 Dec 2026 (3 days)",
    );
    expect(describeLeaveDates("2026-12-21", "2026-12-21")).toBe("Mon, 21 Dec 2026 (1 day)");
  });
});

describe("cancelling leave", () => {
  it("allows a request at any time, and approved leave only before its first day", () => {
    expect(canCancelLeave({ status: "requested", startDate: "2026-11-20" }, "2026-11-25")).toBe(
      true,
    );
    expect(canCancelLeave({ status: "approved", startDate: "2026-11-26" }, "2026-11-25")).toBe(
      true,
    );
    expect(canCancelLeave({ status: "approved", startDate: "2026-11-25" }, "2026-11-25")).toBe(
      false,
    );
    expect(canCancelLeave({ status: "declined", startDate: "2026-12-25" }, "2026-11-25")).toBe(
      false,
    );
  });
});
