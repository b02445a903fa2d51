import { describe, expect, it } from "vitest";
import {
  breachesOf,
  coverNoWorse,
  expiryInstant,
  gradeRank,
  mayApproveAutomatically,
  meetsNeed,
  needsToTake,
  newBreaches,
  type ShiftBreach,
  SWAP_STATES,
  type SwapAction,
  type SwapRole,
  swapTransition,
  type TimedShift,
  whyIneligible,
} from "~/models/swaps/swap-rules";

const ORDER = ["Band 2 HCA", "Band 3 HCA", "Band 5", "Band 6", "Band 7"];
const strict = { gradeOrder: ORDER, higherGradeCovers: false };
const upward = { gradeOrder: ORDER, higherGradeCovers: true };
const band5 = { grade: "Band 5 RN", skills: [] };
const band6 = { grade: "Band 6 RN", skills: ["Nurse in charge"] };
const hca = { grade: "Band 2 HCA", skills: [] };

describe("grade order", () => {
  it("places a grade at the highest entry it contains as whole words", () => {
    expect(gradeRank(ORDER, "Band 6 RN")).toBe(3);
    expect(gradeRank(ORDER, "band 2 hca")).toBe(0);
    expect(gradeRank(ORDER, "FY1")).toBeNull();
    expect(gradeRank([], "Band 6")).toBeNull();
  });

  it("lets a higher grade cover a lower one only when the team says so", () => {
    expect(meetsNeed(band6, "Band 5", strict)).toBe(false);
    expect(meetsNeed(band6, "Band 5", upward)).toBe(true);
  });

  it("never lets a lower grade cover a higher one", () => {
    expect(meetsNeed(band5, "Band 6", upward)).toBe(false);
    expect(meetsNeed(hca, "Band 5", upward)).toBe(false);
  });

  it("meets a skill only directly, whatever the order", () => {
    expect(meetsNeed(band6, "Nurse in charge", strict)).toBe(true);
    expect(meetsNeed({ grade: "Band 7", skills: [] }, "Nurse in charge", upward)).toBe(false);
  });

  it("meets a need not in the order only directly", () => {
    expect(meetsNeed({ grade: "Band 7", skills: [] }, "RN", upward)).toBe(false);
    expect(meetsNeed(band5, "RN", strict)).toBe(true);
  });
});

describe("what a person needs to take a shift", () => {
  const requirements = [
    { count: 2, qualification: "Band 5" },
    { count: 1, qualification: "Band 6" },
  ];

  it("passes on the role the holder fills", () => {
    expect(needsToTake({ requirements, holder: band6, settings: strict })).toEqual(["Band 6"]);
    expect(needsToTake({ requirements, holder: band5, settings: strict })).toEqual(["Band 5"]);
  });

  it("lets anyone take a shift whose holder fills no requirement", () => {
    expect(needsToTake({ requirements, holder: hca, settings: strict })).toEqual([]);
  });

  it("uses an open shift's required grade, else any requirement of its type", () => {
    expect(
      needsToTake({ requirements, holder: null, requiredGrade: "Band 6", settings: strict }),
    ).toEqual(["Band 6"]);
    expect(needsToTake({ requirements, holder: null, settings: strict })).toEqual([
      "Band 5",
      "Band 6",
    ]);
    expect(needsToTake({ requirements: [], holder: null, settings: strict })).toEqual([]);
  });
});

const at = (iso: string) => new Date(iso);
const shift = (id: string, start: string, end: string): TimedShift => ({
  id,
  startsAt: at(start),
  endsAt: at(end),
  breakMinutes: 30,
});

