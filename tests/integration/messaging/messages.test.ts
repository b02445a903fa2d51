// Sending and reading messages: the patient-data guard, idempotent sends, replies, mentions and
// keyset pagination.
import { spawn } from "node:child_process";
import { and, eq, gt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { databasePath, getDb } from "~/db/connection.server";
import { events, messages, notifications } from "~/db/schema.server";
import {
  createGroup,
  leaveGroup,
  openDirectConversation,
  openShiftThread,
  openTeamChannel,
} from "~/messaging/conversations.server";
import { listMessages, sendMessage } from "~/messaging/messages.server";
import { PATIENT_DATA_REFUSAL } from "~/messaging/patient-data-guard";
import { actorFor } from "../../support/factories";
import { createWard, type Ward } from "../../support/ward";

let w: Ward;
beforeAll(async () => {
  w = await createWard();
});

const nia = () => actorFor(w.nia.id);
const omar = () => actorFor(w.omar.id);
let clientCounter = 0;
const clientId = () => `client-${clientCounter++}`;
const countMessages = (conversationId: string) =>
  getDb().select().from(messages).where(eq(messages.conversationId, conversationId)).all().length;
const lastSeq = () =>
  (
    getDb().$client.prepare("SELECT coalesce(max(seq), 0) AS seq FROM events").get() as {
      seq: number;
    }
  ).seq;

describe("sending", () => {
  it("stores the message and appends message.created for the conversation, with ids and no text", () => {
    const dm = openDirectConversation({ actor: nia(), userId: w.omar.id });
    const after = lastSeq();
    const sentClientId = clientId();
    const { message, created } = sendMessage({
      actor: nia(),
      conversationId: dm.id,
      clientId: sentClientId,
      body: "Can you swap Saturday?",
    });
    expect(created).toBe(true);
    const rows = getDb().select().from(events).where(gt(events.seq, after)).all();
    expect(rows.map((r) => [r.audienceType, r.audienceId, r.kind])).toEqual([
      ["conversation", dm.id, "message.created"],
    ]);
    expect(rows[0]!.ids).not.toContain("Saturday");
    expect(JSON.parse(rows[0]!.ids)).toEqual({
      conversationId: dm.id,
      messageId: message.id,
      senderUserId: w.nia.id,
      clientId: sentClientId,
    });
  });

  it("refuses a blank message and one over 4,000 characters", () => {
    const dm = openDirectConversation({ actor: nia(), userId: w.omar.id });
    expect(() =>
      sendMessage({ actor: nia(), conversationId: dm.id, clientId: clientId(), body: "  \n" }),
    ).toThrow("Write a message.");
    expect(() =>
      sendMessage({
        actor: nia(),
        conversationId: dm.id,
        clientId: clientId(),
        body: "x".repeat(4001),
      }),
    ).toThrow("A message must be 4000 characters or fewer.");
    expect(
      sendMessage({
        actor: nia(),
        conversationId: dm.id,
        clientId: clientId(),
        body: "x".repeat(4000),
      }).created,
    ).toBe(true);
  });
});

describe("the patient-data guard", () => {
  it("refuses an NHS number in a conversation with a non-clinical member, saying where it belongs, and stores nothing", () => {
    const channel = openTeamChannel({ actor: nia(), teamId: w.ward });
    const after = lastSeq();
    expect(() =>
      sendMessage({
        actor: nia(),
        conversationId: channel.id,
        clientId: clientId(),
        body: "Bed 4, 943 476 5919, needs a review",
      }),
    ).toThrow(PATIENT_DATA_REFUSAL);
    expect(PATIENT_DATA_REFUSAL).toMatch(/handover or the patient record/);
    expect(countMessages(channel.id)).toBe(0);
    expect(lastSeq()).toBe(after);
  });

  it("refuses a dashed NHS number in a direct conversation with the ward clerk", () => {
    const dm = openDirectConversation({ actor: nia(), userId: w.cal.id });
    expect(() =>
      sendMessage({
        actor: nia(),
        conversationId: dm.id,
        clientId: clientId(),
        body: "943-476-5919",
      }),
    ).toThrow(PATIENT_DATA_REFUSAL);
  });

  it("allows an NHS number between clinical staff only", () => {
    const dm = openDirectConversation({ actor: nia(), userId: w.omar.id });
    expect(
      sendMessage({ actor: nia(), conversationId: dm.id, clientId: clientId(), body: "9434765919" })
        .created,
    ).toBe(true);
  });

  it("allows an NHS number in a shift thread whose members are all clinical", () => {
    w.rota("2027-01-04", "2027-01-10", [
      { userId: w.nia.id, type: w.types.N, date: "2027-01-05" },
      { userId: w.omar.id, type: w.types.N, date: "2027-01-05" },
    ]);
    const thread = openShiftThread({
      actor: nia(),
      teamId: w.ward,
      shiftTypeId: w.types.N,
      date: "2027-01-05",
    });
    expect(
      sendMessage({
        actor: nia(),
        conversationId: thread.id,
        clientId: clientId(),
        body: "Bed 4 is 943 476 5919",
      }).created,
    ).toBe(true);
  });

  it("allows ten digits whose check digit is wrong, which is not an NHS number", () => {
    const channel = openTeamChannel({ actor: nia(), teamId: w.ward });
    expect(
      sendMessage({
        actor: nia(),
        conversationId: channel.id,
        clientId: clientId(),
        body: "Ring 943 476 5918",
      }).created,
    ).toBe(true);
  });

  it("counts a person with any non-clinical role as non-clinical in a group", () => {
    const group = createGroup({ actor: nia(), name: "Mixed", userIds: [w.omar.id, w.cal.id] });
    expect(() =>
      sendMessage({
        actor: nia(),
        conversationId: group.id,
        clientId: clientId(),
        body: "9434765919",
      }),
    ).toThrow(PATIENT_DATA_REFUSAL);
  });
});

describe("idempotent sending", () => {
  it("returns the stored message for a retry with the same client id, and makes no second one", () => {
    const dm = openDirectConversation({ actor: nia(), userId: w.omar.id });
    const before = countMessages(dm.id);
    const first = sendMessage({
      actor: nia(),
      conversationId: dm.id,
      clientId: "retry-1",
      body: "On my way",
    });
    const again = sendMessage({
      actor: nia(),
      conversationId: dm.id,
      clientId: "retry-1",
      body: "On my way",
    });
    expect(again).toEqual({ message: first.message, created: false });
    expect(countMessages(dm.id)).toBe(before + 1);
  });

  it("answers a retry with the stored message after the sender has left, but refuses a new one", () => {
    const group = createGroup({ actor: omar(), name: "Retry check", userIds: [w.nia.id] });
    const first = sendMessage({
      actor: nia(),
      conversationId: group.id,
      clientId: "sent-then-left",
      body: "Leaving the group now",
    });
    leaveGroup({ actor: nia(), conversationId: group.id });
    // The answer to the first send was lost; the browser retries with the same id.
    const again = sendMessage({
      actor: nia(),
      conversationId: group.id,
      clientId: "sent-then-left",
      body: "Leaving the group now",
    });
    expect(again).toEqual({ message: first.message, created: false });
    expect(() =>
      sendMessage({ actor: nia(), conversationId: group.id, clientId: clientId(), body: "New" }),
    ).toThrow(Response);
  });

  it("refuses a client id that is not letters, digits, dashes and underscores", () => {
    const dm = openDirectConversation({ actor: nia(), userId: w.omar.id });
    const before = countMessages(dm.id);
    expect(() =>
      sendMessage({
        actor: nia(),
        conversationId: dm.id,
        clientId: "Jane Smith 943 476 5919",
        body: "Hello",
      }),
    ).toThrow("Reload the page and send the message again.");
    expect(countMessages(dm.id)).toBe(before);
  });

  it("treats the same client id from another sender as a different message", () => {
    const dm = openDirectConversation({ actor: nia(), userId: w.omar.id });
    const mine = sendMessage({
      actor: nia(),
      conversationId: dm.id,
      clientId: "same-id",
      body: "A",
    });
    const theirs = sendMessage({
      actor: omar(),
      conversationId: dm.id,
      clientId: "same-id",
      body: "B",
    });
    expect(theirs.created).toBe(true);
    expect(theirs.message.id).not.toBe(mine.message.id);
  });

  it("makes one message when two processes send the same client id at the same moment", async () => {
    const dm = openDirectConversation({ actor: nia(), userId: w.omar.id });
    const before = countMessages(dm.id);
    const args = JSON.stringify({
      userId: w.nia.id,
      conversationId: dm.id,
      clientId: "concurrent-1",
      body: "Sent twice at once",
    });
    const senders = [0, 1].map(() => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "tests/support/send-message-process.ts", args],
        { env: { ...process.env, BATON_DATABASE_PATH: databasePath() }, stdio: "pipe" },
      );
      const lines: string[] = [];
      const ready = new Promise<void>((resolve) =>
        child.stdout.on("data", (chunk: Buffer) => {
          lines.push(...chunk.toString().split("\n").filter(Boolean));
          if (lines.includes("ready")) resolve();
        }),
      );
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      return { child, lines, ready, exited };
    });
    await Promise.all(senders.map((s) => s.ready));
    for (const s of senders) s.child.stdin.write("go\n");
    expect(await Promise.all(senders.map((s) => s.exited))).toEqual([0, 0]);
    const results = senders.map(
      (s) => JSON.parse(s.lines.at(-1)!) as { id: string; created: boolean },
    );
    expect(results[0]!.id).toBe(results[1]!.id);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(countMessages(dm.id)).toBe(before + 1);
  });
});

