// The Messages list: the threads of my current and next shift pinned first, then my
// conversations by latest activity, each with how many messages from others I have not read.
import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import {
  conversationMembers,
  conversations,
  rotaPeriods,
  shifts,
  teams,
  users,
} from "~/db/schema.server";
import type { Actor } from "~/models/accounts/permissions";
import { formatDay } from "~/models/rota/shift-display";
import { myWorkedOccurrences } from "~/models/rota/shift-occurrences.server";
import { shiftTypeNames } from "~/models/rota/shift-types.server";
import { type Conversation, mayRead } from "./conversation-access.server";
import { unreadCount } from "./read-positions.server";

export type ConversationSummary = {
  id: string;
  kind: Conversation["kind"];
  /** "Night, Tue 3 Dec · Ward 7", the team's name, the other person's name, or the group's name. */
  title: string;
  lastMessageAt: Date | null;
  unread: number;
};

export type PinnedShift = {
  teamId: string;
  shiftTypeId: string;
  date: string;
  code: string;
  startsAt: Date;
  endsAt: Date;
  /** The thread, when someone has opened it; null until then (opening it makes it). */
  conversationId: string | null;
  unread: number;
};

const DAY = 86_400_000;

/**
 * The conversations the actor may be in, before the per-conversation check: latest activity
 * first, at most `limit` (all when undefined).
 */
function candidates(actor: Actor, limit?: number): Conversation[] {
  const db = getDb();
  const teamIds = actor.teams.map((t) => t.teamId);
  const managed = actor.teams.filter((t) => t.role === "manager").map((t) => t.teamId);
  const listed = db
    .select({ id: conversationMembers.conversationId })
    .from(conversationMembers)
    .where(eq(conversationMembers.userId, actor.userId));
  const myOccurrences = db
    .select({ id: conversations.id })
    .from(conversations)
    .innerJoin(
      shifts,
      and(
        eq(shifts.teamId, conversations.teamId),
        eq(shifts.shiftTypeId, conversations.shiftTypeId),
        eq(shifts.date, conversations.date),
      ),
    )
    .innerJoin(rotaPeriods, eq(rotaPeriods.id, shifts.rotaPeriodId))
    .where(
      and(
        eq(conversations.kind, "shift"),
        eq(shifts.userId, actor.userId),
        isNull(shifts.removedAt),
        eq(rotaPeriods.status, "published"),
      ),
    );
  return db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.organisationId, actor.organisationId),
        or(
          inArray(conversations.id, listed),
          inArray(conversations.id, myOccurrences),
          teamIds.length
            ? and(eq(conversations.kind, "team"), inArray(conversations.teamId, teamIds))
            : undefined,
          managed.length
            ? and(eq(conversations.kind, "shift"), inArray(conversations.teamId, managed))
            : undefined,
        ),
      ),
    )
    .orderBy(sql`${conversations.lastMessageAt} IS NULL`, desc(conversations.lastMessageAt))
    .limit(limit ?? -1)
    .all();
}

/**
 * Every conversation the actor may read now (the per-conversation rule of
 * conversation-access.server.ts applied to each one they might be in), latest activity first:
 * what search looks through. A shift thread they have come off, a group they left and another
 * organisation's conversations are not in it.
 */
export function readableConversations(actor: Actor): Conversation[] {
  return candidates(actor).filter((c) => mayRead(actor, c));
}

/**
 * What each conversation is called for the actor: "Night, Tue 3 Dec · Ward 7", the team's name,
 * the other person's name, or the group's name; by conversation id.
 */
export function conversationTitles(actor: Actor, list: Conversation[]): Map<string, string> {
  return titles(actor, list);
}

