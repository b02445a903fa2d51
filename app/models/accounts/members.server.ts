// People in teams: their role, grade, skills and whether they are clinical; and the account
// actions a manager takes for a lost phone or a leaver (sign out everywhere, deactivate).
import { and, eq } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { memberships, users } from "~/db/schema.server";
import { recordAudit } from "../audit/audit.server";
import { refuse } from "../audit/refusals.server";
import { InputError } from "../errors";
import { appendEvent } from "../notifications/events.server";
import { notify } from "../notifications/notifications.server";
import { teamRoster } from "../rota/roster.server";
import { releaseFromRota } from "../rota/shifts.server";
import { checkLength } from "../text-limits";
import { type Actor, canActOnAccount, canManageTeam, type TeamRole } from "./permissions";
import { deleteUserSessions, listUserSessions } from "./sessions.server";
import { getTeam } from "./teams.server";

export type MemberFields = {
  role: TeamRole;
  grade: string;
  skills: string[];
  clinical: boolean;
};

export function normaliseSkills(skills: string[]): string[] {
  const seen = new Map<string, string>();
  for (const skill of skills) {
    const trimmed = skill.trim().replace(/\s+/g, " ");
    if (trimmed && !seen.has(trimmed.toLowerCase())) seen.set(trimmed.toLowerCase(), trimmed);
  }
  return [...seen.values()];
}

export function checkMemberFields(fields: MemberFields): MemberFields {
  const grade = fields.grade.trim();
  if (!grade) throw new InputError("Enter a grade or staff group, for example Band 5 RN.", "grade");
  checkLength(grade, "grade", { label: "Grade", field: "grade" });
  const skills = normaliseSkills(fields.skills);
  // Measured as the page shows them ("IV, Paeds"), the way the form's one field counts them.
  checkLength(skills.join(", "), "skills", { label: "Skills", field: "skills" });
  return { ...fields, grade, skills };
}

export function listTeamMembers({
  actor,
  teamId,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  ipAddress?: string;
}) {
  const team = getTeam({ actor, teamId, ipAddress });
  // Managers first, then staff ("manager" sorts before "staff"); by name within each.
  const rows = teamRoster(team.id).sort((a, b) => a.role.localeCompare(b.role));
  return { team, members: rows };
}

function teamIdsOf(userId: string): string[] {
  return getDb()
    .select({ teamId: memberships.teamId })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .all()
    .map((m) => m.teamId);
}

/** One member of a team, for the people who manage it. */
export function getTeamMember({
  actor,
  teamId,
  membershipId,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  membershipId: string;
  ipAddress?: string;
}) {
  const team = getTeam({ actor, teamId, ipAddress });
  const db = getDb();
  const row = db
    .select({ membership: memberships, user: users })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.id, membershipId), eq(memberships.teamId, team.id)))
    .get();
  if (!row || !canManageTeam(actor, team.id)) {
    throw refuse(actor, {
      attempted: "membership.view",
      targetType: "membership",
      targetId: membershipId,
      ipAddress,
    });
  }
  const teamIds = teamIdsOf(row.user.id);
  const sessionCount = listUserSessions(row.user.id).length;
  return {
    team,
    membership: row.membership,
    person: {
      userId: row.user.id,
      name: row.user.name,
      email: row.user.email,
      isOrgAdmin: row.user.isOrgAdmin,
      deactivatedAt: row.user.deactivatedAt,
      sessionCount,
    },
    canActOnAccount: canActOnAccount(actor, {
      userId: row.user.id,
      isOrgAdmin: row.user.isOrgAdmin,
      teamIds,
    }),
  };
}

export function updateMembership({
  actor,
  teamId,
  membershipId,
  fields,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  membershipId: string;
  fields: MemberFields;
  ipAddress?: string;
}): void {
  const { team, membership, person } = getTeamMember({ actor, teamId, membershipId, ipAddress });
  const clean = checkMemberFields(fields);
  if (
    person.userId === actor.userId &&
    membership.role === "manager" &&
    clean.role !== "manager" &&
    !actor.isOrgAdmin
  ) {
    throw new InputError(
      "You cannot remove your own manager role: ask another manager or an administrator.",
      "role",
    );
  }
  const db = getDb();
  writeTransaction(() => {
    db.update(memberships).set(clean).where(eq(memberships.id, membership.id)).run();
    // A manager reads every shift thread of the team: a change of role changes what their open
    // streams may carry, so the hub closes them and they reconnect with the new access.
    if (membership.role !== clean.role) announceMembershipChanged(person.userId, teamId);
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "membership.changed",
      targetType: "membership",
      targetId: membership.id,
      ipAddress,
      detail: {
        userId: person.userId,
        teamId,
        before: {
          role: membership.role,
          grade: membership.grade,
          skills: membership.skills,
          clinical: membership.clinical,
        },
        after: clean,
      },
    });
    const changes = describeChanges(membership, clean);
    if (person.userId !== actor.userId && changes.length) {
      notify({
        userIds: [person.userId],
        kind: "membership.changed",
        title: `Your details in ${team.name} changed`,
        body: changes.join(" "),
        link: `/team/${team.id}`,
      });
    }
  });
}

