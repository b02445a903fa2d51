// Who is in a conversation, and whether a person may read it. Checked on the server for every
// conversation, every time (DESIGN.md, "Safety rules"): access follows the rota and the team.
// - A shift thread's members are computed from the rota now (docs/decisions/016): the people
//   working that occurrence (`workersOf`, the one rule of decision 013) and the team's managers,
//   once the occurrence is on a published rota.
// - A team channel's members are the team's active members.
// - Direct conversations and groups list their members in conversation_members.
// Whoever may not read a conversation gets the same "not found" as for one that does not exist.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import { inList, jsonList, preparedOnce } from "~/db/prepared.server";
import { conversationMembers, conversations, memberships, users } from "~/db/schema.server";
import { type Actor, isMemberOf, managesTeam } from "~/models/accounts/permissions";
import { refuse } from "~/models/audit/refusals.server";
import { occurrenceIsPublished, workersOf } from "~/models/rota/shift-occurrences.server";

export type Conversation = typeof conversations.$inferSelect;

export type ConversationMember = {
  userId: string;
  name: string;
  /** Whether patient information may be shared with them (see `clinicalStatus`). */
  clinical: boolean;
};

const activeTeamMembers = preparedOnce((db) =>
  db
    .select({
      userId: users.id,
      name: users.name,
      clinical: memberships.clinical,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.teamId, sql.placeholder("teamId")), isNull(users.deactivatedAt)))
    .orderBy(asc(users.name))
    .prepare(),
);

const listedMembers = preparedOnce((db) =>
  db
    .select({ userId: users.id, name: users.name })
    .from(conversationMembers)
    .innerJoin(users, eq(users.id, conversationMembers.userId))
    .where(
      and(
        eq(conversationMembers.conversationId, sql.placeholder("conversationId")),
        isNull(users.deactivatedAt),
      ),
    )
    .orderBy(asc(users.name))
    .prepare(),
);

// Every listed member, deactivated or not, as mayRead has always judged: a deactivated person has
// no session, so cannot ask.
const listedMemberIds = preparedOnce((db) =>
  db
    .select({ userId: conversationMembers.userId })
    .from(conversationMembers)
    .where(eq(conversationMembers.conversationId, sql.placeholder("conversationId")))
    .prepare(),
);

const conversationById = preparedOnce((db) =>
  db
    .select()
    .from(conversations)
    .where(eq(conversations.id, sql.placeholder("id")))
    .prepare(),
);

/**
 * Whether each person counts as clinical outside a team (direct conversations and groups):
 * clinical in at least one team and non-clinical in none. Someone in no team (an administrator)
 * is not clinical. The cautious reading: patient data must not reach non-clinical staff (NHS
 * messaging guidance, DOMAIN.md), so one non-clinical role is enough to withhold it.
 */
export function clinicalStatus(userIds: string[]): Map<string, boolean> {
  const status = new Map<string, boolean>(userIds.map((id) => [id, false]));
  if (userIds.length === 0) return status;
  const rows = getDb()
    .select({ userId: memberships.userId, clinical: memberships.clinical })
    .from(memberships)
    .where(inArray(memberships.userId, [...new Set(userIds)]))
    .all();
  const seen = new Set<string>();
  for (const row of rows) {
    const before = seen.has(row.userId) ? status.get(row.userId) : true;
    status.set(row.userId, Boolean(before) && row.clinical);
    seen.add(row.userId);
  }
  return status;
}

function occurrenceOf(conversation: Conversation) {
  return {
    teamId: conversation.teamId ?? "",
    shiftTypeId: conversation.shiftTypeId ?? "",
    date: conversation.date ?? "",
  };
}

/**
 * The conversation's members now, by name. A shift thread: the people working the occurrence
 * and the team's managers (none while the occurrence is only on a draft). A team channel: the
 * team's active members. A direct conversation or group: its listed, active members.
 */
