// Leave in a team: people request annual, study or other leave for themselves; managers decide,
// and record sickness. A person's sickness is health information about them: only they and
// the team's managers see it. Approved leave will block assignment on the rota.
import { and, asc, eq, gte, inArray, isNull, lte, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { inList, jsonList, preparedOnce } from "~/db/prepared.server";
import { leaveRequests, memberships, shifts, shiftTypes, users } from "~/db/schema.server";
import { type Actor, canManageTeam, isMemberOf } from "../accounts/permissions";
import { getTeam, getTeamToManage } from "../accounts/teams.server";
import { recordAudit } from "../audit/audit.server";
import { refuse } from "../audit/refusals.server";
import { InputError } from "../errors";
import { newId } from "../ids.server";
import { localDateKey, mondayOf } from "../local-time";
import { appendEvent } from "../notifications/events.server";
import { notify } from "../notifications/notifications.server";
import { checkLength } from "../text-limits";
import {
  canCancelLeave,
  checkLeaveDates,
  datesOverlap,
  describeLeaveDates,
  LEAVE_KINDS,
  type LeaveKind,
} from "./leave-rules";
import { type AbsencesByPerson, absenceOn } from "./shift-counts";
import { formatDay } from "./shift-display";

type LeaveRow = typeof leaveRequests.$inferSelect;

function firstProblem(problems: { field: string; message: string }[]) {
  const first = problems[0];
  if (first) throw new InputError(first.message, first.field);
}

/** Refuses leave that shares a day with the person's other requested or approved leave in the team. */
function assertNoOverlap(
  teamId: string,
  userId: string,
  dates: { startDate: string; endDate: string },
) {
  const existing = getDb()
    .select()
    .from(leaveRequests)
    .where(
      and(
        eq(leaveRequests.teamId, teamId),
        eq(leaveRequests.userId, userId),
        inArray(leaveRequests.status, ["requested", "approved"]),
      ),
    )
    .all()
    .find((row) => datesOverlap(row, dates));
  if (existing) {
    throw new InputError(
      `This overlaps ${LEAVE_KINDS[existing.kind].toLowerCase()} already ${existing.status}: ${describeLeaveDates(existing.startDate, existing.endDate)}.`,
      "startDate",
    );
  }
}

/**
 * Appends "rota.leave-changed" for each of the person's teams, inside the change's transaction:
 * approved leave or sickness began or stopped counting, and it counts in every team they work in
 * (away is away), so who works some shifts (who is on, the grid, cover) and who is in those
 * shifts' threads changed in each (docs/decisions/016). Ids only: the team's pages reload and
 * show what each viewer may see; the kind never says whose leave or whether it is sickness.
 */
function announceLeaveChanged(userId: string, leaveId: string): void {
  const teamIds = getDb()
    .select({ teamId: memberships.teamId })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .all()
    .map((m) => m.teamId);
  for (const teamId of teamIds) {
    appendEvent({
      audience: { type: "team", id: teamId },
      kind: "rota.leave-changed",
      ids: { teamId, leaveId },
    });
  }
}

function managerIds(teamId: string): string[] {
  return getDb()
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.role, "manager")))
    .all()
    .map((m) => m.userId);
}

export function requestLeave({
  actor,
  teamId,
  kind,
  startDate,
  endDate,
  note = "",
  today,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  kind: Exclude<LeaveKind, "sick">;
  startDate: string;
  endDate: string;
  note?: string;
  today?: string;
  ipAddress?: string;
}): { leaveId: string } {
  const team = getTeam({ actor, teamId, ipAddress });
  if (!isMemberOf(actor, team.id))
    throw new InputError("You can request leave only in a team you belong to.");
  if ((kind as string) === "sick")
    throw new InputError("Sickness is recorded by your manager.", "kind");
  if (!(kind in LEAVE_KINDS)) throw new InputError("Choose the kind of leave.", "kind");
  firstProblem(
    checkLeaveDates(startDate, endDate, {
      today: today ?? localDateKey(Date.now(), team.timeZone),
      allowPast: false,
    }),
  );
  const cleanNote = note.trim();
  checkLength(cleanNote, "leaveNote", { label: "The note", field: "note" });
  return writeTransaction(() => {
    assertNoOverlap(team.id, actor.userId, { startDate, endDate });
    const leaveId = newId();
    getDb()
      .insert(leaveRequests)
      .values({
        id: leaveId,
        teamId: team.id,
        userId: actor.userId,
        kind,
        startDate,
        endDate,
        note: cleanNote,
        status: "requested",
        requestedByUserId: actor.userId,
      })
      .run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "leave.requested",
      targetType: "leave",
      targetId: leaveId,
      ipAddress,
      detail: { teamId: team.id, kind, startDate, endDate },
    });
    notify({
      userIds: managerIds(team.id).filter((id) => id !== actor.userId),
      kind: "leave.requested",
      title: `${actor.name} asks for ${LEAVE_KINDS[kind].toLowerCase()}`,
      body: describeLeaveDates(startDate, endDate),
      link: `/team/${team.id}/leave`,
    });
    return { leaveId };
  });
}

