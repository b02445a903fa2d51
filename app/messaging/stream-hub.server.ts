// The stream hub: every open event stream of this process, and the one reader of the event log
// that feeds them (DESIGN.md, "Real time"; docs/decisions/017).
//
// - A write transaction's commit wakes the hub (`onCommit`, the one wake-up interface); wakes
//   are coalesced, and the hub reads the new event rows once, not once per connection, then
//   offers each row to every connection whose person may see it now.
// - A stream starts at the newest sequence, or replays what its person may see after the
//   Last-Event-ID it resumes from; a gap the log no longer holds gets one "resync" event.
// - "session.ended" and "membership.changed" rows close the affected streams at once: a revoked
//   session stops at once, and a person whose teams changed reconnects with their new access.
//   Every heartbeat also re-checks each stream's session, as a backstop.
// - Memory per connection is bounded: a client that leaves more than `maxBufferedBytes`
//   unread is closed and resumes with Last-Event-ID; no queue of our own grows.
import { onCommit } from "~/db/connection.server";
import { type Actor, isMemberOf } from "~/models/accounts/permissions";
import { sessionIsLive } from "~/models/accounts/sessions.server";
import {
  type LoggedEvent,
  newestEventSeq,
  readAllEventsAfter,
} from "~/models/notifications/events.server";
import { conversationWithId, readerCheck } from "./conversation-access.server";
import { eventsFor } from "./event-feed.server";
import { commentFrame, eventFrame, retryFrame } from "./sse-frames";

/** Where a stream's text goes: the HTTP response, in the route. */
export type StreamSink = {
  write: (text: string) => void;
  /** Ends the response; the browser reconnects (or, if its session is gone, is refused). */
  end: () => void;
  /** Bytes written to the response that the client has not yet taken. */
  bufferedBytes: () => number;
};

export type StreamSettings = {
  /** Between heartbeat comments, and session re-checks (ms). DESIGN.md: 15 s. */
  heartbeatMs: number;
  /** How long a wake waits for more commits before reading the log (ms). */
  coalesceMs: number;
  /** Unread bytes after which a slow client is closed (it resumes with Last-Event-ID). */
  maxBufferedBytes: number;
  /** Rows of the log a resume may examine; a longer gap gets "resync" instead. */
  maxReplayRows: number;
  /** Told to the browser: how long to wait before reconnecting (ms). */
  retryMs: number;
};

/**
 * From the environment, read when the first stream opens: BATON_STREAM_HEARTBEAT_MS (tests use a
 * short one); the rest are fixed.
 */
function settingsFromEnvironment(): StreamSettings {
  const heartbeat = Number(process.env.BATON_STREAM_HEARTBEAT_MS);
  return {
    heartbeatMs: Number.isFinite(heartbeat) && heartbeat > 0 ? heartbeat : 15_000,
    // Commits in the same turn of the event loop share a read; waiting longer (10 ms) bought
    // little batching at 200 messages a second and was most of the median delivery time.
    coalesceMs: 1,
    maxBufferedBytes: 256 * 1024,
    maxReplayRows: 5_000,
    retryMs: 3_000,
  };
}

/** Kinds the hub acts on itself: never sent to a page. */
const HUB_KINDS = new Set(["session.ended", "membership.changed"]);

type Connection = {
  sessionId: string;
  actor: Actor;
  sink: StreamSink;
  /** The highest sequence this stream has covered (sent, or examined by its replay). */
  coveredSeq: number;
};

type Hub = {
  settings: StreamSettings;
  connections: Set<Connection>;
  /** The highest sequence the hub has read and fanned out. */
  cursor: number;
  wakeTimer: ReturnType<typeof setTimeout> | undefined;
  heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  unsubscribe: () => void;
};

let hub: Hub | undefined;

function startedHub(): Hub {
  if (hub) return hub;
  const started: Hub = {
    settings: settingsFromEnvironment(),
    connections: new Set(),
    cursor: newestEventSeq(),
    wakeTimer: undefined,
    heartbeatTimer: undefined,
    unsubscribe: () => {},
  };
  started.unsubscribe = onCommit(() => wake(started));
  hub = started;
  return started;
}

