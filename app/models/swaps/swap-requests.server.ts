// Swap, give-away and pick-up requests (issue 10): a person offers their published shift for a
// colleague's, or to a colleague or anyone eligible; the colleague accepts or declines; a manager
// approves or declines with a reason (or the team approves automatically when the change adds no
// breach and leaves cover no worse). Approving re-checks the request's snapshot and the rules in
// the same write transaction that changes the rota, through the rota's own writers, so history,
// audit, events and notifications follow as for any rota change (docs/decisions/019).
import { and, desc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { inList, jsonList, preparedOnce } from "~/db/prepared.server";
import {
  memberships,
  openShifts,
  rotaPeriods,
  type SwapSnapshot,
  shifts,
  shiftTypes,
  swapRequests,
  teams,
  users,
} from "~/db/schema.server";
import { type Actor, canManageTeam, isMemberOf } from "../accounts/permissions";
import { getTeam } from "../accounts/teams.server";
import { type AuditInput, recordAudit } from "../audit/audit.server";
import { refuse } from "../audit/refusals.server";
import { InputError } from "../errors";
import { newId } from "../ids.server";
import { appendEvent } from "../notifications/events.server";
import { type NotificationKind, notify } from "../notifications/notifications.server";
import { teamRoster } from "../rota/roster.server";
import { publishedPeriodOn } from "../rota/rota-periods.server";
import { describeShift, formatDay } from "../rota/shift-display";
import { addShiftWithin, reassignShiftWithin } from "../rota/shifts.server";
import type { RuleSetId } from "../rules/working-time-rules";
import { checkLength, TEXT_LIMITS } from "../text-limits";
import {
  addedBreachCount,
  type ChangeCheck,
  checkChange,
  type Move,
  type MovedShift,
} from "./swap-checks.server";
import {
  expiryInstant,
  LIVE_SWAP_STATES,
  mayApproveAutomatically,
  SWAP_STATE_LABELS,
  type SwapRole,
  type SwapState,
  swapTransition,
} from "./swap-rules";
import { type SwapSettings, swapSettingsOf } from "./swap-settings.server";

type RequestRow = typeof swapRequests.$inferSelect;
export type SwapTeam = {
  id: string;
  name: string;
  organisationId: string;
  timeZone: string;
  ruleSet: RuleSetId | null;
};

// ---------------------------------------------------------------- reading what a request touches

// Read for every request listed and every offer checked: prepared once (decision 014).
const teamForSwaps = preparedOnce((db) =>
  db
    .select({
      id: teams.id,
      name: teams.name,
      organisationId: teams.organisationId,
      timeZone: teams.timeZone,
      ruleSet: teams.ruleSet,
    })
    .from(teams)
    .where(eq(teams.id, sql.placeholder("teamId")))
    .prepare(),
);

function teamById(teamId: string): SwapTeam {
  const team = teamForSwaps().get({ teamId });
  if (!team) throw new Error(`No team ${teamId}`);
  return team;
}

const publishedShiftOfTeam = preparedOnce((db) =>
  db
    .select({ shift: shifts, type: shiftTypes })
    .from(shifts)
    .innerJoin(rotaPeriods, eq(rotaPeriods.id, shifts.rotaPeriodId))
    .innerJoin(shiftTypes, eq(shiftTypes.id, shifts.shiftTypeId))
    .where(
      and(
        eq(shifts.id, sql.placeholder("shiftId")),
        eq(shifts.teamId, sql.placeholder("teamId")),
        isNull(shifts.removedAt),
        eq(rotaPeriods.status, "published"),
      ),
    )
    .prepare(),
);

const openShiftWithType = preparedOnce((db) =>
  db
    .select({ open: openShifts, type: shiftTypes })
    .from(openShifts)
    .innerJoin(shiftTypes, eq(shiftTypes.id, openShifts.shiftTypeId))
    .where(eq(openShifts.id, sql.placeholder("openShiftId")))
    .prepare(),
);

/** A live shift of the team on a published rota, as a request can move it; else undefined. */
export function shiftToMove(teamId: string, shiftId: string) {
  const row = publishedShiftOfTeam().get({ teamId, shiftId });
  if (!row) return undefined;
  const moved: MovedShift = {
    id: row.shift.id,
    shiftTypeId: row.type.id,
    code: row.type.code,
    name: row.type.name,
    date: row.shift.date,
    startsAt: row.shift.startsAt,
    endsAt: row.shift.endsAt,
    breakMinutes: row.type.paidBreakMinutes,
    requirements: row.type.requirements,
  };
  return { shift: row.shift, type: row.type, moved };
}

/**
 * An open shift as a change moves it: `open:<id>` until a shift is made for it, with the type's
 * break and requirements and the grade it needs.
 */
export function movedOpenShift(
  open: typeof openShifts.$inferSelect,
  type: typeof shiftTypes.$inferSelect,
): MovedShift {
  return {
    id: `open:${open.id}`,
    shiftTypeId: type.id,
    code: type.code,
    name: type.name,
    date: open.date,
    startsAt: open.startsAt,
    endsAt: open.endsAt,
    breakMinutes: type.paidBreakMinutes,
    requirements: type.requirements,
    requiredGrade: open.requiredGrade,
  };
}

/** An open shift as a request can move it (`open:<id>` until a shift is made for it). */
export function openShiftToMove(openShiftId: string) {
  const row = openShiftWithType().get({ openShiftId });
  if (!row) return undefined;
  return { open: row.open, type: row.type, moved: movedOpenShift(row.open, row.type) };
}

/**
 * The moves a request makes as the rota stands now, with `taker` standing in for the colleague
 * of an offer to anyone not yet taken. Undefined when a shift it names is no longer live.
 */
function movesOf(row: RequestRow, taker?: string): Move[] | undefined {
  const colleague = row.colleagueUserId ?? taker;
  if (row.kind === "pick-up") {
    const open = row.openShiftId ? openShiftToMove(row.openShiftId) : undefined;
    return open && [{ shift: open.moved, fromUserId: null, toUserId: row.requesterUserId }];
  }
  const mine = row.requesterShiftId ? shiftToMove(row.teamId, row.requesterShiftId) : undefined;
  if (!mine || !colleague) return undefined;
  const moves: Move[] = [
    { shift: mine.moved, fromUserId: row.requesterUserId, toUserId: colleague },
  ];
  if (row.kind === "swap") {
    const theirs = row.colleagueShiftId ? shiftToMove(row.teamId, row.colleagueShiftId) : undefined;
    if (!theirs) return undefined;
    moves.push({ shift: theirs.moved, fromUserId: colleague, toUserId: row.requesterUserId });
  }
  return moves;
}

function snapshotOf(teamId: string, shiftIds: string[], userIds: string[]): SwapSnapshot {
  const rows = shiftIds.length
    ? getDb().select().from(shifts).where(inArray(shifts.id, shiftIds)).all()
    : [];
  const grades = new Map(teamRoster(teamId).map((m) => [m.userId, m.grade]));
  const snapshot: SwapSnapshot = {
    shifts: rows.map((s) => ({
      id: s.id,
      userId: s.userId,
      startsAt: s.startsAt.getTime(),
      endsAt: s.endsAt.getTime(),
      updatedAt: s.updatedAt.getTime(),
    })),
    people: [...new Set(userIds)].map((userId) => ({ userId, grade: grades.get(userId) ?? "" })),
  };
  if (JSON.stringify(snapshot).length > TEXT_LIMITS.swapSnapshot)
    throw new Error("A swap request's snapshot is longer than TEXT_LIMITS.swapSnapshot");
  return snapshot;
}

/**
 * What moved since the request was made, in a sentence, or null: a shift removed, given to
 * someone else, moved in time or changed in any way (its updated_at), a person's grade changed
 * or they left the team.
 */
function snapshotProblem(row: RequestRow): string | null {
  const { shifts: was, people } = row.snapshot;
  const now = was.length
    ? getDb()
        .select({ shift: shifts, code: shiftTypes.code, status: rotaPeriods.status })
        .from(shifts)
        .innerJoin(shiftTypes, eq(shiftTypes.id, shifts.shiftTypeId))
        .innerJoin(rotaPeriods, eq(rotaPeriods.id, shifts.rotaPeriodId))
        .where(
          inArray(
            shifts.id,
            was.map((s) => s.id),
          ),
        )
        .all()
    : [];
  for (const before of was) {
    const found = now.find((r) => r.shift.id === before.id);
    const day = found ? `${found.code} on ${formatDay(found.shift.date)}` : "A shift";
    if (!found || found.shift.removedAt || found.status !== "published")
      return `${day} has been taken off the rota.`;
    if (found.shift.userId !== before.userId) return `${day} has been given to someone else.`;
    if (
      found.shift.startsAt.getTime() !== before.startsAt ||
      found.shift.endsAt.getTime() !== before.endsAt
    )
      return `${day} has moved.`;
    if (found.shift.updatedAt.getTime() !== before.updatedAt) return `${day} has been changed.`;
  }
  const roster = new Map(teamRoster(row.teamId).map((m) => [m.userId, m]));
  for (const person of people) {
    const member = roster.get(person.userId);
    if (!member) return "Someone in this request has left the team.";
    if (member.grade !== person.grade) return `${member.name}'s grade has changed.`;
  }
  return null;
}

// ---------------------------------------------------------------- telling people

function managersOf(teamId: string): string[] {
  return getDb()
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.role, "manager")))
    .all()
    .map((m) => m.userId);
}

