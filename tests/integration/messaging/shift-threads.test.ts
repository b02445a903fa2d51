// A shift thread's members follow the rota with no extra step (issue 9; docs/decisions/016):
// the people working the occurrence now, by the one rule of decision 013, and the managers.
import { beforeAll, describe, expect, it } from "vitest";
import { membersOf } from "~/messaging/conversation-access.server";
import { openShiftThread } from "~/messaging/conversations.server";
import { listMessages, sendMessage } from "~/messaging/messages.server";
import { removeMembership, setAccountActive } from "~/models/accounts/members.server";
import { recordSickness } from "~/models/rota/leave.server";
import { changeShift, removeShift } from "~/models/rota/shifts.server";
import { actorFor, addToTeam, createPerson } from "../../support/factories";
import { createWard, thrownResponse, type Ward } from "../../support/ward";

let w: Ward;
beforeAll(async () => {
  w = await createWard();
});

const night = (date: string) => ({ teamId: w.ward, shiftTypeId: w.types.N, date });
const names = (conversation: Parameters<typeof membersOf>[0]) =>
  membersOf(conversation).map((m) => m.name);

describe("shift thread membership", () => {
  it("opens a published shift's thread to the people on it and the team's managers", () => {
    w.rota("2027-01-04", "2027-01-10", [
      { userId: w.nia.id, type: w.types.N, date: "2027-01-05" },
      { userId: w.omar.id, type: w.types.N, date: "2027-01-05" },
      { userId: w.pat.id, type: w.types.E, date: "2027-01-05" },
    ]);
    const thread = openShiftThread({ actor: actorFor(w.nia.id), ...night("2027-01-05") });
    expect(names(thread)).toEqual(["Mo Manager", "Nia Nurse", "Omar Nurse"]);
    expect(openShiftThread({ actor: w.manager(), ...night("2027-01-05") }).id).toBe(thread.id);
  });

  it("refuses the thread to a colleague who is not on that shift, with not found", () => {
    expect(
      thrownResponse(() => openShiftThread({ actor: actorFor(w.pat.id), ...night("2027-01-05") }))
        .status,
    ).toBe(404);
  });

  it("refuses the thread to another ward's manager, with not found", () => {
    expect(
      thrownResponse(() =>
        openShiftThread({ actor: actorFor(w.trust.manager12.id), ...night("2027-01-05") }),
      ).status,
    ).toBe(404);
  });

  it("has no thread for staff while the rota is still a draft", () => {
    w.rota(
      "2027-02-01",
      "2027-02-07",
      [{ userId: w.nia.id, type: w.types.N, date: "2027-02-02" }],
      {
        draft: true,
      },
    );
    expect(
      thrownResponse(() => openShiftThread({ actor: actorFor(w.nia.id), ...night("2027-02-02") }))
        .status,
    ).toBe(404);
  });

  it("gives a reassigned shift's thread to the person who came on, with its history, and not found to the one who came off", () => {
    const { shiftIds } = w.rota("2027-03-01", "2027-03-07", [
      { userId: w.nia.id, type: w.types.N, date: "2027-03-02" },
    ]);
    const thread = openShiftThread({ actor: actorFor(w.nia.id), ...night("2027-03-02") });
    sendMessage({
      actor: actorFor(w.nia.id),
      conversationId: thread.id,
      clientId: "c1",
      body: "Keys are in the office",
    });
    changeShift({
      actor: w.manager(),
      teamId: w.ward,
      shiftId: shiftIds[0]!,
      userId: w.pat.id,
      shiftTypeId: w.types.N,
      date: "2027-03-02",
    });
    expect(
      thrownResponse(() => listMessages({ actor: actorFor(w.nia.id), conversationId: thread.id }))
        .status,
    ).toBe(404);
    const seen = listMessages({ actor: actorFor(w.pat.id), conversationId: thread.id });
    expect(seen.messages.map((m) => m.body)).toEqual(["Keys are in the office"]);
  });

  it("takes a person whose shift moved to another day out of the old day's thread and into the new one's", () => {
    const { shiftIds } = w.rota("2027-04-05", "2027-04-11", [
      { userId: w.omar.id, type: w.types.N, date: "2027-04-06" },
    ]);
    const oldDay = openShiftThread({ actor: w.manager(), ...night("2027-04-06") });
    changeShift({
      actor: w.manager(),
      teamId: w.ward,
      shiftId: shiftIds[0]!,
      userId: w.omar.id,
      shiftTypeId: w.types.N,
      date: "2027-04-08",
    });
    expect(names(oldDay)).toEqual(["Mo Manager"]);
    const newDay = openShiftThread({ actor: actorFor(w.omar.id), ...night("2027-04-08") });
    expect(names(newDay)).toContain("Omar Nurse");
  });

  it("takes a person whose shift was removed out of the thread", () => {
    const { shiftIds } = w.rota("2027-05-03", "2027-05-09", [
      { userId: w.pat.id, type: w.types.N, date: "2027-05-04" },
    ]);
    const thread = openShiftThread({ actor: actorFor(w.pat.id), ...night("2027-05-04") });
    removeShift({ actor: w.manager(), teamId: w.ward, shiftId: shiftIds[0]! });
    expect(
      thrownResponse(() => listMessages({ actor: actorFor(w.pat.id), conversationId: thread.id }))
        .status,
    ).toBe(404);
  });

  it("refuses a message from a person taken off the shift, with not found", () => {
    const { shiftIds } = w.rota("2027-09-06", "2027-09-12", [
      { userId: w.omar.id, type: w.types.N, date: "2027-09-07" },
    ]);
    const thread = openShiftThread({ actor: actorFor(w.omar.id), ...night("2027-09-07") });
    removeShift({ actor: w.manager(), teamId: w.ward, shiftId: shiftIds[0]! });
    expect(
      thrownResponse(() =>
        sendMessage({
          actor: actorFor(w.omar.id),
          conversationId: thread.id,
          clientId: "after-removal",
          body: "Still here?",
        }),
      ).status,
    ).toBe(404);
  });

  it("leaves a person off sick that day out of the thread, while the shift stays on the rota", () => {
    w.rota("2027-06-07", "2027-06-13", [
      { userId: w.nia.id, type: w.types.N, date: "2027-06-08" },
      { userId: w.omar.id, type: w.types.N, date: "2027-06-08" },
    ]);
    const thread = openShiftThread({ actor: actorFor(w.omar.id), ...night("2027-06-08") });
    recordSickness({
      actor: w.manager(),
      teamId: w.ward,
      userId: w.omar.id,
      startDate: "2027-06-08",
      endDate: "2027-06-09",
    });
    expect(names(thread)).toEqual(["Mo Manager", "Nia Nurse"]);
    expect(
      thrownResponse(() => listMessages({ actor: actorFor(w.omar.id), conversationId: thread.id }))
        .status,
    ).toBe(404);
  });

  it("leaves a person whose account was deactivated out of the thread", async () => {
    const dee = await createPerson({ organisationId: w.trust.organisation.id, name: "Dee Away" });
    addToTeam(dee.id, w.ward, "staff");
    w.rota("2027-07-05", "2027-07-11", [
      { userId: dee.id, type: w.types.N, date: "2027-07-06" },
      { userId: w.nia.id, type: w.types.N, date: "2027-07-06" },
    ]);
    const thread = openShiftThread({ actor: actorFor(w.nia.id), ...night("2027-07-06") });
    expect(names(thread)).toContain("Dee Away");
    setAccountActive({ actor: w.manager(), userId: dee.id, active: false });
    expect(names(thread)).toEqual(["Mo Manager", "Nia Nurse"]);
  });

  it("takes a person removed from the team out of their shifts' threads", async () => {
    const lee = await createPerson({ organisationId: w.trust.organisation.id, name: "Lee Leaver" });
    const { id: membershipId } = addToTeam(lee.id, w.ward, "staff");
    w.rota("2027-08-02", "2027-08-08", [{ userId: lee.id, type: w.types.N, date: "2027-08-03" }]);
    const thread = openShiftThread({ actor: actorFor(lee.id), ...night("2027-08-03") });
    removeMembership({ actor: w.manager(), teamId: w.ward, membershipId });
    expect(names(thread)).toEqual(["Mo Manager"]);
  });
});
