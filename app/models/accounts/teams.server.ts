import { and, asc, count, eq, gt, isNull, type SQL, sql } from "drizzle-orm";
import { type Db, getDb, writeTransaction } from "~/db/connection.server";
import { inList, jsonList, preparedOnce } from "~/db/prepared.server";
import { memberships, shifts, teams } from "~/db/schema.server";
import { recordAudit } from "../audit/audit.server";
import { refuse } from "../audit/refusals.server";
import { InputError } from "../errors";
import { newId } from "../ids.server";
import { RULE_SETS, type RuleSetId } from "../rules/working-time-rules";
import { checkLength } from "../text-limits";
import { isKnownTimeZone } from "../time-zones";
import { type Actor, canAdministerOrganisation, canManageTeam, canViewTeam } from "./permissions";

export type TeamSummary = {
  id: string;
  name: string;
  timeZone: string;
  memberCount: number;
  myRole: "manager" | "staff" | null;
  canManage: boolean;
};

// Every team page and the Shifts page read these: prepared once (decision 014).
const teamsWithCounts = (db: Db, where: SQL) =>
  db
    .select({
      id: teams.id,
      name: teams.name,
      timeZone: teams.timeZone,
      memberCount: count(memberships.id),
    })
    .from(teams)
    .leftJoin(memberships, eq(memberships.teamId, teams.id))
    .where(where)
    .groupBy(teams.id)
    .orderBy(asc(teams.name))
    .prepare();
const everyTeamOfOrganisation = preparedOnce((db) =>
  teamsWithCounts(db, eq(teams.organisationId, sql.placeholder("organisationId"))),
);
const someTeamsOfOrganisation = preparedOnce((db) =>
  teamsWithCounts(
    db,
    and(eq(teams.organisationId, sql.placeholder("organisationId")), inList(teams.id, "teamIds"))!,
  ),
);

/** Administrators see every team in the organisation; everyone else sees their own teams. */
export function listTeams({ actor }: { actor: Actor }): TeamSummary[] {
  const rows = actor.isOrgAdmin
    ? everyTeamOfOrganisation().all({ organisationId: actor.organisationId })
    : someTeamsOfOrganisation().all({
        organisationId: actor.organisationId,
        teamIds: jsonList(actor.teams.map((t) => t.teamId)),
      });
  return rows.map((row) => ({
    ...row,
    myRole: actor.teams.find((t) => t.teamId === row.id)?.role ?? null,
    canManage: canManageTeam(actor, row.id),
  }));
}

const teamOfOrganisation = preparedOnce((db) =>
  db
    .select()
    .from(teams)
    .where(
      and(
        eq(teams.id, sql.placeholder("teamId")),
        eq(teams.organisationId, sql.placeholder("organisationId")),
      ),
    )
    .prepare(),
);

/** A team the actor may see, with whether they manage it; anyone else gets the audited 404. */
export function getTeam({
  actor,
  teamId,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  ipAddress?: string;
}) {
  const team = teamOfOrganisation().get({ teamId, organisationId: actor.organisationId });
  if (!team || !canViewTeam(actor, teamId)) {
    throw refuse(actor, {
      attempted: "team.view",
      targetType: "team",
      targetId: teamId,
      ipAddress,
    });
  }
  return { ...team, canManage: canManageTeam(actor, teamId) };
}

/** A team the actor manages (its managers and administrators); anyone else gets the 404. */
export function getTeamToManage({
  actor,
  teamId,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  ipAddress?: string;
}) {
  const team = getTeam({ actor, teamId, ipAddress });
  if (!team.canManage) {
    throw refuse(actor, {
      attempted: "team.manage",
      targetType: "team",
      targetId: teamId,
      ipAddress,
    });
  }
  return team;
}

function checkTeamFields(name: string, timeZone: string) {
  if (!name.trim()) throw new InputError("Enter the team's name.", "name");
  checkLength(name.trim(), "teamName", { label: "Team name", field: "name" });
  if (!isKnownTimeZone(timeZone))
    throw new InputError("Choose a time zone from the list.", "timeZone");
}

export function createTeam({
  actor,
  name,
  timeZone,
  ipAddress,
}: {
  actor: Actor;
  name: string;
  timeZone: string;
  ipAddress?: string;
}): { teamId: string } {
  if (!canAdministerOrganisation(actor)) {
    throw refuse(actor, {
      attempted: "team.create",
      targetType: "organisation",
      targetId: actor.organisationId,
      ipAddress,
    });
  }
  checkTeamFields(name, timeZone);
  const db = getDb();
  return writeTransaction(() => {
    const clash = db
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.organisationId, actor.organisationId), eq(teams.name, name.trim())))
      .get();
    if (clash) throw new InputError("A team with that name already exists.", "name");
    const teamId = newId();
    db.insert(teams)
      .values({ id: teamId, organisationId: actor.organisationId, name: name.trim(), timeZone })
      .run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "team.created",
      targetType: "team",
      targetId: teamId,
      ipAddress,
      detail: { name: name.trim(), timeZone },
    });
    return { teamId };
  });
}

export function updateTeam({
  actor,
  teamId,
  name,
  timeZone,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  name: string;
  timeZone: string;
  ipAddress?: string;
}): void {
  const team = getTeam({ actor, teamId, ipAddress });
  if (!canAdministerOrganisation(actor)) {
    throw refuse(actor, {
      attempted: "team.update",
      targetType: "team",
      targetId: team.id,
      ipAddress,
    });
  }
  checkTeamFields(name, timeZone);
  const db = getDb();
  writeTransaction(() => {
    // Shifts are stored as instants made from the old zone's wall clock: changing the zone under
    // them would move every 07:30 start. Refuse while any shift still lies ahead.
    if (timeZone !== team.timeZone) {
      const ahead = db
        .select({ id: shifts.id })
        .from(shifts)
        .where(
          and(eq(shifts.teamId, team.id), isNull(shifts.removedAt), gt(shifts.endsAt, new Date())),
        )
        .get();
      if (ahead)
        throw new InputError(
          "The time zone cannot change while the team has shifts still to come: their times were set in the old zone. Remove them (or delete the draft periods) first.",
          "timeZone",
        );
    }
    const clash = db
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.organisationId, actor.organisationId), eq(teams.name, name.trim())))
      .get();
    if (clash && clash.id !== teamId)
      throw new InputError("A team with that name already exists.", "name");
    db.update(teams).set({ name: name.trim(), timeZone }).where(eq(teams.id, teamId)).run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "team.updated",
      targetType: "team",
      targetId: teamId,
      ipAddress,
      detail: { name: name.trim(), timeZone },
    });
  });
}

/**
 * Which working-time rules the team's rota is checked against: the 2016 terms and conditions
 * for doctors in training, the Working Time Regulations, or none. The team's managers choose.
 */
export function setTeamRuleSet({
  actor,
  teamId,
  ruleSet,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  ruleSet: string | null;
  ipAddress?: string;
}): void {
  const team = getTeamToManage({ actor, teamId, ipAddress });
  if (ruleSet !== null && !(RULE_SETS as readonly string[]).includes(ruleSet))
    throw new InputError("Choose one of the rule sets.", "ruleSet");
  const value = ruleSet as RuleSetId | null;
  writeTransaction(() => {
    getDb().update(teams).set({ ruleSet: value }).where(eq(teams.id, team.id)).run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "team.rule_set_changed",
      targetType: "team",
      targetId: team.id,
      ipAddress,
      detail: { before: team.ruleSet, after: value },
    });
  });
}
