// The ways people see the rota: the team grid, My shifts, who is on now, and the route loaders
// that serve them, including who may see a draft.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { leaveRequests, shiftTypes } from "~/db/schema.server";
import { newId } from "~/models/ids.server";
import { recordSickness } from "~/models/rota/leave.server";
import { markShiftsSeen, openMyShifts, whoIsOn } from "~/models/rota/my-shifts.server";
import { teamRotaGrid } from "~/models/rota/rota-grid.server";
import { createRotaPeriod, publishRotaPeriod } from "~/models/rota/rota-periods.server";
import { reviewRotaPeriod } from "~/models/rota/rota-review.server";
import { addShift, changeShift, removeShift } from "~/models/rota/shifts.server";
import { loader as gridLoader } from "~/routes/_app.team.$teamId.rota._index";
import { loader as periodLoader } from "~/routes/_app.team.$teamId.rota.$periodId._index";
import {
  actorFor,
  addToTeam,
  createPerson,
  createTwoWardTrust,
  signInAs,
} from "../../support/factories";
import { callLoader, thrownResponse } from "../../support/requests";

let trust: Awaited<ReturnType<typeof createTwoWardTrust>>;
let colleague: { id: string; name: string };
let nightNurse: { id: string; name: string };
const types: Record<string, string> = {};
let published: string;
let draft: string;

function addType(
  code: string,
  startLocal: string,
  endLocal: string,
  requirements: { count: number; qualification: string }[] = [],
) {
  const id = newId();
  getDb()
    .insert(shiftTypes)
    .values({
      id,
      teamId: trust.ward7.id,
      code,
      name: code,
      startLocal,
      endLocal,
      colour: "blue",
      requirements,
    })
    .run();
  return id;
}

const manager = () => actorFor(trust.manager7.id);
const shift = (userId: string, code: string, date: string, periodId: string) =>
  addShift({
    actor: manager(),
    teamId: trust.ward7.id,
    periodId,
    userId,
    shiftTypeId: types[code]!,
    date,
  }).shiftId;

beforeAll(async () => {
  trust = await createTwoWardTrust();
  colleague = await createPerson({ organisationId: trust.organisation.id, name: "Cara Colleague" });
  nightNurse = await createPerson({ organisationId: trust.organisation.id, name: "Nel Night" });
  addToTeam(colleague.id, trust.ward7.id, "staff", "Band 2 HCA");
  addToTeam(nightNurse.id, trust.ward7.id, "staff", "Band 5 RN");
  types.E = addType("E", "07:30", "15:30", [
    { count: 1, qualification: "Band 5 RN" },
    { count: 1, qualification: "HCA" },
  ]);
  types.L = addType("L", "13:30", "21:30");
  types.N = addType("N", "20:00", "08:00");
  published = createRotaPeriod({
    actor: manager(),
    teamId: trust.ward7.id,
    startDate: "2026-11-30",
    endDate: "2026-12-06",
  }).periodId;
  draft = createRotaPeriod({
    actor: manager(),
    teamId: trust.ward7.id,
    startDate: "2026-12-07",
    endDate: "2026-12-13",
  }).periodId;
  shift(trust.staff7.id, "E", "2026-12-01", published);
  shift(colleague.id, "E", "2026-12-01", published);
  shift(nightNurse.id, "N", "2026-11-30", published);
  shift(colleague.id, "L", "2026-12-02", published);
  shift(trust.staff7.id, "E", "2026-12-08", draft);
  publishRotaPeriod({
    actor: manager(),
    teamId: trust.ward7.id,
    periodId: published,
    now: new Date("2026-11-28T12:00:00Z"),
  });
});

