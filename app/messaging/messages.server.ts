// Sending and reading messages. A send is one write transaction: the message, its mentions and
// their notifications, the urgent acknowledgements it asks for, the sender's read position and
// the event-log row all commit together or not at all. Sends are idempotent by the browser's
// client id, so a retry after a lost response never makes a second message.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { preparedOnce } from "~/db/prepared.server";
import {
  conversations,
  messageMentions,
  messages,
  urgentAcknowledgements,
  users,
} from "~/db/schema.server";
import type { Actor } from "~/models/accounts/permissions";
import { refuse } from "~/models/audit/refusals.server";
import { InputError } from "~/models/errors";
import { newTimeOrderedId } from "~/models/ids.server";
import { appendEvent } from "~/models/notifications/events.server";
import { notify } from "~/models/notifications/notifications.server";
import { onShiftAt } from "~/models/rota/shift-occurrences.server";
import { checkLength } from "~/models/text-limits";
import { insertAttachments, type StoredUpload } from "./attachments/attachments.server";
import {
  type Conversation,
  conversationWithId,
  getConversationToRead,
  mayRead,
  membersOf,
} from "./conversation-access.server";
import { patientDataProblem } from "./patient-data-guard";
import { advanceReadPosition } from "./read-positions.server";

export type Message = typeof messages.$inferSelect;

const byClientId = preparedOnce((db) =>
  db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, sql.placeholder("conversationId")),
        eq(messages.senderUserId, sql.placeholder("senderUserId")),
        eq(messages.clientId, sql.placeholder("clientId")),
      ),
    )
    .prepare(),
);

/**
 * A client id is letters, digits, "-" and "_" (a UUID from the browser, or the page's own id):
 * it goes into the event log and every member's stream, so it must never carry words.
 */
const CLIENT_ID_SHAPE = /^[A-Za-z0-9_-]+$/;

function checkClientId(clientId: string) {
  if (!clientId) throw new InputError("The message has no client id.", "clientId");
  checkLength(clientId, "messageClientId", { label: "The client id", field: "clientId" });
  if (!CLIENT_ID_SHAPE.test(clientId))
    throw new InputError("Reload the page and send the message again.", "clientId");
}

function checkBody(body: string, withFiles: boolean) {
  // A photo or file may go without words (issue 14); whitespace alone is still no message.
  if (withFiles && body === "") return;
  if (!body.trim()) throw new InputError("Write a message.", "body");
  checkLength(body, "messageBody", { label: "A message", field: "body" });
}

export type SendResult = {
  message: Message;
  /** False when this was a retry of a message already stored (same sender, conversation, client id). */
  created: boolean;
};

/**
 * Sends a message from the actor to a conversation they may read.
 *
 * - `clientId`: the browser's id for this message (at most TEXT_LIMITS.messageClientId). A
 *   retry with the same id from the same sender to the same conversation returns the stored
 *   message (`created: false`) and changes nothing, even if the text differs.
 * - `body`: 1 to TEXT_LIMITS.messageBody characters (4,000).
 * - `replyToMessageId`: a message in the same conversation.
 * - `mentionUserIds`: members of the conversation; each is notified (not the sender).
 * - `urgent`: every member on shift now (a worked, published shift in progress) other than the
 *   sender must acknowledge it; the list is fixed when it is sent.
 * - `attachments`: files already written by `writeUploads` (app/messaging/attachments), recorded
 *   with the message in its transaction; with at least one, `body` may be "". The caller
 *   discards them when this throws or finds a retry (`created: false`).
 *
 * @throws Response 404 when the actor may not read the conversation; InputError for a blank or
 *   overlong message, an NHS number in a conversation with a non-clinical member (the patient-data
 *   guard), a reply to a message elsewhere, or a mention of someone not in the conversation.
 */
