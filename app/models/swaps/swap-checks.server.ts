// What a change to the rota would do, read from the database and judged by the pure rules
// (swap-rules.ts): whether each person who would take a shift may, each person's working-time
// breaches before and after, and each touched occurrence's cover before and after. One change is
// a list of moves ("this shift goes from Nia to Omar"); a swap is two, a give-away or a pick-up
// one. No writes and no permission checks: the callers have checked the actor.
import { addDays } from "../local-time";
import type { Qualified, RequirementCoverage } from "../rota/coverage";
import { absencesOverlapping, approvedLeaveOf } from "../rota/leave.server";
import { teamRoster } from "../rota/roster.server";
import { absenceOn, shiftCounts } from "../rota/shift-counts";
import { formatDay } from "../rota/shift-display";
import { workersOf } from "../rota/shift-occurrences.server";
import { liveShiftsOf } from "../rota/shift-rows.server";
import type { Requirement } from "../rota/shift-type-rules";
import type { Breach, RuleSetId } from "../rules/working-time-rules";
import {
  breachesOf,
  type GradeSettings,
  type Ineligible,
  meetsNeed,
  needsToTake,
  newBreaches,
  type ShiftBreach,
  type TimedShift,
  whyIneligible,
} from "./swap-rules";
import type { SwapSettings } from "./swap-settings.server";

/** Days either side of a shift whose shifts count for runs, rest and averages (as the review). */
const CONTEXT_DAYS = 28;

export type CheckTeam = { id: string; timeZone: string; ruleSet: RuleSetId | null };

/** A shift being moved: an existing one (its id) or an open shift not yet made (`open:<id>`). */
export type MovedShift = {
  id: string;
  shiftTypeId: string;
  code: string;
  name: string;
  date: string;
  startsAt: Date;
  endsAt: Date;
  breakMinutes: number;
  requirements: Requirement[];
  /** For an open shift: the grade it needs, if any. */
  requiredGrade?: string | null;
};

/** One shift changing hands: from its holder (null for an open shift) to another person. */
export type Move = { shift: MovedShift; fromUserId: string | null; toUserId: string };

export type PersonEffect = {
  userId: string;
  name: string;
  /** Their breaches (under the team's rule set) around the shifts that move, before and after. */
  before: Breach[];
  after: Breach[];
  /** The breaches after that were not there before (`newBreaches`). */
  added: Breach[];
};

export type CoverEffect = {
  shiftTypeId: string;
  code: string;
  name: string;
  date: string;
  /** Each requirement of the shift type with how many meet it, before and after. */
  before: RequirementCoverage[];
  after: RequirementCoverage[];
};

export type ChangeCheck = {
  /** Why the change may not happen, every reason, for everyone who would take a shift. */
  ineligible: Ineligible[];
  people: PersonEffect[];
  cover: CoverEffect[];
};

type Person = Qualified & { userId: string; name: string; active: boolean };

/**
 * How many of the people on a shift meet each of its requirements, as the team judges who may
 * fill a need (`meetsNeed`): with "a higher grade may cover a lower one" on, a Band 7 counts for
 * a Band 6 requirement, so a swap's cover before and after agrees with its eligibility. The rota
 * review's coverage (rota/coverage.ts) stays as it is: the setting is the team's swap rule.
 */
export function coverWithSettings(
  requirements: Requirement[],
  people: Qualified[],
  settings: GradeSettings,
): RequirementCoverage[] {
  return requirements.map((requirement) => ({
    ...requirement,
    have: people.filter((person) => meetsNeed(person, requirement.qualification, settings)).length,
  }));
}

const plain = ({ shiftIds: _ids, ...breach }: ShiftBreach): Breach => breach;

/**
 * Judges a change: for each person who takes a shift, the issue 10 eligibility rules (grade or
 * skill the shift needs, absence that day, clash with any other shift in any team, new breach);
 * for everyone in it, breaches before and after; for each occurrence touched, cover before and
 * after. Breaches only count worked shifts (decision 013) of the person, in every team, within
 * 28 days either side, under `team`'s rule set.
 */