/** "Role: manager." "Grade: Band 6." — what a person needs to know changed about them. */
function describeChanges(before: MemberFields, after: MemberFields): string[] {
  const changes: string[] = [];
  if (before.role !== after.role) changes.push(`Role: ${after.role}.`);
  if (before.grade !== after.grade) changes.push(`Grade: ${after.grade}.`);
  if (before.skills.join("|") !== after.skills.join("|")) {
    changes.push(`Skills: ${after.skills.length ? after.skills.join(", ") : "none"}.`);
  }
  if (before.clinical !== after.clinical)
    changes.push(after.clinical ? "Now a clinical role." : "Now a non-clinical role.");
  return changes;
}

export function removeMembership({
  actor,
  teamId,
  membershipId,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  membershipId: string;
  ipAddress?: string;
}): void {
  const { team, membership, person } = getTeamMember({ actor, teamId, membershipId, ipAddress });
  if (person.userId === actor.userId && !actor.isOrgAdmin) {
    throw new InputError(
      "You cannot remove yourself from a team you manage: ask another manager or an administrator.",
    );
  }
  const db = getDb();
  writeTransaction(() => {
    db.delete(memberships).where(eq(memberships.id, membership.id)).run();
    announceMembershipChanged(person.userId, teamId);
    const shiftsRemoved = releaseFromRota({ actor, team, userId: person.userId, ipAddress });
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "membership.removed",
      targetType: "membership",
      targetId: membership.id,
      ipAddress,
      detail: { userId: person.userId, teamId, role: membership.role, shiftsRemoved },
    });
    if (person.userId !== actor.userId) {
      notify({
        userIds: [person.userId],
        kind: "membership.removed",
        title: `You were removed from ${team.name}`,
      });
    }
  });
}

/**
 * Appends "membership.changed" for the person (inside the change's transaction): the stream hub
 * closes their open streams, which reconnect and are scoped by their teams as they are now.
 * Joining a team (an invitation accepted, an administrator adding an account) writes it too.
 */
export function announceMembershipChanged(userId: string, teamId: string): void {
  appendEvent({
    audience: { type: "user", id: userId },
    kind: "membership.changed",
    ids: { userId, teamId },
  });
}

/** For an account action: the person, checked against what the actor may do to them. */
function accountTarget(actor: Actor, userId: string, attempted: string, ipAddress?: string) {
  const db = getDb();
  const user = db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.organisationId, actor.organisationId)))
    .get();
  const teamIds = user ? teamIdsOf(user.id) : [];
  if (!user || !canActOnAccount(actor, { userId: user.id, isOrgAdmin: user.isOrgAdmin, teamIds })) {
    throw refuse(actor, { attempted, targetType: "user", targetId: userId, ipAddress });
  }
  return user;
}

/** "Lost phone": every session of the person ends; their next request, anywhere, signs them out. */
export function signOutEverywhere({
  actor,
  userId,
  ipAddress,
}: {
  actor: Actor;
  userId: string;
  ipAddress?: string;
}): number {
  const user = accountTarget(actor, userId, "sessions.revoke_all", ipAddress);
  return writeTransaction(() => {
    const ended = deleteUserSessions(user.id);
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "sessions.revoked_all",
      targetType: "user",
      targetId: user.id,
      ipAddress,
      detail: { sessionsEnded: ended, by: actor.isOrgAdmin ? "administrator" : "manager" },
    });
    return ended;
  });
}

export function setAccountActive({
  actor,
  userId,
  active,
  ipAddress,
}: {
  actor: Actor;
  userId: string;
  active: boolean;
  ipAddress?: string;
}): void {
  const user = accountTarget(
    actor,
    userId,
    active ? "account.reactivate" : "account.deactivate",
    ipAddress,
  );
  const db = getDb();
  writeTransaction(() => {
    db.update(users)
      .set({ deactivatedAt: active ? null : new Date() })
      .where(eq(users.id, user.id))
      .run();
    const ended = active ? 0 : deleteUserSessions(user.id);
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: active ? "account.reactivated" : "account.deactivated",
      targetType: "user",
      targetId: user.id,
      ipAddress,
      detail: active ? {} : { sessionsEnded: ended },
    });
  });
}
