// Finding and making conversations: the thread of a shift occurrence, the team channel, a direct
// conversation with one colleague, and named groups. Shift threads and team channels exist for
// every published occurrence and every team; their rows are made the first time someone opens
// them. Direct conversations and groups stay inside one organisation.
//
// Groups: the creator names the group, adds people (at most GROUP_SIZE_LIMIT in all) and renames
// it; any member may leave. Access is the member row alone, with no date on it, so a person added
// (or added again after leaving) reads the group's whole history, as a person who comes on to a
// shift reads its thread's (docs/decisions/016). A creator who leaves leaves the group's people
// and name as they are: nobody else may change them.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { conversationMembers, conversations, users } from "~/db/schema.server";
import { type Actor, isMemberOf, managesTeam } from "~/models/accounts/permissions";
import { refuse } from "~/models/audit/refusals.server";
import { InputError } from "~/models/errors";
import { newId } from "~/models/ids.server";
import { appendEvent } from "~/models/notifications/events.server";
import { occurrenceIsPublished, workersOf } from "~/models/rota/shift-occurrences.server";
import { checkLength } from "~/models/text-limits";
import { type Conversation, getConversationToRead, mayRead } from "./conversation-access.server";

/** A group holds at most this many people, its creator included (issue 9). */
export const GROUP_SIZE_LIMIT = 20;

function refuseConversation(actor: Actor, attempted: string, targetId: string, ipAddress?: string) {
  return refuse(actor, { attempted, targetType: "conversation", targetId, ipAddress });
}

/** Inserts the row unless its unique key already has one, then returns whichever is stored. */
function findOrInsert(
  values: typeof conversations.$inferInsert,
  find: () => Conversation | undefined,
): Conversation {
  return writeTransaction(() => {
    const found = find();
    if (found) return found;
    getDb().insert(conversations).values(values).run();
    const made = find();
    if (!made) throw new Error("conversation vanished after insert");
    return made;
  });
}

/**
 * The thread of a shift occurrence (team, shift type, local date), made on first use. Only its
 * members may open it: the people working it now and the team's managers, once it is published.
 *
 * @throws Response 404 for anyone else, an unpublished occurrence, or another team's shift type.
 */
export function openShiftThread({
  actor,
  teamId,
  shiftTypeId,
  date,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  shiftTypeId: string;
  date: string;
  ipAddress?: string;
}): Conversation {
  const occurrence = { teamId, shiftTypeId, date };
  const member =
    isMemberOf(actor, teamId) &&
    occurrenceIsPublished(occurrence) &&
    (managesTeam(actor, teamId) || workersOf(occurrence).some((w) => w.userId === actor.userId));
  if (!member)
    throw refuseConversation(
      actor,
      "shift_thread.open",
      `${teamId}/${shiftTypeId}/${date}`,
      ipAddress,
    );
  const find = () =>
    getDb()
      .select()
      .from(conversations)
      .where(
        and(
          eq(conversations.kind, "shift"),
          eq(conversations.teamId, teamId),
          eq(conversations.shiftTypeId, shiftTypeId),
          eq(conversations.date, date),
        ),
      )
      .get();
  return (
    find() ??
    findOrInsert(
      {
        id: newId(),
        organisationId: actor.organisationId,
        kind: "shift",
        teamId,
        shiftTypeId,
        date,
        createdByUserId: actor.userId,
      },
      find,
    )
  );
}

/**
 * The team's channel, made on first use: every active member of the team is in it.
 *
 * @throws Response 404 for anyone not in the team.
 */
export function openTeamChannel({
  actor,
  teamId,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  ipAddress?: string;
}): Conversation {
  if (!isMemberOf(actor, teamId))
    throw refuseConversation(actor, "team_channel.open", teamId, ipAddress);
  const find = () =>
    getDb()
      .select()
      .from(conversations)
      .where(and(eq(conversations.kind, "team"), eq(conversations.teamId, teamId)))
      .get();
  return (
    find() ??
    findOrInsert(
      {
        id: newId(),
        organisationId: actor.organisationId,
        kind: "team",
        teamId,
        createdByUserId: actor.userId,
      },
      find,
    )
  );
}

