// Managing a group after it is made (issue 9): its creator adds people (at most 20, all in the
// organisation) and renames it; any member leaves it. A person who left gets "not found" and no
// more of its events; a person added again reads its whole history, as a person who comes on to
// a shift reads its thread's (docs/decisions/016).
import { beforeAll, describe, expect, it } from "vitest";
import { getConversationToRead, membersOf } from "~/messaging/conversation-access.server";
import {
  addToGroup,
  createGroup,
  GROUP_SIZE_LIMIT,
  leaveGroup,
  openDirectConversation,
  openTeamChannel,
  renameGroup,
} from "~/messaging/conversations.server";
import { eventsFor } from "~/messaging/event-feed.server";
import { listMessages, sendMessage } from "~/messaging/messages.server";
import { newestEventSeq } from "~/models/notifications/events.server";
import { actorFor, createPerson } from "../../support/factories";
import { createWard, thrownResponse, type Ward } from "../../support/ward";

let w: Ward;
beforeAll(async () => {
  w = await createWard();
});

const as = (person: { id: string }) => actorFor(person.id);
let n = 0;
const say = (person: { id: string }, conversationId: string, body: string) =>
  sendMessage({ actor: as(person), conversationId, clientId: `g-${n++}`, body }).message;
const names = (conversation: Parameters<typeof membersOf>[0]) =>
  membersOf(conversation).map((m) => m.name);
const bodies = (person: { id: string }, conversationId: string) =>
  listMessages({ actor: as(person), conversationId })
    .messages.map((m) => m.body)
    .reverse();
const newGroup = (name: string, userIds: string[]) =>
  createGroup({ actor: as(w.nia), name, userIds });

describe("renaming a group", () => {
  it("lets its creator rename it, and tells its members' pages", () => {
    const group = newGroup("Bay 3", [w.omar.id]);
    const after = newestEventSeq();
    renameGroup({ actor: as(w.nia), conversationId: group.id, name: "  Bay 3 and 4 " });
    expect(getConversationToRead({ actor: as(w.omar), conversationId: group.id }).name).toBe(
      "Bay 3 and 4",
    );
    const kinds = eventsFor({ actor: as(w.omar), after }).events.map((e) => e.kind);
    expect(kinds).toEqual(["conversation.renamed"]);
  });

  it("does not let a member who did not make it rename it", () => {
    const group = newGroup("Bay 5", [w.omar.id]);
    expect(() =>
      renameGroup({ actor: as(w.omar), conversationId: group.id, name: "Omar's bay" }),
    ).toThrow("Only the person who made this group can rename it.");
  });

  it("refuses a blank name and an overlong one, and answers not found to someone outside it", () => {
    const group = newGroup("Bay 6", [w.omar.id]);
    const rename = (name: string) => () =>
      renameGroup({ actor: as(w.nia), conversationId: group.id, name });
    expect(rename("   ")).toThrow("Give the group a name.");
    expect(rename("x".repeat(81))).toThrow("80");
    const refused = thrownResponse(() =>
      renameGroup({ actor: as(w.pat), conversationId: group.id, name: "Mine" }),
    );
    expect(refused.status).toBe(404);
  });

  it("renames only groups: not a team channel or a direct conversation", () => {
    const channel = openTeamChannel({ actor: as(w.trust.manager7), teamId: w.ward });
    const direct = openDirectConversation({ actor: as(w.nia), userId: w.omar.id });
    for (const conversation of [channel, direct]) {
      expect(() =>
        renameGroup({ actor: as(w.nia), conversationId: conversation.id, name: "Ours" }),
      ).toThrow("Only a group's people and name can be changed.");
    }
  });
});

