// The team grid: people down the side, days across, shift codes in the cells, leave shown where
// it falls, and coverage gaps per day. Staff see published periods only; the team's managers
// also see drafts (marked as such). Sickness shows as "Off" to everyone but the managers.
import { and, asc, eq, gte, isNull, lte, sql } from "drizzle-orm";
import { preparedOnce } from "~/db/prepared.server";
import { rotaPeriods, shifts, shiftTypes } from "~/db/schema.server";
import type { Actor } from "../accounts/permissions";
import { getTeam } from "../accounts/teams.server";
import { type DateKey, localDateKey, weekdayOf } from "../local-time";
import { describeGaps, shiftsShortOfStaff } from "./coverage";
import { approvedLeaveOf } from "./leave.server";
import { teamRoster } from "./roster.server";
import { datesOf } from "./rota-period-rules";
import { ABSENCE_MARKS, shiftCounts } from "./shift-counts";

/**
 * A shift in a cell. `counts` is false for one that is still on the rota but not worked (leave,
 * sickness, a closed account): managers see it, to give it to someone else; cover ignores it.
 */
export type GridShift = {
  id: string;
  code: string;
  colour: string;
  draft: boolean;
  counts: boolean;
};
export type GridCell = { shifts: GridShift[]; leave: string | null };
/** A shift type short of staff on a day: its code and id, and what is short in words. */
export type GridGap = { code: string; shiftTypeId: string; text: string };

// The rota page runs these on every view: prepared once (decision 014).
const periodsOverlapping = preparedOnce((db) =>
  db
    .select()
    .from(rotaPeriods)
    .where(
      and(
        eq(rotaPeriods.teamId, sql.placeholder("teamId")),
        lte(rotaPeriods.startDate, sql.placeholder("to")),
        gte(rotaPeriods.endDate, sql.placeholder("from")),
      ),
    )
    .orderBy(asc(rotaPeriods.startDate))
    .prepare(),
);
const publishedPeriodsOverlapping = preparedOnce((db) =>
  db
    .select()
    .from(rotaPeriods)
    .where(
      and(
        eq(rotaPeriods.teamId, sql.placeholder("teamId")),
        lte(rotaPeriods.startDate, sql.placeholder("to")),
        gte(rotaPeriods.endDate, sql.placeholder("from")),
        eq(rotaPeriods.status, "published"),
      ),
    )
    .orderBy(asc(rotaPeriods.startDate))
    .prepare(),
);
const shiftTypesOfTeam = preparedOnce((db) =>
  db
    .select()
    .from(shiftTypes)
    .where(eq(shiftTypes.teamId, sql.placeholder("teamId")))
    .prepare(),
);
const liveShiftsInDates = preparedOnce((db) =>
  db
    .select({
      id: shifts.id,
      userId: shifts.userId,
      date: shifts.date,
      shiftTypeId: shifts.shiftTypeId,
      rotaPeriodId: shifts.rotaPeriodId,
    })
    .from(shifts)
    .where(
      and(
        eq(shifts.teamId, sql.placeholder("teamId")),
        isNull(shifts.removedAt),
        gte(shifts.date, sql.placeholder("from")),
        lte(shifts.date, sql.placeholder("to")),
      ),
    )
    .prepare(),
);

