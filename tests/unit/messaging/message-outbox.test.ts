import { describe, expect, it } from "vitest";
import {
  connectionBack,
  emptyOutbox,
  enqueue,
  hasUnsent,
  markSending,
  nextToSend,
  nextWakeAt,
  type OutboxState,
  type OutgoingMessage,
  RETRY_DELAYS_MS,
  retryDelay,
  settle,
  shownByPage,
  takeRefused,
} from "~/components/message-outbox";

const T0 = 1_700_000_000_000;
const online = { now: T0, online: true };

function message(clientId: string, conversationId = "c1"): OutgoingMessage {
  return { clientId, conversationId, body: `text of ${clientId}`, urgent: false, replyTo: null };
}

function queued(...messages: OutgoingMessage[]): OutboxState {
  return messages.reduce((state, m) => enqueue(state, m, T0), emptyOutbox);
}

describe("retryDelay", () => {
  it("waits 2, 5, 10 then 30 seconds after 1, 2, 3 and 4 failures", () => {
    expect([1, 2, 3, 4].map(retryDelay)).toEqual([2_000, 5_000, 10_000, 30_000]);
  });

  it("never waits longer than 30 seconds however many tries failed", () => {
    expect(retryDelay(50)).toBe(30_000);
    expect(Math.max(...RETRY_DELAYS_MS)).toBe(30_000);
  });

  it("treats no failures as the first delay rather than no delay", () => {
    expect(retryDelay(0)).toBe(2_000);
  });
});

describe("enqueue", () => {
  it("never queues the same client id twice", () => {
    const state = queued(message("a"), message("a"));
    expect(state.items.map((i) => i.clientId)).toEqual(["a"]);
  });

  it("keeps messages in the order written", () => {
    const state = queued(message("a"), message("b"), message("c"));
    expect(state.items.map((i) => i.clientId)).toEqual(["a", "b", "c"]);
    expect(state.items.every((i) => i.state === "queued")).toBe(true);
  });
});

describe("nextToSend", () => {
  it("sends nothing while the browser is offline", () => {
    expect(nextToSend(queued(message("a")), { now: T0, online: false })).toBeNull();
  });

  it("sends the oldest message first", () => {
    expect(nextToSend(queued(message("a"), message("b")), online)?.clientId).toBe("a");
  });

  it("sends one message at a time", () => {
    const state = markSending(queued(message("a"), message("b", "c2")), "a");
    expect(nextToSend(state, online)).toBeNull();
  });

  it("never lets a later message of a conversation overtake one still waiting", () => {
    let state = queued(message("a"), message("b"));
    state = settle(markSending(state, "a"), "a", { kind: "failed" }, T0);
    expect(nextToSend(state, online)).toBeNull();
  });

  it("lets another conversation's message go while one conversation waits", () => {
    let state = queued(message("a", "c1"), message("b", "c2"));
    state = settle(markSending(state, "a"), "a", { kind: "failed" }, T0);
    expect(nextToSend(state, online)?.clientId).toBe("b");
  });

  it("passes over messages already stored", () => {
    let state = queued(message("a"), message("b"));
    state = settle(markSending(state, "a"), "a", { kind: "stored" }, T0);
    expect(nextToSend(state, online)?.clientId).toBe("b");
  });

  it("sends nothing when the queue is empty", () => {
    expect(nextToSend(emptyOutbox, online)).toBeNull();
  });
});

