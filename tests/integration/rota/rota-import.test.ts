import { and, eq, isNull } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import {
  auditEvents,
  leaveRequests,
  memberships,
  rotaPatterns,
  shifts,
  shiftTypes,
  users,
} from "~/db/schema.server";
import { newId } from "~/models/ids.server";
import { exportRotaCsv, importRotaCsv } from "~/models/rota/rota-import.server";
import { applyRotaPatterns, createRecurrencePattern } from "~/models/rota/rota-patterns.server";
import {
  createRotaPeriod,
  deleteDraftPeriod,
  publishRotaPeriod,
} from "~/models/rota/rota-periods.server";
import { addShift } from "~/models/rota/shifts.server";
import {
  action as importAction,
  loader as importLoader,
} from "~/routes/_app.team.$teamId.rota.$periodId.import";
import { loader as csvLoader } from "~/routes/_app.team.$teamId.rota.$periodId[.]csv";
import {
  actorFor,
  addToTeam,
  createPerson,
  createTwoWardTrust,
  signInAs,
} from "../../support/factories";
import { context, ORIGIN, postRequest, thrownResponse, toastOf } from "../../support/requests";

let trust: Awaited<ReturnType<typeof createTwoWardTrust>>;
let dual: { id: string; email: string; name: string };
let leaver: { id: string; email: string; name: string };
const types: Record<string, string> = {};

function addType(teamId: string, code: string, name: string, startLocal: string, endLocal: string) {
  const id = newId();
  getDb()
    .insert(shiftTypes)
    .values({ id, teamId, code, name, startLocal, endLocal, colour: "blue" })
    .run();
  return id;
}

const manager = () => actorFor(trust.manager7.id);
const ward7 = () => trust.ward7.id;

beforeAll(async () => {
  trust = await createTwoWardTrust();
  types.E = addType(trust.ward7.id, "E", "Early", "07:30", "15:30");
  types.L = addType(trust.ward7.id, "L", "Late", "13:30", "21:30");
  types.N = addType(trust.ward7.id, "N", "Night", "20:00", "08:00");
  types.OLD = addType(trust.ward7.id, "OLD", "Twilight", "09:00", "17:00");
  getDb()
    .update(shiftTypes)
    .set({ archivedAt: new Date() })
    .where(eq(shiftTypes.id, types.OLD))
    .run();
  types.other = addType(trust.ward12.id, "E", "Early", "07:00", "15:00");
  // Works on both wards: the clash check must see the other ward's shifts.
  dual = await createPerson({ organisationId: trust.organisation.id, name: "Dee Dual" });
  addToTeam(dual.id, trust.ward7.id);
  addToTeam(dual.id, trust.ward12.id);
  leaver = await createPerson({ organisationId: trust.organisation.id, name: "Lee Leaver" });
  addToTeam(leaver.id, trust.ward7.id);
  getDb().update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, leaver.id)).run();
});

let periodId: string;
beforeEach(() => {
  periodId = createRotaPeriod({
    actor: manager(),
    teamId: ward7(),
    startDate: "2026-10-19",
    endDate: "2026-11-15",
  }).periodId;
});
afterEach(() => {
  // Published periods cannot be deleted through the app: turn one back into a draft to clear it.
  getDb().$client.prepare("UPDATE rota_periods SET status = 'draft' WHERE id = ?").run(periodId);
  deleteDraftPeriod({ actor: manager(), teamId: ward7(), periodId });
  // Each test starts from a ward with no leave and no patterns of its own.
  getDb().delete(leaveRequests).run();
  getDb().delete(rotaPatterns).run();
});

function add(userId: string, code: keyof typeof types, date: string) {
  return addShift({
    actor: manager(),
    teamId: ward7(),
    periodId,
    userId,
    shiftTypeId: types[code]!,
    date,
  }).shiftId;
}

function liveShifts() {
  return getDb()
    .select({
      id: shifts.id,
      userId: shifts.userId,
      date: shifts.date,
      code: shiftTypes.code,
      patternId: shifts.patternId,
    })
    .from(shifts)
    .innerJoin(shiftTypes, eq(shiftTypes.id, shifts.shiftTypeId))
    .where(and(eq(shifts.rotaPeriodId, periodId), isNull(shifts.removedAt)))
    .all()
    .sort((a, b) => a.id.localeCompare(b.id));
}

