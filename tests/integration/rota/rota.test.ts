import { and, desc, eq, isNull } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import {
  auditEvents,
  leaveRequests,
  notifications,
  rotaPatterns,
  shiftChanges,
  shifts,
  shiftTypes,
} from "~/db/schema.server";
import { removeMembership, setAccountActive } from "~/models/accounts/members.server";
import { setTeamRuleSet, updateTeam } from "~/models/accounts/teams.server";
import { newId } from "~/models/ids.server";
import { addDays } from "~/models/local-time";
import { teamRotaGrid } from "~/models/rota/rota-grid.server";
import {
  applyRotaPatterns,
  createRecurrencePattern,
  createRotaLinePatterns,
  stopRotaPattern,
} from "~/models/rota/rota-patterns.server";
import {
  createRotaPeriod,
  deleteDraftPeriod,
  getRotaPeriod,
  listRotaPeriods,
  publishRotaPeriod,
} from "~/models/rota/rota-periods.server";
import { reviewRotaPeriod } from "~/models/rota/rota-review.server";
import { addShift, changeShift, listPeriodChanges, removeShift } from "~/models/rota/shifts.server";
import { action as patternsAction } from "~/routes/_app.team.$teamId.patterns";
import {
  actorFor,
  addToTeam,
  createPerson,
  createTwoWardTrust,
  signInAs,
} from "../../support/factories";
import { callAction } from "../../support/requests";

let trust: Awaited<ReturnType<typeof createTwoWardTrust>>;
const types: Record<string, string> = {};

function addType(
  teamId: string,
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
      teamId,
      code,
      name: { E: "Early", L: "Late", N: "Night", LD: "Long day" }[code] ?? code,
      startLocal,
      endLocal,
      paidBreakMinutes: 30,
      colour: "blue",
      requirements,
    })
    .run();
  return id;
}

const manager = () => actorFor(trust.manager7.id);
const staff = () => actorFor(trust.staff7.id);
const ward7 = () => trust.ward7.id;

function expect404(run: () => unknown) {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(Response);
  expect((thrown as Response).status).toBe(404);
}

function liveShifts(periodId: string) {
  return getDb()
    .select()
    .from(shifts)
    .where(and(eq(shifts.rotaPeriodId, periodId), isNull(shifts.removedAt)))
    .all();
}

beforeAll(async () => {
  trust = await createTwoWardTrust();
  types.E = addType(trust.ward7.id, "E", "07:30", "15:30", [
    { count: 2, qualification: "Band 5 RN" },
  ]);
  types.L = addType(trust.ward7.id, "L", "13:30", "21:30");
  types.N = addType(trust.ward7.id, "N", "20:00", "08:00", [
    { count: 1, qualification: "Band 5 RN" },
  ]);
  types.LD = addType(trust.ward7.id, "LD", "07:30", "20:30");
  types.other = addType(trust.ward12.id, "E", "07:00", "15:00");
});

describe("rota periods", () => {
  it("lets a manager draft a period that their staff and other wards cannot see", () => {
    const { periodId } = createRotaPeriod({
      actor: manager(),
      teamId: ward7(),
      startDate: "2027-01-04",
      endDate: "2027-01-31",
    });
    expect(
      listRotaPeriods({ actor: manager(), teamId: ward7() }).periods.map((p) => p.id),
    ).toContain(periodId);
    expect(
      listRotaPeriods({ actor: staff(), teamId: ward7() }).periods.map((p) => p.id),
    ).not.toContain(periodId);
    expect404(() => getRotaPeriod({ actor: staff(), teamId: ward7(), periodId }));
    expect404(() =>
      getRotaPeriod({ actor: actorFor(trust.manager12.id), teamId: ward7(), periodId }),
    );
    // Another ward's manager naming their own team with this period's id finds nothing either.
    expect404(() =>
      getRotaPeriod({ actor: actorFor(trust.manager12.id), teamId: trust.ward12.id, periodId }),
    );
    deleteDraftPeriod({ actor: manager(), teamId: ward7(), periodId });
  });

  it("refuses staff creating a period, and periods that overlap or run backwards", () => {
    expect404(() =>
      createRotaPeriod({
        actor: staff(),
        teamId: ward7(),
        startDate: "2027-03-01",
        endDate: "2027-03-28",
      }),
    );
    const { periodId } = createRotaPeriod({
      actor: manager(),
      teamId: ward7(),
      startDate: "2027-03-01",
      endDate: "2027-03-28",
    });
    expect(() =>
      createRotaPeriod({
        actor: manager(),
        teamId: ward7(),
        startDate: "2027-03-28",
        endDate: "2027-04-04",
      }),
    ).toThrow(/overlap/);
    expect(() =>
      createRotaPeriod({
        actor: manager(),
        teamId: ward7(),
        startDate: "2027-05-10",
        endDate: "2027-05-01",
      }),
    ).toThrow(/on or after/);
    expect(() =>
      createRotaPeriod({
        actor: manager(),
        teamId: ward7(),
        startDate: "2027-02-30",
        endDate: "2027-03-01",
      }),
    ).toThrow(/real date/);
    expect(() =>
      createRotaPeriod({
        actor: manager(),
        teamId: ward7(),
        startDate: "2027-06-01",
        endDate: "2027-09-30",
      }),
    ).toThrow(/at most 12 weeks/);
    deleteDraftPeriod({ actor: manager(), teamId: ward7(), periodId });
  });
});

