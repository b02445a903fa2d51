// Editing, deleting and pinning messages (issue 14): who may, when, what is kept, the events that
// reach open pages (ids only) and the audit row of a deletion (never the text).
import { and, eq, gt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import {
  auditEvents,
  events,
  messagePins,
  messages,
  urgentAcknowledgements,
} from "~/db/schema.server";
import { viewConversation } from "~/messaging/conversation-view.server";
import {
  createGroup,
  openDirectConversation,
  openShiftThread,
  openTeamChannel,
} from "~/messaging/conversations.server";
import {
  deleteMessage,
  editMessage,
  pinMessage,
  unpinMessage,
} from "~/messaging/message-changes.server";
import { sendMessage } from "~/messaging/messages.server";
import { PATIENT_DATA_REFUSAL } from "~/messaging/patient-data-guard";
import type { Actor } from "~/models/accounts/permissions";
import { actorFor } from "../../support/factories";
import { createWard, thrownResponse, type Ward } from "../../support/ward";

let w: Ward;
beforeAll(async () => {
  w = await createWard();
});

const nia = () => actorFor(w.nia.id);
const omar = () => actorFor(w.omar.id);
let clients = 0;
const send = (actor: Actor, conversationId: string, body: string, now = new Date()) =>
  sendMessage({ actor, conversationId, clientId: `c${clients++}`, body, now }).message;
const row = (id: string) => getDb().select().from(messages).where(eq(messages.id, id)).get();
const lastSeq = () =>
  (
    getDb().$client.prepare("SELECT coalesce(max(seq), 0) AS seq FROM events").get() as {
      seq: number;
    }
  ).seq;
const eventsAfter = (seq: number) =>
  getDb()
    .select()
    .from(events)
    .where(gt(events.seq, seq))
    .all()
    .map((e) => ({ kind: e.kind, ids: JSON.parse(e.ids) }));

describe("editing", () => {
  it("changes the text within 15 minutes, marks it edited and tells the conversation with ids only", () => {
    const dm = openDirectConversation({ actor: nia(), userId: w.omar.id });
    // Explicit times: on a busy machine the real clock could run past the window mid-test.
    const editedAt = new Date();
    const sentAt = new Date(editedAt.getTime() - 14 * 60_000);
    const m = send(nia(), dm.id, "Bloods at 10", sentAt);
    const after = lastSeq();
    editMessage({
      actor: nia(),
      conversationId: dm.id,
      messageId: m.id,
      body: "Bloods at 11",
      now: editedAt,
    });
    expect(row(m.id)?.body).toBe("Bloods at 11");
    expect(row(m.id)?.editedAt).not.toBeNull();
    expect(eventsAfter(after)).toEqual([
      { kind: "message.edited", ids: { conversationId: dm.id, messageId: m.id } },
    ]);
    const shown = viewConversation({ actor: omar(), conversationId: dm.id }).messages.find(
      (x) => x.id === m.id,
    );
    expect(shown).toMatchObject({ body: "Bloods at 11", edited: true, mayEdit: false });
  });

  it("refuses after 15 minutes, to anyone but the sender, and for an urgent message", () => {
    const channel = openTeamChannel({ actor: nia(), teamId: w.ward });
    const old = send(nia(), channel.id, "Old news", new Date(Date.now() - 16 * 60_000));
    expect(() =>
      editMessage({ actor: nia(), conversationId: channel.id, messageId: old.id, body: "x" }),
    ).toThrow("A message can be changed only in the 15 minutes after sending it.");
    const fresh = send(nia(), channel.id, "Fresh");
    expect(() =>
      editMessage({ actor: omar(), conversationId: channel.id, messageId: fresh.id, body: "x" }),
    ).toThrow("Only the person who sent a message can change it.");
    expect(() =>
      editMessage({
        actor: w.manager(),
        conversationId: channel.id,
        messageId: fresh.id,
        body: "x",
      }),
    ).toThrow("Only the person who sent a message can change it.");
    const urgent = sendMessage({
      actor: nia(),
      conversationId: channel.id,
      clientId: `c${clients++}`,
      body: "Crash call bay 2",
      urgent: true,
    }).message;
    expect(() =>
      editMessage({ actor: nia(), conversationId: channel.id, messageId: urgent.id, body: "x" }),
    ).toThrow("An urgent message cannot be changed");
    expect(row(fresh.id)?.body).toBe("Fresh");
  });

  it("applies the patient-data guard and the length limit to the new text", () => {
    const channel = openTeamChannel({ actor: nia(), teamId: w.ward });
    const m = send(nia(), channel.id, "Bed 4 needs a review");
    // The ward clerk is in the channel, so an NHS number is refused.
    expect(() =>
      editMessage({
        actor: nia(),
        conversationId: channel.id,
        messageId: m.id,
        body: "Bed 4 is 943 476 5919",
      }),
    ).toThrow(PATIENT_DATA_REFUSAL);
    expect(() =>
      editMessage({ actor: nia(), conversationId: channel.id, messageId: m.id, body: "  " }),
    ).toThrow("Write a message.");
    expect(() =>
      editMessage({
        actor: nia(),
        conversationId: channel.id,
        messageId: m.id,
        body: "x".repeat(4001),
      }),
    ).toThrow("A message must be 4000 characters or fewer.");
    expect(row(m.id)).toMatchObject({ body: "Bed 4 needs a review", editedAt: null });
  });

  it("answers 404, audited, for a message in another conversation or one the actor cannot read", () => {
    const dm = openDirectConversation({ actor: nia(), userId: w.omar.id });
    const other = openDirectConversation({ actor: nia(), userId: w.pat.id });
    const m = send(nia(), dm.id, "Hello");
    expect(
      thrownResponse(() =>
        editMessage({ actor: nia(), conversationId: other.id, messageId: m.id, body: "x" }),
      ).status,
    ).toBe(404);
    const before = getDb().select().from(auditEvents).all().length;
    expect(
      thrownResponse(() =>
        deleteMessage({ actor: actorFor(w.pat.id), conversationId: dm.id, messageId: m.id }),
      ).status,
    ).toBe(404);
    const audit = getDb().select().from(auditEvents).all().slice(before);
    expect(audit.map((a) => [a.action, a.targetId])).toEqual([["permission.denied", m.id]]);
  });
});

describe("deleting", () => {
  it("refuses a new reply to a deleted message, saying why, and stores nothing", () => {
    // Its own conversation: the other tests count what was deleted in theirs.
    const dm = openDirectConversation({ actor: actorFor(w.cal.id), userId: w.pat.id });
    const m = send(actorFor(w.cal.id), dm.id, "Cover Sunday?");
    deleteMessage({ actor: actorFor(w.cal.id), conversationId: dm.id, messageId: m.id });
    const clientId = `c${clients++}`;
    expect(() =>
      sendMessage({
        actor: actorFor(w.pat.id),
        conversationId: dm.id,
        clientId,
        body: "Yes",
        replyToMessageId: m.id,
      }),
    ).toThrow("That message has been removed: send yours without replying to it.");
    expect(getDb().select().from(messages).where(eq(messages.clientId, clientId)).all()).toEqual(
      [],
    );
  });

  it("blanks the text, keeps the row and who deleted it, audits without the text and tells the conversation", () => {
    const dm = openDirectConversation({ actor: omar(), userId: w.pat.id });
    const m = send(omar(), dm.id, "Swap my Saturday?");
    const reply = sendMessage({
      actor: actorFor(w.pat.id),
      conversationId: dm.id,
      clientId: `c${clients++}`,
      body: "Yes",
      replyToMessageId: m.id,
    }).message;
    const after = lastSeq();
    deleteMessage({ actor: omar(), conversationId: dm.id, messageId: m.id });
    expect(row(m.id)).toMatchObject({ body: "", deletedByUserId: w.omar.id });
    expect(row(m.id)?.deletedAt).not.toBeNull();
    expect(eventsAfter(after)).toEqual([
      { kind: "message.deleted", ids: { conversationId: dm.id, messageId: m.id } },
    ]);
    const audit = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "message.deleted"), eq(auditEvents.targetId, m.id)))
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actorUserId).toBe(w.omar.id);
    expect(audit[0]?.detail).not.toContain("Saturday");
    const page = viewConversation({ actor: actorFor(w.pat.id), conversationId: dm.id });
    expect(page.messages.find((x) => x.id === m.id)).toMatchObject({ deleted: true, body: "" });
    expect(page.messages.find((x) => x.id === reply.id)?.replyTo?.body).toBe("Message deleted");
    // Pages holding older copies blank it too: the loader names it among those deleted lately.
    expect(page.deletedLately).toEqual([m.id]);
    expect(() => deleteMessage({ actor: omar(), conversationId: dm.id, messageId: m.id })).toThrow(
      "That message has already been deleted.",
    );
  });

  it("lets a manager delete in the team's threads, but nobody delete another's in a group", () => {
    const channel = openTeamChannel({ actor: nia(), teamId: w.ward });
    const m = send(nia(), channel.id, "Wrong ward, sorry");
    expect(
      thrownResponse(() =>
        deleteMessage({ actor: omar(), conversationId: channel.id, messageId: m.id }),
      ).status,
    ).toBe(404);
    deleteMessage({ actor: w.manager(), conversationId: channel.id, messageId: m.id });
    expect(row(m.id)?.deletedByUserId).toBe(w.trust.manager7.id);

    const group = createGroup({ actor: nia(), name: "Bay 1", userIds: [w.trust.manager7.id] });
    const g = send(nia(), group.id, "In the group");
    expect(
      thrownResponse(() =>
        deleteMessage({ actor: w.manager(), conversationId: group.id, messageId: g.id }),
      ).status,
    ).toBe(404);
    expect(row(g.id)?.deletedAt).toBeNull();
  });

  it("unpins the message and stops asking for acknowledgements still waiting", () => {
    w.rota("2027-06-07", "2027-06-13", [{ userId: w.nia.id, type: w.types.E, date: "2027-06-08" }]);
    const thread = openShiftThread({
      actor: nia(),
      teamId: w.ward,
      shiftTypeId: w.types.E,
      date: "2027-06-08",
    });
    const m = send(nia(), thread.id, "Pinned then deleted");
    pinMessage({ actor: w.manager(), conversationId: thread.id, messageId: m.id });
    getDb().insert(urgentAcknowledgements).values({ messageId: m.id, userId: w.omar.id }).run();
    deleteMessage({ actor: nia(), conversationId: thread.id, messageId: m.id });
    expect(getDb().select().from(messagePins).where(eq(messagePins.messageId, m.id)).all()).toEqual(
      [],
    );
    expect(
      getDb()
        .select()
        .from(urgentAcknowledgements)
        .where(eq(urgentAcknowledgements.messageId, m.id))
        .all(),
    ).toEqual([]);
  });
});

