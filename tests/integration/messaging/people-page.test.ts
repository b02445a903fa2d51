// A conversation's People page through its real loader and action, with real sessions: who is in
// it and why, who is not clinical, and a group's management (add, rename, leave after asking).
import { beforeAll, describe, expect, it } from "vitest";
import { membersOf } from "~/messaging/conversation-access.server";
import { createGroup, openShiftThread, openTeamChannel } from "~/messaging/conversations.server";
import { setAccountActive } from "~/models/accounts/members.server";
import { recordSickness } from "~/models/rota/leave.server";
import * as peoplePage from "~/routes/_app.messages.$conversationId_.people";
import { actorFor, signInAs } from "../../support/factories";
import { callAction, callLoader, thrownResponse } from "../../support/requests";
import { createWard, type Ward } from "../../support/ward";

let w: Ward;
beforeAll(async () => {
  w = await createWard();
});

type Person = { id: string };
type PeopleData = Awaited<ReturnType<typeof peoplePage.loader>>;
const open = async (person: Person, id: string, query = "") =>
  (await callLoader(peoplePage.loader, {
    path: `/messages/${id}/people${query}`,
    params: { conversationId: id },
    cookie: signInAs(person.id).cookie,
  })) as PeopleData;
const post = (person: Person, id: string, form: Record<string, string>) =>
  callAction(peoplePage.action, {
    path: `/messages/${id}/people`,
    params: { conversationId: id },
    form,
    cookie: signInAs(person.id).cookie,
  });
const newGroup = (name: string, userIds: string[]) =>
  createGroup({ actor: actorFor(w.nia.id), name, userIds });

describe("the People page", () => {
  it("lists a shift thread's people on the shift first, with their times, then the managers", async () => {
    w.rota("2027-09-06", "2027-09-12", [
      { userId: w.pat.id, type: w.types.N, date: "2027-09-07" },
      { userId: w.cal.id, type: w.types.N, date: "2027-09-07" },
    ]);
    const thread = openShiftThread({
      actor: actorFor(w.pat.id),
      teamId: w.ward,
      shiftTypeId: w.types.N,
      date: "2027-09-07",
    });
    const page = await open(w.pat, thread.id);
    expect(page.people.map((p) => [p.name, p.part, p.clinical, p.you])).toEqual([
      ["Cal Clerk", "On this shift, 20:00 to 08:00", false, false],
      ["Pat Nurse", "On this shift, 20:00 to 08:00", true, true],
      ["Mo Manager", "Manager", true, false],
    ]);
    expect(page.notClinical).toEqual(["Cal Clerk"]);
    expect(page.manage).toBeNull();
    expect(page.mayLeave).toBe(false);
  });

  it("follows the rota: a person off sick for the shift is not listed, and gets not found", async () => {
    w.rota("2027-10-04", "2027-10-10", [
      { userId: w.omar.id, type: w.types.N, date: "2027-10-05" },
      { userId: w.nia.id, type: w.types.N, date: "2027-10-05" },
    ]);
    const thread = openShiftThread({
      actor: actorFor(w.omar.id),
      teamId: w.ward,
      shiftTypeId: w.types.N,
      date: "2027-10-05",
    });
    recordSickness({
      actor: w.manager(),
      teamId: w.ward,
      userId: w.omar.id,
      startDate: "2027-10-05",
      endDate: "2027-10-05",
    });
    const page = await open(w.nia, thread.id);
    expect(page.people.map((p) => p.name)).toEqual(["Nia Nurse", "Mo Manager"]);
    expect((await thrownResponse(() => open(w.omar, thread.id))).status).toBe(404);
  });

  it("marks the team channel's managers and its members who are not clinical", async () => {
    const channel = openTeamChannel({ actor: actorFor(w.nia.id), teamId: w.ward });
    const page = await open(w.nia, channel.id);
    const cal = page.people.find((p) => p.name === "Cal Clerk");
    expect(cal).toMatchObject({ clinical: false, part: "" });
    expect(page.people.find((p) => p.name === "Mo Manager")?.part).toBe("Manager");
  });

  it("answers not found to someone outside the conversation", async () => {
    const group = newGroup("Private", [w.omar.id]);
    expect((await thrownResponse(() => open(w.pat, group.id))).status).toBe(404);
    expect((await thrownResponse(() => open(w.trust.staff12, group.id))).status).toBe(404);
  });

  it("offers a group's creator their colleagues who are not in it yet, and a member nothing to manage", async () => {
    const group = newGroup("Offers", [w.omar.id]);
    const creator = await open(w.nia, group.id);
    const offered = creator.manage?.candidates.map((c) => c.userId) ?? [];
    expect(offered).toContain(w.pat.id);
    expect(offered).not.toContain(w.omar.id);
    expect(offered).not.toContain(w.nia.id);
    expect(creator.manage?.spaces).toBe(18);
    expect(creator.people.find((p) => p.you)?.part).toBe("Made the group");
    const member = await open(w.omar, group.id);
    expect(member.manage).toBeNull();
    expect(member.mayLeave).toBe(true);
  });

  it("counts a deactivated member's place, as adding people does (they come back if reactivated)", async () => {
    const group = newGroup("Places", [w.omar.id, w.pat.id]);
    setAccountActive({ actor: w.manager(), userId: w.pat.id, active: false });
    try {
      const creator = await open(w.nia, group.id);
      expect(creator.people.map((p) => p.name)).not.toContain("Pat Nurse");
      expect(creator.manage?.spaces).toBe(17);
    } finally {
      setAccountActive({ actor: w.manager(), userId: w.pat.id, active: true });
    }
  });
});