describe("single shifts", () => {
  let periodId: string;
  beforeEach(() => {
    periodId = createRotaPeriod({
      actor: manager(),
      teamId: ward7(),
      startDate: "2026-10-19",
      endDate: "2026-11-15",
    }).periodId;
    return () => deleteDraftPeriod({ actor: manager(), teamId: ward7(), periodId });
  });

  it("says a shift's date does not exist rather than moving it to the next day", () => {
    expect(() =>
      addShift({
        actor: manager(),
        teamId: ward7(),
        periodId,
        userId: trust.staff7.id,
        shiftTypeId: types.E!,
        date: "2026-10-32",
      }),
    ).toThrow("32 October 2026 does not exist. Enter the date as a real date.");
    expect(liveShifts(periodId)).toEqual([]);
  });

  it("stores a night across the October clock change as 13 real hours", () => {
    const { shiftId } = addShift({
      actor: manager(),
      teamId: ward7(),
      periodId,
      userId: trust.staff7.id,
      shiftTypeId: types.N!,
      date: "2026-10-24",
    });
    const row = getDb().select().from(shifts).where(eq(shifts.id, shiftId)).get()!;
    expect(row.startsAt.toISOString()).toBe("2026-10-24T19:00:00.000Z");
    expect(row.endsAt.toISOString()).toBe("2026-10-25T08:00:00.000Z");
  });

  it("refuses a shift that overlaps another of the person's shifts, naming it", () => {
    addShift({
      actor: manager(),
      teamId: ward7(),
      periodId,
      userId: trust.staff7.id,
      shiftTypeId: types.N!,
      date: "2026-11-02",
    });
    // The night ends 08:00 on the 3rd; an early from 07:30 overlaps it.
    expect(() =>
      addShift({
        actor: manager(),
        teamId: ward7(),
        periodId,
        userId: trust.staff7.id,
        shiftTypeId: types.E!,
        date: "2026-11-03",
      }),
    ).toThrow("Sam Staff already works N on Mon 2 Nov at that time.");
    // Back to back is fine: a late the same day as an early that ends when it starts would be.
    expect(() =>
      addShift({
        actor: manager(),
        teamId: ward7(),
        periodId,
        userId: trust.staff7.id,
        shiftTypeId: types.L!,
        date: "2026-11-03",
      }),
    ).not.toThrow();
  });

  it("refuses a shift during approved leave but not during a request still waiting", () => {
    getDb()
      .insert(leaveRequests)
      .values([
        {
          id: newId(),
          teamId: ward7(),
          userId: trust.staff7.id,
          kind: "annual",
          startDate: "2026-11-09",
          endDate: "2026-11-10",
          status: "approved",
          requestedByUserId: trust.staff7.id,
        },
        {
          id: newId(),
          teamId: ward7(),
          userId: trust.staff7.id,
          kind: "study",
          startDate: "2026-11-12",
          endDate: "2026-11-12",
          status: "requested",
          requestedByUserId: trust.staff7.id,
        },
      ])
      .run();
    expect(() =>
      addShift({
        actor: manager(),
        teamId: ward7(),
        periodId,
        userId: trust.staff7.id,
        shiftTypeId: types.E!,
        date: "2026-11-10",
      }),
    ).toThrow("Sam Staff is on annual leave on Tue 10 Nov.");
    expect(() =>
      addShift({
        actor: manager(),
        teamId: ward7(),
        periodId,
        userId: trust.staff7.id,
        shiftTypeId: types.E!,
        date: "2026-11-12",
      }),
    ).not.toThrow();
    getDb().delete(leaveRequests).where(eq(leaveRequests.userId, trust.staff7.id)).run();
  });

  it("refuses dates outside the period, other teams' shift types and people, and staff", () => {
    const base = {
      actor: manager(),
      teamId: ward7(),
      periodId,
      userId: trust.staff7.id,
      shiftTypeId: types.E!,
    };
    expect(() => addShift({ ...base, date: "2026-11-16" })).toThrow(/inside this rota period/);
    expect(() => addShift({ ...base, shiftTypeId: types.other!, date: "2026-11-02" })).toThrow(
      /team's shift types/,
    );
    expect(() => addShift({ ...base, userId: trust.staff12.id, date: "2026-11-02" })).toThrow(
      /person in this team/,
    );
    expect404(() => addShift({ ...base, actor: staff(), date: "2026-11-02" }));
    expect(liveShifts(periodId)).toHaveLength(0);
  });

  it("keeps a manager of another ward away from this ward's shifts", () => {
    const { shiftId } = addShift({
      actor: manager(),
      teamId: ward7(),
      periodId,
      userId: trust.staff7.id,
      shiftTypeId: types.E!,
      date: "2026-11-04",
    });
    const other = actorFor(trust.manager12.id);
    expect404(() => removeShift({ actor: other, teamId: ward7(), shiftId }));
    expect404(() => removeShift({ actor: other, teamId: trust.ward12.id, shiftId }));
    expect(liveShifts(periodId)).toHaveLength(1);
  });
});