describe("pinning", () => {
  it("pins up to five per conversation for everyone in it, and unpins", () => {
    const group = createGroup({ actor: nia(), name: "Pins", userIds: [w.omar.id] });
    const sent = Array.from({ length: 6 }, (_, i) => send(nia(), group.id, `Note ${i}`));
    const after = lastSeq();
    for (const m of sent.slice(0, 5)) {
      pinMessage({ actor: omar(), conversationId: group.id, messageId: m.id });
    }
    // Pinning one already pinned changes nothing.
    pinMessage({ actor: nia(), conversationId: group.id, messageId: sent[0]?.id ?? "" });
    expect(() =>
      pinMessage({ actor: nia(), conversationId: group.id, messageId: sent[5]?.id ?? "" }),
    ).toThrow("5 messages are pinned here already, the most there can be. Unpin one first.");
    const page = viewConversation({ actor: nia(), conversationId: group.id });
    expect(page.pins.map((p) => p.body)).toEqual([
      "Note 0",
      "Note 1",
      "Note 2",
      "Note 3",
      "Note 4",
    ]);
    expect(page.pinsFull).toBe(true);
    unpinMessage({ actor: nia(), conversationId: group.id, messageId: sent[0]?.id ?? "" });
    pinMessage({ actor: nia(), conversationId: group.id, messageId: sent[5]?.id ?? "" });
    expect(eventsAfter(after).map((e) => e.kind)).toEqual([
      ...Array(5).fill("message.pinned"),
      "message.unpinned",
      "message.pinned",
    ]);
    expect(
      thrownResponse(() =>
        pinMessage({
          actor: actorFor(w.pat.id),
          conversationId: group.id,
          messageId: sent[1]?.id ?? "",
        }),
      ).status,
    ).toBe(404);
  });
});
