// One conversation as its page shows it: a name people recognise, a page of messages (oldest at
// the top, opening at the newest), the urgent messages still waiting for the viewer's
// acknowledgement, who has acknowledged the urgent ones the viewer may follow up, and who has seen
// the viewer's latest message. Times are in the team's zone (shift threads, team channels) or UK
// time (direct conversations and groups). Opening the newest page moves the viewer's read
// position to the newest message shown, through markRead.
import { and, asc, eq, gte, isNull, sql } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import { preparedOnce } from "~/db/prepared.server";
import { messages, shiftTypes, teams, urgentAcknowledgements, users } from "~/db/schema.server";
import { type Actor, managesTeam } from "~/models/accounts/permissions";
import { localDateKey } from "~/models/local-time";
import { formatDay } from "~/models/rota/shift-display";
import { type AttachmentView, attachmentsByMessage } from "./attachments/attachments.server";
import { type Conversation, getConversationToRead, membersOf } from "./conversation-access.server";
import { MAX_PINS, mayDelete, mayEdit, pinnedIn } from "./message-changes.server";
import { listMessages, type MessageCursor, type MessageView } from "./messages.server";
import { markRead, type SeenBy, seenBy } from "./read-positions.server";
import { type UrgentStatus, urgentStatus } from "./urgent.server";

const UK = "Europe/London";

/** How a message of photos or files with no words is quoted. */
export const FILES_ONLY = "Photo or file";

const clockFormats = new Map<string, Intl.DateTimeFormat>();
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function formatterFor(
  cache: Map<string, Intl.DateTimeFormat>,
  zone: string,
  options: Intl.DateTimeFormatOptions,
) {
  let format = cache.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { timeZone: zone, ...options });
    cache.set(zone, format);
  }
  return format;
}

/** "14:05" today, "Mon 30 Nov, 14:05" on another day: in `zone`. */
export function formatMessageTime(instant: Date, zone: string, now: Date): string {
  const clock = formatterFor(clockFormats, zone, { hour: "2-digit", minute: "2-digit" }).format(
    instant,
  );
  if (localDateKey(instant, zone) === localDateKey(now, zone)) return clock;
  const day = formatterFor(dayFormats, zone, {
    weekday: "short",
    day: "numeric",
    month: "short",
  }).format(instant);
  return `${day}, ${clock}`;
}

export type ShownMessage = {
  id: string;
  senderName: string;
  mine: boolean;
  /** The viewer's own messages only: the id their browser sent it with (the outbox's key). */
  clientId: string | null;
  body: string;
  urgent: boolean;
  at: string;
  when: string;
  /** Retention purged its text after this many days (body is ""); null while it is kept. */
  removedAfterDays: number | null;
  /**
   * The message quoted; `deleted` (its body then "Message deleted") when it was deleted,
   * `removed` when retention purged its text.
   */
  replyTo: {
    id: string;
    senderName: string;
    body: string;
    deleted: boolean;
    removed: boolean;
  } | null;
  /** For the sender and the team's managers: who has and has not acknowledged it. */
  acknowledgements: { acknowledged: string[]; waiting: string[]; unreachable: string[] } | null;
  /** Its sender changed the text after sending it. */
  edited: boolean;
  /** Deleted: `body` is '' and the page says "Message deleted". */
  deleted: boolean;
  /** Whether the viewer may change its text now (their own, within 15 minutes, not urgent). */
  mayEdit: boolean;
  /** Whether the viewer may delete it (their own; a manager, in the team's threads). */
  mayDelete: boolean;
  pinned: boolean;
  /** Its photos and files, in order: ids and sizes, fetched by id from /attachments/<id>. */
  attachments: AttachmentView[];
};