describe("patterns", () => {
  it("says the weekly form's last date does not exist, and saves nothing", async () => {
    const { cookie } = signInAs(trust.manager7.id);
    const result = await callAction(patternsAction, {
      path: `/team/${ward7()}/patterns`,
      params: { teamId: ward7() },
      cookie,
      form: {
        intent: "weekly",
        userId: trust.staff7.id,
        shiftTypeId: types.E!,
        startDate: "2027-04-05",
        days: "MO",
        untilDate: "2027-04-31",
      },
    });
    expect(result).toEqual({
      errors: [
        {
          field: "untilDate",
          message: "31 April 2027 does not exist. Enter the last date of the pattern.",
        },
      ],
      done: null,
    });
    expect(
      getDb().select().from(rotaPatterns).where(eq(rotaPatterns.teamId, ward7())).all(),
    ).toEqual([]);
  });

  it("skips a pattern whose saved UNTIL no longer parses after its shift type moved, and fills the rest", () => {
    const { periodId } = createRotaPeriod({
      actor: manager(),
      teamId: ward7(),
      startDate: "2027-10-11",
      endDate: "2027-10-17",
    });
    // A late with its own pattern, so that something is still filled.
    const late = createRecurrencePattern({
      actor: manager(),
      teamId: ward7(),
      userId: trust.staff7.id,
      shiftTypeId: types.L!,
      rule: "FREQ=WEEKLY;BYDAY=TH;COUNT=1",
      startDate: "2027-10-14",
    });
    // 06:45 UTC is 07:45 BST: the 07:30 early on 11 October starts before it, so it is valid...
    const early = getDb().select().from(shiftTypes).where(eq(shiftTypes.id, types.E!)).get()!;
    const daily = createRecurrencePattern({
      actor: manager(),
      teamId: ward7(),
      userId: trust.staff7.id,
      shiftTypeId: types.E!,
      rule: "FREQ=DAILY;UNTIL=20271011T064500Z",
      startDate: "2027-10-11",
    });
    // ...until the early moves to 08:00, after the UNTIL: the saved rule then ends before it starts.
    getDb()
      .update(shiftTypes)
      .set({ startLocal: "08:00" })
      .where(eq(shiftTypes.id, early.id))
      .run();
    try {
      const result = applyRotaPatterns({ actor: manager(), teamId: ward7(), periodId });
      expect(result.added).toBe(1);
      expect(result.skipped).toEqual([
        expect.objectContaining({
          date: "2027-10-11",
          code: "E",
          reason: expect.stringMatching(/repeat rule no longer works/),
        }),
      ]);
    } finally {
      getDb()
        .update(shiftTypes)
        .set({ startLocal: early.startLocal })
        .where(eq(shiftTypes.id, early.id))
        .run();
      deleteDraftPeriod({ actor: manager(), teamId: ward7(), periodId });
      for (const { patternId } of [late, daily])
        getDb().delete(rotaPatterns).where(eq(rotaPatterns.id, patternId)).run();
    }
  });

  it("ends a pattern at an UNTIL written in UTC as an instant, in the team's zone", () => {
    const { periodId } = createRotaPeriod({
      actor: manager(),
      teamId: ward7(),
      startDate: "2027-09-13",
      endDate: "2027-09-19",
    });
    // 06:29:59 UTC on 15 September is 07:29:59 BST: that day's 07:30 early starts after it.
    createRecurrencePattern({
      actor: manager(),
      teamId: ward7(),
      userId: trust.staff7.id,
      shiftTypeId: types.E!,
      rule: "FREQ=DAILY;UNTIL=20270915T062959Z",
      startDate: "2027-09-13",
    });
    applyRotaPatterns({ actor: manager(), teamId: ward7(), periodId });
    expect(
      liveShifts(periodId)
        .map((s) => s.date)
        .sort(),
    ).toEqual(["2027-09-13", "2027-09-14"]);
    expect(() =>
      createRecurrencePattern({
        actor: manager(),
        teamId: ward7(),
        userId: trust.staff7.id,
        shiftTypeId: types.E!,
        rule: "FREQ=DAILY;UNTIL=20270931",
        startDate: "2027-09-13",
      }),
    ).toThrow("31 September 2027 does not exist.");
    deleteDraftPeriod({ actor: manager(), teamId: ward7(), periodId });
    getDb().delete(rotaPatterns).where(eq(rotaPatterns.teamId, ward7())).run();
  });

  it("fills a draft from a weekly rule and rota lines, and re-applying adds nothing", async () => {
    const nurse = await createPerson({ organisationId: trust.organisation.id, name: "Nia Nurse" });
    const hca = await createPerson({ organisationId: trust.organisation.id, name: "Harry HCA" });
    addToTeam(nurse.id, ward7(), "staff", "Band 5 RN");
    addToTeam(hca.id, ward7(), "staff", "Band 2 HCA");
    const { periodId } = createRotaPeriod({
      actor: manager(),
      teamId: ward7(),
      startDate: "2027-02-01",
      endDate: "2027-02-28",
    });
    const { patternId } = createRecurrencePattern({
      actor: manager(),
      teamId: ward7(),
      userId: nurse.id,
      shiftTypeId: types.E!,
      rule: "FREQ=WEEKLY;BYDAY=MO,TU;UNTIL=20270630",
      startDate: "2027-02-01",
    });
    createRotaLinePatterns({
      actor: manager(),
      teamId: ward7(),
      linesText: "L L - - - - -\n- - N N - - -",
      cycleStart: "2027-02-01",
      userIds: [hca.id, trust.staff7.id],
    });
    const first = applyRotaPatterns({ actor: manager(), teamId: ward7(), periodId });
    // Nia: 8 earlies; Harry: lines 1,2,1,2 = 2+2+2+2; Sam: lines 2,1,2,1 = 8.
    expect(first).toEqual({ added: 24, skipped: [] });
    const harry = liveShifts(periodId)
      .filter((s) => s.userId === hca.id)
      .map((s) => s.date)
      .sort();
    expect(harry).toEqual([
      "2027-02-01",
      "2027-02-02",
      "2027-02-10",
      "2027-02-11",
      "2027-02-15",
      "2027-02-16",
      "2027-02-24",
      "2027-02-25",
    ]);

    // Move one of Nia's earlies and remove another: re-applying brings back neither.
    const niaShifts = liveShifts(periodId)
      .filter((s) => s.patternId === patternId)
      .sort((a, b) => a.date.localeCompare(b.date));
    changeShift({
      actor: manager(),
      teamId: ward7(),
      shiftId: niaShifts[0]!.id,
      userId: nurse.id,
      shiftTypeId: types.L!,
      date: "2027-02-03",
    });
    removeShift({ actor: manager(), teamId: ward7(), shiftId: niaShifts[1]!.id });
    expect(applyRotaPatterns({ actor: manager(), teamId: ward7(), periodId })).toEqual({
      added: 0,
      skipped: [],
    });
    expect(liveShifts(periodId)).toHaveLength(23);

    // A stopped pattern makes nothing in the next period; the others carry on.
    stopRotaPattern({ actor: manager(), teamId: ward7(), patternId });
    const next = createRotaPeriod({
      actor: manager(),
      teamId: ward7(),
      startDate: "2027-03-01",
      endDate: "2027-03-14",
    });
    const second = applyRotaPatterns({
      actor: manager(),
      teamId: ward7(),
      periodId: next.periodId,
    });
    expect(second.added).toBe(8);
    expect(liveShifts(next.periodId).some((s) => s.userId === nurse.id)).toBe(false);
    for (const id of [periodId, next.periodId])
      deleteDraftPeriod({ actor: manager(), teamId: ward7(), periodId: id });
    getDb().delete(rotaPatterns).where(eq(rotaPatterns.teamId, ward7())).run();
  });

  it("skips occurrences on leave or clashing with a shift already there, and says why", () => {
    const { periodId } = createRotaPeriod({
      actor: manager(),
      teamId: ward7(),
      startDate: "2027-04-05",
      endDate: "2027-04-11",
    });
    createRecurrencePattern({
      actor: manager(),
      teamId: ward7(),
      userId: trust.staff7.id,
      shiftTypeId: types.E!,
      rule: "FREQ=DAILY;COUNT=7",
      startDate: "2027-04-05",
    });
    getDb()
      .insert(leaveRequests)
      .values({
        id: newId(),
        teamId: ward7(),
        userId: trust.staff7.id,
        kind: "sick",
        startDate: "2027-04-07",
        endDate: "2027-04-07",
        status: "approved",
        requestedByUserId: trust.manager7.id,
      })
      .run();
    addShift({
      actor: manager(),
      teamId: ward7(),
      periodId,
      userId: trust.staff7.id,
      shiftTypeId: types.N!,
      date: "2027-04-08",
    });
    const result = applyRotaPatterns({ actor: manager(), teamId: ward7(), periodId });
    expect(result.added).toBe(5);
    expect(result.skipped).toEqual([
      { name: "Sam Staff", date: "2027-04-07", code: "E", reason: "on leave" },
      { name: "Sam Staff", date: "2027-04-09", code: "E", reason: "already works N then" },
    ]);
    deleteDraftPeriod({ actor: manager(), teamId: ward7(), periodId });
    getDb().delete(rotaPatterns).where(eq(rotaPatterns.teamId, ward7())).run();
  });

  it("refuses bad rules and lines with a message that says what to fix", () => {
    const base = {
      actor: manager(),
      teamId: ward7(),
      userId: trust.staff7.id,
      shiftTypeId: types.E!,
      startDate: "2027-04-05",
    };
    expect(() => createRecurrencePattern({ ...base, rule: "FREQ=WEEKLY;BYDAY=MO" })).toThrow(
      /COUNT|UNTIL/,
    );
    expect(() => createRecurrencePattern({ ...base, rule: "nonsense" })).toThrow(
      /could not be read/,
    );
    const lines = {
      actor: manager(),
      teamId: ward7(),
      cycleStart: "2027-04-05",
      userIds: [trust.staff7.id],
    };
    expect(() => createRotaLinePatterns({ ...lines, linesText: "E E L L - -" })).toThrow(
      /Line 1 has 6 days/,
    );
    expect(() => createRotaLinePatterns({ ...lines, linesText: "E E Q L - - -" })).toThrow(
      `Line 1, Wed: no shift type has the code "Q".`,
    );
    expect(() =>
      createRotaLinePatterns({ ...lines, linesText: "E E L L - - -", cycleStart: "2027-04-06" }),
    ).toThrow(/Monday/);
    expect(
      getDb().select().from(rotaPatterns).where(eq(rotaPatterns.teamId, ward7())).all(),
    ).toHaveLength(0);
  });
});

