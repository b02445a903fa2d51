import { describe, expect, it } from "vitest";
import { shiftsOfDay } from "~/models/rota/day-view";
import { rotaCsvExample, sameDayPair } from "~/models/rota/rota-csv";

const demoDay = [
  { code: "E", startLocal: "07:30", endLocal: "15:30" },
  { code: "LD", startLocal: "07:30", endLocal: "20:00" },
  { code: "L", startLocal: "13:30", endLocal: "21:30" },
  { code: "N", startLocal: "19:30", endLocal: "08:00" },
];

describe("two shifts one person can work on one day", () => {
  it("is nothing when every pair overlaps", () => {
    expect(
      sameDayPair([
        { code: "E", startLocal: "07:30", endLocal: "15:30" },
        { code: "L", startLocal: "13:30", endLocal: "21:30" },
      ]),
    ).toBeNull();
  });

  it("never starts with a night, which runs into the next morning", () => {
    expect(
      sameDayPair([
        { code: "N", startLocal: "20:00", endLocal: "08:00" },
        { code: "T", startLocal: "22:00", endLocal: "23:00" },
      ]),
    ).toBeNull();
  });

  it("takes a shift that starts exactly when the first ends", () => {
    expect(
      sameDayPair([
        { code: "A", startLocal: "08:00", endLocal: "12:00" },
        { code: "B", startLocal: "12:00", endLocal: "16:00" },
      ]),
    ).toEqual(["A", "B"]);
  });

  it("pairs the demo's early with its night, not its late", () => {
    expect(sameDayPair(demoDay)).toEqual(["E", "N"]);
  });
});

describe("the import page's example", () => {
  const dates = ["2026-12-07", "2026-12-08", "2026-12-09"] as [string, string, string];

  it("joins two codes only where they fit one day", () => {
    expect(rotaCsvExample(dates, demoDay)).toEqual([
      "email,2026-12-07,2026-12-08,2026-12-09",
      "sam.jones@example.nhs.uk,E,,LD",
      "alex.khan@example.nhs.uk,,E,E+N",
    ]);
  });

  it("shows one code a cell when no two fit one day", () => {
    const overlapping = demoDay.slice(0, 3);
    expect(rotaCsvExample(dates, overlapping)[2]).toBe("alex.khan@example.nhs.uk,,L,");
  });

  it("uses the usual early, late and night for a team with fewer than three types", () => {
    expect(rotaCsvExample(dates, [])[2]).toBe("alex.khan@example.nhs.uk,,E,E+N");
  });
});

describe("who is on a day, by shift", () => {
  const legend = [
    { code: "E", name: "Early", colour: "blue", times: "07:30 to 15:30" },
    { code: "L", name: "Late", colour: "green", times: "13:30 to 21:30" },
    { code: "N", name: "Night", colour: "darkBlue", times: "19:30 to 08:00" },
  ];
  const person = (
    name: string,
    shifts: { code: string; counts?: boolean }[],
    leave: string | null = null,
  ) => ({
    userId: name,
    name,
    grade: "Band 5 RN",
    isMe: false,
    cells: [
      {
        shifts: shifts.map((s, i) => ({
          id: `${name}-${i}`,
          code: s.code,
          colour: "blue",
          draft: false,
          counts: s.counts ?? true,
        })),
        leave,
      },
    ],
  });

  it("lists the shifts of the day in the legend's order, leaving out those nobody works", () => {
    const { shifts } = shiftsOfDay({
      people: [person("Nia", [{ code: "N" }]), person("Ed", [{ code: "E" }])],
      dayIndex: 0,
      legend,
      gaps: [],
    });
    expect(shifts.map((s) => [s.code, s.on.map((p) => p.name)])).toEqual([
      ["E", ["Ed"]],
      ["N", ["Nia"]],
    ]);
  });

  it("keeps a shift nobody works when it is short, with what is short and its type", () => {
    const { shifts } = shiftsOfDay({
      people: [],
      dayIndex: 0,
      legend,
      gaps: [{ code: "L", shiftTypeId: "late-id", text: "no Band 5 RN" }],
    });
    expect(shifts).toMatchObject([
      { code: "L", on: [], short: "no Band 5 RN", shiftTypeId: "late-id" },
    ]);
  });

  it("puts a shift during leave apart as not working, with the leave's mark", () => {
    const { shifts, away } = shiftsOfDay({
      people: [person("Al", [{ code: "E", counts: false }], "AL"), person("Bo", [], "Off")],
      dayIndex: 0,
      legend,
      gaps: [],
    });
    expect(shifts).toMatchObject([{ code: "E", on: [], notWorking: [{ name: "Al", why: "AL" }] }]);
    expect(away).toEqual([{ userId: "Bo", name: "Bo", mark: "Off" }]);
  });

  it("shows a code no longer in the legend (an archived type still on the rota) last", () => {
    const { shifts } = shiftsOfDay({
      people: [person("Tw", [{ code: "TW" }]), person("Ed", [{ code: "E" }])],
      dayIndex: 0,
      legend,
      gaps: [],
    });
    expect(shifts.map((s) => [s.code, s.name, s.times])).toEqual([
      ["E", "Early", "07:30 to 15:30"],
      ["TW", "TW", ""],
    ]);
  });
});