/** Coalesces wakes: many commits close together become one read of the log. */
function wake(h: Hub): void {
  if (h.wakeTimer || h.connections.size === 0) return;
  h.wakeTimer = setTimeout(() => {
    h.wakeTimer = undefined;
    drainSafely(h);
  }, h.settings.coalesceMs);
  h.wakeTimer.unref?.();
}

/**
 * `drain` from a timer, where a thrown error would end the process. The cursor has not moved
 * past the failed read, so the next wake or heartbeat tries again; streams that were already
 * sent part of it skip those rows (`coveredSeq`).
 */
function drainSafely(h: Hub): void {
  try {
    drain(h);
  } catch (error) {
    console.error("The stream hub could not read the event log:", error);
  }
}

/** Reads every row after the hub's cursor, once, and fans each out. */
function drain(h: Hub): void {
  if (h.connections.size === 0) {
    // Nobody to tell: skip the rows rather than read them.
    h.cursor = newestEventSeq();
    return;
  }
  const pageSize = 500;
  for (;;) {
    const rows = readAllEventsAfter({ after: h.cursor, limit: pageSize });
    if (rows.length === 0) return;
    fanOut(h, rows);
    h.cursor = rows.at(-1)?.seq ?? h.cursor;
    if (rows.length < pageSize) return;
  }
}

/**
 * Offers each row to every connection whose person may see it now. Access to a conversation is
 * checked once per conversation per read (`readerCheck`), for all connections at once.
 */
function fanOut(h: Hub, rows: LoggedEvent[]): void {
  const checks = new Map<string, (actor: Actor) => boolean>();
  const conversationCheck = (conversationId: string) => {
    let check = checks.get(conversationId);
    if (!check) {
      const conversation = conversationWithId(conversationId);
      check = conversation ? readerCheck(conversation) : () => false;
      checks.set(conversationId, check);
    }
    return check;
  };
  for (const event of rows) {
    if (event.kind === "session.ended") {
      closeWhere(h, (c) => c.sessionId === event.ids.sessionId);
      continue;
    }
    if (event.kind === "membership.changed") {
      closeWhere(h, (c) => c.actor.userId === event.audience.id);
      continue;
    }
    const { audience } = event;
    const maySee =
      audience.type === "user"
        ? (actor: Actor) => actor.userId === audience.id
        : audience.type === "team"
          ? (actor: Actor) => isMemberOf(actor, audience.id)
          : conversationCheck(audience.id);
    let frame: string | undefined;
    for (const connection of [...h.connections]) {
      if (event.seq <= connection.coveredSeq || !maySee(connection.actor)) continue;
      frame ??= frameOf(event);
      send(h, connection, frame);
      connection.coveredSeq = event.seq;
    }
  }
}

/** A row as the page receives it: its ids are the data (never content: see events.server.ts). */
function frameOf(event: LoggedEvent): string {
  return eventFrame({ seq: event.seq, kind: event.kind, data: event.ids });
}

/** Writes to one stream, or closes it if its client has fallen too far behind. */
function send(h: Hub, connection: Connection, text: string): void {
  if (connection.sink.bufferedBytes() > h.settings.maxBufferedBytes) {
    close(h, connection);
    return;
  }
  connection.sink.write(text);
}

function close(h: Hub, connection: Connection): void {
  if (!h.connections.delete(connection)) return;
  connection.sink.end();
  if (h.connections.size === 0) stopHeartbeat(h);
}

function closeWhere(h: Hub, matches: (connection: Connection) => boolean): void {
  for (const connection of [...h.connections]) if (matches(connection)) close(h, connection);
}

function startHeartbeat(h: Hub): void {
  if (h.heartbeatTimer) return;
  // One timer for every stream, not one each.
  h.heartbeatTimer = setInterval(() => heartbeat(h), h.settings.heartbeatMs);
  h.heartbeatTimer.unref?.();
}

