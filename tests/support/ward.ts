// A ward with people, shift types and a rota period, for the messaging tests: built through the
// real model functions (rota periods, shifts, publishing) on the test file's own SQLite database.
import { eq } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import { memberships, shiftTypes } from "~/db/schema.server";
import { newId } from "~/models/ids.server";
import { createRotaPeriod, publishRotaPeriod } from "~/models/rota/rota-periods.server";
import { addShift } from "~/models/rota/shifts.server";
import {
  actorFor,
  addToTeam,
  createOrganisation,
  createPerson,
  createTeam,
  createTwoWardTrust,
} from "./factories";

export function addShiftType(teamId: string, code: string, startLocal: string, endLocal: string) {
  const id = newId();
  getDb()
    .insert(shiftTypes)
    .values({ id, teamId, code, name: code, startLocal, endLocal, colour: "blue" })
    .run();
  return id;
}

export function setClinical(membershipId: string, clinical: boolean) {
  getDb().update(memberships).set({ clinical }).where(eq(memberships.id, membershipId)).run();
}

/**
 * Ward 7 of a two-ward trust with four more staff (Nia, Omar, Pat clinical; Cal the ward clerk,
 * non-clinical), early and night shift types, a person in another organisation, and a helper to
 * make a rota period (draft or published) with shifts in it.
 */
export async function createWard() {
  const trust = await createTwoWardTrust();
  const org = trust.organisation.id;
  const ward = trust.ward7.id;
  const person = async (name: string, clinical = true) => {
    const p = await createPerson({ organisationId: org, name });
    const { id: membershipId } = addToTeam(p.id, ward, "staff");
    if (!clinical) setClinical(membershipId, false);
    return { ...p, membershipId };
  };
  const nia = await person("Nia Nurse");
  const omar = await person("Omar Nurse");
  const pat = await person("Pat Nurse");
  const cal = await person("Cal Clerk", false);
  const elsewhere = createOrganisation("Other Trust");
  const elsewhereTeam = createTeam(elsewhere.id, "Their ward");
  const outsider = await createPerson({ organisationId: elsewhere.id, name: "Out Sider" });
  addToTeam(outsider.id, elsewhereTeam.id, "staff");
  const E = addShiftType(ward, "E", "07:30", "15:30");
  const N = addShiftType(ward, "N", "20:00", "08:00");
  const manager = () => actorFor(trust.manager7.id);

  /** A rota period of ward 7 with these shifts, published unless `draft`. */
  function rota(
    startDate: string,
    endDate: string,
    list: { userId: string; type: string; date: string }[],
    { draft = false } = {},
  ) {
    const { periodId } = createRotaPeriod({ actor: manager(), teamId: ward, startDate, endDate });
    const shiftIds = list.map(
      ({ userId, type, date }) =>
        addShift({
          actor: manager(),
          teamId: ward,
          periodId,
          userId,
          shiftTypeId: type,
          date,
        }).shiftId,
    );
    if (!draft) publishRotaPeriod({ actor: manager(), teamId: ward, periodId });
    return { periodId, shiftIds };
  }

  return { trust, ward, nia, omar, pat, cal, outsider, types: { E, N }, manager, rota };
}

export type Ward = Awaited<ReturnType<typeof createWard>>;

/** Runs `run` and returns the Response it threw, failing the test if it threw none. */
export function thrownResponse(run: () => unknown): Response {
  try {
    run();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}
