// The messages a person has sent from a conversation page but the server has not yet stored
// (issue 9). They live in this module's memory for the tab's life and nowhere else: never in
// localStorage, IndexedDB or a cache, because a message may hold patient information. Closing
// the tab loses them; the page asks before it unloads with any still waiting.
//
// Sending is idempotent by the message's client id (sendMessage), so a message is retried with
// the same id until the server answers: a lost answer never makes a second message. Each
// conversation's messages go in the order they were written, one request at a time.
//
// The state and its transitions are pure (tested in tests/unit/messaging/message-outbox.test.ts);
// `messageOutbox` wraps them with timers and the browser's online event for the page.
import type { FormErrors } from "~/web/forms";

export type OutgoingMessage = {
  clientId: string;
  conversationId: string;
  body: string;
  urgent: boolean;
  /** The message replied to, as the composer showed it. */
  replyTo: { id: string; senderName: string; body: string } | null;
};

export type OutboxItem = OutgoingMessage & {
  /**
   * queued: not tried yet (it waits there while the browser is offline); sending: a request is
   * out; waiting: the last try did not reach the server and it goes again at `nextAttemptAt`;
   * stored: the server has it, and it stays until the page's own data shows it, so it never
   * blinks out.
   */
  state: "queued" | "sending" | "waiting" | "stored";
  /** Tries that failed for want of a connection (or a server fault), for the backoff. */
  failures: number;
  /** When a waiting message may go again (ms since the epoch). */
  nextAttemptAt: number;
};

/** A message the server refused (a 4xx with reasons): it goes back into its composer. */
export type RefusedMessage = OutgoingMessage & { errors: FormErrors };

export type OutboxState = {
  items: OutboxItem[];
  refused: RefusedMessage[];
};

/**
 * What came of one try. `failed` is anything that did not get an answer from the application:
 * no connection, a timeout, a proxy's error page, a 5xx or a 429. Retrying is safe because the
 * server makes at most one message per client id.
 */
export type SendOutcome =
  | { kind: "stored" }
  | { kind: "refused"; errors: FormErrors }
  | { kind: "failed" };

/** After 1, 2, 3 and 4 or more failed tries in a row: quick at first, then twice a minute. */
export const RETRY_DELAYS_MS = [2_000, 5_000, 10_000, 30_000] as const;

export function retryDelay(failures: number): number {
  const index = Math.min(Math.max(failures, 1), RETRY_DELAYS_MS.length) - 1;
  return RETRY_DELAYS_MS[index] ?? 30_000;
}

export const emptyOutbox: OutboxState = { items: [], refused: [] };

/** Adds a message at the end of the queue. A client id already queued is not added twice. */
export function enqueue(state: OutboxState, message: OutgoingMessage, now: number): OutboxState {
  if (state.items.some((item) => item.clientId === message.clientId)) return state;
  const item: OutboxItem = { ...message, state: "queued", failures: 0, nextAttemptAt: now };
  return { ...state, items: [...state.items, item] };
}

const unsent = (item: OutboxItem) => item.state !== "stored";

/**
 * The message to send now, if any: one request at a time, each conversation's messages in the
 * order written (a later one never overtakes an earlier one still waiting), and nothing while
 * the browser says it is offline.
 */
export function nextToSend(
  state: OutboxState,
  { now, online }: { now: number; online: boolean },
): OutboxItem | null {
  if (!online) return null;
  if (state.items.some((item) => item.state === "sending")) return null;
  const headed = new Set<string>();
  for (const item of state.items) {
    if (!unsent(item) || headed.has(item.conversationId)) continue;
    headed.add(item.conversationId);
    if (item.nextAttemptAt <= now) return item;
  }
  return null;
}

function update(
  state: OutboxState,
  clientId: string,
  change: (item: OutboxItem) => OutboxItem,
): OutboxState {
  return {
    ...state,
    items: state.items.map((item) => (item.clientId === clientId ? change(item) : item)),
  };
}

export function markSending(state: OutboxState, clientId: string): OutboxState {
  return update(state, clientId, (item) => ({ ...item, state: "sending" }));
}

/** Records the answer to a try. An answer for a message no longer held changes nothing. */
export function settle(
  state: OutboxState,
  clientId: string,
  outcome: SendOutcome,
  now: number,
): OutboxState {
  const item = state.items.find((i) => i.clientId === clientId);
  if (!item) return state;
  if (outcome.kind === "stored") return update(state, clientId, (i) => ({ ...i, state: "stored" }));
  if (outcome.kind === "refused") {
    const { state: _, failures: __, nextAttemptAt: ___, ...message } = item;
    return {
      items: state.items.filter((i) => i.clientId !== clientId),
      refused: [...state.refused, { ...message, errors: outcome.errors }],
    };
  }
  const failures = item.failures + 1;
  return update(state, clientId, (i) => ({
    ...i,
    state: "waiting",
    failures,
    nextAttemptAt: now + retryDelay(failures),
  }));
}

