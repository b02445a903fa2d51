// Open shifts (issue 10): a manager posts a shift the team needs someone for (a shift type on a
// date, optionally needing a grade), turns a coverage gap into one, or gives a shift back to the
// team. Eligible staff see it and claim it. The first valid claim wins with one conditional
// write; or, when the team says claims wait, each claim is a pick-up request and a manager picks
// one (`approveSwapRequest`), and those not chosen are told (docs/decisions/019).
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { inList, jsonList, preparedOnce } from "~/db/prepared.server";
import { openShifts, shiftTypes, swapRequests, teams } from "~/db/schema.server";
import { type Actor, canManageTeam, isMemberOf } from "../accounts/permissions";
import { getTeamToManage } from "../accounts/teams.server";
import { recordAudit } from "../audit/audit.server";
import { refuse } from "../audit/refusals.server";
import { InputError } from "../errors";
import { newId } from "../ids.server";
import { addDays, isDateKey, mondayOf, realDateMessage } from "../local-time";
import { appendEvent } from "../notifications/events.server";
import { notify } from "../notifications/notifications.server";
import { coverageGaps } from "../rota/coverage";
import { absencesOverlapping } from "../rota/leave.server";
import { teamRoster } from "../rota/roster.server";
import { shiftInstants } from "../rota/rota-patterns";
import { publishedPeriodOn } from "../rota/rota-periods.server";
import { shiftCounts } from "../rota/shift-counts";
import { describeShift } from "../rota/shift-display";
import { workersOf } from "../rota/shift-occurrences.server";
import { liveShiftsOf } from "../rota/shift-rows.server";
import { addShiftWithin, getShiftToManage, removeShiftWithin } from "../rota/shifts.server";
import { checkLength } from "../text-limits";
import { addedBreachCount, checkChange, type Move } from "./swap-checks.server";
import {
  closeOtherClaims,
  eligibleTakers,
  movedOpenShift,
  openShiftToMove,
  type SwapTeam,
} from "./swap-requests.server";
import { expiryInstant, LIVE_SWAP_STATES } from "./swap-rules";
import { type SwapSettings, swapSettingsOf } from "./swap-settings.server";

export const GONE_MESSAGE = "This shift has gone.";

function announce(teamId: string, openShiftId: string, now: Date) {
  appendEvent({
    audience: { type: "team", id: teamId },
    kind: "rota.open-shift-changed",
    ids: { openShiftId, teamId },
    now,
  });
}

/**
 * Inserts an open shift and tells the eligible staff, inside the caller's transaction. Checks the
 * date is on the team's published rota and before the cut-off.
 */
