import { afterEach, describe, expect, it, vi } from "vitest";
import {
  connectionBack,
  emptyOutbox,
  enqueue,
  hasUnsent,
  itemsOf,
  markSending,
  nextToSend,
  nextWakeAt,
  type OutboxState,
  type OutgoingMessage,
  outcomeOfAnswer,
  postMessage,
  RETRY_DELAYS_MS,
  refusedElsewhere,
  retryDelay,
  SEND_TIMEOUT_MS,
  settle,
  shownByPage,
  signedInAs,
  takeRefused,
} from "~/components/message-outbox";

const T0 = 1_700_000_000_000;
const ME = "user-a";
const online = { now: T0, online: true, userId: ME };

function message(clientId: string, conversationId = "c1", ownerId = ME): OutgoingMessage {
  return {
    clientId,
    ownerId,
    conversationId,
    conversationTitle: `Title of ${conversationId}`,
    body: `text of ${clientId}`,
    urgent: false,
    replyTo: null,
  };
}

function queued(...messages: OutgoingMessage[]): OutboxState {
  return messages.reduce((state, m) => enqueue(state, m, T0), signedInAs(emptyOutbox, ME));
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
    expect(nextToSend(queued(message("a")), { now: T0, online: false, userId: ME })).toBeNull();
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
    expect(nextToSend(state, { now: T0 + 1_999, online: true, userId: ME })).toBeNull();
    expect(nextToSend(state, { now: T0 + 2_000, online: true, userId: ME })?.clientId).toBe("a");
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
    expect(nextToSend(state, { now: T0 + 100, online: true, userId: ME })?.clientId).toBe("a");
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
    const first = takeRefused(state, "c1", ME);
    expect(first.refused.map((r) => r.clientId)).toEqual(["a"]);
    expect(takeRefused(first.state, "c1", ME).refused).toEqual([]);
    expect(first.state.refused.map((r) => r.clientId)).toEqual(["b"]);
  });
});

describe("hasUnsent", () => {
  it("is true while any message is queued, out or waiting", () => {
    expect(hasUnsent(emptyOutbox)).toBe(false);
    expect(hasUnsent(queued(message("a")))).toBe(true);
  });

  it("counts a refused message not yet back in its composer, so closing the tab asks", () => {
    const state = settle(
      markSending(queued(message("a")), "a"),
      "a",
      { kind: "refused", errors: [{ message: "No." }] },
      T0,
    );
    expect(state.items).toEqual([]);
    expect(hasUnsent(state)).toBe(true);
    expect(hasUnsent(takeRefused(state, "c1", ME).state)).toBe(false);
  });
});

describe("whose outbox it is", () => {
  it("empties when another person signs in, and stays as it is for the same person", () => {
    const state = queued(message("a"));
    expect(signedInAs(state, ME)).toBe(state);
    const next = signedInAs(state, "user-b");
    expect(next).toEqual({ owner: "user-b", items: [], refused: [] });
    expect(hasUnsent(next)).toBe(false);
  });

  it("never sends or shows another person's message, even if one is held", () => {
    // As if B's layout had not yet said who is signed in when A's message was still held.
    const held = enqueue(emptyOutbox, message("a", "c1", ME), T0);
    expect(nextToSend(held, { now: T0, online: true, userId: "user-b" })).toBeNull();
    expect(itemsOf(held, "user-b")).toEqual([]);
    expect(nextToSend(held, online)?.clientId).toBe("a");
  });

  it("does not take in a message written by someone other than its owner", () => {
    const state = queued(message("a"));
    expect(enqueue(state, message("b", "c1", "user-b"), T0)).toBe(state);
  });

  it("hands a refused message back only to the person who wrote it", () => {
    const held: OutboxState = {
      owner: null,
      items: [],
      refused: [{ ...message("a", "c1", ME), errors: [] }],
    };
    expect(takeRefused(held, "c1", "user-b").refused).toEqual([]);
    expect(refusedElsewhere(held, "user-b", null)).toEqual([]);
  });

  it("empties when the server says the session has ended, so nothing is left sending", () => {
    let state = queued(message("a"), message("b", "c2"));
    state = markSending(state, "a");
    expect(nextToSend(state, online)).toBeNull();
    state = settle(state, "a", { kind: "signed-out" }, T0);
    expect(state).toEqual(emptyOutbox);
    expect(hasUnsent(state)).toBe(false);
  });
});

