// What a person's event stream carries (scoped by who may read each conversation now), and the
// Messages list (pinned shift threads, latest activity, unread counts).
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { listMyConversations } from "~/messaging/conversation-list.server";
import {
  createGroup,
  openDirectConversation,
  openShiftThread,
} from "~/messaging/conversations.server";
import { eventsFor } from "~/messaging/event-feed.server";
import { sendMessage } from "~/messaging/messages.server";
import { markRead } from "~/messaging/read-positions.server";
import { changeShift } from "~/models/rota/shifts.server";
import { actorFor } from "../../support/factories";
import { createWard, type Ward } from "../../support/ward";

let w: Ward;
beforeAll(async () => {
  w = await createWard();
});

const as = (person: { id: string }) => actorFor(person.id);
let n = 0;
const say = (person: { id: string }, conversationId: string, body: string, now?: Date) =>
  sendMessage({ actor: as(person), conversationId, clientId: `e-${n++}`, body, now }).message;
const lastSeq = () =>
  (
    getDb().$client.prepare("SELECT coalesce(max(seq), 0) AS seq FROM events").get() as {
      seq: number;
    }
  ).seq;
const night = (date: string) => ({ teamId: w.ward, shiftTypeId: w.types.N, date });

describe("a person's events", () => {
  it("include a conversation's messages for its members, in order, and not for anyone else", () => {
    const group = createGroup({ actor: as(w.nia), name: "Feed", userIds: [w.omar.id] });
    const after = lastSeq();
    const one = say(w.nia, group.id, "one");
    const two = say(w.omar, group.id, "two");
    const messageIds = (person: { id: string }) =>
      eventsFor({ actor: as(person), after })
        .events.filter((e) => e.kind === "message.created")
        .map((e) => e.ids.messageId);
    expect(messageIds(w.omar)).toEqual([one.id, two.id]);
    expect(messageIds(w.pat)).toEqual([]);
  });

  it("stop carrying a shift thread's events to a person once they are taken off the shift, and start for the person put on", () => {
    const { shiftIds } = w.rota("2027-01-04", "2027-01-10", [
      { userId: w.nia.id, type: w.types.N, date: "2027-01-05" },
    ]);
    const thread = openShiftThread({ actor: as(w.nia), ...night("2027-01-05") });
    const after = lastSeq();
    say(w.nia, thread.id, "Handover at 19:45");
    changeShift({
      actor: w.manager(),
      teamId: w.ward,
      shiftId: shiftIds[0]!,
      userId: w.pat.id,
      shiftTypeId: w.types.N,
      date: "2027-01-05",
    });
    const kinds = (person: { id: string }) =>
      eventsFor({ actor: as(person), after }).events.map((e) => e.kind);
    // Each is also told of the change (a notification, addressed to them alone).
    expect(kinds(w.nia)).toEqual(["rota.shift-changed", "notification.created"]);
    expect(kinds(w.pat)).toEqual(["message.created", "rota.shift-changed", "notification.created"]);
  });

  it("include team events for the team's members only", () => {
    const after = lastSeq();
    w.rota("2027-02-01", "2027-02-07", [{ userId: w.nia.id, type: w.types.E, date: "2027-02-02" }]);
    expect(eventsFor({ actor: as(w.omar), after }).events.map((e) => e.kind)).toEqual([
      "rota.published",
    ]);
    expect(eventsFor({ actor: as(w.trust.staff12), after }).events).toEqual([]);
  });
});

describe("the Messages list", () => {
  it("pins the threads of my current and next shift first, even before anyone has written", () => {
    w.rota("2027-03-01", "2027-03-07", [
      { userId: w.omar.id, type: w.types.E, date: "2027-03-02" },
      { userId: w.omar.id, type: w.types.N, date: "2027-03-04" },
      { userId: w.omar.id, type: w.types.N, date: "2027-03-06" },
    ]);
    const early = openShiftThread({
      actor: as(w.omar),
      teamId: w.ward,
      shiftTypeId: w.types.E,
      date: "2027-03-02",
    });
    const list = listMyConversations({
      actor: as(w.omar),
      now: new Date("2027-03-02T10:00:00Z"),
    });
    expect(list.pinned.map((p) => [p.code, p.date, p.conversationId])).toEqual([
      ["E", "2027-03-02", early.id],
      ["N", "2027-03-04", null],
    ]);
    expect(list.conversations.map((c) => c.id)).not.toContain(early.id);
  });

  it("orders my conversations by latest activity with my unread counts", () => {
    const quiet = createGroup({ actor: as(w.pat), name: "Quiet", userIds: [w.cal.id] });
    const busy = openDirectConversation({ actor: as(w.pat), userId: w.cal.id });
    const base = Date.UTC(2027, 3, 1, 9);
    say(w.cal, quiet.id, "old news", new Date(base));
    const read = say(w.cal, busy.id, "first", new Date(base + 1000));
    say(w.cal, busy.id, "second", new Date(base + 2000));
    say(w.cal, busy.id, "third", new Date(base + 3000));
    markRead({ actor: as(w.pat), conversationId: busy.id, messageId: read.id });
    const list = listMyConversations({ actor: as(w.pat), now: new Date(base + 4000) });
    const mine = list.conversations.filter((c) => [quiet.id, busy.id].includes(c.id));
    expect(mine.map((c) => [c.title, c.unread])).toEqual([
      ["Cal Clerk", 2],
      ["Quiet", 1],
    ]);
  });

  it("leaves out a shift thread I have been taken off", () => {
    const { shiftIds } = w.rota("2027-05-03", "2027-05-09", [
      { userId: w.pat.id, type: w.types.N, date: "2027-05-04" },
    ]);
    const thread = openShiftThread({ actor: as(w.pat), ...night("2027-05-04") });
    say(w.pat, thread.id, "Anyone want this night?");
    expect(listMyConversations({ actor: as(w.pat) }).conversations.map((c) => c.id)).toContain(
      thread.id,
    );
    changeShift({
      actor: w.manager(),
      teamId: w.ward,
      shiftId: shiftIds[0]!,
      userId: w.omar.id,
      shiftTypeId: w.types.N,
      date: "2027-05-04",
    });
    expect(listMyConversations({ actor: as(w.pat) }).conversations.map((c) => c.id)).not.toContain(
      thread.id,
    );
    expect(listMyConversations({ actor: as(w.omar) }).conversations.map((c) => c.id)).toContain(
      thread.id,
    );
  });
});