function insertOpenShift({
  actor,
  team,
  shiftTypeId,
  date,
  requiredGrade,
  fromShiftId,
  now,
  ipAddress,
}: {
  actor: Actor;
  team: SwapTeam;
  shiftTypeId: string;
  date: string;
  requiredGrade: string | null;
  fromShiftId?: string;
  now: Date;
  ipAddress?: string;
}): string {
  if (!isDateKey(date))
    throw new InputError(realDateMessage(date, "Enter the date as a real date."), "date");
  const type = getDb()
    .select()
    .from(shiftTypes)
    .where(and(eq(shiftTypes.id, shiftTypeId), eq(shiftTypes.teamId, team.id)))
    .get();
  if (!type || (type.archivedAt && !fromShiftId))
    throw new InputError("Choose one of the team's shift types.", "shiftTypeId");
  if (!publishedPeriodOn(team.id, date))
    throw new InputError("Open shifts go on a published rota: publish the period first.", "date");
  const grade = requiredGrade?.trim() || null;
  if (grade) checkLength(grade, "grade", { label: "The grade", field: "requiredGrade" });
  const { start, end } = shiftInstants(date, type, team.timeZone);
  const settings = swapSettingsOf(team.id);
  if (expiryInstant([start], settings.cutoffMinutes) <= now.getTime())
    throw new InputError("That shift starts too soon to be claimed.", "date");
  const id = newId();
  getDb()
    .insert(openShifts)
    .values({
      id,
      teamId: team.id,
      shiftTypeId: type.id,
      date,
      startsAt: start,
      endsAt: end,
      requiredGrade: grade,
      state: "open",
      postedByUserId: actor.userId,
      fromShiftId: fromShiftId ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  recordAudit({
    organisationId: actor.organisationId,
    actorUserId: actor.userId,
    action: "open_shift.posted",
    targetType: "open_shift",
    targetId: id,
    ipAddress,
    detail: { teamId: team.id, shiftTypeId: type.id, date, requiredGrade: grade, fromShiftId },
  });
  const moved = openShiftToMove(id)!.moved;
  const eligible = eligibleTakers({
    team,
    settings,
    shift: moved,
    fromUserId: null,
    exceptUserId: actor.userId,
  });
  notify({
    userIds: eligible.map((p) => p.userId),
    kind: "open-shift.posted",
    title: "An open shift you can claim",
    body: describeShift(moved, type, team.timeZone) + (grade ? ` (needs ${grade})` : ""),
    // Where staff claim it (the open shift's own page is the managers').
    link: "/swaps#open-shifts",
    now,
  });
  announce(team.id, id, now);
  return id;
}

/**
 * A manager posts an open shift: a shift type on a date of the team's published rota, optionally
 * needing a grade ("Band 6"). The eligible staff are told.
 *
 * @throws the audited 404 for anyone who does not manage the team; InputError naming the field
 *   for a date not on a published rota or too soon, an unknown type, or an overlong grade.
 */
export function postOpenShift({
  actor,
  teamId,
  shiftTypeId,
  date,
  requiredGrade = null,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  shiftTypeId: string;
  date: string;
  requiredGrade?: string | null;
  now?: Date;
  ipAddress?: string;
}): { openShiftId: string } {
  const team = getTeamToManage({ actor, teamId, ipAddress });
  return writeTransaction(() => ({
    openShiftId: insertOpenShift({ actor, team, shiftTypeId, date, requiredGrade, now, ipAddress }),
  }));
}

/**
 * A manager turns a coverage gap from the review (an occurrence short of a requirement) into an
 * open shift needing that requirement, in one tap.
 *
 * @throws as `postOpenShift`, and InputError when that occurrence is not short of it now.
 */
export function openShiftFromGap({
  actor,
  teamId,
  shiftTypeId,
  date,
  qualification,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  shiftTypeId: string;
  date: string;
  qualification: string;
  now?: Date;
  ipAddress?: string;
}): { openShiftId: string } {
  const team = getTeamToManage({ actor, teamId, ipAddress });
  return writeTransaction(() => {
    const type = getDb()
      .select()
      .from(shiftTypes)
      .where(and(eq(shiftTypes.id, shiftTypeId), eq(shiftTypes.teamId, team.id)))
      .get();
    if (!type) throw new InputError("Choose one of the team's shift types.", "shiftTypeId");
    const roster = new Map(teamRoster(team.id).map((m) => [m.userId, m]));
    const people = workersOf({ teamId: team.id, shiftTypeId, date }).map((w) => ({
      grade: roster.get(w.userId)?.grade ?? "",
      skills: roster.get(w.userId)?.skills ?? [],
    }));
    const gap = coverageGaps(type.requirements, people).find(
      (g) => g.qualification.toLowerCase() === qualification.trim().toLowerCase(),
    );
    if (!gap) throw new InputError(`That shift is no longer short of ${qualification}.`);
    const open = getDb()
      .select({ id: openShifts.id })
      .from(openShifts)
      .where(
        and(
          eq(openShifts.teamId, team.id),
          eq(openShifts.shiftTypeId, shiftTypeId),
          eq(openShifts.date, date),
          eq(openShifts.state, "open"),
        ),
      )
      .all();
    if (open.length >= gap.need - gap.have)
      throw new InputError("That gap already has an open shift posted for it.");
    return {
      openShiftId: insertOpenShift({
        actor,
        team,
        shiftTypeId,
        date,
        requiredGrade: gap.qualification,
        now,
        ipAddress,
      }),
    };
  });
}

/**
 * A manager gives a person's shift back to the team as open: the shift comes off the rota
 * through the rota's own writer (history, audit, event, the person told) and an open shift for
 * the same type and date takes its place, in one transaction.
 *
 * @throws the audited 404 when the shift is not a live shift of a team the actor manages;
 *   InputError as `postOpenShift`.
 */
export function giveShiftBackAsOpen({
  actor,
  teamId,
  shiftId,
  requiredGrade = null,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  shiftId: string;
  requiredGrade?: string | null;
  now?: Date;
  ipAddress?: string;
}): { openShiftId: string } {
  const { team, period, shift, shiftType } = getShiftToManage({
    actor,
    teamId,
    shiftId,
    ipAddress,
  });
  if (period.status !== "published")
    throw new InputError("Open shifts go on a published rota: change the draft instead.");
  return writeTransaction(() => {
    removeShiftWithin({
      actor,
      team,
      period,
      shift,
      type: shiftType,
      reason: "given back to the team as an open shift",
      now,
      ipAddress,
    });
    return {
      openShiftId: insertOpenShift({
        actor,
        team,
        shiftTypeId: shift.shiftTypeId,
        date: shift.date,
        requiredGrade,
        fromShiftId: shift.id,
        now,
        ipAddress,
      }),
    };
  });
}

function openShiftFor(actor: Actor, openShiftId: string, attempted: string, ipAddress?: string) {
  const row = getDb()
    .select({ open: openShifts, team: teams })
    .from(openShifts)
    .innerJoin(teams, eq(teams.id, openShifts.teamId))
    .where(and(eq(openShifts.id, openShiftId), eq(teams.organisationId, actor.organisationId)))
    .get();
  if (!row || !(isMemberOf(actor, row.team.id) || canManageTeam(actor, row.team.id)))
    throw refuse(actor, { attempted, targetType: "open_shift", targetId: openShiftId, ipAddress });
  return row;
}

export type ClaimOutcome =
  | { outcome: "assigned"; shiftId: string }
  | { outcome: "waiting"; requestId: string };

/**
 * A member claims an open shift. They must be eligible (grade, not away, no clash, no new
 * breach). First valid claim wins: one conditional write moves it from "open" to "filled", so
 * exactly one claimant gets it and the shift is made through the rota's writer; every later
 * claim gets InputError GONE_MESSAGE ("This shift has gone."). When the team's claims wait for a
 * manager, the claim becomes a pick-up request instead and the managers are told.
 *
 * @throws the audited 404 when the actor is not in its team; InputError GONE_MESSAGE when it is
 *   filled, withdrawn or past the cut-off; InputError with every reason when not eligible, or
 *   when they have already claimed it.
 */
export function claimOpenShift({
  actor,
  openShiftId,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  openShiftId: string;
  now?: Date;
  ipAddress?: string;
}): ClaimOutcome {
  const { team } = openShiftFor(actor, openShiftId, "open_shift.claim", ipAddress);
  if (!isMemberOf(actor, team.id))
    throw new InputError("You can claim shifts only in a team you belong to.");
  return writeTransaction(() => {
    const found = openShiftToMove(openShiftId)!;
    const settings = swapSettingsOf(team.id);
    const expiresAt = expiryInstant([found.open.startsAt], settings.cutoffMinutes);
    if (found.open.state !== "open" || expiresAt <= now.getTime())
      throw new InputError(GONE_MESSAGE);
    const moves: Move[] = [{ shift: found.moved, fromUserId: null, toUserId: actor.userId }];
    const check = checkChange({ team, settings, moves });
    if (check.ineligible.length)
      throw new InputError(check.ineligible.map((i) => i.message).join(" "));
    const managers = teamRoster(team.id)
      .filter((m) => m.role === "manager")
      .map((m) => m.userId);
    const summary = describeShift(found.moved, found.type, team.timeZone);
    if (settings.claimsWaitForManager) {
      const already = getDb()
        .select({ id: swapRequests.id })
        .from(swapRequests)
        .where(
          and(
            eq(swapRequests.openShiftId, openShiftId),
            eq(swapRequests.requesterUserId, actor.userId),
            inArray(swapRequests.state, [...LIVE_SWAP_STATES]),
          ),
        )
        .get();
      if (already) throw new InputError("You have already claimed this shift.");
      const requestId = newId();
      getDb()
        .insert(swapRequests)
        .values({
          id: requestId,
          teamId: team.id,
          kind: "pick-up",
          requesterUserId: actor.userId,
          openShiftId,
          state: "awaiting-manager",
          snapshot: { shifts: [], people: [] },
          expiresAt: new Date(expiresAt),
          createdAt: now,
          updatedAt: now,
        })
        .run();
      recordAudit({
        organisationId: actor.organisationId,
        actorUserId: actor.userId,
        action: "swap.requested",
        targetType: "swap_request",
        targetId: requestId,
        ipAddress,
        detail: {
          teamId: team.id,
          kind: "pick-up",
          openShiftId,
          newBreaches: addedBreachCount(check),
        },
      });
      notify({
        userIds: managers,
        kind: "open-shift.claimed",
        title: `${actor.name} claims an open shift`,
        body: summary,
        link: `/swaps/open/${openShiftId}`,
        now,
      });
      announce(team.id, openShiftId, now);
      return { outcome: "waiting", requestId };
    }
    // First valid claim wins: the one write that finds it still open.
    const won = getDb()
      .update(openShifts)
      .set({ state: "filled", filledByUserId: actor.userId, filledAt: now, updatedAt: now })
      .where(and(eq(openShifts.id, openShiftId), eq(openShifts.state, "open")))
      .run().changes;
    if (won !== 1) throw new InputError(GONE_MESSAGE);
    const period = publishedPeriodOn(team.id, found.open.date);
    if (!period) throw new InputError(GONE_MESSAGE);
    const shiftId = addShiftWithin({
      actor,
      team,
      period,
      type: found.type,
      userId: actor.userId,
      date: found.open.date,
      reason: "picked up an open shift",
      now,
      ipAddress,
      // The open shift's own times, the ones the claim was checked with.
      times: { startsAt: found.open.startsAt, endsAt: found.open.endsAt },
    });
    // Claims made while the team's claims waited for a manager: the shift has gone.
    closeOtherClaims(openShiftId, null, now, { state: "no-longer-valid", reason: GONE_MESSAGE });
    getDb()
      .update(openShifts)
      .set({ filledShiftId: shiftId })
      .where(eq(openShifts.id, openShiftId))
      .run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "open_shift.claimed",
      targetType: "open_shift",
      targetId: openShiftId,
      ipAddress,
      detail: { teamId: team.id, shiftId },
    });
    notify({
      userIds: managers.filter((id) => id !== actor.userId),
      kind: "open-shift.claimed",
      title: `${actor.name} picked up an open shift`,
      body: summary,
      link: `/team/${team.id}/rota`,
      now,
    });
    announce(team.id, openShiftId, now);
    return { outcome: "assigned", shiftId };
  });
}

