// What a manager checks before and while a rota is live: coverage gaps per day and shift, and the
// working-time breaches per person under the team's rule set. Neither blocks publishing; they
// are there to be read. Breaches look at each person's shifts in every team and a few weeks
// either side of the period, so a run that straddles two periods is still seen.
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import { shifts, shiftTypes } from "~/db/schema.server";
import { addDays, instantAt } from "../local-time";
import { type Breach, evaluateWorkingTime, type RuleSetId } from "../rules/working-time-rules";
import { type CoverageGap, shiftsShortOfStaff } from "./coverage";
import { absencesOverlapping } from "./leave.server";
import { teamRoster } from "./roster.server";
import { datesOf } from "./rota-period-rules";
import { getRotaPeriod, type PeriodRequest, shiftsDuringAbsence } from "./rota-periods.server";
import { shiftCounts } from "./shift-counts";
import { byPerson, type LiveShift, liveShiftsOf } from "./shift-rows.server";

/** Days either side of a period whose shifts count towards runs, rest and 168-hour limits. */
const CONTEXT_DAYS = 28;

/**
 * The shifts the working-time rules look at: only those worked (`shiftCounts`). A shift left on
 * the rota during leave or sickness adds no hours, so it makes no breach and breaks no rest.
 */
function workedOnly(list: LiveShift[]): LiveShift[] {
  const absences = absencesOverlapping(list);
  return list.filter((s) => shiftCounts(s, absences));
}

type Team = { id: string; timeZone: string; ruleSet: RuleSetId | null };

type TimedShift = { id: string; startsAt: Date; endsAt: Date; breakMinutes: number };

function evaluate(
  team: Team,
  personShifts: TimedShift[],
  period?: { startDate: string; endDate: string },
): { breach: Breach; shiftIds: string[] }[] {
  if (!team.ruleSet || personShifts.length === 0) return [];
  const breaches = evaluateWorkingTime(
    // The shift type's paid break is the break planned for the shift: the break rules read it.
    personShifts.map((s) => ({ start: s.startsAt, end: s.endsAt, breakMinutes: s.breakMinutes })),
    team.ruleSet,
    {
      timeZone: team.timeZone,
      period: period && {
        start: new Date(instantAt(period.startDate, 0, 0, team.timeZone)),
        end: new Date(instantAt(addDays(period.endDate, 1), 0, 0, team.timeZone)),
      },
    },
  );
  return breaches.map((breach) => ({
    breach,
    shiftIds: breach.shifts.map((index) => personShifts[index]!.id),
  }));
}

/**
 * The breaches a shift is part of, for the warning a manager sees after adding or moving it.
 * Empty when the team checks no rule set.
 */
export function breachesForShift({
  team,
  userId,
  shiftId,
}: {
  team: Team;
  userId: string;
  shiftId: string;
}): Breach[] {
  if (!team.ruleSet) return [];
  const shift = getDb()
    .select({ date: shifts.date, rotaPeriodId: shifts.rotaPeriodId })
    .from(shifts)
    .where(eq(shifts.id, shiftId))
    .get();
  if (!shift) return [];
  const around = workedOnly(
    liveShiftsOf({
      userIds: [userId],
      from: addDays(shift.date, -CONTEXT_DAYS),
      to: addDays(shift.date, CONTEXT_DAYS),
    }),
  );
  return evaluate(team, around)
    .filter((found) => found.shiftIds.includes(shiftId))
    .map((found) => found.breach);
}

export type PeriodGap = {
  date: string;
  shiftTypeId: string;
  code: string;
  name: string;
  gaps: CoverageGap[];
};

export type PersonBreaches = { userId: string; name: string; breaches: Breach[] };

/** Coverage gaps and working-time breaches across one period, for its managers. */
export function reviewRotaPeriod({ actor, teamId, periodId, ipAddress }: PeriodRequest) {
  const { team, period } = getRotaPeriod({ actor, teamId, periodId, manage: true, ipAddress });
  const db = getDb();
  const members = teamRoster(team.id);
  const byUser = new Map(members.map((m) => [m.userId, { ...m, active: !m.deactivatedAt }]));
  const types = db.select().from(shiftTypes).where(eq(shiftTypes.teamId, team.id)).all();
  const inPeriod = db
    .select({
      id: shifts.id,
      userId: shifts.userId,
      date: shifts.date,
      shiftTypeId: shifts.shiftTypeId,
    })
    .from(shifts)
    .where(and(eq(shifts.rotaPeriodId, period.id), isNull(shifts.removedAt)))
    .all();
  const gaps: PeriodGap[] = shiftsShortOfStaff({
    dates: datesOf(period.startDate, period.endDate),
    types,
    shifts: inPeriod,
    people: byUser,
    absences: absencesOverlapping(inPeriod),
  });
  // Shifts left on the rota after their person's leave was approved or sickness recorded: they
  // count for no cover, and the manager needs to move them to someone else.
  const duringLeave = shiftsDuringAbsence(period.id).map((s) => ({
    shiftId: s.shiftId,
    date: s.date,
    name: s.name,
    code: s.code,
    // Sickness is the person's and their managers' to know; the reader here is a manager.
    reason: s.kind === "sick" ? "off sick" : "on leave",
  }));

  const breaches: PersonBreaches[] = [];
  if (team.ruleSet) {
    const scheduled = new Set(inPeriod.map((s) => s.userId));
    const around = workedOnly(
      liveShiftsOf({
        userIds: [...scheduled],
        from: addDays(period.startDate, -CONTEXT_DAYS),
        to: addDays(period.endDate, CONTEXT_DAYS),
      }),
    );
    const periodShiftIds = new Set(
      around.filter((s) => s.rotaPeriodId === period.id).map((s) => s.id),
    );
    const aroundByPerson = byPerson(around);
    for (const userId of scheduled) {
      const mine = aroundByPerson.get(userId) ?? [];
      const found = evaluate(team, mine, period)
        .filter((f) => f.shiftIds.some((id) => periodShiftIds.has(id)))
        .map((f) => f.breach);
      if (found.length)
        breaches.push({ userId, name: byUser.get(userId)?.name ?? "", breaches: found });
    }
    breaches.sort((a, b) => a.name.localeCompare(b.name));
  }
  return {
    team,
    period,
    shiftCount: inPeriod.length,
    peopleCount: new Set(inPeriod.map((s) => s.userId)).size,
    gaps,
    duringLeave,
    breaches,
  };
}
