// The push planner: reads the event log after its cursor and writes one delivery per alert per
// subscribed device (push_deliveries), in the same write transaction that moves the cursor. So an
// alert is planned exactly once whether the process crashes before, during or after planning;
// sending is push-sender's job. Everything it writes is generic: a title, a line such as "New
// message in Ward 7 night, Tue 3 Dec" and a path. Never message text, never a group's name (a
// person chose it), never a notification's body.
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { inList, jsonList, preparedOnce } from "~/db/prepared.server";
import {
  messageMentions,
  messages,
  notifications,
  pushCursor,
  pushDeliveries,
  pushPreferences,
  pushSubscriptions,
  rotaPeriods,
  shiftTypes,
  teams,
  users,
} from "~/db/schema.server";
import { newId } from "~/models/ids.server";
import { addDays, localDateKey } from "~/models/local-time";
import {
  type LoggedEvent,
  newestEventSeq,
  readAllEventsAfter,
} from "~/models/notifications/events.server";
import { absencesOverlapping } from "~/models/rota/leave.server";
import { shiftCounts } from "~/models/rota/shift-counts";
import { formatDay } from "~/models/rota/shift-display";
import { liveShiftsOf } from "~/models/rota/shift-rows.server";
import { type Conversation, conversationWithId, membersOf } from "../conversation-access.server";
import {
  COLLAPSE_MS,
  deliveryOf,
  inDutyWindow,
  type PushMode,
  type PushReason,
  shouldPush,
} from "./push-policy";

/** One alert for one person, before it is written per device. */
export type PlannedAlert = {
  userId: string;
  reason: PushReason;
  kind: string;
  tag: string;
  title: string;
  body: string;
  path: string;
  /** Alerts of one conversation within a minute collapse: skip if one with this tag is recent. */
  collapses: boolean;
  /** For a shift thread's message: the occurrence, to judge whether this person works it soon. */
  occurrence?: { shiftTypeId: string; date: string };
};

const PLANNER = "planner";

const cursorRow = preparedOnce((db) =>
  db.select({ seq: pushCursor.seq }).from(pushCursor).where(eq(pushCursor.name, PLANNER)).prepare(),
);

const subscriptionsOfPeople = preparedOnce((db) =>
  db
    .select({ id: pushSubscriptions.id, userId: pushSubscriptions.userId })
    .from(pushSubscriptions)
    .where(inList(pushSubscriptions.userId, "userIds"))
    .prepare(),
);

/** Every device with alerts on of the people in `userIds` (a `jsonList`). */
export function subscriptionsOf(userIds: string): { id: string; userId: string }[] {
  return subscriptionsOfPeople().all({ userIds });
}

const preferencesOfPeople = preparedOnce((db) =>
  db.select().from(pushPreferences).where(inList(pushPreferences.userId, "userIds")).prepare(),
);

const recentWithTag = preparedOnce((db) =>
  db
    .select({ id: pushDeliveries.id })
    .from(pushDeliveries)
    .where(
      and(
        eq(pushDeliveries.userId, sql.placeholder("userId")),
        eq(pushDeliveries.tag, sql.placeholder("tag")),
        gt(pushDeliveries.createdAt, sql.placeholder("since")),
        // Only an alert that is showing or on its way stands in for this one: after one that
        // failed or whose device is gone, this one is sent.
        inArray(pushDeliveries.state, ["pending", "sent"]),
      ),
    )
    .limit(1)
    .prepare(),
);

const messageForPush = preparedOnce((db) =>
  db
    .select({
      id: messages.id,
      senderUserId: messages.senderUserId,
      senderName: users.name,
      urgent: messages.urgent,
    })
    .from(messages)
    .innerJoin(users, eq(users.id, messages.senderUserId))
    .where(eq(messages.id, sql.placeholder("messageId")))
    .prepare(),
);

const mentionsOfMessage = preparedOnce((db) =>
  db
    .select({ userId: messageMentions.userId })
    .from(messageMentions)
    .where(eq(messageMentions.messageId, sql.placeholder("messageId")))
    .prepare(),
);

const notificationForPush = preparedOnce((db) =>
  db
    .select({
      id: notifications.id,
      userId: notifications.userId,
      kind: notifications.kind,
      link: notifications.link,
    })
    .from(notifications)
    .where(eq(notifications.id, sql.placeholder("notificationId")))
    .prepare(),
);

const shiftThreadPlace = preparedOnce((db) =>
  db
    .select({ teamName: teams.name, shiftName: shiftTypes.name })
    .from(shiftTypes)
    .innerJoin(teams, eq(teams.id, shiftTypes.teamId))
    .where(eq(shiftTypes.id, sql.placeholder("shiftTypeId")))
    .prepare(),
);

