// The shift changes of a team's live rota and who may open a handover at one (docs/decisions/020).
// Nothing about who writes or receives is stored: each question reads the team's worked shifts
// (published, not removed, counted by the one rule of decision 013, of clinical members still in
// the team) and applies the pure rule of `shift-change.ts`. A reassignment, a swap, leave or
// sickness therefore changes who writes and who receives at once, with no extra code.
import { and, asc, eq, gt, isNull, lte, sql } from "drizzle-orm";
import { preparedOnce } from "~/db/prepared.server";
import { memberships, rotaPeriods, shifts, shiftTypes, teams, users } from "~/db/schema.server";
import { type Actor, managesTeam } from "../accounts/permissions";
import { absencesOverlapping } from "../rota/leave.server";
import { shiftCounts } from "../rota/shift-counts";
import {
  type RotaShift,
  type ShiftChange,
  shiftChangeAt,
  shiftChanges,
  shiftsNeededFor,
} from "./shift-change";

/** A worked shift of a clinical member, as the handover screens name it. */
export type TeamShift = RotaShift & {
  name: string;
  grade: string;
  code: string;
  typeName: string;
  date: string;
};

export type HandoverTeam = { id: string; name: string; timeZone: string; organisationId: string };

const liveTeamShifts = preparedOnce((db) =>
  db
    .select({
      shiftId: shifts.id,
      userId: shifts.userId,
      startsAt: shifts.startsAt,
      endsAt: shifts.endsAt,
      date: shifts.date,
      removedAt: shifts.removedAt,
      name: users.name,
      deactivatedAt: users.deactivatedAt,
      grade: memberships.grade,
      clinical: memberships.clinical,
      code: shiftTypes.code,
      typeName: shiftTypes.name,
    })
    .from(shifts)
    .innerJoin(rotaPeriods, eq(rotaPeriods.id, shifts.rotaPeriodId))
    .innerJoin(users, eq(users.id, shifts.userId))
    .innerJoin(shiftTypes, eq(shiftTypes.id, shifts.shiftTypeId))
    // Only people still in the team: a leaver's shifts stay on the rota, not their access.
    .innerJoin(
      memberships,
      and(eq(memberships.teamId, shifts.teamId), eq(memberships.userId, shifts.userId)),
    )
    .where(
      and(
        eq(shifts.teamId, sql.placeholder("teamId")),
        gt(shifts.startsAt, sql.placeholder("after")),
        lte(shifts.startsAt, sql.placeholder("until")),
        isNull(shifts.removedAt),
        eq(rotaPeriods.status, "published"),
      ),
    )
    .orderBy(asc(shifts.startsAt), asc(users.name))
    .prepare(),
);

/**
 * The team's worked shifts of clinical members starting after `after` and up to `until` (UTC ms):
 * published, not removed, person active and not on leave or off sick (decision 013). A ward
 * clerk's shift makes no shift change: handover is between clinical staff.
 */
export function workedClinicalShifts(teamId: string, after: number, until: number): TeamShift[] {
  const rows = liveTeamShifts().all({ teamId, after, until });
  const absences = absencesOverlapping(rows);
  return rows
    .filter(
      (row) => row.clinical && shiftCounts({ ...row, personActive: !row.deactivatedAt }, absences),
    )
    .map((row) => ({
      shiftId: row.shiftId,
      userId: row.userId,
      startsAt: row.startsAt.getTime(),
      endsAt: row.endsAt.getTime(),
      name: row.name,
      grade: row.grade,
      code: row.code,
      typeName: row.typeName,
      date: row.date,
    }));
}

/** The shift change at `at` on the team's live rota, or null when there is none now. */
export function liveShiftChangeAt(teamId: string, at: number): ShiftChange<TeamShift> | null {
  const { startsAfter, startsUntil } = shiftsNeededFor(at);
  return shiftChangeAt(workedClinicalShifts(teamId, startsAfter, startsUntil), at);
}

/** Every shift change of the team whose instant lies in [from, to] (UTC ms), in order. */
export function liveShiftChangesBetween(
  teamId: string,
  from: number,
  to: number,
): ShiftChange<TeamShift>[] {
  const before = shiftsNeededFor(from);
  const after = shiftsNeededFor(to);
  return shiftChanges(workedClinicalShifts(teamId, before.startsAfter, after.startsUntil)).filter(
    (c) => c.at >= from && c.at <= to,
  );
}

const teamInOrganisation = preparedOnce((db) =>
  db
    .select({
      id: teams.id,
      name: teams.name,
      timeZone: teams.timeZone,
      organisationId: teams.organisationId,
    })
    .from(teams)
    .where(
      and(
        eq(teams.id, sql.placeholder("teamId")),
        eq(teams.organisationId, sql.placeholder("organisationId")),
      ),
    )
    .prepare(),
);

/** The team if it is in the actor's organisation (no other check), else undefined. */
export function teamOf(actor: Actor, teamId: string): HandoverTeam | undefined {
  return teamInOrganisation().get({ teamId, organisationId: actor.organisationId });
}

const everyTeam = preparedOnce((db) =>
  db
    .select({
      id: teams.id,
      name: teams.name,
      timeZone: teams.timeZone,
      organisationId: teams.organisationId,
    })
    .from(teams)
    .prepare(),
);

/** Every team of every organisation, for Baton's own sweeps (overdue handovers, every minute). */
export function allTeams(): HandoverTeam[] {
  return everyTeam().all();
}

export type HandoverRelation = "outgoing" | "incoming" | "manager";

/**
 * How the actor stands to a shift change: on an outgoing shift, on an incoming shift (clinical
 * members only: the change holds only their shifts), or a manager of the team. An empty list
 * means no access (docs/permissions.md: a 404 like a handover that does not exist).
 */
export function relationsTo(
  actor: Actor,
  teamId: string,
  change: ShiftChange<TeamShift> | null,
): HandoverRelation[] {
  const relations: HandoverRelation[] = [];
  if (change?.outgoing.some((s) => s.userId === actor.userId)) relations.push("outgoing");
  if (change?.incoming.some((s) => s.userId === actor.userId)) relations.push("incoming");
  if (managesTeam(actor, teamId)) relations.push("manager");
  return relations;
}
