// Issue 10 review fixes, through the real model functions on a real SQLite file: a preview shows
// nobody's hours but those of people who may take the shift; a higher grade's cover counts when
// the team allows it; applying a swap or a pick-up keeps the times that were checked; a direct
// claim closes claims still waiting for a manager; an expiry tells the managers it was waiting for.
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import {
  memberships,
  notifications,
  openShifts,
  shifts,
  shiftTypes,
  swapRequests,
} from "~/db/schema.server";
import { InputError } from "~/models/errors";
import { addDays, localDateKey } from "~/models/local-time";
import { decideLeave, requestLeave } from "~/models/rota/leave.server";
import { changeShift } from "~/models/rota/shifts.server";
import { claimOpenShift, GONE_MESSAGE, postOpenShift } from "~/models/swaps/open-shifts.server";
import { previewNewRequest } from "~/models/swaps/swap-choices.server";
import {
  acceptSwapRequest,
  approveSwapRequest,
  expireSwapRequests,
  offerShift,
  previewSwapRequest,
  requestSwap,
} from "~/models/swaps/swap-requests.server";
import { updateSwapSettings } from "~/models/swaps/swap-settings.server";
import { actorFor } from "../../support/factories";
import { createWard, type Ward } from "../../support/ward";

const TODAY = localDateKey(Date.now(), "Europe/London");
const D = (n: number) => addDays(TODAY, 14 + n);

let w: Ward;
let rota: { periodId: string; shiftIds: string[] };
const me = (u: { id: string }) => actorFor(u.id);
const niaShift = () => rota.shiftIds[0]!;
const omarShift = () => rota.shiftIds[1]!;
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
const onLeave = (userId: string, date: string) => {
  const { leaveId } = requestLeave({
    actor: me({ id: userId }),
    teamId: w.ward,
    kind: "annual",
    startDate: date,
    endDate: date,
  });
  decideLeave({ actor: w.manager(), teamId: w.ward, leaveId, decision: "approved" });
};
const moveEarly = (startLocal: string, endLocal: string) =>
  getDb()
    .update(shiftTypes)
    .set({ startLocal, endLocal })
    .where(eq(shiftTypes.id, w.types.E))
    .run();

function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error("expected an InputError");
}

beforeEach(async () => {
  w = await createWard();
  rota = w.rota(D(0), D(6), [
    { userId: w.nia.id, type: w.types.E, date: D(0) },
    { userId: w.omar.id, type: w.types.E, date: D(2) },
    { userId: w.pat.id, type: w.types.N, date: D(1) },
  ]);
});

describe("previewing a request before it is sent", () => {
  it("refuses a colleague who is not on the list, in another organisation or ineligible", () => {
    for (const toUserId of [w.outsider.id, w.trust.staff12.id]) {
      const error = inputError(() =>
        previewNewRequest({ actor: me(w.nia), teamId: w.ward, shiftId: niaShift(), toUserId }),
      );
      expect(error.message).toBe("Choose a colleague from the list.");
      expect(error.field).toBe("toUserId");
    }
    onLeave(w.omar.id, D(0));
    expect(
      inputError(() =>
        previewNewRequest({
          actor: me(w.nia),
          teamId: w.ward,
          shiftId: niaShift(),
          toUserId: w.omar.id,
        }),
      ).message,
    ).toBe("Choose a colleague from the list.");
    // An eligible colleague is previewed as before.
    const pat = previewNewRequest({
      actor: me(w.nia),
      teamId: w.ward,
      shiftId: niaShift(),
      toUserId: w.pat.id,
    });
    expect(pat.summary).toMatch(/to Pat Nurse$/);
    expect(pat.check?.people.map((p) => p.name).sort()).toEqual(["Nia Nurse", "Pat Nurse"]);
  });

  it("refuses a colleague's shift the swap choices do not offer", () => {
    onLeave(w.omar.id, D(0));
    expect(
      inputError(() =>
        previewNewRequest({
          actor: me(w.nia),
          teamId: w.ward,
          shiftId: niaShift(),
          colleagueShiftId: omarShift(),
        }),
      ).field,
    ).toBe("colleagueShiftId");
  });
});

