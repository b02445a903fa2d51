// "Who is on" for one day of a team, by shift: the grid's column for that day turned on its side,
// so a phone shows it without sideways scrolling. Pure: it reads the grid's answer, which already
// holds only what the viewer may see (drafts for managers, sickness as "Off" to staff).

/** A person's shift in the grid's cell for the day (see `teamRotaGrid`). */
type DayShift = { id: string; code: string; colour: string; draft: boolean; counts: boolean };
type DayPerson = {
  userId: string;
  name: string;
  grade: string;
  isMe: boolean;
  cells: { shifts: DayShift[]; leave: string | null }[];
};
type LegendEntry = { code: string; name: string; colour: string; times: string };

export type DayShiftGroup = {
  code: string;
  name: string;
  colour: string;
  /** "07:30 to 15:30", or "" for a shift type no longer offered (archived). */
  times: string;
  /** Working it: counted for cover. */
  on: DayWorker[];
  /** On the rota but not working it (leave, sickness, closed account): not counted. */
  notWorking: (DayWorker & { why: string })[];
  /** What this shift type is short of that day, in words, or null when covered. */
  short: string | null;
  shiftTypeId: string | null;
};
export type DayWorker = {
  userId: string;
  name: string;
  grade: string;
  isMe: boolean;
  shiftId: string;
  draft: boolean;
};

/**
 * Groups one day's grid into shifts in the order of the day (the legend's order: by start time),
 * then any codes not in the legend (archived types still on the rota). A shift type with nobody
 * on it appears only when it is short. `dayIndex` is the day's column in the grid's cells;
 * `gaps` are the grid's gaps for that day. People away with no shift are listed in `away`.
 */
export function shiftsOfDay({
  people,
  dayIndex,
  legend,
  gaps,
}: {
  people: DayPerson[];
  dayIndex: number;
  legend: LegendEntry[];
  gaps: { code: string; shiftTypeId: string; text: string }[];
}): { shifts: DayShiftGroup[]; away: { userId: string; name: string; mark: string }[] } {
  const groups = new Map<string, DayShiftGroup>();
  const group = (code: string, colour: string) => {
    let g = groups.get(code);
    if (!g) {
      const known = legend.find((t) => t.code === code);
      g = {
        code,
        name: known?.name ?? code,
        colour: known?.colour ?? colour,
        times: known?.times ?? "",
        on: [],
        notWorking: [],
        short: null,
        shiftTypeId: null,
      };
      groups.set(code, g);
    }
    return g;
  };
  for (const t of legend) group(t.code, t.colour);
  const away: { userId: string; name: string; mark: string }[] = [];
  for (const person of people) {
    const cell = person.cells[dayIndex];
    if (!cell) continue;
    for (const shift of cell.shifts) {
      const worker = {
        userId: person.userId,
        name: person.name,
        grade: person.grade,
        isMe: person.isMe,
        shiftId: shift.id,
        draft: shift.draft,
      };
      const g = group(shift.code, shift.colour);
      if (shift.counts) g.on.push(worker);
      else g.notWorking.push({ ...worker, why: cell.leave ?? "Not working" });
    }
    if (cell.leave && cell.shifts.length === 0) {
      away.push({ userId: person.userId, name: person.name, mark: cell.leave });
    }
  }
  for (const gap of gaps) {
    const g = group(gap.code, "grey");
    g.short = gap.text;
    g.shiftTypeId = gap.shiftTypeId;
  }
  const shifts = [...groups.values()].filter((g) => g.on.length || g.notWorking.length || g.short);
  return { shifts, away };
}
