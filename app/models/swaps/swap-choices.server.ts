// What the screens offer before a request exists (issue 10): for one of a person's shifts, the
// colleagues' shifts they could swap it for and the colleagues who could take it, each checked
// by the same rules that will check the request (`checkChange`), and the effect of a chosen
// change before it is sent. Also the open shifts a manager has posted, for the Swaps page.
import { and, asc, eq, gte, inArray, isNull, lte, ne } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import {
  openShifts,
  rotaPeriods,
  shifts,
  shiftTypes,
  swapRequests,
  users,
} from "~/db/schema.server";
import { type Actor, managesTeam } from "../accounts/permissions";
import { getTeam } from "../accounts/teams.server";
import { refuse } from "../audit/refusals.server";
import { InputError } from "../errors";
import { addDays } from "../local-time";
import { describeShift } from "../rota/shift-display";
import { type ChangeCheck, checkChange, type Move } from "./swap-checks.server";
import { eligibleTakers, shiftToMove } from "./swap-requests.server";
import { expiryInstant, LIVE_SWAP_STATES } from "./swap-rules";
import { swapSettingsOf } from "./swap-settings.server";

/** Days either side of the offered shift whose colleagues' shifts are offered for a swap. */
export const SWAP_WINDOW_DAYS = 7;

function myShift(actor: Actor, teamId: string, shiftId: string, ipAddress?: string) {
  const team = getTeam({ actor, teamId, ipAddress });
  const mine = shiftToMove(team.id, shiftId);
  if (!mine || mine.shift.userId !== actor.userId)
    throw refuse(actor, {
      attempted: "swap.request",
      targetType: "shift",
      targetId: shiftId,
      ipAddress,
    });
  return { team, mine, settings: swapSettingsOf(team.id) };
}

export type SwapChoices = {
  team: { id: string; name: string };
  shift: { id: string; summary: string; date: string };
  /** A live request already offers this shift: the person cancels it before making another. */
  alreadyOffered: string | null;
  /** Too late to offer it (the team's cut-off before the shift has passed). */
  tooLate: boolean;
  /** Colleagues' shifts within a week either side that both could work: a valid swap. */
  swapFor: { shiftId: string; name: string; summary: string }[];
  /** Colleagues who could take the shift as things stand. */
  takers: { userId: string; name: string; grade: string }[];
};

/**
 * The choices for "Swap or give away" on one of the actor's published shifts: only eligible
 * colleagues' shifts and eligible colleagues (issue 10).
 *
 * @throws the audited 404 when it is not the actor's own live shift on a published rota of a
 *   team they belong to.
 */
export function swapChoices({
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
}): SwapChoices {
  const { team, mine, settings } = myShift(actor, teamId, shiftId, ipAddress);
  const base = {
    team: { id: team.id, name: team.name },
    shift: {
      id: mine.shift.id,
      date: mine.shift.date,
      summary: describeShift(mine.moved, mine.type, team.timeZone),
    },
  };
  const offered = getDb()
    .select({ id: swapRequests.id })
    .from(swapRequests)
    .where(
      and(
        eq(swapRequests.requesterShiftId, shiftId),
        inArray(swapRequests.state, [...LIVE_SWAP_STATES]),
      ),
    )
    .get();
  const tooLate = expiryInstant([mine.moved.startsAt], settings.cutoffMinutes) <= now.getTime();
  if (offered || tooLate)
    return { ...base, alreadyOffered: offered?.id ?? null, tooLate, swapFor: [], takers: [] };
  const theirs = getDb()
    .select({ id: shifts.id, name: users.name, startsAt: shifts.startsAt })
    .from(shifts)
    .innerJoin(rotaPeriods, eq(rotaPeriods.id, shifts.rotaPeriodId))
    .innerJoin(users, eq(users.id, shifts.userId))
    .where(
      and(
        eq(shifts.teamId, team.id),
        isNull(shifts.removedAt),
        eq(rotaPeriods.status, "published"),
        ne(shifts.userId, actor.userId),
        isNull(users.deactivatedAt),
        gte(shifts.date, addDays(mine.shift.date, -SWAP_WINDOW_DAYS)),
        lte(shifts.date, addDays(mine.shift.date, SWAP_WINDOW_DAYS)),
      ),
    )
    .orderBy(asc(shifts.startsAt))
    .all()
    .filter(
      (s) =>
        expiryInstant([s.startsAt, mine.moved.startsAt], settings.cutoffMinutes) > now.getTime(),
    );
  const swapFor: SwapChoices["swapFor"] = [];
  for (const candidate of theirs) {
    const other = shiftToMove(team.id, candidate.id);
    if (!other || other.shift.userId === actor.userId) continue;
    // The same shift on the same day changes nothing for anyone.
    if (other.shift.shiftTypeId === mine.shift.shiftTypeId && other.shift.date === mine.shift.date)
      continue;
    const check = checkChange({
      team,
      settings,
      moves: [
        { shift: mine.moved, fromUserId: actor.userId, toUserId: other.shift.userId },
        { shift: other.moved, fromUserId: other.shift.userId, toUserId: actor.userId },
      ],
    });
    if (check.ineligible.length === 0)
      swapFor.push({
        shiftId: other.shift.id,
        name: candidate.name,
        summary: describeShift(other.moved, other.type, team.timeZone),
      });
  }
  const takers = eligibleTakers({
    team,
    settings,
    shift: mine.moved,
    fromUserId: actor.userId,
    exceptUserId: actor.userId,
  });
  return { ...base, alreadyOffered: null, tooLate, swapFor, takers };
}

/**
 * A check for someone who may not make the change: only why not, never anyone's breaches or the
 * cover (issue 10: nobody sees an ineligible person's working time).
 */
