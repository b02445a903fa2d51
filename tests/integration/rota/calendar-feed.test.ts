// The personal calendar feed end to end: turned on through Settings, fetched through its route,
// read by a real iCalendar parser (ical.js) and checked against the shifts in the database.
import { and, eq, inArray } from "drizzle-orm";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "~/db/connection.server";
import { auditEvents, shifts, shiftTypes, teams, users } from "~/db/schema.server";
import { setAccountActive } from "~/models/accounts/members.server";
import { hashSecretToken, newId } from "~/models/ids.server";
import { createRotaPeriod, publishRotaPeriod } from "~/models/rota/rota-periods.server";
import { addShift, changeShift, removeShift } from "~/models/rota/shifts.server";
import {
  action as settingsAction,
  loader as settingsLoader,
} from "~/routes/_app.settings.calendar";
import { loader as feedLoader } from "~/routes/calendar.$token[.]ics";
import {
  actorFor,
  addToTeam,
  createPerson,
  createTeam,
  createTwoWardTrust,
  signInAs,
} from "../../support/factories";
import { callAction, callLoader, ORIGIN, thrownResponse } from "../../support/requests";

// Calendar apps fetch "now": pin the clock so the feed's eight-week window and the clock changes
// in these rotas stay where the tests expect them, whenever the suite runs.
const START = new Date("2026-10-01T09:00:00Z");

let trust: Awaited<ReturnType<typeof createTwoWardTrust>>;
let sydney: { id: string; name: string; timeZone: string };
let colleague: { id: string };
const types: Record<string, string> = {};
/** The shifts Sam's feed should hold, by id. */
const expected = new Set<string>();
const ids: Record<string, string> = {};

function addType(teamId: string, code: string, name: string, startLocal: string, endLocal: string) {
  const id = newId();
  getDb()
    .insert(shiftTypes)
    .values({ id, teamId, code, name, startLocal, endLocal, colour: "blue" })
    .run();
  return id;
}

function tick(seconds = 60) {
  vi.setSystemTime(new Date(Date.now() + seconds * 1000));
}

/** Turns the feed on (or gets a new address) through the Settings page, as the person would. */
async function turnOn(userId: string, intent: "turn-on" | "new-address" = "turn-on") {
  const { cookie } = signInAs(userId);
  const result = (await callAction(settingsAction, {
    path: "/settings/calendar",
    // A new address stops the old one, so it is sent as from its confirmation.
    form: intent === "new-address" ? { intent, confirmed: "yes" } : { intent },
    cookie,
  })) as { issued: { address: string; webcalAddress: string; isNew: boolean } };
  const token = /\/calendar\/([a-z2-7]{32})\.ics$/.exec(result.issued.address)?.[1];
  if (!token) throw new Error(`no token in ${result.issued.address}`);
  return { token, ...result.issued };
}

async function fetchFeed(token: string) {
  return (await callLoader(feedLoader, {
    path: `/calendar/${token}.ics`,
    params: { token },
  })) as Response;
}

type FeedEvent = {
  uid: string;
  summary: string;
  start: string;
  end: string;
  hours: number;
  sequence: number;
  description: string;
};

async function feedEvents(token: string): Promise<FeedEvent[]> {
  const response = await fetchFeed(token);
  expect(response.status).toBe(200);
  const calendar = new ICAL.Component(ICAL.parse(await response.text()));
  return calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    const start = event.startDate.toJSDate();
    const end = event.endDate.toJSDate();
    return {
      uid: event.uid,
      summary: event.summary,
      start: start.toISOString(),
      end: end.toISOString(),
      hours: (end.getTime() - start.getTime()) / 3_600_000,
      sequence: event.sequence,
      description: event.description,
    };
  });
}

function shiftRows(shiftIds: string[]) {
  return getDb()
    .select({
      id: shifts.id,
      startsAt: shifts.startsAt,
      endsAt: shifts.endsAt,
      code: shiftTypes.code,
      typeName: shiftTypes.name,
      teamName: teams.name,
    })
    .from(shifts)
    .innerJoin(shiftTypes, eq(shiftTypes.id, shifts.shiftTypeId))
    .innerJoin(teams, eq(teams.id, shifts.teamId))
    .where(inArray(shifts.id, shiftIds))
    .all();
}

