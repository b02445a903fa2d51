import { describe, expect, it } from "vitest";
import {
  compareMessages,
  type MessagePage,
  startHistory,
  type ThreadHistory,
  withDeleted,
  withNewest,
  withOlder,
} from "~/messaging/thread-history";

type M = { id: string; at: string; body: string };

const T0 = Date.UTC(2026, 0, 5, 7, 0);

/** Message n of a conversation: one a minute, ids in the same order as the times. */
function m(n: number, body = `message ${n}`): M {
  return {
    id: `id${String(n).padStart(4, "0")}`,
    at: new Date(T0 + n * 60_000).toISOString(),
    body,
  };
}

/** Messages from..to, oldest first. */
function run(from: number, to: number): M[] {
  return Array.from({ length: to - from + 1 }, (_, i) => m(from + i));
}

/** The page the loader would return for messages from..to: the cursor is of its oldest. */
function page(from: number, to: number, { first = 1 } = {}): MessagePage<M> {
  return { messages: run(from, to), older: from > first ? `cursor-${from}` : null };
}

const numbers = (history: ThreadHistory<M>) => history.messages.map((x) => Number(x.id.slice(2)));

describe("compareMessages", () => {
  it("orders by time first, whatever the ids", () => {
    const early = { id: "zzz", at: "2026-01-05T07:00:00.000Z" };
    const late = { id: "aaa", at: "2026-01-05T07:00:00.001Z" };
    expect(compareMessages(early, late)).toBeLessThan(0);
    expect(compareMessages(late, early)).toBeGreaterThan(0);
  });

  it("orders messages of the same millisecond by id, as the server's cursor does", () => {
    const at = "2026-01-05T07:00:00.000Z";
    expect(compareMessages({ id: "a", at }, { id: "b", at })).toBeLessThan(0);
    expect(compareMessages({ id: "b", at }, { id: "b", at })).toBe(0);
  });
});

describe("startHistory", () => {
  it("holds an empty conversation as empty, at its start", () => {
    expect(startHistory({ messages: [], older: null })).toEqual({ messages: [], older: null });
  });

  it("holds the first page with its cursor", () => {
    const history = startHistory(page(91, 120));
    expect(numbers(history)).toEqual(run(91, 120).map((_, i) => 91 + i));
    expect(history.older).toBe("cursor-91");
  });
});

describe("withNewest", () => {
  it("adds a new message at the foot and keeps the older ones held", () => {
    const history = withOlder(startHistory(page(91, 120)), {
      ...page(61, 90),
      before: "cursor-91",
    });
    const next = withNewest(history, page(92, 121));
    expect(numbers(next)).toEqual(Array.from({ length: 61 }, (_, i) => 61 + i));
    expect(next.older).toBe("cursor-61");
  });

  it("shows no message twice when the same page comes back", () => {
    const history = startHistory(page(91, 120));
    const next = withNewest(history, page(91, 120));
    expect(numbers(next)).toHaveLength(30);
    expect(new Set(numbers(next)).size).toBe(30);
  });

  it("replaces a held message with the copy in the newest page", () => {
    const history = startHistory(page(91, 120));
    const changed = page(91, 120);
    changed.messages[29] = m(120, "acknowledged by 1 of 1");
    const next = withNewest(history, changed);
    expect(next.messages.at(-1)?.body).toBe("acknowledged by 1 of 1");
    expect(next.messages).toHaveLength(30);
  });

  it("keeps the order when the page's messages come in any order", () => {
    const shuffled = { messages: [m(5), m(3), m(4)], older: "cursor-3" };
    expect(numbers(withNewest(startHistory(page(1, 3)), shuffled))).toEqual([1, 2, 3, 4, 5]);
  });

  it("takes a page that starts just where the held messages end as the run going on", () => {
    // The page's oldest is older than or the same as the newest held: nothing can be missing.
    const next = withNewest(startHistory(page(91, 120)), page(120, 149));
    expect(numbers(next)).toEqual(Array.from({ length: 59 }, (_, i) => 91 + i));
    expect(next.older).toBe("cursor-91");
  });

  it("starts again from the newest page when more arrived than a page holds (a gap)", () => {
    const history = withOlder(startHistory(page(91, 120)), {
      ...page(61, 90),
      before: "cursor-91",
    });
    const next = withNewest(history, page(151, 180));
    expect(numbers(next)).toEqual(Array.from({ length: 30 }, (_, i) => 151 + i));
    expect(next.older).toBe("cursor-151");
  });

  it("sees no gap when the newest page reaches back to the start of the conversation", () => {
    const next = withNewest(startHistory(page(1, 3)), page(5, 9, { first: 5 }));
    expect(numbers(next)).toEqual([1, 2, 3, 5, 6, 7, 8, 9]);
    expect(next.older).toBeNull();
  });

  it("takes the page's cursor when the page reaches further back than what is held", () => {
    const next = withNewest(startHistory(page(95, 120)), page(91, 121));
    expect(numbers(next)[0]).toBe(91);
    expect(next.older).toBe("cursor-91");
  });

  it("holds the first messages of a conversation that had none", () => {
    const next = withNewest(startHistory({ messages: [], older: null }), page(1, 1));
    expect(numbers(next)).toEqual([1]);
    expect(next.older).toBeNull();
  });

  it("keeps what is held when a page comes back empty", () => {
    const history = startHistory(page(1, 3));
    expect(withNewest(history, { messages: [], older: null })).toBe(history);
  });
});

