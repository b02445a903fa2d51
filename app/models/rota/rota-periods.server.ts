// Rota periods: a manager drafts one (only the team's managers see a draft), fills it with
// shifts, reviews coverage and working-time breaches, and publishes it. Publishing tells every
// person with a shift in it; from then on every change is recorded and told (shifts.server.ts).
import { createHash } from "node:crypto";
import { and, asc, eq, gte, isNull, lte, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { preparedOnce } from "~/db/prepared.server";
import { rotaPeriods, shiftChanges, shifts, shiftTypes, users } from "~/db/schema.server";
import type { Actor } from "../accounts/permissions";
import { getTeam, getTeamToManage } from "../accounts/teams.server";
import { recordAudit } from "../audit/audit.server";
import { refuse } from "../audit/refusals.server";
import { InputError } from "../errors";
import { newId } from "../ids.server";
import { type DateKey, localDateKey } from "../local-time";
import { appendEvent } from "../notifications/events.server";
import { notify } from "../notifications/notifications.server";
import { absencesOverlapping } from "./leave.server";
import type { LeaveKind } from "./leave-rules";
import { checkPeriodDates, describePeriod, overlappingPeriod } from "./rota-period-rules";
import { absenceKindOf, whyNotWorked } from "./shift-counts";

export type RotaPeriod = typeof rotaPeriods.$inferSelect;

/** Who asks about which period of which team: the arguments of most rota functions. */
export type PeriodRequest = { actor: Actor; teamId: string; periodId: string; ipAddress?: string };

/** The team's periods the actor may see: all of them for its managers, published ones for staff. */
export function listRotaPeriods({
  actor,
  teamId,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  ipAddress?: string;
}) {
  const team = getTeam({ actor, teamId, ipAddress });
  const periods = (team.canManage ? everyPeriodOfTeam : publishedPeriodsOfTeam)().all({
    teamId: team.id,
  });
  return { team, periods };
}

// The rota page lists these on every view: prepared once (decision 014).
const everyPeriodOfTeam = preparedOnce((db) =>
  db
    .select()
    .from(rotaPeriods)
    .where(eq(rotaPeriods.teamId, sql.placeholder("teamId")))
    .orderBy(asc(rotaPeriods.startDate))
    .prepare(),
);
const publishedPeriodsOfTeam = preparedOnce((db) =>
  db
    .select()
    .from(rotaPeriods)
    .where(
      and(eq(rotaPeriods.teamId, sql.placeholder("teamId")), eq(rotaPeriods.status, "published")),
    )
    .orderBy(asc(rotaPeriods.startDate))
    .prepare(),
);

/**
 * One period of a team. A draft is the team's managers' alone: to anyone else it does not exist
 * (the same 404 as a wrong id, and the attempt is audited). With `manage`, only managers pass.
 */
export function getRotaPeriod({
  actor,
  teamId,
  periodId,
  manage = false,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  periodId: string;
  manage?: boolean;
  ipAddress?: string;
}) {
  const team = manage
    ? getTeamToManage({ actor, teamId, ipAddress })
    : getTeam({ actor, teamId, ipAddress });
  const period = getDb()
    .select()
    .from(rotaPeriods)
    .where(and(eq(rotaPeriods.id, periodId), eq(rotaPeriods.teamId, team.id)))
    .get();
  if (!period || (period.status === "draft" && !team.canManage)) {
    throw refuse(actor, {
      attempted: manage ? "rota_period.manage" : "rota_period.view",
      targetType: "rota_period",
      targetId: periodId,
      ipAddress,
    });
  }
  return { team, period };
}

/**
 * The period's status as it is now, read inside the caller's write transaction: a status read
 * before the lock was taken may have been changed since by another connection (a second
 * manager publishing, a script).
 */
export function currentStatus(periodId: string): RotaPeriod["status"] | undefined {
  return getDb()
    .select({ status: rotaPeriods.status })
    .from(rotaPeriods)
    .where(eq(rotaPeriods.id, periodId))
    .get()?.status;
}

export function createRotaPeriod({
  actor,
  teamId,
  startDate,
  endDate,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  startDate: string;
  endDate: string;
  ipAddress?: string;
}): { periodId: string } {
  const team = getTeamToManage({ actor, teamId, ipAddress });
  const today = localDateKey(Date.now(), team.timeZone);
  const problem = checkPeriodDates(startDate, endDate, today)[0];
  if (problem) throw new InputError(problem.message, problem.field);
  const db = getDb();
  return writeTransaction(() => {
    const existing = db.select().from(rotaPeriods).where(eq(rotaPeriods.teamId, team.id)).all();
    const clash = overlappingPeriod({ startDate, endDate }, existing);
    if (clash) {
      throw new InputError(
        `These dates overlap the ${clash.status} period ${describePeriod(clash.startDate, clash.endDate)}.`,
        "startDate",
      );
    }
    const periodId = newId();
    db.insert(rotaPeriods)
      .values({
        id: periodId,
        teamId: team.id,
        startDate,
        endDate,
        status: "draft",
        createdByUserId: actor.userId,
      })
      .run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "rota_period.created",
      targetType: "rota_period",
      targetId: periodId,
      ipAddress,
      detail: { teamId: team.id, startDate, endDate },
    });
    return { periodId };
  });
}