const byUid = (events: FeedEvent[], shiftId: string) =>
  events.find((e) => e.uid === `${shiftId}@baton`);

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(START);
  trust = await createTwoWardTrust();
  colleague = await createPerson({ organisationId: trust.organisation.id, name: "Cal Colleague" });
  addToTeam(colleague.id, trust.ward7.id);
  sydney = createTeam(trust.organisation.id, "Sydney Outreach", "Australia/Sydney");
  addToTeam(trust.staff7.id, sydney.id);
  types.E = addType(trust.ward7.id, "E", "Early", "07:30", "15:30");
  types.L = addType(trust.ward7.id, "L", "Late", "13:30", "21:30");
  types.N = addType(trust.ward7.id, "N", "Night", "20:00", "08:00");
  types.D = addType(sydney.id, "D", "Day", "09:00", "17:00");

  const manager = actorFor(trust.manager7.id);
  const admin = actorFor(trust.admin.id);
  const ward7 = trust.ward7.id;
  const sam = trust.staff7.id;
  const add = (
    actor: typeof manager,
    teamId: string,
    periodId: string,
    userId: string,
    type: string,
    date: string,
  ) => addShift({ actor, teamId, periodId, userId, shiftTypeId: types[type]!, date }).shiftId;

  // Summer: one shift too old for the feed (over eight weeks before 1 October), one just inside.
  const summer = createRotaPeriod({
    actor: manager,
    teamId: ward7,
    startDate: "2026-07-13",
    endDate: "2026-08-23",
  }).periodId;
  ids.tooOld = add(manager, ward7, summer, sam, "E", "2026-07-20");
  ids.recent = add(manager, ward7, summer, sam, "E", "2026-08-10");
  publishRotaPeriod({ actor: manager, teamId: ward7, periodId: summer });

  // Autumn: the night across the October clock change, and shifts to change and remove later.
  const autumn = createRotaPeriod({
    actor: manager,
    teamId: ward7,
    startDate: "2026-10-19",
    endDate: "2026-11-15",
  }).periodId;
  ids.octoberNight = add(manager, ward7, autumn, sam, "N", "2026-10-24");
  ids.toChange = add(manager, ward7, autumn, sam, "E", "2026-10-28");
  ids.toRemove = add(manager, ward7, autumn, sam, "L", "2026-11-02");
  ids.toReassign = add(manager, ward7, autumn, sam, "E", "2026-11-05");
  ids.colleagues = add(manager, ward7, autumn, colleague.id, "E", "2026-10-24");
  publishRotaPeriod({ actor: manager, teamId: ward7, periodId: autumn });

  // A draft that nobody outside the managers may see yet.
  const draft = createRotaPeriod({
    actor: manager,
    teamId: ward7,
    startDate: "2026-11-16",
    endDate: "2026-12-13",
  }).periodId;
  ids.draft = add(manager, ward7, draft, sam, "E", "2026-11-20");

  // Spring: the night across the March 2027 clock change.
  const spring = createRotaPeriod({
    actor: manager,
    teamId: ward7,
    startDate: "2027-03-22",
    endDate: "2027-04-18",
  }).periodId;
  ids.marchNight = add(manager, ward7, spring, sam, "N", "2027-03-27");
  publishRotaPeriod({ actor: manager, teamId: ward7, periodId: spring });

  // Another team, in another zone, the day after Sydney's clocks go forward.
  const outreach = createRotaPeriod({
    actor: admin,
    teamId: sydney.id,
    startDate: "2026-09-28",
    endDate: "2026-10-25",
  }).periodId;
  ids.sydneyDay = add(admin, sydney.id, outreach, sam, "D", "2026-10-05");
  publishRotaPeriod({ actor: admin, teamId: sydney.id, periodId: outreach });

  for (const key of [
    "recent",
    "octoberNight",
    "toChange",
    "toRemove",
    "toReassign",
    "marchNight",
    "sydneyDay",
  ]) {
    expected.add(ids[key]!);
  }
});