const publishedPeriods = preparedOnce((db) =>
  db
    .select({ status: rotaPeriods.status })
    .from(rotaPeriods)
    .where(eq(rotaPeriods.id, sql.placeholder("periodId")))
    .prepare(),
);

const teamName = preparedOnce((db) =>
  db
    .select({ name: teams.name })
    .from(teams)
    .where(eq(teams.id, sql.placeholder("teamId")))
    .prepare(),
);

/**
 * The planner's position in the event log. The first time (a new database, or push just
 * switched on) it starts at the newest event: what happened before is not alerted late.
 */
function plannerCursor(): number {
  const row = cursorRow().get();
  if (row) return row.seq;
  const seq = newestEventSeq();
  getDb().insert(pushCursor).values({ name: PLANNER, seq }).onConflictDoNothing().run();
  return seq;
}

/**
 * Where a conversation is, in words safe on a lock screen: "Ward 7 Acute Medical Unit night,
 * Tue 3 Dec", "the Ward 7 Acute Medical Unit team channel", "a group". A group's name is chosen
 * by a person (it could name a patient), so it is never used.
 */
export function placeOf(conversation: Conversation): string {
  if (conversation.kind === "shift") {
    const place = shiftThreadPlace().get({ shiftTypeId: conversation.shiftTypeId ?? "" });
    const day = conversation.date ? formatDay(conversation.date) : "";
    return place ? `${place.teamName} ${place.shiftName.toLowerCase()}, ${day}` : "a shift thread";
  }
  if (conversation.kind === "team") {
    const team = teamName().get({ teamId: conversation.teamId ?? "" });
    return team ? `the ${team.name} team channel` : "a team channel";
  }
  if (conversation.kind === "group") return "a group";
  return "a direct message";
}

/**
 * Who of `userIds` is on duty at `now`: a worked shift (decision 013) on a published rota, in any
 * team, that has begun or starts within 2 hours and has not ended. Also returns each person's worked shifts around
 * now, for the shift-thread rule.
 */
export function dutyAt(
  userIds: string[],
  now: Date,
): { onDuty: Set<string>; shiftsNow: Map<string, { shiftTypeId: string; date: string }[]> } {
  const onDuty = new Set<string>();
  const shiftsNow = new Map<string, { shiftTypeId: string; date: string }[]>();
  if (userIds.length === 0) return { onDuty, shiftsNow };
  // Local dates differ from UTC by at most a day: two days either side holds every shift that
  // could be in a duty window now, in any zone.
  const today = localDateKey(now, "UTC");
  // Only the published rota: a draft is a plan nobody has been told about.
  const published = new Map<string, boolean>();
  const isPublished = (periodId: string) => {
    let known = published.get(periodId);
    if (known === undefined) {
      known = publishedPeriods().get({ periodId })?.status === "published";
      published.set(periodId, known);
    }
    return known;
  };
  const around = liveShiftsOf({ userIds, from: addDays(today, -2), to: addDays(today, 1) }).filter(
    (s) => isPublished(s.rotaPeriodId),
  );
  const absences = absencesOverlapping(around);
  for (const shift of around) {
    if (!inDutyWindow(shift, now) || !shiftCounts(shift, absences)) continue;
    onDuty.add(shift.userId);
    const list = shiftsNow.get(shift.userId) ?? [];
    list.push({ shiftTypeId: shift.shiftTypeId, date: shift.date });
    shiftsNow.set(shift.userId, list);
  }
  return { onDuty, shiftsNow };
}

/** The alerts a new message makes: one per member but the sender, with their reason. */
function alertsForMessage(event: LoggedEvent): PlannedAlert[] {
  const messageId = String(event.ids.messageId ?? "");
  const message = messageForPush().get({ messageId });
  const conversation = conversationWithId(String(event.ids.conversationId ?? ""));
  if (!message || !conversation) return [];
  const mentioned = new Set(
    mentionsOfMessage()
      .all({ messageId })
      .map((m) => m.userId),
  );
  const recipients = membersOf(conversation).filter((m) => m.userId !== message.senderUserId);
  const place = placeOf(conversation);
  const path = `/messages/${conversation.id}`;
  return recipients.map(({ userId }) => {
    if (message.urgent)
      return {
        userId,
        reason: "urgent",
        kind: "message.urgent",
        // Each urgent message is its own alert: it must be seen and acknowledged.
        tag: `urgent:${message.id}`,
        title: "Urgent message",
        body:
          conversation.kind === "direct"
            ? `Urgent message from ${message.senderName}: open Baton to read and acknowledge it.`
            : `Urgent message in ${place}: open Baton to read and acknowledge it.`,
        path,
        collapses: false,
      } satisfies PlannedAlert;
    const reason: PushReason =
      conversation.kind === "direct"
        ? "direct"
        : mentioned.has(userId)
          ? "mention"
          : conversation.kind === "shift"
            ? "shift-thread"
            : "conversation";
    return {
      userId,
      reason,
      kind: "message.created",
      tag: `conversation:${conversation.id}`,
      title: conversation.kind === "direct" ? `Message from ${message.senderName}` : "New message",
      body:
        conversation.kind === "direct"
          ? "Open Baton to read it."
          : reason === "mention"
            ? `You were mentioned in ${place}.`
            : `New message in ${place}.`,
      path,
      collapses: true,
      ...(conversation.kind === "shift"
        ? {
            occurrence: {
              shiftTypeId: conversation.shiftTypeId ?? "",
              date: conversation.date ?? "",
            },
          }
        : {}),
    };
  });
}

