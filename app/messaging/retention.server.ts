// Retention: purging messages whose window has run out (docs/decisions/027). A purge blanks the
// text and stamps purged_at; the row stays, because read positions, replies and urgent
// acknowledgements point at it. It runs in batches, each its own short write transaction, and
// yields to the event loop between them, so requests keep being served and the write lock is
// never held for long. Running it again changes nothing: each update is guarded by
// "not yet purged", and the counts it audits are the rows it actually changed.
//
// It walks the unpurged messages oldest first through a partial index that holds only those, and
// purges the due ones among them. Rows are stored in about the order they were written, so a
// batch of messages close in time sits on a few pages: purging conversation by conversation
// instead touched a page per message, and at a million messages wrote four times as much.
import { and, asc, eq, isNull, lte, sql } from "drizzle-orm";
import { writeTransaction } from "~/db/connection.server";
import { inList, jsonList, preparedOnce } from "~/db/prepared.server";
import {
  conversations,
  messageMentions,
  messagePins,
  messages,
  organisations,
  shiftTypes,
  teams,
  urgentAcknowledgements,
} from "~/db/schema.server";
import { recordAudit } from "~/models/audit/audit.server";
import { appendEvent } from "~/models/notifications/events.server";
import { DEFAULT_TIME_ZONE } from "~/models/time-zones";
import { removeMessageAttachments } from "./attachments/attachments.server";
import { purgeMessagesUpTo } from "./retention-windows";

export type PurgeReport = {
  /** Messages purged by this run. */
  purged: number;
  /** Write transactions that purged something. */
  batches: number;
  /** Conversations that lost at least one message. */
  conversations: number;
  /**
   * The longest batch's time holding the write lock, in milliseconds: from BEGIN IMMEDIATE to
   * the end of COMMIT (which may include a WAL checkpoint SQLite runs after the commit).
   */
  longestBatchMs: number;
  /** Each batch's time holding the write lock, in milliseconds, in order. */
  batchMs: number[];
  /** The whole run, in milliseconds, pauses between batches included. */
  totalMs: number;
};

/** Who started a run, as the audit rows say: the hourly schedule, start-up, or a named script. */
export type PurgeRunner = "schedule" | "start-up" | "benchmark" | "test";

// Every conversation with what its window depends on: the organisation's settings, the team's
// zone and, for a shift thread, its shift type's times. One row per conversation, no messages.
const conversationsToConsider = preparedOnce((db) =>
  db
    .select({
      id: conversations.id,
      organisationId: conversations.organisationId,
      kind: conversations.kind,
      date: conversations.date,
      timeZone: teams.timeZone,
      startLocal: shiftTypes.startLocal,
      endLocal: shiftTypes.endLocal,
      shiftDays: organisations.retentionShiftDays,
      otherDays: organisations.retentionOtherDays,
    })
    .from(conversations)
    .innerJoin(organisations, eq(organisations.id, conversations.organisationId))
    .leftJoin(teams, eq(teams.id, conversations.teamId))
    .leftJoin(shiftTypes, eq(shiftTypes.id, conversations.shiftTypeId))
    .prepare(),
);

