// Issue 6, part 2: a shift left on the rota during approved leave or sickness counts as worked
// nowhere. One such rota is walked through every output (publishing, the calendar feed, who is
// on, colleagues, cover and gaps, the working-time review, the CSV export and the grid).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "~/db/connection.server";
import { notifications, rotaPeriods, shifts, shiftTypes, teams } from "~/db/schema.server";
import { setAccountActive } from "~/models/accounts/members.server";
import { newId } from "~/models/ids.server";
import { calendarFeedFor, enableCalendarFeed } from "~/models/rota/calendar-feed.server";
import { cancelLeave, decideLeave, recordSickness, requestLeave } from "~/models/rota/leave.server";
import { openMyShifts, whoIsOn } from "~/models/rota/my-shifts.server";
import { teamRotaGrid } from "~/models/rota/rota-grid.server";
import { exportRotaCsv, importRotaCsv } from "~/models/rota/rota-import.server";
import { createRotaPeriod, publishRotaPeriod } from "~/models/rota/rota-periods.server";
import { reviewRotaPeriod } from "~/models/rota/rota-review.server";
import { addShift, removeShift } from "~/models/rota/shifts.server";
import {
  action as periodAction,
  loader as periodLoader,
} from "~/routes/_app.team.$teamId.rota.$periodId._index";
import {
  actorFor,
  addToTeam,
  createPerson,
  createTwoWardTrust,
  signInAs,
} from "../../support/factories";
import { callAction, callLoader, thrownResponse, toastOf } from "../../support/requests";

let trust: Awaited<ReturnType<typeof createTwoWardTrust>>;
let amelia: { id: string; name: string; email: string };
let cara: { id: string; name: string };
const types: Record<string, string> = {};
const ward7 = () => trust.ward7.id;
const grace = () => actorFor(trust.manager7.id);

function addType(code: string, name: string, startLocal: string, endLocal: string) {
  const id = newId();
  getDb()
    .insert(shiftTypes)
    .values({
      id,
      teamId: ward7(),
      code,
      name,
      startLocal,
      endLocal,
      colour: "blue",
      paidBreakMinutes: 30,
      requirements: [{ count: 1, qualification: "Band 5 RN" }],
    })
    .run();
  return id;
}

const shift = (userId: string, code: string, date: string, periodId: string) =>
  addShift({
    actor: grace(),
    teamId: ward7(),
    periodId,
    userId,
    shiftTypeId: types[code]!,
    date,
  }).shiftId;

/** Approved annual leave for a person, asked for by them and approved by Grace. */
function approvedLeave(userId: string, startDate: string, endDate: string) {
  const { leaveId } = requestLeave({
    actor: actorFor(userId),
    teamId: ward7(),
    kind: "annual",
    startDate,
    endDate,
  });
  const { shiftsToMove } = decideLeave({
    actor: grace(),
    teamId: ward7(),
    leaveId,
    decision: "approved",
  });
  return { leaveId, shiftsToMove };
}

/** The UIDs in a person's calendar feed. */
function feedUids(token: string, now = new Date()): string[] {
  const feed = calendarFeedFor(token, now);
  if (feed === null) throw new Error("the feed answered 404");
  return [...feed.matchAll(/^UID:(.+)$/gm)].map((m) => m[1]!.trim());
}

beforeAll(async () => {
  // Requests for leave and new periods are checked against today: pin it to early December.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-12-01T09:00:00Z"));
  trust = await createTwoWardTrust();
  amelia = await createPerson({ organisationId: trust.organisation.id, name: "Amelia Hughes" });
  cara = await createPerson({ organisationId: trust.organisation.id, name: "Cara Colleague" });
  addToTeam(amelia.id, ward7(), "staff", "Band 5 RN");
  addToTeam(cara.id, ward7(), "staff", "Band 5 RN");
  // The ward checks the Working Time Regulations, so rest between shifts is reviewed.
  getDb().update(teams).set({ ruleSet: "wtr" }).where(eq(teams.id, ward7())).run();
  types.E = addType("E", "Early", "07:30", "15:30");
  types.L = addType("L", "Late", "13:30", "21:30");
});

afterAll(() => {
  vi.useRealTimers();
});

