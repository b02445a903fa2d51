// Single shifts on the rota: a manager adds, moves, reassigns and removes them on top of what
// patterns and imports made. Nobody is put on a shift during their approved leave or at the
// same time as another of their shifts. In a published period every change is recorded (who,
// what, when) and told to the people it affects; a draft changes quietly.
import { and, desc, eq, gt, gte, inArray, isNull, lt, lte } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import {
  leaveRequests,
  memberships,
  rotaPatterns,
  rotaPeriods,
  shiftChanges,
  shifts,
  shiftTypes,
  users,
} from "~/db/schema.server";
import type { Actor } from "../accounts/permissions";
import { getTeamToManage } from "../accounts/teams.server";
import { recordAudit } from "../audit/audit.server";
import { refuse } from "../audit/refusals.server";
import { InputError } from "../errors";
import { newId, newTimeOrderedId } from "../ids.server";
import { isDateKey, realDateMessage } from "../local-time";
import { appendEvent } from "../notifications/events.server";
import { notify } from "../notifications/notifications.server";
import type { Breach } from "../rules/working-time-rules";
import { describeAbsence } from "./leave-rules";
import { teamRoster } from "./roster.server";
import { shiftInstants } from "./rota-patterns";
import {
  currentStatus,
  getRotaPeriod,
  type PeriodRequest,
  type RotaPeriod,
} from "./rota-periods.server";
import { breachesForShift } from "./rota-review.server";
import { dayViewPath, describeShift, formatDay } from "./shift-display";
import { currentShiftTypes } from "./shift-types.server";

type ShiftTypeRow = typeof shiftTypes.$inferSelect;
type Team = { id: string; name: string; timeZone: string; ruleSet: "tcs2016" | "wtr" | null };

/** A person a shift or pattern can go to: an active member of the team. */
export function memberToAssign(teamId: string, userId: string) {
  const row = getDb()
    .select({ userId: users.id, name: users.name, deactivatedAt: users.deactivatedAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)))
    .get();
  if (!row) throw new InputError("Choose a person in this team.", "userId");
  if (row.deactivatedAt) throw new InputError(`${row.name}'s account is deactivated.`, "userId");
  return row;
}

function shiftTypeToUse(teamId: string, shiftTypeId: string, allowArchived = false): ShiftTypeRow {
  const row = getDb()
    .select()
    .from(shiftTypes)
    .where(and(eq(shiftTypes.id, shiftTypeId), eq(shiftTypes.teamId, teamId)))
    .get();
  if (!row) throw new InputError("Choose one of the team's shift types.", "shiftTypeId");
  if (row.archivedAt && !allowArchived)
    throw new InputError(`The ${row.name} shift type is archived.`, "shiftTypeId");
  return row;
}

/**
 * Why a person cannot work a shift, in a sentence, or null when they can: approved leave on the
 * day it starts, or another of their shifts (in any team, draft or published) at the same time.
 */
export function assignmentProblem({
  userId,
  name,
  date,
  startsAt,
  endsAt,
  exceptShiftId,
}: {
  userId: string;
  name: string;
  date: string;
  startsAt: number;
  endsAt: number;
  exceptShiftId?: string;
}): string | null {
  const db = getDb();
  const leave = db
    .select({ kind: leaveRequests.kind })
    .from(leaveRequests)
    .where(
      and(
        eq(leaveRequests.userId, userId),
        eq(leaveRequests.status, "approved"),
        lte(leaveRequests.startDate, date),
        gte(leaveRequests.endDate, date),
      ),
    )
    .get();
  if (leave) return `${name} is ${describeAbsence(leave.kind)} on ${formatDay(date)}.`;
  const clash = findClash(userId, startsAt, endsAt, exceptShiftId);
  if (clash) return `${name} already works ${clash.code} on ${formatDay(clash.date)} at that time.`;
  return null;
}

