import { describe, expect, it } from "vitest";
import {
  type AbsencesByPerson,
  absenceKindOf,
  shiftCounts,
  whyNotWorked,
} from "~/models/rota/shift-counts";

const amelia = "amelia";
const cara = "cara";
const absences: AbsencesByPerson = new Map([
  [amelia, [{ kind: "annual", startDate: "2026-12-21", endDate: "2026-12-25" }]],
  [cara, [{ kind: "sick", startDate: "2026-12-22", endDate: "2026-12-22" }]],
]);
const shift = (userId: string, date: string, extra: object = {}) => ({
  userId,
  date,
  personActive: true,
  ...extra,
});

describe("whether a shift counts as worked", () => {
  it("counts a shift of an active person with no absence that day", () => {
    expect(whyNotWorked(shift(amelia, "2026-12-20"), absences)).toBeNull();
    expect(shiftCounts(shift(amelia, "2026-12-20"), absences)).toBe(true);
  });

  it("does not count a shift on a day of annual leave, and names the kind of leave", () => {
    expect(whyNotWorked(shift(amelia, "2026-12-21"), absences)).toEqual({
      reason: "leave",
      kind: "annual",
    });
    expect(shiftCounts(shift(amelia, "2026-12-21"), absences)).toBe(false);
  });

  it("counts the last day of leave as leave, and the day after as work", () => {
    expect(shiftCounts(shift(amelia, "2026-12-25"), absences)).toBe(false);
    expect(shiftCounts(shift(amelia, "2026-12-26"), absences)).toBe(true);
  });

  it("gives sickness its own reason, without a kind of leave", () => {
    expect(whyNotWorked(shift(cara, "2026-12-22"), absences)).toEqual({ reason: "sickness" });
  });

  it("goes by the day a shift starts: a night into the first day of leave is still worked", () => {
    // 20:00 on 20 Dec to 08:00 on 21 Dec: the shift's date is the 20th.
    expect(shiftCounts(shift(amelia, "2026-12-20"), absences)).toBe(true);
  });

  it("does not let one person's leave touch another's shifts", () => {
    expect(shiftCounts(shift(cara, "2026-12-21"), absences)).toBe(true);
  });

  it("does not count the shift of a closed account, whatever the day", () => {
    expect(whyNotWorked(shift(cara, "2026-12-20", { personActive: false }), absences)).toEqual({
      reason: "inactive",
    });
  });

  it("says removed before anything else, even for a removed shift during leave", () => {
    const removed = shift(amelia, "2026-12-21", { removedAt: new Date(), personActive: false });
    expect(whyNotWorked(removed, absences)).toEqual({ reason: "removed" });
  });

  it("counts everything when nobody has an absence", () => {
    expect(shiftCounts(shift(amelia, "2026-12-21"), new Map())).toBe(true);
  });
});

describe("the leave kind behind a reason", () => {
  it("is the leave's kind, sick for sickness, and null otherwise", () => {
    expect(absenceKindOf({ reason: "leave", kind: "study" })).toBe("study");
    expect(absenceKindOf({ reason: "sickness" })).toBe("sick");
    expect(absenceKindOf({ reason: "removed" })).toBeNull();
    expect(absenceKindOf(null)).toBeNull();
  });
});
