// Issue 10, the model layer: swap, give-away and pick-up requests and open shifts against a real
// SQLite file, through the real model functions (the concurrent HTTP tests come with the routes).
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import {
  auditEvents,
  events,
  memberships,
  notifications,
  openShifts,
  shiftChanges,
  shifts,
  shiftTypes,
  swapRequests,
  teams,
} from "~/db/schema.server";
import { InputError } from "~/models/errors";
import { addDays, localDateKey } from "~/models/local-time";
import { decideLeave, recordSickness, requestLeave } from "~/models/rota/leave.server";
import { createRotaPeriod, publishRotaPeriod } from "~/models/rota/rota-periods.server";
import { addShift, changeShift } from "~/models/rota/shifts.server";
import {
  claimOpenShift,
  GONE_MESSAGE,
  giveShiftBackAsOpen,
  openShiftClaimants,
  openShiftFromGap,
  openShiftsForMe,
  postOpenShift,
} from "~/models/swaps/open-shifts.server";
import {
  acceptSwapRequest,
  approveSwapRequest,
  cancelSwapRequest,
  colleaguesWhoCanTake,
  declineSwapRequest,
  expireSwapRequests,
  mySwapRequests,
  offerShift,
  previewSwapRequest,
  refuseSwapRequest,
  requestSwap,
  swapApprovalQueue,
  swapOffersForMe,
} from "~/models/swaps/swap-requests.server";
import { updateSwapSettings } from "~/models/swaps/swap-settings.server";
import { actorFor, addToTeam, createTeam } from "../../support/factories";
import { createWard, thrownResponse, type Ward } from "../../support/ward";

const TODAY = localDateKey(Date.now(), "Europe/London");
const D = (n: number) => addDays(TODAY, 14 + n);

let w: Ward;
let rota: { periodId: string; shiftIds: string[] };
const me = (u: { id: string }) => actorFor(u.id);

function expectInputError(run: () => unknown, message?: string | RegExp) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    if (message) expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error("expected an InputError");
}

const shiftRow = (id: string) => getDb().select().from(shifts).where(eq(shifts.id, id)).get()!;
const requestRow = (id: string) =>
  getDb().select().from(swapRequests).where(eq(swapRequests.id, id)).get()!;
const setMember = (userId: string, values: { grade?: string; skills?: string[] }) =>
  getDb()
    .update(memberships)
    .set(values)
    .where(and(eq(memberships.userId, userId), eq(memberships.teamId, w.ward)))
    .run();
const settings = (values: Partial<Parameters<typeof updateSwapSettings>[0]["settings"]>) =>
  updateSwapSettings({
    actor: w.manager(),
    teamId: w.ward,
    settings: {
      gradeOrder: ["Band 5", "Band 6"],
      higherGradeCovers: false,
      autoApprove: false,
      claimsWaitForManager: false,
      cutoffMinutes: 120,
      ...values,
    },
  });

beforeEach(async () => {
  w = await createWard();
  // Nia works E on day 0, Omar E on day 2, Pat N on day 1.
  rota = w.rota(D(0), D(6), [
    { userId: w.nia.id, type: w.types.E, date: D(0) },
    { userId: w.omar.id, type: w.types.E, date: D(2) },
    { userId: w.pat.id, type: w.types.N, date: D(1) },
  ]);
});

const niaShift = () => rota.shiftIds[0]!;
const omarShift = () => rota.shiftIds[1]!;
const patShift = () => rota.shiftIds[2]!;
const swapNiaOmar = () =>
  requestSwap({
    actor: me(w.nia),
    teamId: w.ward,
    shiftId: niaShift(),
    colleagueShiftId: omarShift(),
  }).requestId;