describe("the team grid", () => {
  it("shows staff the published rota only, and managers the draft too, marked", () => {
    const week = { teamId: trust.ward7.id, from: "2026-11-30", to: "2026-12-13" };
    const asStaff = teamRotaGrid({ actor: actorFor(trust.staff7.id), ...week });
    const sam = asStaff.people.find((p) => p.name === "Sam Staff")!;
    expect(sam.cells[1]!.shifts.map((s) => s.code)).toEqual(["E"]);
    expect(sam.cells[8]!.shifts).toEqual([]);
    expect(asStaff.periods.map((p) => p.status)).toEqual(["published"]);
    const asManager = teamRotaGrid({ actor: manager(), ...week });
    const samAgain = asManager.people.find((p) => p.name === "Sam Staff")!;
    expect(samAgain.cells[8]!.shifts).toMatchObject([{ code: "E", draft: true }]);
  });

  it("counts gaps per day from the shift types' requirements, only on days with a rota", () => {
    const grid = teamRotaGrid({
      actor: manager(),
      teamId: trust.ward7.id,
      from: "2026-11-30",
      to: "2026-12-15",
    });
    const day = (date: string) => grid.days.find((d) => d.date === date)!;
    // 1 Dec: Sam (Band 5 RN) and Cara (HCA) on the early: covered.
    expect(day("2026-12-01").gaps).toEqual([]);
    expect(day("2026-12-02").gaps).toEqual([
      expect.objectContaining({ code: "E", text: "no Band 5 RN, no HCA" }),
    ]);
    // 14 Dec is in no period: nothing to cover yet.
    expect(day("2026-12-14")).toMatchObject({ inPeriod: false, gaps: [] });
  });

  it("filters by grade and shows leave, with sickness as Off to everyone but managers", () => {
    getDb()
      .insert(leaveRequests)
      .values({
        id: newId(),
        teamId: trust.ward7.id,
        userId: colleague.id,
        kind: "sick",
        startDate: "2026-12-04",
        endDate: "2026-12-04",
        status: "approved",
        requestedByUserId: trust.manager7.id,
      })
      .run();
    const range = { teamId: trust.ward7.id, from: "2026-11-30", to: "2026-12-06" };
    const hcas = teamRotaGrid({ actor: actorFor(trust.staff7.id), ...range, grade: "Band 2 HCA" });
    expect(hcas.people.map((p) => p.name)).toEqual(["Cara Colleague"]);
    expect(hcas.people[0]!.cells[4]!.leave).toBe("Off");
    expect(
      teamRotaGrid({ actor: manager(), ...range }).people.find((p) => p.name === "Cara Colleague")!
        .cells[4]!.leave,
    ).toBe("Sick");
    expect(
      teamRotaGrid({ actor: actorFor(colleague.id), ...range }).people.find(
        (p) => p.name === "Cara Colleague",
      )!.cells[4]!.leave,
    ).toBe("Sick");
  });

  it("is the same 404 for another ward's people as for a team that does not exist", async () => {
    const outsider = signInAs(trust.staff12.id);
    const params = { teamId: trust.ward7.id };
    expect(
      (
        await thrownResponse(() =>
          callLoader(gridLoader, {
            path: `/team/${trust.ward7.id}/rota`,
            cookie: outsider.cookie,
            params,
          }),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await thrownResponse(() =>
          callLoader(gridLoader, {
            path: "/team/nope/rota",
            cookie: outsider.cookie,
            params: { teamId: "nope" },
          }),
        )
      ).status,
    ).toBe(404);
  });

  it("refuses staff a draft period by its address, in the grid and on the period page", async () => {
    const staff = signInAs(trust.staff7.id);
    const params = { teamId: trust.ward7.id };
    const viaGrid = await thrownResponse(() =>
      callLoader(gridLoader, {
        path: `/team/${trust.ward7.id}/rota?period=${draft}`,
        cookie: staff.cookie,
        params,
      }),
    );
    expect(viaGrid.status).toBe(404);
    const viaPage = await thrownResponse(() =>
      callLoader(periodLoader, {
        path: `/team/${trust.ward7.id}/rota/${draft}`,
        cookie: staff.cookie,
        params: { ...params, periodId: draft },
      }),
    );
    expect(viaPage.status).toBe(404);
    // A published period's page sends staff to the grid instead.
    const redirect = await thrownResponse(() =>
      callLoader(periodLoader, {
        path: `/team/${trust.ward7.id}/rota/${published}`,
        cookie: staff.cookie,
        params: { ...params, periodId: published },
      }),
    );
    expect(redirect.headers.get("Location")).toBe(
      `/team/${trust.ward7.id}/rota?period=${published}`,
    );
    const data = (await callLoader(gridLoader, {
      path: `/team/${trust.ward7.id}/rota?week=2026-12-07`,
      cookie: staff.cookie,
      params,
    })) as { grid: { people: { name: string; cells: { shifts: unknown[] }[] }[] } };
    expect(data.grid.people.find((p) => p.name === "Sam Staff")!.cells[1]!.shifts).toEqual([]);
  });
});

describe("my shifts", () => {
  const now = new Date("2026-11-29T09:00:00Z");

  it("lists the next eight weeks of published shifts, with who works alongside", () => {
    const mine = openMyShifts({ actor: actorFor(trust.staff7.id), now });
    expect(mine.shifts.map((s) => [s.date, s.code])).toEqual([["2026-12-01", "E"]]);
    // Cara's early is alongside; the night that hands over at 08:00 is not.
    expect(mine.shifts[0]!.colleagues).toEqual([{ name: "Cara Colleague", code: "E" }]);
    expect(mine.shifts[0]!.times).toBe("07:30 to 15:30");
  });

  it("highlights changes since the person marked their shifts seen, and lists removals", () => {
    const actor = actorFor(colleague.id);
    markShiftsSeen({ actor, now: new Date("2026-11-29T08:00:00Z") });
    const mine = openMyShifts({ actor, now }).shifts;
    const early = mine.find((s) => s.code === "E")!;
    const late = mine.find((s) => s.code === "L")!;
    expect(mine.every((s) => s.change === null)).toBe(true);
    changeShift({
      actor: manager(),
      teamId: trust.ward7.id,
      shiftId: early.id,
      userId: colleague.id,
      shiftTypeId: types.L!,
      date: "2026-12-01",
      now: new Date("2026-11-29T08:30:00Z"),
    });
    removeShift({
      actor: manager(),
      teamId: trust.ward7.id,
      shiftId: late.id,
      now: new Date("2026-11-29T08:31:00Z"),
    });
    addShift({
      actor: manager(),
      teamId: trust.ward7.id,
      periodId: published,
      userId: colleague.id,
      shiftTypeId: types.E!,
      date: "2026-12-03",
      now: new Date("2026-11-29T08:32:00Z"),
    });
    const after = openMyShifts({ actor, now });
    expect(after.shifts.map((s) => [s.date, s.change])).toEqual([
      ["2026-12-01", "changed"],
      ["2026-12-03", "new"],
    ]);
    expect(after.removed).toEqual([
      { summary: "No longer working Wed 2 Dec, L (L) 13:30 to 21:30", teamName: "Ward 7" },
    ]);
    // Looking again does not clear them; marking them seen does.
    expect(openMyShifts({ actor, now }).shifts.filter((s) => s.change)).toHaveLength(2);
    markShiftsSeen({ actor, now: new Date("2026-11-29T09:00:00Z") });
    const cleared = openMyShifts({ actor, now });
    expect(cleared.shifts.filter((s) => s.change)).toHaveLength(0);
    expect(cleared.removed).toEqual([]);
  });

  it("shows who is on now and who starts next", () => {
    // 22:00 on 30 Nov: Nel is on the night; Sam's early starts next at 07:30.
    const on = whoIsOn({ actor: actorFor(trust.staff7.id), now: new Date("2026-11-30T22:00:00Z") });
    const ward = on.find((t) => t.team.name === "Ward 7")!;
    expect(ward.onNow.map((p) => [p.name, p.code, p.until])).toEqual([["Nel Night", "N", "08:00"]]);
    expect(ward.next).toMatchObject({ at: "07:30", day: "Tue 1 Dec" });
    // Cara's early that day became a late in the test above, so Sam starts alone.
    expect(ward.next!.people.map((p) => p.name)).toEqual(["Sam Staff"]);
  });
});

describe("leave that lands on shifts already on the rota", () => {
  it("takes the person out of cover and out of who is on, and tells the manager what to move", async () => {
    const nurse = await createPerson({ organisationId: trust.organisation.id, name: "Suki Sick" });
    addToTeam(nurse.id, trust.ward7.id, "staff", "Band 5 RN");
    const periodId = createRotaPeriod({
      actor: manager(),
      teamId: trust.ward7.id,
      startDate: "2027-02-01",
      endDate: "2027-02-07",
    }).periodId;
    const hca = await createPerson({ organisationId: trust.organisation.id, name: "Hal HCA" });
    addToTeam(hca.id, trust.ward7.id, "staff", "Band 3 HCA");
    shift(nurse.id, "E", "2027-02-02", periodId);
    shift(hca.id, "E", "2027-02-02", periodId);
    publishRotaPeriod({ actor: manager(), teamId: trust.ward7.id, periodId });
    const day = () =>
      teamRotaGrid({
        actor: manager(),
        teamId: trust.ward7.id,
        from: "2027-02-02",
        to: "2027-02-02",
      }).days[0]!;
    expect(day().gaps).toEqual([]);

    const { shiftsToMove } = recordSickness({
      actor: manager(),
      teamId: trust.ward7.id,
      userId: nurse.id,
      startDate: "2027-02-02",
      endDate: "2027-02-03",
    });
    expect(shiftsToMove).toEqual(["Tue 2 Feb E"]);
    // The early is now a nurse short, and the period review lists the shift to move.
    expect(day().gaps).toEqual([expect.objectContaining({ code: "E", text: "no Band 5 RN" })]);
    const review = reviewRotaPeriod({ actor: manager(), teamId: trust.ward7.id, periodId });
    expect(review.duringLeave).toMatchObject([
      { name: "Suki Sick", date: "2027-02-02", code: "E", reason: "off sick" },
    ]);
    expect(review.gaps.map((g) => g.date)).toContain("2027-02-02");
    // At 09:00 on the day Hal is on and Suki is not; Suki's own list says she is not expected.
    const at = new Date("2027-02-02T09:00:00Z");
    const ward = whoIsOn({ actor: actorFor(hca.id), now: at }).find(
      (t) => t.team.name === "Ward 7",
    )!;
    expect(ward.onNow.map((p) => p.name)).toEqual(["Hal HCA"]);
    const hers = openMyShifts({ actor: actorFor(nurse.id), now: new Date("2027-02-01T09:00:00Z") });
    expect(hers.shifts.map((s) => [s.date, s.onLeave])).toEqual([["2027-02-02", "sick"]]);
    const his = openMyShifts({ actor: actorFor(hca.id), now: new Date("2027-02-01T09:00:00Z") });
    expect(his.shifts[0]!.colleagues).toEqual([]);
  });
});