describe("a request's page for someone who could take an offer to anyone", () => {
  it("shows an ineligible colleague only why not, never the requester's hours or the cover", () => {
    const id = offerShift({
      actor: me(w.nia),
      teamId: w.ward,
      shiftId: niaShift(),
      toUserId: null,
    }).requestId;
    onLeave(w.omar.id, D(0));
    const omar = previewSwapRequest({ actor: me(w.omar), requestId: id });
    expect(omar.role).toBe("candidate");
    expect(omar.check?.ineligible.map((i) => i.reason)).toEqual(["absent"]);
    expect(omar.check?.people).toEqual([]);
    expect(omar.check?.cover).toEqual([]);
    // An eligible colleague, the requester and a manager see the whole effect.
    expect(
      previewSwapRequest({ actor: me(w.pat), requestId: id }).check?.people.map((p) => p.name),
    ).toContain("Nia Nurse");
    expect(previewSwapRequest({ actor: me(w.nia), requestId: id }).check).toBeNull();
    expect(
      previewSwapRequest({ actor: w.manager(), requestId: id }).check?.people.map((p) => p.name),
    ).toContain("Nia Nurse");
  });
});

describe("a higher grade covering a lower one", () => {
  beforeEach(() => {
    getDb()
      .update(shiftTypes)
      .set({ requirements: [{ count: 1, qualification: "Band 6" }] })
      .where(eq(shiftTypes.id, w.types.E))
      .run();
    setMember(w.nia.id, { grade: "Band 6 RN" });
    setMember(w.pat.id, { grade: "Band 7 RN" });
  });

  it("counts for cover in the check when the team allows it, and approves automatically", () => {
    settings({
      gradeOrder: ["Band 5", "Band 6", "Band 7"],
      higherGradeCovers: true,
      autoApprove: true,
    });
    const id = offerShift({
      actor: me(w.nia),
      teamId: w.ward,
      shiftId: niaShift(),
      toUserId: w.pat.id,
    }).requestId;
    const preview = previewSwapRequest({ actor: me(w.pat), requestId: id });
    expect(preview.check?.cover[0]?.before[0]?.have).toBe(1);
    expect(preview.check?.cover[0]?.after[0]?.have).toBe(1);
    expect(preview.wouldApproveAutomatically).toBe(true);
    expect(acceptSwapRequest({ actor: me(w.pat), requestId: id })).toEqual({ state: "approved" });
    expect(shiftRow(niaShift()).userId).toBe(w.pat.id);
  });
});

