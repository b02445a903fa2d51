// Escalation along the rota (issue 13): an urgent message that someone on shift has not
// acknowledged re-alerts them every N minutes (the team's setting, 5 unless set, at least 2),
// three times; then the manager on shift, or else the team's managers, are told who has not seen
// it. Mattermost repeats to the same person only; nobody else escalates along the rota.
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { jsonList, preparedOnce } from "~/db/prepared.server";
import {
  conversations,
  messages,
  pushDeliveries,
  teams,
  urgentAcknowledgements,
  urgentEscalations,
  users,
} from "~/db/schema.server";
import { newId } from "~/models/ids.server";
import { notify } from "~/models/notifications/notifications.server";
import { teamRoster } from "~/models/rota/roster.server";
import { conversationWithId } from "../conversation-access.server";
import { dutyAt, placeOf, subscriptionsOf } from "./push-planner.server";
import { deliveryOf } from "./push-policy";

/** Re-alerts before the managers are told (issue 13: three times). */
export const REALERTS = 3;
/** The least a team may set between re-alerts (issue 13: at least 2 minutes). */
export const MIN_REPEAT_MINUTES = 2;
/** When a team never chose (issue 13: every 5 minutes). */
export const DEFAULT_REPEAT_MINUTES = 5;
/** The longest a team may set: beyond this an "urgent" message is not being treated as one. */
export const MAX_REPEAT_MINUTES = 60;

/**
 * The escalation rounds due by `now` for an urgent message sent at `sentAt`, with re-alerts
 * every `repeatMinutes`: rounds 1 to 3 at 1, 2 and 3 intervals (re-alerts), round 4 at 4
 * (the managers). Pure.
 */
export function roundsDue(sentAt: Date, repeatMinutes: number, now: Date): number[] {
  const every = Math.max(MIN_REPEAT_MINUTES, repeatMinutes) * 60_000;
  const elapsed = now.getTime() - sentAt.getTime();
  const rounds: number[] = [];
  for (let round = 1; round <= REALERTS + 1; round++)
    if (elapsed >= round * every) rounds.push(round);
  return rounds;
}

// Urgent messages young enough to still escalate (four intervals of at most an hour).
const urgentWithWaiting = preparedOnce((db) =>
  db
    .select({
      messageId: messages.id,
      conversationId: messages.conversationId,
      senderName: users.name,
      createdAt: messages.createdAt,
      repeatMinutes: teams.urgentRepeatMinutes,
      teamId: conversations.teamId,
    })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .innerJoin(users, eq(users.id, messages.senderUserId))
    .leftJoin(teams, eq(teams.id, conversations.teamId))
    .where(
      and(
        eq(messages.urgent, true),
        gt(messages.createdAt, sql.placeholder("since")),
        sql`exists (select 1 from ${urgentAcknowledgements} where ${urgentAcknowledgements.messageId} = ${messages.id} and ${urgentAcknowledgements.acknowledgedAt} is null)`,
        // Finished once the managers have been told.
        sql`not exists (select 1 from ${urgentEscalations} where ${urgentEscalations.messageId} = ${messages.id} and ${urgentEscalations.round} = ${sql.placeholder("lastRound")})`,
      ),
    )
    .prepare(),
);

const roundsDone = preparedOnce((db) =>
  db
    .select({ round: urgentEscalations.round })
    .from(urgentEscalations)
    .where(eq(urgentEscalations.messageId, sql.placeholder("messageId")))
    .prepare(),
);

const stillWaiting = preparedOnce((db) =>
  db
    .select({ userId: urgentAcknowledgements.userId, name: users.name })
    .from(urgentAcknowledgements)
    .innerJoin(users, eq(users.id, urgentAcknowledgements.userId))
    .where(
      and(
        eq(urgentAcknowledgements.messageId, sql.placeholder("messageId")),
        isNull(urgentAcknowledgements.acknowledgedAt),
      ),
    )
    .prepare(),
);

/**
 * Plans every escalation round due by `now`, each once (urgent_escalations), in one write
 * transaction: a re-alert to each device of those who have still not acknowledged, or, in the
 * last round, an in-app notification and a push to the manager on shift (else the team's
 * managers) naming who has not. Returns how many rounds were planned.
 */
