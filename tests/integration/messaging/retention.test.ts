// Retention (issue 14; docs/decisions/027): windows in local days across a clock change, a shift
// thread counted from its shift's end, the text, mentions and search-visible body gone, the row
// and the audit kept, idempotence and short batches.
import fs from "node:fs";
import { and, eq, gt } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import {
  auditEvents,
  conversationReads,
  events,
  messageAttachments,
  messageMentions,
  messages,
  urgentAcknowledgements,
} from "~/db/schema.server";
import { attachmentsByMessage } from "~/messaging/attachments/attachments.server";
import { sendMessageWithFiles } from "~/messaging/attachments/send-with-files.server";
import { storedPath } from "~/messaging/attachments/storage.server";
import { viewConversation } from "~/messaging/conversation-view.server";
import {
  openDirectConversation,
  openShiftThread,
  openTeamChannel,
} from "~/messaging/conversations.server";
import { pinMessage } from "~/messaging/message-changes.server";
import { sendMessage } from "~/messaging/messages.server";
import { purgeExpiredMessages } from "~/messaging/retention.server";
import { searchMessages } from "~/messaging/search.server";
import { acknowledgeUrgent } from "~/messaging/urgent.server";
import { updateRetentionPolicy } from "~/models/accounts/organisations.server";
import { verifyAuditChain } from "~/models/audit/audit.server";
import { newTimeOrderedId } from "~/models/ids.server";
import { actorFor } from "../../support/factories";
import { phonePhoto } from "../../support/files";
import { createWard, type Ward } from "../../support/ward";

let w: Ward;
beforeAll(async () => {
  w = await createWard();
  // The night of the autumn clock change (25 Oct 2026) with Nia and Omar on it.
  w.rota("2026-10-19", "2026-10-25", [
    { userId: w.nia.id, type: w.types.N, date: "2026-10-24" },
    { userId: w.omar.id, type: w.types.N, date: "2026-10-24" },
  ]);
});

// Every test starts with nothing left to purge from the tests before it.
beforeEach(async () => {
  await purgeExpiredMessages({ now: new Date("2099-01-01T00:00:00Z"), ranBy: "test" });
});

let sent = 0;
function send(conversationId: string, userId: string, iso: string, extra = {}) {
  return sendMessage({
    actor: actorFor(userId),
    conversationId,
    clientId: `retention-${sent++}`,
    body: `Bed 4 needs obs at ${iso}`,
    now: new Date(iso),
    ...extra,
  }).message;
}

const row = (id: string) => getDb().select().from(messages).where(eq(messages.id, id)).get()!;
const purgeAt = (iso: string, extra = {}) =>
  purgeExpiredMessages({ now: new Date(iso), ranBy: "test", ...extra });
/** The purge's audit rows that counted messages of this conversation. */
const purgeAudits = (conversationId: string) =>
  getDb()
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, "messages.purged"))
    .all()
    .filter((a) => conversationId in JSON.parse(a.detail).conversations);

describe("the retention windows", () => {
  it("keeps a team channel's message until 90 local days after posting, across the clock change", async () => {
    const channel = openTeamChannel({ actor: w.manager(), teamId: w.ward });
    // 11:00 BST on 1 Aug; 90 days later is 30 Oct, after the clocks went back: 11:00 GMT.
    const message = send(channel.id, w.nia.id, "2026-08-01T10:00:00Z");
    // 90 × 24 hours have passed at 10:00Z, but the ward's clock says 10:00: still kept.
    await purgeAt("2026-10-30T10:59:59Z");
    expect(row(message.id).body).toContain("Bed 4");
    expect(row(message.id).purgedAt).toBeNull();
    await purgeAt("2026-10-30T11:00:00Z");
    expect(row(message.id).body).toBe("");
    expect(row(message.id).purgedAt).toEqual(new Date("2026-10-30T11:00:00Z"));
    expect(row(message.id).purgedAfterDays).toBe(90);
  });

  it("keeps a shift thread until 30 local days after its night ends, not after posting", async () => {
    const thread = openShiftThread({
      actor: actorFor(w.nia.id),
      teamId: w.ward,
      shiftTypeId: w.types.N,
      date: "2026-10-24",
    });
    // Posted during the night; the night ends 25 Oct 08:00 GMT, so it goes 24 Nov 08:00 GMT.
    const message = send(thread.id, w.nia.id, "2026-10-24T21:00:00Z");
    await purgeAt("2026-11-23T21:00:00Z"); // 30 days after posting: the shift's window runs on
    await purgeAt("2026-11-24T07:59:59Z");
    expect(row(message.id).purgedAt).toBeNull();
    await purgeAt("2026-11-24T08:00:00Z");
    expect(row(message.id).purgedAt).not.toBeNull();
    expect(row(message.id).purgedAfterDays).toBe(30);
  });

  it("keeps a direct message under the organisation's setting, which the administrator changes", async () => {
    const dm = openDirectConversation({ actor: actorFor(w.nia.id), userId: w.omar.id });
    const message = send(dm.id, w.nia.id, "2026-11-20T12:00:00Z");
    await purgeAt("2026-12-01T12:00:00Z");
    expect(row(message.id).purgedAt).toBeNull();
    updateRetentionPolicy({ actor: actorFor(w.trust.admin.id), shiftDays: 30, otherDays: 7 });
    await purgeAt("2026-12-01T12:00:00Z");
    expect(row(message.id).purgedAfterDays).toBe(7);
    updateRetentionPolicy({ actor: actorFor(w.trust.admin.id), shiftDays: 30, otherDays: 90 });
  });
});