describe("a shift during approved leave, through every output", () => {
  let periodId: string;
  let sundayEarly: string;
  let token: string;

  beforeAll(() => {
    periodId = createRotaPeriod({
      actor: grace(),
      teamId: ward7(),
      startDate: "2026-12-14",
      endDate: "2026-12-27",
    }).periodId;
    sundayEarly = shift(amelia.id, "E", "2026-12-20", periodId);
    // Early, late, early, late: the late on the 22nd and the early on the 23rd leave 10 hours'
    // rest, a breach of wtr.daily-rest if those shifts were worked.
    shift(amelia.id, "E", "2026-12-21", periodId);
    shift(amelia.id, "L", "2026-12-22", periodId);
    shift(amelia.id, "E", "2026-12-23", periodId);
    shift(amelia.id, "L", "2026-12-24", periodId);
    shift(cara.id, "E", "2026-12-21", periodId);
    const { shiftsToMove } = approvedLeave(amelia.id, "2026-12-21", "2026-12-25");
    expect(shiftsToMove).toEqual(["Mon 21 Dec E", "Tue 22 Dec L", "Wed 23 Dec E", "Thu 24 Dec L"]);
    token = enableCalendarFeed({ actor: actorFor(amelia.id) }).token;
  });

  it("lists the shifts during leave in the review, and makes no working-time breach of them", () => {
    const review = reviewRotaPeriod({ actor: grace(), teamId: ward7(), periodId });
    expect(review.duringLeave.map((s) => [s.name, s.date, s.code, s.reason])).toEqual([
      ["Amelia Hughes", "2026-12-21", "E", "on leave"],
      ["Amelia Hughes", "2026-12-22", "L", "on leave"],
      ["Amelia Hughes", "2026-12-23", "E", "on leave"],
      ["Amelia Hughes", "2026-12-24", "L", "on leave"],
    ]);
    expect(review.breaches).toEqual([]);
  });

  it("counts them for no cover in the review's gaps", () => {
    const review = reviewRotaPeriod({ actor: grace(), teamId: ward7(), periodId });
    const short = (date: string) => review.gaps.filter((g) => g.date === date).map((g) => g.code);
    // Cara covers the early on the 21st; Amelia's late that day was never there.
    expect(short("2026-12-21")).toEqual(["L"]);
    expect(short("2026-12-22")).toEqual(["E", "L"]);
    expect(short("2026-12-20")).toEqual(["L"]);
  });

  it("shows the grid's manager the shift, marked as leave and not counted, with the gap", () => {
    const grid = teamRotaGrid({
      actor: grace(),
      teamId: ward7(),
      from: "2026-12-20",
      to: "2026-12-22",
    });
    const row = grid.people.find((p) => p.name === "Amelia Hughes")!;
    expect(row.cells.map((c) => [c.leave, c.shifts.map((s) => [s.code, s.counts])])).toEqual([
      [null, [["E", true]]],
      ["AL", [["E", false]]],
      ["AL", [["L", false]]],
    ]);
    expect(grid.days[2]!.gaps.map((g) => g.code)).toEqual(["E", "L"]);
  });

  it("exports each day of leave marked, and imports that file back without changing anything", () => {
    const { csv } = exportRotaCsv({ actor: grace(), teamId: ward7(), periodId });
    const [header, ...rows] = csv.trim().split("\r\n");
    const cells = (email: string) => {
      const row = rows.find((r) => r.startsWith(`${email},`))!.split(",");
      const dates = header!.split(",");
      return Object.fromEntries(dates.map((d, i) => [d, row[i]]).slice(1));
    };
    expect(cells(amelia.email)).toMatchObject({
      "2026-12-20": "E",
      "2026-12-21": "E (AL)",
      "2026-12-22": "L (AL)",
      "2026-12-24": "L (AL)",
      "2026-12-25": "(AL)",
      "2026-12-26": "",
    });
    const result = importRotaCsv({ actor: grace(), teamId: ward7(), periodId, csvText: csv });
    expect(result).toMatchObject({ ok: true, added: 0, removed: 0 });
  });

  it("stops publishing to list the shifts during leave, and publishes nothing meanwhile", async () => {
    const { cookie } = signInAs(trust.manager7.id);
    // Confirmed, but without the digest of the list it was shown (a page drawn before the leave).
    const asked = (await callAction(periodAction, {
      path: `/team/${ward7()}/rota/${periodId}`,
      form: { intent: "publish", confirmed: "yes" },
      cookie,
      params: { teamId: ward7(), periodId },
    })) as { published: { published: boolean; duringAbsence: object[] } };
    expect(asked.published.published).toBe(false);
    expect(asked.published.duringAbsence).toEqual([
      expect.objectContaining({
        name: "Amelia Hughes",
        date: "2026-12-21",
        code: "E",
        kind: "annual",
      }),
      expect.objectContaining({ date: "2026-12-22", code: "L", kind: "annual" }),
      expect.objectContaining({ date: "2026-12-23", code: "E", kind: "annual" }),
      expect.objectContaining({ date: "2026-12-24", code: "L", kind: "annual" }),
    ]);
    const period = getDb().select().from(rotaPeriods).where(eq(rotaPeriods.id, periodId)).get();
    expect(period?.status).toBe("draft");
    const told = getDb()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, amelia.id), eq(notifications.kind, "rota.published")))
      .all();
    expect(told).toEqual([]);
  });

  it("publishes when the manager sends the confirmation back", async () => {
    const { cookie } = signInAs(trust.manager7.id);
    const form = { intent: "publish", confirmed: "yes" };
    const args = {
      path: `/team/${ward7()}/rota/${periodId}`,
      cookie,
      params: { teamId: ward7(), periodId },
    };
    const asked = (await callAction(periodAction, { ...args, form })) as {
      published: { confirmation: string };
    };
    // The page's own "Publish?" question carries the same digest, so one confirmation does.
    const page = (await callLoader(periodLoader, args)) as { publishConfirmation: string };
    expect(page.publishConfirmation).toBe(asked.published.confirmation);
    const done = await thrownResponse(() =>
      callAction(periodAction, {
        ...args,
        form: { ...form, confirmation: asked.published.confirmation },
      }),
    );
    expect(done.headers.get("Location")).toBe(args.path);
    expect(toastOf(done)?.message).toBe("Published. 2 people have been told.");
    const period = getDb().select().from(rotaPeriods).where(eq(rotaPeriods.id, periodId)).get();
    expect(period?.status).toBe("published");
  });

  it("leaves the leave days out of the person's calendar feed", () => {
    expect(feedUids(token)).toEqual([`${sundayEarly}@baton`]);
  });

  it("leaves the person out of who is on", () => {
    const on = whoIsOn({ actor: actorFor(cara.id), now: new Date("2026-12-21T10:00:00Z") });
    const ward = on.find((t) => t.team.id === ward7())!;
    expect(ward.onNow.map((p) => p.name)).toEqual(["Cara Colleague"]);
  });

  it("leaves the person out of a colleague's list of who they work with", () => {
    const hers = openMyShifts({ actor: actorFor(cara.id), now: new Date("2026-12-20T09:00:00Z") });
    expect(hers.shifts.find((s) => s.date === "2026-12-21")!.colleagues).toEqual([]);
  });

  it("still shows the person their own shift, as not expected", () => {
    const mine = openMyShifts({
      actor: actorFor(amelia.id),
      now: new Date("2026-12-20T06:00:00Z"),
    });
    expect(mine.shifts.map((s) => [s.date, s.code, s.onLeave])).toEqual([
      ["2026-12-20", "E", null],
      ["2026-12-21", "E", "annual"],
      ["2026-12-22", "L", "annual"],
      ["2026-12-23", "E", "annual"],
      ["2026-12-24", "L", "annual"],
    ]);
  });
});