describe("a swap from request to the rota", () => {
  it("is accepted, approved and applied through the rota's own path", () => {
    const id = swapNiaOmar();
    expect(requestRow(id).state).toBe("awaiting-colleague");
    expect(acceptSwapRequest({ actor: me(w.omar), requestId: id })).toEqual({
      state: "awaiting-manager",
    });
    expect(approveSwapRequest({ actor: w.manager(), requestId: id })).toEqual({
      outcome: "applied",
    });
    expect(shiftRow(niaShift()).userId).toBe(w.omar.id);
    expect(shiftRow(omarShift()).userId).toBe(w.nia.id);
    expect(requestRow(id).state).toBe("approved");
    const history = getDb()
      .select()
      .from(shiftChanges)
      .where(eq(shiftChanges.rotaPeriodId, rota.periodId))
      .all();
    expect(history.filter((h) => h.summary.includes("swapped between"))).toHaveLength(4);
    const kinds = getDb()
      .select({ kind: events.kind })
      .from(events)
      .all()
      .map((e) => e.kind);
    expect(kinds.filter((k) => k === "rota.shift-changed")).toHaveLength(2);
    const actions = getDb()
      .select({ a: auditEvents.action })
      .from(auditEvents)
      .all()
      .map((r) => r.a);
    expect(actions).toEqual(
      expect.arrayContaining([
        "swap.requested",
        "swap.accepted",
        "swap.approved",
        "shift.added",
        "shift.removed",
      ]),
    );
    const toOmar = getDb()
      .select()
      .from(notifications)
      .where(eq(notifications.userId, w.omar.id))
      .all();
    expect(toOmar.map((n) => n.kind)).toEqual(
      expect.arrayContaining(["swap.requested", "shift.added", "swap.decided"]),
    );
  });

  it("shows both people and the manager the breaches and cover before and after", () => {
    getDb()
      .update(shiftTypes)
      .set({ requirements: [{ count: 1, qualification: "Band 5 RN" }] })
      .where(eq(shiftTypes.id, w.types.E))
      .run();
    const id = swapNiaOmar();
    for (const actor of [me(w.nia), me(w.omar), w.manager()]) {
      const preview = previewSwapRequest({ actor, requestId: id });
      expect(preview.check?.people.map((p) => p.userId).sort()).toEqual(
        [w.nia.id, w.omar.id].sort(),
      );
      expect(preview.check?.cover).toHaveLength(2);
      expect(preview.check?.cover[0]?.before).toEqual([
        { count: 1, qualification: "Band 5 RN", have: 1 },
      ]);
      expect(preview.check?.cover[0]?.after).toEqual([
        { count: 1, qualification: "Band 5 RN", have: 1 },
      ]);
    }
    expect(
      thrownResponse(() => previewSwapRequest({ actor: me(w.pat), requestId: id })).status,
    ).toBe(404);
  });
});

