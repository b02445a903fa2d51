// The rules of swaps, give-aways and open shifts, without the database: who may take a shift
// (grade, absence, clashes, new working-time breaches), what a change does to cover, when a
// request expires, which transitions of a request are allowed and who may make each, and when
// an accepted request may be approved automatically. Issue 10; docs/decisions/019.
import { meetsQualification, type Qualified, type RequirementCoverage } from "../rota/coverage";
import { describeAbsence, type LeaveKind } from "../rota/leave-rules";
import {
  type Breach,
  evaluateWorkingTime,
  type RuleSetId,
  type WorkPeriod,
} from "../rules/working-time-rules";

// ---------------------------------------------------------------- grades

/**
 * The position of a grade or requirement in the team's grade order (lowest first), or null when
 * it is not in it: the highest entry the text contains as whole words (the coverage rule of
 * decision 009), so "Band 6 RN" sits at "Band 6" when the order lists "Band 6".
 */
export function gradeRank(order: readonly string[], text: string): number | null {
  let rank: number | null = null;
  order.forEach((entry, index) => {
    if (meetsQualification({ grade: text, skills: [] }, entry)) rank = index;
  });
  return rank;
}

export type GradeSettings = { gradeOrder: readonly string[]; higherGradeCovers: boolean };

/**
 * Whether a person may fill a need: they meet it as the coverage rule says (grade or skill, by
 * whole words), or the team lets a higher grade cover a lower one and the person's grade sits at
 * or above the need's in the team's grade order. A need that is not in the order (a skill such
 * as "Nurse in charge") is met only directly.
 */
export function meetsNeed(person: Qualified, need: string, settings: GradeSettings): boolean {
  if (meetsQualification(person, need)) return true;
  if (!settings.higherGradeCovers) return false;
  const needRank = gradeRank(settings.gradeOrder, need);
  const personRank = gradeRank(settings.gradeOrder, person.grade);
  return needRank !== null && personRank !== null && personRank >= needRank;
}

/**
 * What a person must meet to take a shift, any one of them (empty: anyone may). An open shift
 * that needs a grade needs that grade. Otherwise it is the role the shift's holder fills: the
 * shift type's requirements the holder meets (a Band 6 giving away a night passes on "Band 6");
 * a holder who meets none of them leaves cover as it is, so anyone may take it. An open shift
 * with no holder needs any one of the shift type's requirements.
 */
export function needsToTake({
  requirements,
  holder,
  requiredGrade,
  settings,
}: {
  requirements: readonly { qualification: string }[];
  holder: Qualified | null;
  requiredGrade?: string | null;
  settings: GradeSettings;
}): string[] {
  if (requiredGrade) return [requiredGrade];
  const all = requirements.map((r) => r.qualification);
  if (!holder) return all;
  return all.filter((need) => meetsNeed(holder, need, settings));
}

// ---------------------------------------------------------------- working time

/** A shift as the working-time rules need it, with its id so breaches can name it. */
export type TimedShift = { id: string; startsAt: Date; endsAt: Date; breakMinutes: number };

/** A breach with the ids of the shifts it involves (the evaluator gives indexes). */
export type ShiftBreach = Breach & { shiftIds: string[] };

/** One person's breaches under a rule set, each naming its shifts by id. Empty without a rule set. */
export function breachesOf(
  shifts: readonly TimedShift[],
  ruleSet: RuleSetId | null,
  timeZone: string,
): ShiftBreach[] {
  if (!ruleSet || shifts.length === 0) return [];
  const periods: WorkPeriod[] = shifts.map((s) => ({
    start: s.startsAt,
    end: s.endsAt,
    breakMinutes: s.breakMinutes,
  }));
  return evaluateWorkingTime(periods, ruleSet, { timeZone }).map((breach) => ({
    ...breach,
    shiftIds: breach.shifts.map((index) => shifts[index]!.id),
  }));
}

/**
 * The breaches after a change that were not there before. A breach after is the same one as a
 * breach before when both break the same rule and share a shift the person kept (a weekly
 * average over all their shifts; a short rest beside a shift they keep), or when the sentences
 * are identical; each breach before answers for one breach after. So a change that makes an
 * existing breach no better and no worse adds nothing, and one that makes a new short rest or a
 * new run adds it. Issue 10: "no working-time breach ... after the change that was not there
 * before".
 */
