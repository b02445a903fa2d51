// The event log: the outbox that messaging reads (DESIGN.md, "Real time"). A model appends a row
// in the same write transaction as the change it records, so an event exists exactly when its
// change does; after the commit, messaging's hub reads the new rows and fans them out, and a
// reconnecting stream resumes from the last sequence it saw (Last-Event-ID). Rows hold ids only:
// never message text, so the log can be kept, replayed and inspected without patient data.
import { asc, gt, max, min, sql } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import { preparedOnce } from "~/db/prepared.server";
import { events } from "~/db/schema.server";
import { type Actor, isMemberOf } from "../accounts/permissions";
import { TEXT_LIMITS } from "../text-limits";

export type EventAudience =
  | { type: "conversation"; id: string }
  | { type: "team"; id: string }
  | { type: "user"; id: string };

export type EventKind =
  | "message.created"
  | "message.acknowledged"
  // A message's text was changed by its sender, or it was deleted (ids: conversationId,
  // messageId): the thread reloads; the loader shows the new text or "Message deleted".
  | "message.edited"
  | "message.deleted"
  // A message was pinned to, or unpinned from, the top of its conversation (the same ids).
  | "message.pinned"
  | "message.unpinned"
  | "conversation.read"
  | "conversation.created"
  | "conversation.member-added"
  // A person left a group (ids: conversationId, userId); sent to the group and to the person.
  | "conversation.member-left"
  | "conversation.renamed"
  // Retention purged some of a conversation's messages (ids: conversationId): its page reloads.
  | "messages.purged"
  | "rota.shift-changed"
  | "rota.published"
  // A swap request or an open shift changed state: pages that list them reload (ids only).
  | "rota.swap-changed"
  | "rota.open-shift-changed"
  // A handover was started, written, received or accepted (ids: handoverId, teamId only): its
  // page and the Handover tab reload, and the loader decides what each viewer may see.
  | "handover.changed"
  // Approved leave or sickness began or stopped counting (ids: teamId, leaveId only: whose leave
  // and why is not the team's business). Who works a shift, and so who is in its thread, changed.
  | "rota.leave-changed"
  // A notification for the person (ids: notificationId): the bell's count changed.
  | "notification.created"
  // Some of the person's notifications were read (no ids): their other pages' bells recount.
  | "notification.read"
  // For the stream hub, never sent to a page: it closes these sessions' streams (ids: sessionIds).
  | "session.ended"
  // A person's teams or role changed: their streams close and reconnect with the new access.
  | "membership.changed";

/** Ids (and small codes) only: a value is an id, a list of ids, a date key or a number. */
export type EventIds = Record<string, string | number | string[] | null>;

export type LoggedEvent = {
  seq: number;
  at: Date;
  audience: EventAudience;
  kind: string;
  ids: EventIds;
};

/**
 * Appends one event and returns its sequence number. Must run inside the caller's write
 * transaction (`writeTransaction`): the sequence then commits in order with the change, which is
 * what makes "seq greater than the last one seen" a gap-free resume (DESIGN.md, "Real time").
 *
 * @throws Error when called outside a transaction, or when the ids exceed TEXT_LIMITS.eventIds.
 */
export function appendEvent({
  audience,
  kind,
  ids,
  now = new Date(),
}: {
  audience: EventAudience;
  kind: EventKind;
  ids: EventIds;
  now?: Date;
}): number {
  const db = getDb();
  if (!db.$client.inTransaction)
    throw new Error("appendEvent must run inside the change's write transaction");
  const json = JSON.stringify(ids);
  if (json.length > TEXT_LIMITS.eventIds) throw new Error(`Event ids too long for ${kind}`);
  const row = db
    .insert(events)
    .values({ at: now, audienceType: audience.type, audienceId: audience.id, kind, ids: json })
    .returning({ seq: events.seq })
    .get();
  return row.seq;
}

const eventsAfter = preparedOnce((db) =>
  db
    .select()
    .from(events)
    .where(gt(events.seq, sql.placeholder("after")))
    .orderBy(asc(events.seq))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

const oldestSeq = preparedOnce((db) =>
  db
    .select({ seq: min(events.seq) })
    .from(events)
    .prepare(),
);

const newestSeq = preparedOnce((db) =>
  db
    .select({ seq: max(events.seq) })
    .from(events)
    .prepare(),
);

/** The lowest sequence still kept (retention deletes from the oldest end), or null when empty. */
export function oldestKeptEventSeq(): number | null {
  return oldestSeq().get()?.seq ?? null;
}

/** The highest sequence written so far, or 0 when the log is empty: a new stream starts here. */
export function newestEventSeq(): number {
  return newestSeq().get()?.seq ?? 0;
}

/**
 * Every event after sequence `after`, in order, at most `limit` rows, for everyone: the stream
 * hub reads each new row once and decides per connection who may see it. Nobody's view: never
 * hand these to a page without scoping them.
 */
export function readAllEventsAfter({
  after,
  limit = 500,
}: {
  after: number;
  limit?: number;
}): LoggedEvent[] {
  return eventsAfter().all({ after, limit }).map(toLoggedEvent);
}

function toLoggedEvent(row: typeof events.$inferSelect): LoggedEvent {
  return {
    seq: row.seq,
    at: row.at,
    audience: { type: row.audienceType, id: row.audienceId } as EventAudience,
    kind: row.kind,
    ids: JSON.parse(row.ids) as EventIds,
  };
}

export type EventsPage = {
  /** The events the actor may see, in sequence order. */
  events: LoggedEvent[];
  /** The last sequence examined: resume from here (it may be past the last event returned). */
  through: number;
  /** True when more rows follow `through`: read again from it. */
  more: boolean;
  /**
   * True when rows after `after` have already been deleted by retention: the page cannot be
   * brought up to date from the log and must reload its data instead.
   */
  tooOld: boolean;
};

/**
 * The events a person may see with a sequence greater than `after`, in order, reading at most
 * `limit` rows of the log (500 unless said). A person sees the events addressed to them, to a
 * team they belong to, and to a conversation that `mayReadConversations` (messaging's access
 * rule, passed in because models never import messaging) says they may read now.
 */
export function readEventsAfter({
  actor,
  after,
  limit = 500,
  mayReadConversations,
}: {
  actor: Actor;
  after: number;
  limit?: number;
  /** Of these conversation ids, the ones the actor may read now. */
  mayReadConversations: (conversationIds: string[]) => Set<string>;
}): EventsPage {
  const oldest = oldestKeptEventSeq();
  const tooOld = oldest !== null && after < oldest - 1;
  const rows = eventsAfter().all({ after, limit });
  const conversationIds = [
    ...new Set(rows.filter((r) => r.audienceType === "conversation").map((r) => r.audienceId)),
  ];
  const readable = conversationIds.length ? mayReadConversations(conversationIds) : new Set();
  const visible = rows.filter((row) => {
    if (row.audienceType === "user") return row.audienceId === actor.userId;
    if (row.audienceType === "team") return isMemberOf(actor, row.audienceId);
    return readable.has(row.audienceId);
  });
  return {
    events: visible.map(toLoggedEvent),
    through: rows.at(-1)?.seq ?? after,
    more: rows.length === limit,
    tooOld,
  };
}