describe("who may make each transition", () => {
  it("refuses everyone but the named colleague to accept or decline", () => {
    const id = swapNiaOmar();
    expectInputError(
      () => acceptSwapRequest({ actor: me(w.nia), requestId: id }),
      /Only the colleague/,
    );
    expect(
      thrownResponse(() => acceptSwapRequest({ actor: me(w.pat), requestId: id })).status,
    ).toBe(404);
    expectInputError(
      () => declineSwapRequest({ actor: w.manager(), requestId: id }),
      /Only the colleague/,
    );
    declineSwapRequest({ actor: me(w.omar), requestId: id });
    expect(requestRow(id).state).toBe("colleague-declined");
    expectInputError(() => acceptSwapRequest({ actor: me(w.omar), requestId: id }), /declined/);
  });

  it("lets only a manager approve, only once accepted, and not one in it", () => {
    const id = swapNiaOmar();
    expectInputError(
      () => approveSwapRequest({ actor: w.manager(), requestId: id }),
      /not accepted/,
    );
    acceptSwapRequest({ actor: me(w.omar), requestId: id });
    expect(
      thrownResponse(() => approveSwapRequest({ actor: me(w.omar), requestId: id })).status,
    ).toBe(404);
    expect(
      thrownResponse(() =>
        approveSwapRequest({ actor: actorFor(w.trust.manager12.id), requestId: id }),
      ).status,
    ).toBe(404);
    approveSwapRequest({ actor: w.manager(), requestId: id });
    expectInputError(
      () => approveSwapRequest({ actor: w.manager(), requestId: id }),
      /already been approved/,
    );
    expectInputError(
      () => cancelSwapRequest({ actor: me(w.nia), requestId: id }),
      /already been approved/,
    );
  });

  it("lets the requester cancel until it is approved, and no one else", () => {
    const id = swapNiaOmar();
    acceptSwapRequest({ actor: me(w.omar), requestId: id });
    expectInputError(
      () => cancelSwapRequest({ actor: me(w.omar), requestId: id }),
      /Only the person/,
    );
    cancelSwapRequest({ actor: me(w.nia), requestId: id });
    expect(requestRow(id).state).toBe("cancelled");
  });

  it("needs a reason for a manager's decline and tells both people", () => {
    const id = swapNiaOmar();
    acceptSwapRequest({ actor: me(w.omar), requestId: id });
    expectInputError(
      () => refuseSwapRequest({ actor: w.manager(), requestId: id, reason: "  " }),
      /Say why/,
    );
    expectInputError(
      () => refuseSwapRequest({ actor: w.manager(), requestId: id, reason: "x".repeat(301) }),
      /300/,
    );
    refuseSwapRequest({ actor: w.manager(), requestId: id, reason: "Nia is needed for training." });
    expect(requestRow(id)).toMatchObject({
      state: "manager-declined",
      reason: "Nia is needed for training.",
    });
    expect(shiftRow(niaShift()).userId).toBe(w.nia.id);
  });

  it("refuses a shift that is not the requester's own as if it did not exist", () => {
    expect(
      thrownResponse(() =>
        requestSwap({
          actor: me(w.pat),
          teamId: w.ward,
          shiftId: niaShift(),
          colleagueShiftId: omarShift(),
        }),
      ).status,
    ).toBe(404);
  });

  it("allows one live request per shift", () => {
    swapNiaOmar();
    expectInputError(swapNiaOmar, /already offered/);
  });
});