export function checkChange({
  team,
  settings,
  moves,
}: {
  team: CheckTeam;
  settings: SwapSettings;
  moves: Move[];
}): ChangeCheck {
  const roster = new Map<string, Person>(
    teamRoster(team.id).map((m) => [
      m.userId,
      {
        userId: m.userId,
        name: m.name,
        grade: m.grade,
        skills: m.skills,
        active: !m.deactivatedAt,
      },
    ]),
  );
  const involved = [
    ...new Set(moves.flatMap((m) => (m.fromUserId ? [m.fromUserId, m.toUserId] : [m.toUserId]))),
  ];
  const dates = moves.map((m) => m.shift.date).sort();
  const first = dates[0]!;
  const last = dates.at(-1)!;
  const around = liveShiftsOf({
    userIds: involved,
    from: addDays(first, -CONTEXT_DAYS),
    to: addDays(last, CONTEXT_DAYS),
  });
  const absencesAround = absencesOverlapping(around);
  const worked = around.filter((s) => shiftCounts(s, absencesAround));
  const leave = approvedLeaveOf({ userIds: involved, from: first, to: last });

  const timed = (s: { id: string; startsAt: Date; endsAt: Date; breakMinutes: number }) => ({
    id: s.id,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    breakMinutes: s.breakMinutes,
  });
  const byTime = (a: TimedShift, b: TimedShift) => a.startsAt.getTime() - b.startsAt.getTime();

  const people: PersonEffect[] = [];
  const breachesByPerson = new Map<string, { before: ShiftBreach[]; after: ShiftBreach[] }>();
  for (const userId of involved) {
    const mine = worked.filter((s) => s.userId === userId).map(timed);
    const received = moves.filter((m) => m.toUserId === userId).map((m) => timed(m.shift));
    const givesUp = new Set(moves.filter((m) => m.fromUserId === userId).map((m) => m.shift.id));
    const afterShifts = [...mine.filter((s) => !givesUp.has(s.id)), ...received].sort(byTime);
    const before = breachesOf(mine, team.ruleSet, team.timeZone);
    const after = breachesOf(afterShifts, team.ruleSet, team.timeZone);
    breachesByPerson.set(userId, { before, after });
    people.push({
      userId,
      name: roster.get(userId)?.name ?? "",
      before: before.map(plain),
      after: after.map(plain),
      added: newBreaches(before, after).map(plain),
    });
  }

  const ineligible: Ineligible[] = [];
  for (const move of moves) {
    const person = roster.get(move.toUserId) ?? null;
    const holder = move.fromUserId ? (roster.get(move.fromUserId) ?? null) : null;
    const needs = needsToTake({
      requirements: move.shift.requirements,
      holder: move.fromUserId ? holder : null,
      requiredGrade: move.shift.requiredGrade,
      settings,
    });
    // Their other shifts at the same time, in any team, draft or published: not the one moving
    // to them, and not one they give up in this same change.
    const givenUp = new Set(
      moves.filter((m) => m.fromUserId === move.toUserId).map((m) => m.shift.id),
    );
    const clash = around.find(
      (s) =>
        s.userId === move.toUserId &&
        s.id !== move.shift.id &&
        !givenUp.has(s.id) &&
        s.startsAt < move.shift.endsAt &&
        s.endsAt > move.shift.startsAt,
    );
    const breaches = breachesByPerson.get(move.toUserId)!;
    ineligible.push(
      ...whyIneligible({
        name: person?.name ?? "This person",
        day: formatDay(move.shift.date),
        person,
        needs,
        settings,
        absence: absenceOn(leave, move.toUserId, move.shift.date),
        clash: clash ? { code: clash.code, day: formatDay(clash.date) } : null,
        // New breaches are judged once per person, on their first move.
        breachesBefore: breaches.before,
        breachesAfter:
          moves.find((m) => m.toUserId === move.toUserId) === move
            ? breaches.after
            : breaches.before,
      }),
    );
  }

  const cover: CoverEffect[] = [];
  const occurrences = new Map<string, MovedShift>();
  for (const move of moves)
    occurrences.set(`${move.shift.shiftTypeId}|${move.shift.date}`, move.shift);
  for (const shift of occurrences.values()) {
    const workers = workersOf({
      teamId: team.id,
      shiftTypeId: shift.shiftTypeId,
      date: shift.date,
    });
    const qualified = (userId: string): Qualified => {
      const p = roster.get(userId);
      return p ? { grade: p.grade, skills: p.skills } : { grade: "", skills: [] };
    };
    const beforePeople = workers.map((w) => ({ shiftId: w.shiftId, userId: w.userId }));
    let afterPeople = [...beforePeople];
    for (const move of moves) {
      if (move.shift.shiftTypeId !== shift.shiftTypeId || move.shift.date !== shift.date) continue;
      afterPeople = afterPeople.filter((p) => p.shiftId !== move.shift.id);
      // The person taking it counts only if they would work it: not away that day.
      if (!absenceOn(leave, move.toUserId, move.shift.date) && roster.get(move.toUserId)?.active)
        afterPeople.push({ shiftId: move.shift.id, userId: move.toUserId });
    }
    cover.push({
      shiftTypeId: shift.shiftTypeId,
      code: shift.code,
      name: shift.name,
      date: shift.date,
      before: coverWithSettings(
        shift.requirements,
        beforePeople.map((p) => qualified(p.userId)),
        settings,
      ),
      after: coverWithSettings(
        shift.requirements,
        afterPeople.map((p) => qualified(p.userId)),
        settings,
      ),
    });
  }
  return { ineligible, people, cover };
}

/** How many breaches the change adds, over everyone in it. */
export function addedBreachCount(check: ChangeCheck): number {
  return check.people.reduce((sum, p) => sum + p.added.length, 0);
}