describe("replies and mentions", () => {
  it("quotes the message replied to", () => {
    const dm = openDirectConversation({ actor: nia(), userId: w.omar.id });
    const question = sendMessage({
      actor: nia(),
      conversationId: dm.id,
      clientId: clientId(),
      body: "Swap Sat?",
    });
    sendMessage({
      actor: omar(),
      conversationId: dm.id,
      clientId: clientId(),
      body: "Yes",
      replyToMessageId: question.message.id,
    });
    const [newest] = listMessages({ actor: nia(), conversationId: dm.id, limit: 1 }).messages;
    expect(newest).toMatchObject({
      body: "Yes",
      replyTo: { id: question.message.id, senderName: "Nia Nurse", body: "Swap Sat?" },
    });
  });

  it("refuses a reply to a message in another conversation", () => {
    const dm = openDirectConversation({ actor: nia(), userId: w.omar.id });
    const channel = openTeamChannel({ actor: nia(), teamId: w.ward });
    const elsewhere = sendMessage({
      actor: nia(),
      conversationId: channel.id,
      clientId: clientId(),
      body: "Hi all",
    });
    expect(() =>
      sendMessage({
        actor: nia(),
        conversationId: dm.id,
        clientId: clientId(),
        body: "Re that",
        replyToMessageId: elsewhere.message.id,
      }),
    ).toThrow("You can reply only to a message in this conversation.");
  });

  it("notifies a mentioned member, naming the sender but not the message", () => {
    const channel = openTeamChannel({ actor: nia(), teamId: w.ward });
    const { message } = sendMessage({
      actor: nia(),
      conversationId: channel.id,
      clientId: clientId(),
      body: "@Omar the drug fridge alarm is going",
      mentionUserIds: [w.omar.id],
    });
    const told = getDb()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, w.omar.id), eq(notifications.kind, "message.mentioned")))
      .all();
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      title: "Nia Nurse mentioned you",
      body: "",
      link: `/messages/${channel.id}`,
    });
    expect(message.body).toContain("@Omar");
  });

  it("refuses a mention of someone who is not in the conversation", () => {
    const dm = openDirectConversation({ actor: nia(), userId: w.omar.id });
    expect(() =>
      sendMessage({
        actor: nia(),
        conversationId: dm.id,
        clientId: clientId(),
        body: "@Pat see this",
        mentionUserIds: [w.pat.id],
      }),
    ).toThrow("You can mention only people in this conversation.");
  });
});