/** A draft can be thrown away with its shifts; a published period is history and stays. */
export function deleteDraftPeriod({ actor, teamId, periodId, ipAddress }: PeriodRequest): void {
  const { period } = getRotaPeriod({ actor, teamId, periodId, manage: true, ipAddress });
  const db = getDb();
  writeTransaction(() => {
    if (currentStatus(period.id) !== "draft")
      throw new InputError(
        "A published rota cannot be deleted; change or remove its shifts instead.",
      );
    db.delete(shiftChanges).where(eq(shiftChanges.rotaPeriodId, period.id)).run();
    db.delete(shifts).where(eq(shifts.rotaPeriodId, period.id)).run();
    db.delete(rotaPeriods).where(eq(rotaPeriods.id, period.id)).run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "rota_period.deleted",
      targetType: "rota_period",
      targetId: period.id,
      ipAddress,
      detail: { teamId: period.teamId, startDate: period.startDate, endDate: period.endDate },
    });
  });
}

/** A shift still on a period's rota on a day its person is on approved leave or off sick. */
export type ShiftDuringAbsence = {
  shiftId: string;
  userId: string;
  name: string;
  date: string;
  code: string;
  kind: LeaveKind;
};

/**
 * The period's live shifts that fall on their person's approved leave or sickness (by the
 * shift's start date, `whyNotWorked`), by date then name. They stay on the rota until a manager
 * gives them to someone else, and count as worked nowhere meanwhile. For managers only: it
 * names sickness.
 */
export function shiftsDuringAbsence(periodId: string): ShiftDuringAbsence[] {
  const rows = getDb()
    .select({
      shiftId: shifts.id,
      userId: shifts.userId,
      name: users.name,
      date: shifts.date,
      code: shiftTypes.code,
    })
    .from(shifts)
    .innerJoin(users, eq(users.id, shifts.userId))
    .innerJoin(shiftTypes, eq(shiftTypes.id, shifts.shiftTypeId))
    .where(and(eq(shifts.rotaPeriodId, periodId), isNull(shifts.removedAt)))
    .all();
  const absences = absencesOverlapping(rows);
  const found: ShiftDuringAbsence[] = [];
  for (const row of rows) {
    // Active whatever the account: a closed account's shifts are the grid's to show, not this list's.
    const kind = absenceKindOf(whyNotWorked({ ...row, personActive: true }, absences));
    if (kind) found.push({ ...row, kind });
  }
  return found.sort(
    (a, b) =>
      a.date.localeCompare(b.date) || a.name.localeCompare(b.name) || a.code.localeCompare(b.code),
  );
}

/**
 * What the manager confirms when publishing a draft with shifts during absence: a digest of
 * exactly that list. If the list changes between seeing it and confirming (more leave approved,
 * a shift moved), the old confirmation no longer matches and the manager is asked again.
 */
