// Changing a message after it was sent (issue 14): its sender edits it within 15 minutes, its
// sender or a manager of the conversation's team deletes it, and any member pins it (at most five
// per conversation). Each change is one write transaction with its event, so every open page
// reloads the thread; events carry ids only. The rules and what is kept are docs/decisions/025.
// Deleting and editing never write the search index themselves: the triggers on `messages` do,
// because the body changes (drizzle/0013).
import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { preparedOnce } from "~/db/prepared.server";
import {
  messageMentions,
  messagePins,
  messages,
  urgentAcknowledgements,
  users,
} from "~/db/schema.server";
import { type Actor, managesTeam } from "~/models/accounts/permissions";
import { recordAudit } from "~/models/audit/audit.server";
import { refuse } from "~/models/audit/refusals.server";
import { InputError } from "~/models/errors";
import { appendEvent } from "~/models/notifications/events.server";
import { checkLength } from "~/models/text-limits";
import { attachmentsByMessage, removeMessageAttachments } from "./attachments/attachments.server";
import {
  type Conversation,
  conversationWithId,
  mayRead,
  membersOf,
} from "./conversation-access.server";
import { patientDataProblem } from "./patient-data-guard";

/** How long after sending its sender may change a message's text: 15 minutes (issue 14). */
export const EDIT_WINDOW_MS = 15 * 60_000;

/** The most messages pinned in one conversation at once (issue 14). */
export const MAX_PINS = 5;

type Message = typeof messages.$inferSelect;

type Found = { message: Message; conversation: Conversation };

/** Returned by a change to refuse it with the audited 404 (the actor may read, but not do this). */
const REFUSED = Symbol("refused");

/**
 * Runs `change` in one write transaction on the message, when it is in `conversationId` and the
 * actor may read that conversation now. Otherwise, or when `change` returns REFUSED, the attempt
 * is audited (outside the transaction, so the row is kept) and the 404 thrown: a message that
 * does not exist, one in another conversation and one in a conversation the actor has left all
 * look the same.
 */
function changeMessage<T>(
  actor: Actor,
  { conversationId, messageId }: Target,
  attempted: string,
  ipAddress: string | undefined,
  change: (found: Found) => T | typeof REFUSED,
): T {
  const result = writeTransaction((): { value: T } | typeof REFUSED => {
    const message = getDb().select().from(messages).where(eq(messages.id, messageId)).get();
    const conversation = message ? conversationWithId(message.conversationId) : undefined;
    if (
      !message ||
      !conversation ||
      message.conversationId !== conversationId ||
      !mayRead(actor, conversation)
    )
      return REFUSED;
    const value = change({ message, conversation });
    return value === REFUSED ? REFUSED : { value };
  });
  if (result === REFUSED)
    throw refuse(actor, { attempted, targetType: "message", targetId: messageId, ipAddress });
  return result.value;
}

type Target = { conversationId: string; messageId: string };

/** Whether the actor may change this message's text now (sender, not deleted, within 15 min). */
export function mayEdit(
  actor: Actor,
  message: Pick<Message, "senderUserId" | "createdAt" | "deletedAt" | "urgent">,
  now = new Date(),
): boolean {
  return (
    message.senderUserId === actor.userId &&
    message.deletedAt === null &&
    !message.urgent &&
    now.getTime() - message.createdAt.getTime() <= EDIT_WINDOW_MS
  );
}

/**
 * Whether the actor may delete this message: its sender, or in a shift thread or team channel a
 * manager of the team. In a direct conversation or group only the sender: nobody else reads it
 * (docs/decisions/025). The actor must also be able to read the conversation (checked by callers).
 */
export function mayDelete(
  actor: Actor,
  conversation: Pick<Conversation, "teamId" | "kind">,
  message: Pick<Message, "senderUserId" | "deletedAt">,
): boolean {
  if (message.deletedAt !== null) return false;
  if (message.senderUserId === actor.userId) return true;
  return (
    (conversation.kind === "shift" || conversation.kind === "team") &&
    conversation.teamId !== null &&
    managesTeam(actor, conversation.teamId)
  );
}

