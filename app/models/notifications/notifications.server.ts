// In-app notifications. Other models call `notify` inside their own write transaction, so a
// notification exists exactly when the change it announces does. Each person sees only theirs.
// Each one also appends "notification.created" for its person (its id, never its text), so that
// their open pages reload the bell's count at once.
import { and, count, desc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { preparedOnce } from "~/db/prepared.server";
import { notifications } from "~/db/schema.server";
import type { Actor } from "../accounts/permissions";
import { newId } from "../ids.server";
import { appendEvent } from "./events.server";

export type NotificationKind =
  | "membership.added"
  | "membership.changed"
  | "membership.removed"
  | "leave.requested"
  | "leave.decided"
  | "leave.recorded"
  | "rota.published"
  | "shift.added"
  | "shift.changed"
  | "shift.removed"
  | "message.mentioned"
  | "message.unacknowledged"
  | "swap.requested"
  | "swap.accepted"
  | "swap.decided"
  | "swap.closed"
  | "open-shift.posted"
  | "open-shift.claimed"
  | "open-shift.closed"
  // Names the team and the time of the change only: never a patient or any handover content.
  | "handover.overdue"
  | "handover.ready"
  | "handover.accepted";

/** Tells each person once. Must run inside the caller's write transaction (for the event). */
export function notify({
  userIds,
  kind,
  title,
  body = "",
  link = null,
  now = new Date(),
}: {
  userIds: string[];
  kind: NotificationKind;
  title: string;
  body?: string;
  link?: string | null;
  now?: Date;
}): void {
  const db = getDb();
  for (const userId of new Set(userIds)) {
    const id = newId();
    db.insert(notifications).values({ id, userId, kind, title, body, link, createdAt: now }).run();
    appendEvent({
      audience: { type: "user", id: userId },
      kind: "notification.created",
      ids: { notificationId: id },
      now,
    });
  }
}

const newestNotifications = preparedOnce((db) =>
  db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, sql.placeholder("userId")))
    .orderBy(desc(notifications.createdAt))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

/** The actor's newest notifications, newest first (`limit` of them, 50 unless said). */
export function listNotifications({ actor, limit = 50 }: { actor: Actor; limit?: number }) {
  return newestNotifications().all({ userId: actor.userId, limit });
}

const unreadCount = preparedOnce((db) =>
  db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, sql.placeholder("userId")), isNull(notifications.readAt)))
    .prepare(),
);

/** How many of the actor's notifications are unread: the header's bell, on every page. */
export function unreadNotificationCount({ actor }: { actor: Actor }): number {
  return unreadCount().get({ userId: actor.userId })?.n ?? 0;
}

/**
 * Marks the actor's unread notifications read (never anyone else's): "Mark all as read".
 * Returns how many changed; other open pages of the person hear "notification.read".
 */
export function markNotificationsRead({
  actor,
  now = new Date(),
}: {
  actor: Actor;
  now?: Date;
}): number {
  return writeTransaction(() =>
    announceRead(
      actor.userId,
      getDb()
        .update(notifications)
        .set({ readAt: now })
        .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)))
        .run().changes,
      now,
    ),
  );
}

// One notion of seen (issue 12): a notification is read once its person has seen what it is
// about, whichever way they got there. Three ways, one column (`read_at`):
//   1. they open the notification (`openNotification`);
//   2. they open the page it links to (`markNotificationsSeenAt`, from that page's loader);
//   3. they mark the change it announces as seen (`markNotificationsOfKindsRead`, from "Mark as
//      seen" on Shifts for shift and rota notifications).

/** Tells the person's other open pages that their unread count fell, when it did. */
function announceRead(userId: string, changes: number, now: Date): number {
  if (changes > 0) {
    appendEvent({
      audience: { type: "user", id: userId },
      kind: "notification.read",
      ids: {},
      now,
    });
  }
  return changes;
}

const notificationOf = preparedOnce((db) =>
  db
    .select({ id: notifications.id, link: notifications.link, readAt: notifications.readAt })
    .from(notifications)
    .where(
      and(
        eq(notifications.id, sql.placeholder("id")),
        eq(notifications.userId, sql.placeholder("userId")),
      ),
    )
    .prepare(),
);

/**
 * Opening a notification: marks it read and returns where it leads (its `link`, a path inside
 * Baton, or null when it has none). Someone else's notification, or one that does not exist, is
 * `null` for both (the caller answers 404): `{ found: false }`.
 */
export function openNotification({
  actor,
  notificationId,
  now = new Date(),
}: {
  actor: Actor;
  notificationId: string;
  now?: Date;
}): { found: false } | { found: true; link: string | null } {
  const row = notificationOf().get({ id: notificationId, userId: actor.userId });
  if (!row) return { found: false };
  if (!row.readAt) {
    writeTransaction(() =>
      announceRead(
        actor.userId,
        getDb()
          .update(notifications)
          .set({ readAt: now })
          .where(
            and(
              eq(notifications.id, row.id),
              eq(notifications.userId, actor.userId),
              isNull(notifications.readAt),
            ),
          )
          .run().changes,
        now,
      ),
    );
  }
  return { found: true, link: row.link };
}

const unreadAtLink = preparedOnce((db) =>
  db
    .select({ n: count() })
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, sql.placeholder("userId")),
        isNull(notifications.readAt),
        eq(notifications.link, sql.placeholder("link")),
      ),
    )
    .prepare(),
);

/**
 * The actor has opened the page at `path` (e.g. "/swaps/abc"): their unread notifications that
 * link exactly there are read. Called from that page's loader; it reads first (a prepared count)
 * and writes only when there is something to mark, so a page view costs no write transaction.
 * Returns how many were marked.
 */
export function markNotificationsSeenAt({
  actor,
  path,
  now = new Date(),
}: {
  actor: Actor;
  path: string;
  now?: Date;
}): number {
  if (!(unreadAtLink().get({ userId: actor.userId, link: path })?.n ?? 0)) return 0;
  return writeTransaction(() =>
    announceRead(
      actor.userId,
      getDb()
        .update(notifications)
        .set({ readAt: now })
        .where(
          and(
            eq(notifications.userId, actor.userId),
            isNull(notifications.readAt),
            eq(notifications.link, path),
          ),
        )
        .run().changes,
      now,
    ),
  );
}

/**
 * The actor has seen the changes of these kinds as they stood at `now` (Shifts' "Mark as seen"
 * for `shift.*` and `rota.published`): their unread notifications of those kinds created at or
 * before `now` are read; a later one stays unread. Must run inside the caller's write
 * transaction, beside the change that records the seeing. Returns how many were marked.
 */
export function markNotificationsOfKindsRead({
  actor,
  kinds,
  now,
}: {
  actor: Actor;
  kinds: NotificationKind[];
  now: Date;
}): number {
  return announceRead(
    actor.userId,
    getDb()
      .update(notifications)
      .set({ readAt: now })
      .where(
        and(
          eq(notifications.userId, actor.userId),
          isNull(notifications.readAt),
          inArray(notifications.kind, kinds),
          lte(notifications.createdAt, now),
        ),
      )
      .run().changes,
    now,
  );
}