function findClash(userId: string, startsAt: number, endsAt: number, exceptShiftId?: string) {
  return getDb()
    .select({ id: shifts.id, date: shifts.date, code: shiftTypes.code })
    .from(shifts)
    .innerJoin(shiftTypes, eq(shiftTypes.id, shifts.shiftTypeId))
    .where(
      and(
        eq(shifts.userId, userId),
        isNull(shifts.removedAt),
        lt(shifts.startsAt, new Date(endsAt)),
        // No shift is longer than a day: this bound keeps the (user, starts_at) index range short.
        gt(shifts.startsAt, new Date(startsAt - 2 * 86_400_000)),
        gt(shifts.endsAt, new Date(startsAt)),
      ),
    )
    .all()
    .find((row) => row.id !== exceptShiftId);
}

function checkDateInPeriod(date: string, period: RotaPeriod) {
  if (!isDateKey(date))
    throw new InputError(realDateMessage(date, "Enter the date as a real date."), "date");
  if (date < period.startDate || date > period.endDate)
    throw new InputError("Choose a date inside this rota period.", "date");
}

/** Records a change to a published rota, tells the person, and audits it. */
function recordPublishedChange({
  actor,
  team,
  period,
  shiftId,
  date,
  userId,
  kind,
  title,
  summary,
  now,
  tell = true,
  ipAddress,
}: {
  actor: Actor;
  team: Team;
  period: RotaPeriod;
  shiftId: string;
  /** The shift's day as it is now: the notification leads to who is on that day. */
  date: string;
  userId: string;
  kind: "added" | "changed" | "removed";
  title: string;
  summary: string;
  now: Date;
  /** Whether to notify the person (not when they have just been told they left the team). */
  tell?: boolean;
  ipAddress?: string;
}) {
  getDb()
    .insert(shiftChanges)
    .values({
      id: newId(),
      teamId: team.id,
      rotaPeriodId: period.id,
      shiftId,
      userId,
      kind,
      summary,
      byUserId: actor.userId,
      at: now,
    })
    .run();
  if (tell) {
    notify({
      userIds: [userId],
      kind: `shift.${kind}`,
      title,
      body: `${summary} (${team.name})`,
      link: dayViewPath(team.id, date),
      now,
    });
  }
  recordAudit({
    organisationId: actor.organisationId,
    actorUserId: actor.userId,
    action: `shift.${kind}`,
    targetType: "shift",
    targetId: shiftId,
    ipAddress,
    detail: { teamId: team.id, rotaPeriodId: period.id, userId, summary },
  });
}

/**
 * Appends "rota.shift-changed" to the event log (team audience, ids only) for a change to a
 * published rota: the shift, the people it came off or went to, and the occurrences (shift type
 * and local date, "typeId/YYYY-MM-DD") it left or joined. Messaging reads it to update shift
 * thread membership; the rota itself does nothing more with it. Inside the change's transaction.
 */
function appendShiftChanged({
  team,
  shiftId,
  userIds,
  occurrences,
  now,
}: {
  team: Team;
  shiftId: string;
  userIds: string[];
  occurrences: { shiftTypeId: string; date: string }[];
  now: Date;
}) {
  appendEvent({
    audience: { type: "team", id: team.id },
    kind: "rota.shift-changed",
    ids: {
      shiftId,
      teamId: team.id,
      userIds: [...new Set(userIds)],
      occurrences: [...new Set(occurrences.map((o) => `${o.shiftTypeId}/${o.date}`))],
    },
    now,
  });
}

/**
 * Puts a new shift on the rota inside the caller's write transaction: the row, and in a published
 * period the change history, the audit log, "rota.shift-changed" and the person told, as every
 * rota change does. `reason` ends the history's summary ("picked up an open shift"). The caller
 * has checked the person may work it (`assignmentProblem`) and that it may act. Returns its id.
 */