/**
 * A manager withdraws an open shift nobody has filled; waiting claimants are told.
 *
 * @throws the audited 404 for anyone who does not manage its team; InputError GONE_MESSAGE when
 *   it is no longer open.
 */
export function withdrawOpenShift({
  actor,
  openShiftId,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  openShiftId: string;
  now?: Date;
  ipAddress?: string;
}): void {
  const { team } = openShiftFor(actor, openShiftId, "open_shift.withdraw", ipAddress);
  if (!canManageTeam(actor, team.id))
    throw refuse(actor, {
      attempted: "open_shift.withdraw",
      targetType: "open_shift",
      targetId: openShiftId,
      ipAddress,
    });
  writeTransaction(() => {
    const changed = getDb()
      .update(openShifts)
      .set({ state: "withdrawn", updatedAt: now })
      .where(and(eq(openShifts.id, openShiftId), eq(openShifts.state, "open")))
      .run().changes;
    if (changed !== 1) throw new InputError(GONE_MESSAGE);
    const claims = getDb()
      .select()
      .from(swapRequests)
      .where(
        and(
          eq(swapRequests.openShiftId, openShiftId),
          inArray(swapRequests.state, [...LIVE_SWAP_STATES]),
        ),
      )
      .all();
    for (const claim of claims) {
      getDb()
        .update(swapRequests)
        .set({
          state: "no-longer-valid",
          reason: "The open shift was withdrawn.",
          decidedAt: now,
          updatedAt: now,
        })
        .where(eq(swapRequests.id, claim.id))
        .run();
    }
    // Each claimant to their own claim, which now says why it closed.
    for (const claim of claims) {
      notify({
        userIds: [claim.requesterUserId],
        kind: "open-shift.closed",
        title: "An open shift you claimed was withdrawn",
        body: "",
        link: `/swaps/${claim.id}`,
        now,
      });
    }
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "open_shift.withdrawn",
      targetType: "open_shift",
      targetId: openShiftId,
      ipAddress,
      detail: { teamId: team.id, claims: claims.length },
    });
    announce(team.id, openShiftId, now);
  });
}