function confirmationFor(periodId: string, list: ShiftDuringAbsence[]): string {
  // Who, when and what, not only which shift: a shift handed to someone else also away, or moved
  // to another day of the same leave, is a different list that the manager has not seen.
  const text = [
    periodId,
    ...list.map((s) => `${s.shiftId}:${s.userId}:${s.date}:${s.code}:${s.kind}`),
  ].join(",");
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

/**
 * The confirmation a manager sends with Publish for the draft as it is now: the shifts during
 * absence it would publish, and the digest `publishRotaPeriod` checks. The page shows the list
 * in its one "Publish?" confirmation, so the manager confirms both at once.
 */
export function publishConfirmation(periodId: string): {
  duringAbsence: ShiftDuringAbsence[];
  confirmation: string;
} {
  const duringAbsence = shiftsDuringAbsence(periodId);
  return { duringAbsence, confirmation: confirmationFor(periodId, duringAbsence) };
}

export type PublishResult =
  | { published: true; told: number }
  /** Nothing was published: the manager must confirm these shifts first, sending `confirmation`. */
  | { published: false; duringAbsence: ShiftDuringAbsence[]; confirmation: string };

/**
 * Publishes a draft: everyone in the team can now see it, and each person with shifts in it is
 * told. The review (gaps and breaches) is the manager's to read first; it does not block. Shifts
 * that fall during approved leave or sickness do: the first call returns them (publishing
 * nothing) with a `confirmation`, and publishing goes ahead only when that confirmation is sent
 * back for the same list (issue 6: a rota must not go out with leave days shown as work
 * unnoticed). Those shifts are published as they are, and count as worked nowhere.
 *
 * Throws InputError when the period is already published.
 */
/** The team's published rota period that covers a local date, if any. */
export function publishedPeriodOn(teamId: string, date: DateKey): RotaPeriod | undefined {
  return getDb()
    .select()
    .from(rotaPeriods)
    .where(
      and(
        eq(rotaPeriods.teamId, teamId),
        eq(rotaPeriods.status, "published"),
        lte(rotaPeriods.startDate, date),
        gte(rotaPeriods.endDate, date),
      ),
    )
    .get();
}

export function publishRotaPeriod({
  actor,
  teamId,
  periodId,
  confirmation,
  now = new Date(),
  ipAddress,
}: PeriodRequest & { confirmation?: string; now?: Date }): PublishResult {
  const { team, period } = getRotaPeriod({ actor, teamId, periodId, manage: true, ipAddress });
  const db = getDb();
  return writeTransaction((): PublishResult => {
    // Re-read inside the lock: two managers pressing Publish at once publish (and tell) once.
    if (currentStatus(period.id) !== "draft")
      throw new InputError("This rota is already published.");
    const duringAbsence = shiftsDuringAbsence(period.id);
    const expected = confirmationFor(period.id, duringAbsence);
    if (duringAbsence.length && confirmation !== expected)
      return { published: false, duringAbsence, confirmation: expected };
    db.update(rotaPeriods)
      .set({ status: "published", publishedAt: now, publishedByUserId: actor.userId })
      .where(eq(rotaPeriods.id, period.id))
      .run();
    // Published shifts count as new to their people from now, for "changed since you looked".
    db.update(shifts)
      .set({ updatedAt: now })
      .where(and(eq(shifts.rotaPeriodId, period.id), isNull(shifts.removedAt)))
      .run();
    const counts = new Map<string, number>();
    for (const row of db
      .select({ userId: shifts.userId })
      .from(shifts)
      .where(and(eq(shifts.rotaPeriodId, period.id), isNull(shifts.removedAt)))
      .all()) {
      counts.set(row.userId, (counts.get(row.userId) ?? 0) + 1);
    }
    // The period's shift threads open to the people on them now (docs/decisions/016).
    appendEvent({
      audience: { type: "team", id: team.id },
      kind: "rota.published",
      ids: { teamId: team.id, rotaPeriodId: period.id },
      now,
    });
    const dates = describePeriod(period.startDate, period.endDate);
    for (const [userId, count] of counts) {
      notify({
        userIds: [userId],
        kind: "rota.published",
        title: `Rota published: ${team.name}`,
        body: `${dates}. You have ${count} shift${count === 1 ? "" : "s"}.`,
        // The rota itself, at its first week: the view that fits a phone.
        link: `/team/${team.id}/rota?week=${period.startDate}`,
        now,
      });
    }
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "rota_period.published",
      targetType: "rota_period",
      targetId: period.id,
      ipAddress,
      detail: {
        teamId: team.id,
        startDate: period.startDate,
        endDate: period.endDate,
        told: counts.size,
        duringAbsence: duringAbsence.length,
      },
    });
    return { published: true, told: counts.size };
  });
}