afterAll(() => {
  vi.useRealTimers();
});

describe("turning the feed on", () => {
  it("is refused without a session, from the page and its action alike", async () => {
    const fromAction = await thrownResponse(() =>
      callAction(settingsAction, { path: "/settings/calendar", form: { intent: "turn-on" } }),
    );
    expect(fromAction.status).toBe(302);
    expect(fromAction.headers.get("Location")).toMatch(/^\/login/);
    const fromLoader = await thrownResponse(() =>
      callLoader(settingsLoader, { path: "/settings/calendar" }),
    );
    expect(fromLoader.status).toBe(302);
  });

  it("refuses an intent it does not know", async () => {
    const { cookie } = signInAs(trust.staff7.id);
    const response = await thrownResponse(() =>
      callAction(settingsAction, { path: "/settings/calendar", form: { intent: "share" }, cookie }),
    );
    expect(response.status).toBe(400);
  });

  it("shows the address once, keeps only its hash, and audits it without the secret", async () => {
    const { cookie } = signInAs(trust.staff7.id);
    expect(await callLoader(settingsLoader, { path: "/settings/calendar", cookie })).toEqual({
      on: false,
    });
    const { token, address, webcalAddress, isNew } = await turnOn(trust.staff7.id);
    expect(address).toBe(`${ORIGIN}/calendar/${token}.ics`);
    expect(webcalAddress).toBe(`webcal://localhost:3000/calendar/${token}.ics`);
    expect(isNew).toBe(false);
    expect(await callLoader(settingsLoader, { path: "/settings/calendar", cookie })).toEqual({
      on: true,
    });
    const stored = getDb()
      .select({ hash: users.calendarTokenHash })
      .from(users)
      .where(eq(users.id, trust.staff7.id))
      .get();
    expect(stored?.hash).toBe(hashSecretToken(token));
    const events = getDb()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.actorUserId, trust.staff7.id),
          eq(auditEvents.targetId, trust.staff7.id),
        ),
      )
      .all()
      .filter((e) => e.action.startsWith("calendar_feed."));
    expect(events.map((e) => [e.action, JSON.parse(e.detail)])).toEqual([
      ["calendar_feed.enabled", { regenerated: false }],
    ]);
    expect(JSON.stringify(events)).not.toContain(token);
  });
});