export function addShiftWithin({
  actor,
  team,
  period,
  type,
  userId,
  date,
  reason,
  now,
  ipAddress,
  times,
}: {
  actor: Actor;
  team: Team;
  period: RotaPeriod;
  type: ShiftTypeRow;
  userId: string;
  date: string;
  reason?: string;
  now: Date;
  ipAddress?: string;
  /**
   * The instants to store, when they were fixed earlier (an open shift keeps the times it was
   * posted and checked with); otherwise the type's times on that date.
   */
  times?: { startsAt: Date; endsAt: Date };
}): string {
  const { start, end } = times
    ? { start: times.startsAt, end: times.endsAt }
    : shiftInstants(date, type, team.timeZone);
  const id = newTimeOrderedId(now.getTime());
  getDb()
    .insert(shifts)
    .values({
      id,
      teamId: team.id,
      rotaPeriodId: period.id,
      shiftTypeId: type.id,
      userId,
      date,
      startsAt: start,
      endsAt: end,
      updatedAt: now,
    })
    .run();
  if (currentStatus(period.id) === "published") {
    const summary = describeShift({ date, startsAt: start, endsAt: end }, type, team.timeZone);
    recordPublishedChange({
      actor,
      team,
      period,
      shiftId: id,
      date,
      userId,
      kind: "added",
      title: `New shift on ${formatDay(date)}`,
      summary: withReason(summary, reason),
      now,
      ipAddress,
    });
    appendShiftChanged({
      team,
      shiftId: id,
      userIds: [userId],
      occurrences: [{ shiftTypeId: type.id, date }],
      now,
    });
  }
  return id;
}

const withReason = (summary: string, reason?: string) =>
  reason ? `${summary}: ${reason}` : summary;

export type ShiftEditResult = { shiftId: string; warnings: Breach[] };

export function addShift({
  actor,
  teamId,
  periodId,
  userId,
  shiftTypeId,
  date,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  periodId: string;
  userId: string;
  shiftTypeId: string;
  date: string;
  now?: Date;
  ipAddress?: string;
}): ShiftEditResult {
  const { team, period } = getRotaPeriod({ actor, teamId, periodId, manage: true, ipAddress });
  checkDateInPeriod(date, period);
  const person = memberToAssign(team.id, userId);
  const type = shiftTypeToUse(team.id, shiftTypeId);
  const { start, end } = shiftInstants(date, type, team.timeZone);
  const shiftId = writeTransaction(() => {
    const problem = assignmentProblem({
      userId: person.userId,
      name: person.name,
      date,
      startsAt: start.getTime(),
      endsAt: end.getTime(),
    });
    if (problem) throw new InputError(problem, "userId");
    return addShiftWithin({
      actor,
      team,
      period,
      type,
      userId: person.userId,
      date,
      now,
      ipAddress,
    });
  });
  return { shiftId, warnings: breachesForShift({ team, userId: person.userId, shiftId }) };
}

/** One live shift of a period the actor manages; anything else is the same 404. */
export function getShiftToManage({
  actor,
  teamId,
  shiftId,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  shiftId: string;
  ipAddress?: string;
}) {
  const team = getTeamToManage({ actor, teamId, ipAddress });
  const db = getDb();
  const row = db
    .select({
      shift: shifts,
      period: rotaPeriods,
      shiftType: shiftTypes,
      person: { name: users.name, deactivatedAt: users.deactivatedAt },
    })
    .from(shifts)
    .innerJoin(rotaPeriods, eq(rotaPeriods.id, shifts.rotaPeriodId))
    .innerJoin(shiftTypes, eq(shiftTypes.id, shifts.shiftTypeId))
    .innerJoin(users, eq(users.id, shifts.userId))
    .where(and(eq(shifts.id, shiftId), eq(shifts.teamId, team.id), isNull(shifts.removedAt)))
    .get();
  if (!row) {
    throw refuse(actor, {
      attempted: "shift.manage",
      targetType: "shift",
      targetId: shiftId,
      ipAddress,
    });
  }
  return { team, ...row };
}

