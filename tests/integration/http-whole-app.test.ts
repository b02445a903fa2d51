// The HTTP layer in front of the real routes: Express, the Remix server build compiled from
// app/, and this file's own SQLite database, driven over real HTTP with paths sent as written.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "~/db/connection.server";
import { invitePerson } from "~/models/accounts/invitations.server";
import { issuePasswordReset } from "~/models/accounts/password-resets.server";
import { enableCalendarFeed } from "~/models/rota/calendar-feed.server";
import { createRotaPeriod } from "~/models/rota/rota-periods.server";
import { isCredentialPath } from "../../server/app";
import { actorFor, createTwoWardTrust, signInAs, TEST_PASSWORD } from "../support/factories";
import { type RawAnswer, type RealApp, rawRequest, startRealApp } from "../support/real-app";

let app: RealApp;
let logged: string[] = [];

beforeAll(async () => {
  app = await startRealApp();
}, 120_000);
afterAll(() => app?.close());

/** Every console line written while `run` runs, as one string per call. */
async function logLinesOf(run: () => Promise<unknown>): Promise<string[]> {
  logged = [];
  const keep = (...parts: unknown[]) => {
    logged.push(parts.map(String).join(" "));
  };
  const spies = [
    vi.spyOn(console, "log").mockImplementation(keep),
    vi.spyOn(console, "error").mockImplementation(keep),
    vi.spyOn(console, "warn").mockImplementation(keep),
  ];
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return logged;
}

afterEach(() => vi.restoreAllMocks());

