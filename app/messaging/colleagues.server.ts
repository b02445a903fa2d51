// The people a person can start a direct message or group with from the New message page: the
// active members of their own teams, so that the page names nobody from a team they are not in
// (docs/permissions.md). The conversation functions themselves accept anyone in the organisation.
import { and, asc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import { memberships, teams, users } from "~/db/schema.server";
import type { Actor } from "~/models/accounts/permissions";

export type Colleague = { userId: string; name: string; grade: string; teamName: string };

/** Escapes LIKE's wildcards in a person's search words. */
function likePattern(words: string): string {
  return `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The actor's colleagues (active, in at least one of the actor's teams, not the actor), by name;
 * with `search`, only those whose name contains it (any case). Someone in two of the actor's
 * teams appears once, with the first team by name.
 */
export function colleaguesToMessage({
  actor,
  search = "",
}: {
  actor: Actor;
  search?: string;
}): Colleague[] {
  const teamIds = actor.teams.map((t) => t.teamId);
  if (teamIds.length === 0) return [];
  const words = search.trim();
  const rows = getDb()
    .select({
      userId: users.id,
      name: users.name,
      grade: memberships.grade,
      teamName: teams.name,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .where(
      and(
        inArray(memberships.teamId, teamIds),
        ne(users.id, actor.userId),
        isNull(users.deactivatedAt),
        words ? sql`${users.name} like ${likePattern(words)} escape '\\'` : undefined,
      ),
    )
    .orderBy(asc(users.name), asc(teams.name))
    .all();
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.userId) && seen.add(r.userId));
}