// The next unpurged messages at or before the latest cutoff, oldest first, after a (created_at,
// id) cursor: read through messages_unpurged_idx, which shrinks as messages are purged.
const unpurgedAfter = preparedOnce((db) =>
  db
    .select({
      id: messages.id,
      conversationId: messages.conversationId,
      createdAt: sql<number>`${messages.createdAt}`,
    })
    .from(messages)
    .where(
      and(
        isNull(messages.purgedAt),
        lte(messages.createdAt, sql.placeholder("upTo")),
        sql`(${messages.createdAt}, ${messages.id}) > (${sql.placeholder("afterAt")}, ${sql.placeholder("afterId")})`,
      ),
    )
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

const purgeMessages = preparedOnce((db) =>
  db
    .update(messages)
    .set({
      body: "",
      purgedAt: sql`${sql.placeholder("now")}`,
      purgedAfterDays: sql`${sql.placeholder("days")}`,
    })
    .where(and(inList(messages.id, "ids"), isNull(messages.purgedAt)))
    .returning({ conversationId: messages.conversationId })
    .prepare(),
);

// Who a message @mentioned is part of what it said ("@Amelia can you…"): it goes with the text.
// The mention's notification names only the sender and links to the conversation, so it stays.
const dropMentions = preparedOnce((db) =>
  db.delete(messageMentions).where(inList(messageMentions.messageId, "ids")).prepare(),
);

// Nobody can acknowledge words that are gone (as when a message is deleted): acknowledgements
// still waiting for a purged message are no longer asked; those given stay as the record.
const dropWaitingAcknowledgements = preparedOnce((db) =>
  db
    .delete(urgentAcknowledgements)
    .where(
      and(
        inList(urgentAcknowledgements.messageId, "ids"),
        isNull(urgentAcknowledgements.acknowledgedAt),
      ),
    )
    .prepare(),
);

// A pin of words that are gone would show an empty pin and hold one of the five places.
const dropPins = preparedOnce((db) =>
  db.delete(messagePins).where(inList(messagePins.messageId, "ids")).prepare(),
);

type Due = {
  conversationId: string;
  organisationId: string;
  days: number;
  upTo: number;
  ids: string[];
};

let running: Promise<PurgeReport> | null = null;

/**
 * Purges every message whose retention window has run out at `now`, in every organisation:
 * shift threads `retentionShiftDays` local days after the shift ends (a later message: after
 * posting), other conversations `retentionOtherDays` after posting (retention-windows.ts).
 *
 * Per batch of at most `batchSize` messages (200), one write transaction: blank the body, set
 * purged_at and purged_after_days, drop the messages' mentions, audit `messages.purged` once per
 * organisation (how many from each conversation and who ran it: never text) and append
 * `messages.purged` per conversation (its id only) so open pages reload.
 * Between batches it waits for the event loop (`pause`). A run asked for while one is going
 * returns the one going. Idempotent: a second run at the same `now` purges nothing.
 *
 * @returns counts and timings (milliseconds) of this run.
 */
export function purgeExpiredMessages({
  now = new Date(),
  batchSize = 200,
  ranBy = "schedule",
  pause = () => new Promise<void>((resolve) => setImmediate(resolve)),
}: {
  now?: Date;
  batchSize?: number;
  ranBy?: PurgeRunner;
  pause?: () => Promise<void>;
} = {}): Promise<PurgeReport> {
  if (running) return running;
  const run = purgeRun({ now, batchSize, ranBy, pause });
  running = run;
  const clear = () => {
    running = null;
  };
  run.then(clear, clear);
  return run;
}

async function purgeRun({
  now,
  batchSize,
  ranBy,
  pause,
}: {
  now: Date;
  batchSize: number;
  ranBy: PurgeRunner;
  pause: () => Promise<void>;
}): Promise<PurgeReport> {
  const started = performance.now();
  const report: PurgeReport = {
    purged: 0,
    batches: 0,
    conversations: 0,
    longestBatchMs: 0,
    batchMs: [],
    totalMs: 0,
  };
  const touched = new Set<string>();
  const windows = new Map<string, { organisationId: string; days: number; upTo: number }>();
  let latest = Number.NEGATIVE_INFINITY;
  for (const c of conversationsToConsider().all()) {
    const policy = { shiftDays: c.shiftDays, otherDays: c.otherDays };
    const shift =
      c.kind === "shift" && c.date && c.startLocal && c.endLocal
        ? { date: c.date, startLocal: c.startLocal, endLocal: c.endLocal }
        : null;
    // A shift thread whose shift type is gone has no end to count from: it is kept.
    if (c.kind === "shift" && !shift) continue;
    const upTo = purgeMessagesUpTo({
      now,
      zone: c.timeZone ?? DEFAULT_TIME_ZONE,
      policy,
      shift,
    });
    if (upTo === null) continue;
    windows.set(c.id, {
      organisationId: c.organisationId,
      days: shift ? policy.shiftDays : policy.otherDays,
      upTo,
    });
    latest = Math.max(latest, upTo);
  }
  // Read a few batches' worth at a time: some of what is read is not due yet (a channel's message
  // 40 days old when shift threads keep 30) and is stepped over.
  const readAhead = batchSize * 4;
  let cursor = { at: Number.MIN_SAFE_INTEGER, id: "" };
  let exhausted = windows.size === 0;
  while (!exhausted) {
    // Gather the next batch outside the write lock: only the update needs it.
    const due = new Map<string, Due>();
    let size = 0;
    while (size < batchSize) {
      const rows = unpurgedAfter().all({
        upTo: latest,
        afterAt: cursor.at,
        afterId: cursor.id,
        limit: readAhead,
      });
      let consumed = 0;
      for (const row of rows) {
        consumed++;
        cursor = { at: row.createdAt, id: row.id };
        const window = windows.get(row.conversationId);
        if (!window || row.createdAt > window.upTo) continue;
        let entry = due.get(row.conversationId);
        if (!entry) {
          entry = { conversationId: row.conversationId, ...window, ids: [] };
          due.set(row.conversationId, entry);
        }
        entry.ids.push(row.id);
        if (++size === batchSize) break;
      }
      // Every row read was looked at and there were fewer than asked for: nothing more is due.
      if (consumed === rows.length && rows.length < readAhead) {
        exhausted = true;
        break;
      }
      // Many messages not yet due (a channel's, when shift threads keep fewer days) are read
      // and stepped over: let requests in between reads, not only between writes.
      if (size < batchSize) await pause();
    }
    if (!size) break;
    const batchStarted = performance.now();
    const purged = writeTransaction(() => purgeBatch([...due.values()], now, ranBy));
    const batchMs = performance.now() - batchStarted;
    purged.deleteFiles();
    if (purged.total) {
      report.batches++;
      report.purged += purged.total;
      for (const id of purged.conversationIds) touched.add(id);
      report.longestBatchMs = Math.max(report.longestBatchMs, batchMs);
      report.batchMs.push(batchMs);
    }
    await pause();
  }
  report.conversations = touched.size;
  report.totalMs = performance.now() - started;
  return report;
}

function purgeBatch(batch: Due[], now: Date, ranBy: PurgeRunner) {
  // One update per organisation and window length (at most two per organisation): RETURNING says
  // which rows it changed, so the counts are exact even if another process purged some first.
  const groups = new Map<string, { organisationId: string; days: number; ids: string[] }>();
  for (const due of batch) {
    const key = `${due.organisationId}:${due.days}`;
    const group = groups.get(key) ?? {
      organisationId: due.organisationId,
      days: due.days,
      ids: [],
    };
    group.ids.push(...due.ids);
    groups.set(key, group);
  }
  const counts = new Map<string, Map<string, number>>();
  const allIds: string[] = [];
  for (const group of groups.values()) {
    allIds.push(...group.ids);
    const changed = purgeMessages().all({
      ids: jsonList(group.ids),
      now: now.getTime(),
      days: group.days,
    });
    const perConversation = counts.get(group.organisationId) ?? new Map<string, number>();
    for (const { conversationId } of changed)
      perConversation.set(conversationId, (perConversation.get(conversationId) ?? 0) + 1);
    counts.set(group.organisationId, perConversation);
  }
  // Also for rows already purged by an earlier run: they have no mentions either way.
  dropMentions().run({ ids: jsonList(allIds) });
  dropWaitingAcknowledgements().run({ ids: jsonList(allIds) });
  dropPins().run({ ids: jsonList(allIds) });
  // Their photos and files go too: the rows here, the files after the commit (purgeRun).
  const { deleteFiles } = removeMessageAttachments(allIds);
  let total = 0;
  const conversationIds: string[] = [];
  for (const [organisationId, perConversation] of counts) {
    if (!perConversation.size) continue;
    const messagesPurged = [...perConversation.values()].reduce((a, b) => a + b, 0);
    total += messagesPurged;
    // One audit row per organisation and batch: how many from which conversation, who ran it
    // (the audit row's time is when). Never text.
    recordAudit({
      organisationId,
      actorUserId: null,
      action: "messages.purged",
      targetType: "organisation",
      targetId: organisationId,
      at: now,
      detail: {
        messages: messagesPurged,
        conversations: Object.fromEntries(perConversation),
        ranBy,
      },
    });
    for (const conversationId of perConversation.keys()) {
      conversationIds.push(conversationId);
      appendEvent({
        audience: { type: "conversation", id: conversationId },
        kind: "messages.purged",
        ids: { conversationId },
        now,
      });
    }
  }
  return { total, conversationIds, deleteFiles };
}

const dueCount = preparedOnce((db) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, sql.placeholder("conversationId")),
        isNull(messages.purgedAt),
        lte(messages.createdAt, sql.placeholder("upTo")),
      ),
    )
    .prepare(),
);

/**
 * How many of an organisation's messages a purge at `now` would remove under `policy`: what an
 * administrator is told before shortening retention. Reads only; counts per conversation.
 */
export function messagesDueUnder({
  organisationId,
  policy,
  now = new Date(),
}: {
  organisationId: string;
  policy: { shiftDays: number; otherDays: number };
  now?: Date;
}): number {
  let total = 0;
  for (const c of conversationsToConsider().all()) {
    if (c.organisationId !== organisationId) continue;
    const shift =
      c.kind === "shift" && c.date && c.startLocal && c.endLocal
        ? { date: c.date, startLocal: c.startLocal, endLocal: c.endLocal }
        : null;
    if (c.kind === "shift" && !shift) continue;
    const upTo = purgeMessagesUpTo({ now, zone: c.timeZone ?? DEFAULT_TIME_ZONE, policy, shift });
    if (upTo !== null) total += dueCount().get({ conversationId: c.id, upTo })?.n ?? 0;
  }
  return total;
}