export type ConversationPage = {
  id: string;
  kind: Conversation["kind"];
  /** "Night, Tue 3 Dec", "Ward 7", the other person's name, or the group's name. */
  title: string;
  /** "Shift thread · Ward 7", "Team channel", "Direct message", "Group" (the count follows it). */
  about: string;
  /** "Europe/London" is shown as UK time. */
  zoneLabel: string;
  memberCount: number;
  messages: ShownMessage[];
  /** The cursor for the page of older messages, or null when these are the oldest. */
  older: MessageCursor | null;
  /** Whether this is the newest page (no cursor). */
  newest: boolean;
  /** Urgent messages the viewer still has to acknowledge, oldest first (any page). */
  awaitingMe: { id: string; senderName: string; body: string; when: string }[];
  /** Who has seen the viewer's latest message on this page, if it is theirs to ask about. */
  seen: (SeenBy & { messageId: string }) | null;
  /** The message being replied to (from `replyTo`), if it is in this conversation. */
  replyingTo: { id: string; senderName: string; body: string } | null;
  /** The pinned messages, first pinned first (at most MAX_PINS). */
  pins: { id: string; senderName: string; body: string; when: string }[];
  /** Whether MAX_PINS are pinned (no more can be until one is unpinned). */
  pinsFull: boolean;
  /** The viewer's own message being changed (from `edit`), while they may still change it. */
  editing: { id: string; body: string } | null;
  /**
   * Messages of this conversation deleted in the last week: a page that loaded older messages as
   * the person scrolled holds copies the newest page does not replace, and blanks these.
   */
  deletedLately: string[];
};

/** How far back `deletedLately` reaches: a tab held open longer reloads its data anyway. */
const DELETED_LATELY_MS = 7 * 86_400_000;

// The thread page's loader runs this on every view (decision 014); the partial index on
// (conversation_id, deleted_at) holds deleted messages only.
const deletedSince = preparedOnce((db) =>
  db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, sql.placeholder("conversationId")),
        sql`${messages.deletedAt} IS NOT NULL`,
        gte(messages.deletedAt, sql.placeholder("since")),
      ),
    )
    .prepare(),
);

/** The conversation as people name it: its title, what kind it is, and the zone its times are in. */
export function nameOf(actor: Actor, conversation: Conversation) {
  const db = getDb();
  const team = conversation.teamId
    ? db.select().from(teams).where(eq(teams.id, conversation.teamId)).get()
    : undefined;
  const zone = team?.timeZone ?? UK;
  if (conversation.kind === "shift") {
    const type = db
      .select({ name: shiftTypes.name })
      .from(shiftTypes)
      .where(eq(shiftTypes.id, conversation.shiftTypeId ?? ""))
      .get();
    return {
      title: `${type?.name ?? "Shift"}, ${formatDay(conversation.date ?? "")}`,
      about: `Shift thread · ${team?.name ?? ""}`,
      zone,
    };
  }
  if (conversation.kind === "team")
    return { title: team?.name ?? "Team", about: "Team channel", zone };
  if (conversation.kind === "group")
    return { title: conversation.name ?? "Group", about: "Group", zone };
  const otherId = (conversation.directKey ?? "").split(":").find((id) => id !== actor.userId);
  const other = db
    .select({ name: users.name })
    .from(users)
    .where(eq(users.id, otherId ?? ""))
    .get();
  return { title: other?.name ?? "Direct message", about: "Direct message", zone };
}

/** A message of this conversation to reply to, from any page of it. */
function quotable(conversationId: string, messageId: string) {
  return getDb()
    .select({
      id: messages.id,
      senderName: users.name,
      body: messages.body,
      senderUserId: messages.senderUserId,
      createdAt: messages.createdAt,
      deletedAt: messages.deletedAt,
      urgent: messages.urgent,
    })
    .from(messages)
    .innerJoin(users, eq(users.id, messages.senderUserId))
    .where(and(eq(messages.id, messageId), eq(messages.conversationId, conversationId)))
    .get();
}

function awaitingAcknowledgement(actor: Actor, conversationId: string) {
  return getDb()
    .select({
      id: messages.id,
      senderName: users.name,
      body: messages.body,
      createdAt: messages.createdAt,
    })
    .from(urgentAcknowledgements)
    .innerJoin(messages, eq(messages.id, urgentAcknowledgements.messageId))
    .innerJoin(users, eq(users.id, messages.senderUserId))
    .where(
      and(
        eq(urgentAcknowledgements.userId, actor.userId),
        isNull(urgentAcknowledgements.acknowledgedAt),
        eq(messages.conversationId, conversationId),
      ),
    )
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .all();
}

/**
 * The page of a conversation the actor may read: the newest messages, or with `before` the page
 * just older. `replyTo` names a message of the conversation to reply to; `edit` one of the
 * viewer's own to change.
 *
 * @throws Response 404 when the actor may not read it (a former member, another organisation, no
 *   such conversation); InputError for a malformed cursor.
 */