describe("eligibility", () => {
  it("refuses a colleague on leave that day", () => {
    const { leaveId } = requestLeave({
      actor: me(w.omar),
      teamId: w.ward,
      kind: "annual",
      startDate: D(0),
      endDate: D(0),
    });
    decideLeave({ actor: w.manager(), teamId: w.ward, leaveId, decision: "approved" });
    expectInputError(swapNiaOmar, /Omar Nurse is on annual leave/);
  });

  it("refuses an overlapping shift in another team", () => {
    const other = createTeam(w.trust.organisation.id, "Ward 9");
    addToTeam(w.omar.id, other.id, "staff");
    addToTeam(w.trust.manager7.id, other.id, "manager");
    const E9 = getDb()
      .insert(shiftTypes)
      .values({
        id: "e9",
        teamId: other.id,
        code: "L",
        name: "Late",
        startLocal: "12:00",
        endLocal: "20:00",
        colour: "blue",
      })
      .run();
    expect(E9.changes).toBe(1);
    const { periodId } = createRotaPeriod({
      actor: w.manager(),
      teamId: other.id,
      startDate: D(0),
      endDate: D(0),
    });
    addShift({
      actor: w.manager(),
      teamId: other.id,
      periodId,
      userId: w.omar.id,
      shiftTypeId: "e9",
      date: D(0),
    });
    expectInputError(swapNiaOmar, /Omar Nurse already works L/);
  });

  it("follows the grade order, and lets a higher grade cover only when the team allows", () => {
    getDb()
      .update(shiftTypes)
      .set({ requirements: [{ count: 1, qualification: "Band 5" }] })
      .where(eq(shiftTypes.id, w.types.E))
      .run();
    setMember(w.nia.id, { grade: "Band 5 RN" });
    setMember(w.pat.id, { grade: "Band 6 RN" });
    settings({ higherGradeCovers: false });
    expectInputError(
      () =>
        offerShift({ actor: me(w.nia), teamId: w.ward, shiftId: niaShift(), toUserId: w.pat.id }),
      /Pat Nurse \(Band 6 RN\) is not Band 5/,
    );
    settings({ higherGradeCovers: true });
    expect(
      offerShift({ actor: me(w.nia), teamId: w.ward, shiftId: niaShift(), toUserId: w.pat.id })
        .requestId,
    ).toBeTruthy();
  });

  it("never lets a lower grade take a higher grade's role", () => {
    getDb()
      .update(shiftTypes)
      .set({ requirements: [{ count: 1, qualification: "Band 6" }] })
      .where(eq(shiftTypes.id, w.types.E))
      .run();
    setMember(w.nia.id, { grade: "Band 6 RN" });
    settings({ higherGradeCovers: true });
    expectInputError(
      () =>
        offerShift({ actor: me(w.nia), teamId: w.ward, shiftId: niaShift(), toUserId: w.pat.id }),
      /is not Band 6/,
    );
  });

  it("refuses a change that makes a new working-time breach", () => {
    getDb().update(teams).set({ ruleSet: "wtr" }).where(eq(teams.id, w.ward)).run();
    // Pat's night on day 1 ends 08:00 on day 2, over Omar's early that day: a clash, not a breach.
    expectInputError(
      () =>
        offerShift({ actor: me(w.omar), teamId: w.ward, shiftId: omarShift(), toUserId: w.pat.id }),
      /Pat Nurse already works N/,
    );
    const late = getDb()
      .insert(shiftTypes)
      .values({
        id: "late",
        teamId: w.ward,
        code: "L",
        name: "Late",
        startLocal: "14:00",
        endLocal: "22:00",
        colour: "blue",
        paidBreakMinutes: 30,
      })
      .run();
    expect(late.changes).toBe(1);
    getDb().update(shiftTypes).set({ paidBreakMinutes: 30 }).run();
    const { periodId } = createRotaPeriod({
      actor: w.manager(),
      teamId: w.ward,
      startDate: D(7),
      endDate: D(8),
    });
    const lateShift = addShift({
      actor: w.manager(),
      teamId: w.ward,
      periodId,
      userId: w.nia.id,
      shiftTypeId: "late",
      date: D(7),
    }).shiftId;
    const earlyShift = addShift({
      actor: w.manager(),
      teamId: w.ward,
      periodId,
      userId: w.omar.id,
      shiftTypeId: w.types.E,
      date: D(8),
    }).shiftId;
    publishRotaPeriod({ actor: w.manager(), teamId: w.ward, periodId });
    expect(lateShift).toBeTruthy();
    // Nia would work a late (ends 22:00) then an early at 07:30: 9.5 hours' rest.
    expectInputError(
      () =>
        offerShift({ actor: me(w.omar), teamId: w.ward, shiftId: earlyShift, toUserId: w.nia.id }),
      /Nia Nurse: .*rest/i,
    );
  });

  it("offers a give-away only to eligible colleagues", () => {
    const { leaveId } = requestLeave({
      actor: me(w.omar),
      teamId: w.ward,
      kind: "annual",
      startDate: D(0),
      endDate: D(0),
    });
    decideLeave({ actor: w.manager(), teamId: w.ward, leaveId, decision: "approved" });
    const names = colleaguesWhoCanTake({
      actor: me(w.nia),
      teamId: w.ward,
      shiftId: niaShift(),
    }).map((p) => p.name);
    expect(names).toContain("Pat Nurse");
    expect(names).not.toContain("Omar Nurse");
    expect(names).not.toContain("Nia Nurse");
  });
});

