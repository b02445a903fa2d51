// Read receipts as "read up to here": each person has one position per conversation, the newest
// message they have read. Reading a message counts for every earlier one, so "Seen by 4 of 6" is
// a comparison with one row per member, not a row per message and reader. A position only ever
// moves forward: opening an old page does not unread the newer messages.
import { and, count, eq, ne, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { preparedOnce } from "~/db/prepared.server";
import { conversationReads, messages } from "~/db/schema.server";
import type { Actor } from "~/models/accounts/permissions";
import { InputError } from "~/models/errors";
import { appendEvent } from "~/models/notifications/events.server";
import { getConversationToRead, membersOf } from "./conversation-access.server";

type Position = { createdAt: Date; id: string };

/** Whether position a is at or after position b, in (created_at, id) order. */
function atOrAfter(a: Position, b: Position): boolean {
  const ta = a.createdAt.getTime();
  const tb = b.createdAt.getTime();
  return ta > tb || (ta === tb && a.id >= b.id);
}

const readPosition = preparedOnce((db) =>
  db
    .select()
    .from(conversationReads)
    .where(
      and(
        eq(conversationReads.conversationId, sql.placeholder("conversationId")),
        eq(conversationReads.userId, sql.placeholder("userId")),
      ),
    )
    .prepare(),
);

/**
 * Moves a person's position in the message's conversation up to the message, if it is ahead of
 * where they were; returns whether it moved. With `announce`, a move appends
 * "conversation.read" to the event log. Runs inside the caller's write transaction.
 */
export function advanceReadPosition({
  userId,
  message,
  now,
  announce,
}: {
  userId: string;
  message: { id: string; conversationId: string; createdAt: Date };
  now: Date;
  announce: boolean;
}): boolean {
  const current = readPosition().get({ conversationId: message.conversationId, userId });
  if (current && atOrAfter({ createdAt: current.messageCreatedAt, id: current.messageId }, message))
    return false;
  getDb()
    .insert(conversationReads)
    .values({
      conversationId: message.conversationId,
      userId,
      messageId: message.id,
      messageCreatedAt: message.createdAt,
      readAt: now,
    })
    .onConflictDoUpdate({
      target: [conversationReads.conversationId, conversationReads.userId],
      set: { messageId: message.id, messageCreatedAt: message.createdAt, readAt: now },
    })
    .run();
  if (announce) {
    appendEvent({
      audience: { type: "conversation", id: message.conversationId },
      kind: "conversation.read",
      ids: { conversationId: message.conversationId, userId, messageId: message.id },
      now,
    });
  }
  return true;
}

function messageIn(conversationId: string, messageId: string) {
  const message = getDb()
    .select({
      id: messages.id,
      conversationId: messages.conversationId,
      senderUserId: messages.senderUserId,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.conversationId, conversationId)))
    .get();
  if (!message) throw new InputError("That message is not in this conversation.", "messageId");
  return message;
}

/**
 * Records that the actor has read the conversation up to `messageId` (and so every earlier
 * message). Reading an older message than their position changes nothing. Returns whether the
 * position moved.
 *
 * @throws Response 404 when the actor may not read the conversation; InputError when the message
 *   is not in it.
 */
export function markRead({
  actor,
  conversationId,
  messageId,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  conversationId: string;
  messageId: string;
  now?: Date;
  ipAddress?: string;
}): boolean {
  getConversationToRead({ actor, conversationId, ipAddress });
  const message = messageIn(conversationId, messageId);
  return writeTransaction(() =>
    advanceReadPosition({ userId: actor.userId, message, now, announce: true }),
  );
}

export type SeenBy = {
  seen: { userId: string; name: string }[];
  notSeen: { userId: string; name: string }[];
};

/**
 * Who has seen a message, for "Seen by 4 of 6": the conversation's members now, other than its
 * sender, split by whether their read position is at or after the message. Names in order.
 *
 * @throws Response 404 when the actor may not read the conversation; InputError when the message
 *   is not in it.
 */
export function seenBy({
  actor,
  conversationId,
  messageId,
  ipAddress,
}: {
  actor: Actor;
  conversationId: string;
  messageId: string;
  ipAddress?: string;
}): SeenBy {
  const conversation = getConversationToRead({ actor, conversationId, ipAddress });
  const message = messageIn(conversationId, messageId);
  const positions = new Map(
    getDb()
      .select()
      .from(conversationReads)
      .where(eq(conversationReads.conversationId, conversationId))
      .all()
      .map((r) => [r.userId, { createdAt: r.messageCreatedAt, id: r.messageId }]),
  );
  const result: SeenBy = { seen: [], notSeen: [] };
  for (const member of membersOf(conversation)) {
    if (member.userId === message.senderUserId) continue;
    const position = positions.get(member.userId);
    const person = { userId: member.userId, name: member.name };
    if (position && atOrAfter(position, message)) result.seen.push(person);
    else result.notSeen.push(person);
  }
  return result;
}

const unreadAfter = preparedOnce((db) =>
  db
    .select({ n: count() })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, sql.placeholder("conversationId")),
        ne(messages.senderUserId, sql.placeholder("userId")),
        // Row values: one range of the (conversation, created_at, id) index.
        sql`(${messages.createdAt}, ${messages.id}) > (${sql.placeholder("createdAt")}, ${sql.placeholder("id")})`,
      ),
    )
    .prepare(),
);

/** How many messages from others in a conversation are after the person's read position. */
export function unreadCount(userId: string, conversationId: string): number {
  const position = readPosition().get({ conversationId, userId });
  return (
    unreadAfter().get({
      conversationId,
      userId,
      createdAt: position ? position.messageCreatedAt.getTime() : -1,
      id: position?.messageId ?? "",
    })?.n ?? 0
  );
}