export function changeShift({
  actor,
  teamId,
  shiftId,
  userId,
  shiftTypeId,
  date,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  shiftId: string;
  userId: string;
  shiftTypeId: string;
  date: string;
  now?: Date;
  ipAddress?: string;
}): ShiftEditResult {
  const { team, period, shift } = getShiftToManage({ actor, teamId, shiftId, ipAddress });
  // Saving a shift as it is changes nothing, even one whose person has since been deactivated.
  if (userId === shift.userId && shiftTypeId === shift.shiftTypeId && date === shift.date)
    return { shiftId, warnings: breachesForShift({ team, userId: shift.userId, shiftId }) };
  checkDateInPeriod(date, period);
  const person = memberToAssign(team.id, userId);
  const beforeType = shiftTypeToUse(team.id, shift.shiftTypeId, true);
  const type =
    shiftTypeId === shift.shiftTypeId ? beforeType : shiftTypeToUse(team.id, shiftTypeId);
  const { start, end } = shiftInstants(date, type, team.timeZone);
  writeTransaction(() => {
    const problem = assignmentProblem({
      userId: person.userId,
      name: person.name,
      date,
      startsAt: start.getTime(),
      endsAt: end.getTime(),
      exceptShiftId: shift.id,
    });
    if (problem) throw new InputError(problem, person.userId === shift.userId ? "date" : "userId");
    writeShiftChange({
      actor,
      team,
      period,
      shift,
      beforeType,
      type,
      userId: person.userId,
      date,
      now,
      ipAddress,
    });
  });
  return { shiftId, warnings: breachesForShift({ team, userId: person.userId, shiftId }) };
}

type ShiftRow = typeof shifts.$inferSelect;

/**
 * Changes a live shift's person, type or date inside the caller's write transaction, with the
 * writes every rota change makes in a published period: the change history (one row, or one per
 * side of a reassignment), the audit log, "rota.shift-changed" and the people told. The caller
 * has checked permission and `assignmentProblem`.
 */
function writeShiftChange({
  actor,
  team,
  period,
  shift,
  beforeType,
  type,
  userId,
  date,
  reason,
  now,
  ipAddress,
  keepTimes = false,
}: {
  actor: Actor;
  team: Team;
  period: RotaPeriod;
  shift: ShiftRow;
  beforeType: ShiftTypeRow;
  type: ShiftTypeRow;
  userId: string;
  date: string;
  reason?: string;
  now: Date;
  ipAddress?: string;
  /**
   * Keep the shift's stored start and end (a swap or give-away changes only its person: the
   * times it was checked with). Otherwise, as a manager's edit, the type's times on `date`.
   */
  keepTimes?: boolean;
}) {
  const { start, end } = keepTimes
    ? { start: shift.startsAt, end: shift.endsAt }
    : shiftInstants(date, type, team.timeZone);
  getDb()
    .update(shifts)
    .set({ userId, shiftTypeId: type.id, date, startsAt: start, endsAt: end, updatedAt: now })
    .where(eq(shifts.id, shift.id))
    .run();
  if (currentStatus(period.id) !== "published") return;
  appendShiftChanged({
    team,
    shiftId: shift.id,
    userIds: [shift.userId, userId],
    occurrences: [
      { shiftTypeId: shift.shiftTypeId, date: shift.date },
      { shiftTypeId: type.id, date },
    ],
    now,
  });
  const before = describeShift(shift, beforeType, team.timeZone);
  const after = describeShift({ date, startsAt: start, endsAt: end }, type, team.timeZone);
  if (userId === shift.userId) {
    recordPublishedChange({
      actor,
      team,
      period,
      shiftId: shift.id,
      date,
      userId: shift.userId,
      kind: "changed",
      title: `Your shift on ${formatDay(shift.date)} changed`,
      summary: withReason(`Now ${after}; was ${before}`, reason),
      now,
      ipAddress,
    });
    return;
  }
  recordPublishedChange({
    actor,
    team,
    period,
    shiftId: shift.id,
    date: shift.date,
    userId: shift.userId,
    kind: "removed",
    title: `Your shift on ${formatDay(shift.date)} was removed`,
    summary: withReason(`No longer working ${before}`, reason),
    now,
    ipAddress,
  });
  recordPublishedChange({
    actor,
    team,
    period,
    shiftId: shift.id,
    date,
    userId,
    kind: "added",
    title: `New shift on ${formatDay(date)}`,
    summary: withReason(after, reason),
    now,
    ipAddress,
  });
}