describe("expiry", () => {
  it("closes a request at the first shift's start less the cut-off", () => {
    const id = swapNiaOmar();
    const expiresAt = requestRow(id).expiresAt.getTime();
    expect(expiresAt).toBe(shiftRow(niaShift()).startsAt.getTime() - 2 * 3_600_000);
    expireSwapRequests({ now: new Date(expiresAt - 1) });
    expect(requestRow(id).state).toBe("awaiting-colleague");
    expect(expireSwapRequests({ now: new Date(expiresAt) })).toBeGreaterThanOrEqual(1);
    expect(requestRow(id).state).toBe("expired");
    expectInputError(() => acceptSwapRequest({ actor: me(w.omar), requestId: id }), /expired/);
  });

  it("expires before acting, so a late acceptance is refused", () => {
    const id = swapNiaOmar();
    const late = new Date(requestRow(id).expiresAt.getTime() + 1000);
    expectInputError(
      () => acceptSwapRequest({ actor: me(w.omar), requestId: id, now: late }),
      /expired/,
    );
  });

  it("refuses a request made after the cut-off", () => {
    const start = shiftRow(niaShift()).startsAt.getTime();
    expectInputError(
      () =>
        requestSwap({
          actor: me(w.nia),
          teamId: w.ward,
          shiftId: niaShift(),
          colleagueShiftId: omarShift(),
          now: new Date(start - 60 * 60_000),
        }),
      /Too late: requests close 2 hours before/,
    );
  });
});

describe("the re-check on approval", () => {
  it("closes the request and changes nothing when a shift moved in between", () => {
    const id = swapNiaOmar();
    acceptSwapRequest({ actor: me(w.omar), requestId: id });
    changeShift({
      actor: w.manager(),
      teamId: w.ward,
      shiftId: niaShift(),
      userId: w.nia.id,
      shiftTypeId: w.types.E,
      date: D(3),
    });
    const result = approveSwapRequest({ actor: w.manager(), requestId: id });
    expect(result).toEqual({
      outcome: "no-longer-valid",
      reason: expect.stringMatching(/has moved/),
    });
    expect(shiftRow(niaShift()).userId).toBe(w.nia.id);
    expect(shiftRow(omarShift()).userId).toBe(w.omar.id);
    expect(requestRow(id).state).toBe("no-longer-valid");
    for (const person of [w.nia, w.omar, w.trust.manager7]) {
      const told = getDb()
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, person.id), eq(notifications.kind, "swap.closed")))
        .all();
      expect(told).toHaveLength(1);
    }
  });

  it("closes the request when a person went off sick in between", () => {
    const id = swapNiaOmar();
    acceptSwapRequest({ actor: me(w.omar), requestId: id });
    recordSickness({
      actor: w.manager(),
      teamId: w.ward,
      userId: w.omar.id,
      startDate: D(0),
      endDate: D(0),
    });
    const result = approveSwapRequest({ actor: w.manager(), requestId: id });
    expect(result).toEqual({
      outcome: "no-longer-valid",
      reason: expect.stringMatching(/Omar Nurse is off on/),
    });
    expect(shiftRow(niaShift()).userId).toBe(w.nia.id);
  });

  it("applies at most one of two swaps of the same shift", () => {
    // Both name Nia's early: Nia offers it for Omar's, and Pat asks for it for his night.
    const first = swapNiaOmar();
    const second = requestSwap({
      actor: me(w.pat),
      teamId: w.ward,
      shiftId: patShift(),
      colleagueShiftId: niaShift(),
    }).requestId;
    acceptSwapRequest({ actor: me(w.omar), requestId: first });
    acceptSwapRequest({ actor: me(w.nia), requestId: second });
    expect(approveSwapRequest({ actor: w.manager(), requestId: first }).outcome).toBe("applied");
    expect(requestRow(second).state).toBe("no-longer-valid");
    expectInputError(
      () => approveSwapRequest({ actor: w.manager(), requestId: second }),
      /no longer valid/,
    );
    expect(shiftRow(niaShift()).userId).toBe(w.omar.id);
    expect(shiftRow(patShift()).userId).toBe(w.pat.id);
  });
});