export function viewConversation({
  actor,
  conversationId,
  before,
  replyTo,
  edit,
  limit = 30,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  conversationId: string;
  before?: MessageCursor;
  replyTo?: string;
  /** A message of the viewer's to change: shown in an edit form if they still may. */
  edit?: string;
  limit?: number;
  now?: Date;
  ipAddress?: string;
}): ConversationPage {
  const conversation = getConversationToRead({ actor, conversationId, ipAddress });
  const memberCount = membersOf(conversation).length;
  const { title, about, zone } = nameOf(actor, conversation);
  const page = listMessages({ actor, conversationId, before, limit, ipAddress });
  const newestFirst = page.messages;
  const newest = newestFirst[0];
  if (!before && newest) markRead({ actor, conversationId, messageId: newest.id, now, ipAddress });
  const files = attachmentsByMessage(newestFirst.map((m) => m.id));
  // A photo sent without words is quoted (and awaits acknowledgement) as what it is; only an
  // empty message needs the look-up (rare), so it is asked one message at a time.
  const quoted = (id: string, body: string) =>
    body || !(files.has(id) || attachmentsByMessage([id]).has(id)) ? body : FILES_ONLY;
  const mayFollowUp = (m: MessageView) =>
    m.senderUserId === actor.userId ||
    (conversation.teamId !== null && managesTeam(actor, conversation.teamId));
  const pins = pinnedIn(conversation.id);
  const pinnedIds = new Set(pins.map((p) => p.id));
  const show = (m: MessageView): ShownMessage => {
    let acknowledgements: ShownMessage["acknowledgements"] = null;
    if (m.urgent && mayFollowUp(m)) {
      const status: UrgentStatus = urgentStatus({ actor, messageId: m.id, ipAddress });
      acknowledgements = {
        acknowledged: status.acknowledged.map((a) => a.name),
        waiting: status.waiting.map((w) => w.name),
        unreachable: status.waiting.filter((w) => !w.reachable).map((w) => w.name),
      };
    }
    return {
      id: m.id,
      senderName: m.senderName,
      mine: m.senderUserId === actor.userId,
      clientId: m.senderUserId === actor.userId ? m.clientId : null,
      body: m.body,
      urgent: m.urgent,
      at: m.createdAt.toISOString(),
      removedAfterDays: m.purgedAfterDays,
      when: formatMessageTime(m.createdAt, zone, now),
      replyTo: m.replyTo
        ? {
            id: m.replyTo.id,
            senderName: m.replyTo.senderName,
            body: m.replyTo.deleted ? "Message deleted" : quoted(m.replyTo.id, m.replyTo.body),
            deleted: m.replyTo.deleted,
            removed: m.replyTo.purged,
          }
        : null,
      acknowledgements,
      edited: m.editedAt !== null && m.deletedAt === null,
      deleted: m.deletedAt !== null,
      mayEdit: mayEdit(actor, m, now),
      mayDelete: mayDelete(actor, conversation, m),
      pinned: pinnedIds.has(m.id),
      // A deleted message's files are gone with its text.
      attachments: m.deletedAt !== null ? [] : (files.get(m.id) ?? []),
    };
  };
  const myLatest = before ? undefined : newestFirst.find((m) => m.senderUserId === actor.userId);
  const replying = replyTo ? quotable(conversation.id, replyTo) : undefined;
  const editable = edit ? quotable(conversation.id, edit) : undefined;
  return {
    id: conversation.id,
    kind: conversation.kind,
    title,
    about,
    zoneLabel: zone === UK ? "UK time" : zone,
    memberCount,
    messages: [...newestFirst].reverse().map(show),
    older: page.older,
    newest: !before,
    awaitingMe: awaitingAcknowledgement(actor, conversation.id).map((m) => ({
      id: m.id,
      senderName: m.senderName,
      body: quoted(m.id, m.body),
      when: formatMessageTime(m.createdAt, zone, now),
    })),
    seen: myLatest
      ? { messageId: myLatest.id, ...seenBy({ actor, conversationId, messageId: myLatest.id }) }
      : null,
    replyingTo: replying
      ? {
          id: replying.id,
          senderName: replying.senderName,
          body: quoted(replying.id, replying.body),
        }
      : null,
    pins: pins.map((p) => ({
      id: p.id,
      senderName: p.senderName,
      body: quoted(p.id, p.body),
      when: formatMessageTime(p.createdAt, zone, now),
    })),
    pinsFull: pins.length >= MAX_PINS,
    editing:
      editable && mayEdit(actor, editable, now) ? { id: editable.id, body: editable.body } : null,
    deletedLately: deletedSince()
      .all({ conversationId: conversation.id, since: now.getTime() - DELETED_LATELY_MS })
      .map((m) => m.id),
  };
}