describe("new breaches", () => {
  const late = shift("late", "2026-03-02T14:00:00Z", "2026-03-02T22:00:00Z");
  const early = shift("early", "2026-03-03T06:00:00Z", "2026-03-03T14:00:00Z");
  const day = shift("day", "2026-03-03T09:00:00Z", "2026-03-03T17:00:00Z");

  it("finds a short rest that a new early makes after a late", () => {
    const before = breachesOf([late], "wtr", "Europe/London");
    const after = breachesOf([late, early], "wtr", "Europe/London");
    expect(before).toEqual([]);
    expect(newBreaches(before, after).map((b) => b.rule)).toEqual(["wtr.daily-rest"]);
  });

  it("finds none when the new shift leaves 11 hours' rest", () => {
    const after = breachesOf([late, day], "wtr", "Europe/London");
    expect(newBreaches([], after)).toEqual([]);
  });

  it("counts nothing under no rule set", () => {
    expect(breachesOf([late, early], null, "Europe/London")).toEqual([]);
  });

  it("treats a breach of the same rule over a shift the person keeps as the one already there", () => {
    const b = (rule: string, ids: string[], message = "m"): ShiftBreach => ({
      rule,
      shifts: [],
      shiftIds: ids,
      message,
    });
    expect(
      newBreaches(
        [b("wtr.avg-weekly", ["a", "b"], "50 h")],
        [b("wtr.avg-weekly", ["a", "c"], "52 h")],
      ),
    ).toEqual([]);
    expect(newBreaches([b("wtr.avg-weekly", ["a"])], [b("wtr.daily-rest", ["a"])])).toHaveLength(1);
    // One breach before answers for one breach after.
    expect(newBreaches([b("r", ["a"])], [b("r", ["a"]), b("r", ["a", "x"])])).toHaveLength(1);
  });
});

describe("eligibility", () => {
  const base = {
    name: "Omar",
    day: "Tue 3 Mar",
    person: { ...band5, active: true },
    needs: ["Band 5"],
    settings: strict,
    absence: null,
    clash: null,
    breachesBefore: [],
    breachesAfter: [],
  };

  it("passes a member of the right grade with nothing in the way", () => {
    expect(whyIneligible(base)).toEqual([]);
  });

  it("refuses the wrong grade and names what the shift needs", () => {
    const [reason] = whyIneligible({ ...base, needs: ["Band 6"] });
    expect(reason).toEqual({
      reason: "grade",
      message: "Omar (Band 5 RN) is not Band 6, which this shift needs.",
    });
  });

  it("refuses leave, and says only 'off' for sickness", () => {
    expect(whyIneligible({ ...base, absence: "annual" })[0]?.message).toBe(
      "Omar is on annual leave on Tue 3 Mar.",
    );
    expect(whyIneligible({ ...base, absence: "sick" })[0]?.message).toBe(
      "Omar is off on Tue 3 Mar.",
    );
  });

  it("refuses an overlapping shift", () => {
    expect(whyIneligible({ ...base, clash: { code: "N", day: "Mon 2 Mar" } })[0]?.reason).toBe(
      "clash",
    );
  });

  it("refuses a new breach but not one already there", () => {
    const breach: ShiftBreach = {
      rule: "wtr.daily-rest",
      shifts: [0],
      shiftIds: ["x"],
      message: "rest",
    };
    expect(whyIneligible({ ...base, breachesAfter: [breach] })[0]?.reason).toBe("new-breach");
    expect(whyIneligible({ ...base, breachesBefore: [breach], breachesAfter: [breach] })).toEqual(
      [],
    );
  });

  it("refuses someone outside the team or deactivated", () => {
    expect(whyIneligible({ ...base, person: null })[0]?.reason).toBe("not-in-team");
    expect(whyIneligible({ ...base, person: { ...band5, active: false } })[0]?.reason).toBe(
      "inactive",
    );
  });
});

