// The hub without HTTP, on this file's real SQLite database: the races and limits that a client
// over the network cannot time. A stream's sink here is a string kept in memory (what the route
// hands the hub is the HTTP response).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { createGroup } from "~/messaging/conversations.server";
import { sendMessage } from "~/messaging/messages.server";
import { closeAllStreams, openStream, type StreamSink } from "~/messaging/stream-hub.server";
import { actorFor, signInAs } from "../../support/factories";
import { createWard, type Ward } from "../../support/ward";

let w: Ward;
beforeAll(async () => {
  w = await createWard();
});
afterAll(() => closeAllStreams());

let n = 0;
const say = (person: { id: string }, conversationId: string, body: string) =>
  sendMessage({ actor: actorFor(person.id), conversationId, clientId: `h-${n++}`, body }).message;
const newestSeq = () =>
  Number(getDb().$client.prepare("SELECT coalesce(max(seq), 0) FROM events").pluck().get());

/** A sink that keeps what it is sent; `unread` is the client's backlog in bytes. */
function memorySink(unread = () => 0) {
  const sink = { text: "", ended: false };
  const asSink: StreamSink = {
    write: (text) => {
      sink.text += text;
    },
    end: () => {
      sink.ended = true;
    },
    bufferedBytes: unread,
  };
  return { sink, asSink };
}

/** Polls `condition` until it holds or `timeoutMs` passes. */
async function until(condition: () => boolean, what: string, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const countOf = (text: string, needle: string) => text.split(needle).length - 1;

describe("the stream hub", () => {
  it("does not send again an event that a resuming stream replayed before the hub read it", async () => {
    const group = createGroup({ actor: actorFor(w.nia.id), name: "Race", userIds: [w.omar.id] });
    // A stream already open, so the hub is running and reading the log when the message commits.
    const nia = signInAs(w.nia.id);
    openStream({
      sessionId: nia.sessionId,
      actor: nia.actor,
      lastEventId: null,
      sink: memorySink().asSink,
    });
    const from = newestSeq();
    const committed = say(w.nia, group.id, "written just before the reconnect");
    // The commit has woken the hub, which reads after a short delay: the stream opens first and
    // replays the message itself.
    const { sink, asSink } = memorySink();
    const omar = signInAs(w.omar.id);
    openStream({ sessionId: omar.sessionId, actor: omar.actor, lastEventId: from, sink: asSink });
    expect(countOf(sink.text, committed.id)).toBe(1);
    const next = say(w.nia, group.id, "then one more");
    await until(() => sink.text.includes(next.id), "the next message");
    expect(countOf(sink.text, committed.id)).toBe(1);
  });

  it("closes a stream whose client has left more than the limit unread, instead of queueing", async () => {
    const group = createGroup({ actor: actorFor(w.nia.id), name: "Slow", userIds: [w.pat.id] });
    const { sink, asSink } = memorySink(() => 10 * 1024 * 1024);
    const pat = signInAs(w.pat.id);
    openStream({ sessionId: pat.sessionId, actor: pat.actor, lastEventId: null, sink: asSink });
    const message = say(w.nia, group.id, "you will not get this one");
    await until(() => sink.ended, "the slow stream to close");
    expect(sink.text).not.toContain(message.id);
  });
});