/** The connection is back: everything waiting may go at once (still one at a time). */
export function connectionBack(state: OutboxState, now: number): OutboxState {
  if (!state.items.some((item) => item.state === "waiting")) return state;
  return {
    ...state,
    items: state.items.map((item) =>
      item.state === "waiting" ? { ...item, nextAttemptAt: now } : item,
    ),
  };
}

/**
 * The page's data now holds these of the viewer's messages (by client id): they are stored,
 * whatever the outbox last heard (an answer lost on the way back still stored the message), so
 * they leave the outbox. A request still out for one of them just finds nothing to settle.
 */
export function shownByPage(state: OutboxState, clientIds: ReadonlySet<string>): OutboxState {
  if (!state.items.some((item) => clientIds.has(item.clientId))) return state;
  return { ...state, items: state.items.filter((item) => !clientIds.has(item.clientId)) };
}

/** Hands the refused messages of one conversation to its page, once. */
export function takeRefused(
  state: OutboxState,
  conversationId: string,
): { state: OutboxState; refused: RefusedMessage[] } {
  const refused = state.refused.filter((r) => r.conversationId === conversationId);
  if (refused.length === 0) return { state, refused };
  return {
    state: { ...state, refused: state.refused.filter((r) => r.conversationId !== conversationId) },
    refused,
  };
}

/** When the next waiting message becomes due, for a timer; null when nothing waits. */
export function nextWakeAt(state: OutboxState): number | null {
  let soonest: number | null = null;
  for (const item of state.items) {
    if (item.state !== "waiting") continue;
    if (soonest === null || item.nextAttemptAt < soonest) soonest = item.nextAttemptAt;
  }
  return soonest;
}

/** Whether anything would be lost if the tab closed now. */
export function hasUnsent(state: OutboxState): boolean {
  return state.items.some(unsent);
}

/**
 * The tab's one outbox: the pure state above, a timer for the next retry, and the `online`
 * event. Pages read it with useSyncExternalStore and send through a fetcher (the conversation
 * route's clientAction reports each answer back with `settle`).
 */
function createMessageOutbox() {
  let state: OutboxState = emptyOutbox;
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watchingOnline = false;

  const emit = () => {
    for (const listener of listeners) listener();
  };
  const schedule = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const at = nextWakeAt(state);
    if (at === null) return;
    // Waking only says "look again": the page decides whether it may send.
    timer = setTimeout(emit, Math.max(0, at - Date.now()));
  };
  const set = (next: OutboxState) => {
    if (next === state) return;
    state = next;
    schedule();
    emit();
  };
  const watchOnline = () => {
    if (watchingOnline || typeof window === "undefined") return;
    watchingOnline = true;
    window.addEventListener("online", () => set(connectionBack(state, Date.now())));
  };

  return {
    subscribe(listener: () => void) {
      watchOnline();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getState: () => state,
    enqueue: (message: OutgoingMessage) => set(enqueue(state, message, Date.now())),
    markSending: (clientId: string) => set(markSending(state, clientId)),
    settle: (clientId: string, outcome: SendOutcome) =>
      set(settle(state, clientId, outcome, Date.now())),
    shownByPage: (clientIds: ReadonlySet<string>) => set(shownByPage(state, clientIds)),
    takeRefused(conversationId: string): RefusedMessage[] {
      const taken = takeRefused(state, conversationId);
      set(taken.state);
      return taken.refused;
    },
    nextToSend: (online: boolean) => nextToSend(state, { now: Date.now(), online }),
  };
}

export const messageOutbox = createMessageOutbox();

/** What the conversation route's clientAction answers a fetcher that sent for the outbox. */
export type OutboxAnswer = { outbox: SendOutcome["kind"] };

/**
 * Whether an action's result is an outbox try that got no answer: then the pages must not
 * reload their data (offline, every loader would fail and show the error page instead).
 */
export function outboxTryFailed(actionResult: unknown): boolean {
  return (
    typeof actionResult === "object" &&
    actionResult !== null &&
    (actionResult as Partial<OutboxAnswer>).outbox === "failed"
  );
}

const SERVER_SNAPSHOT: OutboxState = emptyOutbox;
export const serverOutboxSnapshot = () => SERVER_SNAPSHOT;

/**
 * A fresh id for the next message, made in the browser. The server accepts up to
 * TEXT_LIMITS.messageClientId (64) characters: a UUID is 36.
 */
export function newClientId(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function")
    return crypto.randomUUID();
  // randomUUID needs a secure context; getRandomValues does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