function nameOf(userId: string | null): string {
  if (!userId) return "";
  return (
    getDb().select({ name: users.name }).from(users).where(eq(users.id, userId)).get()?.name ?? ""
  );
}

function announce(teamId: string, requestId: string, now: Date) {
  appendEvent({
    audience: { type: "team", id: teamId },
    kind: "rota.swap-changed",
    ids: { swapRequestId: requestId, teamId },
    now,
  });
}

function tell(
  userIds: (string | null)[],
  except: string | null,
  kind: NotificationKind,
  title: string,
  body: string,
  now: Date,
  /** Where the notification leads: the request's page, the Swaps page or the person's shifts. */
  link: string,
) {
  notify({
    userIds: userIds.filter((id): id is string => Boolean(id) && id !== except),
    kind,
    title,
    body,
    link,
    now,
  });
}

/** "E Tue 3 Dec 07:30–15:30 for N Thu 5 Dec 20:00–08:00": what a request offers, in words. */
function describeRequest(row: RequestRow, timeZone: string): string {
  const words = (moved: MovedShift | undefined) =>
    moved ? describeShift(moved, { code: moved.code, name: moved.name }, timeZone) : "a shift";
  if (row.kind === "pick-up")
    return `Open shift ${words(row.openShiftId ? openShiftToMove(row.openShiftId)?.moved : undefined)}`;
  const mine = row.requesterShiftId
    ? shiftToMove(row.teamId, row.requesterShiftId)?.moved
    : undefined;
  if (row.kind === "give-away") return words(mine);
  const theirs = row.colleagueShiftId
    ? shiftToMove(row.teamId, row.colleagueShiftId)?.moved
    : undefined;
  return `${words(mine)} for ${words(theirs)}`;
}

// ---------------------------------------------------------------- closing requests

/**
 * Closes a live request as no longer valid with `reason`, inside the caller's transaction, and
 * tells everyone in it (the requester, the colleague, and the managers once it reached them).
 */
function invalidate(row: RequestRow, reason: string, now: Date, team: SwapTeam): void {
  const changed = getDb()
    .update(swapRequests)
    .set({
      state: "no-longer-valid",
      reason: reason.slice(0, TEXT_LIMITS.swapReason),
      updatedAt: now,
      decidedAt: now,
    })
    .where(and(eq(swapRequests.id, row.id), inArray(swapRequests.state, [...LIVE_SWAP_STATES])))
    .run().changes;
  if (changed !== 1) return;
  const people = [row.requesterUserId, row.colleagueUserId];
  if (row.state === "awaiting-manager") people.push(...managersOf(row.teamId));
  tell(
    people,
    null,
    "swap.closed",
    "A swap request is no longer valid",
    reason,
    now,
    `/swaps/${row.id}`,
  );
  recordAudit({
    organisationId: team.organisationId,
    actorUserId: null,
    action: "swap.invalidated",
    targetType: "swap_request",
    targetId: row.id,
    detail: { teamId: row.teamId, reason },
  });
  announce(row.teamId, row.id, now);
}