function stopHeartbeat(h: Hub): void {
  clearInterval(h.heartbeatTimer);
  h.heartbeatTimer = undefined;
}

/**
 * Catches up with the log first (a commit by another process, such as a script, wakes nobody),
 * then ends streams whose session has ended by any path (expiry, idle time, a deletion that wrote
 * no event), and sends the rest a comment.
 */
function heartbeat(h: Hub): void {
  drainSafely(h);
  const now = new Date();
  try {
    for (const connection of [...h.connections]) {
      if (!sessionIsLive(connection.sessionId, now)) close(h, connection);
      else send(h, connection, commentFrame("heartbeat"));
    }
  } catch (error) {
    console.error("The stream hub could not check its sessions:", error);
  }
}

/**
 * Opens one stream for a signed-in session and writes its start: the retry delay, then either
 * nothing (no `lastEventId`: a first connection starts at the newest sequence), the events the
 * person may see after `lastEventId` in order, or one "resync" event when that gap cannot be
 * replayed (older than the oldest row kept, longer than `maxReplayRows`, unreadable, or ahead
 * of the log). After that the hub writes live events until `close` or the hub ends the stream.
 *
 * @param lastEventId the parsed Last-Event-ID: null when absent, "invalid" when unreadable.
 * @returns `close`, for when the client goes away (safe to call more than once).
 */
export function openStream({
  sessionId,
  actor,
  lastEventId,
  sink,
}: {
  sessionId: string;
  actor: Actor;
  lastEventId: number | null | "invalid";
  sink: StreamSink;
}): { close: () => void } {
  const h = startedHub();
  const connection: Connection = { sessionId, actor, sink, coveredSeq: 0 };
  sink.write(retryFrame(h.settings.retryMs));
  const newest = newestEventSeq();
  if (lastEventId === null) {
    connection.coveredSeq = newest;
  } else {
    const replay =
      lastEventId === "invalid" || lastEventId > newest
        ? undefined
        : replayAfter(actor, lastEventId, h.settings.maxReplayRows);
    if (replay) {
      for (const event of replay.events) sink.write(frameOf(event));
      connection.coveredSeq = replay.through;
    } else {
      // The page cannot be brought up to date from the log: it reloads its data, and the
      // stream carries on from the newest sequence (the resync's id is what it resumes from).
      sink.write(eventFrame({ seq: newest, kind: "resync", data: {} }));
      connection.coveredSeq = newest;
    }
  }
  // Replay and registration happen in one synchronous step: no commit can land between them,
  // and rows the hub has not yet read are skipped for this stream up to `coveredSeq`.
  // With no other stream open, nobody needs the rows the idle hub skipped: start after them.
  if (h.connections.size === 0) h.cursor = Math.max(h.cursor, newest);
  h.connections.add(connection);
  startHeartbeat(h);
  return { close: () => close(h, connection) };
}

/**
 * The events the person may see after `after`, examined through the newest row, or undefined
 * when the log cannot replay the gap (rows already deleted, or more than `maxRows` to read).
 */
function replayAfter(
  actor: Actor,
  after: number,
  maxRows: number,
): { events: LoggedEvent[]; through: number } | undefined {
  const events: LoggedEvent[] = [];
  let through = after;
  let examined = 0;
  for (;;) {
    const page = eventsFor({ actor, after: through, limit: 500 });
    if (page.tooOld) return undefined;
    examined += page.through - through;
    if (examined > maxRows) return undefined;
    events.push(...page.events.filter((e) => !HUB_KINDS.has(e.kind)));
    through = page.through;
    if (!page.more) return { events, through };
  }
}

/** Ends every open stream (SIGTERM): browsers reconnect, with Last-Event-ID, to what serves next. */
export function closeAllStreams(): void {
  if (!hub) return;
  const h = hub;
  closeWhere(h, () => true);
  clearTimeout(h.wakeTimer);
  h.wakeTimer = undefined;
  h.unsubscribe();
  hub = undefined;
}

/** How many streams are open in this process (for tests and the benchmark). */
export function openStreamCount(): number {
  return hub?.connections.size ?? 0;
}