describe("automatic approval", () => {
  it("applies an accepted request at once when it adds no breach and leaves cover as it was", () => {
    settings({ autoApprove: true });
    const id = swapNiaOmar();
    expect(acceptSwapRequest({ actor: me(w.omar), requestId: id })).toEqual({ state: "approved" });
    expect(shiftRow(niaShift()).userId).toBe(w.omar.id);
    expect(requestRow(id).decidedByUserId).toBeNull();
  });

  it("waits for a manager when cover would be worse", () => {
    settings({ autoApprove: true });
    getDb()
      .update(shiftTypes)
      .set({
        requirements: [
          { count: 1, qualification: "Band 5 RN" },
          { count: 1, qualification: "IV" },
        ],
      })
      .where(eq(shiftTypes.id, w.types.E))
      .run();
    setMember(w.nia.id, { skills: ["IV"] });
    const id = offerShift({
      actor: me(w.nia),
      teamId: w.ward,
      shiftId: niaShift(),
      toUserId: w.pat.id,
    }).requestId;
    expect(previewSwapRequest({ actor: me(w.pat), requestId: id }).wouldApproveAutomatically).toBe(
      false,
    );
    expect(acceptSwapRequest({ actor: me(w.pat), requestId: id })).toEqual({
      state: "awaiting-manager",
    });
    const queue = swapApprovalQueue({ actor: w.manager(), teamId: w.ward });
    expect(queue.map((q) => q.request.id)).toEqual([id]);
    expect(queue[0]?.check?.cover[0]?.after.find((c) => c.qualification === "IV")?.have).toBe(0);
  });
});

describe("a give-away to anyone eligible", () => {
  it("goes to the first eligible person who accepts", () => {
    const id = offerShift({
      actor: me(w.nia),
      teamId: w.ward,
      shiftId: niaShift(),
      toUserId: null,
    }).requestId;
    expect(swapOffersForMe({ actor: me(w.pat) }).map((r) => r.id)).toEqual([id]);
    expect(swapOffersForMe({ actor: me(w.nia) })).toEqual([]);
    expect(previewSwapRequest({ actor: me(w.pat), requestId: id }).role).toBe("candidate");
    acceptSwapRequest({ actor: me(w.pat), requestId: id });
    expect(requestRow(id).colleagueUserId).toBe(w.pat.id);
    // Taken: it is no longer an offer to anyone, so to Omar it does not exist.
    expect(
      thrownResponse(() => acceptSwapRequest({ actor: me(w.omar), requestId: id })).status,
    ).toBe(404);
    // Until approved it stays Nia's.
    expect(shiftRow(niaShift()).userId).toBe(w.nia.id);
    expect(mySwapRequests({ actor: me(w.nia) })[0]).toMatchObject({
      id,
      state: "awaiting-manager",
    });
    approveSwapRequest({ actor: w.manager(), requestId: id });
    expect(shiftRow(niaShift()).userId).toBe(w.pat.id);
  });
});

