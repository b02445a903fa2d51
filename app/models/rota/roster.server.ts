// A team's people as the rota needs them: name, grade, skills (for cover), and whether their
// account is active. A plain query, no permission check: callers have already checked the team.
import { asc, eq, sql } from "drizzle-orm";
import { preparedOnce } from "~/db/prepared.server";
import { memberships, users } from "~/db/schema.server";

export type RosterEntry = {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  role: "manager" | "staff";
  grade: string;
  skills: string[];
  clinical: boolean;
  deactivatedAt: Date | null;
  isOrgAdmin: boolean;
};

const rosterOfTeam = preparedOnce((db) =>
  db
    .select({
      membershipId: memberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      grade: memberships.grade,
      skills: memberships.skills,
      clinical: memberships.clinical,
      deactivatedAt: users.deactivatedAt,
      isOrgAdmin: users.isOrgAdmin,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.teamId, sql.placeholder("teamId")))
    .orderBy(asc(users.name))
    .prepare(),
);

/** Everyone in the team, by name, with deactivated accounts included (and marked). */
export function teamRoster(teamId: string): RosterEntry[] {
  return rosterOfTeam().all({ teamId });
}