describe("withOlder", () => {
  it("adds the page before the held cursor above, and pages on from its cursor", () => {
    const next = withOlder(startHistory(page(91, 120)), { ...page(61, 90), before: "cursor-91" });
    expect(numbers(next)).toEqual(Array.from({ length: 60 }, (_, i) => 61 + i));
    expect(next.older).toBe("cursor-61");
  });

  it("reaches the start of the conversation with the first page", () => {
    let history = startHistory(page(91, 120));
    for (const from of [61, 31, 1])
      history = withOlder(history, { ...page(from, from + 29), before: `cursor-${from + 30}` });
    expect(numbers(history)).toEqual(Array.from({ length: 120 }, (_, i) => 1 + i));
    expect(history.older).toBeNull();
  });

  it("changes nothing when the same older page arrives twice", () => {
    const once = withOlder(startHistory(page(91, 120)), { ...page(61, 90), before: "cursor-91" });
    expect(withOlder(once, { ...page(61, 90), before: "cursor-91" })).toBe(once);
  });

  it("ignores a page asked for before the history started again, so no hole opens", () => {
    const history = withNewest(startHistory(page(91, 120)), page(151, 180));
    expect(withOlder(history, { ...page(61, 90), before: "cursor-91" })).toBe(history);
  });

  it("ignores a newest page arriving through it (no cursor asked for)", () => {
    const history = startHistory(page(91, 120));
    expect(withOlder(history, { ...page(91, 120), before: null })).toBe(history);
  });

  it("shows a message that is on both pages once (sent in the same millisecond)", () => {
    const at = m(90).at;
    const twin = { id: "id0090a", at, body: "same time" };
    const history = startHistory({ messages: [twin, ...run(91, 120)], older: "cursor-twin" });
    const next = withOlder(history, {
      messages: [...run(61, 90), twin],
      older: "cursor-61",
      before: "cursor-twin",
    });
    expect(next.messages.filter((x) => x.id === twin.id)).toHaveLength(1);
    expect(next.messages.map((x) => x.id).slice(29, 31)).toEqual(["id0090", "id0090a"]);
  });
});

describe("withDeleted (issue 14)", () => {
  type D = M & { deleted: boolean };
  const d = (n: number): D => ({ ...m(n), deleted: false });
  const blank = (x: D, gone: ReadonlySet<string>): D =>
    gone.has(x.id) && !x.deleted ? { ...x, body: "", deleted: true } : x;
  const held: ThreadHistory<D> = { messages: [d(1), d(2), d(3)], older: "c" };

  it("blanks a held message deleted since it was loaded, and only that one", () => {
    const after = withDeleted(held, [d(2).id, "not-held"], blank);
    expect(after.messages.map((x) => [x.body, x.deleted])).toEqual([
      ["message 1", false],
      ["", true],
      ["message 3", false],
    ]);
    expect(after.older).toBe("c");
  });

  it("returns the same history when nothing held was deleted, or it already shows so", () => {
    expect(withDeleted(held, [], blank)).toBe(held);
    expect(withDeleted(held, ["not-held"], blank)).toBe(held);
    const shown = withDeleted(held, [d(1).id], blank);
    expect(withDeleted(shown, [d(1).id], blank)).toBe(shown);
  });
});