/** Notification kinds and what they are to push: the reason and the line shown. */
const NOTIFICATION_ALERTS: Record<string, { reason: PushReason; title: string; body: string }> = {
  "rota.published": {
    reason: "rota-change",
    title: "Rota published",
    body: "A new rota with your shifts is published.",
  },
  "shift.added": { reason: "rota-change", title: "Your shifts", body: "Your shifts changed." },
  "shift.changed": { reason: "rota-change", title: "Your shifts", body: "Your shifts changed." },
  "shift.removed": { reason: "rota-change", title: "Your shifts", body: "Your shifts changed." },
  "membership.added": { reason: "rota-change", title: "Your teams", body: "Your teams changed." },
  "membership.changed": {
    reason: "rota-change",
    title: "Your teams",
    body: "Your teams changed.",
  },
  "membership.removed": {
    reason: "rota-change",
    title: "Your teams",
    body: "Your teams changed.",
  },
  "leave.requested": {
    reason: "request-to-me",
    title: "Leave request",
    body: "A leave request waits for your decision.",
  },
  "leave.decided": {
    reason: "own-decision",
    title: "Leave request",
    body: "Your leave request was decided.",
  },
  "leave.recorded": { reason: "rota-change", title: "Leave", body: "Leave was recorded for you." },
  "swap.requested": {
    reason: "request-to-me",
    title: "Swap request",
    body: "A swap request waits for your answer.",
  },
  "swap.accepted": {
    reason: "own-decision",
    title: "Swap request",
    body: "Your swap request was accepted.",
  },
  "swap.decided": {
    reason: "own-decision",
    title: "Swap request",
    body: "Your swap request was decided.",
  },
  "swap.closed": { reason: "own-decision", title: "Swap request", body: "A swap request closed." },
  "open-shift.posted": {
    reason: "open-shift",
    title: "Open shift",
    body: "An open shift you could work was posted.",
  },
  "open-shift.claimed": {
    reason: "request-to-me",
    title: "Open shift",
    body: "An open shift was claimed.",
  },
  "open-shift.closed": {
    reason: "own-decision",
    title: "Open shift",
    body: "An open shift you claimed was decided.",
  },
  "handover.ready": {
    reason: "handover",
    title: "Handover ready",
    body: "The handover for your shift is ready to receive.",
  },
  "handover.accepted": {
    reason: "handover",
    title: "Handover accepted",
    body: "Your handover was accepted.",
  },
  "handover.overdue": {
    reason: "handover",
    title: "Handover overdue",
    body: "A handover has not been accepted 30 minutes into the shift.",
  },
};

/**
 * Kinds announced by another alert already: a mention is alerted from its message, and the
 * escalation pushes its own alert for an unacknowledged urgent message (naming who).
 */
const NOT_PUSHED = new Set(["message.mentioned", "message.unacknowledged"]);

/** The alert a notification makes, by its kind; unknown kinds get a generic line. */
function alertForNotification(event: LoggedEvent): PlannedAlert[] {
  const notification = notificationForPush().get({
    notificationId: String(event.ids.notificationId ?? ""),
  });
  if (!notification || NOT_PUSHED.has(notification.kind)) return [];
  const known = NOTIFICATION_ALERTS[notification.kind];
  const alert = known ?? {
    reason: notification.kind.startsWith("handover.") ? "handover" : "other",
    title: notification.kind.startsWith("handover.") ? "Handover" : "Baton",
    body: "You have a new notification.",
  };
  // A tap opens the notification itself, which marks it read and goes on to what it is about
  // (decision 023): the path holds only its id.
  const path = `/notifications/${notification.id}`;
  return [
    {
      userId: notification.userId,
      reason: alert.reason,
      kind: notification.kind,
      // Rota changes replace one another on the phone; each decision and request stands alone.
      tag: alert.reason === "rota-change" ? "rota" : `notification:${notification.id}`,
      title: alert.title,
      body: alert.body,
      path,
      collapses: false,
    },
  ];
}