describe("what a purge removes and keeps", () => {
  it("blanks the text and the mentions, keeps the row, replies and read positions, and says so in the thread", async () => {
    const channel = openTeamChannel({ actor: w.manager(), teamId: w.ward });
    const first = send(channel.id, w.nia.id, "2026-06-01T09:00:00Z", {
      mentionUserIds: [w.omar.id],
    });
    const reply = send(channel.id, w.omar.id, "2026-06-01T09:05:00Z", {
      replyToMessageId: first.id,
    });
    await purgeAt("2026-09-01T12:00:00Z");
    expect(row(first.id)).toMatchObject({ body: "", senderUserId: w.nia.id, purgedAfterDays: 90 });
    expect(row(reply.id).replyToMessageId).toBe(first.id);
    expect(
      getDb().select().from(messageMentions).where(eq(messageMentions.messageId, first.id)).all(),
    ).toEqual([]);
    const read = getDb()
      .select()
      .from(conversationReads)
      .where(
        and(
          eq(conversationReads.conversationId, channel.id),
          eq(conversationReads.userId, w.omar.id),
        ),
      )
      .get();
    expect(read?.messageId).toBe(reply.id);
    const page = viewConversation({
      actor: actorFor(w.pat.id),
      conversationId: channel.id,
      now: new Date("2026-09-01T12:00:00Z"),
    });
    const shown = page.messages.find((m) => m.id === reply.id)!;
    expect(shown).toMatchObject({ body: "", removedAfterDays: 90 });
    expect(shown.replyTo).toMatchObject({
      id: first.id,
      senderName: "Nia Nurse",
      body: "",
      removed: true,
      deleted: false,
    });
    expect(JSON.stringify(page)).not.toContain("Bed 4");
  });

  it("removes the photos and files and the search entries with the text (issue 14's test)", async () => {
    const channel = openTeamChannel({ actor: w.manager(), teamId: w.ward });
    const { message: photo } = await sendMessageWithFiles({
      actor: actorFor(w.nia.id),
      conversationId: channel.id,
      clientId: `retention-${sent++}`,
      body: "Sacral dressing renewed, photo attached",
      now: new Date("2026-05-01T09:00:00Z"),
      files: [{ name: "dressing.jpg", bytes: await phonePhoto() }],
    });
    const kept = send(channel.id, w.nia.id, "2026-08-30T09:00:00Z", { body: "dressing tomorrow" });
    const [attachment] = getDb()
      .select()
      .from(messageAttachments)
      .where(eq(messageAttachments.messageId, photo.id))
      .all();
    const names = [attachment!.storedName, attachment!.thumbnailName!];
    const found = (now: string) =>
      searchMessages({ actor: actorFor(w.nia.id), query: "dressing", now: new Date(now) })
        .results.map((r) => r.messageId)
        .sort();
    expect(found("2026-08-31T12:00:00Z")).toEqual([photo.id, kept.id].sort());
    const auditRows = getDb().select().from(auditEvents).all().length;

    await purgeAt("2026-09-01T12:00:00Z");

    expect(row(photo.id)).toMatchObject({ body: "", purgedAfterDays: 90 });
    expect(attachmentsByMessage([photo.id]).has(photo.id)).toBe(false);
    for (const name of names) expect(fs.existsSync(storedPath(name))).toBe(false);
    expect(found("2026-09-01T12:00:00Z")).toEqual([kept.id]);
    // The audit log only grows: the purge adds its own row and removes none.
    expect(getDb().select().from(auditEvents).all().length).toBeGreaterThan(auditRows);
    expect(verifyAuditChain().ok).toBe(true);
  });

  it("stops asking for acknowledgements of an urgent message whose text it removed, and keeps those given", async () => {
    const channel = openTeamChannel({ actor: w.manager(), teamId: w.ward });
    // 22:00 on the night of the clock change: Omar and Nia are on shift, so both must acknowledge.
    const urgent = send(channel.id, w.pat.id, "2026-10-24T21:00:00Z", { urgent: true });
    const acks = () =>
      getDb()
        .select()
        .from(urgentAcknowledgements)
        .where(eq(urgentAcknowledgements.messageId, urgent.id))
        .all();
    expect(
      acks()
        .map((a) => a.userId)
        .sort(),
    ).toEqual([w.nia.id, w.omar.id].sort());
    acknowledgeUrgent({
      actor: actorFor(w.nia.id),
      messageId: urgent.id,
      now: new Date("2026-10-24T21:05:00Z"),
    });
    await purgeAt("2027-02-01T12:00:00Z");
    expect(acks()).toEqual([expect.objectContaining({ userId: w.nia.id })]);
    const page = viewConversation({
      actor: actorFor(w.omar.id),
      conversationId: channel.id,
      now: new Date("2027-02-01T12:00:00Z"),
    });
    expect(JSON.stringify(page)).not.toContain(`"awaiting":[{`);
    expect(JSON.stringify(page)).not.toContain("Bed 4 needs obs");
  });

  it("unpins a message whose text it removed, freeing its place among the five", async () => {
    const channel = openTeamChannel({ actor: w.manager(), teamId: w.ward });
    const pinned = send(channel.id, w.nia.id, "2026-03-02T09:00:00Z");
    pinMessage({ actor: actorFor(w.nia.id), conversationId: channel.id, messageId: pinned.id });
    const pinsNow = (now: string) =>
      viewConversation({
        actor: actorFor(w.nia.id),
        conversationId: channel.id,
        now: new Date(now),
      }).pins.map((p) => p.id);
    expect(pinsNow("2026-03-03T09:00:00Z")).toContain(pinned.id);
    await purgeAt("2026-09-01T12:00:00Z");
    expect(pinsNow("2026-09-01T12:00:00Z")).not.toContain(pinned.id);
  });

  it("audits how many from each conversation, by whom and when, never the text, and keeps the audit chain whole", async () => {
    const channel = openTeamChannel({ actor: w.manager(), teamId: w.ward });
    const before = purgeAudits(channel.id).length;
    send(channel.id, w.nia.id, "2026-05-01T09:00:00Z");
    send(channel.id, w.omar.id, "2026-05-01T09:01:00Z");
    const auditRowsBefore = getDb().select().from(auditEvents).all().length;
    await purgeAt("2026-08-15T12:00:00Z");
    const rows = purgeAudits(channel.id).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      organisationId: w.trust.organisation.id,
      actorUserId: null,
      targetType: "organisation",
      targetId: w.trust.organisation.id,
      at: new Date("2026-08-15T12:00:00Z"),
    });
    expect(JSON.parse(rows[0]!.detail)).toEqual({
      messages: 2,
      conversations: { [channel.id]: 2 },
      ranBy: "test",
    });
    expect(rows[0]!.detail).not.toContain("Bed");
    // Nothing in the log was removed, and the chain still verifies.
    expect(getDb().select().from(auditEvents).all().length).toBe(auditRowsBefore + 1);
    expect(verifyAuditChain().ok).toBe(true);
  });

  it("tells the conversation's open pages through the event log, with its id only", async () => {
    const channel = openTeamChannel({ actor: w.manager(), teamId: w.ward });
    send(channel.id, w.nia.id, "2026-04-01T09:00:00Z");
    const after = getDb()
      .$client.prepare("SELECT coalesce(max(seq), 0) AS seq FROM events")
      .get() as {
      seq: number;
    };
    await purgeAt("2026-07-15T12:00:00Z");
    const logged = getDb().select().from(events).where(gt(events.seq, after.seq)).all();
    expect(logged.map((e) => [e.audienceId, e.kind, e.ids])).toEqual([
      [channel.id, "messages.purged", JSON.stringify({ conversationId: channel.id })],
    ]);
  });
});

