// The HTTP layer in front of the real routes: Express, the Remix server build compiled from
// app/, and this file's own SQLite database, driven over real HTTP with paths sent as written.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { invitePerson } from "~/models/accounts/invitations.server";
import { enableCalendarFeed } from "~/models/rota/calendar-feed.server";
import { actorFor, createTwoWardTrust } from "../support/factories";
import { type RealApp, rawRequest, startRealApp } from "../support/real-app";

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
    let answer = { status: 0, contentType: "", body: "" };
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
    let answer = { status: 0, contentType: "", body: "" };
    const lines = await logLinesOf(async () => {
      answer = await rawRequest(app.base, { path: spelling.replace("TOKEN", outcome.token) });
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain(email);
    expect(lines.some((line) => line.includes("/invite/[token]"))).toBe(true);
    expect(lines.join("\n")).not.toContain(outcome.token);
  });
});
