// Urgent messages: every member on shift when one is sent must acknowledge it with one tap, and
// the sender and the team's managers see who has and who has not. Who must acknowledge is fixed
// when the message is sent (sendMessage writes one row each); this module records the taps.
import { and, asc, eq, isNull } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { messages, urgentAcknowledgements, users } from "~/db/schema.server";
import { type Actor, managesTeam } from "~/models/accounts/permissions";
import { refuse } from "~/models/audit/refusals.server";
import { InputError } from "~/models/errors";
import { appendEvent } from "~/models/notifications/events.server";
import { getConversationToRead } from "./conversation-access.server";
import { pushReachOf } from "./push/reachability.server";

function urgentMessage(actor: Actor, messageId: string, ipAddress?: string) {
  const message = getDb()
    .select({
      id: messages.id,
      conversationId: messages.conversationId,
      senderUserId: messages.senderUserId,
      urgent: messages.urgent,
    })
    .from(messages)
    .where(eq(messages.id, messageId))
    .get();
  const refusal = () =>
    refuse(actor, {
      attempted: "message.urgent",
      targetType: "message",
      targetId: messageId,
      ipAddress,
    });
  if (!message) throw refusal();
  // A former member of the conversation gets the same 404 as for a message that does not exist.
  const conversation = getConversationToRead({
    actor,
    conversationId: message.conversationId,
    ipAddress,
  });
  if (!message.urgent) throw new InputError("That message is not urgent.");
  return { message, conversation, refusal };
}

/**
 * The actor acknowledges an urgent message they were asked to. Tapping twice keeps the first
 * time. Returns whether this tap recorded it.
 *
 * @throws Response 404 when the actor may not read the conversation; InputError when the
 *   message is not urgent or the actor was not on shift when it was sent.
 */
export function acknowledgeUrgent({
  actor,
  messageId,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  messageId: string;
  now?: Date;
  ipAddress?: string;
}): boolean {
  const { message } = urgentMessage(actor, messageId, ipAddress);
  return writeTransaction(() => {
    const db = getDb();
    const row = db
      .select()
      .from(urgentAcknowledgements)
      .where(
        and(
          eq(urgentAcknowledgements.messageId, message.id),
          eq(urgentAcknowledgements.userId, actor.userId),
        ),
      )
      .get();
    if (!row)
      throw new InputError("You were not on shift when this was sent: nothing to acknowledge.");
    if (row.acknowledgedAt) return false;
    db.update(urgentAcknowledgements)
      .set({ acknowledgedAt: now })
      .where(
        and(
          eq(urgentAcknowledgements.messageId, message.id),
          eq(urgentAcknowledgements.userId, actor.userId),
          isNull(urgentAcknowledgements.acknowledgedAt),
        ),
      )
      .run();
    appendEvent({
      audience: { type: "conversation", id: message.conversationId },
      kind: "message.acknowledged",
      ids: { conversationId: message.conversationId, messageId: message.id, userId: actor.userId },
      now,
    });
    return true;
  });
}

export type UrgentStatus = {
  acknowledged: { userId: string; name: string; at: Date }[];
  /** Not yet acknowledged; `reachable`: they have a push device whose last alert got through. */
  waiting: { userId: string; name: string; reachable: boolean }[];
};

/**
 * Who has acknowledged an urgent message and who has not, by name, and whether each who has not
 * can be reached by push (issue 13: the sender sees who has no working device). Only its sender and the
 * managers of the conversation's team (shift threads and team channels) may see it.
 *
 * @throws Response 404 for anyone else, or when the actor may not read the conversation.
 */
export function urgentStatus({
  actor,
  messageId,
  ipAddress,
}: {
  actor: Actor;
  messageId: string;
  ipAddress?: string;
}): UrgentStatus {
  const { message, conversation, refusal } = urgentMessage(actor, messageId, ipAddress);
  const manager = conversation.teamId !== null && managesTeam(actor, conversation.teamId);
  if (message.senderUserId !== actor.userId && !manager) throw refusal();
  const rows = getDb()
    .select({
      userId: urgentAcknowledgements.userId,
      name: users.name,
      at: urgentAcknowledgements.acknowledgedAt,
    })
    .from(urgentAcknowledgements)
    .innerJoin(users, eq(users.id, urgentAcknowledgements.userId))
    .where(eq(urgentAcknowledgements.messageId, message.id))
    .orderBy(asc(users.name))
    .all();
  const waiting = rows.filter((r) => !r.at);
  const reach = pushReachOf(waiting.map((w) => w.userId));
  return {
    acknowledged: rows.flatMap((r) => (r.at ? [{ userId: r.userId, name: r.name, at: r.at }] : [])),
    waiting: waiting.map(({ userId, name }) => ({
      userId,
      name,
      reachable: reach.get(userId)?.working ?? false,
    })),
  };
}