export function newBreaches(before: readonly ShiftBreach[], after: readonly ShiftBreach[]) {
  const unused = [...before];
  return after.filter((breach) => {
    const index = unused.findIndex(
      (old) =>
        old.rule === breach.rule &&
        (old.message === breach.message || old.shiftIds.some((id) => breach.shiftIds.includes(id))),
    );
    if (index === -1) return true;
    unused.splice(index, 1);
    return false;
  });
}

// ---------------------------------------------------------------- eligibility

export type Ineligible = {
  reason: "not-in-team" | "inactive" | "grade" | "absent" | "clash" | "new-breach";
  message: string;
};

/**
 * Why a person may not take a shift, every reason in a sentence, or none when they may. Issue
 * 10: the grade or skill the shift needs (`needs`, any one; see `needsToTake` and `meetsNeed`),
 * not on leave or off sick that day, no overlapping shift in any team (other than the one they
 * give up in the same change), and no working-time breach after the change that was not there
 * before under the team's rule set. `day` is how the date reads ("Tue 3 Dec").
 */
export function whyIneligible({
  name,
  day,
  person,
  needs,
  settings,
  absence,
  clash,
  breachesBefore,
  breachesAfter,
}: {
  name: string;
  day: string;
  /** Null when the person is not a member of the shift's team. */
  person: (Qualified & { active: boolean }) | null;
  needs: readonly string[];
  settings: GradeSettings;
  absence: LeaveKind | null;
  /** Their other shift at the same time, if any: its code and how its day reads. */
  clash: { code: string; day: string } | null;
  breachesBefore: readonly ShiftBreach[];
  breachesAfter: readonly ShiftBreach[];
}): Ineligible[] {
  if (!person) return [{ reason: "not-in-team", message: `${name} is not in this team.` }];
  const reasons: Ineligible[] = [];
  if (!person.active)
    reasons.push({ reason: "inactive", message: `${name}'s account is deactivated.` });
  if (needs.length > 0 && !needs.some((need) => meetsNeed(person, need, settings)))
    reasons.push({
      reason: "grade",
      message: `${name} (${person.grade}) is not ${needs.join(" or ")}, which this shift needs.`,
    });
  // Sickness reads as "off" (describeAbsence): colleagues read this too.
  if (absence)
    reasons.push({
      reason: "absent",
      message: `${name} is ${describeAbsence(absence)} on ${day}.`,
    });
  if (clash)
    reasons.push({
      reason: "clash",
      message: `${name} already works ${clash.code} on ${clash.day} at that time.`,
    });
  for (const breach of newBreaches(breachesBefore, breachesAfter))
    reasons.push({ reason: "new-breach", message: `${name}: ${breach.message}` });
  return reasons;
}

// ---------------------------------------------------------------- cover

/** Cover no worse: no requirement is shorter of people after the change than before. */
export function coverNoWorse(
  before: readonly RequirementCoverage[],
  after: readonly RequirementCoverage[],
): boolean {
  const short = (r: RequirementCoverage) => Math.max(0, r.count - r.have);
  return after.every((requirement, index) => {
    const was = before[index];
    return !was || short(requirement) <= short(was);
  });
}

/**
 * Whether an accepted request may be approved without a manager: the team allows it, nobody
 * gains a breach, and no shift it touches is left shorter of any requirement. Issue 10.
 */
export function mayApproveAutomatically({
  autoApprove,
  newBreachCount,
  cover,
}: {
  autoApprove: boolean;
  newBreachCount: number;
  cover: readonly { before: RequirementCoverage[]; after: RequirementCoverage[] }[];
}): boolean {
  return autoApprove && newBreachCount === 0 && cover.every((c) => coverNoWorse(c.before, c.after));
}

// ---------------------------------------------------------------- expiry

export const DEFAULT_CUTOFF_MINUTES = 120;
/** A week: a team that wants requests open nearer the start than that sets 0. */
export const MAX_CUTOFF_MINUTES = 7 * 24 * 60;

/**
 * When a request closes, in ms since the epoch: the start of the first shift it touches less
 * the team's cut-off (minutes; 120 unless the team sets another). Issue 10.
 */
export function expiryInstant(startsAt: readonly (Date | number)[], cutoffMinutes: number): number {
  const first = Math.min(...startsAt.map((s) => (typeof s === "number" ? s : s.getTime())));
  return first - cutoffMinutes * 60_000;
}