describe("a shift that stops counting after publishing", () => {
  let periodId: string;
  let janShift: string;
  let token: string;

  beforeAll(() => {
    periodId = createRotaPeriod({
      actor: grace(),
      teamId: ward7(),
      startDate: "2027-01-04",
      endDate: "2027-01-17",
    }).periodId;
    janShift = shift(amelia.id, "E", "2027-01-11", periodId);
    expect(publishRotaPeriod({ actor: grace(), teamId: ward7(), periodId })).toMatchObject({
      published: true,
    });
    token = enableCalendarFeed({ actor: actorFor(amelia.id) }).token;
  });

  it("leaves the feed when leave is approved over it, and comes back under the same UID when the leave is cancelled", () => {
    expect(feedUids(token)).toContain(`${janShift}@baton`);
    const { leaveId } = approvedLeave(amelia.id, "2027-01-11", "2027-01-12");
    expect(feedUids(token)).not.toContain(`${janShift}@baton`);
    cancelLeave({ actor: actorFor(amelia.id), teamId: ward7(), leaveId });
    expect(feedUids(token)).toContain(`${janShift}@baton`);
  });

  it("leaves the feed when sickness is recorded over it", () => {
    recordSickness({
      actor: grace(),
      teamId: ward7(),
      userId: amelia.id,
      startDate: "2027-01-11",
      endDate: "2027-01-11",
    });
    expect(feedUids(token)).not.toContain(`${janShift}@baton`);
  });
});