/**
 * The sender changes a message's text. Allowed within EDIT_WINDOW_MS (15 minutes) of sending, by
 * the sender only, while they may read the conversation, and not for an urgent message (people
 * acknowledged the words they saw). The new text meets the same rules as a new message: 1 to
 * TEXT_LIMITS.messageBody characters and the patient-data guard for the conversation's members
 * now. The old text is not kept (docs/decisions/025). Appends `message.edited` (ids only).
 * Saving the same text again changes nothing and appends nothing.
 *
 * @throws Response 404 when the message is not in the conversation or the actor may not read it;
 *   InputError when the actor is not its sender, the 15 minutes have passed, it was deleted or is
 *   urgent, or the text is blank, too long or holds an NHS number where someone is not clinical.
 */
export function editMessage({
  actor,
  conversationId,
  messageId,
  body,
  now = new Date(),
  ipAddress,
}: Target & { actor: Actor; body: string; now?: Date; ipAddress?: string }): void {
  changeMessage(
    actor,
    { conversationId, messageId },
    "message.edit",
    ipAddress,
    ({ message, conversation }) => {
      if (message.senderUserId !== actor.userId)
        throw new InputError("Only the person who sent a message can change it.");
      if (message.deletedAt !== null) throw new InputError("That message has been deleted.");
      if (message.urgent)
        throw new InputError(
          "An urgent message cannot be changed: people acknowledged what it said. Send a new message.",
        );
      if (now.getTime() - message.createdAt.getTime() > EDIT_WINDOW_MS)
        throw new InputError(
          "A message can be changed only in the 15 minutes after sending it. Send a new message.",
        );
      // A photo or file may stand alone, as when it was sent: its words may be taken away.
      const withFiles = attachmentsByMessage([message.id]).has(message.id);
      if (!body.trim() && !withFiles) throw new InputError("Write a message.", "body");
      if (!body.trim()) body = "";
      checkLength(body, "messageBody", { label: "A message", field: "body" });
      const problem = patientDataProblem(body, membersOf(conversation));
      if (problem) throw new InputError(problem, "body");
      if (body === message.body) return undefined;
      getDb()
        .update(messages)
        .set({ body, editedAt: now })
        .where(eq(messages.id, message.id))
        .run();
      appendEvent({
        audience: { type: "conversation", id: conversation.id },
        kind: "message.edited",
        ids: { conversationId: conversation.id, messageId: message.id },
        now,
      });
      return undefined;
    },
  );
}

/**
 * Deletes a message: its text is blanked (which drops it from search), its pin goes, and urgent
 * acknowledgements still waiting for it are no longer asked for; the row stays with who deleted
 * it and when, so the thread shows "Message deleted" where it was. The sender may delete their
 * own; a manager of the team may delete any in the team's shift threads and channel. Audited as
 * `message.deleted` (who, when, which message and conversation, never the text). Appends
 * `message.deleted` (ids only). Its photos and files are removed with it (rows in the transaction,
 * files from disk after the commit).
 *
 * With `dryRun`, checks all of that and changes nothing: the page asks "Delete it?" only of
 * someone who may.
 *
 * @throws Response 404 when the message is not in the conversation or the actor may not read it
 *   or may not delete it (someone else's message in a direct conversation or group, say);
 *   InputError when it has already been deleted.
 */
export function deleteMessage({
  actor,
  conversationId,
  messageId,
  dryRun = false,
  now = new Date(),
  ipAddress,
}: Target & { actor: Actor; dryRun?: boolean; now?: Date; ipAddress?: string }): void {
  const removed = changeMessage(
    actor,
    { conversationId, messageId },
    "message.delete",
    ipAddress,
    ({ message, conversation }) => {
      if (message.deletedAt !== null)
        throw new InputError("That message has already been deleted.");
      if (!mayDelete(actor, conversation, message)) return REFUSED;
      if (dryRun) return null;
      const db = getDb();
      db.update(messages)
        .set({ body: "", deletedAt: now, deletedByUserId: actor.userId })
        .where(eq(messages.id, message.id))
        .run();
      // Its photos and files go with its text: the rows now, the files after the commit.
      const files = removeMessageAttachments([message.id]);
      db.delete(messagePins).where(eq(messagePins.messageId, message.id)).run();
      // Who was @mentioned is part of what was said (as retention treats it).
      db.delete(messageMentions).where(eq(messageMentions.messageId, message.id)).run();
      // Nobody can acknowledge words that are gone: those still waiting are no longer asked. The
      // acknowledgements already given stay, as a record of who saw it.
      db.delete(urgentAcknowledgements)
        .where(
          and(
            eq(urgentAcknowledgements.messageId, message.id),
            isNull(urgentAcknowledgements.acknowledgedAt),
          ),
        )
        .run();
      recordAudit({
        organisationId: actor.organisationId,
        actorUserId: actor.userId,
        action: "message.deleted",
        targetType: "message",
        targetId: message.id,
        ipAddress,
        at: now,
        detail: {
          conversationId: conversation.id,
          senderUserId: message.senderUserId,
          sentAt: message.createdAt.toISOString(),
          bySender: message.senderUserId === actor.userId,
        },
      });
      appendEvent({
        audience: { type: "conversation", id: conversation.id },
        kind: "message.deleted",
        ids: { conversationId: conversation.id, messageId: message.id },
        now,
      });
      return files;
    },
  );
  removed?.deleteFiles();
}