const allShiftRows = () => getDb().select().from(shifts).all();

const importAudits = () =>
  getDb()
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, "rota.imported"))
    .all()
    .filter((e) => e.targetId === periodId);

const importLines = (lines: string[]) =>
  importRotaCsv({ actor: manager(), teamId: ward7(), periodId, csvText: lines.join("\r\n") });

/** The problems of a refused import as "Row 4, column C: …" lines, as the page shows them. */
function refusedWith(lines: string[]): string[] {
  const before = allShiftRows();
  const audits = importAudits().length;
  const result = importLines(lines);
  if (result.ok) throw new Error("expected the import to be refused");
  expect(allShiftRows()).toEqual(before);
  expect(importAudits()).toHaveLength(audits);
  return result.problems.map((p) => `Row ${p.row}, column ${p.column}: ${p.message}`);
}

function uploadRequest(path: string, csv: string | null, cookie: string): Request {
  const form = new FormData();
  if (csv !== null) form.append("file", new File([csv], "rota.csv", { type: "text/csv" }));
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { Origin: ORIGIN, Cookie: cookie },
    body: form,
  });
}

const paths = () => {
  const base = `/team/${ward7()}/rota/${periodId}`;
  return {
    params: { teamId: ward7(), periodId },
    importPath: `${base}/import`,
    csvPath: `${base}.csv`,
    rotaPath: base,
  };
};

async function exportThroughRoute(cookie: string): Promise<Response> {
  const { params, csvPath } = paths();
  return (await csvLoader({
    request: new Request(`${ORIGIN}${csvPath}`, { headers: { Cookie: cookie } }),
    params,
    context,
  })) as Response;
}

describe("exporting a rota period as CSV", () => {
  it("lists every active member by name and every date, with codes joined by +", async () => {
    add(trust.staff7.id, "E", "2026-10-19");
    add(trust.staff7.id, "L", "2026-10-20");
    add(dual.id, "E", "2026-10-20");
    const response = await exportThroughRoute(signInAs(trust.manager7.id).cookie);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="baton-rota-ward-7-2026-10-19-to-2026-11-15\.csv"$/,
    );
    const lines = (await response.text()).split("\r\n");
    expect(lines.at(-1)).toBe("");
    const header = lines[0]!.split(",");
    expect(header).toHaveLength(3 + 28);
    expect(header.slice(0, 5)).toEqual(["email", "name", "grade", "2026-10-19", "2026-10-20"]);
    expect(header.at(-1)).toBe("2026-11-15");
    // Dee Dual, Mo Manager, Sam Staff: by name; the deactivated leaver has no shifts, so no row.
    const people = lines.slice(1, -1).map((line) => line.split(",").slice(0, 2));
    expect(people).toEqual([
      [dual.email, dual.name],
      [trust.manager7.email, "Mo Manager"],
      [trust.staff7.email, "Sam Staff"],
    ]);
    expect(lines[3]!.split(",").slice(2, 6)).toEqual(["Band 5 RN", "E", "L", ""]);
    expect(lines[1]!.split(",").slice(3, 5)).toEqual(["", "E"]);
  });

  it("writes two shifts on one day in time order, joined by +", () => {
    add(trust.staff7.id, "L", "2026-10-21");
    // Two shifts in a day that do not overlap: an early and a night.
    add(trust.staff7.id, "E", "2026-10-22");
    add(trust.staff7.id, "N", "2026-10-22");
    const { csv } = exportRotaCsv({ actor: manager(), teamId: ward7(), periodId });
    const row = csv.split("\r\n").find((line) => line.startsWith(trust.staff7.email))!;
    expect(row.split(",").slice(5, 7)).toEqual(["L", "E+N"]);
  });

  it("exports a published period too, and records the export", () => {
    publishRotaPeriod({ actor: manager(), teamId: ward7(), periodId: periodId });
    const { csv } = exportRotaCsv({
      actor: actorFor(trust.admin.id),
      teamId: ward7(),
      periodId,
    });
    expect(csv.startsWith("email,name,grade,2026-10-19,")).toBe(true);
    const audit = getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "rota.exported"))
      .all()
      .at(-1)!;
    expect(audit.targetId).toBe(periodId);
    expect(JSON.parse(audit.detail)).toEqual({
      teamId: ward7(),
      status: "published",
      people: 3,
      shifts: 0,
    });
  });

  it("refuses a download that a page on another site started", async () => {
    const { params, csvPath } = paths();
    const response = await thrownResponse(() =>
      csvLoader({
        request: new Request(`${ORIGIN}${csvPath}`, {
          headers: {
            Cookie: signInAs(trust.manager7.id).cookie,
            "Sec-Fetch-Site": "cross-site",
          },
        }),
        params,
        context,
      }),
    );
    expect(response.status).toBe(403);
  });
});