describe("settle", () => {
  it("after a network failure keeps the message, waiting, with the same client id", () => {
    const state = settle(markSending(queued(message("a")), "a"), "a", { kind: "failed" }, T0);
    expect(state.items).toEqual([
      expect.objectContaining({ clientId: "a", state: "waiting", failures: 1 }),
    ]);
  });

  it("tries a failed message again only after its backoff", () => {
    const state = settle(markSending(queued(message("a")), "a"), "a", { kind: "failed" }, T0);
    expect(nextToSend(state, { now: T0 + 1_999, online: true })).toBeNull();
    expect(nextToSend(state, { now: T0 + 2_000, online: true })?.clientId).toBe("a");
  });

  it("waits longer after each failure in a row", () => {
    let state = queued(message("a"));
    const delays: number[] = [];
    let now = T0;
    for (let i = 0; i < 5; i += 1) {
      state = settle(markSending(state, "a"), "a", { kind: "failed" }, now);
      const at = nextWakeAt(state) ?? 0;
      delays.push(at - now);
      now = at;
    }
    expect(delays).toEqual([2_000, 5_000, 10_000, 30_000, 30_000]);
  });

  it("on a refusal takes the message out of the queue and hands it back with the reasons", () => {
    const errors = [{ field: "body", message: "This message has an NHS number in it." }];
    const state = settle(
      markSending(queued(message("a"), message("b")), "a"),
      "a",
      { kind: "refused", errors },
      T0,
    );
    expect(state.items.map((i) => i.clientId)).toEqual(["b"]);
    expect(state.refused).toEqual([{ ...message("a"), errors }]);
  });

  it("lets the next message of the conversation go after a refusal", () => {
    const state = settle(
      markSending(queued(message("a"), message("b")), "a"),
      "a",
      { kind: "refused", errors: [{ message: "No." }] },
      T0,
    );
    expect(nextToSend(state, online)?.clientId).toBe("b");
  });

  it("keeps a stored message until the page shows it, so it never blinks out", () => {
    const state = settle(markSending(queued(message("a")), "a"), "a", { kind: "stored" }, T0);
    expect(state.items).toEqual([expect.objectContaining({ clientId: "a", state: "stored" })]);
    expect(hasUnsent(state)).toBe(false);
  });

  it("ignores an answer for a message it no longer holds", () => {
    const state = queued(message("a"));
    expect(settle(state, "gone", { kind: "failed" }, T0)).toBe(state);
  });
});

describe("connectionBack", () => {
  it("makes every waiting message due at once", () => {
    let state = queued(message("a"), message("b", "c2"));
    state = settle(markSending(state, "a"), "a", { kind: "failed" }, T0);
    state = settle(markSending(state, "b"), "b", { kind: "failed" }, T0);
    state = connectionBack(state, T0 + 100);
    expect(state.items.map((i) => i.nextAttemptAt)).toEqual([T0 + 100, T0 + 100]);
    expect(nextToSend(state, { now: T0 + 100, online: true })?.clientId).toBe("a");
  });

  it("changes nothing when nothing waits", () => {
    const state = queued(message("a"));
    expect(connectionBack(state, T0 + 100)).toBe(state);
  });
});

describe("shownByPage", () => {
  it("drops a message the page shows, even if its answer was lost on the way back", () => {
    let state = queued(message("a"), message("b"));
    state = settle(markSending(state, "a"), "a", { kind: "failed" }, T0);
    state = shownByPage(state, new Set(["a"]));
    expect(state.items.map((i) => i.clientId)).toEqual(["b"]);
  });

  it("returns the same state when the page shows none of the outbox's messages", () => {
    const state = queued(message("a"));
    expect(shownByPage(state, new Set(["x"]))).toBe(state);
  });
});

describe("takeRefused", () => {
  it("hands over only the conversation's own refused messages, once", () => {
    let state = queued(message("a", "c1"), message("b", "c2"));
    state = settle(markSending(state, "a"), "a", { kind: "refused", errors: [] }, T0);
    state = settle(markSending(state, "b"), "b", { kind: "refused", errors: [] }, T0);
    const first = takeRefused(state, "c1");
    expect(first.refused.map((r) => r.clientId)).toEqual(["a"]);
    expect(takeRefused(first.state, "c1").refused).toEqual([]);
    expect(first.state.refused.map((r) => r.clientId)).toEqual(["b"]);
  });
});

describe("hasUnsent", () => {
  it("is true while any message is queued, out or waiting", () => {
    expect(hasUnsent(emptyOutbox)).toBe(false);
    expect(hasUnsent(queued(message("a")))).toBe(true);
  });
});
