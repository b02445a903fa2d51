// How many messages from others a person has not read, across every conversation they may read:
// the figure on the Messages tab. The layout runs it on every page, so it is one statement
// prepared once (docs/decisions/014) that finds the conversations with anything unread after the
// person's read position; only those few then go through the access check (mayRead), which asks
// the rota for shift threads (docs/decisions/016), so a thread someone has come off never counts.
import { and, eq, exists, inArray, isNull, or, sql } from "drizzle-orm";
import { inList, jsonList, preparedOnce } from "~/db/prepared.server";
import {
  conversationMembers,
  conversationReads,
  conversations,
  messages,
  rotaPeriods,
  shifts,
} from "~/db/schema.server";
import type { Actor } from "~/models/accounts/permissions";
import { mayRead } from "./conversation-access.server";

const unreadByConversation = preparedOnce((db) =>
  db
    .select({
      conversation: conversations,
      unread: sql<number>`(
        select count(*) from ${messages}
        where ${messages.conversationId} = ${conversations.id}
          and ${messages.senderUserId} <> ${sql.placeholder("userId")}
          and (${messages.createdAt}, ${messages.id}) >
            (coalesce(${conversationReads.messageCreatedAt}, -1), coalesce(${conversationReads.messageId}, ''))
      )`,
    })
    .from(conversations)
    .leftJoin(
      conversationReads,
      and(
        eq(conversationReads.conversationId, conversations.id),
        eq(conversationReads.userId, sql.placeholder("userId")),
      ),
    )
    .where(
      and(
        eq(conversations.organisationId, sql.placeholder("organisationId")),
        // Nothing written since the position: skip the count (same millisecond, later id: keep).
        sql`${conversations.lastMessageAt} >= coalesce(${conversationReads.messageCreatedAt}, -1)`,
        or(
          inArray(
            conversations.id,
            db
              .select({ id: conversationMembers.conversationId })
              .from(conversationMembers)
              .where(eq(conversationMembers.userId, sql.placeholder("userId"))),
          ),
          and(eq(conversations.kind, "team"), inList(conversations.teamId, "teamIds")),
          and(eq(conversations.kind, "shift"), inList(conversations.teamId, "managedTeamIds")),
          and(
            eq(conversations.kind, "shift"),
            exists(
              db
                .select({ one: sql`1` })
                .from(shifts)
                .innerJoin(rotaPeriods, eq(rotaPeriods.id, shifts.rotaPeriodId))
                .where(
                  and(
                    eq(shifts.teamId, conversations.teamId),
                    eq(shifts.shiftTypeId, conversations.shiftTypeId),
                    eq(shifts.date, conversations.date),
                    eq(shifts.userId, sql.placeholder("userId")),
                    isNull(shifts.removedAt),
                    eq(rotaPeriods.status, "published"),
                  ),
                ),
            ),
          ),
        ),
      ),
    )
    .prepare(),
);

/** The number of messages from others the actor has not read, in conversations they may read now. */
export function unreadMessageTotal({ actor }: { actor: Actor }): number {
  const rows = unreadByConversation().all({
    userId: actor.userId,
    organisationId: actor.organisationId,
    teamIds: jsonList(actor.teams.map((t) => t.teamId)),
    managedTeamIds: jsonList(actor.teams.filter((t) => t.role === "manager").map((t) => t.teamId)),
  });
  let total = 0;
  for (const row of rows) {
    if (row.unread > 0 && mayRead(actor, row.conversation)) total += row.unread;
  }
  return total;
}