describe("the feed", () => {
  let token: string;
  beforeAll(async () => {
    ({ token } = await turnOn(trust.staff7.id, "new-address"));
  });

  it("answers text/calendar that is never cached", async () => {
    const response = await fetchFeed(token);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const text = await response.text();
    expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(text).toContain("METHOD:PUBLISH\r\n");
  });

  it("holds exactly the person's published shifts from eight weeks ago, each matching the database", async () => {
    const events = await feedEvents(token);
    expect(new Set(events.map((e) => e.uid))).toEqual(
      new Set([...expected].map((id) => `${id}@baton`)),
    );
    for (const row of shiftRows([...expected])) {
      const event = byUid(events, row.id)!;
      expect(event.start).toBe(row.startsAt.toISOString());
      expect(event.end).toBe(row.endsAt.toISOString());
      expect(event.summary).toBe(`${row.typeName} (${row.code}) – ${row.teamName}`);
    }
  });

  it("makes the night across the October 2026 change 13 hours", async () => {
    const night = byUid(await feedEvents(token), ids.octoberNight!)!;
    expect(night).toMatchObject({
      start: "2026-10-24T19:00:00.000Z",
      end: "2026-10-25T08:00:00.000Z",
      hours: 13,
      summary: "Night (N) – Ward 7",
    });
  });

  it("makes the night across the March 2027 change 11 hours", async () => {
    const night = byUid(await feedEvents(token), ids.marchNight!)!;
    expect(night).toMatchObject({
      start: "2027-03-27T20:00:00.000Z",
      end: "2027-03-28T07:00:00.000Z",
      hours: 11,
    });
  });

  it("writes each team's shifts in that team's zone", async () => {
    const text = await (await fetchFeed(token)).text();
    expect(text).toContain("DTSTART;TZID=Australia/Sydney:20261005T090000");
    expect(text).toContain("DTSTART;TZID=Europe/London:20261024T200000");
    const zones = new ICAL.Component(ICAL.parse(text))
      .getAllSubcomponents("vtimezone")
      .map((z) => z.getFirstPropertyValue("tzid"));
    expect(zones.sort()).toEqual(["Australia/Sydney", "Europe/London"]);
    const day = byUid(await feedEvents(token), ids.sydneyDay!)!;
    // 09:00 in Sydney the day after its clocks went forward is 22:00 UTC the day before.
    expect(day.start).toBe("2026-10-04T22:00:00.000Z");
  });

  it("leaves out drafts, other people's shifts and shifts ended over eight weeks ago", async () => {
    const uids = (await feedEvents(token)).map((e) => e.uid);
    expect(uids).not.toContain(`${ids.draft}@baton`);
    expect(uids).not.toContain(`${ids.colleagues}@baton`);
    expect(uids).not.toContain(`${ids.tooOld}@baton`);
    expect(uids).toContain(`${ids.recent}@baton`);
  });

  it("carries no patient data: only rota facts in summary and description", async () => {
    const night = byUid(await feedEvents(token), ids.octoberNight!)!;
    expect(night.description).toBe(
      "Night (N), Sat 24 Oct 20:00 to Sun 25 Oct 08:00 (13 h). From the Ward 7 rota in Baton, which always has the latest.",
    );
  });
});

describe("when the rota changes", () => {
  let token: string;
  beforeAll(async () => {
    ({ token } = await turnOn(trust.staff7.id, "new-address"));
  });

  it("gives a changed shift new times and a higher SEQUENCE under the same UID", async () => {
    const before = byUid(await feedEvents(token), ids.toChange!)!;
    tick();
    changeShift({
      actor: actorFor(trust.manager7.id),
      teamId: trust.ward7.id,
      shiftId: ids.toChange!,
      userId: trust.staff7.id,
      shiftTypeId: types.L!,
      date: "2026-10-29",
    });
    const after = byUid(await feedEvents(token), ids.toChange!)!;
    expect(after.sequence).toBeGreaterThan(before.sequence);
    expect(after).toMatchObject({
      start: "2026-10-29T13:30:00.000Z",
      end: "2026-10-29T21:30:00.000Z",
      summary: "Late (L) – Ward 7",
    });
    expect(before.start).toBe("2026-10-28T07:30:00.000Z");
  });

  it("drops a removed shift", async () => {
    expect(byUid(await feedEvents(token), ids.toRemove!)).toBeDefined();
    tick();
    removeShift({
      actor: actorFor(trust.manager7.id),
      teamId: trust.ward7.id,
      shiftId: ids.toRemove!,
    });
    expect(byUid(await feedEvents(token), ids.toRemove!)).toBeUndefined();
  });

  it("moves a reassigned shift from one person's feed to the other's", async () => {
    const theirs = await turnOn(colleague.id);
    tick();
    changeShift({
      actor: actorFor(trust.manager7.id),
      teamId: trust.ward7.id,
      shiftId: ids.toReassign!,
      userId: colleague.id,
      shiftTypeId: types.E!,
      date: "2026-11-05",
    });
    expect(byUid(await feedEvents(token), ids.toReassign!)).toBeUndefined();
    const colleagueUids = (await feedEvents(theirs.token)).map((e) => e.uid).sort();
    expect(colleagueUids).toEqual([`${ids.colleagues}@baton`, `${ids.toReassign}@baton`].sort());
  });
});