describe("importing a rota period from CSV", () => {
  it("changes nothing when the exported file comes straight back", async () => {
    add(trust.staff7.id, "E", "2026-10-19");
    add(trust.staff7.id, "N", "2026-10-20");
    add(dual.id, "L", "2026-10-21");
    createRecurrencePattern({
      actor: manager(),
      teamId: ward7(),
      userId: trust.manager7.id,
      shiftTypeId: types.E!,
      rule: "FREQ=DAILY;COUNT=3",
      startDate: "2026-10-26",
    });
    applyRotaPatterns({ actor: manager(), teamId: ward7(), periodId });
    const before = liveShifts();
    expect(before.filter((s) => s.patternId)).toHaveLength(3);
    const { cookie } = signInAs(trust.manager7.id);
    const csv = await (await exportThroughRoute(cookie)).text();

    const { params, importPath, rotaPath } = paths();
    const response = await thrownResponse(() =>
      importAction({ request: uploadRequest(importPath, csv, cookie), params, context }),
    );
    expect(response.status).toBe(302);
    // Nothing changed: the period page's toast says 0 added and 0 removed for the 3 people.
    expect(response.headers.get("Location")).toBe(rotaPath);
    expect(toastOf(response)?.message).toBe(
      "Spreadsheet imported for 3 people: 0 shifts added, 0 removed.",
    );
    expect(liveShifts()).toEqual(before);
    expect(JSON.parse(importAudits().at(-1)!.detail)).toEqual({
      teamId: ward7(),
      people: 3,
      dates: 28,
      added: 0,
      removed: 0,
    });
  });

  it("takes back an exported file edited by name, reading past the name and grade columns", () => {
    add(trust.staff7.id, "E", "2026-10-19");
    add(dual.id, "L", "2026-10-20");
    const { csv } = exportRotaCsv({ actor: manager(), teamId: ward7(), periodId });
    const lines = csv.split("\r\n");
    // The manager finds Sam by name, gives them a late on the 20th, and (as people do in Excel)
    // types over the name and grade cells, which Baton's records overrule.
    const samAt = lines.findIndex((line) => line.split(",")[1] === "Sam Staff");
    const sam = lines[samAt]!.split(",");
    sam[1] = "Samuel Staff (agency?)";
    sam[2] = "Band 9";
    sam[4] = "L";
    lines[samAt] = sam.join(",");
    expect(
      importRotaCsv({ actor: manager(), teamId: ward7(), periodId, csvText: lines.join("\r\n") }),
    ).toMatchObject({ ok: true, added: 1, removed: 0, people: 3 });
    expect(
      liveShifts()
        .filter((s) => s.userId === trust.staff7.id)
        .map((s) => s.date),
    ).toEqual(["2026-10-19", "2026-10-20"]);
    const grade = getDb()
      .select({ grade: memberships.grade })
      .from(memberships)
      .where(eq(memberships.id, trust.staff7.membershipId))
      .get();
    expect(grade?.grade).toBe("Band 5 RN");
  });

  it("replaces the shifts of the people and dates in the file and leaves the rest alone", () => {
    const early = add(trust.staff7.id, "E", "2026-10-19");
    const night = add(trust.staff7.id, "N", "2026-10-20");
    const later = add(trust.staff7.id, "E", "2026-10-23");
    const managers = add(trust.manager7.id, "E", "2026-10-19");
    const result = importLines([
      "email,2026-10-19,2026-10-20,2026-10-21",
      `${trust.staff7.email.toUpperCase()},l,,e+n`,
    ]);
    expect(result).toEqual({ ok: true, added: 3, removed: 2, people: 1 });
    const live = liveShifts();
    const ids = live.map((s) => s.id);
    expect(ids).not.toContain(early);
    expect(ids).not.toContain(night);
    expect(ids).toContain(later);
    expect(ids).toContain(managers);
    expect(
      live
        .filter((s) => s.userId === trust.staff7.id)
        .map((s) => `${s.date} ${s.code}`)
        .sort(),
    ).toEqual(["2026-10-19 L", "2026-10-21 E", "2026-10-21 N", "2026-10-23 E"]);
    // Removed in a draft means kept with removedAt, like a manager's single removal.
    const removed = getDb().select().from(shifts).where(eq(shifts.id, early)).get()!;
    expect(removed.removedAt).not.toBeNull();
  });

  it("keeps a pattern's shift the cell still names, and does not bring back one it removed", () => {
    createRecurrencePattern({
      actor: manager(),
      teamId: ward7(),
      userId: trust.staff7.id,
      shiftTypeId: types.E!,
      rule: "FREQ=DAILY;COUNT=2",
      startDate: "2026-11-02",
    });
    applyRotaPatterns({ actor: manager(), teamId: ward7(), periodId });
    const result = importLines(["email,2026-11-02,2026-11-03", `${trust.staff7.email},E,`]);
    expect(result).toMatchObject({ ok: true, added: 0, removed: 1 });
    expect(liveShifts().filter((s) => s.patternId)).toHaveLength(1);
    expect(applyRotaPatterns({ actor: manager(), teamId: ward7(), periodId }).added).toBe(0);
  });

  it("allows a shift the file moves to another day the same person had on a neighbouring day", () => {
    // A night on the 19th is replaced by a night on the 20th, and an early on the 20th becomes
    // free: the old night no longer counts against it, because the file replaces it.
    add(trust.staff7.id, "N", "2026-10-19");
    const result = importLines([
      "email,2026-10-19,2026-10-20,2026-10-21",
      `${trust.staff7.email},,E,N`,
    ]);
    expect(result).toMatchObject({ ok: true, added: 2, removed: 1 });
  });

  it("names every bad row and column, says why, and writes nothing", () => {
    add(trust.staff7.id, "E", "2026-10-19");
    expect(
      refusedWith([
        "email,2026-10-19,2026-10-20,2026-12-01,2026-10-20",
        `${trust.staff7.email},X,E+,E,`,
        "nobody@trust.example,E,,,",
        `${trust.staff12.email},E,,,`,
        "not-an-email,E,,,",
        `${trust.staff7.email},,,,`,
        `${trust.manager7.email},OLD,L,,`,
        `${leaver.email},E,,,`,
      ]),
    ).toEqual([
      "Row 1, column D: 2026-12-01 is outside this rota period (Mon 19 Oct to Sun 15 Nov 2026 (4 weeks)).",
      "Row 1, column E: 2026-10-20 is already in column C.",
      'Row 2, column B: "X" is not one of this team\'s shift codes (E, L, N). Leave the cell blank for a day off.',
      'Row 2, column C: "E+" has a gap: write one shift code, or join several with + as in E+N.',
      "Row 3, column A: nobody@trust.example is not in this team.",
      // Another ward's member reads exactly like a stranger.
      `Row 4, column A: ${trust.staff12.email} is not in this team.`,
      'Row 5, column A: "not-an-email" is not an email address.',
      `Row 6, column A: ${trust.staff7.email} is already in row 2: give each person one row.`,
      "Row 7, column B: The Twilight shift type (OLD) is archived.",
      "Row 8, column A: Lee Leaver has a deactivated account, so their shifts cannot be changed by a file. Leave their row as it was exported, or delete it.",
    ]);
  });

  it("refuses a shift on a day of approved leave, without saying what kind of absence", () => {
    getDb()
      .insert(leaveRequests)
      .values([
        {
          id: newId(),
          teamId: ward7(),
          userId: trust.staff7.id,
          kind: "annual",
          startDate: "2026-10-20",
          endDate: "2026-10-20",
          status: "approved",
          requestedByUserId: trust.staff7.id,
        },
        {
          id: newId(),
          teamId: ward7(),
          userId: trust.manager7.id,
          kind: "sick",
          startDate: "2026-10-20",
          endDate: "2026-10-21",
          status: "approved",
          requestedByUserId: trust.manager7.id,
        },
        {
          id: newId(),
          teamId: ward7(),
          userId: dual.id,
          kind: "study",
          startDate: "2026-10-20",
          endDate: "2026-10-20",
          status: "requested",
          requestedByUserId: dual.id,
        },
      ])
      .run();
    expect(
      refusedWith([
        "email,2026-10-20,2026-10-21",
        `${trust.staff7.email},E,E`,
        `${trust.manager7.email},,L`,
        // Leave still waiting for a decision does not block a shift.
        `${dual.email},E,`,
      ]),
    ).toEqual([
      "Row 2, column B: Sam Staff is on annual leave on Tue 20 Oct.",
      "Row 3, column C: Mo Manager is off on Wed 21 Oct.",
    ]);
  });

  it("refuses shifts that overlap each other in the file, or the person's shifts outside it", () => {
    // Dee Dual works an early on Ward 12 on the 22nd; Sam has a night on the 24th not in the file.
    const ward12Period = createRotaPeriod({
      actor: actorFor(trust.manager12.id),
      teamId: trust.ward12.id,
      startDate: "2026-10-19",
      endDate: "2026-11-15",
    }).periodId;
    addShift({
      actor: actorFor(trust.manager12.id),
      teamId: trust.ward12.id,
      periodId: ward12Period,
      userId: dual.id,
      shiftTypeId: types.other!,
      date: "2026-10-22",
    });
    add(trust.staff7.id, "N", "2026-10-24");
    try {
      expect(
        refusedWith([
          "email,2026-10-19,2026-10-20,2026-10-22,2026-10-25",
          // The night of the 19th ends 08:00 on the 20th; the early starts 07:30.
          `${trust.staff7.email},N,E,,E`,
          `${dual.email},,,E,`,
          // An early and a late the same day overlap from 13:30 to 15:30.
          `${trust.manager7.email},E+L,,,`,
        ]),
      ).toEqual([
        "Row 2, column C: Sam Staff already works N on Mon 19 Oct (column B) at the time of this E.",
        "Row 2, column E: Sam Staff already works N on Sat 24 Oct at the time of this E.",
        "Row 3, column D: Dee Dual already works E on Thu 22 Oct at the time of this E.",
        "Row 4, column B: Mo Manager already works E on Mon 19 Oct (column B) at the time of this L.",
      ]);
    } finally {
      deleteDraftPeriod({
        actor: actorFor(trust.manager12.id),
        teamId: trust.ward12.id,
        periodId: ward12Period,
      });
    }
  });

  it("lets a deactivated person's row come back as exported, but not changed", () => {
    // Their shift was made while their account was open.
    getDb().update(users).set({ deactivatedAt: null }).where(eq(users.id, leaver.id)).run();
    add(leaver.id, "E", "2026-10-19");
    getDb().update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, leaver.id)).run();
    const { csv } = exportRotaCsv({ actor: manager(), teamId: ward7(), periodId });
    expect(csv).toContain(`${leaver.email},${leaver.name},`);
    expect(csv.split("\r\n").find((line) => line.startsWith(leaver.email))).toMatch(
      /^[^,]+,[^,]+,[^,]*,E,/,
    );
    expect(
      importRotaCsv({ actor: manager(), teamId: ward7(), periodId, csvText: csv }),
    ).toMatchObject({ ok: true, added: 0, removed: 0 });
    expect(refusedWith(["email,2026-10-19", `${leaver.email},`])).toEqual([
      "Row 2, column A: Lee Leaver has a deactivated account, so their shifts cannot be changed by a file. Leave their row as it was exported, or delete it.",
    ]);
  });

  it("lists the first hundred problems of a very bad file and counts the rest", () => {
    const rows = Array.from({ length: 150 }, (_, i) => `stranger${i}@trust.example,E`);
    const result = importLines(["email,2026-10-19", ...rows]);
    expect(result).toMatchObject({ ok: false, moreProblems: 50 });
    if (!result.ok) {
      expect(result.problems).toHaveLength(100);
      expect(result.problems[0]).toEqual({
        row: 2,
        column: "A",
        message: "stranger0@trust.example is not in this team.",
      });
    }
  });

  it("refuses a published period, naming the reason", () => {
    publishRotaPeriod({ actor: manager(), teamId: ward7(), periodId });
    expect(() => importLines(["email,2026-10-19", `${trust.staff7.email},E`])).toThrow(/published/);
  });

  it("refuses a file over 1 MB before reading it", () => {
    const huge = `email,2026-10-19\r\n${"x".repeat(1024 * 1024)}`;
    expect(() =>
      importRotaCsv({ actor: manager(), teamId: ward7(), periodId, csvText: huge }),
    ).toThrow(/larger than 1 MB/);
  });
});