/** Active people of the actor's organisation among `userIds`, by id. */
function colleaguesIn(actor: Actor, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, { id: string; name: string }>();
  const rows = getDb()
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      and(
        inArray(users.id, userIds),
        eq(users.organisationId, actor.organisationId),
        isNull(users.deactivatedAt),
      ),
    )
    .all();
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The one direct conversation between the actor and a colleague, made on first use.
 *
 * @throws InputError for a conversation with oneself; Response 404 for someone outside the
 *   organisation, deactivated or unknown (the caller cannot tell which).
 */
export function openDirectConversation({
  actor,
  userId,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  userId: string;
  now?: Date;
  ipAddress?: string;
}): Conversation {
  if (userId === actor.userId)
    throw new InputError("Choose someone other than yourself.", "userId");
  if (!colleaguesIn(actor, [userId]).has(userId)) {
    throw refuse(actor, {
      attempted: "direct_conversation.open",
      targetType: "user",
      targetId: userId,
      ipAddress,
    });
  }
  const directKey = [actor.userId, userId].sort().join(":");
  const find = () =>
    getDb().select().from(conversations).where(eq(conversations.directKey, directKey)).get();
  const found = find();
  if (found) return found;
  return writeTransaction(() => {
    const raced = find();
    if (raced) return raced;
    const id = newId();
    const db = getDb();
    db.insert(conversations)
      .values({
        id,
        organisationId: actor.organisationId,
        kind: "direct",
        directKey,
        createdByUserId: actor.userId,
      })
      .run();
    for (const member of [actor.userId, userId]) {
      db.insert(conversationMembers)
        .values({ conversationId: id, userId: member, addedByUserId: actor.userId, addedAt: now })
        .run();
      appendEvent({
        audience: { type: "user", id: member },
        kind: "conversation.created",
        ids: { conversationId: id },
        now,
      });
    }
    return find() as Conversation;
  });
}

function checkGroupName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new InputError("Give the group a name.", "name");
  checkLength(trimmed, "conversationName", { label: "The group's name", field: "name" });
  return trimmed;
}

/** The people to add, checked: all in the actor's organisation and active. */
function checkColleagues(actor: Actor, userIds: string[]): string[] {
  const wanted = [...new Set(userIds)].filter((id) => id !== actor.userId);
  const found = colleaguesIn(actor, wanted);
  if (wanted.some((id) => !found.has(id)))
    throw new InputError("Choose people in your organisation whose accounts are open.", "userIds");
  return wanted;
}

function tooBig(): InputError {
  return new InputError(
    `A group can have at most ${GROUP_SIZE_LIMIT} people, you included.`,
    "userIds",
  );
}

/**
 * How many of a group's GROUP_SIZE_LIMIT places are taken: every listed person, deactivated ones
 * included, because an account that is reactivated comes back into its groups.
 */
export function groupPlacesTaken(conversationId: string): number {
  return getDb()
    .select({ userId: conversationMembers.userId })
    .from(conversationMembers)
    .where(eq(conversationMembers.conversationId, conversationId))
    .all().length;
}

/**
 * A new group, named by its creator, with the creator and `userIds` in it (at most
 * GROUP_SIZE_LIMIT people in all, all in the creator's organisation).
 *
 * @throws InputError for a blank or overlong name, too many people, or anyone outside the
 *   organisation or deactivated.
 */
export function createGroup({
  actor,
  name,
  userIds,
  now = new Date(),
}: {
  actor: Actor;
  name: string;
  userIds: string[];
  now?: Date;
}): Conversation {
  const groupName = checkGroupName(name);
  const others = checkColleagues(actor, userIds);
  if (others.length + 1 > GROUP_SIZE_LIMIT) throw tooBig();
  const id = newId();
  return writeTransaction(() => {
    const db = getDb();
    db.insert(conversations)
      .values({
        id,
        organisationId: actor.organisationId,
        kind: "group",
        name: groupName,
        createdByUserId: actor.userId,
      })
      .run();
    for (const member of [actor.userId, ...others]) {
      db.insert(conversationMembers)
        .values({ conversationId: id, userId: member, addedByUserId: actor.userId, addedAt: now })
        .run();
      appendEvent({
        audience: { type: "user", id: member },
        kind: "conversation.created",
        ids: { conversationId: id },
        now,
      });
    }
    return db.select().from(conversations).where(eq(conversations.id, id)).get() as Conversation;
  });
}

/**
 * Adds people to a group. Only the group's creator may; the group stays within
 * GROUP_SIZE_LIMIT and the organisation. Adding someone already in it changes nothing.
 * Returns the ids of the people newly added.
 *
 * @throws Response 404 when the actor cannot read the group; InputError when they did not make
 *   it, when it is not a group, or for the same reasons as `createGroup`.
 */