/** Closes every other live request that names one of these shifts: they have just changed. */
function invalidateOthersTouching(shiftIds: string[], exceptId: string, now: Date, team: SwapTeam) {
  if (shiftIds.length === 0) return;
  const others = getDb()
    .select()
    .from(swapRequests)
    .where(
      and(
        inArray(swapRequests.state, [...LIVE_SWAP_STATES]),
        or(
          inArray(swapRequests.requesterShiftId, shiftIds),
          inArray(swapRequests.colleagueShiftId, shiftIds),
        ),
      ),
    )
    .all()
    .filter((r) => r.id !== exceptId);
  for (const other of others)
    invalidate(other, "A shift in this request has just been swapped or given away.", now, team);
}

const dueToExpire = preparedOnce((db) =>
  db
    .select()
    .from(swapRequests)
    .where(
      and(
        inList(swapRequests.state, "states"),
        lte(swapRequests.expiresAt, sql.placeholder("now")),
      ),
    )
    .prepare(),
);

/**
 * Closes every live request whose expiry instant (the first touched shift's start less the
 * team's cut-off) has passed, and tells the people in it. For a periodic sweep; the model
 * functions here also call it before acting, so nobody acts on an expired request.
 *
 * @returns how many requests expired.
 */
export function expireSwapRequests({ now = new Date() }: { now?: Date } = {}): number {
  const due = dueToExpire().all({ states: jsonList(LIVE_SWAP_STATES), now: now.getTime() });
  if (due.length === 0) return 0;
  return writeTransaction(() => {
    let expired = 0;
    for (const row of due) {
      const changed = getDb()
        .update(swapRequests)
        .set({
          state: "expired",
          reason: "It was not approved before the shift's cut-off.",
          updatedAt: now,
          decidedAt: now,
        })
        .where(and(eq(swapRequests.id, row.id), inArray(swapRequests.state, [...LIVE_SWAP_STATES])))
        .run().changes;
      if (changed !== 1) continue;
      expired++;
      const team = teamById(row.teamId);
      // The managers too when it was waiting for them: it leaves their queue.
      const people = [row.requesterUserId, row.colleagueUserId];
      if (row.state === "awaiting-manager") people.push(...managersOf(row.teamId));
      tell(
        people,
        null,
        "swap.closed",
        "A swap request expired",
        `${describeRequest(row, team.timeZone)}: it was not approved before the cut-off.`,
        now,
        `/swaps/${row.id}`,
      );
      recordAudit({
        organisationId: team.organisationId,
        actorUserId: null,
        action: "swap.expired",
        targetType: "swap_request",
        targetId: row.id,
        detail: { teamId: row.teamId },
      });
      announce(row.teamId, row.id, now);
    }
    return expired;
  });
}

// ---------------------------------------------------------------- who is asking

/**
 * A request the actor may see: they made it, it names them, it is an offer to anyone in a team
 * they belong to, or they manage its team. Anyone else gets the audited 404.
 */
function requestFor(actor: Actor, requestId: string, attempted: string, ipAddress?: string) {
  const row = getDb()
    .select()
    .from(swapRequests)
    .innerJoin(teams, eq(teams.id, swapRequests.teamId))
    .where(and(eq(swapRequests.id, requestId), eq(teams.organisationId, actor.organisationId)))
    .get()?.swap_requests;
  const visible =
    row &&
    (row.requesterUserId === actor.userId ||
      row.colleagueUserId === actor.userId ||
      canManageTeam(actor, row.teamId) ||
      (row.kind === "give-away" && row.colleagueUserId === null && isMemberOf(actor, row.teamId)));
  if (!row || !visible)
    throw refuse(actor, { attempted, targetType: "swap_request", targetId: requestId, ipAddress });
  return row;
}

function roleOf(actor: Actor, row: RequestRow): SwapRole {
  if (row.requesterUserId === actor.userId) return "requester";
  if (row.colleagueUserId === actor.userId) return "colleague";
  if (row.kind === "give-away" && row.colleagueUserId === null && isMemberOf(actor, row.teamId))
    return "candidate";
  return canManageTeam(actor, row.teamId) ? "manager" : "candidate";
}

/** The request as it is now, re-read inside a transaction, checked against the transition. */
function currentFor(row: RequestRow, action: Parameters<typeof swapTransition>[1], role: SwapRole) {
  const current = getDb().select().from(swapRequests).where(eq(swapRequests.id, row.id)).get()!;
  const step = swapTransition(current.state, action, role);
  if (!step.ok) throw new InputError(step.message);
  return { current, to: step.to };
}

function firstProblem(check: ChangeCheck): string | null {
  return check.ineligible.length ? check.ineligible.map((i) => i.message).join(" ") : null;
}

// ---------------------------------------------------------------- making requests

function checkNotTooLate(moves: Move[], settings: SwapSettings, now: Date): number {
  const expiresAt = expiryInstant(
    moves.map((m) => m.shift.startsAt),
    settings.cutoffMinutes,
  );
  if (expiresAt <= now.getTime()) {
    const hours = settings.cutoffMinutes / 60;
    throw new InputError(
      settings.cutoffMinutes === 0
        ? "That shift has already started."
        : `Too late: requests close ${Number.isInteger(hours) ? `${hours} hours` : `${settings.cutoffMinutes} minutes`} before the shift starts.`,
    );
  }
  return expiresAt;
}

function myShiftToOffer(actor: Actor, team: SwapTeam, shiftId: string, ipAddress?: string) {
  const mine = shiftToMove(team.id, shiftId);
  if (!mine || mine.shift.userId !== actor.userId)
    throw refuse(actor, {
      attempted: "swap.request",
      targetType: "shift",
      targetId: shiftId,
      ipAddress,
    });
  const live = getDb()
    .select({ id: swapRequests.id })
    .from(swapRequests)
    .where(
      and(
        eq(swapRequests.requesterShiftId, shiftId),
        inArray(swapRequests.state, [...LIVE_SWAP_STATES]),
      ),
    )
    .get();
  if (live) throw new InputError("You have already offered this shift: cancel that request first.");
  return mine;
}

function memberTeam(actor: Actor, teamId: string, ipAddress?: string): SwapTeam {
  const team = getTeam({ actor, teamId, ipAddress });
  if (!isMemberOf(actor, team.id))
    throw new InputError("You can swap shifts only in a team you belong to.");
  return team;
}

function insertRequest(values: Omit<typeof swapRequests.$inferInsert, "id">): string {
  const id = newId();
  getDb()
    .insert(swapRequests)
    .values({ id, ...values })
    .run();
  return id;
}