describe("another person's feed", () => {
  it("never shows your shifts", async () => {
    const theirs = await turnOn(colleague.id, "new-address");
    const uids = (await feedEvents(theirs.token)).map((e) => e.uid);
    const samsShifts = getDb()
      .select({ id: shifts.id })
      .from(shifts)
      .where(eq(shifts.userId, trust.staff7.id))
      .all();
    expect(samsShifts.length).toBeGreaterThan(5);
    for (const { id } of samsShifts) expect(uids).not.toContain(`${id}@baton`);
    // And everything it does show is theirs.
    const owners = getDb()
      .select({ userId: shifts.userId })
      .from(shifts)
      .where(
        inArray(
          shifts.id,
          uids.map((uid) => uid.replace(/@baton$/, "")),
        ),
      )
      .all();
    expect(owners.length).toBe(uids.length);
    for (const owner of owners) expect(owner.userId).toBe(colleague.id);
  });
});

describe("ending an address", () => {
  it("makes the old address 404 as soon as a new one is issued", async () => {
    const old = await turnOn(trust.staff7.id, "new-address");
    const fresh = await turnOn(trust.staff7.id, "new-address");
    expect(fresh.isNew).toBe(true);
    expect(fresh.token).not.toBe(old.token);
    const gone = await fetchFeed(old.token);
    expect(gone.status).toBe(404);
    expect(gone.headers.get("Cache-Control")).toBe("no-store");
    expect((await fetchFeed(fresh.token)).status).toBe(200);
    const regenerations = getDb()
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "calendar_feed.enabled"),
          eq(auditEvents.actorUserId, trust.staff7.id),
        ),
      )
      .all();
    expect(regenerations.at(-1)?.detail).toBe(JSON.stringify({ regenerated: true }));
  });

  it("makes the address 404 once the feed is turned off, and audits it once", async () => {
    const { token } = await turnOn(trust.staff7.id, "new-address");
    const { cookie } = signInAs(trust.staff7.id);
    // Unconfirmed, it only asks: the address still works.
    expect(
      await callAction(settingsAction, {
        path: "/settings/calendar",
        form: { intent: "turn-off" },
        cookie,
      }),
    ).toEqual({ confirm: { intent: "turn-off", fields: {} } });
    expect((await fetchFeed(token)).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const answer = await thrownResponse(() =>
        callAction(settingsAction, {
          path: "/settings/calendar",
          form: { intent: "turn-off", confirmed: "yes" },
          cookie,
        }),
      );
      expect(answer.headers.get("Location")).toBe("/settings/calendar");
    }
    expect((await fetchFeed(token)).status).toBe(404);
    expect(await callLoader(settingsLoader, { path: "/settings/calendar", cookie })).toEqual({
      on: false,
    });
    const disabled = getDb()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "calendar_feed.disabled"),
          eq(auditEvents.actorUserId, trust.staff7.id),
        ),
      )
      .all();
    expect(disabled).toHaveLength(1);
  });

  it("answers a deactivated person's address, a made-up one and a malformed one with the same 404", async () => {
    const person = await createPerson({ organisationId: trust.organisation.id });
    addToTeam(person.id, trust.ward7.id);
    const { token } = await turnOn(person.id);
    expect((await fetchFeed(token)).status).toBe(200);
    setAccountActive({ actor: actorFor(trust.admin.id), userId: person.id, active: false });
    const answers = await Promise.all(
      [token, "a".repeat(32), "not-a-token", ""].map(async (t) => {
        const response = await fetchFeed(t);
        return [response.status, await response.text()];
      }),
    );
    expect(answers).toEqual([
      [404, "Not found."],
      [404, "Not found."],
      [404, "Not found."],
      [404, "Not found."],
    ]);
  });

  it("gives a feed with no shifts that a parser still reads", async () => {
    const person = await createPerson({ organisationId: trust.organisation.id });
    addToTeam(person.id, trust.ward7.id);
    const { token } = await turnOn(person.id);
    const response = await fetchFeed(token);
    const calendar = new ICAL.Component(ICAL.parse(await response.text()));
    expect(calendar.getAllSubcomponents("vevent")).toHaveLength(0);
    expect(calendar.getAllSubcomponents("vtimezone")).toHaveLength(1);
  });
});