describe("the request log, however a secret path is spelt", () => {
  // Each of these spellings reaches the calendar feed's route (the test checks the feed comes
  // back), so the router reads them all as /calendar/<token>.ics.
  const feedSpellings = [
    "/calendar/TOKEN.ics",
    "/%63alendar/TOKEN.ics",
    "/c%61lendar/TOKEN.ics.data",
    "/./calendar/TOKEN.ics",
    "/calendar/./TOKEN.ics",
    "/x/../calendar/TOKEN.ics",
    "/%2e/calendar/TOKEN.ics",
    "/CALENDAR/TOKEN.ICS",
    "/calendar/TOKEN.ics/",
    "/calendar/TOKEN.ics/.",
    "/calendar/TOKEN.ics/x/..",
    "/calendar/TOKEN%2eics",
    "/calendar\\TOKEN.ics",
  ];

  it.each(feedSpellings)("reaches the feed at %s and logs no token", async (spelling) => {
    const trust = await createTwoWardTrust();
    const { token } = enableCalendarFeed({ actor: actorFor(trust.staff7.id) });
    let answer: RawAnswer = { status: 0, contentType: "", setCookie: [], body: "" };
    const lines = await logLinesOf(async () => {
      answer = await rawRequest(app.base, { path: spelling.replace("TOKEN", token) });
    });
    expect(answer.status).toBe(200);
    if (!spelling.endsWith(".data")) expect(answer.contentType).toContain("text/calendar");
    expect(lines.some((line) => line.includes("/calendar/[token]"))).toBe(true);
    expect(lines.join("\n").toLowerCase()).not.toContain(token);
  });

  it.each([
    "/invite/TOKEN",
    "/%69nvite/TOKEN",
    "/./invite/TOKEN",
    "/INVITE/TOKEN/",
    "/invite/TOKEN.data",
    "/x/../invite/TOKEN",
  ])("reaches the invitation at %s and logs no token", async (spelling) => {
    const trust = await createTwoWardTrust();
    const email = `new-${trust.ward7.id}@trust.example`;
    const outcome = invitePerson({
      actor: actorFor(trust.admin.id),
      email,
      teamId: trust.ward7.id,
      member: { role: "staff", grade: "Band 5 RN", skills: [], clinical: true },
    });
    if (outcome.kind !== "invited") throw new Error("expected an invitation");
    let answer: RawAnswer = { status: 0, contentType: "", setCookie: [], body: "" };
    const lines = await logLinesOf(async () => {
      answer = await rawRequest(app.base, { path: spelling.replace("TOKEN", outcome.token) });
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain(email);
    expect(lines.some((line) => line.includes("/invite/[token]"))).toBe(true);
    expect(lines.join("\n")).not.toContain(outcome.token);
  });
});

describe("the request log and a password reset link", () => {
  it.each([
    "/reset/TOKEN",
    "/%72eset/TOKEN",
    "/RESET/TOKEN/",
    "/reset/TOKEN.data",
    "/x/../reset/TOKEN",
  ])("reaches the reset page at %s and logs no token", async (spelling) => {
    const trust = await createTwoWardTrust();
    const { token } = issuePasswordReset({
      actor: actorFor(trust.manager7.id),
      userId: trust.staff7.id,
    });
    let answer: RawAnswer = { status: 0, contentType: "", setCookie: [], body: "" };
    const lines = await logLinesOf(async () => {
      answer = await rawRequest(app.base, { path: spelling.replace("TOKEN", token) });
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain(trust.staff7.email);
    expect(lines.some((line) => line.includes("/reset/[token]"))).toBe(true);
    expect(lines.join("\n")).not.toContain(token);
  });

  it("sets the password over HTTP, and the post's log line holds no token either", async () => {
    const trust = await createTwoWardTrust();
    const { token } = issuePasswordReset({
      actor: actorFor(trust.manager7.id),
      userId: trust.staff7.id,
    });
    let answer: RawAnswer = { status: 0, contentType: "", setCookie: [], body: "" };
    const lines = await logLinesOf(async () => {
      answer = await rawRequest(app.base, {
        method: "POST",
        path: `/reset/${token}`,
        headers: {
          Origin: app.base,
          "Sec-Fetch-Site": "same-origin",
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ password: "marmalade lighthouse cobble fern" }).toString(),
      });
    });
    expect(answer.status).toBe(302);
    expect(answer.setCookie.join(";")).toContain("baton_session=");
    expect(lines.some((line) => line.includes("POST /reset/[token]"))).toBe(true);
    expect(lines.join("\n")).not.toContain(token);
  });
});

describe("other spellings of the sign-in address", () => {
  it.each(["/%6Cogin", "/x/../login", "/LOGIN.data"])(
    "reach the sign-in route at %s, which the sign-in rate limit counts",
    async (path) => {
      const trust = await createTwoWardTrust();
      const answer = await rawRequest(app.base, {
        method: "POST",
        path,
        headers: { Origin: app.base, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: trust.staff7.email, password: "not it" }).toString(),
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toContain("The email address or password is not right");
      expect(isCredentialPath(path)).toBe(true);
    },
  );
});

describe("the Origin check in front of Remix", () => {
  it("judges the password of a sign-in posted with Origin null from a same-origin page", async () => {
    const trust = await createTwoWardTrust();
    const answer = await rawRequest(app.base, {
      method: "POST",
      path: "/login",
      headers: {
        Origin: "null",
        "Sec-Fetch-Site": "same-origin",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ email: trust.staff7.email, password: "not it" }).toString(),
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("The email address or password is not right");
  });
});

describe("request bodies an action cannot read", () => {
  /** Every route in the server build that has an action, with its full path pattern. */
  function actionRoutes(): { id: string; pattern: string }[] {
    const routes = app.build.routes;
    const fullPath = (id: string | undefined): string => {
      const route = id ? routes[id] : undefined;
      if (!route) return "";
      const own = route.path ? `/${route.path}` : "";
      return `${fullPath(route.parentId)}${own}`;
    };
    return Object.values(routes)
      .filter((route) => route && typeof route.module.action === "function")
      .map((route) => ({ id: route!.id, pattern: fullPath(route!.id) || "/" }));
  }

  const unreadable: { name: string; headers: Record<string, string>; body: string }[] = [
    { name: "JSON", headers: { "Content-Type": "application/json" }, body: '{"email":"a@b.c"}' },
    { name: "text/plain", headers: { "Content-Type": "text/plain" }, body: "email=a@b.c" },
    { name: "no Content-Type", headers: {}, body: "email=a@b.c" },
    {
      name: "multipart with the wrong boundary",
      headers: { "Content-Type": "multipart/form-data; boundary=expected" },
      body: '--other\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.c\r\n--other--\r\n',
    },
    {
      name: "multipart with no boundary",
      headers: { "Content-Type": "multipart/form-data" },
      body: "email=a@b.c",
    },
  ];

  it.each(["/login", "/login.data"])(
    "still signs in with a form posted to %s (a page, or Remix's single fetch)",
    async (path) => {
      const trust = await createTwoWardTrust();
      const form = new URLSearchParams({ email: trust.staff7.email, password: TEST_PASSWORD });
      const answer = await rawRequest(app.base, {
        method: "POST",
        path,
        headers: {
          Origin: app.base,
          "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
        },
        body: form.toString(),
      });
      expect(answer.status).toBeLessThan(400);
      expect(answer.setCookie.join("\n")).toMatch(/baton_session=\w+/);
    },
  );

  it("finds the actions in the server build, sign-in and invitations among them", () => {
    const patterns = actionRoutes().map((route) => route.pattern);
    expect(patterns.length).toBeGreaterThanOrEqual(20);
    expect(patterns).toContain("/login");
    expect(patterns).toContain("/invite/:token");
  });

  it.each(unreadable)(
    "refuses a $name body at every action without a 500, with one log line and no change",
    async ({ name, headers, body }) => {
      const trust = await createTwoWardTrust();
      const manager = signInAs(trust.manager7.id);
      const admin = signInAs(trust.admin.id);
      // Real objects where the route checks them before it reads the body (the rota import).
      const { periodId } = createRotaPeriod({
        actor: manager.actor,
        teamId: trust.ward7.id,
        startDate: "2027-01-04",
        endDate: "2027-01-31",
      });
      const values: Record<string, string> = {
        teamId: trust.ward7.id,
        membershipId: trust.staff7.membershipId,
        periodId,
      };
      // A form body that cannot be parsed is a 400. The rota import's own multipart parser
      // finds no parts under a wrong boundary instead of failing, and shows the form again
      // with "Choose a CSV file to import." (200): also an answer a person can act on.
      const expected = name.startsWith("multipart") ? [400, 200] : [415];
      for (const route of actionRoutes()) {
        const path = route.pattern.replace(/:(\w+)/g, (_, param: string) =>
          encodeURIComponent(values[param] ?? "unknown"),
        );
        const cookie = path.startsWith("/admin") ? admin.cookie : manager.cookie;
        const before = rowCounts();
        let status = 0;
        const lines = await logLinesOf(async () => {
          ({ status } = await rawRequest(app.base, {
            method: "POST",
            path,
            headers: { ...headers, Origin: app.base, Cookie: cookie },
            body,
          }));
        });
        expect(expected, `${path} answered ${status}`).toContain(status);
        expect(lines, path).toEqual([expect.stringMatching(/^POST \S+ \d+ \d+ms$/)]);
        expect(rowCounts(), path).toEqual(before);
      }
    },
  );
});

/** How many rows each table holds: an action that changed nothing leaves these as they were. */
function rowCounts(): Record<string, number> {
  const client = getDb().$client;
  const tables = client
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      (client.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n,
    ]),
  );
}