/**
 * A person offers one of their published shifts for a colleague's shift in the same team.
 * Both must be eligible for the other's shift (grade or skill, not away, no clash, no new
 * breach: `checkChange`), and it must be before the cut-off. The colleague is told.
 *
 * @returns the new request's id; state "awaiting-colleague"; expires at the earlier shift's
 *   start less the team's cut-off.
 * @throws the audited 404 when the shift is not the actor's own live published shift;
 *   InputError when the colleague's shift is not on the team's published rota, when either
 *   person is not eligible (every reason), when it is too late, or when the shift is already
 *   offered.
 */
export function requestSwap({
  actor,
  teamId,
  shiftId,
  colleagueShiftId,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  shiftId: string;
  colleagueShiftId: string;
  now?: Date;
  ipAddress?: string;
}): { requestId: string } {
  const team = memberTeam(actor, teamId, ipAddress);
  expireSwapRequests({ now });
  return writeTransaction(() => {
    const mine = myShiftToOffer(actor, team, shiftId, ipAddress);
    const theirs = shiftToMove(team.id, colleagueShiftId);
    if (!theirs || theirs.shift.userId === actor.userId)
      throw new InputError(
        "Choose a colleague's shift on this team's published rota.",
        "colleagueShiftId",
      );
    const colleague = theirs.shift.userId;
    const moves: Move[] = [
      { shift: mine.moved, fromUserId: actor.userId, toUserId: colleague },
      { shift: theirs.moved, fromUserId: colleague, toUserId: actor.userId },
    ];
    const settings = swapSettingsOf(team.id);
    const expiresAt = checkNotTooLate(moves, settings, now);
    const problem = firstProblem(checkChange({ team, settings, moves }));
    if (problem) throw new InputError(problem);
    const requestId = insertRequest({
      teamId: team.id,
      kind: "swap",
      requesterUserId: actor.userId,
      requesterShiftId: mine.shift.id,
      colleagueUserId: colleague,
      colleagueShiftId: theirs.shift.id,
      state: "awaiting-colleague",
      snapshot: snapshotOf(team.id, [mine.shift.id, theirs.shift.id], [actor.userId, colleague]),
      expiresAt: new Date(expiresAt),
      createdAt: now,
      updatedAt: now,
    });
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "swap.requested",
      targetType: "swap_request",
      targetId: requestId,
      ipAddress,
      detail: { teamId: team.id, kind: "swap", shiftId, colleagueShiftId },
    });
    tell(
      [colleague],
      null,
      "swap.requested",
      `${actor.name} asks to swap shifts with you`,
      describeShift(mine.moved, mine.type, team.timeZone) +
        ` for your ${describeShift(theirs.moved, theirs.type, team.timeZone)}`,
      now,
      `/swaps/${requestId}`,
    );
    announce(team.id, requestId, now);
    return { requestId };
  });
}

/**
 * The active members of a team (other than `exceptUserId`) who may take a shift as things stand:
 * for offering a give-away and for telling people about it. One `checkChange` per person.
 */
export function eligibleTakers({
  team,
  settings,
  shift,
  fromUserId,
  exceptUserId,
}: {
  team: SwapTeam;
  settings: SwapSettings;
  shift: MovedShift;
  fromUserId: string | null;
  exceptUserId: string;
}): { userId: string; name: string; grade: string }[] {
  return teamRoster(team.id)
    .filter((m) => !m.deactivatedAt && m.userId !== exceptUserId && m.userId !== fromUserId)
    .filter(
      (m) =>
        checkChange({ team, settings, moves: [{ shift, fromUserId, toUserId: m.userId }] })
          .ineligible.length === 0,
    )
    .map((m) => ({ userId: m.userId, name: m.name, grade: m.grade }));
}

/**
 * Who the actor could give one of their published shifts to: the eligible colleagues, by name
 * (issue 10: only eligible people are offered a request). For the give-away form.
 *
 * @throws the audited 404 when the shift is not the actor's own live published shift.
 */
export function colleaguesWhoCanTake({
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
  const team = memberTeam(actor, teamId, ipAddress);
  const mine = shiftToMove(team.id, shiftId);
  if (!mine || mine.shift.userId !== actor.userId)
    throw refuse(actor, {
      attempted: "swap.request",
      targetType: "shift",
      targetId: shiftId,
      ipAddress,
    });
  return eligibleTakers({
    team,
    settings: swapSettingsOf(team.id),
    shift: mine.moved,
    fromUserId: actor.userId,
    exceptUserId: actor.userId,
  });
}

/**
 * A person offers one of their published shifts to a named colleague, or (`toUserId` null) to
 * anyone eligible in the team, each of whom is told. The shift stays theirs until someone takes
 * it and it is approved.
 *
 * @returns the new request's id; state "awaiting-colleague".
 * @throws the audited 404 when the shift is not the actor's own live published shift;
 *   InputError when the named colleague is not eligible (every reason), when nobody is (for an
 *   offer to anyone), when it is too late, or when the shift is already offered.
 */
export function offerShift({
  actor,
  teamId,
  shiftId,
  toUserId,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  shiftId: string;
  toUserId: string | null;
  now?: Date;
  ipAddress?: string;
}): { requestId: string } {
  const team = memberTeam(actor, teamId, ipAddress);
  expireSwapRequests({ now });
  return writeTransaction(() => {
    const mine = myShiftToOffer(actor, team, shiftId, ipAddress);
    const settings = swapSettingsOf(team.id);
    if (toUserId === actor.userId) throw new InputError("Choose a colleague.", "toUserId");
    let audience: string[];
    if (toUserId) {
      const moves: Move[] = [{ shift: mine.moved, fromUserId: actor.userId, toUserId }];
      checkNotTooLate(moves, settings, now);
      const problem = firstProblem(checkChange({ team, settings, moves }));
      if (problem) throw new InputError(problem, "toUserId");
      audience = [toUserId];
    } else {
      checkNotTooLate(
        [{ shift: mine.moved, fromUserId: actor.userId, toUserId: actor.userId }],
        settings,
        now,
      );
      audience = eligibleTakers({
        team,
        settings,
        shift: mine.moved,
        fromUserId: actor.userId,
        exceptUserId: actor.userId,
      }).map((p) => p.userId);
      if (audience.length === 0)
        throw new InputError("Nobody in the team can take this shift: no one is eligible.");
    }
    const expiresAt = expiryInstant([mine.moved.startsAt], settings.cutoffMinutes);
    const requestId = insertRequest({
      teamId: team.id,
      kind: "give-away",
      requesterUserId: actor.userId,
      requesterShiftId: mine.shift.id,
      colleagueUserId: toUserId,
      state: "awaiting-colleague",
      snapshot: snapshotOf(
        team.id,
        [mine.shift.id],
        toUserId ? [actor.userId, toUserId] : [actor.userId],
      ),
      expiresAt: new Date(expiresAt),
      createdAt: now,
      updatedAt: now,
    });
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "swap.requested",
      targetType: "swap_request",
      targetId: requestId,
      ipAddress,
      detail: { teamId: team.id, kind: "give-away", shiftId, toUserId },
    });
    tell(
      audience,
      actor.userId,
      "swap.requested",
      toUserId ? `${actor.name} offers you a shift` : `${actor.name} offers a shift to the team`,
      describeShift(mine.moved, mine.type, team.timeZone),
      now,
      `/swaps/${requestId}`,
    );
    announce(team.id, requestId, now);
    return { requestId };
  });
}