/**
 * Gives a live shift to another person inside the caller's write transaction, with the writes a
 * manager's reassignment in `changeShift` makes (history, audit, "rota.shift-changed", both people
 * told). Only the person and updated_at change: the shift keeps its stored start and end, the
 * times the request was checked with, even if its type's times have been edited since. For swaps and give-aways, which check permission, the person and the rules themselves;
 * `reason` ends each summary ("swapped with Omar Nurse"). Reads the shift's type itself.
 *
 * @throws Error when the shift or its period is gone (callers re-check inside the transaction).
 */
export function reassignShiftWithin({
  actor,
  team,
  shiftId,
  toUserId,
  reason,
  now,
  ipAddress,
}: {
  actor: Actor;
  team: Team;
  shiftId: string;
  toUserId: string;
  reason?: string;
  now: Date;
  ipAddress?: string;
}): void {
  const db = getDb();
  const row = db
    .select({ shift: shifts, period: rotaPeriods, type: shiftTypes })
    .from(shifts)
    .innerJoin(rotaPeriods, eq(rotaPeriods.id, shifts.rotaPeriodId))
    .innerJoin(shiftTypes, eq(shiftTypes.id, shifts.shiftTypeId))
    .where(and(eq(shifts.id, shiftId), eq(shifts.teamId, team.id), isNull(shifts.removedAt)))
    .get();
  if (!row) throw new Error(`No live shift ${shiftId} in team ${team.id}`);
  writeShiftChange({
    actor,
    team,
    period: row.period,
    shift: row.shift,
    beforeType: row.type,
    type: row.type,
    userId: toUserId,
    date: row.shift.date,
    reason,
    now,
    ipAddress,
    keepTimes: true,
  });
}

export function removeShift({
  actor,
  teamId,
  shiftId,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  shiftId: string;
  now?: Date;
  ipAddress?: string;
}): { periodId: string } {
  const { team, period, shift } = getShiftToManage({ actor, teamId, shiftId, ipAddress });
  const type = shiftTypeToUse(team.id, shift.shiftTypeId, true);
  writeTransaction(() => removeShiftWithin({ actor, team, period, shift, type, now, ipAddress }));
  return { periodId: period.id };
}

/**
 * Takes a live shift off the rota inside the caller's write transaction (kept with removed_at,
 * decision 008), recorded, audited, evented and told in a published period as `removeShift`
 * does. `reason` ends the summary ("given back to the team as an open shift").
 */
export function removeShiftWithin({
  actor,
  team,
  period,
  shift,
  type,
  reason,
  now,
  ipAddress,
}: {
  actor: Actor;
  team: Team;
  period: RotaPeriod;
  shift: ShiftRow;
  type: ShiftTypeRow;
  reason?: string;
  now: Date;
  ipAddress?: string;
}): void {
  // Kept, not deleted: a pattern must not bring it back, and the history must name it.
  getDb()
    .update(shifts)
    .set({ removedAt: now, updatedAt: now })
    .where(eq(shifts.id, shift.id))
    .run();
  if (currentStatus(period.id) !== "published") return;
  recordPublishedChange({
    actor,
    team,
    period,
    shiftId: shift.id,
    date: shift.date,
    userId: shift.userId,
    kind: "removed",
    title: `Your shift on ${formatDay(shift.date)} was removed`,
    summary: withReason(`No longer working ${describeShift(shift, type, team.timeZone)}`, reason),
    now,
    ipAddress,
  });
  appendShiftChanged({
    team,
    shiftId: shift.id,
    userIds: [shift.userId],
    occurrences: [{ shiftTypeId: shift.shiftTypeId, date: shift.date }],
    now,
  });
}

