// GET /events with a short heartbeat (the 15 s of production is configurable for tests): the
// comments that keep a quiet stream open, and the checks that ride on them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { type EventStreamClient, openEventStream } from "../../support/event-stream-client";
import { signInAs } from "../../support/factories";
import { type RealApp, startRealApp } from "../../support/real-app";
import { createWard, type Ward } from "../../support/ward";

let app: RealApp;
let w: Ward;
const open: EventStreamClient[] = [];

beforeAll(async () => {
  process.env.BATON_STREAM_HEARTBEAT_MS = "100";
  app = await startRealApp({ logRequests: false });
  w = await createWard();
}, 120_000);
afterAll(() => app?.close());
afterEach(() => {
  for (const client of open.splice(0)) client.disconnect();
});

async function streamWith(cookie: string) {
  const client = await openEventStream(app.base, { cookie });
  open.push(client);
  expect(client.status).toBe(200);
  return client;
}

describe("heartbeats", () => {
  it("sends a comment on a quiet stream at each heartbeat", async () => {
    const stream = await streamWith(signInAs(w.nia.id).cookie);
    await stream.waitFor(() => stream.comments.length >= 3, "three heartbeats", 3_000);
    expect(stream.events).toEqual([]);
  });

  it("closes a stream at its next heartbeat when its session ended without telling the hub", async () => {
    const session = signInAs(w.omar.id);
    const stream = await streamWith(session.cookie);
    // As an expired session leaves, or another process deleting it: no event is written.
    getDb().$client.prepare("DELETE FROM sessions WHERE id = ?").run(session.sessionId);
    await stream.waitFor(stream.ended, "the stream to close", 3_000);
  });

  it("delivers at the next heartbeat an event committed where no commit listener runs", async () => {
    const stream = await streamWith(signInAs(w.pat.id).cookie);
    // As another process (a script) would write it: on a connection of its own, no wake-up.
    getDb()
      .$client.prepare(
        "INSERT INTO events (at, audience_type, audience_id, kind, ids) VALUES (?, 'user', ?, 'rota.published', '{}')",
      )
      .run(Date.now(), w.pat.id);
    await stream.waitFor(
      () => stream.events.some((e) => e.event === "rota.published"),
      "the event",
      3_000,
    );
  });
});