export function onlyReasons(check: ChangeCheck): ChangeCheck {
  return { ineligible: check.ineligible, people: [], cover: [] };
}

export type NewRequestPreview = {
  /** "swap", "give-away" to a named colleague, or "anyone" eligible. */
  kind: "swap" | "give-away" | "anyone";
  /** In words: "Your Tue 3 Dec, Early (E) … for Omar Nurse's Thu 5 Dec, Night (N) …". */
  summary: string;
  /** The change as the rota stands now; null for an offer to anyone (each taker is checked). */
  check: ChangeCheck | null;
  /** How many colleagues could take it, for an offer to anyone. */
  takerCount: number;
};

/**
 * What a request would do before it is sent: both people's breaches before and after and the
 * cover of each touched shift before and after, as the colleague and a manager will see it.
 *
 * @throws the audited 404 when the shift is not the actor's; InputError (naming the field) when
 *   the colleague's shift or the colleague is not one the rota offers.
 */
export function previewNewRequest({
  actor,
  teamId,
  shiftId,
  colleagueShiftId,
  toUserId,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  shiftId: string;
  /** For a swap. */
  colleagueShiftId?: string;
  /** For a give-away to a named colleague; neither this nor colleagueShiftId: to anyone. */
  toUserId?: string;
  ipAddress?: string;
}): NewRequestPreview {
  const { team, mine, settings } = myShift(actor, teamId, shiftId, ipAddress);
  const yours = describeShift(mine.moved, mine.type, team.timeZone);
  if (colleagueShiftId) {
    // Only a shift the form offers (`swapChoices`): anything else is refused before anything
    // about its holder is computed or shown.
    const offered = swapChoices({ actor, teamId, shiftId, ipAddress }).swapFor.find(
      (s) => s.shiftId === colleagueShiftId,
    );
    const theirs = offered && shiftToMove(team.id, colleagueShiftId);
    if (!offered || !theirs)
      throw new InputError(
        "Choose a colleague's shift on this team's published rota.",
        "colleagueShiftId",
      );
    const moves: Move[] = [
      { shift: mine.moved, fromUserId: actor.userId, toUserId: theirs.shift.userId },
      { shift: theirs.moved, fromUserId: theirs.shift.userId, toUserId: actor.userId },
    ];
    return {
      kind: "swap",
      summary: `Your ${yours} for ${offered.name}'s ${describeShift(theirs.moved, theirs.type, team.timeZone)}`,
      check: checkChange({ team, settings, moves }),
      takerCount: 1,
    };
  }
  if (toUserId) {
    // Only a colleague the form offers: eligible, in this team. Anyone else (another team,
    // another organisation, an ineligible colleague) is refused before anything is computed, so
    // nobody's name or working-time breaches are shown to someone who may not take the shift.
    const taker = eligibleTakers({
      team,
      settings,
      shift: mine.moved,
      fromUserId: actor.userId,
      exceptUserId: actor.userId,
    }).find((p) => p.userId === toUserId);
    if (!taker) throw new InputError("Choose a colleague from the list.", "toUserId");
    const moves: Move[] = [{ shift: mine.moved, fromUserId: actor.userId, toUserId }];
    const check = checkChange({ team, settings, moves });
    return {
      kind: "give-away",
      summary: `Your ${yours} to ${taker.name}`,
      check: check.ineligible.length ? onlyReasons(check) : check,
      takerCount: 1,
    };
  }
  const takers = eligibleTakers({
    team,
    settings,
    shift: mine.moved,
    fromUserId: actor.userId,
    exceptUserId: actor.userId,
  });
  return {
    kind: "anyone",
    summary: `Your ${yours} to anyone eligible on ${team.name}`,
    check: null,
    takerCount: takers.length,
  };
}

export type PostedOpenShift = {
  id: string;
  teamId: string;
  teamName: string;
  summary: string;
  requiredGrade: string | null;
  /** Claims waiting for a manager to choose (teams whose claims wait). */
  claims: number;
};

/**
 * The open shifts still open in the teams the actor manages, soonest first, with how many claims
 * wait for a choice: for the managers' part of the Swaps page.
 */
export function openShiftsToManage({
  actor,
  now = new Date(),
}: {
  actor: Actor;
  now?: Date;
}): PostedOpenShift[] {
  const teamIds = actor.teams.filter((t) => managesTeam(actor, t.teamId)).map((t) => t.teamId);
  if (teamIds.length === 0) return [];
  const rows = getDb()
    .select({ open: openShifts, type: shiftTypes })
    .from(openShifts)
    .innerJoin(shiftTypes, eq(shiftTypes.id, openShifts.shiftTypeId))
    .where(
      and(
        inArray(openShifts.teamId, teamIds),
        eq(openShifts.state, "open"),
        gte(openShifts.endsAt, now),
      ),
    )
    .orderBy(asc(openShifts.startsAt))
    .all();
  const claims = rows.length
    ? getDb()
        .select({ openShiftId: swapRequests.openShiftId })
        .from(swapRequests)
        .where(
          and(
            inArray(
              swapRequests.openShiftId,
              rows.map((r) => r.open.id),
            ),
            inArray(swapRequests.state, [...LIVE_SWAP_STATES]),
          ),
        )
        .all()
    : [];
  return rows.map(({ open, type }) => {
    const team = getTeam({ actor, teamId: open.teamId });
    return {
      id: open.id,
      teamId: team.id,
      teamName: team.name,
      summary: describeShift(open, type, team.timeZone),
      requiredGrade: open.requiredGrade,
      claims: claims.filter((c) => c.openShiftId === open.id).length,
    };
  });
}
