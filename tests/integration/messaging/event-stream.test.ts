// GET /events over real HTTP: the Express app in front of the Remix build, this file's SQLite
// database, and a streaming HTTP client. Writes go through the real model functions in the test
// process; their commits wake the hub in the server build (one commit-listener registry per
// process, docs/decisions/017). The heartbeat is left long here, so that a stream closing on a
// revoked session proves the event-driven path, not the heartbeat's session check.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import {
  createGroup,
  openDirectConversation,
  openShiftThread,
  openTeamChannel,
} from "~/messaging/conversations.server";
import { sendMessage } from "~/messaging/messages.server";
import { endOwnSessions } from "~/models/accounts/devices.server";
import {
  removeMembership,
  setAccountActive,
  signOutEverywhere,
} from "~/models/accounts/members.server";
import { cancelLeave, decideLeave, requestLeave } from "~/models/rota/leave.server";
import { changeShift } from "~/models/rota/shifts.server";
import { type EventStreamClient, openEventStream } from "../../support/event-stream-client";
import { actorFor, addToTeam, createPerson, signInAs } from "../../support/factories";
import { type RealApp, startRealApp } from "../../support/real-app";
import { createWard, type Ward } from "../../support/ward";

let app: RealApp;
let w: Ward;
const open: EventStreamClient[] = [];

beforeAll(async () => {
  process.env.BATON_STREAM_HEARTBEAT_MS = "600000";
  app = await startRealApp({ logRequests: false });
  w = await createWard();
}, 120_000);
afterAll(() => app?.close());
afterEach(() => {
  for (const client of open.splice(0)) client.disconnect();
});

const as = (person: { id: string }) => actorFor(person.id);
let n = 0;
const say = (person: { id: string }, conversationId: string, body: string) =>
  sendMessage({ actor: as(person), conversationId, clientId: `s-${n++}`, body }).message;

/** A signed-in stream for the person, resuming after `lastEventId` if given. */
async function streamOf(person: { id: string }, lastEventId?: string, cookie?: string) {
  const client = await openEventStream(app.base, {
    cookie: cookie ?? signInAs(person.id).cookie,
    lastEventId,
  });
  open.push(client);
  expect(client.status).toBe(200);
  return client;
}

const messageIdsIn = (client: EventStreamClient) =>
  client.events
    .filter((e) => e.event === "message.created")
    .map((e) => JSON.parse(e.data).messageId as string);

/** A new member of ward 7, with their membership id. */
async function newcomer(name: string) {
  const person = await createPerson({ organisationId: w.trust.organisation.id, name });
  return { ...person, membershipId: addToTeam(person.id, w.ward, "staff").id };
}