describe("publishing and changing a published rota", () => {
  it("tells each person with shifts, once, and then records and tells every change", () => {
    const { periodId } = createRotaPeriod({
      actor: manager(),
      teamId: ward7(),
      startDate: "2027-06-07",
      endDate: "2027-06-20",
    });
    const a = addShift({
      actor: manager(),
      teamId: ward7(),
      periodId,
      userId: trust.staff7.id,
      shiftTypeId: types.E!,
      date: "2027-06-08",
    });
    addShift({
      actor: manager(),
      teamId: ward7(),
      periodId,
      userId: trust.staff7.id,
      shiftTypeId: types.E!,
      date: "2027-06-09",
    });
    const before = getDb()
      .select()
      .from(notifications)
      .where(eq(notifications.userId, trust.staff7.id))
      .all().length;
    expect(publishRotaPeriod({ actor: manager(), teamId: ward7(), periodId })).toEqual({
      published: true,
      told: 1,
    });
    expect(() => publishRotaPeriod({ actor: manager(), teamId: ward7(), periodId })).toThrow(
      /already published/,
    );
    const mine = getDb()
      .select()
      .from(notifications)
      .where(eq(notifications.userId, trust.staff7.id))
      .orderBy(desc(notifications.createdAt))
      .all();
    expect(mine.length).toBe(before + 1);
    expect(mine[0]).toMatchObject({
      kind: "rota.published",
      body: expect.stringContaining("You have 2 shifts."),
    });
    // Staff now see it.
    expect(getRotaPeriod({ actor: staff(), teamId: ward7(), periodId }).period.status).toBe(
      "published",
    );

    changeShift({
      actor: manager(),
      teamId: ward7(),
      shiftId: a.shiftId,
      userId: trust.staff7.id,
      shiftTypeId: types.L!,
      date: "2027-06-08",
    });
    const changed = getDb()
      .select()
      .from(notifications)
      .where(eq(notifications.userId, trust.staff7.id))
      .orderBy(desc(notifications.createdAt))
      .get();
    expect(changed).toMatchObject({
      kind: "shift.changed",
      title: "Your shift on Tue 8 Jun changed",
      body: "Now Tue 8 Jun, Late (L) 13:30 to 21:30; was Tue 8 Jun, Early (E) 07:30 to 15:30 (Ward 7)",
    });
    // Reassigning tells both people; removing tells the person.
    changeShift({
      actor: manager(),
      teamId: ward7(),
      shiftId: a.shiftId,
      userId: trust.manager7.id,
      shiftTypeId: types.L!,
      date: "2027-06-08",
    });
    removeShift({ actor: manager(), teamId: ward7(), shiftId: a.shiftId });
    const history = listPeriodChanges({ actor: manager(), teamId: ward7(), periodId });
    expect(history.map((h) => [h.kind, h.person, h.by])).toEqual(
      expect.arrayContaining([
        ["changed", "Sam Staff", "Mo Manager"],
        ["removed", "Sam Staff", "Mo Manager"],
        ["added", "Mo Manager", "Mo Manager"],
        ["removed", "Mo Manager", "Mo Manager"],
      ]),
    );
    expect(history).toHaveLength(4);
    expect(
      getDb().select().from(shiftChanges).where(eq(shiftChanges.rotaPeriodId, periodId)).all(),
    ).toHaveLength(4);
    const audited = getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, a.shiftId))
      .all()
      .map((e) => e.action);
    expect(audited).toEqual(["shift.changed", "shift.removed", "shift.added", "shift.removed"]);
    expect(() => deleteDraftPeriod({ actor: manager(), teamId: ward7(), periodId })).toThrow(
      /published rota cannot be deleted/,
    );
    expect404(() => listPeriodChanges({ actor: staff(), teamId: ward7(), periodId }));
  });

  it("changes nothing quietly in a draft: no notifications, no change records", () => {
    const { periodId } = createRotaPeriod({
      actor: manager(),
      teamId: ward7(),
      startDate: "2027-07-05",
      endDate: "2027-07-11",
    });
    const count = () =>
      getDb().select().from(notifications).where(eq(notifications.userId, trust.staff7.id)).all()
        .length;
    const before = count();
    const { shiftId } = addShift({
      actor: manager(),
      teamId: ward7(),
      periodId,
      userId: trust.staff7.id,
      shiftTypeId: types.E!,
      date: "2027-07-06",
    });
    removeShift({ actor: manager(), teamId: ward7(), shiftId });
    expect(count()).toBe(before);
    expect(
      getDb().select().from(shiftChanges).where(eq(shiftChanges.rotaPeriodId, periodId)).all(),
    ).toHaveLength(0);
    deleteDraftPeriod({ actor: manager(), teamId: ward7(), periodId });
  });
});