describe("publishing with shifts during absence", () => {
  it("asks again, listing the new shift, when the list changed after the manager saw it", () => {
    const periodId = createRotaPeriod({
      actor: grace(),
      teamId: ward7(),
      startDate: "2027-02-01",
      endDate: "2027-02-07",
    }).periodId;
    shift(cara.id, "E", "2027-02-02", periodId);
    shift(cara.id, "E", "2027-02-04", periodId);
    const sick = (date: string) =>
      recordSickness({
        actor: grace(),
        teamId: ward7(),
        userId: cara.id,
        startDate: date,
        endDate: date,
      });
    sick("2027-02-02");
    const first = publishRotaPeriod({ actor: grace(), teamId: ward7(), periodId });
    if (first.published) throw new Error("published without asking");
    expect(first.duringAbsence.map((s) => [s.date, s.kind])).toEqual([["2027-02-02", "sick"]]);
    sick("2027-02-04");
    const second = publishRotaPeriod({
      actor: grace(),
      teamId: ward7(),
      periodId,
      confirmation: first.confirmation,
    });
    expect(second).toMatchObject({
      published: false,
      duringAbsence: [{ date: "2027-02-02" }, { date: "2027-02-04" }],
    });
  });

  it("asks again when a listed shift moved to another day of the same sickness", () => {
    const periodId = createRotaPeriod({
      actor: grace(),
      teamId: ward7(),
      startDate: "2027-02-08",
      endDate: "2027-02-14",
    }).periodId;
    const id = shift(cara.id, "E", "2027-02-09", periodId);
    recordSickness({
      actor: grace(),
      teamId: ward7(),
      userId: cara.id,
      startDate: "2027-02-09",
      endDate: "2027-02-10",
    });
    const first = publishRotaPeriod({ actor: grace(), teamId: ward7(), periodId });
    if (first.published) throw new Error("published without asking");
    // Another manager moves it a day on, still within the sickness: same shift, same kind.
    getDb().update(shifts).set({ date: "2027-02-10" }).where(eq(shifts.id, id)).run();
    const second = publishRotaPeriod({
      actor: grace(),
      teamId: ward7(),
      periodId,
      confirmation: first.confirmation,
    });
    expect(second).toMatchObject({ published: false, duringAbsence: [{ date: "2027-02-10" }] });
  });

  it("refuses a made-up confirmation and publishes at once when nothing falls during absence", () => {
    const periodId = createRotaPeriod({
      actor: grace(),
      teamId: ward7(),
      startDate: "2027-03-01",
      endDate: "2027-03-07",
    }).periodId;
    const early = shift(cara.id, "E", "2027-03-02", periodId);
    approvedLeave(cara.id, "2027-03-02", "2027-03-02");
    expect(
      publishRotaPeriod({ actor: grace(), teamId: ward7(), periodId, confirmation: "yes" }),
    ).toMatchObject({ published: false });
    removeShift({ actor: grace(), teamId: ward7(), shiftId: early });
    expect(publishRotaPeriod({ actor: grace(), teamId: ward7(), periodId })).toEqual({
      published: true,
      told: 0,
    });
  });
});

describe("a closed account", () => {
  it("is not on, and works with nobody, while its shifts wait to be moved", () => {
    const periodId = createRotaPeriod({
      actor: grace(),
      teamId: ward7(),
      startDate: "2027-04-05",
      endDate: "2027-04-11",
    }).periodId;
    shift(amelia.id, "E", "2027-04-06", periodId);
    shift(cara.id, "E", "2027-04-06", periodId);
    publishRotaPeriod({ actor: grace(), teamId: ward7(), periodId });
    setAccountActive({ actor: actorFor(trust.admin.id), userId: amelia.id, active: false });
    const at = new Date("2027-04-06T09:00:00Z");
    const ward = whoIsOn({ actor: actorFor(cara.id), now: at }).find((t) => t.team.id === ward7())!;
    expect(ward.onNow.map((p) => p.name)).toEqual(["Cara Colleague"]);
    const hers = openMyShifts({ actor: actorFor(cara.id), now: new Date("2027-04-05T09:00:00Z") });
    expect(hers.shifts.find((s) => s.date === "2027-04-06")!.colleagues).toEqual([]);
  });
});

describe("importing an export taken before a shift during leave was removed", () => {
  it("refuses to make the shift again, naming the cell and the leave", () => {
    const periodId = createRotaPeriod({
      actor: grace(),
      teamId: ward7(),
      startDate: "2027-05-03",
      endDate: "2027-05-09",
    }).periodId;
    const early = shift(cara.id, "E", "2027-05-04", periodId);
    approvedLeave(cara.id, "2027-05-04", "2027-05-05");
    const { csv } = exportRotaCsv({ actor: grace(), teamId: ward7(), periodId });
    expect(csv).toContain("E (AL)");
    removeShift({ actor: grace(), teamId: ward7(), shiftId: early });
    const result = importRotaCsv({ actor: grace(), teamId: ward7(), periodId, csvText: csv });
    expect(result).toMatchObject({
      ok: false,
      problems: [{ column: "E", message: "Cara Colleague is on annual leave on Tue 4 May." }],
    });
  });
});
