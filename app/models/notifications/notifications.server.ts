// In-app notifications. Other models call `notify` inside their own write transaction, so a
// notification exists exactly when the change it announces does. Each person sees only theirs.
// Each one also appends "notification.created" for its person (its id, never its text), so that
// their open pages reload the bell's count at once.
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
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
  | "handover.overdue";

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

/** Marks the actor's unread notifications read (never anyone else's). */
export function markNotificationsRead({
  actor,
  now = new Date(),
}: {
  actor: Actor;
  now?: Date;
}): number {
  return writeTransaction(
    () =>
      getDb()
        .update(notifications)
        .set({ readAt: now })
        .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)))
        .run().changes,
  );
}