describe("cover and automatic approval", () => {
  const cover = (have: number, count = 1) => [{ count, qualification: "Band 6", have }];

  it("is no worse when every requirement is as short or less short", () => {
    expect(coverNoWorse(cover(1), cover(1))).toBe(true);
    expect(coverNoWorse(cover(3, 2), cover(2, 2))).toBe(true);
    expect(coverNoWorse(cover(1), cover(0))).toBe(false);
    expect(coverNoWorse(cover(0), cover(1))).toBe(true);
  });

  it("approves automatically only when on, with no new breach and cover no worse", () => {
    const same = [{ before: cover(1), after: cover(1) }];
    expect(mayApproveAutomatically({ autoApprove: true, newBreachCount: 0, cover: same })).toBe(
      true,
    );
    expect(mayApproveAutomatically({ autoApprove: false, newBreachCount: 0, cover: same })).toBe(
      false,
    );
    expect(mayApproveAutomatically({ autoApprove: true, newBreachCount: 1, cover: same })).toBe(
      false,
    );
    expect(
      mayApproveAutomatically({
        autoApprove: true,
        newBreachCount: 0,
        cover: [{ before: cover(1), after: cover(0) }],
      }),
    ).toBe(false);
  });
});

describe("expiry", () => {
  it("is the first touched shift's start less the cut-off", () => {
    const first = Date.parse("2026-03-03T07:30:00Z");
    expect(expiryInstant([new Date(first + 86_400_000), first], 120)).toBe(first - 2 * 3_600_000);
    expect(expiryInstant([first], 0)).toBe(first);
  });
});

describe("the request's states", () => {
  it("lets the colleague accept or decline a request waiting for them", () => {
    expect(swapTransition("awaiting-colleague", "accept", "colleague")).toEqual({
      ok: true,
      to: "awaiting-manager",
    });
    expect(swapTransition("awaiting-colleague", "accept", "candidate")).toEqual({
      ok: true,
      to: "awaiting-manager",
    });
    expect(swapTransition("awaiting-colleague", "decline", "colleague")).toEqual({
      ok: true,
      to: "colleague-declined",
    });
  });

  it("lets only a manager approve or decline, and only once accepted", () => {
    expect(swapTransition("awaiting-manager", "approve", "manager")).toEqual({
      ok: true,
      to: "approved",
    });
    expect(swapTransition("awaiting-manager", "refuse", "manager")).toEqual({
      ok: true,
      to: "manager-declined",
    });
    expect(swapTransition("awaiting-manager", "approve", "requester").ok).toBe(false);
    expect(swapTransition("awaiting-manager", "approve", "colleague").ok).toBe(false);
    expect(swapTransition("awaiting-colleague", "approve", "manager")).toEqual({
      ok: false,
      message: "The colleague has not accepted this request yet.",
    });
  });

  it("lets the requester cancel until it is approved", () => {
    expect(swapTransition("awaiting-colleague", "cancel", "requester").ok).toBe(true);
    expect(swapTransition("awaiting-manager", "cancel", "requester").ok).toBe(true);
    expect(swapTransition("approved", "cancel", "requester").ok).toBe(false);
    expect(swapTransition("awaiting-manager", "cancel", "colleague").ok).toBe(false);
  });

  it("never lets the requester accept their own request", () => {
    expect(swapTransition("awaiting-colleague", "accept", "requester").ok).toBe(false);
  });

  it("expires and invalidates only live requests, and only by the system", () => {
    expect(swapTransition("awaiting-manager", "expire", "system")).toEqual({
      ok: true,
      to: "expired",
    });
    expect(swapTransition("awaiting-colleague", "invalidate", "system")).toEqual({
      ok: true,
      to: "no-longer-valid",
    });
    expect(swapTransition("awaiting-colleague", "expire", "manager").ok).toBe(false);
  });

  it("moves nothing out of a final state", () => {
    const actions: SwapAction[] = [
      "accept",
      "decline",
      "cancel",
      "approve",
      "refuse",
      "expire",
      "invalidate",
    ];
    const roles: SwapRole[] = ["requester", "colleague", "candidate", "manager", "system"];
    for (const state of SWAP_STATES.filter((s) => !s.startsWith("awaiting")))
      for (const action of actions)
        for (const role of roles) expect(swapTransition(state, action, role).ok).toBe(false);
  });
});