export type OpenShiftView = {
  id: string;
  teamId: string;
  teamName: string;
  /** The team's IANA zone, for showing its times. */
  timeZone: string;
  shiftTypeId: string;
  code: string;
  name: string;
  date: string;
  startsAt: Date;
  endsAt: Date;
  requiredGrade: string | null;
  /** "Tue 3 Dec, Night (N) 20:00 to 08:00" in the team's zone. */
  summary: string;
  /** Claims wait for a manager to choose (else the first valid claim wins). */
  claimsWait: boolean;
};

// The Shifts page lists these on every view: prepared once (decision 014).
const openInTeams = preparedOnce((db) =>
  db
    .select({ open: openShifts, type: shiftTypes, team: teams })
    .from(openShifts)
    .innerJoin(shiftTypes, eq(shiftTypes.id, openShifts.shiftTypeId))
    .innerJoin(teams, eq(teams.id, openShifts.teamId))
    .where(
      and(
        inList(openShifts.teamId, "teamIds"),
        eq(openShifts.state, "open"),
        sql`${openShifts.startsAt} > ${sql.placeholder("now")}`,
      ),
    )
    .orderBy(asc(openShifts.startsAt))
    .prepare(),
);

/**
 * The open shifts the actor may claim now: open, in their teams, before the cut-off, and they are
 * eligible (issue 10: eligible staff see open shifts). Soonest first.
 */