describe("managing a group from its People page", () => {
  it("adds the people the creator ticks and comes back to the page", async () => {
    const group = newGroup("Ticks", []);
    const answer = (await post(w.nia, group.id, {
      intent: "add",
      userIds: w.pat.id,
    })) as Response;
    expect(answer.status).toBe(302);
    expect(answer.headers.get("Location")).toBe(`/messages/${group.id}/people`);
    expect(membersOf(group).map((m) => m.name)).toEqual(["Nia Nurse", "Pat Nurse"]);
  });

  it("shows a member who did not make the group why they cannot add people, changing nothing", async () => {
    const group = newGroup("Not yours", [w.omar.id]);
    const answer = await post(w.omar, group.id, { intent: "add", userIds: w.pat.id });
    expect(answer).toEqual({
      intent: "add",
      errors: [{ message: "Only the person who made this group can add people to it." }],
    });
    expect(membersOf(group)).toHaveLength(2);
  });

  it("asks for a person when none is ticked", async () => {
    const group = newGroup("Empty add", []);
    const answer = await post(w.nia, group.id, { intent: "add" });
    expect(answer).toEqual({
      intent: "add",
      errors: [{ field: "userIds", message: "Choose at least one person to add." }],
    });
  });

  it("renames the group for its creator, and refuses a blank name", async () => {
    const group = newGroup("Old name", [w.omar.id]);
    const renamed = (await post(w.nia, group.id, {
      intent: "rename",
      name: "New name",
    })) as Response;
    expect(renamed.status).toBe(302);
    expect((await open(w.omar, group.id)).title).toBe("New name");
    const blank = await post(w.nia, group.id, { intent: "rename", name: " " });
    expect(blank).toEqual({
      intent: "rename",
      errors: [{ field: "name", message: "Give the group a name." }],
    });
  });

  it("asks before leaving, on a page of its own, and leaving goes back to Messages", async () => {
    const group = newGroup("Goodbye", [w.omar.id]);
    expect((await open(w.omar, group.id)).askingToLeave).toBe(false);
    expect((await open(w.omar, group.id, "?leave")).askingToLeave).toBe(true);
    expect(membersOf(group)).toHaveLength(2);
    const left = (await post(w.omar, group.id, { intent: "leave" })) as Response;
    expect(left.status).toBe(302);
    expect(left.headers.get("Location")).toBe("/messages");
    expect((await thrownResponse(() => open(w.omar, group.id))).status).toBe(404);
  });

  it("never asks to leave a conversation that cannot be left", async () => {
    const channel = openTeamChannel({ actor: actorFor(w.nia.id), teamId: w.ward });
    expect((await open(w.nia, channel.id, "?leave")).askingToLeave).toBe(false);
    expect(await post(w.nia, channel.id, { intent: "leave" })).toEqual({
      intent: "leave",
      errors: [{ message: "Only a group can be left." }],
    });
  });

  it("answers a form it does not understand with 400", async () => {
    const group = newGroup("Odd", []);
    const answer = await thrownResponse(() => post(w.nia, group.id, { intent: "delete" }));
    expect(answer.status).toBe(400);
  });

  it("answers not found to someone outside the group who posts to it", async () => {
    const group = newGroup("Closed", [w.omar.id]);
    const answer = await thrownResponse(() =>
      post(w.pat, group.id, { intent: "rename", name: "Taken over" }),
    );
    expect(answer.status).toBe(404);
  });
});