/** The recorded changes to a published period, newest first, with who made them. */
export function listPeriodChanges({ actor, teamId, periodId, ipAddress }: PeriodRequest) {
  const { period } = getRotaPeriod({ actor, teamId, periodId, manage: true, ipAddress });
  const rows = getDb()
    .select({
      id: shiftChanges.id,
      kind: shiftChanges.kind,
      summary: shiftChanges.summary,
      at: shiftChanges.at,
      userId: shiftChanges.userId,
      byUserId: shiftChanges.byUserId,
    })
    .from(shiftChanges)
    .where(eq(shiftChanges.rotaPeriodId, period.id))
    .orderBy(desc(shiftChanges.at))
    .all();
  const ids = [...new Set(rows.flatMap((r) => [r.userId, r.byUserId]))];
  const names = new Map(
    ids.length
      ? getDb()
          .select({ id: users.id, name: users.name })
          .from(users)
          .where(inArray(users.id, ids))
          .all()
          .map((u) => [u.id, u.name])
      : [],
  );
  return rows.map((r) => ({
    ...r,
    person: names.get(r.userId) ?? "",
    by: names.get(r.byUserId) ?? "",
  }));
}

/** What the add and change forms offer: the team's active people and current shift types. */
export function shiftFormChoices({ actor, teamId, periodId, ipAddress }: PeriodRequest) {
  const { team, period } = getRotaPeriod({ actor, teamId, periodId, manage: true, ipAddress });
  const people = teamRoster(team.id)
    .filter((m) => !m.deactivatedAt)
    .map((m) => ({ userId: m.userId, name: m.name, grade: m.grade }));
  const types = currentShiftTypes(team.id).map((t) => ({
    id: t.id,
    code: t.code,
    name: t.name,
    times: `${t.startLocal} to ${t.endLocal}`,
  }));
  return { team, period, people, shiftTypes: types };
}

/**
 * How many of a person's shifts in a team have not started yet (drafts included): what removing
 * them from the team takes off the rota (`releaseFromRota`), said before a manager confirms. The
 * caller has already checked that the actor manages the team (`getTeamMember`).
 */
export function upcomingShiftCount({
  teamId,
  userId,
  now = new Date(),
}: {
  teamId: string;
  userId: string;
  now?: Date;
}): number {
  return getDb()
    .select({ id: shifts.id })
    .from(shifts)
    .where(
      and(
        eq(shifts.teamId, teamId),
        eq(shifts.userId, userId),
        isNull(shifts.removedAt),
        gt(shifts.startsAt, now),
      ),
    )
    .all().length;
}

/**
 * Takes a person who has left a team off its rota from now on: their shifts there that have not
 * started are removed (recorded in a published period, quietly in a draft) and their patterns in
 * the team stop. Runs inside the caller's transaction (removing the membership).
 */
export function releaseFromRota({
  actor,
  team,
  userId,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  team: Team;
  userId: string;
  now?: Date;
  ipAddress?: string;
}): number {
  const db = getDb();
  const future = db
    .select({ shift: shifts, period: rotaPeriods, type: shiftTypes })
    .from(shifts)
    .innerJoin(rotaPeriods, eq(rotaPeriods.id, shifts.rotaPeriodId))
    .innerJoin(shiftTypes, eq(shiftTypes.id, shifts.shiftTypeId))
    .where(
      and(
        eq(shifts.teamId, team.id),
        eq(shifts.userId, userId),
        isNull(shifts.removedAt),
        gt(shifts.startsAt, now),
      ),
    )
    .all();
  for (const { shift, period, type } of future) {
    db.update(shifts).set({ removedAt: now, updatedAt: now }).where(eq(shifts.id, shift.id)).run();
    if (period.status === "published") {
      recordPublishedChange({
        actor,
        team,
        period,
        shiftId: shift.id,
        date: shift.date,
        userId,
        kind: "removed",
        title: "",
        summary: `No longer working ${describeShift(shift, type, team.timeZone)}: left the team`,
        now,
        tell: false,
        ipAddress,
      });
      appendShiftChanged({
        team,
        shiftId: shift.id,
        userIds: [userId],
        occurrences: [{ shiftTypeId: shift.shiftTypeId, date: shift.date }],
        now,
      });
    }
  }
  db.update(rotaPatterns)
    .set({ stoppedAt: now })
    .where(
      and(
        eq(rotaPatterns.teamId, team.id),
        eq(rotaPatterns.userId, userId),
        isNull(rotaPatterns.stoppedAt),
      ),
    )
    .run();
  return future.length;
}
