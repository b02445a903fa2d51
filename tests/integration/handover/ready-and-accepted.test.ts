// Telling people (issue 13: "a handover for my incoming shift ready, accepted"): the outgoing
// staff say it is ready and the incoming staff are told once; accepting tells the outgoing staff
// who took over. The words stay in Baton; the push planner sends only a generic line.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { auditEvents, notifications } from "~/db/schema.server";
import { InputError } from "~/models/errors";
import { viewHandover } from "~/models/handover/handover-view.server";
import {
  acceptHandover,
  markHandoverReady,
  startHandover,
} from "~/models/handover/handovers.server";
import { actorFor } from "../../support/factories";
import { addShiftType, createWard, type Ward } from "../../support/ward";

let w: Ward;
// Tue 5 Jan 2027, 20:00 GMT: the day (Nia) hands over to the night (Omar, Pat).
const AT = Date.UTC(2027, 0, 5, 20, 0);
const READY = new Date(Date.UTC(2027, 0, 5, 19, 40));

beforeAll(async () => {
  w = await createWard();
  const D = addShiftType(w.ward, "D", "08:00", "20:00");
  w.rota("2027-01-04", "2027-01-10", [
    { userId: w.nia.id, type: D, date: "2027-01-05" },
    { userId: w.omar.id, type: w.types.N, date: "2027-01-05" },
    { userId: w.pat.id, type: w.types.N, date: "2027-01-05" },
  ]);
});

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error("expected an InputError");
}

const toldOf = (kind: "handover.ready" | "handover.accepted") =>
  getDb()
    .select({ userId: notifications.userId, body: notifications.body, link: notifications.link })
    .from(notifications)
    .where(eq(notifications.kind, kind))
    .all();

describe("ready to receive", () => {
  let handoverId: string;

  it("is the outgoing staff's step: a receiver cannot say it, and nothing is sent", () => {
    ({ handoverId } = startHandover({ actor: actorFor(w.nia.id), teamId: w.ward, at: AT }));
    expect(refusal(() => markHandoverReady({ actor: actorFor(w.omar.id), handoverId }))).toBe(
      "Only the outgoing staff and the team's managers write the handover.",
    );
    expect(toldOf("handover.ready")).toEqual([]);
    const asNia = viewHandover({ actor: actorFor(w.nia.id), teamId: w.ward, at: AT }).handover!;
    expect(asNia).toMatchObject({ ready: null, may: { ready: true } });
    const asOmar = viewHandover({ actor: actorFor(w.omar.id), teamId: w.ward, at: AT }).handover!;
    expect(asOmar.may.ready).toBe(false);
  });

  it("tells each incoming person once, with the team and time, not the one who said it", () => {
    markHandoverReady({ actor: actorFor(w.nia.id), handoverId, now: READY });
    const told = toldOf("handover.ready");
    expect(told.map((t) => t.userId).sort()).toEqual([w.omar.id, w.pat.id].sort());
    expect(told[0]).toMatchObject({
      body: "Ward 7, Tue 5 Jan, 20:00: ready for you to receive.",
      link: `/handover/${w.ward}/20270105T2000Z`,
    });
    const view = viewHandover({ actor: actorFor(w.pat.id), teamId: w.ward, at: AT }).handover!;
    expect(view.ready).toEqual({ by: "Nia Nurse", at: "Tue 5 Jan 19:40" });
    const audited = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "handover.ready"), eq(auditEvents.targetId, handoverId)))
      .all();
    expect(audited).toHaveLength(1);
  });

  it("is said once: again is refused with when, and nobody is told twice", () => {
    expect(refusal(() => markHandoverReady({ actor: actorFor(w.nia.id), handoverId }))).toBe(
      "The incoming staff were told it was ready at 19:40.",
    );
    expect(toldOf("handover.ready")).toHaveLength(2);
    expect(
      viewHandover({ actor: actorFor(w.nia.id), teamId: w.ward, at: AT }).handover!.may.ready,
    ).toBe(false);
  });

  it("accepting tells the outgoing staff who took over, and nobody on the incoming shift", () => {
    acceptHandover({ actor: actorFor(w.omar.id), handoverId });
    expect(toldOf("handover.accepted")).toEqual([
      {
        userId: w.nia.id,
        body: "Ward 7, Tue 5 Jan, 20:00: accepted by Omar Nurse.",
        link: `/handover/${w.ward}/20270105T2000Z`,
      },
    ]);
    expect(refusal(() => markHandoverReady({ actor: actorFor(w.nia.id), handoverId }))).toBe(
      "This handover has been accepted and is locked. Add an addendum instead.",
    );
  });
});
