// A shift occurrence as the ward speaks of it: "the night on Tue 3 Dec" is one team's shift type
// on one local date, whoever works it. Shift threads (messaging) are keyed by occurrence, and
// their members are computed from here at query time (docs/decisions/016): the people whose
// published shift in that occurrence counts as worked now, by the one rule (decision 013).
import { and, asc, eq, gt, gte, inArray, isNull, lt, lte, sql } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import { preparedOnce } from "~/db/prepared.server";
import { memberships, rotaPeriods, shifts, shiftTypes, users } from "~/db/schema.server";
import type { DateKey } from "../local-time";
import { absencesOverlapping } from "./leave.server";
import { shiftCounts } from "./shift-counts";

export type ShiftOccurrence = { teamId: string; shiftTypeId: string; date: DateKey };

export type OccurrenceWorker = {
  userId: string;
  name: string;
  shiftId: string;
  startsAt: Date;
  endsAt: Date;
  /** The person's membership of the team counts them as clinical staff. */
  clinical: boolean;
};

const publishedPeriodCovering = preparedOnce((db) =>
  db
    .select({ id: rotaPeriods.id })
    .from(rotaPeriods)
    .innerJoin(shiftTypes, eq(shiftTypes.teamId, rotaPeriods.teamId))
    .where(
      and(
        eq(rotaPeriods.teamId, sql.placeholder("teamId")),
        eq(shiftTypes.id, sql.placeholder("shiftTypeId")),
        eq(rotaPeriods.status, "published"),
        lte(rotaPeriods.startDate, sql.placeholder("date")),
        gte(rotaPeriods.endDate, sql.placeholder("date")),
      ),
    )
    .limit(1)
    .prepare(),
);

/**
 * Whether the occurrence is on a published rota: the shift type is the team's and a published
 * period of the team covers the date. A draft occurrence has no thread for anyone yet.
 */
export function occurrenceIsPublished(occurrence: ShiftOccurrence): boolean {
  return publishedPeriodCovering().get(occurrence) !== undefined;
}

const liveShiftsInOccurrence = preparedOnce((db) =>
  db
    .select({
      userId: shifts.userId,
      name: users.name,
      shiftId: shifts.id,
      date: shifts.date,
      startsAt: shifts.startsAt,
      endsAt: shifts.endsAt,
      removedAt: shifts.removedAt,
      deactivatedAt: users.deactivatedAt,
      clinical: memberships.clinical,
    })
    .from(shifts)
    .innerJoin(rotaPeriods, eq(rotaPeriods.id, shifts.rotaPeriodId))
    .innerJoin(users, eq(users.id, shifts.userId))
    // Only people still in the team: a leaver's past shifts stay on the rota, not their access.
    .innerJoin(
      memberships,
      and(eq(memberships.teamId, shifts.teamId), eq(memberships.userId, shifts.userId)),
    )
    .where(
      and(
        eq(shifts.teamId, sql.placeholder("teamId")),
        eq(shifts.date, sql.placeholder("date")),
        eq(shifts.shiftTypeId, sql.placeholder("shiftTypeId")),
        isNull(shifts.removedAt),
        eq(rotaPeriods.status, "published"),
      ),
    )
    .orderBy(asc(users.name))
    .prepare(),
);

/**
 * The people working an occurrence now: a live shift of that type on that date in a published
 * period, still a member of the team, and counted as worked (`shiftCounts`: account active, not
 * on leave or off sick). Sorted by name.
 */
export function workersOf(occurrence: ShiftOccurrence): OccurrenceWorker[] {
  const rows = liveShiftsInOccurrence().all(occurrence);
  const absences = absencesOverlapping(rows);
  return rows
    .filter((row) => shiftCounts({ ...row, personActive: !row.deactivatedAt }, absences))
    .map(({ userId, name, shiftId, startsAt, endsAt, clinical }) => ({
      userId,
      name,
      shiftId,
      startsAt,
      endsAt,
      clinical,
    }));
}

export type MyOccurrence = ShiftOccurrence & {
  shiftId: string;
  code: string;
  startsAt: Date;
  endsAt: Date;
};

/**
 * A person's worked, published shifts in some teams that end after `from` and start before `to`
 * (ms), as occurrences, in time order: for "my current and next shift" and the threads a person
 * is in. Same rule as `workersOf`.
 */
export function myWorkedOccurrences({
  userId,
  teamIds,
  from,
  to,
}: {
  userId: string;
  teamIds: string[];
  from: number;
  to: number;
}): MyOccurrence[] {
  if (teamIds.length === 0) return [];
  const rows = getDb()
    .select({
      teamId: shifts.teamId,
      shiftTypeId: shifts.shiftTypeId,
      date: shifts.date,
      shiftId: shifts.id,
      code: shiftTypes.code,
      startsAt: shifts.startsAt,
      endsAt: shifts.endsAt,
      removedAt: shifts.removedAt,
      userId: shifts.userId,
      deactivatedAt: users.deactivatedAt,
    })
    .from(shifts)
    .innerJoin(rotaPeriods, eq(rotaPeriods.id, shifts.rotaPeriodId))
    .innerJoin(shiftTypes, eq(shiftTypes.id, shifts.shiftTypeId))
    .innerJoin(users, eq(users.id, shifts.userId))
    .where(
      and(
        eq(shifts.userId, userId),
        inArray(shifts.teamId, teamIds),
        isNull(shifts.removedAt),
        eq(rotaPeriods.status, "published"),
        // The (user, starts_at) index: no shift is longer than a day.
        gt(shifts.startsAt, new Date(from - 86_400_000)),
        lt(shifts.startsAt, new Date(to)),
        gt(shifts.endsAt, new Date(from)),
      ),
    )
    .orderBy(asc(shifts.startsAt))
    .all();
  const absences = absencesOverlapping(rows);
  return rows
    .filter((row) => shiftCounts({ ...row, personActive: !row.deactivatedAt }, absences))
    .map(({ teamId, shiftTypeId, date, shiftId, code, startsAt, endsAt }) => ({
      teamId,
      shiftTypeId,
      date,
      shiftId,
      code,
      startsAt,
      endsAt,
    }));
}

/**
 * Of some people, those on a worked, published shift (in any team) at the instant `at`: a
 * shift that has started and not yet ended, by the same rule as `workersOf`. For urgent
 * messages, which every member on shift must acknowledge.
 */
export function onShiftAt({ userIds, at }: { userIds: string[]; at: Date }): Set<string> {
  if (userIds.length === 0) return new Set();
  const rows = getDb()
    .select({
      userId: shifts.userId,
      date: shifts.date,
      removedAt: shifts.removedAt,
      deactivatedAt: users.deactivatedAt,
    })
    .from(shifts)
    .innerJoin(rotaPeriods, eq(rotaPeriods.id, shifts.rotaPeriodId))
    .innerJoin(users, eq(users.id, shifts.userId))
    .where(
      and(
        inArray(shifts.userId, [...new Set(userIds)]),
        isNull(shifts.removedAt),
        eq(rotaPeriods.status, "published"),
        gt(shifts.startsAt, new Date(at.getTime() - 86_400_000)),
        lte(shifts.startsAt, at),
        gt(shifts.endsAt, at),
      ),
    )
    .all();
  const absences = absencesOverlapping(rows);
  return new Set(
    rows
      .filter((row) => shiftCounts({ ...row, personActive: !row.deactivatedAt }, absences))
      .map((row) => row.userId),
  );
}