export function teamRotaGrid({
  actor,
  teamId,
  from,
  to,
  grade,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  from: DateKey;
  to: DateKey;
  grade?: string | null;
  now?: Date;
  ipAddress?: string;
}) {
  const team = getTeam({ actor, teamId, ipAddress });
  const dates = datesOf(from, to);
  const periods = (team.canManage ? periodsOverlapping : publishedPeriodsOverlapping)().all({
    teamId: team.id,
    from,
    to,
  });
  const periodById = new Map(periods.map((p) => [p.id, p]));

  const members = teamRoster(team.id);
  // A deactivated account's shifts count for nobody's cover, but stay in sight until moved.
  const people = new Map(members.map((m) => [m.userId, { ...m, active: !m.deactivatedAt }]));

  const types = shiftTypesOfTeam().all({ teamId: team.id });
  const typeById = new Map(types.map((t) => [t.id, t]));

  // The team's live shifts in the dates, kept when their period is one the actor may see.
  const rows = periods.length
    ? liveShiftsInDates()
        .all({ teamId: team.id, from, to })
        .filter((s) => periodById.has(s.rotaPeriodId))
    : [];

  // Each member's approved leave, from whichever of their teams approved it: away is away.
  const leave = approvedLeaveOf({ userIds: members.map((m) => m.userId), from, to });

  const dayIndex = new Map(dates.map((d, i) => [d, i]));
  const cells = new Map<string, GridCell[]>(
    members.map((m) => [m.userId, dates.map(() => ({ shifts: [], leave: null }))]),
  );
  for (const [userId, stretches] of leave) {
    const row = cells.get(userId);
    if (!row) continue;
    for (const l of stretches) {
      const label =
        l.kind === "sick" && !team.canManage && userId !== actor.userId
          ? "Off"
          : ABSENCE_MARKS[l.kind];
      for (const date of datesOf(
        l.startDate > from ? l.startDate : from,
        l.endDate < to ? l.endDate : to,
      )) {
        const i = dayIndex.get(date);
        if (i !== undefined) row[i]!.leave = label;
      }
    }
  }
  for (const s of rows) {
    const type = typeById.get(s.shiftTypeId);
    const i = dayIndex.get(s.date);
    const cell = i === undefined ? undefined : cells.get(s.userId)?.[i];
    if (!type) continue;
    cell?.shifts.push({
      id: s.id,
      code: type.code,
      colour: type.colour,
      draft: periodById.get(s.rotaPeriodId)?.status === "draft",
      counts: shiftCounts(
        { userId: s.userId, date: s.date, personActive: people.get(s.userId)?.active ?? false },
        leave,
      ),
    });
  }
  for (const row of cells.values()) {
    for (const cell of row) cell.shifts.sort((a, b) => a.code.localeCompare(b.code));
  }

  const today = localDateKey(now, team.timeZone);
  const inAPeriod = (date: DateKey) =>
    periods.some((p) => p.startDate <= date && date <= p.endDate);
  const short = shiftsShortOfStaff({
    dates: dates.filter(inAPeriod),
    types,
    shifts: rows,
    people,
    absences: leave,
  });
  const gapsByDate = new Map<DateKey, GridGap[]>();
  for (const g of short) {
    const list = gapsByDate.get(g.date) ?? [];
    list.push({ code: g.code, shiftTypeId: g.shiftTypeId, text: describeGaps(g.gaps) });
    gapsByDate.set(g.date, list);
  }
  const days = dates.map((date) => {
    const gaps = gapsByDate.get(date) ?? [];
    return {
      date,
      weekday: weekdayOf(date),
      isToday: date === today,
      inPeriod: inAPeriod(date),
      gaps,
    };
  });

  const grades = [...new Set(members.map((m) => m.grade))].sort();
  const hasShifts = (userId: string) =>
    (cells.get(userId) ?? []).some((cell) => cell.shifts.length > 0);
  const shown = members.filter(
    (m) => (!grade || m.grade === grade) && (!m.deactivatedAt || hasShifts(m.userId)),
  );
  return {
    team,
    from,
    to,
    today,
    days,
    grades,
    periods: periods.map((p) => ({
      id: p.id,
      startDate: p.startDate,
      endDate: p.endDate,
      status: p.status,
    })),
    people: shown.map((m) => ({
      userId: m.userId,
      name: m.name,
      grade: m.grade,
      isMe: m.userId === actor.userId,
      deactivated: m.deactivatedAt !== null,
      cells: cells.get(m.userId) ?? [],
    })),
    legend: types
      .filter((t) => !t.archivedAt)
      .sort((a, b) => a.startLocal.localeCompare(b.startLocal))
      .map((t) => ({
        code: t.code,
        name: t.name,
        colour: t.colour,
        times: `${t.startLocal} to ${t.endLocal}`,
      })),
  };
}
