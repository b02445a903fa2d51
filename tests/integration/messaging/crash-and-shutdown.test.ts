// Durability of messages across a crash and a shutdown, over real HTTP against a server in its
// own process (tests/support/app-process-main.ts) on this file's SQLite database: members with
// open event streams post through POST /messages/<id> under load, then the server is killed
// (SIGKILL, as kill -9) or stopped (SIGTERM), started again on the same database and port, and
// the members resume with Last-Event-ID. A correctness property (issue 9), so it runs here with
// a small load; `npm run bench -- streams` runs it at 200 messages a second.
//
// It fails when a message whose POST was answered is missing from the database or from a
// member's streams, when a stream carries a message twice, or when retrying an unanswered send
// with its client id makes a second message.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { openTeamChannel } from "~/messaging/conversations.server";
import { type AppProcess, freePort, startAppProcess } from "../../support/app-process";
import {
  actorFor,
  addToTeam,
  createOrganisation,
  createPerson,
  createTeam,
  signInAs,
} from "../../support/factories";
import { LiveLoad, type LoadPerson, type Send } from "../../support/live-load";

const TEAMS = 2;
const PEOPLE_PER_TEAM = 12;
const RATE = 40; // messages a second, across both team channels

const people: LoadPerson[] = [];
let port = 0;
const running: AppProcess[] = [];
const loads: LiveLoad[] = [];

beforeAll(async () => {
  const organisation = createOrganisation();
  for (let t = 0; t < TEAMS; t++) {
    const team = createTeam(organisation.id, `Ward ${t + 1}`);
    const ids: string[] = [];
    for (let p = 0; p < PEOPLE_PER_TEAM; p++) {
      const person = await createPerson({ organisationId: organisation.id, name: `P${t}-${p}` });
      addToTeam(person.id, team.id, p === 0 ? "manager" : "staff");
      ids.push(person.id);
    }
    const channel = openTeamChannel({ actor: actorFor(ids[0] ?? ""), teamId: team.id });
    for (const userId of ids)
      people.push({ userId, cookie: signInAs(userId).cookie, conversationId: channel.id });
  }
  port = await freePort();
}, 60_000);

afterEach(async () => {
  for (const load of loads.splice(0)) load.disconnect();
  for (const app of running.splice(0)) {
    app.child.kill("SIGKILL");
    await app.exited;
  }
});

async function startServer(): Promise<AppProcess> {
  const app = await startAppProcess({
    args: ["tests/support/app-process-main.ts"],
    port,
    env: { BATON_DATABASE_PATH: process.env.BATON_DATABASE_PATH ?? "" },
  });
  running.push(app);
  return app;
}

/** The client ids of `sends` that have no row in the messages table. */
function missingFromDatabase(sends: Send[]): string[] {
  const stored = new Set(
    getDb()
      .$client.prepare(
        "SELECT client_id FROM messages WHERE client_id IN (SELECT value FROM json_each(?))",
      )
      .pluck()
      .all(JSON.stringify(sends.map((s) => s.clientId))) as string[],
  );
  return sends.map((s) => s.clientId).filter((id) => !stored.has(id));
}

/** Client ids stored more than once, among `sends`. */
function storedTwice(sends: Send[]): string[] {
  return getDb()
    .$client.prepare(
      `SELECT client_id FROM messages WHERE client_id IN (SELECT value FROM json_each(?))
       GROUP BY conversation_id, sender_user_id, client_id HAVING count(*) > 1`,
    )
    .pluck()
    .all(JSON.stringify(sends.map((s) => s.clientId))) as string[];
}

async function until(
  condition: () => boolean,
  what: string,
  { timeoutMs = 30_000, everyMs = 20 } = {},
) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * Starts the server and the load, stops the server with `signal` once `acknowledgedFirst` sends
 * have been answered, and returns the load with its posting ended and every answer in.
 */