/** A manager records a member's sickness: approved at once, past dates allowed. */
export function recordSickness({
  actor,
  teamId,
  userId,
  startDate,
  endDate,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  userId: string;
  startDate: string;
  endDate: string;
  ipAddress?: string;
}): {
  leaveId: string;
  shiftsToMove: string[];
  shiftsAffected: { shiftId: string; label: string }[];
} {
  const team = getTeamToManage({ actor, teamId, ipAddress });
  const isMember = getDb()
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.teamId, team.id), eq(memberships.userId, userId)))
    .get();
  if (!isMember) throw new InputError("Choose a member of this team.", "userId");
  firstProblem(
    checkLeaveDates(startDate, endDate, {
      today: localDateKey(Date.now(), team.timeZone),
      allowPast: true,
    }),
  );
  return writeTransaction(() => {
    assertNoOverlap(team.id, userId, { startDate, endDate });
    const leaveId = newId();
    getDb()
      .insert(leaveRequests)
      .values({
        id: leaveId,
        teamId: team.id,
        userId,
        kind: "sick",
        startDate,
        endDate,
        status: "approved",
        requestedByUserId: actor.userId,
        decidedByUserId: actor.userId,
        decidedAt: new Date(),
      })
      .run();
    announceLeaveChanged(userId, leaveId);
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "leave.recorded",
      targetType: "leave",
      targetId: leaveId,
      ipAddress,
      detail: { teamId: team.id, userId, kind: "sick", startDate, endDate },
    });
    if (userId !== actor.userId) {
      notify({
        userIds: [userId],
        kind: "leave.recorded",
        title: "Your manager recorded sickness for you",
        body: describeLeaveDates(startDate, endDate),
        link: `/team/${team.id}/leave`,
      });
    }
    const affected = shiftRowsDuring(team.id, userId, startDate, endDate);
    return { leaveId, shiftsToMove: affected.map((s) => s.label), shiftsAffected: affected };
  });
}

/**
 * The person's shifts on the team's rota during some leave ("Tue 1 Dec E"): they stay until a
 * manager moves them, count for no cover meanwhile, and the manager is told which they are.
 */
function shiftRowsDuring(
  teamId: string,
  userId: string,
  startDate: string,
  endDate: string,
): { shiftId: string; label: string }[] {
  return getDb()
    .select({ shiftId: shifts.id, date: shifts.date, code: shiftTypes.code })
    .from(shifts)
    .innerJoin(shiftTypes, eq(shiftTypes.id, shifts.shiftTypeId))
    .where(
      and(
        eq(shifts.teamId, teamId),
        eq(shifts.userId, userId),
        isNull(shifts.removedAt),
        gte(shifts.date, startDate),
        lte(shifts.date, endDate),
      ),
    )
    .orderBy(asc(shifts.date))
    .all()
    .map((s) => ({ shiftId: s.shiftId, label: `${formatDay(s.date)} ${s.code}` }));
}

function leaveInTeam(
  actor: Actor,
  teamId: string,
  leaveId: string,
  attempted: string,
  ipAddress?: string,
): { row: LeaveRow; team: ReturnType<typeof getTeam> } {
  const team = getTeam({ actor, teamId, ipAddress });
  const row = getDb()
    .select()
    .from(leaveRequests)
    .where(and(eq(leaveRequests.id, leaveId), eq(leaveRequests.teamId, team.id)))
    .get();
  const visible = row && (row.userId === actor.userId || canManageTeam(actor, team.id));
  if (!row || !visible)
    throw refuse(actor, { attempted, targetType: "leave", targetId: leaveId, ipAddress });
  return { row, team };
}