export function addToGroup({
  actor,
  conversationId,
  userIds,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  conversationId: string;
  userIds: string[];
  now?: Date;
  ipAddress?: string;
}): string[] {
  const group = groupToManage(actor, conversationId, "add people to it", ipAddress);
  const wanted = checkColleagues(actor, userIds);
  if (wanted.length === 0) throw new InputError("Choose at least one person to add.", "userIds");
  return writeTransaction(() => {
    const db = getDb();
    // Again inside the write lock: the creator may have left the group meanwhile.
    if (!mayRead(actor, group)) throw new InputError("You are no longer in this group.");
    const current = new Set(
      db
        .select({ userId: conversationMembers.userId })
        .from(conversationMembers)
        .where(eq(conversationMembers.conversationId, group.id))
        .all()
        .map((r) => r.userId),
    );
    const added = wanted.filter((id) => !current.has(id));
    if (current.size + added.length > GROUP_SIZE_LIMIT) throw tooBig();
    for (const userId of added) {
      db.insert(conversationMembers)
        .values({ conversationId: group.id, userId, addedByUserId: actor.userId, addedAt: now })
        .run();
      appendEvent({
        audience: { type: "user", id: userId },
        kind: "conversation.member-added",
        ids: { conversationId: group.id, userId },
        now,
      });
      appendEvent({
        audience: { type: "conversation", id: group.id },
        kind: "conversation.member-added",
        ids: { conversationId: group.id, userId },
        now,
      });
    }
    return added;
  });
}

/**
 * A group the actor may read and change: only its creator may add people or rename it.
 *
 * @throws Response 404 when the actor cannot read it; InputError when it is not a group or they
 *   did not make it.
 */
function groupToManage(
  actor: Actor,
  conversationId: string,
  what: string,
  ipAddress?: string,
): Conversation {
  const group = getConversationToRead({ actor, conversationId, ipAddress });
  if (group.kind !== "group")
    throw new InputError("Only a group's people and name can be changed.");
  if (group.createdByUserId !== actor.userId)
    throw new InputError(`Only the person who made this group can ${what}.`);
  return group;
}

/**
 * Renames a group. Only its creator may.
 *
 * @throws Response 404 when the actor cannot read the group; InputError when they did not make
 *   it, when it is not a group, or for a blank or overlong name.
 */
export function renameGroup({
  actor,
  conversationId,
  name,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  conversationId: string;
  name: string;
  now?: Date;
  ipAddress?: string;
}): void {
  const group = groupToManage(actor, conversationId, "rename it", ipAddress);
  const groupName = checkGroupName(name);
  writeTransaction(() => {
    if (!mayRead(actor, group)) throw new InputError("You are no longer in this group.");
    getDb()
      .update(conversations)
      .set({ name: groupName })
      .where(eq(conversations.id, group.id))
      .run();
    appendEvent({
      audience: { type: "conversation", id: group.id },
      kind: "conversation.renamed",
      ids: { conversationId: group.id },
      now,
    });
  });
}

/**
 * The actor leaves a group: from now on it is "not found" to them, and its events stop. Leaving
 * twice changes nothing. Direct conversations, shift threads and team channels cannot be left:
 * their members come from the pair, the rota or the team.
 *
 * @throws Response 404 when the actor is not in it; InputError when it is not a group.
 */
export function leaveGroup({
  actor,
  conversationId,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  conversationId: string;
  now?: Date;
  ipAddress?: string;
}): void {
  const group = getConversationToRead({ actor, conversationId, ipAddress });
  if (group.kind !== "group") throw new InputError("Only a group can be left.");
  writeTransaction(() => {
    const left = getDb()
      .delete(conversationMembers)
      .where(
        and(
          eq(conversationMembers.conversationId, group.id),
          eq(conversationMembers.userId, actor.userId),
        ),
      )
      .run().changes;
    if (left === 0) return;
    const ids = { conversationId: group.id, userId: actor.userId };
    // To those still in it, and to the person who left (no longer a reader of the group's own
    // events), so that their other tabs drop it too.
    appendEvent({
      audience: { type: "conversation", id: group.id },
      kind: "conversation.member-left",
      ids,
      now,
    });
    appendEvent({
      audience: { type: "user", id: actor.userId },
      kind: "conversation.member-left",
      ids,
      now,
    });
  });
}