const pinCount = preparedOnce((db) =>
  db
    .select({ n: count() })
    .from(messagePins)
    .where(eq(messagePins.conversationId, sql.placeholder("conversationId")))
    .prepare(),
);

/**
 * Pins a message to the top of its conversation, for everyone in it. Any member may pin; at most
 * MAX_PINS (5) per conversation. Pinning one already pinned changes nothing. Appends
 * `message.pinned` (ids only).
 *
 * @throws Response 404 when the message is not in the conversation or the actor may not read it;
 *   InputError when it was deleted or five are pinned already.
 */
export function pinMessage({
  actor,
  conversationId,
  messageId,
  now = new Date(),
  ipAddress,
}: Target & { actor: Actor; now?: Date; ipAddress?: string }): void {
  changeMessage(
    actor,
    { conversationId, messageId },
    "message.pin",
    ipAddress,
    ({ message, conversation }) => {
      if (message.deletedAt !== null) throw new InputError("That message has been deleted.");
      const db = getDb();
      const already = db
        .select({ id: messagePins.messageId })
        .from(messagePins)
        .where(eq(messagePins.messageId, message.id))
        .get();
      if (already) return undefined;
      if ((pinCount().get({ conversationId: conversation.id })?.n ?? 0) >= MAX_PINS)
        throw new InputError(
          `${MAX_PINS} messages are pinned here already, the most there can be. Unpin one first.`,
        );
      db.insert(messagePins)
        .values({
          messageId: message.id,
          conversationId: conversation.id,
          pinnedByUserId: actor.userId,
          pinnedAt: now,
        })
        .run();
      appendEvent({
        audience: { type: "conversation", id: conversation.id },
        kind: "message.pinned",
        ids: { conversationId: conversation.id, messageId: message.id },
        now,
      });
      return undefined;
    },
  );
}

/**
 * Unpins a message; any member may. Unpinning one that is not pinned changes nothing. Appends
 * `message.unpinned` (ids only).
 *
 * @throws Response 404 when the message is not in the conversation or the actor may not read it.
 */
export function unpinMessage({
  actor,
  conversationId,
  messageId,
  now = new Date(),
  ipAddress,
}: Target & { actor: Actor; now?: Date; ipAddress?: string }): void {
  changeMessage(
    actor,
    { conversationId, messageId },
    "message.unpin",
    ipAddress,
    ({ message, conversation }) => {
      const removed = getDb()
        .delete(messagePins)
        .where(eq(messagePins.messageId, message.id))
        .run().changes;
      if (removed === 0) return undefined;
      appendEvent({
        audience: { type: "conversation", id: conversation.id },
        kind: "message.unpinned",
        ids: { conversationId: conversation.id, messageId: message.id },
        now,
      });
      return undefined;
    },
  );
}

const pinnedMessages = preparedOnce((db) =>
  db
    .select({
      id: messages.id,
      senderName: users.name,
      body: messages.body,
      createdAt: messages.createdAt,
      pinnedAt: messagePins.pinnedAt,
    })
    .from(messagePins)
    .innerJoin(messages, eq(messages.id, messagePins.messageId))
    .innerJoin(users, eq(users.id, messages.senderUserId))
    .where(eq(messagePins.conversationId, sql.placeholder("conversationId")))
    .orderBy(asc(messagePins.pinnedAt), asc(messagePins.messageId))
    .prepare(),
);

export type PinnedMessage = { id: string; senderName: string; body: string; createdAt: Date };

/**
 * The conversation's pinned messages, first pinned first (at most MAX_PINS). The caller has
 * already checked that the actor may read the conversation (the thread page's loader runs this
 * on every view, so it is prepared once).
 */
export function pinnedIn(conversationId: string): PinnedMessage[] {
  return pinnedMessages()
    .all({ conversationId })
    .map(({ pinnedAt: _, ...m }) => m);
}