/**
 * A manager approves or declines a request. Declining needs `reason` (the person sees it, in the
 * notification and on their leave page; at most TEXT_LIMITS.leaveDecisionReason), an InputError
 * on "reason" otherwise. Approving returns the person's shifts that fall in the leave
 * (`shiftsToMove` as labels, `shiftsAffected` with ids, to link to), and the person's
 * notification links to the rota week where they are.
 */
export function decideLeave({
  actor,
  teamId,
  leaveId,
  decision,
  reason = "",
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  leaveId: string;
  decision: "approved" | "declined";
  reason?: string;
  ipAddress?: string;
}): { shiftsToMove: string[]; shiftsAffected: { shiftId: string; label: string }[] } {
  const { row } = leaveInTeam(actor, teamId, leaveId, "leave.decide", ipAddress);
  if (!canManageTeam(actor, row.teamId))
    throw refuse(actor, {
      attempted: "leave.decide",
      targetType: "leave",
      targetId: leaveId,
      ipAddress,
    });
  if (row.userId === actor.userId)
    throw new InputError("Another manager or an administrator must decide your own leave.");
  const cleanReason = decision === "declined" ? reason.trim() : "";
  if (decision === "declined" && !cleanReason)
    throw new InputError("Say why you are declining: the person will see your reason.", "reason");
  checkLength(cleanReason, "leaveDecisionReason", { label: "The reason", field: "reason" });
  return writeTransaction(() => {
    // Conditional, so two managers deciding at once cannot both win.
    const changed = getDb()
      .update(leaveRequests)
      .set({
        status: decision,
        decidedByUserId: actor.userId,
        decidedAt: new Date(),
        decisionReason: cleanReason,
      })
      .where(and(eq(leaveRequests.id, row.id), eq(leaveRequests.status, "requested")))
      .run().changes;
    if (changed !== 1) throw new InputError("That request has already been decided or cancelled.");
    if (decision === "approved") announceLeaveChanged(row.userId, row.id);
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: decision === "approved" ? "leave.approved" : "leave.declined",
      targetType: "leave",
      targetId: row.id,
      ipAddress,
      detail: {
        teamId: row.teamId,
        userId: row.userId,
        startDate: row.startDate,
        endDate: row.endDate,
      },
    });
    const affected =
      decision === "approved"
        ? shiftRowsDuring(row.teamId, row.userId, row.startDate, row.endDate)
        : [];
    notify({
      userIds: [row.userId],
      kind: "leave.decided",
      title: `Your ${LEAVE_KINDS[row.kind].toLowerCase()} was ${decision}`,
      body:
        decision === "declined"
          ? `${describeLeaveDates(row.startDate, row.endDate)}. Reason: ${cleanReason}`
          : `${describeLeaveDates(row.startDate, row.endDate)}.${
              affected.length
                ? ` ${affected.length} of your shifts fall in it and no longer count: your manager will give them to someone else.`
                : ""
            }`,
      // Approved: the rota week where the leave starts, which shows the shifts it affects.
      link:
        decision === "approved"
          ? `/team/${row.teamId}/rota?week=${mondayOf(row.startDate)}`
          : `/team/${row.teamId}/leave`,
    });
    return { shiftsToMove: affected.map((s) => s.label), shiftsAffected: affected };
  });
}

/** A person withdraws their own request, or approved leave that has not started yet. */
export function cancelLeave({
  actor,
  teamId,
  leaveId,
  today,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  leaveId: string;
  today?: string;
  ipAddress?: string;
}): void {
  const { row, team } = leaveInTeam(actor, teamId, leaveId, "leave.cancel", ipAddress);
  if (row.userId !== actor.userId)
    throw refuse(actor, {
      attempted: "leave.cancel",
      targetType: "leave",
      targetId: leaveId,
      ipAddress,
    });
  const todayKey = today ?? localDateKey(Date.now(), team.timeZone);
  if (row.status === "declined" || row.status === "cancelled")
    throw new InputError("That leave is not booked.");
  if (!canCancelLeave(row, todayKey))
    throw new InputError("Leave that has started can only be changed by your manager.");
  writeTransaction(() => {
    getDb()
      .update(leaveRequests)
      .set({ status: "cancelled" })
      .where(eq(leaveRequests.id, row.id))
      .run();
    if (row.status === "approved") announceLeaveChanged(row.userId, row.id);
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "leave.cancelled",
      targetType: "leave",
      targetId: row.id,
      ipAddress,
      detail: {
        teamId: row.teamId,
        startDate: row.startDate,
        endDate: row.endDate,
        wasStatus: row.status,
      },
    });
  });
}