/** The alerts one event makes, before the policy decides who is pushed. */
export function alertsOfEvent(event: LoggedEvent): PlannedAlert[] {
  if (event.kind === "message.created") return alertsForMessage(event);
  if (event.kind === "notification.created") return alertForNotification(event);
  return [];
}

/**
 * Plans the pushes for up to `limit` events after the cursor, in one write transaction: for each
 * alert whose person has a device and whose policy says push (`shouldPush`, given their mode and
 * whether they are on duty), one pending delivery per device; then the cursor moves past those
 * events. Returns how many deliveries were planned and whether more events wait.
 */
export function planPushes({
  now = new Date(),
  limit = 200,
}: {
  now?: Date;
  limit?: number;
} = {}): {
  planned: number;
  more: boolean;
} {
  // Nothing new: no write transaction (whose commit would wake the dispatcher again).
  const known = cursorRow().get();
  if (known && newestEventSeq() <= known.seq) return { planned: 0, more: false };
  return writeTransaction(() => {
    const after = plannerCursor();
    const events = readAllEventsAfter({ after, limit });
    if (events.length === 0) return { planned: 0, more: false };
    const alerts = events.flatMap((event) => alertsOfEvent(event).map((a) => ({ event, a })));
    const userIds = [...new Set(alerts.map(({ a }) => a.userId))];
    const devices = new Map<string, string[]>();
    if (userIds.length)
      for (const s of subscriptionsOfPeople().all({ userIds: jsonList(userIds) })) {
        const list = devices.get(s.userId) ?? [];
        list.push(s.id);
        devices.set(s.userId, list);
      }
    const subscribed = userIds.filter((id) => devices.has(id));
    const preferences = new Map(
      subscribed.length
        ? preferencesOfPeople()
            .all({ userIds: jsonList(subscribed) })
            .map((p) => [p.userId, p])
        : [],
    );
    const { onDuty, shiftsNow } = dutyAt(subscribed, now);
    let planned = 0;
    const db = getDb();
    for (const { event, a } of alerts) {
      const ids = devices.get(a.userId);
      if (!ids) continue;
      const preference = preferences.get(a.userId);
      const mode: PushMode = preference?.mode ?? "rota";
      // A shift thread alerts as such only when this person works that shift now or within 2 h.
      let reason = a.reason;
      if (reason === "shift-thread") {
        const soon = (shiftsNow.get(a.userId) ?? []).some(
          (s) => s.shiftTypeId === a.occurrence?.shiftTypeId && s.date === a.occurrence?.date,
        );
        if (!soon) reason = "conversation";
      }
      if (
        !shouldPush({
          reason,
          mode,
          onDuty: onDuty.has(a.userId),
          openShiftsOptIn: preference?.openShifts ?? false,
        })
      )
        continue;
      if (
        a.collapses &&
        recentWithTag().get({ userId: a.userId, tag: a.tag, since: now.getTime() - COLLAPSE_MS })
      )
        continue;
      const { urgency, ttlSeconds } = deliveryOf(reason);
      for (const subscriptionId of ids) {
        const inserted = db
          .insert(pushDeliveries)
          .values({
            id: newId(),
            subscriptionId,
            userId: a.userId,
            source: `event:${event.seq}`,
            kind: a.kind,
            tag: a.tag,
            title: a.title,
            body: a.body,
            path: a.path,
            urgency,
            ttlSeconds,
            state: "pending",
            nextAttemptAt: now,
            createdAt: now,
          })
          .onConflictDoNothing()
          .run();
        planned += inserted.changes;
      }
    }
    const through = events.at(-1)!.seq;
    db.update(pushCursor).set({ seq: through }).where(eq(pushCursor.name, PLANNER)).run();
    return { planned, more: events.length === limit };
  });
}

/**
 * A test alert to every device of the actor (Settings > Notifications, "Send a test alert"),
 * delivered like any other. Returns how many devices it was planned for (0: alerts are on
 * nowhere).
 */
export function planTestAlert({
  userId,
  now = new Date(),
}: {
  userId: string;
  now?: Date;
}): number {
  return writeTransaction(() => {
    const devices = subscriptionsOfPeople().all({ userIds: jsonList([userId]) });
    const source = `test:${newId()}`;
    for (const device of devices)
      getDb()
        .insert(pushDeliveries)
        .values({
          id: newId(),
          subscriptionId: device.id,
          userId,
          source,
          kind: "test",
          tag: "test",
          title: "Baton",
          body: "Alerts work on this device.",
          path: "/settings/notifications",
          urgency: "normal",
          ttlSeconds: 5 * 60,
          state: "pending",
          nextAttemptAt: now,
          createdAt: now,
        })
        .run();
    return devices.length;
  });
}
