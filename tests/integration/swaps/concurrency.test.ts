// Races over real HTTP (issue 10, docs/decisions/019): the running Express app and Remix build,
// many signed-in people posting the same form at the same moment with their own session cookies
// and an Origin header, as browsers would. First valid claim wins; conflicting approvals apply
// at most one.
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { openShifts, shifts, swapRequests } from "~/db/schema.server";
import { addDays, localDateKey } from "~/models/local-time";
import { GONE_MESSAGE, postOpenShift } from "~/models/swaps/open-shifts.server";
import { acceptSwapRequest, requestSwap } from "~/models/swaps/swap-requests.server";
import { actorFor, addToTeam, createPerson, signInAs } from "../../support/factories";
import { type RealApp, startRealApp } from "../../support/real-app";
import { createWard, type Ward } from "../../support/ward";

const TODAY = localDateKey(Date.now(), "Europe/London");
const D = (n: number) => addDays(TODAY, 14 + n);

let app: RealApp;
let w: Ward;
let rota: { periodId: string; shiftIds: string[] };

beforeAll(async () => {
  app = await startRealApp({ logRequests: false });
  w = await createWard();
  rota = w.rota(D(0), D(6), [
    { userId: w.nia.id, type: w.types.E, date: D(0) },
    { userId: w.omar.id, type: w.types.E, date: D(2) },
    { userId: w.pat.id, type: w.types.N, date: D(1) },
  ]);
}, 120_000);
afterAll(() => app?.close());

/** One form post to Baton as a browser sends it: the person's cookie and Baton's Origin. */
async function postForm(cookie: string, path: string, form: Record<string, string>) {
  const response = await fetch(`${app.base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      Cookie: cookie,
      Origin: app.base,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams(form).toString(),
  });
  return {
    status: response.status,
    location: response.headers.get("Location"),
    body: await response.text(),
  };
}

describe("20 people claiming one open shift at the same moment", () => {
  it("makes exactly one assignment and gives the other 19 a clear refusal", async () => {
    const people = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const person = await createPerson({
          organisationId: w.trust.organisation.id,
          name: `Claimant ${i + 1}`,
        });
        addToTeam(person.id, w.ward, "staff");
        return { ...person, cookie: signInAs(person.id).cookie };
      }),
    );
    const { openShiftId } = postOpenShift({
      actor: w.manager(),
      teamId: w.ward,
      shiftTypeId: w.types.N,
      date: D(4),
    });

    const answers = await Promise.all(
      people.map((p) => postForm(p.cookie, "/swaps", { intent: "claim", openShiftId })),
    );

    // The winner is sent on to the Swaps page with the news; the others stay with a 409.
    const won = answers.filter((a) => a.status === 302);
    const refused = answers.filter((a) => a.status === 409);
    expect(won).toHaveLength(1);
    expect(won[0]!.location).toBe("/swaps");
    expect(refused).toHaveLength(19);
    for (const answer of refused) expect(answer.body).toContain(GONE_MESSAGE);
    const open = getDb().select().from(openShifts).where(eq(openShifts.id, openShiftId)).get()!;
    expect(open.state).toBe("filled");
    const made = getDb()
      .select()
      .from(shifts)
      .where(and(eq(shifts.teamId, w.ward), eq(shifts.date, D(4)), isNull(shifts.removedAt)))
      .all();
    expect(made.map((s) => s.userId)).toEqual([open.filledByUserId]);
    expect(made[0]!.id).toBe(open.filledShiftId);
  }, 60_000);
});

describe("approving conflicting swaps at the same moment", () => {
  it("applies at most one when two managers approve two swaps of the same shift", async () => {
    // Nia and Pat each ask Omar for his early; he accepts both; both wait for a manager.
    const omarShift = rota.shiftIds[1]!;
    const ask = (userId: string, shiftId: string) =>
      requestSwap({
        actor: actorFor(userId),
        teamId: w.ward,
        shiftId,
        colleagueShiftId: omarShift,
      }).requestId;
    const fromNia = ask(w.nia.id, rota.shiftIds[0]!);
    const fromPat = ask(w.pat.id, rota.shiftIds[2]!);
    for (const requestId of [fromNia, fromPat])
      expect(acceptSwapRequest({ actor: actorFor(w.omar.id), requestId }).state).toBe(
        "awaiting-manager",
      );
    const second = await createPerson({
      organisationId: w.trust.organisation.id,
      name: "Second Manager",
    });
    addToTeam(second.id, w.ward, "manager", "Band 7");

    const answers = await Promise.all([
      postForm(signInAs(w.trust.manager7.id).cookie, "/swaps", {
        intent: "approve",
        requestId: fromNia,
      }),
      postForm(signInAs(second.id).cookie, "/swaps", { intent: "approve", requestId: fromPat }),
    ]);

    expect(answers.filter((a) => a.status === 302)).toHaveLength(1);
    const loser = answers.find((a) => a.status === 409);
    expect(loser?.body).toContain("no longer valid");
    const states = [fromNia, fromPat].map(
      (id) => getDb().select().from(swapRequests).where(eq(swapRequests.id, id)).get()!.state,
    );
    expect(states.sort()).toEqual(["approved", "no-longer-valid"]);
    const holder = getDb().select().from(shifts).where(eq(shifts.id, omarShift)).get()!.userId;
    expect([w.nia.id, w.pat.id]).toContain(holder);
    // Only the winner's own shift went to Omar.
    const omarNow = getDb()
      .select()
      .from(shifts)
      .where(and(eq(shifts.userId, w.omar.id), isNull(shifts.removedAt)))
      .all();
    expect(omarNow).toHaveLength(1);
  }, 60_000);

  it("applies a swap once when one manager approves it twice at once", async () => {
    const more = w.rota(addDays(D(0), 7), addDays(D(6), 7), [
      { userId: w.nia.id, type: w.types.E, date: addDays(D(0), 7) },
      { userId: w.omar.id, type: w.types.E, date: addDays(D(2), 7) },
    ]);
    const requestId = requestSwap({
      actor: actorFor(w.nia.id),
      teamId: w.ward,
      shiftId: more.shiftIds[0]!,
      colleagueShiftId: more.shiftIds[1]!,
    }).requestId;
    acceptSwapRequest({ actor: actorFor(w.omar.id), requestId });
    const cookie = signInAs(w.trust.manager7.id).cookie;

    const answers = await Promise.all([
      postForm(cookie, "/swaps", { intent: "approve", requestId }),
      postForm(cookie, "/swaps", { intent: "approve", requestId }),
    ]);

    expect(answers.map((a) => a.status).sort()).toEqual([302, 409]);
    expect(answers.find((a) => a.status === 409)?.body).toContain("already been approved");
    const holders = more.shiftIds.map(
      (id) => getDb().select().from(shifts).where(eq(shifts.id, id)).get()!.userId,
    );
    expect(holders).toEqual([w.omar.id, w.nia.id]);
  }, 60_000);
});