describe("people who leave", () => {
  it("takes a removed member off the rota from now on, recording it in a published period", async () => {
    const leaver = await createPerson({
      organisationId: trust.organisation.id,
      name: "Lee Leaver",
    });
    const { id: membershipId } = addToTeam(leaver.id, ward7(), "staff", "Band 5 RN");
    const { periodId } = createRotaPeriod({
      actor: manager(),
      teamId: ward7(),
      startDate: "2027-10-04",
      endDate: "2027-10-10",
    });
    addShift({
      actor: manager(),
      teamId: ward7(),
      periodId,
      userId: leaver.id,
      shiftTypeId: types.E!,
      date: "2027-10-05",
    });
    createRecurrencePattern({
      actor: manager(),
      teamId: ward7(),
      userId: leaver.id,
      shiftTypeId: types.L!,
      rule: "FREQ=WEEKLY;COUNT=10",
      startDate: "2027-10-07",
    });
    publishRotaPeriod({ actor: manager(), teamId: ward7(), periodId });
    removeMembership({ actor: manager(), teamId: ward7(), membershipId });
    expect(liveShifts(periodId).filter((s) => s.userId === leaver.id)).toEqual([]);
    const history = listPeriodChanges({ actor: manager(), teamId: ward7(), periodId });
    expect(history[0]).toMatchObject({
      kind: "removed",
      person: "Lee Leaver",
      summary: expect.stringContaining("left the team"),
    });
    const patterns = getDb()
      .select()
      .from(rotaPatterns)
      .where(eq(rotaPatterns.userId, leaver.id))
      .all();
    expect(patterns.every((p) => p.stoppedAt !== null)).toBe(true);
  });

  it("keeps a deactivated person's shifts in the grid, counting for no cover, until moved", async () => {
    const away = await createPerson({
      organisationId: trust.organisation.id,
      name: "Dee Deactivated",
    });
    addToTeam(away.id, ward7(), "staff", "Band 5 RN");
    const idle = await createPerson({ organisationId: trust.organisation.id, name: "Ida Idle" });
    addToTeam(idle.id, ward7(), "staff", "Band 5 RN");
    const { periodId } = createRotaPeriod({
      actor: manager(),
      teamId: ward7(),
      startDate: "2027-11-01",
      endDate: "2027-11-07",
    });
    addShift({
      actor: manager(),
      teamId: ward7(),
      periodId,
      userId: away.id,
      shiftTypeId: types.N!,
      date: "2027-11-01",
    });
    setAccountActive({ actor: manager(), userId: away.id, active: false });
    setAccountActive({ actor: manager(), userId: idle.id, active: false });
    const grid = teamRotaGrid({
      actor: manager(),
      teamId: ward7(),
      from: "2027-11-01",
      to: "2027-11-07",
    });
    expect(grid.people.find((p) => p.name === "Dee Deactivated")).toMatchObject({
      deactivated: true,
    });
    expect(grid.people.find((p) => p.name === "Ida Idle")).toBeUndefined();
    // The night needs a Band 5 RN; Dee's account is off, so it is short.
    expect(grid.days[0]!.gaps).toContainEqual(
      expect.objectContaining({ code: "N", text: "no Band 5 RN" }),
    );
    deleteDraftPeriod({ actor: manager(), teamId: ward7(), periodId });
  });
});