// ---------------------------------------------------------------- applying

export type ApplyOutcome = { outcome: "applied" } | { outcome: "no-longer-valid"; reason: string };

/**
 * Applies an accepted request inside the caller's write transaction, or closes it: first the
 * snapshot (every touched shift and person as they were when it was made), then the rules as
 * they stand now (`checkChange`), then, for a pick-up, the open shift is still open (one
 * conditional write). If anything moved, nothing changes but the request, which is closed as no
 * longer valid and everyone in it told why. Otherwise the shifts change through the rota's
 * writers (history, audit, "rota.shift-changed", people told) and other live requests naming the
 * same shifts are closed.
 */
function applyRequest({
  row,
  actor,
  automatic,
  now,
  ipAddress,
}: {
  row: RequestRow;
  actor: Actor;
  automatic: boolean;
  now: Date;
  ipAddress?: string;
}): ApplyOutcome {
  const db = getDb();
  const team = teamById(row.teamId);
  const moves = movesOf(row);
  let problem = moves ? snapshotProblem(row) : "A shift in this request is no longer on the rota.";
  if (!problem && moves)
    problem = firstProblem(checkChange({ team, settings: swapSettingsOf(team.id), moves }));
  if (!problem && row.kind === "pick-up") {
    // First valid claim wins: exactly one write can move the open shift out of "open".
    const won = db
      .update(openShifts)
      .set({ state: "filled", filledByUserId: row.requesterUserId, filledAt: now, updatedAt: now })
      .where(and(eq(openShifts.id, row.openShiftId!), eq(openShifts.state, "open")))
      .run().changes;
    if (won !== 1) problem = "This shift has gone.";
  }
  if (problem || !moves) {
    invalidate(row, problem ?? "This request is no longer valid.", now, team);
    return { outcome: "no-longer-valid", reason: problem ?? "" };
  }
  const names = new Map(teamRoster(team.id).map((m) => [m.userId, m.name]));
  const touched: string[] = [];
  for (const move of moves) {
    const to = names.get(move.toUserId) ?? "";
    const from = move.fromUserId ? (names.get(move.fromUserId) ?? "") : "";
    if (row.kind === "pick-up") {
      const open = openShiftToMove(row.openShiftId!)!;
      const period = publishedPeriodOn(team.id, open.open.date);
      if (!period) {
        // Unreachable while published periods cannot be unpublished; the open shift stays filled
        // only if a shift was made, so undo by throwing (the whole transaction rolls back).
        throw new InputError("The rota for that day is no longer published.");
      }
      const shiftId = addShiftWithin({
        actor,
        team,
        period,
        type: open.type,
        userId: move.toUserId,
        date: open.open.date,
        reason: "picked up an open shift",
        now,
        ipAddress,
        // The open shift's own times, the ones the claim was checked with.
        times: { startsAt: open.open.startsAt, endsAt: open.open.endsAt },
      });
      db.update(openShifts)
        .set({ filledShiftId: shiftId })
        .where(eq(openShifts.id, open.open.id))
        .run();
      closeOtherClaims(open.open.id, row.id, now);
    } else {
      reassignShiftWithin({
        actor,
        team,
        shiftId: move.shift.id,
        toUserId: move.toUserId,
        reason:
          row.kind === "swap" ? `swapped between ${from} and ${to}` : `given by ${from} to ${to}`,
        now,
        ipAddress,
      });
      touched.push(move.shift.id);
    }
  }
  db.update(swapRequests)
    .set({
      state: "approved",
      decidedAt: now,
      decidedByUserId: automatic ? null : actor.userId,
      updatedAt: now,
    })
    .where(eq(swapRequests.id, row.id))
    .run();
  invalidateOthersTouching(touched, row.id, now, team);
  recordAudit({
    organisationId: team.organisationId,
    actorUserId: actor.userId,
    action: "swap.approved",
    targetType: "swap_request",
    targetId: row.id,
    ipAddress,
    detail: { teamId: team.id, kind: row.kind, automatic },
  });
  tell(
    [row.requesterUserId, row.colleagueUserId, ...(automatic ? managersOf(team.id) : [])],
    automatic ? null : actor.userId,
    "swap.decided",
    automatic ? "A swap was approved automatically" : "Your swap request was approved",
    "The rota has changed: see your shifts.",
    now,
    `/swaps/${row.id}`,
  );
  announce(team.id, row.id, now);
  return { outcome: "applied" };
}

/**
 * The other live claims of a filled open shift, inside the caller's transaction: closed, and
 * their claimants told it has gone. A manager choosing one claim declines the others ("Another
 * person was chosen."); a direct claim that filled it closes them as no longer valid.
 */
export function closeOtherClaims(
  openShiftId: string,
  exceptId: string | null,
  now: Date,
  {
    state = "manager-declined",
    reason = "Another person was chosen.",
  }: { state?: "manager-declined" | "no-longer-valid"; reason?: string } = {},
) {
  const others = getDb()
    .select()
    .from(swapRequests)
    .where(
      and(
        eq(swapRequests.openShiftId, openShiftId),
        inArray(swapRequests.state, [...LIVE_SWAP_STATES]),
      ),
    )
    .all()
    .filter((r) => r.id !== exceptId);
  for (const other of others) {
    getDb()
      .update(swapRequests)
      .set({ state, reason, decidedAt: now, updatedAt: now })
      .where(eq(swapRequests.id, other.id))
      .run();
    tell(
      [other.requesterUserId],
      null,
      "open-shift.closed",
      "The open shift you claimed has gone",
      reason,
      now,
      `/swaps/${other.id}`,
    );
  }
}

