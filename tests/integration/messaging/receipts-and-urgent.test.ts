// Read receipts as "read up to here", and urgent messages that everyone on shift acknowledges.
import { gt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { events } from "~/db/schema.server";
import { createGroup, openShiftThread } from "~/messaging/conversations.server";
import { sendMessage } from "~/messaging/messages.server";
import { markRead, seenBy, unreadCount } from "~/messaging/read-positions.server";
import { acknowledgeUrgent, urgentStatus } from "~/messaging/urgent.server";
import { actorFor } from "../../support/factories";
import { createWard, thrownResponse, type Ward } from "../../support/ward";

let w: Ward;
beforeAll(async () => {
  w = await createWard();
});

const as = (person: { id: string }) => actorFor(person.id);
let n = 0;
const say = (
  person: { id: string },
  conversationId: string,
  body: string,
  extra: { urgent?: boolean; now?: Date } = {},
) =>
  sendMessage({ actor: as(person), conversationId, clientId: `m-${n++}`, body, ...extra }).message;
const lastSeq = () =>
  (
    getDb().$client.prepare("SELECT coalesce(max(seq), 0) AS seq FROM events").get() as {
      seq: number;
    }
  ).seq;

describe("read receipts", () => {
  it("counts reading a later message as reading every earlier one", () => {
    const group = createGroup({
      actor: as(w.nia),
      name: "Receipts",
      userIds: [w.omar.id, w.pat.id],
    });
    const first = say(w.nia, group.id, "one");
    const second = say(w.nia, group.id, "two");
    markRead({ actor: as(w.omar), conversationId: group.id, messageId: second.id });
    expect(seenBy({ actor: as(w.nia), conversationId: group.id, messageId: first.id })).toEqual({
      seen: [{ userId: w.omar.id, name: "Omar Nurse" }],
      notSeen: [{ userId: w.pat.id, name: "Pat Nurse" }],
    });
  });

  it("does not move a person's position back when they read an older message", () => {
    const group = createGroup({ actor: as(w.nia), name: "Backwards", userIds: [w.omar.id] });
    const first = say(w.nia, group.id, "one");
    const second = say(w.nia, group.id, "two");
    expect(markRead({ actor: as(w.omar), conversationId: group.id, messageId: second.id })).toBe(
      true,
    );
    expect(markRead({ actor: as(w.omar), conversationId: group.id, messageId: first.id })).toBe(
      false,
    );
    expect(
      seenBy({ actor: as(w.nia), conversationId: group.id, messageId: second.id }).seen,
    ).toHaveLength(1);
  });

  it("appends conversation.read when a position moves, and nothing when it does not", () => {
    const group = createGroup({ actor: as(w.nia), name: "Read events", userIds: [w.omar.id] });
    const message = say(w.nia, group.id, "hello");
    const after = lastSeq();
    markRead({ actor: as(w.omar), conversationId: group.id, messageId: message.id });
    markRead({ actor: as(w.omar), conversationId: group.id, messageId: message.id });
    const rows = getDb().select().from(events).where(gt(events.seq, after)).all();
    expect(rows.map((r) => [r.kind, r.audienceId, JSON.parse(r.ids)])).toEqual([
      [
        "conversation.read",
        group.id,
        { conversationId: group.id, userId: w.omar.id, messageId: message.id },
      ],
    ]);
  });

  it("counts as unread only messages from others after the person's position", () => {
    const group = createGroup({ actor: as(w.nia), name: "Unread", userIds: [w.omar.id] });
    say(w.nia, group.id, "one");
    say(w.nia, group.id, "two");
    // Sending is reading: Omar's own message moves his position past "one" and "two".
    say(w.omar, group.id, "mine");
    say(w.nia, group.id, "three");
    expect(unreadCount(w.omar.id, group.id)).toBe(1);
    expect(unreadCount(w.nia.id, group.id)).toBe(0);
  });

  it("refuses to mark a message read in a conversation the person is not in", () => {
    const group = createGroup({ actor: as(w.nia), name: "Private", userIds: [w.omar.id] });
    const message = say(w.nia, group.id, "hush");
    expect(
      thrownResponse(() =>
        markRead({ actor: as(w.pat), conversationId: group.id, messageId: message.id }),
      ).status,
    ).toBe(404);
  });
});

describe("urgent messages", () => {
  // Nights on 2027-03-02, 20:00 to 08:00 London (UTC in March before the clocks change).
  const duringNight = new Date("2027-03-02T23:00:00Z");
  let threadId: string;

  beforeAll(() => {
    w.rota("2027-03-01", "2027-03-07", [
      { userId: w.nia.id, type: w.types.N, date: "2027-03-02" },
      { userId: w.omar.id, type: w.types.N, date: "2027-03-02" },
      { userId: w.pat.id, type: w.types.N, date: "2027-03-02" },
      { userId: w.cal.id, type: w.types.E, date: "2027-03-03" },
    ]);
    threadId = openShiftThread({
      actor: as(w.nia),
      teamId: w.ward,
      shiftTypeId: w.types.N,
      date: "2027-03-02",
    }).id;
  });

  it("asks every other member on shift when it is sent to acknowledge, and shows the sender who has and has not", () => {
    const message = say(w.nia, threadId, "Crash call bay 2", { urgent: true, now: duringNight });
    acknowledgeUrgent({ actor: as(w.omar), messageId: message.id, now: duringNight });
    const status = urgentStatus({ actor: as(w.nia), messageId: message.id });
    expect(status.acknowledged.map((a) => a.name)).toEqual(["Omar Nurse"]);
    // The manager is a member but not on shift: not asked.
    expect(status.waiting).toEqual([{ userId: w.pat.id, name: "Pat Nurse", reachable: false }]);
  });

  it("asks nobody who is not on shift at the moment it is sent", () => {
    const beforeNight = new Date("2027-03-02T12:00:00Z");
    const message = say(w.nia, threadId, "Tonight: bring the keys", {
      urgent: true,
      now: beforeNight,
    });
    expect(urgentStatus({ actor: as(w.nia), messageId: message.id })).toEqual({
      acknowledged: [],
      waiting: [],
    });
  });

  it("keeps the first tap when someone acknowledges twice", () => {
    const message = say(w.nia, threadId, "Fire doors", { urgent: true, now: duringNight });
    const firstTap = new Date(duringNight.getTime() + 60_000);
    expect(acknowledgeUrgent({ actor: as(w.pat), messageId: message.id, now: firstTap })).toBe(
      true,
    );
    expect(
      acknowledgeUrgent({
        actor: as(w.pat),
        messageId: message.id,
        now: new Date(firstTap.getTime() + 60_000),
      }),
    ).toBe(false);
    expect(urgentStatus({ actor: w.manager(), messageId: message.id }).acknowledged).toEqual([
      { userId: w.pat.id, name: "Pat Nurse", at: firstTap },
    ]);
  });

  it("shows who has acknowledged to the team's managers but not to other members", () => {
    const message = say(w.nia, threadId, "Oxygen supply", { urgent: true, now: duringNight });
    expect(urgentStatus({ actor: w.manager(), messageId: message.id }).waiting).toHaveLength(2);
    expect(
      thrownResponse(() => urgentStatus({ actor: as(w.omar), messageId: message.id })).status,
    ).toBe(404);
  });

  it("refuses an acknowledgement from a member who was not asked", () => {
    const message = say(w.nia, threadId, "Lift out", { urgent: true, now: duringNight });
    expect(() => acknowledgeUrgent({ actor: w.manager(), messageId: message.id })).toThrow(
      "You were not on shift when this was sent: nothing to acknowledge.",
    );
  });

  it("appends message.acknowledged for the conversation", () => {
    const message = say(w.nia, threadId, "Bleep 2222", { urgent: true, now: duringNight });
    const after = lastSeq();
    acknowledgeUrgent({ actor: as(w.omar), messageId: message.id, now: duringNight });
    const rows = getDb().select().from(events).where(gt(events.seq, after)).all();
    expect(rows.map((r) => [r.kind, r.audienceId, JSON.parse(r.ids)])).toEqual([
      [
        "message.acknowledged",
        threadId,
        { conversationId: threadId, messageId: message.id, userId: w.omar.id },
      ],
    ]);
  });
});