// ---------------------------------------------------------------- the request's states

export const SWAP_STATES = [
  "awaiting-colleague",
  "awaiting-manager",
  "approved",
  "colleague-declined",
  "manager-declined",
  "cancelled",
  "expired",
  "no-longer-valid",
] as const;
export type SwapState = (typeof SWAP_STATES)[number];

/** Still open: waiting for someone. Every other state is final. */
export const LIVE_SWAP_STATES: readonly SwapState[] = ["awaiting-colleague", "awaiting-manager"];

export type SwapAction =
  | "accept"
  | "decline"
  | "cancel"
  | "approve"
  | "refuse"
  | "expire"
  | "invalidate";

/**
 * Who is asking: the person who made it; the named colleague; someone eligible for an offer to
 * anyone; a manager of the team; or the system (expiry, a failed re-check).
 */
export type SwapRole = "requester" | "colleague" | "candidate" | "manager" | "system";

const TRANSITIONS: Record<SwapAction, { from: SwapState[]; by: SwapRole[]; to: SwapState }> = {
  accept: { from: ["awaiting-colleague"], by: ["colleague", "candidate"], to: "awaiting-manager" },
  decline: { from: ["awaiting-colleague"], by: ["colleague"], to: "colleague-declined" },
  cancel: {
    from: ["awaiting-colleague", "awaiting-manager"],
    by: ["requester"],
    to: "cancelled",
  },
  approve: { from: ["awaiting-manager"], by: ["manager", "system"], to: "approved" },
  refuse: { from: ["awaiting-manager"], by: ["manager"], to: "manager-declined" },
  expire: { from: ["awaiting-colleague", "awaiting-manager"], by: ["system"], to: "expired" },
  invalidate: {
    from: ["awaiting-colleague", "awaiting-manager"],
    by: ["system"],
    to: "no-longer-valid",
  },
};

const CLOSED_MESSAGES: Record<SwapState, string> = {
  "awaiting-colleague": "This request is waiting for the colleague.",
  "awaiting-manager": "This request is waiting for a manager.",
  approved: "This request has already been approved.",
  "colleague-declined": "This request was declined.",
  "manager-declined": "This request was declined by a manager.",
  cancelled: "This request was cancelled.",
  expired: "This request has expired.",
  "no-longer-valid": "This request is no longer valid.",
};

export type Transition = { ok: true; to: SwapState } | { ok: false; message: string };

/**
 * The state a request moves to when `role` takes `action` in `state`, or why it may not. The
 * requester cancels until it is approved; the colleague (or, for an offer to anyone, someone
 * eligible) accepts, and the named colleague declines; then a manager approves or declines with
 * a reason; the system expires it or closes it as no longer valid. Nothing leaves a final state.
 */
export function swapTransition(state: SwapState, action: SwapAction, role: SwapRole): Transition {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(state)) {
    const waiting =
      action === "approve" || action === "refuse"
        ? state === "awaiting-colleague"
          ? "The colleague has not accepted this request yet."
          : CLOSED_MESSAGES[state]
        : CLOSED_MESSAGES[state];
    return { ok: false, message: waiting };
  }
  if (!rule.by.includes(role)) {
    const who: Record<SwapAction, string> = {
      accept: "Only the colleague it was offered to can accept this request.",
      decline: "Only the colleague it was offered to can decline this request.",
      cancel: "Only the person who made this request can cancel it.",
      approve: "Only a manager of the team can approve this request.",
      refuse: "Only a manager of the team can decline this request.",
      expire: "Requests expire by themselves.",
      invalidate: "Requests are closed as no longer valid by the re-check.",
    };
    return { ok: false, message: who[action] };
  }
  return { ok: true, to: rule.to };
}

/** Plain words for a state, for lists ("Waiting for Omar", "Declined by a manager"). */
export const SWAP_STATE_LABELS: Record<SwapState, string> = {
  "awaiting-colleague": "Waiting for the colleague",
  "awaiting-manager": "Waiting for a manager",
  approved: "Approved",
  "colleague-declined": "Declined by the colleague",
  "manager-declined": "Declined by a manager",
  cancelled: "Cancelled",
  expired: "Expired",
  "no-longer-valid": "No longer valid",
};
