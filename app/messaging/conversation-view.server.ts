// One conversation as its page shows it: a name people recognise, a page of messages (oldest at
// the top, opening at the newest), the urgent messages still waiting for the viewer's
// acknowledgement, who has acknowledged the urgent ones the viewer may follow up, and who has seen
// the viewer's latest message. Times are in the team's zone (shift threads, team channels) or UK
// time (direct conversations and groups). Opening the newest page moves the viewer's read
// position to the newest message shown, through markRead.
import { and, asc, eq, isNull } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import { messages, shiftTypes, teams, urgentAcknowledgements, users } from "~/db/schema.server";
import { type Actor, managesTeam } from "~/models/accounts/permissions";
import { localDateKey } from "~/models/local-time";
import { formatDay } from "~/models/rota/shift-display";
import { type Conversation, getConversationToRead, membersOf } from "./conversation-access.server";
import { listMessages, type MessageCursor, type MessageView } from "./messages.server";
import { markRead, type SeenBy, seenBy } from "./read-positions.server";
import { type UrgentStatus, urgentStatus } from "./urgent.server";

const UK = "Europe/London";

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
  /** `removed`: retention purged the quoted message's text. */
  replyTo: { senderName: string; body: string; removed: boolean } | null;
  /** For the sender and the team's managers: who has and has not acknowledged it. */
  acknowledgements: { acknowledged: string[]; waiting: string[]; unreachable: string[] } | null;
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
};

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
    .select({ id: messages.id, senderName: users.name, body: messages.body })
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
 * just older. `replyTo` names a message of the conversation to reply to.
 *
 * @throws Response 404 when the actor may not read it (a former member, another organisation, no
 *   such conversation); InputError for a malformed cursor.
 */
export function viewConversation({
  actor,
  conversationId,
  before,
  replyTo,
  limit = 30,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  conversationId: string;
  before?: MessageCursor;
  replyTo?: string;
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
  const mayFollowUp = (m: MessageView) =>
    m.senderUserId === actor.userId ||
    (conversation.teamId !== null && managesTeam(actor, conversation.teamId));
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
        ? { senderName: m.replyTo.senderName, body: m.replyTo.body, removed: m.replyTo.purged }
        : null,
      acknowledgements,
    };
  };
  const myLatest = before ? undefined : newestFirst.find((m) => m.senderUserId === actor.userId);
  const replying = replyTo ? quotable(conversation.id, replyTo) : undefined;
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
      body: m.body,
      when: formatMessageTime(m.createdAt, zone, now),
    })),
    seen: myLatest
      ? { messageId: myLatest.id, ...seenBy({ actor, conversationId, messageId: myLatest.id }) }
      : null,
    replyingTo: replying
      ? { id: replying.id, senderName: replying.senderName, body: replying.body }
      : null,
  };
}