describe("reading a conversation page by page", () => {
  it("gives the newest page first and older pages by cursor, each message once, ties in time included", () => {
    const group = createGroup({ actor: nia(), name: "Paging", userIds: [w.omar.id] });
    const base = Date.UTC(2027, 0, 5, 21, 0);
    // Two messages in the same millisecond, either side of the first page's end: the cursor's id
    // breaks the tie, so the second of them is on the next page, not lost or repeated.
    const times = [0, 1000, 2000, 3000, 3000, 4000, 5000];
    const sent = times.map(
      (offset, i) =>
        sendMessage({
          actor: i % 2 ? omar() : nia(),
          conversationId: group.id,
          clientId: `page-${i}`,
          body: `message ${i}`,
          now: new Date(base + offset),
        }).message,
    );
    const seen: string[] = [];
    let page = listMessages({ actor: nia(), conversationId: group.id, limit: 3 });
    seen.push(...page.messages.map((m) => m.id));
    while (page.older) {
      page = listMessages({ actor: nia(), conversationId: group.id, limit: 3, before: page.older });
      seen.push(...page.messages.map((m) => m.id));
    }
    const expected = [...sent]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((m) => m.id);
    expect(seen).toEqual(expected);
  });

  it("keeps an older page the same when a new message arrives after the first page was read", () => {
    const group = createGroup({ actor: nia(), name: "Stable", userIds: [w.omar.id] });
    const base = Date.UTC(2027, 0, 6, 9, 0);
    for (let i = 0; i < 4; i++) {
      sendMessage({
        actor: nia(),
        conversationId: group.id,
        clientId: `stable-${i}`,
        body: `m${i}`,
        now: new Date(base + i * 1000),
      });
    }
    const first = listMessages({ actor: nia(), conversationId: group.id, limit: 2 });
    sendMessage({
      actor: omar(),
      conversationId: group.id,
      clientId: "stable-late",
      body: "late",
      now: new Date(base + 10_000),
    });
    const older = listMessages({
      actor: nia(),
      conversationId: group.id,
      limit: 2,
      before: first.older!,
    });
    expect(older.messages.map((m) => m.body)).toEqual(["m1", "m0"]);
    expect(older.older).toBeNull();
  });

  it("refuses a malformed cursor", () => {
    const dm = openDirectConversation({ actor: nia(), userId: w.omar.id });
    expect(() => listMessages({ actor: nia(), conversationId: dm.id, before: "1 OR 1=1" })).toThrow(
      "That page of messages could not be found.",
    );
  });
});