export function membersOf(conversation: Conversation): ConversationMember[] {
  if (conversation.kind === "shift") {
    const occurrence = occurrenceOf(conversation);
    if (!occurrenceIsPublished(occurrence)) return [];
    const byId = new Map<string, ConversationMember>();
    for (const w of workersOf(occurrence)) byId.set(w.userId, w);
    for (const m of activeTeamMembers().all({ teamId: occurrence.teamId })) {
      if (m.role === "manager" && !byId.has(m.userId)) byId.set(m.userId, m);
    }
    return [...byId.values()]
      .map(({ userId, name, clinical }) => ({ userId, name, clinical }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  if (conversation.kind === "team") {
    return activeTeamMembers()
      .all({ teamId: conversation.teamId ?? "" })
      .map(({ userId, name, clinical }) => ({ userId, name, clinical }));
  }
  const listed = listedMembers().all({ conversationId: conversation.id });
  const clinical = clinicalStatus(listed.map((m) => m.userId));
  return listed.map((m) => ({ ...m, clinical: clinical.get(m.userId) ?? false }));
}

/** Whether the actor may read the conversation now (and so send to it). */
export function mayRead(actor: Actor, conversation: Conversation): boolean {
  return readerCheck(conversation)(actor);
}

/**
 * `mayRead` for one conversation and many people: the rota and the member list are read at most
 * once, on the first person who needs them, and each further person costs no query. The stream
 * hub asks it for every connected person when an event for the conversation arrives. Answers as
 * of now: build a new check for each event, never keep one.
 */
export function readerCheck(conversation: Conversation): (actor: Actor) => boolean {
  const inOrganisation = (actor: Actor) => conversation.organisationId === actor.organisationId;
  if (conversation.kind === "shift") {
    const occurrence = occurrenceOf(conversation);
    let published: boolean | undefined;
    let workers: Set<string> | undefined;
    return (actor) => {
      if (!inOrganisation(actor)) return false;
      published ??= occurrenceIsPublished(occurrence);
      if (!published) return false;
      if (managesTeam(actor, occurrence.teamId)) return true;
      workers ??= new Set(workersOf(occurrence).map((w) => w.userId));
      return workers.has(actor.userId);
    };
  }
  if (conversation.kind === "team") {
    return (actor) => inOrganisation(actor) && isMemberOf(actor, conversation.teamId ?? "");
  }
  let listed: Set<string> | undefined;
  return (actor) => {
    if (!inOrganisation(actor)) return false;
    listed ??= new Set(
      listedMemberIds()
        .all({ conversationId: conversation.id })
        .map((m) => m.userId),
    );
    return listed.has(actor.userId);
  };
}

/** The conversation, if it exists (for the stream hub, which checks access with `readerCheck`). */
export function conversationWithId(conversationId: string): Conversation | undefined {
  return conversationById().get({ id: conversationId });
}

// Each stream that resumes runs this (decision 014): prepared once, the ids as one JSON list.
const conversationsByIds = preparedOnce((db) =>
  db.select().from(conversations).where(inList(conversations.id, "ids")).prepare(),
);

/** Of some conversation ids, those the actor may read now: for the event log's scope. */
export function readableConversationIds(actor: Actor, conversationIds: string[]): Set<string> {
  if (conversationIds.length === 0) return new Set();
  const rows = conversationsByIds().all({ ids: jsonList(conversationIds) });
  return new Set(rows.filter((c) => mayRead(actor, c)).map((c) => c.id));
}

/**
 * A conversation the actor may read now. Anything else (no such conversation, another
 * organisation's, a shift thread they have come off) is the same 404, and the attempt is audited.
 *
 * @throws Response 404
 */
export function getConversationToRead({
  actor,
  conversationId,
  ipAddress,
}: {
  actor: Actor;
  conversationId: string;
  ipAddress?: string;
}): Conversation {
  const conversation = conversationById().get({ id: conversationId });
  if (!conversation || !mayRead(actor, conversation)) {
    throw refuse(actor, {
      attempted: "conversation.read",
      targetType: "conversation",
      targetId: conversationId,
      ipAddress,
    });
  }
  return conversation;
}