describe("applying keeps the times that were checked", () => {
  it("a swap changes only the person, even after the shift type's times were edited", () => {
    const niaBefore = shiftRow(niaShift());
    const omarBefore = shiftRow(omarShift());
    const id = requestSwap({
      actor: me(w.nia),
      teamId: w.ward,
      shiftId: niaShift(),
      colleagueShiftId: omarShift(),
    }).requestId;
    acceptSwapRequest({ actor: me(w.omar), requestId: id });
    moveEarly("09:00", "17:00");
    expect(approveSwapRequest({ actor: w.manager(), requestId: id })).toEqual({
      outcome: "applied",
    });
    const niaAfter = shiftRow(niaShift());
    const omarAfter = shiftRow(omarShift());
    expect(niaAfter.userId).toBe(w.omar.id);
    expect(omarAfter.userId).toBe(w.nia.id);
    expect(niaAfter.startsAt).toEqual(niaBefore.startsAt);
    expect(niaAfter.endsAt).toEqual(niaBefore.endsAt);
    expect(omarAfter.startsAt).toEqual(omarBefore.startsAt);
    expect(omarAfter.endsAt).toEqual(omarBefore.endsAt);
  });

  it("a manager's edit still takes the shift type's current times", () => {
    const before = shiftRow(niaShift());
    moveEarly("09:00", "17:00");
    changeShift({
      actor: w.manager(),
      teamId: w.ward,
      shiftId: niaShift(),
      userId: w.pat.id,
      shiftTypeId: w.types.E,
      date: D(0),
    });
    const after = shiftRow(niaShift());
    expect(after.userId).toBe(w.pat.id);
    expect(after.startsAt.getTime() - before.startsAt.getTime()).toBe(90 * 60_000);
  });

  for (const wait of [false, true])
    it(`a pick-up (${wait ? "chosen by a manager" : "claimed directly"}) makes the shift at the open shift's times`, () => {
      settings({ claimsWaitForManager: wait });
      const { openShiftId } = postOpenShift({
        actor: w.manager(),
        teamId: w.ward,
        shiftTypeId: w.types.E,
        date: D(4),
      });
      const open = getDb().select().from(openShifts).where(eq(openShifts.id, openShiftId)).get()!;
      moveEarly("09:00", "17:00");
      const claim = claimOpenShift({ actor: me(w.omar), openShiftId });
      if (claim.outcome === "waiting")
        expect(approveSwapRequest({ actor: w.manager(), requestId: claim.requestId })).toEqual({
          outcome: "applied",
        });
      const filled = getDb().select().from(openShifts).where(eq(openShifts.id, openShiftId)).get()!;
      const made = shiftRow(filled.filledShiftId!);
      expect(made.userId).toBe(w.omar.id);
      expect(made.startsAt).toEqual(open.startsAt);
      expect(made.endsAt).toEqual(open.endsAt);
    });
});

describe("a direct claim", () => {
  it("closes claims still waiting for a manager, and tells their claimants it has gone", () => {
    settings({ claimsWaitForManager: true });
    const { openShiftId } = postOpenShift({
      actor: w.manager(),
      teamId: w.ward,
      shiftTypeId: w.types.E,
      date: D(4),
    });
    const omar = claimOpenShift({ actor: me(w.omar), openShiftId });
    if (omar.outcome !== "waiting") throw new Error("expected waiting");
    settings({ claimsWaitForManager: false });
    expect(claimOpenShift({ actor: me(w.pat), openShiftId }).outcome).toBe("assigned");
    expect(requestRow(omar.requestId)).toMatchObject({
      state: "no-longer-valid",
      reason: GONE_MESSAGE,
    });
    const told = getDb()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, w.omar.id), eq(notifications.kind, "open-shift.closed")))
      .all();
    expect(told.map((n) => n.body)).toEqual([GONE_MESSAGE]);
  });
});

describe("expiry", () => {
  it("tells the managers when the request was waiting for them", () => {
    const id = requestSwap({
      actor: me(w.nia),
      teamId: w.ward,
      shiftId: niaShift(),
      colleagueShiftId: omarShift(),
    }).requestId;
    acceptSwapRequest({ actor: me(w.omar), requestId: id });
    expireSwapRequests({ now: new Date(`${D(7)}T00:00:00Z`) });
    expect(requestRow(id).state).toBe("expired");
    const told = getDb()
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(eq(notifications.title, "A swap request expired"))
      .all()
      .map((n) => n.userId);
    expect(told).toContain(w.trust.manager7.id);
    expect(told).toContain(w.nia.id);
    expect(told).toContain(w.omar.id);
  });

  it("does not tell the managers about a request still waiting for the colleague", () => {
    requestSwap({
      actor: me(w.nia),
      teamId: w.ward,
      shiftId: niaShift(),
      colleagueShiftId: omarShift(),
    });
    expireSwapRequests({ now: new Date(`${D(7)}T00:00:00Z`) });
    const told = getDb()
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(eq(notifications.title, "A swap request expired"))
      .all()
      .map((n) => n.userId);
    expect(told).not.toContain(w.trust.manager7.id);
  });
});