export function sendMessage({
  actor,
  conversationId,
  clientId,
  body,
  replyToMessageId = null,
  mentionUserIds = [],
  urgent = false,
  attachments = [],
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  conversationId: string;
  clientId: string;
  body: string;
  replyToMessageId?: string | null;
  mentionUserIds?: string[];
  urgent?: boolean;
  attachments?: StoredUpload[];
  now?: Date;
  ipAddress?: string;
}): SendResult {
  checkClientId(clientId);
  const conversation = conversationWithId(conversationId);
  const key = { conversationId, senderUserId: actor.userId, clientId };
  // A retry of a send that was stored (its answer lost) gets its message back even if the sender
  // has since come off the shift or left the group: otherwise they would be told it was not sent
  // and write it again. It is their own message, keyed by their own id: it tells them nothing new.
  const stored = conversation ? byClientId().get(key) : undefined;
  if (stored) return { message: stored, created: false };
  const result = conversation
    ? writeTransaction((): SendResult | "not a member" => {
        // Again inside the write lock: a concurrent send with the same client id may have committed.
        const raced = byClientId().get(key);
        if (raced) return { message: raced, created: false };
        // Who is in the conversation is read once, inside the write lock, so that the rota cannot
        // change between the check and the send (a shift reassigned meanwhile). Being on the list
        // implies `mayRead`, which is asked only for someone not on it (so the rule stays in one
        // place). One rota read per send instead of three keeps the write lock short.
        const members = membersOf(conversation);
        const isMember =
          members.some((m) => m.userId === actor.userId) || mayRead(actor, conversation);
        if (!isMember) return "not a member";
        checkBody(body, attachments.length > 0);
        const problem = patientDataProblem(body, members);
        if (problem) throw new InputError(problem, "body");
        checkReplyTo(conversation, replyToMessageId);
        const memberIds = new Set(members.map((m) => m.userId));
        const mentioned = [...new Set(mentionUserIds)].filter((id) => id !== actor.userId);
        if (mentioned.some((id) => !memberIds.has(id)))
          throw new InputError(
            "You can mention only people in this conversation.",
            "mentionUserIds",
          );
        const message: Message = {
          id: newTimeOrderedId(now.getTime()),
          conversationId,
          senderUserId: actor.userId,
          clientId,
          body,
          replyToMessageId,
          urgent,
          createdAt: now,
          editedAt: null,
          deletedAt: null,
          deletedByUserId: null,
          purgedAt: null,
          purgedAfterDays: null,
        };
        const db = getDb();
        db.insert(messages).values(message).run();
        insertAttachments({ messageId: message.id, conversationId, uploads: attachments, now });
        db.update(conversations)
          .set({ lastMessageAt: now })
          .where(eq(conversations.id, conversationId))
          .run();
        for (const userId of mentioned) {
          db.insert(messageMentions).values({ messageId: message.id, userId }).run();
        }
        if (mentioned.length) {
          // The notification names the sender only: no message text outside the conversation.
          notify({
            userIds: mentioned,
            kind: "message.mentioned",
            title: `${actor.name} mentioned you`,
            link: `/messages/${conversationId}`,
            now,
          });
        }
        if (urgent) {
          const others = [...memberIds].filter((id) => id !== actor.userId);
          for (const userId of onShiftAt({ userIds: others, at: now })) {
            db.insert(urgentAcknowledgements).values({ messageId: message.id, userId }).run();
          }
        }
        appendEvent({
          audience: { type: "conversation", id: conversationId },
          kind: "message.created",
          // The browser's client id too: an id it made, never content. It lets the sender (and the
          // benchmark) match the event to the send whose answer was a redirect without the id.
          ids: { conversationId, messageId: message.id, senderUserId: actor.userId, clientId },
          now,
        });
        // Sending is reading: the sender has seen everything up to their own message.
        advanceReadPosition({ userId: actor.userId, message, now, announce: false });
        return { message, created: true };
      })
    : "not a member";
  // Refused outside the transaction, so that the refusal's audit row is kept: no such
  // conversation, another organisation's, or one the actor is not (or no longer) in: one 404.
  if (result === "not a member") {
    throw refuse(actor, {
      attempted: "conversation.read",
      targetType: "conversation",
      targetId: conversationId,
      ipAddress,
    });
  }
  return result;
}

function checkReplyTo(conversation: Conversation, replyToMessageId: string | null) {
  if (replyToMessageId === null) return;
  const original = getDb()
    .select({
      conversationId: messages.conversationId,
      deletedAt: messages.deletedAt,
      purgedAt: messages.purgedAt,
    })
    .from(messages)
    .where(eq(messages.id, replyToMessageId))
    .get();
  if (original?.conversationId !== conversation.id)
    throw new InputError(
      "You can reply only to a message in this conversation.",
      "replyToMessageId",
    );
  // Its words are gone: a reply would quote nothing. (The composer keeps what was written.)
  if (original.deletedAt !== null || original.purgedAt !== null)
    throw new InputError(
      "That message has been removed: send yours without replying to it.",
      "replyToMessageId",
    );
}

/** A cursor for the page of messages older than this one: "created_at ms.id". */
export type MessageCursor = string;

function cursorOf(message: { createdAt: Date; id: string }): MessageCursor {
  return `${message.createdAt.getTime()}.${message.id}`;
}