// ---------------------------------------------------------------- the colleague

/**
 * The colleague accepts (or, for an offer to anyone, the first eligible person to accept takes
 * it: one conditional write). Their eligibility is checked again now. Then the managers are told,
 * or, when the team allows it and the change adds no breach and leaves cover no worse, it is
 * approved and applied at once in the same transaction.
 *
 * @returns the state it reached: "awaiting-manager", "approved" or "no-longer-valid" (with why).
 * @throws the audited 404 when the actor may not see it; InputError when it is not theirs to
 *   accept, not waiting for a colleague (someone else took it), or they are not eligible.
 */
export function acceptSwapRequest({
  actor,
  requestId,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  requestId: string;
  now?: Date;
  ipAddress?: string;
}): { state: SwapState; reason?: string } {
  expireSwapRequests({ now });
  const row = requestFor(actor, requestId, "swap.accept", ipAddress);
  const role = roleOf(actor, row);
  return writeTransaction(() => {
    const { current } = currentFor(row, "accept", role);
    const team = teamById(current.teamId);
    const taken = getDb()
      .update(swapRequests)
      .set({
        state: "awaiting-manager",
        colleagueUserId: actor.userId,
        acceptedAt: now,
        updatedAt: now,
      })
      .where(
        and(
          eq(swapRequests.id, current.id),
          eq(swapRequests.state, "awaiting-colleague"),
          or(eq(swapRequests.colleagueUserId, actor.userId), isNull(swapRequests.colleagueUserId)),
        ),
      )
      .run().changes;
    if (taken !== 1) throw new InputError("Someone else has already taken this shift.");
    const accepted = getDb()
      .select()
      .from(swapRequests)
      .where(eq(swapRequests.id, current.id))
      .get()!;
    const moved = snapshotProblem(accepted);
    const moves = movesOf(accepted);
    if (moved || !moves) {
      const reason = moved ?? "A shift in this request is no longer on the rota.";
      invalidate(accepted, reason, now, team);
      return { state: "no-longer-valid", reason };
    }
    const settings = swapSettingsOf(team.id);
    const check = checkChange({ team, settings, moves });
    const problem = firstProblem(check);
    // Not eligible now (leave booked since, a new clash): refuse, and leave the offer open.
    if (problem) throw new InputError(problem);
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "swap.accepted",
      targetType: "swap_request",
      targetId: current.id,
      ipAddress,
      detail: { teamId: team.id },
    });
    if (
      mayApproveAutomatically({
        autoApprove: settings.autoApprove,
        newBreachCount: addedBreachCount(check),
        cover: check.cover,
      })
    ) {
      const applied = applyRequest({ row: accepted, actor, automatic: true, now, ipAddress });
      return applied.outcome === "applied"
        ? { state: "approved" }
        : { state: "no-longer-valid", reason: applied.reason };
    }
    tell(
      [current.requesterUserId],
      null,
      "swap.accepted",
      `${actor.name} accepted your swap request`,
      "It now waits for a manager.",
      now,
      `/swaps/${current.id}`,
    );
    tell(
      managersOf(team.id),
      null,
      "swap.requested",
      "A swap request waits for approval",
      `${nameOf(current.requesterUserId)} and ${actor.name}: ${describeRequest(accepted, team.timeZone)}`,
      now,
      `/swaps/${current.id}`,
    );
    announce(team.id, current.id, now);
    return { state: "awaiting-manager" };
  });
}

/**
 * Closes a request that `currentFor` has just read inside this write transaction: moves it to
 * `to` (a decision, with `set`'s other columns) and audits `action` by the actor, with the team
 * and `detail`. The state in the WHERE is the one read, so it changes exactly that row.
 */
function decideRequest(
  current: RequestRow,
  to: SwapState,
  {
    actor,
    action,
    ipAddress,
    detail = {},
    set = {},
    now,
  }: {
    actor: Actor;
    action: AuditInput["action"];
    ipAddress?: string;
    detail?: Record<string, unknown>;
    set?: Partial<RequestRow>;
    now: Date;
  },
): void {
  getDb()
    .update(swapRequests)
    .set({ state: to, decidedAt: now, updatedAt: now, ...set })
    .where(and(eq(swapRequests.id, current.id), eq(swapRequests.state, current.state)))
    .run();
  recordAudit({
    organisationId: actor.organisationId,
    actorUserId: actor.userId,
    action,
    targetType: "swap_request",
    targetId: current.id,
    ipAddress,
    detail: { teamId: current.teamId, ...detail },
  });
}

/**
 * The named colleague declines; the requester is told.
 *
 * @throws the audited 404 when the actor may not see it; InputError when it is not theirs to
 *   decline or not waiting for them.
 */
export function declineSwapRequest({
  actor,
  requestId,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  requestId: string;
  now?: Date;
  ipAddress?: string;
}): void {
  expireSwapRequests({ now });
  const row = requestFor(actor, requestId, "swap.decline", ipAddress);
  const role = roleOf(actor, row);
  writeTransaction(() => {
    const { current, to } = currentFor(row, "decline", role);
    decideRequest(current, to, { actor, action: "swap.declined", ipAddress, now });
    tell(
      [current.requesterUserId],
      null,
      "swap.decided",
      `${actor.name} declined your swap request`,
      "",
      now,
      `/swaps/${current.id}`,
    );
    announce(current.teamId, current.id, now);
  });
}

/**
 * The requester cancels, at any time until it is approved; the colleague (and the managers, if
 * it reached them) are told.
 *
 * @throws the audited 404 when the actor may not see it; InputError when it is not theirs or is
 *   already closed.
 */
export function cancelSwapRequest({
  actor,
  requestId,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  requestId: string;
  now?: Date;
  ipAddress?: string;
}): void {
  expireSwapRequests({ now });
  const row = requestFor(actor, requestId, "swap.cancel", ipAddress);
  const role = roleOf(actor, row);
  writeTransaction(() => {
    const { current, to } = currentFor(row, "cancel", role);
    decideRequest(current, to, {
      actor,
      action: "swap.cancelled",
      ipAddress,
      detail: { wasState: current.state },
      now,
    });
    const people = [current.colleagueUserId];
    if (current.state === "awaiting-manager") people.push(...managersOf(current.teamId));
    tell(
      people,
      actor.userId,
      "swap.closed",
      `${actor.name} cancelled a swap request`,
      "",
      now,
      `/swaps/${current.id}`,
    );
    announce(current.teamId, current.id, now);
  });
}