describe("the import page and the download", () => {
  it("shows managers and administrators the page, and 404s everyone else", async () => {
    const { params, importPath, csvPath } = paths();
    for (const who of [trust.manager7.id, trust.admin.id]) {
      const page = (await importLoader({
        request: new Request(`${ORIGIN}${importPath}`, {
          headers: { Cookie: signInAs(who).cookie },
        }),
        params,
        context,
      })) as Awaited<ReturnType<typeof importLoader>>;
      expect(page.period).toMatchObject({ id: periodId, status: "draft" });
      expect(page.codes).toEqual(["E", "L", "N"]);
    }
    for (const who of [trust.staff7.id, trust.manager12.id, trust.staff12.id]) {
      const { cookie } = signInAs(who);
      const request = () => new Request(`${ORIGIN}${importPath}`, { headers: { Cookie: cookie } });
      expect(
        (await thrownResponse(() => importLoader({ request: request(), params, context }))).status,
      ).toBe(404);
      expect(
        (
          await thrownResponse(() =>
            importAction({
              request: uploadRequest(importPath, `email\r\n${who}`, cookie),
              params,
              context,
            }),
          )
        ).status,
      ).toBe(404);
      expect(
        (
          await thrownResponse(() =>
            csvLoader({
              request: new Request(`${ORIGIN}${csvPath}`, { headers: { Cookie: cookie } }),
              params,
              context,
            }),
          )
        ).status,
      ).toBe(404);
    }
  });

  it("lists each problem as Row and column when the upload is refused", async () => {
    const { params, importPath } = paths();
    const { cookie } = signInAs(trust.manager7.id);
    const result = (await importAction({
      request: uploadRequest(importPath, `email,2026-10-19\r\n${trust.staff7.email},Z\r\n`, cookie),
      params,
      context,
    })) as { errors: { message: string }[]; problems: string[]; moreProblems: number };
    expect(result.errors[0]!.message).toMatch(/nothing on the rota has changed/);
    expect(result.problems).toEqual([
      'Row 2, column B: "Z" is not one of this team\'s shift codes (E, L, N). Leave the cell blank for a day off.',
    ]);
  });

  it("refuses an upload over 1 MB without reading all of it", async () => {
    const { params, importPath } = paths();
    const { cookie } = signInAs(trust.manager7.id);
    const result = (await importAction({
      request: uploadRequest(importPath, "x".repeat(1024 * 1024 + 1), cookie),
      params,
      context,
    })) as { errors: { message: string }[] };
    expect(result.errors[0]!.message).toMatch(/larger than 1 MB/);
  });

  it("asks for a file when the form was not sent as a file upload", async () => {
    const { params, importPath } = paths();
    const { cookie } = signInAs(trust.manager7.id);
    const result = (await importAction({
      request: postRequest(importPath, { file: "email,2026-10-19" }, cookie),
      params,
      context,
    })) as { errors: { message: string }[] };
    expect(result.errors).toEqual([{ field: "file", message: "Choose a CSV file to import." }]);
  });

  it("asks for a file when none was chosen", async () => {
    const { params, importPath } = paths();
    const { cookie } = signInAs(trust.manager7.id);
    const form = new FormData();
    form.append("file", new File([], "", { type: "application/octet-stream" }));
    const result = (await importAction({
      request: new Request(`${ORIGIN}${importPath}`, {
        method: "POST",
        headers: { Origin: ORIGIN, Cookie: cookie },
        body: form,
      }),
      params,
      context,
    })) as { errors: { message: string }[] };
    expect(result.errors).toEqual([{ field: "file", message: "Choose a CSV file to import." }]);
  });
});
