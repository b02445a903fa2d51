// A person's own view of the rota: their next eight weeks of published shifts (today first), who
// works alongside them, what changed since they last looked; and who is on now and next in
// their teams. Drafts never show here: only what a manager has published.
import { and, asc, eq, gt, gte, isNull, lt, lte, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { inList, jsonList, preparedOnce } from "~/db/prepared.server";
import { rotaPeriods, shiftChanges, shifts, shiftTypes, teams, users } from "~/db/schema.server";
import type { Actor } from "../accounts/permissions";
import { type DateKey, localDateKey } from "../local-time";
import {
  markNotificationsOfKindsRead,
  type NotificationKind,
} from "../notifications/notifications.server";
import { absencesOverlapping } from "./leave.server";
import type { LeaveKind } from "./leave-rules";
import { absenceKindOf, type NotWorked, whyNotWorked } from "./shift-counts";
import { formatClock, formatDay, formatDuration, formatShiftTimes } from "./shift-display";

const DAY = 86_400_000;

// My shifts and who is on run these on every view of the Shifts page: prepared once
// (decision 014). Instants go in as milliseconds, as the columns store them.
const publishedShiftsOverlapping = preparedOnce((db) =>
  db
    .select({
      id: shifts.id,
      teamId: shifts.teamId,
      userId: shifts.userId,
      name: users.name,
      deactivatedAt: users.deactivatedAt,
      shiftTypeId: shifts.shiftTypeId,
      date: shifts.date,
      startsAt: shifts.startsAt,
      endsAt: shifts.endsAt,
      createdAt: shifts.createdAt,
      updatedAt: shifts.updatedAt,
      code: shiftTypes.code,
      typeName: shiftTypes.name,
      colour: shiftTypes.colour,
    })
    .from(shifts)
    .innerJoin(rotaPeriods, eq(rotaPeriods.id, shifts.rotaPeriodId))
    .innerJoin(shiftTypes, eq(shiftTypes.id, shifts.shiftTypeId))
    .innerJoin(users, eq(users.id, shifts.userId))
    .where(
      and(
        inList(shifts.teamId, "teamIds"),
        eq(rotaPeriods.status, "published"),
        isNull(shifts.removedAt),
        lt(shifts.startsAt, sql.placeholder("to")),
        gt(shifts.endsAt, sql.placeholder("from")),
        // Bounds on the local start date let the (team, date) index skip the team's history: a
        // shift is at most a day long and a zone at most 14 h from UTC, so three days is ample.
        gte(shifts.date, sql.placeholder("fromDate")),
        lte(shifts.date, sql.placeholder("toDate")),
      ),
    )
    .orderBy(asc(shifts.startsAt), asc(users.name))
    .prepare(),
);

/** Published, live shifts of some teams overlapping [from, to) (instants in ms). */
function publishedShifts(teamIds: string[], from: number, to: number) {
  if (teamIds.length === 0) return [];
  return publishedShiftsOverlapping().all({
    teamIds: jsonList(teamIds),
    from,
    to,
    fromDate: new Date(from - 3 * DAY).toISOString().slice(0, 10),
    toDate: new Date(to + DAY).toISOString().slice(0, 10),
  });
}

const teamsByName = preparedOnce((db) =>
  db
    .select({ id: teams.id, name: teams.name, timeZone: teams.timeZone })
    .from(teams)
    .where(inList(teams.id, "teamIds"))
    .orderBy(asc(teams.name))
    .prepare(),
);
const shiftsSeenAt = preparedOnce((db) =>
  db
    .select({ seenAt: users.shiftsSeenAt })
    .from(users)
    .where(eq(users.id, sql.placeholder("userId")))
    .prepare(),
);
const myShiftChangesSince = preparedOnce((db) =>
  db
    .select({
      shiftId: shiftChanges.shiftId,
      kind: shiftChanges.kind,
      summary: shiftChanges.summary,
      at: shiftChanges.at,
      teamId: shiftChanges.teamId,
    })
    .from(shiftChanges)
    .where(
      and(
        eq(shiftChanges.userId, sql.placeholder("userId")),
        gt(shiftChanges.at, sql.placeholder("since")),
      ),
    )
    .orderBy(asc(shiftChanges.at))
    .prepare(),
);

/** Marks each shift with why it is not worked (leave, sickness, a closed account), or null. */
function markNotWorked<S extends { userId: string; date: string; deactivatedAt: Date | null }>(
  list: S[],
): (S & { notWorked: NotWorked | null })[] {
  const absences = absencesOverlapping(list);
  return list.map((s) => ({
    ...s,
    notWorked: whyNotWorked({ ...s, personActive: !s.deactivatedAt }, absences),
  }));
}

function teamsOf(actor: Actor) {
  const ids = actor.teams.map((t) => t.teamId);
  if (ids.length === 0) return [];
  return teamsByName().all({ teamIds: jsonList(ids) });
}

export type MyShift = {
  id: string;
  teamId: string;
  teamName: string;
  date: DateKey;
  code: string;
  name: string;
  colour: string;
  times: string;
  length: string;
  inProgress: boolean;
  /** The person's approved leave that day ("annual", "sick"…): the shift stands until moved. */
  onLeave: LeaveKind | null;
  /** "new" or "changed" since the person last opened My shifts; null otherwise. */
  change: "new" | "changed" | null;
  colleagues: { name: string; code: string }[];
};

/**
 * Whether two shifts are "on together": they overlap for at least half of the shorter one. An
 * early and a long day are; an early and the night that hands over to it are not.
 */
function workTogether(a: { start: number; end: number }, b: { start: number; end: number }) {
  const overlap = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  return overlap > 0 && overlap * 2 >= Math.min(a.end - a.start, b.end - b.start);
}

/**
 * The person's next `weeks` weeks of shifts, each marked new or changed if that happened after
 * they last marked their shifts as seen. The first visit only starts the clock.
 */
export function openMyShifts({
  actor,
  now = new Date(),
  weeks = 8,
}: {
  actor: Actor;
  now?: Date;
  weeks?: number;
}) {
  const myTeams = teamsOf(actor);
  const teamById = new Map(myTeams.map((t) => [t.id, t]));
  const from = now.getTime();
  const to = from + weeks * 7 * DAY;
  const all = markNotWorked(publishedShifts([...teamById.keys()], from, to));
  const seenAt = shiftsSeenAt().get({ userId: actor.userId })?.seenAt ?? null;
  if (!seenAt) markShiftsSeen({ actor, now });
  const changesSince = seenAt
    ? myShiftChangesSince().all({ userId: actor.userId, since: seenAt.getTime() })
    : [];
  const changedIds = new Set(
    changesSince.filter((c) => c.kind === "changed").map((c) => c.shiftId),
  );

  const mine: MyShift[] = all
    .filter((s) => s.userId === actor.userId)
    .map((s) => {
      const away = absenceKindOf(s.notWorked);
      const team = teamById.get(s.teamId)!;
      const span = { start: s.startsAt.getTime(), end: s.endsAt.getTime() };
      const colleagues = all
        .filter(
          (o) =>
            o.teamId === s.teamId &&
            o.userId !== actor.userId &&
            o.notWorked === null &&
            workTogether(span, { start: o.startsAt.getTime(), end: o.endsAt.getTime() }),
        )
        .map((o) => ({ name: o.name, code: o.code }));
      let change: MyShift["change"] = null;
      if (seenAt && s.updatedAt.getTime() > seenAt.getTime())
        change = changedIds.has(s.id) ? "changed" : "new";
      return {
        id: s.id,
        teamId: s.teamId,
        teamName: team.name,
        date: s.date,
        code: s.code,
        name: s.typeName,
        colour: s.colour,
        times: formatShiftTimes(span.start, span.end, team.timeZone),
        length: formatDuration(span.start, span.end),
        inProgress: span.start <= from && from < span.end,
        onLeave: away,
        change,
        colleagues,
      };
    });
  const removed = changesSince
    .filter((c) => c.kind === "removed")
    .map((c) => ({ summary: c.summary, teamName: teamById.get(c.teamId)?.name ?? "" }));
  const zone = myTeams[0]?.timeZone ?? "Europe/London";
  return { today: localDateKey(now, zone), shifts: mine, removed };
}

/**
 * The person has seen their shifts as they are now: the highlights clear, and so do the
 * notifications that announced those changes (new, changed and removed shifts, a published
 * rota), in the same transaction: one notion of seen (issue 12). Explicit, so that a reload or a
 * glance does not wipe a change before it was noticed.
 */
export function markShiftsSeen({ actor, now = new Date() }: { actor: Actor; now?: Date }): void {
  writeTransaction(() => {
    getDb().update(users).set({ shiftsSeenAt: now }).where(eq(users.id, actor.userId)).run();
    markNotificationsOfKindsRead({ actor, kinds: SHIFT_NOTIFICATION_KINDS, now });
  });
}

/** The notifications that "Mark as seen" on Shifts answers. */
export const SHIFT_NOTIFICATION_KINDS: NotificationKind[] = [
  "shift.added",
  "shift.changed",
  "shift.removed",
  "rota.published",
];

/** For each of the person's teams: who is on shift now, and who starts next (within a day). */
export function whoIsOn({ actor, now = new Date() }: { actor: Actor; now?: Date }) {
  const myTeams = teamsOf(actor);
  const from = now.getTime();
  // Someone on leave, off sick or no longer with us is not on, whatever the rota still says.
  const all = markNotWorked(
    publishedShifts(
      myTeams.map((t) => t.id),
      from,
      from + DAY,
    ),
  ).filter((s) => s.notWorked === null);
  return myTeams.map((team) => {
    const here = all.filter((s) => s.teamId === team.id);
    const onNow = here
      .filter((s) => s.startsAt.getTime() <= from)
      .map((s) => ({
        userId: s.userId,
        name: s.name,
        code: s.code,
        colour: s.colour,
        until: formatClock(s.endsAt, team.timeZone),
        // The shift occurrence, whose thread the people on it share (docs/decisions/016).
        shiftTypeId: s.shiftTypeId,
        date: s.date,
      }));
    const upcoming = here.filter((s) => s.startsAt.getTime() > from);
    const nextStart = upcoming[0]?.startsAt.getTime();
    const next =
      nextStart === undefined
        ? null
        : {
            at: formatClock(nextStart, team.timeZone),
            day:
              localDateKey(nextStart, team.timeZone) === localDateKey(from, team.timeZone)
                ? "today"
                : formatDay(localDateKey(nextStart, team.timeZone)),
            people: upcoming
              .filter((s) => s.startsAt.getTime() === nextStart)
              .map((s) => ({ userId: s.userId, name: s.name, code: s.code, colour: s.colour })),
          };
    return { team: { id: team.id, name: team.name }, onNow, next };
  });
}