// ---------------------------------------------------------------- the manager

function managerRow(actor: Actor, requestId: string, attempted: string, ipAddress?: string) {
  const row = requestFor(actor, requestId, attempted, ipAddress);
  if (!canManageTeam(actor, row.teamId))
    throw refuse(actor, { attempted, targetType: "swap_request", targetId: requestId, ipAddress });
  if (row.requesterUserId === actor.userId || row.colleagueUserId === actor.userId)
    throw new InputError("Another manager must decide a request you are in.");
  return row;
}

/**
 * A manager of the team approves an accepted request (or, for claims that wait, picks this
 * claimant). Inside one write transaction it re-checks the snapshot and the rules and applies
 * the change, or closes the request as no longer valid and tells everyone why (`applyRequest`).
 *
 * @returns { outcome: "applied" } or { outcome: "no-longer-valid", reason }.
 * @throws the audited 404 for anyone who does not manage the team; InputError when the manager
 *   is in the request, or it is not waiting for a manager (not yet accepted, or already closed).
 */
export function approveSwapRequest({
  actor,
  requestId,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  requestId: string;
  now?: Date;
  ipAddress?: string;
}): ApplyOutcome {
  expireSwapRequests({ now });
  const row = managerRow(actor, requestId, "swap.approve", ipAddress);
  return writeTransaction(() => {
    const { current } = currentFor(row, "approve", "manager");
    return applyRequest({ row: current, actor, automatic: false, now, ipAddress });
  });
}

/**
 * A manager of the team declines an accepted request with a reason, which both people are told.
 *
 * @param reason required, at most TEXT_LIMITS.swapReason characters.
 * @throws the audited 404 for anyone who does not manage the team; InputError for a missing or
 *   overlong reason, when the manager is in the request, or it is not waiting for a manager.
 */
export function refuseSwapRequest({
  actor,
  requestId,
  reason,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  requestId: string;
  reason: string;
  now?: Date;
  ipAddress?: string;
}): void {
  const why = reason.trim();
  if (!why) throw new InputError("Say why you are declining it.", "reason");
  checkLength(why, "swapReason", { label: "The reason", field: "reason" });
  expireSwapRequests({ now });
  const row = managerRow(actor, requestId, "swap.refuse", ipAddress);
  writeTransaction(() => {
    const { current, to } = currentFor(row, "refuse", "manager");
    decideRequest(current, to, {
      actor,
      action: "swap.refused",
      ipAddress,
      detail: { reason: why },
      set: { reason: why, decidedByUserId: actor.userId },
      now,
    });
    tell(
      [current.requesterUserId, current.colleagueUserId],
      actor.userId,
      current.kind === "pick-up" ? "open-shift.closed" : "swap.decided",
      "Your swap request was declined",
      why,
      now,
      `/swaps/${current.id}`,
    );
    announce(current.teamId, current.id, now);
  });
}

// ---------------------------------------------------------------- previews and lists

export type SwapShiftView = {
  /** The shift's id, or `open:<id>` for an open shift not yet filled. */
  id: string;
  code: string;
  name: string;
  date: string;
  startsAt: Date;
  endsAt: Date;
  /** "E Tue 3 Dec 07:30–15:30" in the team's zone. */
  summary: string;
};

export type SwapRequestView = {
  id: string;
  teamId: string;
  kind: RequestRow["kind"];
  state: SwapState;
  stateLabel: string;
  /** The manager's reason for declining, or what closed it. */
  reason: string;
  requester: { userId: string; name: string };
  /** Null for an offer to anyone eligible not yet taken. */
  colleague: { userId: string; name: string } | null;
  /** The requester's shift (swap, give-away); null for a pick-up. */
  gives: SwapShiftView | null;
  /** The colleague's shift (swap) or the open shift (pick-up); null for a give-away. */
  takes: SwapShiftView | null;
  expiresAt: Date;
  createdAt: Date;
};

function shiftView(moved: MovedShift | undefined, timeZone: string): SwapShiftView | null {
  if (!moved) return null;
  const { id, code, name, date, startsAt, endsAt } = moved;
  return {
    id,
    code,
    name,
    date,
    startsAt,
    endsAt,
    summary: describeShift(moved, { code, name }, timeZone),
  };
}

/** Snapshot shifts may have moved; the view reads the shift's row whatever its state. */
function anyShift(shiftId: string | null): MovedShift | undefined {
  if (!shiftId) return undefined;
  const row = getDb()
    .select({ shift: shifts, type: shiftTypes })
    .from(shifts)
    .innerJoin(shiftTypes, eq(shiftTypes.id, shifts.shiftTypeId))
    .where(eq(shifts.id, shiftId))
    .get();
  return (
    row && {
      id: row.shift.id,
      shiftTypeId: row.type.id,
      code: row.type.code,
      name: row.type.name,
      date: row.shift.date,
      startsAt: row.shift.startsAt,
      endsAt: row.shift.endsAt,
      breakMinutes: row.type.paidBreakMinutes,
      requirements: row.type.requirements,
    }
  );
}

function viewOf(row: RequestRow, timeZone: string): SwapRequestView {
  const open = row.openShiftId ? openShiftToMove(row.openShiftId)?.moved : undefined;
  return {
    id: row.id,
    teamId: row.teamId,
    kind: row.kind,
    state: row.state,
    stateLabel: SWAP_STATE_LABELS[row.state],
    reason: row.reason,
    requester: { userId: row.requesterUserId, name: nameOf(row.requesterUserId) },
    colleague: row.colleagueUserId
      ? { userId: row.colleagueUserId, name: nameOf(row.colleagueUserId) }
      : null,
    gives: shiftView(anyShift(row.requesterShiftId), timeZone),
    takes: shiftView(row.kind === "pick-up" ? open : anyShift(row.colleagueShiftId), timeZone),
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
  };
}

