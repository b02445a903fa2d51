// Leave and sickness change who works a shift, and so who is in its thread (docs/decisions/016):
// each change that starts or stops approved leave appends "rota.leave-changed" for the team in
// the same transaction, so that open pages reload (the thread, who is on, the grid). Ids only.
import { beforeAll, describe, expect, it } from "vitest";
import { newestEventSeq, readAllEventsAfter } from "~/models/notifications/events.server";
import { cancelLeave, decideLeave, recordSickness, requestLeave } from "~/models/rota/leave.server";
import { actorFor, addToTeam, createPerson } from "../../support/factories";
import { createWard, type Ward } from "../../support/ward";

let w: Ward;
beforeAll(async () => {
  w = await createWard();
});

/** The team events written while `run` ran (notifications are the person's own, left out). */
function teamEventsWrittenBy(run: () => unknown) {
  const after = newestEventSeq();
  run();
  return readAllEventsAfter({ after })
    .filter((e) => e.audience.type === "team")
    .map((e) => ({ kind: e.kind, audience: e.audience, ids: e.ids }));
}

const TODAY = "2027-01-01";
const ask = (person: { id: string }, startDate: string, endDate = startDate) =>
  requestLeave({
    actor: actorFor(person.id),
    teamId: w.ward,
    kind: "annual",
    startDate,
    endDate,
    today: TODAY,
  }).leaveId;

describe("events for leave", () => {
  it("tells the team, by ids only, when a manager approves leave", () => {
    const leaveId = ask(w.nia, "2027-05-03");
    expect(
      teamEventsWrittenBy(() =>
        decideLeave({ actor: w.manager(), teamId: w.ward, leaveId, decision: "approved" }),
      ),
    ).toEqual([
      {
        kind: "rota.leave-changed",
        audience: { type: "team", id: w.ward },
        ids: { teamId: w.ward, leaveId },
      },
    ]);
  });

  it("tells every team the person works in: their leave counts in each (away is away)", async () => {
    const both = await createPerson({ organisationId: w.trust.organisation.id, name: "Bo Both" });
    addToTeam(both.id, w.ward, "staff");
    addToTeam(both.id, w.trust.ward12.id, "staff");
    const leaveId = ask(both, "2027-06-07");
    const written = teamEventsWrittenBy(() =>
      decideLeave({ actor: w.manager(), teamId: w.ward, leaveId, decision: "approved" }),
    );
    expect(written.map((e) => e.audience.id).sort()).toEqual([w.ward, w.trust.ward12.id].sort());
    expect(written.every((e) => e.ids.leaveId === leaveId)).toBe(true);
  });

  it("tells the team nothing when leave is declined: nobody's shifts changed", () => {
    const leaveId = ask(w.nia, "2027-05-10");
    expect(
      teamEventsWrittenBy(() =>
        decideLeave({
          actor: w.manager(),
          teamId: w.ward,
          leaveId,
          decision: "declined",
          reason: "Too many away that week.",
        }),
      ),
    ).toEqual([]);
  });

  it("tells the team when a person cancels leave that was approved, and not when they withdraw a request", () => {
    const approved = ask(w.omar, "2027-05-17");
    decideLeave({ actor: w.manager(), teamId: w.ward, leaveId: approved, decision: "approved" });
    const cancel = (leaveId: string) => () =>
      cancelLeave({ actor: actorFor(w.omar.id), teamId: w.ward, leaveId, today: TODAY });
    expect(teamEventsWrittenBy(cancel(approved)).map((e) => e.ids.leaveId)).toEqual([approved]);
    const requested = ask(w.omar, "2027-05-24");
    expect(teamEventsWrittenBy(cancel(requested))).toEqual([]);
  });

  it("tells the team when a manager records sickness, without saying it is sickness or whose", () => {
    const written = teamEventsWrittenBy(() =>
      recordSickness({
        actor: w.manager(),
        teamId: w.ward,
        userId: w.pat.id,
        startDate: "2027-05-31",
        endDate: "2027-06-01",
      }),
    );
    expect(written.map((e) => e.kind)).toEqual(["rota.leave-changed"]);
    expect(Object.keys(written[0]?.ids ?? {}).sort()).toEqual(["leaveId", "teamId"]);
  });
});