export function planEscalations({ now = new Date() }: { now?: Date } = {}): number {
  const since = now.getTime() - (REALERTS + 2) * MAX_REPEAT_MINUTES * 60_000;
  // Read first, outside any write: most sweeps find nothing due, and a write's commit would wake
  // the dispatcher, which would sweep again (a loop).
  const due = urgentWithWaiting()
    .all({ since, lastRound: REALERTS + 1 })
    .map((m) => {
      const done = new Set(
        roundsDone()
          .all({ messageId: m.messageId })
          .map((r) => r.round),
      );
      const rounds = roundsDue(m.createdAt, m.repeatMinutes ?? DEFAULT_REPEAT_MINUTES, now).filter(
        (r) => !done.has(r),
      );
      return { m, rounds };
    })
    .filter(({ rounds }) => rounds.length > 0);
  if (due.length === 0) return 0;
  return writeTransaction(() => {
    const db = getDb();
    let planned = 0;
    for (const { m, rounds } of due) {
      // Again inside the write lock: another sweep may have planned these rounds meanwhile.
      const done = new Set(
        roundsDone()
          .all({ messageId: m.messageId })
          .map((r) => r.round),
      );
      const fresh = rounds.filter((r) => !done.has(r));
      if (fresh.length === 0) continue;
      const conversation = conversationWithId(m.conversationId);
      if (!conversation) continue;
      for (const r of fresh)
        db.insert(urgentEscalations).values({ messageId: m.messageId, round: r, at: now }).run();
      planned++;
      // Several rounds due at once (the server was down): only the latest is sent.
      const round = Math.max(...fresh);
      const waiting = stillWaiting().all({ messageId: m.messageId });
      if (waiting.length === 0) continue;
      const place = placeOf(conversation);
      const path = `/messages/${m.conversationId}`;
      if (round <= REALERTS) {
        // Re-alerts go to those still on duty (issue 13: "those on shift who have not
        // acknowledged"); someone whose shift ended meanwhile is named to the managers instead.
        const { onDuty } = dutyAt(
          waiting.map((w) => w.userId),
          now,
        );
        insertPushes({
          userIds: waiting.map((w) => w.userId).filter((id) => onDuty.has(id)),
          source: `escalation:${m.messageId}:${round}`,
          kind: "message.urgent-repeat",
          tag: `urgent:${m.messageId}`,
          title: `Urgent, not acknowledged (${round} of ${REALERTS})`,
          body: `Urgent message in ${place}: open Baton to read and acknowledge it.`,
          path,
          now,
        });
        continue;
      }
      const managers = managersToTell(m.teamId, now);
      const names = namesList(waiting.map((w) => w.name));
      notify({
        userIds: managers,
        kind: "message.unacknowledged",
        title: `Not acknowledged: an urgent message in ${place}`,
        body: `Not seen by ${names}.`,
        link: path,
        now,
      });
      insertPushes({
        userIds: managers,
        source: `escalation:${m.messageId}:${round}`,
        kind: "message.unacknowledged",
        tag: `unacknowledged:${m.messageId}`,
        title: "Urgent message not acknowledged",
        body: `In ${place}, not acknowledged by ${names}.`,
        path,
        now,
      });
    }
    return planned;
  });
}

/** "Omar Nurse, Nia Nurse and 7 others": at most five names, so a push stays well under 4 KB. */
export function namesList(names: string[]): string {
  if (names.length <= 5) return names.join(", ");
  return `${names.slice(0, 5).join(", ")} and ${names.length - 5} others`;
}

/**
 * The manager(s) on shift now in the team, else all the team's active managers. A direct message
 * or group has no team: nobody above the people in it to tell, so nobody (returns []).
 */
function managersToTell(teamId: string | null, now: Date): string[] {
  if (!teamId) return [];
  const managers = teamRoster(teamId)
    .filter((m) => m.role === "manager" && !m.deactivatedAt)
    .map((m) => m.userId);
  const { onDuty } = dutyAt(managers, now);
  const onShift = managers.filter((id) => onDuty.has(id));
  return onShift.length ? onShift : managers;
}

/** One high-urgency delivery per device of each person; the caller's transaction. */
function insertPushes({
  userIds,
  source,
  kind,
  tag,
  title,
  body,
  path,
  now,
}: {
  userIds: string[];
  source: string;
  kind: string;
  tag: string;
  title: string;
  body: string;
  path: string;
  now: Date;
}): void {
  if (userIds.length === 0) return;
  const { urgency, ttlSeconds } = deliveryOf("urgent");
  for (const device of subscriptionsOf(jsonList(userIds)))
    getDb()
      .insert(pushDeliveries)
      .values({
        id: newId(),
        subscriptionId: device.id,
        userId: device.userId,
        source,
        kind,
        tag,
        title,
        body,
        path,
        urgency,
        ttlSeconds,
        state: "pending",
        nextAttemptAt: now,
        createdAt: now,
      })
      .onConflictDoNothing()
      .run();
}