export function openShiftsForMe({
  actor,
  now = new Date(),
}: {
  actor: Actor;
  now?: Date;
}): OpenShiftView[] {
  const teamIds = actor.teams.map((t) => t.teamId);
  if (teamIds.length === 0) return [];
  const settingsByTeam = new Map<string, SwapSettings>();
  const settingsOf = (teamId: string) => {
    let settings = settingsByTeam.get(teamId);
    if (!settings) {
      settings = swapSettingsOf(teamId);
      settingsByTeam.set(teamId, settings);
    }
    return settings;
  };
  return openInTeams()
    .all({ teamIds: jsonList(teamIds), now: now.getTime() })
    .filter(({ open, type, team }) => {
      const settings = settingsOf(team.id);
      if (expiryInstant([open.startsAt], settings.cutoffMinutes) <= now.getTime()) return false;
      return (
        checkChange({
          team,
          settings,
          moves: [{ shift: movedOpenShift(open, type), fromUserId: null, toUserId: actor.userId }],
        }).ineligible.length === 0
      );
    })
    .map(({ open, type, team }) => ({
      id: open.id,
      teamId: team.id,
      teamName: team.name,
      timeZone: team.timeZone,
      shiftTypeId: type.id,
      code: type.code,
      name: type.name,
      date: open.date,
      startsAt: open.startsAt,
      endsAt: open.endsAt,
      requiredGrade: open.requiredGrade,
      summary: describeShift(open, type, team.timeZone),
      claimsWait: settingsOf(team.id).claimsWaitForManager,
    }));
}