describe("review before publishing", () => {
  it("lists coverage gaps per day and shift, and working-time breaches per person", () => {
    const { periodId } = createRotaPeriod({
      actor: manager(),
      teamId: ward7(),
      startDate: "2027-08-02",
      endDate: "2027-08-08",
    });
    setTeamRuleSet({ actor: manager(), teamId: ward7(), ruleSet: "tcs2016" });
    // Sam (Band 5 RN) works long days Monday to Friday: 5 shifts of 13 h, more than 4 in a row.
    for (const date of ["2027-08-02", "2027-08-03", "2027-08-04", "2027-08-05", "2027-08-06"]) {
      addShift({
        actor: manager(),
        teamId: ward7(),
        periodId,
        userId: trust.staff7.id,
        shiftTypeId: types.LD!,
        date,
      });
    }
    const first = addShift({
      actor: manager(),
      teamId: ward7(),
      periodId,
      userId: trust.staff7.id,
      shiftTypeId: types.N!,
      date: "2027-08-08",
    });
    // The night makes 77 h in 168 h and a sixth long shift in a row, and its shift type plans
    // one 30-minute break where a 12-hour shift needs two: the manager is warned of all three.
    expect(first.warnings.map((b) => b.rule)).toEqual([
      "tcs2016.max-168",
      "tcs2016.long-shifts",
      "tcs2016.breaks",
    ]);
    const review = reviewRotaPeriod({ actor: manager(), teamId: ward7(), periodId });
    const sam = review.breaches.find((p) => p.name === "Sam Staff");
    expect(sam?.breaches.map((b) => b.rule)).toContain("tcs2016.long-shifts");
    // Earlies need 2 Band 5 RN and nobody works one; the one night has its nurse.
    const earlyGaps = review.gaps.filter((g) => g.code === "E");
    expect(earlyGaps).toHaveLength(7);
    expect(earlyGaps[0]!.gaps).toEqual([{ qualification: "Band 5 RN", need: 2, have: 0 }]);
    expect(review.gaps.filter((g) => g.code === "N").map((g) => g.date)).not.toContain(
      "2027-08-08",
    );
    setTeamRuleSet({ actor: manager(), teamId: ward7(), ruleSet: null });
    expect(reviewRotaPeriod({ actor: manager(), teamId: ward7(), periodId }).breaches).toEqual([]);
    expect404(() => reviewRotaPeriod({ actor: staff(), teamId: ward7(), periodId }));
    deleteDraftPeriod({ actor: manager(), teamId: ward7(), periodId });
  });

  it("warns when an edit makes a breach", () => {
    setTeamRuleSet({ actor: manager(), teamId: ward7(), ruleSet: "tcs2016" });
    const { periodId } = createRotaPeriod({
      actor: manager(),
      teamId: ward7(),
      startDate: "2027-09-06",
      endDate: "2027-09-12",
    });
    addShift({
      actor: manager(),
      teamId: ward7(),
      periodId,
      userId: trust.staff7.id,
      shiftTypeId: types.L!,
      date: "2027-09-06",
    });
    // A late ends 21:30; an early the next day at 07:30 leaves 10 h of rest.
    const result = addShift({
      actor: manager(),
      teamId: ward7(),
      periodId,
      userId: trust.staff7.id,
      shiftTypeId: types.E!,
      date: "2027-09-07",
    });
    expect(result.warnings.map((b) => b.rule)).toEqual(["tcs2016.rest"]);
    setTeamRuleSet({ actor: manager(), teamId: ward7(), ruleSet: null });
    deleteDraftPeriod({ actor: manager(), teamId: ward7(), periodId });
  });

  it("averages a night worker's hours over the period alone, not the weeks around it", () => {
    setTeamRuleSet({ actor: manager(), teamId: ward7(), ruleSet: "wtr" });
    const period = (startDate: string, endDate: string) =>
      createRotaPeriod({ actor: manager(), teamId: ward7(), startDate, endDate }).periodId;
    const before = period("2028-05-01", "2028-05-28");
    const reviewed = period("2028-05-29", "2028-06-25");
    // Nights (20:00-08:00) Monday to Thursday: 16 in the first period, 15 in the second. The
    // second alone averages 180 h / (28 - 4) days = 7.5 h in 24; the first's must not be added.
    const mondays = (first: string) => [0, 7, 14, 21].map((d) => addDays(first, d));
    const nights = [
      ...mondays("2028-05-01").flatMap((monday) =>
        [0, 1, 2, 3].map((d) => ({ periodId: before, date: addDays(monday, d) })),
      ),
      ...mondays("2028-05-29")
        .flatMap((monday) =>
          [0, 1, 2, 3].map((d) => ({ periodId: reviewed, date: addDays(monday, d) })),
        )
        .slice(1),
    ];
    for (const { periodId, date } of nights) {
      addShift({
        actor: manager(),
        teamId: ward7(),
        periodId,
        userId: trust.staff7.id,
        shiftTypeId: types.N!,
        date,
      });
    }
    const review = reviewRotaPeriod({ actor: manager(), teamId: ward7(), periodId: reviewed });
    const sam = review.breaches.find((p) => p.name === "Sam Staff");
    expect(sam?.breaches.map((b) => b.rule) ?? []).not.toContain("wtr.night-average");
    setTeamRuleSet({ actor: manager(), teamId: ward7(), ruleSet: null });
    for (const periodId of [before, reviewed])
      deleteDraftPeriod({ actor: manager(), teamId: ward7(), periodId });
  });

  it("lets only the team's managers choose the rule set", () => {
    expect404(() => setTeamRuleSet({ actor: staff(), teamId: ward7(), ruleSet: "wtr" }));
    expect(() =>
      setTeamRuleSet({ actor: manager(), teamId: ward7(), ruleSet: "nhs-magic" }),
    ).toThrow(/rule sets/);
  });
});

describe("the team's time zone", () => {
  it("cannot change under shifts still to come, and can once there are none", () => {
    const admin = actorFor(trust.admin.id);
    const { periodId } = createRotaPeriod({
      actor: manager(),
      teamId: ward7(),
      startDate: "2028-01-03",
      endDate: "2028-01-09",
    });
    const { shiftId } = addShift({
      actor: manager(),
      teamId: ward7(),
      periodId,
      userId: trust.staff7.id,
      shiftTypeId: types.E!,
      date: "2028-01-04",
    });
    expect(() =>
      updateTeam({ actor: admin, teamId: ward7(), name: "Ward 7", timeZone: "Europe/Dublin" }),
    ).toThrow(/cannot change while the team has shifts still to come/);
    // Renaming alone is fine.
    expect(() =>
      updateTeam({ actor: admin, teamId: ward7(), name: "Ward 7", timeZone: "Europe/London" }),
    ).not.toThrow();
    removeShift({ actor: manager(), teamId: ward7(), shiftId });
    deleteDraftPeriod({ actor: manager(), teamId: ward7(), periodId });
  });
});