describe("open shifts", () => {
  it("go to the first valid claim; the next claimant is told it has gone", () => {
    const { openShiftId } = postOpenShift({
      actor: w.manager(),
      teamId: w.ward,
      shiftTypeId: w.types.E,
      date: D(4),
    });
    expect(openShiftsForMe({ actor: me(w.omar) }).map((o) => o.id)).toEqual([openShiftId]);
    const won = claimOpenShift({ actor: me(w.omar), openShiftId });
    expect(won.outcome).toBe("assigned");
    expectInputError(() => claimOpenShift({ actor: me(w.pat), openShiftId }), GONE_MESSAGE);
    const open = getDb().select().from(openShifts).where(eq(openShifts.id, openShiftId)).get()!;
    expect(open).toMatchObject({ state: "filled", filledByUserId: w.omar.id });
    expect(shiftRow(open.filledShiftId!).userId).toBe(w.omar.id);
    expect(openShiftsForMe({ actor: me(w.pat) })).toEqual([]);
  });

  it("are shown only to people who may claim them", () => {
    const { openShiftId } = postOpenShift({
      actor: w.manager(),
      teamId: w.ward,
      shiftTypeId: w.types.E,
      date: D(0),
      requiredGrade: "Band 6",
    });
    expect(openShiftsForMe({ actor: me(w.pat) })).toEqual([]);
    expectInputError(() => claimOpenShift({ actor: me(w.pat), openShiftId }), /is not Band 6/);
    expect(
      thrownResponse(() => claimOpenShift({ actor: actorFor(w.trust.staff12.id), openShiftId }))
        .status,
    ).toBe(404);
  });

  it("wait for a manager who sees every claimant and picks one; the others are told", () => {
    settings({ claimsWaitForManager: true });
    const { openShiftId } = postOpenShift({
      actor: w.manager(),
      teamId: w.ward,
      shiftTypeId: w.types.E,
      date: D(4),
    });
    const omar = claimOpenShift({ actor: me(w.omar), openShiftId });
    const pat = claimOpenShift({ actor: me(w.pat), openShiftId });
    expect(omar.outcome).toBe("waiting");
    expectInputError(() => claimOpenShift({ actor: me(w.pat), openShiftId }), /already claimed/);
    const { claimants } = openShiftClaimants({ actor: w.manager(), openShiftId });
    expect(claimants.map((c) => c.name)).toEqual(["Omar Nurse", "Pat Nurse"]);
    expect(claimants[0]?.hoursThisWeek).toBeGreaterThanOrEqual(0);
    if (pat.outcome !== "waiting" || omar.outcome !== "waiting")
      throw new Error("expected waiting");
    expect(approveSwapRequest({ actor: w.manager(), requestId: pat.requestId })).toEqual({
      outcome: "applied",
    });
    expect(requestRow(omar.requestId)).toMatchObject({
      state: "manager-declined",
      reason: "Another person was chosen.",
    });
    expectInputError(() => claimOpenShift({ actor: me(w.nia), openShiftId }), GONE_MESSAGE);
  });

  it("come from a coverage gap or a shift given back", () => {
    getDb()
      .update(shiftTypes)
      .set({ requirements: [{ count: 2, qualification: "Band 5 RN" }] })
      .where(eq(shiftTypes.id, w.types.E))
      .run();
    const fromGap = openShiftFromGap({
      actor: w.manager(),
      teamId: w.ward,
      shiftTypeId: w.types.E,
      date: D(0),
      qualification: "Band 5 RN",
    });
    expect(
      getDb().select().from(openShifts).where(eq(openShifts.id, fromGap.openShiftId)).get()
        ?.requiredGrade,
    ).toBe("Band 5 RN");
    expectInputError(
      () =>
        openShiftFromGap({
          actor: w.manager(),
          teamId: w.ward,
          shiftTypeId: w.types.E,
          date: D(0),
          qualification: "Band 5 RN",
        }),
      /already has an open shift/,
    );
    const back = giveShiftBackAsOpen({ actor: w.manager(), teamId: w.ward, shiftId: patShift() });
    expect(shiftRow(patShift()).removedAt).not.toBeNull();
    expect(
      getDb().select().from(openShifts).where(eq(openShifts.id, back.openShiftId)).get()
        ?.fromShiftId,
    ).toBe(patShift());
    expect(
      thrownResponse(() =>
        postOpenShift({ actor: me(w.nia), teamId: w.ward, shiftTypeId: w.types.E, date: D(4) }),
      ).status,
    ).toBe(404);
  });
});