describe("refusedElsewhere", () => {
  it("names each conversation with a refused message once, but not the open one", () => {
    let state = queued(message("a", "c1"), message("b", "c1"), message("c", "c2"));
    for (const id of ["a", "b", "c"])
      state = settle(markSending(state, id), id, { kind: "refused", errors: [] }, T0);
    expect(refusedElsewhere(state, ME, null)).toEqual([
      { conversationId: "c1", conversationTitle: "Title of c1" },
      { conversationId: "c2", conversationTitle: "Title of c2" },
    ]);
    expect(refusedElsewhere(state, ME, "c1")).toEqual([
      { conversationId: "c2", conversationTitle: "Title of c2" },
    ]);
  });
});

describe("outcomeOfAnswer", () => {
  const answer = (status: number, body: unknown = null, redirected = false) =>
    outcomeOfAnswer({ status, body, redirected });

  it("counts a 200 as stored", () => {
    expect(answer(200, { sent: true })).toEqual({ kind: "stored" });
  });

  it("hands back the application's reasons for a refusal", () => {
    const errors = [{ field: "body", message: "This message has an NHS number in it." }];
    expect(answer(422, { errors })).toEqual({ kind: "refused", errors });
  });

  it.each([400, 403, 405, 409, 413, 415])(
    "counts a plain-text %i as a refusal with a general reason, not something to retry",
    (status) => {
      const outcome = answer(status);
      expect(outcome.kind).toBe("refused");
      expect(outcome.kind === "refused" && outcome.errors[0]?.message).toMatch(/not sent/);
    },
  );

  it("says a 404 may mean the person has left the conversation", () => {
    const outcome = answer(404);
    expect(outcome.kind === "refused" && outcome.errors[0]?.message).toMatch(
      /no longer be in this conversation/,
    );
  });

  it.each([408, 429, 500, 502, 503, 504, 0])("tries a %i again", (status) => {
    expect(answer(status)).toEqual({ kind: "failed" });
  });

  it("takes a redirect (the sign-in page) as the end of the session", () => {
    expect(answer(0, null, true)).toEqual({ kind: "signed-out" });
    expect(answer(302)).toEqual({ kind: "signed-out" });
  });
});

describe("postMessage", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("gives up a request that hangs, so it can go again with the same client id", async () => {
    vi.useFakeTimers();
    const fetch = vi.fn(
      (_url: string, init: RequestInit) =>
        new Promise<Response>((_, reject) => {
          init.signal?.addEventListener("abort", () => reject(new DOMException("", "AbortError")));
        }),
    );
    vi.stubGlobal("fetch", fetch);
    const outcome = postMessage(message("a"));
    await vi.advanceTimersByTimeAsync(SEND_TIMEOUT_MS);
    await expect(outcome).resolves.toEqual({ kind: "failed" });
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe("/messages/c1/send");
    expect(init?.redirect).toBe("manual");
    expect(String(init?.body)).toContain("clientId=a");
  });

  it("reads a JSON refusal and a plain-text one", async () => {
    const errors = [{ field: "body", message: "Write a message." }];
    vi.stubGlobal("fetch", async () => Response.json({ errors }, { status: 422 }));
    expect(await postMessage(message("a"))).toEqual({ kind: "refused", errors });
    vi.stubGlobal("fetch", async () => new Response("Forbidden", { status: 403 }));
    expect((await postMessage(message("a"))).kind).toBe("refused");
  });

  it("counts no connection as a failure to retry", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(await postMessage(message("a"))).toEqual({ kind: "failed" });
  });
});
