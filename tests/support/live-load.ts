// Members of conversations, each with an open GET /events stream, posting messages through the
// real HTTP endpoint (POST /messages/<id>, the composer's form) at a steady rate, and the ledger
// that says what happened: every send with its outcome, every delivery with its latency, and
// which acknowledged messages a member's stream never carried or carried twice. Used by the
// crash and shutdown tests and by the streams benchmark's load generator (bench/streams-load.ts).
//
// - A send is acknowledged when its answer is the action's redirect back to the conversation:
//   the action answers only after the write transaction has committed. A 200 is the page again
//   with the form's errors (refused); a dropped connection is failed. Neither is acknowledged.
// - Deliveries are matched to sends by the browser's client id, which message.created carries.
//   Every member of the conversation is expected to receive it, the sender included (their other
//   tabs and phones need it too). Latency runs from starting the POST to the event's arrival.
import http from "node:http";
import { type EventStreamClient, openEventStream, type ReceivedEvent } from "./event-stream-client";

export type LoadPerson = { userId: string; cookie: string; conversationId: string };

export type Send = {
  clientId: string;
  conversationId: string;
  sender: LoadPerson;
  /** performance.now() when the first attempt started. */
  startedAt: number;
  /**
   * When the schedule wanted it posted (equal to startedAt for a post outside `run`): latency is
   * counted from here, so that a generator falling behind its schedule shows in the figures.
   */
  dueAt: number;
  outcome: "pending" | "acknowledged" | "refused" | "failed";
  status?: number;
  error?: string;
  attempts: number;
  /** Milliseconds from starting the first attempt to its answer's headers. */
  answeredMs?: number;
};

type Stream = {
  person: LoadPerson;
  client: EventStreamClient | undefined;
  /** What EventSource would send as Last-Event-ID on its next connection. */
  lastEventId: string | null;
  /** Client id -> how many times a message.created for it arrived on this person's streams. */
  received: Map<string, number>;
};

export type DeliveryCounts = {
  /** Acknowledged sends x the members of their conversation. */
  expected: number;
  delivered: number;
  /** Expected deliveries that never arrived. */
  lost: number;
  /** Arrivals beyond the first of the same message on one person's streams. */
  duplicated: number;
  /** Client ids of sends that some member never received. */
  lostClientIds: string[];
};

export class LiveLoad {
  readonly sends = new Map<string, Send>();
  /** Milliseconds from starting each POST to each first arrival of its event, in arrival order. */
  latencies: number[] = [];
  /** `resync` events received: a resume the log could not replay (the page would reload). */
  resyncs = 0;
  private readonly streams: Stream[];
  private readonly members = new Map<string, LoadPerson[]>();
  private readonly conversationIds: string[];
  private readonly streamAgent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  private readonly postAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly host: string;
  private readonly port: string;
  private counter = 0;
  private stopped = false;

  constructor(
    readonly base: string,
    people: LoadPerson[],
    private readonly prefix = "load",
  ) {
    const url = new URL(base);
    this.host = url.hostname;
    this.port = url.port;
    this.streams = people.map((person) => ({
      person,
      client: undefined,
      lastEventId: null,
      received: new Map(),
    }));
    for (const person of people) {
      const list = this.members.get(person.conversationId) ?? [];
      list.push(person);
      this.members.set(person.conversationId, list);
    }
    this.conversationIds = [...this.members.keys()];
  }

  /**
   * Opens every member's stream, `batch` at a time. With `resume`, each sends the last event id
   * its previous stream saw (as EventSource does on reconnecting); returns how many had none.
   */
  async connect({ resume = false, batch = 50 } = {}): Promise<{ withoutLastEventId: number }> {
    let withoutLastEventId = 0;
    for (let i = 0; i < this.streams.length; i += batch) {
      await Promise.all(
        this.streams.slice(i, i + batch).map(async (stream) => {
          stream.lastEventId = stream.client?.lastEventId() ?? stream.lastEventId;
          stream.client?.disconnect();
          if (resume && stream.lastEventId === null) withoutLastEventId++;
          const client = await openEventStream(this.base, {
            cookie: stream.person.cookie,
            lastEventId: resume ? (stream.lastEventId ?? undefined) : undefined,
            record: false,
            agent: this.streamAgent,
            onEvent: (event) => this.arrived(stream, event),
          });
          if (client.status !== 200) throw new Error(`GET /events answered ${client.status}`);
          stream.client = client;
        }),
      );
    }
    return { withoutLastEventId };
  }

  /** Streams the server has not ended. */
  openStreams(): EventStreamClient[] {
    return this.streams.flatMap((s) => (s.client && !s.client.ended() ? [s.client] : []));
  }

  allStreams(): EventStreamClient[] {
    return this.streams.flatMap((s) => (s.client ? [s.client] : []));
  }

  disconnect(): void {
    for (const stream of this.streams) stream.client?.disconnect();
    this.streamAgent.destroy();
    this.postAgent.destroy();
  }

