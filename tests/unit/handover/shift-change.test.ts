import { describe, expect, it } from "vitest";
import {
  changeKey,
  HANDOVER_OVERLAP_MINUTES,
  handoverInstantOf,
  parseChangeKey,
  type RotaShift,
  shiftChangeAt,
  shiftChanges,
} from "~/models/handover/shift-change";
import { addDays, instantAt } from "~/models/local-time";

const LONDON = "Europe/London";

/** A shift of `userId` from a local date and time to an end time (the next day if not later). */
function shift(userId: string, date: string, start: string, end: string): RotaShift {
  const [sh, sm] = start.split(":").map(Number) as [number, number];
  const [eh, em] = end.split(":").map(Number) as [number, number];
  const endDate = eh * 60 + em <= sh * 60 + sm ? addDays(date, 1) : date;
  return {
    shiftId: `${userId}-${date}-${start}`,
    userId,
    startsAt: instantAt(date, sh, sm, LONDON),
    endsAt: instantAt(endDate, eh, em, LONDON),
  };
}
const at = (date: string, time: string) => {
  const [h, m] = time.split(":").map(Number) as [number, number];
  return instantAt(date, h, m, LONDON);
};
const people = (list: RotaShift[]) => list.map((s) => s.userId).sort();

describe("the shift change rule", () => {
  it("hands a day that ends at 20:00 to a night that starts at 20:00", () => {
    const shifts = [
      shift("day1", "2026-12-01", "08:00", "20:00"),
      shift("day2", "2026-12-01", "08:00", "20:00"),
      shift("night", "2026-12-01", "20:00", "08:00"),
    ];
    const change = shiftChangeAt(shifts, at("2026-12-01", "20:00"))!;
    expect(people(change.outgoing)).toEqual(["day1", "day2"]);
    expect(people(change.incoming)).toEqual(["night"]);
  });

  it("hands over at the incoming start when the shifts overlap: a long day to 20:00, a night from 19:30", () => {
    const shifts = [
      shift("sister", "2026-12-01", "07:30", "20:00"),
      shift("nurse", "2026-12-01", "19:30", "08:00"),
    ];
    expect(shiftChanges(shifts).map((c) => c.at)).toEqual([at("2026-12-01", "19:30")]);
    const change = shiftChangeAt(shifts, at("2026-12-01", "19:30"))!;
    expect(people(change.outgoing)).toEqual(["sister"]);
    expect(people(change.incoming)).toEqual(["nurse"]);
  });

  it("hands a night across midnight to the next morning's early", () => {
    const shifts = [
      shift("night", "2026-12-01", "19:30", "08:00"),
      shift("early", "2026-12-02", "07:30", "15:30"),
    ];
    const change = shiftChangeAt(shifts, at("2026-12-02", "07:30"))!;
    expect(people(change.outgoing)).toEqual(["night"]);
    expect(people(change.incoming)).toEqual(["early"]);
    expect(shiftChangeAt(shifts, at("2026-12-01", "07:30"))).toBeNull();
  });

  it("finds the morning change after the night the clocks go back (a 13.5-hour night)", () => {
    // Sun 25 Oct 2026: 02:00 BST becomes 01:00 GMT.
    const night = shift("night", "2026-10-24", "19:30", "08:00");
    expect((night.endsAt - night.startsAt) / 3_600_000).toBe(13.5);
    const early = shift("early", "2026-10-25", "07:30", "15:30");
    const change = shiftChangeAt([night, early], Date.UTC(2026, 9, 25, 7, 30))!;
    expect(people(change.outgoing)).toEqual(["night"]);
    expect(people(change.incoming)).toEqual(["early"]);
  });

  it("finds the morning change after the night the clocks go forward (an 11.5-hour night)", () => {
    // Sun 29 Mar 2026: 01:00 GMT becomes 02:00 BST; 07:30 BST is 06:30 UTC.
    const night = shift("night", "2026-03-28", "19:30", "08:00");
    expect((night.endsAt - night.startsAt) / 3_600_000).toBe(11.5);
    const early = shift("early", "2026-03-29", "07:30", "15:30");
    const change = shiftChangeAt([night, early], Date.UTC(2026, 2, 29, 6, 30))!;
    expect(people(change.outgoing)).toEqual(["night"]);
    expect(people(change.incoming)).toEqual(["early"]);
  });

  it("gives the demo ward's day three changes: night to early and long day, early to late, long day and late to night", () => {
    const d = "2026-12-02";
    const shifts = [
      shift("n1", "2026-12-01", "19:30", "08:00"),
      shift("e1", d, "07:30", "15:30"),
      shift("ld", d, "07:30", "20:00"),
      shift("l1", d, "13:30", "21:30"),
      shift("n2", d, "19:30", "08:00"),
    ];
    const changes = shiftChanges(shifts);
    expect(changes.map((c) => [c.at, people(c.outgoing), people(c.incoming)])).toEqual([
      [at(d, "07:30"), ["n1"], ["e1", "ld"]],
      [at(d, "13:30"), ["e1"], ["l1"]],
      [at(d, "19:30"), ["l1", "ld"], ["n2"]],
    ]);
  });

  it("makes no change where no shift ends within the overlap window of a start", () => {
    const shifts = [
      shift("early", "2026-12-02", "07:00", "12:00"),
      shift("twilight", "2026-12-02", "17:00", "23:00"),
    ];
    expect(HANDOVER_OVERLAP_MINUTES).toBe(120);
    expect(shiftChanges(shifts)).toEqual([]);
  });

  it("makes no change with people starting and nobody handing over", () => {
    expect(shiftChanges([shift("a", "2026-12-02", "07:30", "15:30")])).toEqual([]);
  });

  it("hands each shift over once, at the start nearest its end, the earlier of two as near", () => {
    const ends = shift("out", "2026-12-02", "08:00", "20:00");
    expect(handoverInstantOf(ends, [at("2026-12-02", "19:00"), at("2026-12-02", "21:00")])).toBe(
      at("2026-12-02", "19:00"),
    );
    expect(handoverInstantOf(ends, [at("2026-12-02", "19:00"), at("2026-12-02", "20:30")])).toBe(
      at("2026-12-02", "20:30"),
    );
    expect(handoverInstantOf(ends, [at("2026-12-02", "08:00")])).toBeNull();
  });

  it("reads the people from the shifts it is given, so a swap on the rota changes who receives", () => {
    const before = [
      shift("day", "2026-12-01", "08:00", "20:00"),
      shift("amelia", "2026-12-01", "20:00", "08:00"),
    ];
    const after = [before[0]!, { ...before[1]!, userId: "joseph" }];
    expect(people(shiftChangeAt(before, at("2026-12-01", "20:00"))!.incoming)).toEqual(["amelia"]);
    expect(people(shiftChangeAt(after, at("2026-12-01", "20:00"))!.incoming)).toEqual(["joseph"]);
  });
});

describe("a shift change in an address", () => {
  it("writes the instant in UTC to the minute and reads it back", () => {
    const instant = Date.UTC(2026, 11, 3, 20, 0);
    expect(changeKey(instant)).toBe("20261203T2000Z");
    expect(parseChangeKey("20261203T2000Z")).toBe(instant);
  });

  it("refuses text that is not a real instant", () => {
    for (const bad of ["20261232T2000Z", "20261203T2500Z", "2026-12-03", "", "20261203T2000"]) {
      expect(parseChangeKey(bad)).toBeNull();
    }
  });
});
