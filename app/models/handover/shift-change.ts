// Which shift change a shift hands over at, and who is outgoing and incoming there. Pure: the
// caller reads the team's worked shifts (decision 013) and passes them in; docs/decisions/020.
//
// A shift change is an instant T at which shifts start on the team's rota. The incoming staff
// are those whose shift starts at T. The outgoing staff are those whose shift ends at T, or, as
// wards overlap their shifts so that the handover is face to face (a night 19:30-08:00 and an
// early 07:30-15:30 overlap by half an hour), whose shift ends within HANDOVER_OVERLAP_MINUTES
// of T, at the nearest such start: each shift hands over at exactly one change. Instants are
// real (UTC milliseconds), so a night across midnight or a clock change needs nothing special.

/** How far a shift's end may be from the next shift's start and still hand over to it. */
export const HANDOVER_OVERLAP_MINUTES = 120;
const WINDOW_MS = HANDOVER_OVERLAP_MINUTES * 60_000;

/** A worked shift on the team's rota: the caller has already applied `shiftCounts`. */
export type RotaShift = {
  shiftId: string;
  userId: string;
  /** UTC milliseconds. */
  startsAt: number;
  endsAt: number;
};

export type ShiftChange<S extends RotaShift = RotaShift> = {
  /** UTC milliseconds: when the incoming shifts start. */
  at: number;
  outgoing: S[];
  incoming: S[];
};

/**
 * The instant a shift hands over at, given every start instant on the team's rota nearby: the
 * start nearest its end within the overlap window, after the shift's own start; the earlier of
 * two equally near (the shift is still there for it). Null when no shift starts near its end.
 */
export function handoverInstantOf(shift: RotaShift, starts: Iterable<number>): number | null {
  let best: number | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const at of starts) {
    if (at <= shift.startsAt) continue;
    const distance = Math.abs(shift.endsAt - at);
    if (distance > WINDOW_MS) continue;
    if (distance < bestDistance || (distance === bestDistance && best !== null && at < best)) {
      best = at;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Every shift change among these shifts, in time order: an instant with at least one shift
 * starting and at least one shift handing over to it. A shift that starts at one change and
 * ends at the next is incoming at the first and outgoing at the second.
 */
export function shiftChanges<S extends RotaShift>(shifts: readonly S[]): ShiftChange<S>[] {
  const starts = new Set(shifts.map((s) => s.startsAt));
  const byInstant = new Map<number, ShiftChange<S>>();
  const change = (at: number) => {
    let found = byInstant.get(at);
    if (!found) {
      found = { at, outgoing: [], incoming: [] };
      byInstant.set(at, found);
    }
    return found;
  };
  for (const shift of shifts) {
    const at = handoverInstantOf(shift, starts);
    if (at !== null) change(at).outgoing.push(shift);
  }
  for (const shift of shifts) {
    if (byInstant.has(shift.startsAt)) change(shift.startsAt).incoming.push(shift);
  }
  return [...byInstant.values()]
    .filter((c) => c.outgoing.length > 0 && c.incoming.length > 0)
    .sort((a, b) => a.at - b.at);
}

/** The shift change at instant `at`, or null when none is there on this rota. */
export function shiftChangeAt<S extends RotaShift>(
  shifts: readonly S[],
  at: number,
): ShiftChange<S> | null {
  return shiftChanges(shifts).find((c) => c.at === at) ?? null;
}

/**
 * The span of the rota that decides the change at `at`: shifts starting in it are all that
 * `shiftChangeAt` needs (a shift lasts at most a day, and its handover start is within the
 * window of its end, whose nearer rivals are within twice the window).
 */
export function shiftsNeededFor(at: number): { startsAfter: number; startsUntil: number } {
  return { startsAfter: at - 2 * WINDOW_MS - 86_400_000, startsUntil: at + 2 * WINDOW_MS };
}

/** A shift change's instant in an address: "20261203T2000Z" (UTC, to the minute). */
export function changeKey(at: number): string {
  const iso = new Date(at).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
}

/** The instant of a `changeKey`, or null when the text is not one. */
export function parseChangeKey(key: string): number | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z$/.exec(key);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as number[];
  const at = Date.UTC(y!, mo! - 1, d!, h!, mi!);
  return changeKey(at) === key ? at : null;
}
