// The incoming lead accepts (issue 11: "the incoming lead accepts the handover"), and an accepted
// handover keeps who handed over and who received as they were, whatever the rota does after.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { memberships } from "~/db/schema.server";
import { InputError } from "~/models/errors";
import { exportHandoverAsFhir, viewHandover } from "~/models/handover/handover-view.server";
import { acceptHandover, startHandover } from "~/models/handover/handovers.server";
import { removeShift } from "~/models/rota/shifts.server";
import { actorFor } from "../../support/factories";
import { addShiftType, createWard, type Ward } from "../../support/ward";

let w: Ward;
let shiftIds: string[];
// Tue 5 Jan 2027, 20:00 GMT: the day (Nia) hands over to the night (Omar, Pat).
const AT = Date.UTC(2027, 0, 5, 20, 0);

beforeAll(async () => {
  w = await createWard();
  const D = addShiftType(w.ward, "D", "08:00", "20:00");
  ({ shiftIds } = w.rota("2027-01-04", "2027-01-10", [
    { userId: w.nia.id, type: D, date: "2027-01-05" },
    { userId: w.omar.id, type: w.types.N, date: "2027-01-05" },
    { userId: w.pat.id, type: w.types.N, date: "2027-01-05" },
  ]));
  // Pat is the night's nurse in charge.
  getDb()
    .update(memberships)
    .set({ skills: ["IV", "Nurse in charge"] })
    .where(eq(memberships.id, w.pat.membershipId))
    .run();
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

describe("accepting a handover", () => {
  it("is the incoming nurse in charge's step; another receiver is told who, and nothing changes", () => {
    const { handoverId } = startHandover({ actor: actorFor(w.nia.id), teamId: w.ward, at: AT });
    expect(refusal(() => acceptHandover({ actor: actorFor(w.omar.id), handoverId }))).toBe(
      "The incoming nurse in charge accepts the handover: Pat Nurse.",
    );
    expect(
      viewHandover({ actor: actorFor(w.pat.id), teamId: w.ward, at: AT }).handover,
    ).toMatchObject({ state: "open" });
    // The page says who, and offers Accept to the lead alone.
    const asOmar = viewHandover({ actor: actorFor(w.omar.id), teamId: w.ward, at: AT }).handover!;
    expect(asOmar.leads).toEqual(["Pat Nurse"]);
    expect(asOmar.may.accept).toBe(false);
    expect(
      viewHandover({ actor: actorFor(w.pat.id), teamId: w.ward, at: AT }).handover!.may.accept,
    ).toBe(true);
    acceptHandover({ actor: actorFor(w.pat.id), handoverId });
    expect(
      viewHandover({ actor: actorFor(w.pat.id), teamId: w.ward, at: AT }).handover,
    ).toMatchObject({ state: "accepted", acceptedBy: "Pat Nurse" });
  });

  it("keeps who handed over and received once accepted, whatever the rota does afterwards", () => {
    // Omar's night is taken off the rota after the handover was accepted.
    removeShift({ actor: w.manager(), teamId: w.ward, shiftId: shiftIds[1]! });
    const view = viewHandover({ actor: w.manager(), teamId: w.ward, at: AT });
    expect(view.outgoing.map((p) => p.name)).toEqual(["Nia Nurse"]);
    expect(view.incoming.map((p) => p.name).sort()).toEqual(["Omar Nurse", "Pat Nurse"]);
    const composition = exportHandoverAsFhir({ actor: w.manager(), teamId: w.ward, at: AT }) as {
      author: { display: string }[];
    };
    expect(composition.author).toEqual([{ display: "Nia Nurse" }]);
  });
});