async function loadThenStop(signal: "SIGKILL" | "SIGTERM", prefix: string) {
  const app = await startServer();
  const load = new LiveLoad(app.base, people, prefix);
  loads.push(load);
  await load.connect();
  const posting = load.run({ rate: RATE, seconds: 120 });
  await until(() => load.list("acknowledged").length >= 60, "60 answered sends");
  // Stop while sends are on their way, so that what happens to them is what is tested.
  await until(() => load.list("pending").length >= 1, "a send in flight", { everyMs: 1 });
  const stoppedAt = performance.now();
  app.child.kill(signal);
  const exit = await app.exited;
  const stopMs = performance.now() - stoppedAt;
  load.stop();
  await posting;
  // Sent before the signal: being handled, or on their way on a kept-alive connection.
  const sentBeforeStop = load.list().filter((s) => s.startedAt < stoppedAt);
  return { load, exit, stopMs, sentBeforeStop };
}

/**
 * Restarts the server, retries what was never answered and posts more while the members' streams
 * are still down (as phones wait out EventSource's retry delay), then resumes every stream with
 * its Last-Event-ID and checks that nothing answered is missing or doubled anywhere.
 */
async function restartAndResume(load: LiveLoad) {
  const acknowledgedBefore = load.list("acknowledged");
  await startServer();
  const unanswered = load.list().filter((s) => s.outcome !== "acknowledged");
  const retried = await Promise.all(unanswered.map((s) => load.post(s.sender, s.clientId)));
  expect(retried.filter((s) => s.outcome !== "acknowledged")).toEqual([]);
  await load.run({ rate: 100, seconds: 0.3 });
  const { withoutLastEventId } = await load.connect({ resume: true });
  expect(withoutLastEventId).toBe(0);

  const everything = load.list("acknowledged");
  expect(everything).toHaveLength(load.sends.size);
  const counts = await load.waitForDeliveries(everything, 20_000);
  expect(counts.lostClientIds).toEqual([]);
  expect(counts.duplicated).toBe(0);
  expect(load.resyncs).toBe(0);
  // A retry whose first attempt had committed unanswered gives back that message, not a second.
  expect(storedTwice(everything)).toEqual([]);
  expect(missingFromDatabase(everything)).toEqual([]);
  console.info(
    `${acknowledgedBefore.length} answered before the stop, ${unanswered.length} retried, ` +
      `${counts.delivered} deliveries`,
  );
  return { acknowledgedBefore: acknowledgedBefore.length, retried: retried.length };
}

describe("messages under load", () => {
  it("survive kill -9: every answered send is stored and reaches every member after resuming", async () => {
    const { load, exit } = await loadThenStop("SIGKILL", "crash");
    expect(exit.signal).toBe("SIGKILL");
    // Answered means committed: nothing answered is missing, before anything restarts.
    expect(missingFromDatabase(load.list("acknowledged"))).toEqual([]);
    const { acknowledgedBefore } = await restartAndResume(load);
    expect(acknowledgedBefore).toBeGreaterThanOrEqual(60);
  }, 240_000);

  it("survive SIGTERM: streams end cleanly, requests in flight finish, the process exits 0", async () => {
    const { load, exit, stopMs, sentBeforeStop } = await loadThenStop("SIGTERM", "term");
    console.info(`SIGTERM to exit: ${stopMs.toFixed(0)} ms, ${sentBeforeStop.length} sent before`);
    expect(exit.code).toBe(0);
    // Before the 10 s after which server/shutdown.ts cuts whatever is still open.
    expect(stopMs).toBeLessThan(9_000);
    expect(load.allStreams().every((s) => s.endedCleanly())).toBe(true);
    // Never answered and missing: each send was answered and stored, or refused a connection.
    expect(load.list("refused")).toEqual([]);
    expect(missingFromDatabase(load.list("acknowledged"))).toEqual([]);
    // A graceful stop answers what was sent before it: no connection reset for a post on its
    // way on a kept-alive connection (server/shutdown.ts ends only connections left quiet).
    expect(
      sentBeforeStop.filter((s) => s.outcome !== "acknowledged").map((s) => s.error ?? s.outcome),
    ).toEqual([]);
    await restartAndResume(load);
  }, 240_000);
});
