// Team channels, direct conversations and groups: who is in them, and that they stay inside one
// organisation.
import { beforeAll, describe, expect, it } from "vitest";
import { membersOf } from "~/messaging/conversation-access.server";
import {
  addToGroup,
  createGroup,
  GROUP_SIZE_LIMIT,
  openDirectConversation,
  openTeamChannel,
} from "~/messaging/conversations.server";
import { listMessages } from "~/messaging/messages.server";
import { setAccountActive } from "~/models/accounts/members.server";
import { actorFor, createPerson } from "../../support/factories";
import { createWard, thrownResponse, type Ward } from "../../support/ward";

let w: Ward;
beforeAll(async () => {
  w = await createWard();
});

const names = (conversation: Parameters<typeof membersOf>[0]) =>
  membersOf(conversation).map((m) => m.name);

describe("team channel", () => {
  it("holds every active member of the team, and is the same channel whoever opens it", () => {
    const channel = openTeamChannel({ actor: actorFor(w.nia.id), teamId: w.ward });
    expect(names(channel)).toEqual([
      "Cal Clerk",
      "Mo Manager",
      "Nia Nurse",
      "Omar Nurse",
      "Pat Nurse",
      "Sam Staff",
    ]);
    expect(openTeamChannel({ actor: w.manager(), teamId: w.ward }).id).toBe(channel.id);
  });

  it("refuses another ward's staff, with not found", () => {
    expect(
      thrownResponse(() => openTeamChannel({ actor: actorFor(w.trust.staff12.id), teamId: w.ward }))
        .status,
    ).toBe(404);
  });
});

describe("direct conversations", () => {
  it("are one conversation per pair, whichever of the two opens it", () => {
    const fromNia = openDirectConversation({ actor: actorFor(w.nia.id), userId: w.omar.id });
    const fromOmar = openDirectConversation({ actor: actorFor(w.omar.id), userId: w.nia.id });
    expect(fromOmar.id).toBe(fromNia.id);
    expect(names(fromNia)).toEqual(["Nia Nurse", "Omar Nurse"]);
  });

  it("work between people in different teams of the same organisation", () => {
    const dm = openDirectConversation({ actor: actorFor(w.nia.id), userId: w.trust.staff12.id });
    expect(names(dm)).toEqual(["Nia Nurse", "Stu Other"]);
  });

  it("refuses someone in another organisation with the same not found as an unknown person", () => {
    const outside = thrownResponse(() =>
      openDirectConversation({ actor: actorFor(w.nia.id), userId: w.outsider.id }),
    );
    const unknown = thrownResponse(() =>
      openDirectConversation({ actor: actorFor(w.nia.id), userId: "no-such-person" }),
    );
    expect([outside.status, unknown.status]).toEqual([404, 404]);
  });

  it("refuses a conversation with oneself", () => {
    expect(() => openDirectConversation({ actor: actorFor(w.nia.id), userId: w.nia.id })).toThrow(
      "Choose someone other than yourself.",
    );
  });

  it("are not readable by a third person, who gets not found", () => {
    const dm = openDirectConversation({ actor: actorFor(w.nia.id), userId: w.omar.id });
    expect(
      thrownResponse(() => listMessages({ actor: actorFor(w.pat.id), conversationId: dm.id }))
        .status,
    ).toBe(404);
  });
});

describe("groups", () => {
  it("hold their creator and the people they chose, under the name they gave", () => {
    const group = createGroup({
      actor: actorFor(w.nia.id),
      name: "  Bay 3 team ",
      userIds: [w.omar.id, w.pat.id],
    });
    expect(group.name).toBe("Bay 3 team");
    expect(names(group)).toEqual(["Nia Nurse", "Omar Nurse", "Pat Nurse"]);
  });

  it("refuse anyone from another organisation, naming no one", () => {
    expect(() =>
      createGroup({ actor: actorFor(w.nia.id), name: "Mixed", userIds: [w.outsider.id] }),
    ).toThrow("Choose people in your organisation whose accounts are open.");
  });

  it("refuse a blank name and one longer than 80 characters", () => {
    expect(() => createGroup({ actor: actorFor(w.nia.id), name: "  ", userIds: [] })).toThrow(
      "Give the group a name.",
    );
    expect(() =>
      createGroup({ actor: actorFor(w.nia.id), name: "x".repeat(81), userIds: [] }),
    ).toThrow("The group's name must be 80 characters or fewer.");
  });

  it(`hold at most ${GROUP_SIZE_LIMIT} people, the creator included`, async () => {
    const many = await Promise.all(
      Array.from({ length: GROUP_SIZE_LIMIT }, (_, i) =>
        createPerson({ organisationId: w.trust.organisation.id, name: `Member ${i}` }),
      ),
    );
    const ids = many.map((p) => p.id);
    expect(() =>
      createGroup({ actor: actorFor(w.nia.id), name: "Too many", userIds: ids }),
    ).toThrow(`A group can have at most ${GROUP_SIZE_LIMIT} people, you included.`);
    const full = createGroup({
      actor: actorFor(w.nia.id),
      name: "Just fits",
      userIds: ids.slice(0, GROUP_SIZE_LIMIT - 1),
    });
    expect(membersOf(full)).toHaveLength(GROUP_SIZE_LIMIT);
    expect(() =>
      addToGroup({ actor: actorFor(w.nia.id), conversationId: full.id, userIds: [w.omar.id] }),
    ).toThrow(`at most ${GROUP_SIZE_LIMIT} people`);
  });

  it("let their creator add colleagues, and adding someone already in changes nothing", () => {
    const group = createGroup({ actor: actorFor(w.nia.id), name: "Nights", userIds: [w.omar.id] });
    expect(
      addToGroup({
        actor: actorFor(w.nia.id),
        conversationId: group.id,
        userIds: [w.pat.id, w.omar.id],
      }),
    ).toEqual([w.pat.id]);
    expect(names(group)).toEqual(["Nia Nurse", "Omar Nurse", "Pat Nurse"]);
  });

  it("do not let a member who did not make the group add people", () => {
    const group = createGroup({ actor: actorFor(w.nia.id), name: "Days", userIds: [w.omar.id] });
    expect(() =>
      addToGroup({ actor: actorFor(w.omar.id), conversationId: group.id, userIds: [w.pat.id] }),
    ).toThrow("Only the person who made this group can add people to it.");
  });

  it("refuse adding someone from another organisation", () => {
    const group = createGroup({ actor: actorFor(w.nia.id), name: "Lates", userIds: [] });
    expect(() =>
      addToGroup({ actor: actorFor(w.nia.id), conversationId: group.id, userIds: [w.outsider.id] }),
    ).toThrow("Choose people in your organisation whose accounts are open.");
  });

  it("leave a deactivated person out of the members", async () => {
    const gone = await createPerson({ organisationId: w.trust.organisation.id, name: "Gil Gone" });
    const group = createGroup({ actor: actorFor(w.nia.id), name: "Leavers", userIds: [gone.id] });
    setAccountActive({ actor: actorFor(w.trust.admin.id), userId: gone.id, active: false });
    expect(names(group)).toEqual(["Nia Nurse"]);
  });
});