function titles(actor: Actor, list: Conversation[]): Map<string, string> {
  const db = getDb();
  const result = new Map<string, string>();
  const teamIds = [...new Set(list.flatMap((c) => (c.teamId ? [c.teamId] : [])))];
  const teamNames = new Map(
    teamIds.length
      ? db
          .select({ id: teams.id, name: teams.name })
          .from(teams)
          .where(inArray(teams.id, teamIds))
          .all()
          .map((t) => [t.id, t.name])
      : [],
  );
  const typeNames = shiftTypeNames(list.flatMap((c) => (c.shiftTypeId ? [c.shiftTypeId] : [])));
  const otherIds = list.flatMap((c) =>
    c.kind === "direct" ? (c.directKey ?? "").split(":").filter((id) => id !== actor.userId) : [],
  );
  const names = new Map(
    otherIds.length
      ? db
          .select({ id: users.id, name: users.name })
          .from(users)
          .where(inArray(users.id, otherIds))
          .all()
          .map((u) => [u.id, u.name])
      : [],
  );
  for (const c of list) {
    const team = teamNames.get(c.teamId ?? "") ?? "";
    if (c.kind === "shift")
      result.set(
        c.id,
        `${typeNames.get(c.shiftTypeId ?? "")}, ${formatDay(c.date ?? "")} · ${team}`,
      );
    else if (c.kind === "team") result.set(c.id, team);
    else if (c.kind === "group") result.set(c.id, c.name ?? "");
    else {
      const other = (c.directKey ?? "").split(":").find((id) => id !== actor.userId) ?? "";
      result.set(c.id, names.get(other) ?? "");
    }
  }
  return result;
}

/**
 * The actor's Messages list. `pinned`: the threads of their current shift (in progress) and next
 * shift (worked, published), whether or not anyone has written in them yet. `conversations`:
 * every conversation they may read now that has been opened, latest activity first (never
 * written in last), at most `limit` (50), without the pinned ones. Each with its unread count.
 */
export function listMyConversations({
  actor,
  now = new Date(),
  limit = 50,
}: {
  actor: Actor;
  now?: Date;
  limit?: number;
}): { pinned: PinnedShift[]; conversations: ConversationSummary[] } {
  const teamIds = actor.teams.map((t) => t.teamId);
  const upcoming = myWorkedOccurrences({
    userId: actor.userId,
    teamIds,
    from: now.getTime(),
    to: now.getTime() + 56 * DAY,
  });
  const current = upcoming.find((o) => o.startsAt.getTime() <= now.getTime());
  const next = upcoming.find((o) => o.startsAt.getTime() > now.getTime());
  const readable = candidates(actor, limit * 2 + 2).filter((c) => mayRead(actor, c));
  const threadOf = (o: { teamId: string; shiftTypeId: string; date: string }) =>
    readable.find(
      (c) =>
        c.kind === "shift" &&
        c.teamId === o.teamId &&
        c.shiftTypeId === o.shiftTypeId &&
        c.date === o.date,
    ) ??
    getDb()
      .select()
      .from(conversations)
      .where(
        and(
          eq(conversations.kind, "shift"),
          eq(conversations.teamId, o.teamId),
          eq(conversations.shiftTypeId, o.shiftTypeId),
          eq(conversations.date, o.date),
        ),
      )
      .get();
  const pinned = [current, next].flatMap((o) => {
    if (!o) return [];
    const thread = threadOf(o);
    return [
      {
        teamId: o.teamId,
        shiftTypeId: o.shiftTypeId,
        date: o.date,
        code: o.code,
        startsAt: o.startsAt,
        endsAt: o.endsAt,
        conversationId: thread?.id ?? null,
        unread: thread ? unreadCount(actor.userId, thread.id) : 0,
      },
    ];
  });
  const pinnedIds = new Set(pinned.flatMap((p) => (p.conversationId ? [p.conversationId] : [])));
  const rest = readable.filter((c) => !pinnedIds.has(c.id)).slice(0, limit);
  const named = titles(actor, rest);
  return {
    pinned,
    conversations: rest.map((c) => ({
      id: c.id,
      kind: c.kind,
      title: named.get(c.id) ?? "",
      lastMessageAt: c.lastMessageAt,
      unread: unreadCount(actor.userId, c.id),
    })),
  };
}