describe("adding people to a group", () => {
  it("tells the person added and the group's members", () => {
    const group = newGroup("Adders", [w.omar.id]);
    const after = newestEventSeq();
    addToGroup({ actor: as(w.nia), conversationId: group.id, userIds: [w.pat.id] });
    const added = (person: { id: string }) =>
      eventsFor({ actor: as(person), after })
        .events.filter((e) => e.kind === "conversation.member-added")
        .map((e) => e.ids);
    expect(added(w.omar)).toEqual([{ conversationId: group.id, userId: w.pat.id }]);
    expect(added(w.pat)).toContainEqual({ conversationId: group.id, userId: w.pat.id });
  });

  it("counts the group's 20 from the people in it now, so that leaving makes room", async () => {
    const many = await Promise.all(
      Array.from({ length: GROUP_SIZE_LIMIT - 1 }, (_, i) =>
        createPerson({ organisationId: w.trust.organisation.id, name: `Full ${i}` }),
      ),
    );
    const group = newGroup(
      "Full",
      many.map((p) => p.id),
    );
    const addPat = () =>
      addToGroup({ actor: as(w.nia), conversationId: group.id, userIds: [w.pat.id] });
    expect(addPat).toThrow(`at most ${GROUP_SIZE_LIMIT} people`);
    leaveGroup({ actor: as(many[0]!), conversationId: group.id });
    expect(addPat()).toEqual([w.pat.id]);
    expect(membersOf(group)).toHaveLength(GROUP_SIZE_LIMIT);
  });

  it("refuses someone in another organisation, and adds nobody when one of several is", () => {
    const group = newGroup("Boundary", []);
    expect(() =>
      addToGroup({
        actor: as(w.nia),
        conversationId: group.id,
        userIds: [w.omar.id, w.outsider.id],
      }),
    ).toThrow("Choose people in your organisation whose accounts are open.");
    expect(names(group)).toEqual(["Nia Nurse"]);
  });

  it("asks for at least one person", () => {
    const group = newGroup("Nobody", [w.omar.id]);
    expect(() =>
      addToGroup({ actor: as(w.nia), conversationId: group.id, userIds: [w.nia.id] }),
    ).toThrow("Choose at least one person to add.");
  });
});

describe("leaving a group", () => {
  it("takes the person out: not found for its page and its messages, and none of its events", () => {
    const group = newGroup("Leaving", [w.omar.id, w.pat.id]);
    say(w.nia, group.id, "before Pat left");
    const after = newestEventSeq();
    leaveGroup({ actor: as(w.pat), conversationId: group.id });
    expect(names(group)).toEqual(["Nia Nurse", "Omar Nurse"]);
    expect(
      thrownResponse(() => getConversationToRead({ actor: as(w.pat), conversationId: group.id }))
        .status,
    ).toBe(404);
    expect(
      thrownResponse(() => listMessages({ actor: as(w.pat), conversationId: group.id })).status,
    ).toBe(404);
    say(w.nia, group.id, "after Pat left");
    const patSees = eventsFor({ actor: as(w.pat), after }).events;
    // Only their own notice that they left (for their other tabs), nothing of the group after.
    expect(patSees.map((e) => e.kind)).toEqual(["conversation.member-left"]);
    const omarSees = eventsFor({ actor: as(w.omar), after }).events.map((e) => e.kind);
    expect(omarSees).toEqual(["conversation.member-left", "message.created"]);
  });

  it("changes nothing when done twice, from a second tab, beyond the not found", () => {
    const group = newGroup("Twice", [w.omar.id]);
    leaveGroup({ actor: as(w.omar), conversationId: group.id });
    expect(
      thrownResponse(() => leaveGroup({ actor: as(w.omar), conversationId: group.id })).status,
    ).toBe(404);
  });

  it("is only for groups: a direct conversation, a team channel or a shift thread follows the pair, the team or the rota", () => {
    const direct = openDirectConversation({ actor: as(w.nia), userId: w.pat.id });
    const channel = openTeamChannel({ actor: as(w.nia), teamId: w.ward });
    for (const conversation of [direct, channel]) {
      expect(() => leaveGroup({ actor: as(w.nia), conversationId: conversation.id })).toThrow(
        "Only a group can be left.",
      );
    }
  });

  it("gives a person added back the whole history, what was said while they were out included", () => {
    const group = newGroup("Returners", [w.omar.id]);
    say(w.nia, group.id, "one");
    leaveGroup({ actor: as(w.omar), conversationId: group.id });
    say(w.nia, group.id, "two, while Omar was out");
    addToGroup({ actor: as(w.nia), conversationId: group.id, userIds: [w.omar.id] });
    expect(bodies(w.omar, group.id)).toEqual(["one", "two, while Omar was out"]);
  });

  it("leaves the group's people as they are when its creator leaves: nobody else may add", () => {
    const group = newGroup("Orphan", [w.omar.id]);
    leaveGroup({ actor: as(w.nia), conversationId: group.id });
    expect(names(group)).toEqual(["Omar Nurse"]);
    expect(
      thrownResponse(() =>
        addToGroup({ actor: as(w.nia), conversationId: group.id, userIds: [w.pat.id] }),
      ).status,
    ).toBe(404);
    expect(() =>
      addToGroup({ actor: as(w.omar), conversationId: group.id, userIds: [w.pat.id] }),
    ).toThrow("Only the person who made this group can add people to it.");
  });
});