/** Polls `condition` until it holds or `timeoutMs` passes. */
async function until(condition: () => boolean, what: string, timeoutMs = 2_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const newestSeq = () =>
  Number(getDb().$client.prepare("SELECT coalesce(max(seq), 0) FROM events").pluck().get());

const has = (client: EventStreamClient, messageId: string) => () =>
  messageIdsIn(client).includes(messageId);

describe("the event stream", () => {
  it("answers a request without a session with 401 and no stream", async () => {
    const client = await openEventStream(app.base, {});
    open.push(client);
    await client.waitFor(client.ended, "the answer to end");
    expect(client.status).toBe(401);
    expect(client.headers["content-type"]).not.toContain("text/event-stream");
    expect(client.events).toEqual([]);
  });

  it("answers a cookie whose session was ended with 401", async () => {
    const session = signInAs(w.nia.id);
    endOwnSessions({ actor: as(w.nia), currentSessionId: session.sessionId, which: "all" });
    const client = await openEventStream(app.base, { cookie: session.cookie });
    open.push(client);
    expect(client.status).toBe(401);
  });

  it("is an uncached, unbuffered event stream", async () => {
    const client = await streamOf(w.nia);
    expect(client.headers["content-type"]).toContain("text/event-stream");
    expect(client.headers["cache-control"]).toContain("no-cache");
    expect(client.headers["cache-control"]).toContain("no-transform");
    expect(client.headers["x-accel-buffering"]).toBe("no");
  });

  it("is not compressed even when the client accepts gzip", async () => {
    const group = createGroup({ actor: as(w.nia), name: "Gzip", userIds: [w.omar.id] });
    const client = await openEventStream(app.base, {
      cookie: signInAs(w.omar.id).cookie,
      headers: { "Accept-Encoding": "gzip, deflate, br" },
    });
    open.push(client);
    const message = say(w.nia, group.id, "Bed 4 is ready");
    await client.waitFor(has(client, message.id), "the message event as plain text");
    expect(client.headers["content-encoding"]).toBeUndefined();
  });

  it("delivers a conversation's events in order, with the event log sequence as each id and no message text", async () => {
    const group = createGroup({ actor: as(w.nia), name: "Order", userIds: [w.omar.id] });
    const omar = await streamOf(w.omar);
    const sent = ["first", "second", "third"].map((body) => say(w.nia, group.id, body));
    const last = sent.at(-1)?.id ?? "";
    await omar.waitFor(has(omar, last), "the third message");
    expect(messageIdsIn(omar)).toEqual(sent.map((m) => m.id));
    const ids = omar.events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const messageEvents = omar.events.filter((e) => e.event === "message.created");
    for (const event of messageEvents) {
      expect(JSON.parse(event.data)).toMatchObject({ conversationId: group.id });
      expect(event.data).not.toMatch(/first|second|third/);
    }
  });

  it("sends another ward's member nothing of this ward's conversations", async () => {
    const group = createGroup({ actor: as(w.nia), name: "Ward 7 only", userIds: [w.omar.id] });
    const stranger = await streamOf(w.trust.staff12);
    const omar = await streamOf(w.omar);
    const ward7 = say(w.nia, group.id, "ward 7 news");
    // Then something the stranger may see: once it has arrived, the earlier event had its chance.
    const direct = openDirectConversation({
      actor: as(w.trust.manager12),
      userId: w.trust.staff12.id,
    });
    const marker = say(w.trust.manager12, direct.id, "ward 12 news");
    await stranger.waitFor(has(stranger, marker.id), "the stranger's own message");
    await omar.waitFor(has(omar, ward7.id), "the ward 7 message");
    expect(messageIdsIn(stranger)).toEqual([marker.id]);
    expect(messageIdsIn(omar)).not.toContain(marker.id);
  });

  it("starts a first connection at the newest event, replaying nothing", async () => {
    const group = createGroup({ actor: as(w.nia), name: "Fresh", userIds: [w.omar.id] });
    const before = say(w.nia, group.id, "before");
    const omar = await streamOf(w.omar);
    const after = say(w.nia, group.id, "after");
    await omar.waitFor(has(omar, after.id), "the message sent after connecting");
    expect(messageIdsIn(omar)).toEqual([after.id]);
    expect(messageIdsIn(omar)).not.toContain(before.id);
  });

  it("resumes after Last-Event-ID with no gap and no duplicate, including events written while disconnected", async () => {
    const group = createGroup({ actor: as(w.nia), name: "Resume", userIds: [w.omar.id] });
    const { cookie } = signInAs(w.omar.id);
    const first = await streamOf(w.omar, undefined, cookie);
    const seen = say(w.nia, group.id, "seen");
    await first.waitFor(has(first, seen.id), "the first message");
    const resumeFrom = first.lastEventId() ?? "";
    first.disconnect();

    const missed = [say(w.nia, group.id, "missed one"), say(w.omar, group.id, "missed two")];
    const again = await streamOf(w.omar, resumeFrom, cookie);
    const live = say(w.nia, group.id, "live again");
    await again.waitFor(has(again, live.id), "the live message after resuming");
    expect(messageIdsIn(again)).toEqual([...missed, live].map((m) => m.id));
    const ids = again.events.map((e) => Number(e.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.min(...ids)).toBeGreaterThan(Number(resumeFrom));
  });

  it("resumes from a lastEventId query when no header is sent, as a tab taking over the stream does", async () => {
    const group = createGroup({ actor: as(w.nia), name: "Takeover", userIds: [w.omar.id] });
    const from = newestSeq();
    const missed = say(w.nia, group.id, "sent before the new tab connected");
    const client = await openEventStream(app.base, {
      cookie: signInAs(w.omar.id).cookie,
      path: `/events?lastEventId=${from}`,
    });
    open.push(client);
    await client.waitFor(has(client, missed.id), "the message sent before connecting");
  });

  it("resumes from the Last-Event-ID header rather than the query the page first opened with", async () => {
    const group = createGroup({ actor: as(w.nia), name: "Header wins", userIds: [w.omar.id] });
    const from = newestSeq();
    const seen = say(w.nia, group.id, "seen before the reconnect");
    const after = newestSeq();
    const missed = say(w.nia, group.id, "missed during the reconnect");
    const client = await openEventStream(app.base, {
      cookie: signInAs(w.omar.id).cookie,
      path: `/events?lastEventId=${from}`,
      lastEventId: String(after),
    });
    open.push(client);
    await client.waitFor(has(client, missed.id), "the message missed during the reconnect");
    expect(messageIdsIn(client)).toEqual([missed.id]);
    expect(messageIdsIn(client)).not.toContain(seen.id);
  });

  it("tells a stream resuming from a gap the log no longer holds to resync, then carries on live", async () => {
    const group = createGroup({ actor: as(w.nia), name: "Old", userIds: [w.omar.id] });
    const old = say(w.nia, group.id, "long ago");
    const oldSeq = Number(
      getDb()
        .$client.prepare("SELECT max(seq) AS seq FROM events WHERE ids LIKE ?")
        .pluck()
        .get(`%${old.id}%`),
    );
    say(w.nia, group.id, "also gone");
    // Retention: everything up to and including the message after "long ago" is deleted.
    getDb()
      .$client.prepare("DELETE FROM events WHERE seq <= ?")
      .run(oldSeq + 1);
    const newest = Number(getDb().$client.prepare("SELECT max(seq) FROM events").pluck().get());
    const omar = await streamOf(w.omar, String(oldSeq - 1));
    await omar.waitFor(() => omar.events.length > 0, "the first event");
    expect(omar.events[0]).toMatchObject({ event: "resync", id: String(newest) });
    const live = say(w.nia, group.id, "now");
    await omar.waitFor(has(omar, live.id), "the live message");
    expect(messageIdsIn(omar)).toEqual([live.id]);
  });

  it("tells a stream whose Last-Event-ID is not a sequence to resync", async () => {
    const omar = await streamOf(w.omar, "not-a-number");
    await omar.waitFor(() => omar.events.length > 0, "the first event");
    expect(omar.events[0]?.event).toBe("resync");
  });
});

describe("closing streams", () => {
  it("closes the stream of a session its owner signs out of", async () => {
    const session = signInAs(w.pat.id);
    const stream = await streamOf(w.pat, undefined, session.cookie);
    const answer = await fetch(`${app.base}/logout`, {
      method: "POST",
      headers: {
        Cookie: session.cookie,
        Origin: app.base,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "",
      redirect: "manual",
    });
    expect(answer.status).toBe(302);
    await stream.waitFor(stream.ended, "the stream to close", 2_000);
  });

  it("closes only the revoked session's stream when a person signs out one device", async () => {
    const phone = signInAs(w.pat.id);
    const desk = signInAs(w.pat.id);
    const phoneStream = await streamOf(w.pat, undefined, phone.cookie);
    const deskStream = await streamOf(w.pat, undefined, desk.cookie);
    endOwnSessions({ actor: as(w.pat), currentSessionId: desk.sessionId, which: "others" });
    await phoneStream.waitFor(phoneStream.ended, "the phone's stream to close", 2_000);
    // Something Pat may see, after the revocation: the desk's stream is still delivering.
    const channel = openTeamChannel({ actor: as(w.nia), teamId: w.ward });
    const after = say(w.nia, channel.id, "still here?");
    await deskStream.waitFor(has(deskStream, after.id), "the desk's next event");
    expect(deskStream.ended()).toBe(false);
  });

  it("closes every stream of a person a manager signs out everywhere", async () => {
    const one = await streamOf(w.cal);
    const two = await streamOf(w.cal);
    signOutEverywhere({ actor: w.manager(), userId: w.cal.id });
    await one.waitFor(one.ended, "the first stream to close", 2_000);
    await two.waitFor(two.ended, "the second stream to close", 2_000);
  });

  it("closes the stream of a person whose account is deactivated", async () => {
    const person = await newcomer("Dee Activated");
    const stream = await streamOf(person);
    setAccountActive({ actor: actorFor(w.trust.admin.id), userId: person.id, active: false });
    await stream.waitFor(stream.ended, "the stream to close", 2_000);
  });

  it("closes the stream of a person removed from the team, so that it reconnects with their new access", async () => {
    const person = await newcomer("Lea Ving");
    const stream = await streamOf(person);
    removeMembership({ actor: w.manager(), teamId: w.ward, membershipId: person.membershipId });
    await stream.waitFor(stream.ended, "the stream to close", 2_000);
  });
});

describe("the streams the server holds", () => {
  type Hub = typeof import("~/messaging/stream-hub.server");
  const hub = () => app.serverModule<Hub>("/app/messaging/stream-hub.server.ts");

  it("forgets a stream as soon as its client disconnects", async () => {
    const { openStreamCount } = await hub();
    const before = openStreamCount();
    const stream = await streamOf(w.omar);
    expect(openStreamCount()).toBe(before + 1);
    stream.disconnect();
    await until(() => openStreamCount() === before, "the hub to drop the stream");
  });

  it("ends every open stream when the server shuts down", async () => {
    const one = await streamOf(w.nia);
    const two = await streamOf(w.omar);
    (await hub()).closeAllStreams();
    await one.waitFor(one.ended, "the first stream to end", 2_000);
    await two.waitFor(two.ended, "the second stream to end", 2_000);
  });
});

describe("a shift thread's events follow the rota", () => {
  it("stop reaching the person taken off the shift at once, and start reaching the person put on", async () => {
    const { shiftIds } = w.rota("2027-03-01", "2027-03-07", [
      { userId: w.nia.id, type: w.types.N, date: "2027-03-02" },
    ]);
    const thread = openShiftThread({
      actor: as(w.nia),
      teamId: w.ward,
      shiftTypeId: w.types.N,
      date: "2027-03-02",
    });
    const channel = openTeamChannel({ actor: as(w.nia), teamId: w.ward });
    const nia = await streamOf(w.nia);
    const pat = await streamOf(w.pat);
    const whileOn = say(w.trust.manager7, thread.id, "Bay 2 needs a second check");
    await nia.waitFor(has(nia, whileOn.id), "Nia's thread message while on the shift");

    changeShift({
      actor: w.manager(),
      teamId: w.ward,
      shiftId: shiftIds[0] ?? "",
      userId: w.pat.id,
      shiftTypeId: w.types.N,
      date: "2027-03-02",
    });
    const afterChange = say(w.trust.manager7, thread.id, "Pat, you are on tonight");
    // Then a team channel message both may see: once Nia has it, the thread's had its chance.
    const marker = say(w.trust.manager7, channel.id, "Team notice");
    await nia.waitFor(has(nia, marker.id), "Nia's team channel message");
    await pat.waitFor(has(pat, marker.id), "Pat's team channel message");
    expect(messageIdsIn(nia)).toEqual([whileOn.id, marker.id]);
    expect(messageIdsIn(pat)).toEqual([afterChange.id, marker.id]);
  });

  it("stop reaching a person whose leave for the shift's day is approved, who gets 404 on the thread, and reach them again when they cancel it", async () => {
    const day = "2027-04-06";
    w.rota("2027-04-05", "2027-04-11", [{ userId: w.omar.id, type: w.types.N, date: day }]);
    const thread = openShiftThread({
      actor: as(w.omar),
      teamId: w.ward,
      shiftTypeId: w.types.N,
      date: day,
    });
    const channel = openTeamChannel({ actor: as(w.omar), teamId: w.ward });
    const { cookie } = signInAs(w.omar.id);
    const threadPage = () =>
      fetch(`${app.base}/messages/${thread.id}`, {
        headers: { Cookie: cookie },
        redirect: "manual",
      });
    const omar = await streamOf(w.omar, undefined, cookie);
    const before = say(w.trust.manager7, thread.id, "Who is bringing the keys?");
    await omar.waitFor(has(omar, before.id), "the thread's message before the leave");
    expect((await threadPage()).status).toBe(200);

    const { leaveId } = requestLeave({
      actor: as(w.omar),
      teamId: w.ward,
      kind: "annual",
      startDate: day,
      endDate: day,
      today: "2027-01-01",
    });
    decideLeave({ actor: w.manager(), teamId: w.ward, leaveId, decision: "approved" });
    // The open page is told to reload (ids only), and loses the thread when it does.
    await omar.waitFor(
      () =>
        omar.events.some(
          (e) => e.event === "rota.leave-changed" && JSON.parse(e.data).leaveId === leaveId,
        ),
      "the leave event",
    );
    expect((await threadPage()).status).toBe(404);
    const whileAway = say(w.trust.manager7, thread.id, "Omar is on leave, who covers?");
    const marker = say(w.trust.manager7, channel.id, "Team notice while Omar is away");
    await omar.waitFor(has(omar, marker.id), "the team channel message");
    expect(messageIdsIn(omar)).not.toContain(whileAway.id);

    cancelLeave({ actor: as(w.omar), teamId: w.ward, leaveId, today: "2027-01-01" });
    await omar.waitFor(
      () => omar.events.filter((e) => e.event === "rota.leave-changed").length === 2,
      "the cancellation's event",
    );
    expect((await threadPage()).status).toBe(200);
    const back = say(w.trust.manager7, thread.id, "Omar is back on tonight");
    await omar.waitFor(has(omar, back.id), "the thread's message after cancelling");
  });
});

describe("notifications on the stream", () => {
  it("tells the person mentioned, by the notification's id and not its text", async () => {
    const group = createGroup({
      actor: as(w.nia),
      name: "Mentions",
      userIds: [w.pat.id, w.omar.id],
    });
    const pat = await streamOf(w.pat);
    const omar = await streamOf(w.omar);
    sendMessage({
      actor: as(w.nia),
      conversationId: group.id,
      clientId: "mention-1",
      body: "Pat, can you check bed 4?",
      mentionUserIds: [w.pat.id],
    });
    const notified = (client: EventStreamClient) =>
      client.events.filter((e) => e.event === "notification.created");
    await pat.waitFor(() => notified(pat).length === 1, "Pat's notification event");
    expect(Object.keys(JSON.parse(notified(pat)[0]?.data ?? "{}"))).toEqual(["notificationId"]);
    expect(notified(pat)[0]?.data).not.toMatch(/Nia|mentioned|bed/i);
    // Omar gets the message but no notification: once the message is there, so would it be.
    await omar.waitFor(() => messageIdsIn(omar).length === 1, "Omar's message event");
    expect(notified(omar)).toEqual([]);
  });
});