/** What the leave page shows: the actor's own leave, and for managers the team's. */
export function leaveOverview({
  actor,
  teamId,
  today,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  today?: string;
  ipAddress?: string;
}) {
  const team = getTeam({ actor, teamId, ipAddress });
  const todayKey = today ?? localDateKey(Date.now(), team.timeZone);
  const db = getDb();
  const withNames = db
    .select({ leave: leaveRequests, name: users.name })
    .from(leaveRequests)
    .innerJoin(users, eq(users.id, leaveRequests.userId))
    .where(and(eq(leaveRequests.teamId, team.id), gte(leaveRequests.endDate, todayKey)))
    .orderBy(asc(leaveRequests.startDate))
    .all();
  const mine = db
    .select()
    .from(leaveRequests)
    .where(and(eq(leaveRequests.teamId, team.id), eq(leaveRequests.userId, actor.userId)))
    .orderBy(asc(leaveRequests.startDate))
    .all()
    .filter((row) => row.endDate >= todayKey || row.status === "requested");
  const manages = canManageTeam(actor, team.id);
  const members = manages
    ? db
        .select({ userId: users.id, name: users.name })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.teamId, team.id))
        .orderBy(asc(users.name))
        .all()
    : [];
  return {
    team,
    today: todayKey,
    isMember: isMemberOf(actor, team.id),
    mine,
    pending: manages ? withNames.filter((r) => r.leave.status === "requested") : [],
    upcoming: manages ? withNames.filter((r) => r.leave.status === "approved") : [],
    members,
  };
}

/**
 * Approved leave of some people overlapping [from, to], by person: whoever is on leave (or off
 * sick) is not working, whatever the rota says, so cover and "who is on" leave them out.
 */
export function approvedLeaveOf({
  userIds,
  from,
  to,
}: {
  userIds: string[];
  from: string;
  to: string;
}): Map<string, { kind: LeaveKind; startDate: string; endDate: string }[]> {
  const byUser = new Map<string, { kind: LeaveKind; startDate: string; endDate: string }[]>();
  if (userIds.length === 0) return byUser;
  for (const row of approvedLeaveOverlapping().all({ userIds: jsonList(userIds), from, to })) {
    byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
  }
  return byUser;
}

// The grid, My shifts and who is on read this on every page view: prepared once.
const approvedLeaveOverlapping = preparedOnce((db) =>
  db
    .select({
      userId: leaveRequests.userId,
      kind: leaveRequests.kind,
      startDate: leaveRequests.startDate,
      endDate: leaveRequests.endDate,
    })
    .from(leaveRequests)
    .where(
      and(
        inList(leaveRequests.userId, "userIds"),
        eq(leaveRequests.status, "approved"),
        lte(leaveRequests.startDate, sql.placeholder("to")),
        gte(leaveRequests.endDate, sql.placeholder("from")),
      ),
    )
    .prepare(),
);

/** The kind of approved leave a person has on a date, if any (the rule is `absenceOn`'s). */
export function leaveOn(
  leave: Map<string, { kind: LeaveKind; startDate: string; endDate: string }[]>,
  userId: string,
  date: string,
): LeaveKind | null {
  return absenceOn(leave, userId, date);
}

/**
 * The approved leave and sickness that overlap some shifts, by person: one query for the whole
 * set, whatever team approved it (away is away). Feed it, with the shifts, to `whyNotWorked`.
 */
export function absencesOverlapping(list: { userId: string; date: string }[]): AbsencesByPerson {
  if (list.length === 0) return new Map();
  let from = list[0]!.date;
  let to = from;
  for (const { date } of list) {
    if (date < from) from = date;
    if (date > to) to = date;
  }
  return approvedLeaveOf({ userIds: list.map((s) => s.userId), from, to });
}