export type SwapPreview = {
  request: SwapRequestView;
  /** Who is asking: what the screen may offer them. */
  role: SwapRole;
  /**
   * The change's effect, as the rota stands now: each person's breaches before and after (and
   * the ones it adds), each touched occurrence's cover per requirement before and after, and any
   * reason it may not happen. Null for an offer to anyone not yet taken, seen by someone who is
   * not a candidate (the requester and managers see it once someone takes it).
   */
  check: ChangeCheck | null;
  /** Whether accepting would approve it at once under the team's automatic approval rule. */
  wouldApproveAutomatically: boolean;
};

/**
 * What a request would do, for both people (before they accept) and the manager: breaches
 * before and after per person, and cover per requirement before and after per occurrence ("the
 * night with no Band 6 says so"). For an offer to anyone, a candidate sees it with themselves
 * as the taker.
 *
 * @throws the audited 404 when the actor may not see the request.
 */
export function previewSwapRequest({
  actor,
  requestId,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  requestId: string;
  now?: Date;
  ipAddress?: string;
}): SwapPreview {
  expireSwapRequests({ now });
  const row = requestFor(actor, requestId, "swap.view", ipAddress);
  const team = teamById(row.teamId);
  const role = roleOf(actor, row);
  const moves = movesOf(row, role === "candidate" ? actor.userId : undefined);
  const settings = swapSettingsOf(team.id);
  const full =
    moves && LIVE_SWAP_STATES.includes(row.state) ? checkChange({ team, settings, moves }) : null;
  // Breaches and cover are for the people in the request, the team's managers, and a candidate
  // who could take it; a candidate who may not sees only why not (never the requester's hours).
  const inRequest = row.requesterUserId === actor.userId || row.colleagueUserId === actor.userId;
  const check =
    full && !inRequest && !canManageTeam(actor, row.teamId) && full.ineligible.length > 0
      ? { ineligible: full.ineligible, people: [], cover: [] }
      : full;
  return {
    request: viewOf(row, team.timeZone),
    role,
    check,
    wouldApproveAutomatically:
      check !== null &&
      check.ineligible.length === 0 &&
      mayApproveAutomatically({
        autoApprove: settings.autoApprove,
        newBreachCount: addedBreachCount(check),
        cover: check.cover,
      }),
  };
}

// The Shifts page and the Swaps tab read these on every view: prepared once (decision 014).
const requestsOfPerson = preparedOnce((db) =>
  db
    .select({ request: swapRequests, timeZone: teams.timeZone })
    .from(swapRequests)
    .innerJoin(teams, eq(teams.id, swapRequests.teamId))
    .where(
      or(
        eq(swapRequests.requesterUserId, sql.placeholder("userId")),
        eq(swapRequests.colleagueUserId, sql.placeholder("userId")),
      ),
    )
    .orderBy(desc(swapRequests.createdAt))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

const offersToAnyone = preparedOnce((db) =>
  db
    .select({ request: swapRequests, timeZone: teams.timeZone })
    .from(swapRequests)
    .innerJoin(teams, eq(teams.id, swapRequests.teamId))
    .where(
      and(
        inList(swapRequests.teamId, "teamIds"),
        eq(swapRequests.kind, "give-away"),
        eq(swapRequests.state, "awaiting-colleague"),
        isNull(swapRequests.colleagueUserId),
      ),
    )
    .orderBy(swapRequests.expiresAt)
    .prepare(),
);

const waitingForManager = preparedOnce((db) =>
  db
    .select()
    .from(swapRequests)
    .where(
      and(
        eq(swapRequests.teamId, sql.placeholder("teamId")),
        eq(swapRequests.state, "awaiting-manager"),
      ),
    )
    .orderBy(swapRequests.expiresAt)
    .prepare(),
);

/**
 * The actor's own requests and those naming them, newest first (`limit`, 50 unless said), each
 * with its state in words and the shifts it touches.
 */
export function mySwapRequests({
  actor,
  limit = 50,
  now = new Date(),
}: {
  actor: Actor;
  limit?: number;
  now?: Date;
}): SwapRequestView[] {
  expireSwapRequests({ now });
  return requestsOfPerson()
    .all({ userId: actor.userId, limit })
    .map((r) => viewOf(r.request, r.timeZone));
}

/**
 * Offers waiting for the actor: those naming them, and offers to anyone in their teams that they
 * are eligible for now (issue 10: only eligible people are offered a request). Soonest first.
 */
export function swapOffersForMe({
  actor,
  now = new Date(),
}: {
  actor: Actor;
  now?: Date;
}): SwapRequestView[] {
  expireSwapRequests({ now });
  const named = requestsOfPerson()
    .all({ userId: actor.userId, limit: 200 })
    .filter(
      (r) => r.request.colleagueUserId === actor.userId && r.request.state === "awaiting-colleague",
    );
  const teamIds = actor.teams.map((t) => t.teamId);
  const open = teamIds.length
    ? offersToAnyone()
        .all({ teamIds: jsonList(teamIds) })
        .filter((r) => r.request.requesterUserId !== actor.userId)
        .filter((r) => {
          const moves = movesOf(r.request, actor.userId);
          return (
            moves &&
            checkChange({
              team: teamById(r.request.teamId),
              settings: swapSettingsOf(r.request.teamId),
              moves,
            }).ineligible.length === 0
          );
        })
    : [];
  return [...named, ...open]
    .sort((a, b) => a.request.expiresAt.getTime() - b.request.expiresAt.getTime())
    .map((r) => viewOf(r.request, r.timeZone));
}

/**
 * A team's requests waiting for a manager (swaps, give-aways and claims of open shifts that
 * wait), soonest to expire first, each with its preview (breaches and cover before and after).
 *
 * @throws the audited 404 for anyone who does not manage the team.
 */
export function swapApprovalQueue({
  actor,
  teamId,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  now?: Date;
  ipAddress?: string;
}): SwapPreview[] {
  const team = getTeam({ actor, teamId, ipAddress });
  if (!team.canManage)
    throw refuse(actor, {
      attempted: "swap.queue",
      targetType: "team",
      targetId: teamId,
      ipAddress,
    });
  expireSwapRequests({ now });
  const settings = swapSettingsOf(team.id);
  return waitingForManager()
    .all({ teamId: team.id })
    .map((row) => {
      const moves = movesOf(row);
      const check = moves ? checkChange({ team, settings, moves }) : null;
      return {
        request: viewOf(row, team.timeZone),
        role: "manager" as const,
        check,
        wouldApproveAutomatically: false,
      };
    });
}
