// Who may do what: the rules of docs/permissions.md as pure functions. Model functions call
// these for the object in hand; the UI may call them too, but only to decide what to show.

export type TeamRole = "manager" | "staff";

export type Actor = {
  userId: string;
  organisationId: string;
  name: string;
  isOrgAdmin: boolean;
  /** The teams the actor belongs to, with their role in each. */
  teams: { teamId: string; role: TeamRole }[];
};

export function isMemberOf(actor: Actor, teamId: string): boolean {
  return actor.teams.some((t) => t.teamId === teamId);
}

export function managesTeam(actor: Actor, teamId: string): boolean {
  return actor.teams.some((t) => t.teamId === teamId && t.role === "manager");
}

/** See the team's members (names, grades, roles): its members, and administrators. */
export function canViewTeam(actor: Actor, teamId: string): boolean {
  return actor.isOrgAdmin || isMemberOf(actor, teamId);
}

/** Invite and edit members, sign them out, deactivate them: the team's managers and administrators. */
export function canManageTeam(actor: Actor, teamId: string): boolean {
  return actor.isOrgAdmin || managesTeam(actor, teamId);
}

/** Create teams, appoint managers, read the audit log, set session policy. */
export function canAdministerOrganisation(actor: Actor): boolean {
  return actor.isOrgAdmin;
}

/**
 * Act on a person's account (sign them out everywhere, deactivate): an administrator for anyone
 * in the organisation but themselves; a manager for a member of a team they manage, unless that
 * person is an administrator (a manager must not be able to lock out the people who audit them).
 */
export function canActOnAccount(
  actor: Actor,
  target: { userId: string; isOrgAdmin: boolean; teamIds: string[] },
): boolean {
  if (target.userId === actor.userId) return false;
  if (actor.isOrgAdmin) return true;
  if (target.isOrgAdmin) return false;
  return target.teamIds.some((teamId) => managesTeam(actor, teamId));
}