describe("running it", () => {
  it("is idempotent: a second run at the same moment purges nothing and audits nothing", async () => {
    const channel = openTeamChannel({ actor: w.manager(), teamId: w.ward });
    const message = send(channel.id, w.nia.id, "2026-03-01T09:00:00Z");
    const first = await purgeAt("2026-06-15T12:00:00Z");
    expect(first.purged).toBe(1);
    const audits = purgeAudits(channel.id).length;
    const second = await purgeAt("2026-06-15T12:00:00Z");
    const later = await purgeAt("2026-06-16T12:00:00Z");
    expect([second.purged, later.purged]).toEqual([0, 0]);
    expect(purgeAudits(channel.id)).toHaveLength(audits);
    expect(row(message.id).purgedAt).toEqual(new Date("2026-06-15T12:00:00Z"));
  });

  it("works in batches of at most the batch size, outside any transaction between them", async () => {
    const channel = openTeamChannel({ actor: w.manager(), teamId: w.ward });
    const start = Date.parse("2026-01-10T09:00:00Z");
    const insert = getDb().$client.prepare(
      "INSERT INTO messages (id, conversation_id, sender_user_id, client_id, body, urgent, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
    );
    getDb().$client.transaction(() => {
      for (let i = 0; i < 1203; i++) {
        const at = start + i * 1000;
        insert.run(newTimeOrderedId(at), channel.id, w.nia.id, `bulk-${i}`, `Bulk ${i}`, at);
      }
    })();
    const pausedInTransaction: boolean[] = [];
    const report = await purgeAt("2026-06-01T12:00:00Z", {
      batchSize: 500,
      pause: async () => {
        pausedInTransaction.push(getDb().$client.inTransaction);
      },
    });
    expect(report.purged).toBe(1203);
    expect(report.batches).toBe(3);
    expect(pausedInTransaction).toEqual([false, false, false]);
    expect(
      purgeAudits(channel.id)
        .slice(-3)
        .map((a) => JSON.parse(a.detail).conversations[channel.id]),
    ).toEqual([500, 500, 203]);
    expect(report.longestBatchMs).toBeGreaterThan(0);
  });

  it("steps over messages not yet due among due ones, whatever the batch size", async () => {
    const channel = openTeamChannel({ actor: w.manager(), teamId: w.ward });
    const thread = openShiftThread({
      actor: actorFor(w.nia.id),
      teamId: w.ward,
      shiftTypeId: w.types.N,
      date: "2026-10-24",
    });
    // Interleaved in time, an hour apart: the channel's are due (90 days after posting), the
    // night thread's are not (written ahead of the night of 24 Oct, kept to 30 days after it).
    const due: string[] = [];
    const kept: string[] = [];
    for (let i = 0; i < 6; i++) {
      due.push(send(channel.id, w.nia.id, `2026-08-0${i + 1}T09:00:00Z`).id);
      kept.push(send(thread.id, w.nia.id, `2026-08-0${i + 1}T10:00:00Z`).id);
    }
    const report = await purgeAt("2026-11-10T12:00:00Z", { batchSize: 2 });
    expect(report).toMatchObject({ purged: 6, batches: 3 });
    expect(due.every((id) => row(id).purgedAt !== null)).toBe(true);
    expect(kept.every((id) => row(id).purgedAt === null)).toBe(true);
  });

  it("answers a run asked for while one is going with the one going", async () => {
    const channel = openTeamChannel({ actor: w.manager(), teamId: w.ward });
    send(channel.id, w.nia.id, "2026-02-01T09:00:00Z");
    const [a, b] = [purgeAt("2026-05-15T12:00:00Z"), purgeAt("2026-05-15T12:00:00Z")];
    expect(a).toBe(b);
    expect((await a).purged).toBe(1);
  });
});