/** Where an open shift stands, for its page: still open, filled (by whom, when) or withdrawn. */
export type OpenShiftStatus =
  | { state: "open" }
  | { state: "filled"; filledByName: string; filledAt: Date | null }
  | { state: "withdrawn"; at: Date };

export type Claimant = {
  requestId: string;
  userId: string;
  name: string;
  grade: string;
  /** Hours of worked shifts in the Monday-to-Sunday week of the open shift, before it. */
  hoursThisWeek: number;
  /** Breaches (sentences) the shift would add for them, and any reason they may not take it now. */
  addedBreaches: string[];
  problems: string[];
};

/**
 * For a manager choosing among waiting claims: every claimant of an open shift with their hours
 * that week and the breaches it would add, and where it stands (a filled or withdrawn one has no
 * claimants waiting). Pick one with `approveSwapRequest` on their request.
 *
 * @throws the audited 404 for anyone who does not manage its team.
 */
export function openShiftClaimants({
  actor,
  openShiftId,
  ipAddress,
}: {
  actor: Actor;
  openShiftId: string;
  ipAddress?: string;
}): { openShift: OpenShiftView; status: OpenShiftStatus; claimants: Claimant[] } {
  const { team } = openShiftFor(actor, openShiftId, "open_shift.claimants", ipAddress);
  if (!canManageTeam(actor, team.id))
    throw refuse(actor, {
      attempted: "open_shift.claimants",
      targetType: "open_shift",
      targetId: openShiftId,
      ipAddress,
    });
  const found = openShiftToMove(openShiftId)!;
  const settings = swapSettingsOf(team.id);
  const claims = getDb()
    .select()
    .from(swapRequests)
    .where(
      and(
        eq(swapRequests.openShiftId, openShiftId),
        inArray(swapRequests.state, [...LIVE_SWAP_STATES]),
      ),
    )
    .orderBy(asc(swapRequests.createdAt))
    .all();
  const roster = new Map(teamRoster(team.id).map((m) => [m.userId, m]));
  const monday = mondayOf(found.open.date);
  const week = liveShiftsOf({
    userIds: claims.map((c) => c.requesterUserId),
    from: monday,
    to: addDays(monday, 6),
  });
  const absences = absencesOverlapping(week);
  const claimants = claims.map((claim) => {
    const check = checkChange({
      team,
      settings,
      moves: [{ shift: found.moved, fromUserId: null, toUserId: claim.requesterUserId }],
    });
    const hours =
      week
        .filter((s) => s.userId === claim.requesterUserId && shiftCounts(s, absences))
        .reduce((sum, s) => sum + (s.endsAt.getTime() - s.startsAt.getTime()), 0) / 3_600_000;
    return {
      requestId: claim.id,
      userId: claim.requesterUserId,
      name: roster.get(claim.requesterUserId)?.name ?? "",
      grade: roster.get(claim.requesterUserId)?.grade ?? "",
      hoursThisWeek: Math.round(hours * 100) / 100,
      addedBreaches: check.people.flatMap((p) => p.added.map((b) => b.message)),
      problems: check.ineligible.map((i) => i.message),
    };
  });
  return {
    openShift: {
      id: found.open.id,
      teamId: team.id,
      teamName: team.name,
      timeZone: team.timeZone,
      shiftTypeId: found.type.id,
      code: found.type.code,
      name: found.type.name,
      date: found.open.date,
      startsAt: found.open.startsAt,
      endsAt: found.open.endsAt,
      requiredGrade: found.open.requiredGrade,
      summary: describeShift(found.open, found.type, team.timeZone),
      claimsWait: settings.claimsWaitForManager,
    },
    status:
      found.open.state === "filled"
        ? {
            state: "filled",
            filledByName: roster.get(found.open.filledByUserId ?? "")?.name ?? "someone",
            filledAt: found.open.filledAt,
          }
        : found.open.state === "withdrawn"
          ? { state: "withdrawn", at: found.open.updatedAt }
          : { state: "open" },
    claimants,
  };
}