function parseCursor(cursor: MessageCursor): { createdAt: Date; id: string } {
  const match = /^(\d{1,15})\.([a-z0-9]{1,40})$/.exec(cursor);
  if (!match) throw new InputError("That page of messages could not be found.", "before");
  return { createdAt: new Date(Number(match[1])), id: match[2] ?? "" };
}

const messageColumns = {
  id: messages.id,
  senderUserId: messages.senderUserId,
  senderName: users.name,
  clientId: messages.clientId,
  body: messages.body,
  replyToMessageId: messages.replyToMessageId,
  urgent: messages.urgent,
  createdAt: messages.createdAt,
  editedAt: messages.editedAt,
  deletedAt: messages.deletedAt,
  purgedAfterDays: messages.purgedAfterDays,
};

const newestMessages = preparedOnce((db) =>
  db
    .select(messageColumns)
    .from(messages)
    .innerJoin(users, eq(users.id, messages.senderUserId))
    .where(eq(messages.conversationId, sql.placeholder("conversationId")))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

const messagesBefore = preparedOnce((db) =>
  db
    .select(messageColumns)
    .from(messages)
    .innerJoin(users, eq(users.id, messages.senderUserId))
    .where(
      and(
        eq(messages.conversationId, sql.placeholder("conversationId")),
        // A row-value comparison: SQLite reads it as one range of the (conversation, created_at,
        // id) index, so an old page costs what the first page does.
        sql`(${messages.createdAt}, ${messages.id}) < (${sql.placeholder("createdAt")}, ${sql.placeholder("id")})`,
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

export type MessageView = {
  id: string;
  senderUserId: string;
  senderName: string;
  /** The sender's browser's id for it: how the sender's page matches a message it was sending. */
  clientId: string;
  body: string;
  urgent: boolean;
  createdAt: Date;
  /** When its sender last changed the text, or null. */
  editedAt: Date | null;
  /** When it was deleted (its body is then ''), or null. */
  deletedAt: Date | null;
  /** Retention purged its text (body is ""): the days that applied. Null while it is kept. */
  purgedAfterDays: number | null;
  /**
   * The message replied to, quoted: null when this is not a reply. Deleted: its body is '';
   * `purged`: retention removed its text.
   */
  replyTo: {
    id: string;
    senderName: string;
    body: string;
    deleted: boolean;
    purged: boolean;
  } | null;
};

/**
 * A page of a conversation's messages, newest first: the newest `limit` (50 unless said), or
 * with `before` (the `older` cursor of the previous page) the ones just older. Keyset
 * pagination on (created_at, id), never OFFSET, so a page is as quick at the start of a
 * conversation as at its end and new messages never shift a page. `older` is null on the last
 * page.
 *
 * @throws Response 404 when the actor may not read the conversation; InputError for a
 *   malformed cursor.
 */
export function listMessages({
  actor,
  conversationId,
  before,
  limit = 50,
  ipAddress,
}: {
  actor: Actor;
  conversationId: string;
  before?: MessageCursor;
  limit?: number;
  ipAddress?: string;
}): { messages: MessageView[]; older: MessageCursor | null } {
  getConversationToRead({ actor, conversationId, ipAddress });
  const cursor = before ? parseCursor(before) : null;
  // One more row than the page: whether it exists says whether there is an older page.
  const rows = cursor
    ? messagesBefore().all({
        conversationId,
        createdAt: cursor.createdAt.getTime(),
        id: cursor.id,
        limit: limit + 1,
      })
    : newestMessages().all({ conversationId, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const replyIds = [
    ...new Set(page.flatMap((m) => (m.replyToMessageId ? [m.replyToMessageId] : []))),
  ];
  const quoted = new Map(
    replyIds.length
      ? getDb()
          .select({
            id: messages.id,
            senderName: users.name,
            body: messages.body,
            deletedAt: messages.deletedAt,
            purged: sql<boolean>`${messages.purgedAt} is not null`.mapWith(Boolean),
          })
          .from(messages)
          .innerJoin(users, eq(users.id, messages.senderUserId))
          .where(and(inArray(messages.id, replyIds), eq(messages.conversationId, conversationId)))
          .all()
          .map(({ deletedAt, ...q }) => [q.id, { ...q, deleted: deletedAt !== null }])
      : [],
  );
  const last = page.at(-1);
  return {
    messages: page.map(({ replyToMessageId, ...m }) => ({
      ...m,
      replyTo: replyToMessageId ? (quoted.get(replyToMessageId) ?? null) : null,
    })),
    older: rows.length > limit && last ? cursorOf(last) : null,
  };
}
