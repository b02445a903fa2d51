// What a conversation page holds in the browser (issue 9): every message it has shown, oldest
// first, each once. The page's loader returns one page of messages at a time (the newest, again on
// every live update; or the page before a cursor). Older pages loaded on scroll are added above;
// each revalidation's newest page is added below, its copies replacing the ones held (receipts and
// acknowledgements change). What is held is always one unbroken run of the conversation, so a
// message is never skipped: `older` is the cursor for the page just before the first one held.
//
// Order is the server's: time, then id (ids are time-ordered, messages.server.ts). Pure: tested in
// tests/unit/messaging/thread-history.test.ts.

/** A message as far as the order goes: its id and its ISO 8601 time (UTC, as the loader sends). */
export type TimedMessage = { id: string; at: string };

/** One page from the loader: its messages oldest first, and the cursor for the page before. */
export type MessagePage<M extends TimedMessage> = { messages: M[]; older: string | null };

export type ThreadHistory<M extends TimedMessage> = {
  /** Oldest first, no id twice. */
  messages: M[];
  /** The cursor for the page before `messages[0]`; null when they start at the beginning. */
  older: string | null;
};

/** Orders two messages as the server does: by time, then by id. */
export function compareMessages(a: TimedMessage, b: TimedMessage): number {
  // The loader's times are all toISOString(): the same length and zone, so they sort as text.
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/** What a page holds before it has shown anything else. */
export function startHistory<M extends TimedMessage>(page: MessagePage<M>): ThreadHistory<M> {
  return { messages: merge([], page.messages), older: page.older };
}

/**
 * Adds the page the loader has just returned again (a live update's revalidation): messages it
 * has replace the copies held, new ones go in order, and the ones held from older pages stay.
 *
 * A gap: when more messages arrived than a page holds since the last revalidation (a tab hidden
 * for a while), the newest page starts after the newest message held and has older messages of
 * its own, some of which may never have been held. Those are not fetched here: what is held is
 * dropped and the history starts again from the newest page, whose `older` cursor pages back
 * through the gap on scroll like any other. A run with a hole in it could not say where to page
 * from, and the person is brought back to the newest messages, which is what they came back for.
 */
export function withNewest<M extends TimedMessage>(
  history: ThreadHistory<M>,
  page: MessagePage<M>,
): ThreadHistory<M> {
  const newestHeld = history.messages.at(-1);
  const oldestOnPage = page.messages.reduce<M | undefined>(
    (oldest, x) => (oldest && compareMessages(oldest, x) <= 0 ? oldest : x),
    undefined,
  );
  if (!newestHeld || !oldestOnPage) {
    // Nothing held yet, or a page with nothing on it (no messages are deleted, so nothing to drop).
    return newestHeld ? history : startHistory(page);
  }
  const gap = page.older !== null && compareMessages(oldestOnPage, newestHeld) > 0;
  if (gap) return startHistory(page);
  const oldestHeld = history.messages[0] as M;
  return {
    messages: merge(history.messages, page.messages),
    // The page may reach further back than what is held (it never has since the first, but a
    // page is free to): then its cursor is the one to page on from.
    older: compareMessages(oldestOnPage, oldestHeld) < 0 ? page.older : history.older,
  };
}

/**
 * Adds the page just before `before` (loaded as the person scrolled up) above what is held. A
 * page that is not for the held history's own cursor (it was asked for before the history
 * started again, or has been added already) changes nothing: adding it could leave a hole.
 */
export function withOlder<M extends TimedMessage>(
  history: ThreadHistory<M>,
  page: MessagePage<M> & { before: string | null },
): ThreadHistory<M> {
  if (page.before === null || page.before !== history.older) return history;
  return { messages: merge(history.messages, page.messages), older: page.older };
}

/** Both lists in order with each id once; a message in `incoming` replaces the one held. */
function merge<M extends TimedMessage>(held: M[], incoming: M[]): M[] {
  const byId = new Map<string, M>();
  for (const m of held) byId.set(m.id, m);
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort(compareMessages);
}

/**
 * The history with each held message passed through `update`, given the ids of messages deleted
 * lately (`deletedIds`): messages deleted since an older page was loaded, which the newest page's
 * merge cannot reach. `update` returns the message itself when it has nothing to change (the
 * message and what it quotes are not among them, or already show as deleted); the same history
 * comes back when nothing changed.
 */
export function withDeleted<M extends TimedMessage>(
  history: ThreadHistory<M>,
  deletedIds: readonly string[],
  update: (message: M, deleted: ReadonlySet<string>) => M,
): ThreadHistory<M> {
  if (deletedIds.length === 0) return history;
  const gone = new Set(deletedIds);
  const messages = history.messages.map((m) => update(m, gone));
  return messages.every((m, i) => m === history.messages[i]) ? history : { ...history, messages };
}