  private arrived(stream: Stream, event: ReceivedEvent): void {
    const now = performance.now();
    if (event.id) stream.lastEventId = event.id;
    if (event.event === "resync") this.resyncs++;
    if (event.event !== "message.created") return;
    const clientId = (JSON.parse(event.data) as { clientId?: string }).clientId;
    if (!clientId) return;
    const times = (stream.received.get(clientId) ?? 0) + 1;
    stream.received.set(clientId, times);
    const send = this.sends.get(clientId);
    if (times === 1 && send && send.attempts === 1) this.latencies.push(now - send.dueAt);
  }

  /** Posts one message as `sender`, or posts `clientId` again (a retry after a lost answer). */
  post(
    sender: LoadPerson,
    clientId = `${this.prefix}-${this.counter++}`,
    dueAt = performance.now(),
  ): Promise<Send> {
    let send = this.sends.get(clientId);
    if (send) {
      send.attempts++;
      send.outcome = "pending";
    } else {
      send = {
        clientId,
        conversationId: sender.conversationId,
        sender,
        startedAt: performance.now(),
        dueAt,
        outcome: "pending",
        attempts: 1,
      };
      this.sends.set(clientId, send);
    }
    const current = send;
    const body = new URLSearchParams({
      intent: "send",
      clientId,
      body: `Load test ${clientId}: bay 3 handover moved to 19:45`,
    }).toString();
    return new Promise((resolve) => {
      let settled = false;
      const settle = (
        outcome: Send["outcome"],
        detail: { status?: number; error?: string; answeredMs?: number },
      ) => {
        if (settled) return;
        settled = true;
        current.outcome = outcome;
        Object.assign(current, detail);
        resolve(current);
      };
      const request = http.request(
        {
          host: this.host,
          port: this.port,
          method: "POST",
          path: `/messages/${current.conversationId}`,
          agent: this.postAgent,
          headers: {
            Cookie: sender.cookie,
            Origin: this.base,
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": Buffer.byteLength(body),
          },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          const location = String(res.headers.location ?? "");
          // The action's redirect is sent only after the write has committed.
          const acknowledged =
            (status === 302 || status === 303) &&
            location.startsWith(`/messages/${current.conversationId}`);
          const answeredMs =
            current.attempts === 1 ? performance.now() - current.startedAt : undefined;
          settle(acknowledged ? "acknowledged" : "refused", { status, answeredMs });
          res.resume();
        },
      );
      request.on("error", (error) => settle("failed", { error: error.message }));
      request.end(body);
    });
  }

  /**
   * Posts `rate` messages a second for `seconds` (or until `stop`), the conversations in turn,
   * each from a member chosen at random, without waiting for answers; resolves once every
   * answer has come (or failed).
   */
  async run({ rate, seconds }: { rate: number; seconds: number }): Promise<void> {
    this.stopped = false;
    const total = Math.floor(rate * seconds);
    const started = performance.now();
    const answers: Promise<Send>[] = [];
    let sent = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
        while (!this.stopped && sent < due) {
          const conversationId = this.conversationIds[sent % this.conversationIds.length] ?? "";
          const members = this.members.get(conversationId) ?? [];
          const sender = members[Math.floor(Math.random() * members.length)];
          if (sender) answers.push(this.post(sender, undefined, started + (sent / rate) * 1000));
          sent++;
        }
        if (this.stopped || sent >= total) {
          clearInterval(timer);
          resolve();
        }
      }, 2);
    });
    await Promise.all(answers);
  }

  /** Ends `run`'s posting; answers already asked for still come in. */
  stop(): void {
    this.stopped = true;
  }

  list(outcome?: Send["outcome"]): Send[] {
    return [...this.sends.values()].filter((s) => !outcome || s.outcome === outcome);
  }

  /** What the members' streams carried of `sends` (by default every acknowledged send). */
  deliveries(sends = this.list("acknowledged")): DeliveryCounts {
    const byUser = new Map(this.streams.map((s) => [s.person.userId, s]));
    let expected = 0;
    let delivered = 0;
    const lostClientIds: string[] = [];
    for (const send of sends) {
      let lost = false;
      for (const member of this.members.get(send.conversationId) ?? []) {
        expected++;
        if (byUser.get(member.userId)?.received.has(send.clientId)) delivered++;
        else lost = true;
      }
      if (lost) lostClientIds.push(send.clientId);
    }
    let duplicated = 0;
    for (const stream of this.streams)
      for (const times of stream.received.values()) duplicated += times - 1;
    return { expected, delivered, lost: expected - delivered, duplicated, lostClientIds };
  }

  /** Waits until every member has `sends`, or `timeoutMs` passes; returns the counts then. */
  async waitForDeliveries(sends = this.list("acknowledged"), timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    let counts = this.deliveries(sends);
    while (counts.lost > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      counts = this.deliveries(sends);
    }
    return counts;
  }
}
