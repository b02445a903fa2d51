// The messages a person has sent from a conversation page but the server has not yet stored
// (issue 9). They live in this module's memory for the tab's life and nowhere else: never in
// localStorage, IndexedDB or a cache, because a message may hold patient information. Closing
// the tab loses them; the signed-in layout asks before it unloads with any still waiting or
// refused.
//
// Sending is idempotent by the message's client id (sendMessage), so a message is retried with
// the same id until the server answers: a lost answer never makes a second message. Each
// conversation's messages go in the order they were written, one request at a time, from
// wherever the person is in the app (the layout sends, app/routes/_app.tsx).
//
// The outbox belongs to one person: each message carries its writer's user id, nothing of
// anyone else's is sent or shown, and it empties when the signed-in person changes or the
// server says the session has ended. Signing in and out load a whole new document as well, so a
// shared ward computer's next person starts with nothing in memory.
//
// The state and its transitions are pure (tested in tests/unit/messaging/message-outbox.test.ts);
// `messageOutbox` wraps them with timers and the browser's online event for the page.
import type { FormErrors } from "~/web/forms";

export type OutgoingMessage = {
  clientId: string;
  /** The user id of the person who wrote it: only they may send it or see it waiting. */
  ownerId: string;
  conversationId: string;
  /** For the layout's notice if it is refused while another page is open. */
  conversationTitle: string;
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
  /** Whose outbox this is (the signed-in person's user id), null before the layout says. */
  owner: string | null;
  items: OutboxItem[];
  refused: RefusedMessage[];
};

/**
 * What came of one try. `failed` is anything that did not get an answer from the application:
 * no connection, a timeout, a proxy's error page, a 5xx, a 408 or a 429. Retrying is safe
 * because the server makes at most one message per client id. `signed-out`: the server sent the
 * request to sign in (the session ended), so the outbox empties.
 */
export type SendOutcome =
  | { kind: "stored" }
  | { kind: "refused"; errors: FormErrors }
  | { kind: "failed" }
  | { kind: "signed-out" };

/** After 1, 2, 3 and 4 or more failed tries in a row: quick at first, then twice a minute. */
export const RETRY_DELAYS_MS = [2_000, 5_000, 10_000, 30_000] as const;

export function retryDelay(failures: number): number {
  const index = Math.min(Math.max(failures, 1), RETRY_DELAYS_MS.length) - 1;
  return RETRY_DELAYS_MS[index] ?? 30_000;
}

export const emptyOutbox: OutboxState = { owner: null, items: [], refused: [] };

/**
 * The signed-in person, as the layout knows them. Another person (or the first the outbox hears
 * of) finds it empty: nothing written by someone else is ever sent with their session or shown.
 */
export function signedInAs(state: OutboxState, userId: string): OutboxState {
  if (state.owner === userId) return state;
  return { owner: userId, items: [], refused: [] };
}

/** Adds a message at the end of the queue. A client id already queued is not added twice. */
export function enqueue(state: OutboxState, message: OutgoingMessage, now: number): OutboxState {
  if (state.owner !== null && message.ownerId !== state.owner) return state;
  if (state.items.some((item) => item.clientId === message.clientId)) return state;
  const item: OutboxItem = { ...message, state: "queued", failures: 0, nextAttemptAt: now };
  return { ...state, items: [...state.items, item] };
}

const unsent = (item: OutboxItem) => item.state !== "stored";

/** The person's own messages in the outbox: never anyone else's. */
export function itemsOf(state: OutboxState, userId: string): OutboxItem[] {
  return state.items.filter((item) => item.ownerId === userId);
}

/**
 * The message to send now, if any, of the signed-in person's: one request at a time, each
 * conversation's messages in the order written (a later one never overtakes an earlier one
 * still waiting), and nothing while the browser says it is offline.
 */
export function nextToSend(
  state: OutboxState,
  { now, online, userId }: { now: number; online: boolean; userId: string },
): OutboxItem | null {
  if (!online) return null;
  if (state.items.some((item) => item.state === "sending")) return null;
  const headed = new Set<string>();
  for (const item of itemsOf(state, userId)) {
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
  // The session has ended: nothing here may be sent by whoever signs in next.
  if (outcome.kind === "signed-out") return emptyOutbox;
  if (outcome.kind === "stored") return update(state, clientId, (i) => ({ ...i, state: "stored" }));
  if (outcome.kind === "refused") {
    const { state: _, failures: __, nextAttemptAt: ___, ...message } = item;
    return {
      ...state,
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

/** Hands the person's refused messages of one conversation to its page, once. */
export function takeRefused(
  state: OutboxState,
  conversationId: string,
  userId: string,
): { state: OutboxState; refused: RefusedMessage[] } {
  const theirs = (r: RefusedMessage) => r.conversationId === conversationId && r.ownerId === userId;
  const refused = state.refused.filter(theirs);
  if (refused.length === 0) return { state, refused };
  return { state: { ...state, refused: state.refused.filter((r) => !theirs(r)) }, refused };
}

/**
 * The conversations where the person has a refused message that no page has taken back yet,
 * each once, for the layout's notice: the title and id only, never the text.
 */
export function refusedElsewhere(
  state: OutboxState,
  userId: string,
  openConversationId: string | null,
): { conversationId: string; conversationTitle: string }[] {
  const seen = new Map<string, string>();
  for (const r of state.refused) {
    if (r.ownerId !== userId || r.conversationId === openConversationId) continue;
    if (!seen.has(r.conversationId)) seen.set(r.conversationId, r.conversationTitle);
  }
  return [...seen].map(([conversationId, conversationTitle]) => ({
    conversationId,
    conversationTitle,
  }));
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

/**
 * Whether anything would be lost if the tab closed now: a message not yet stored, or one refused
 * and not yet back in its composer.
 */
export function hasUnsent(state: OutboxState): boolean {
  return state.items.some(unsent) || state.refused.length > 0;
}

/** A request the server did not answer within this is given up and tried again later. */
export const SEND_TIMEOUT_MS = 20_000;

const GENERIC_REFUSAL = "This message was not sent. Try sending it again.";
const NOT_IN_CONVERSATION = "This message was not sent: you may no longer be in this conversation.";

/**
 * What an answer from the server means for the message. A redirect is the request to sign in.
 * Any 4xx but 408 and 429 is a refusal that trying again will not change: the application's
 * reasons when it gave some (a JSON `errors` list), otherwise a general one (Express's plain-text
 * 403, 413 or 415, say). A 5xx, 408, 429 or anything else is tried again.
 */
export function outcomeOfAnswer(answer: {
  status: number;
  redirected: boolean;
  body: unknown;
}): SendOutcome {
  const { status } = answer;
  if (answer.redirected || (status >= 300 && status < 400)) return { kind: "signed-out" };
  const errors = formErrorsIn(answer.body);
  if (status >= 200 && status < 300) {
    return errors ? { kind: "refused", errors } : { kind: "stored" };
  }
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    if (errors) return { kind: "refused", errors };
    const message = status === 404 ? NOT_IN_CONVERSATION : GENERIC_REFUSAL;
    return { kind: "refused", errors: [{ field: "body", message }] };
  }
  return { kind: "failed" };
}

function formErrorsIn(body: unknown): FormErrors | null {
  if (typeof body !== "object" || body === null || !("errors" in body)) return null;
  const errors = (body as { errors: unknown }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return null;
  const valid = errors.filter(
    (e): e is FormErrors[number] =>
      typeof e === "object" &&
      e !== null &&
      typeof (e as { message?: unknown }).message === "string",
  );
  return valid.length ? valid.map((e) => ({ field: e.field, message: e.message })) : null;
}

/** Where the outbox posts a message (app/routes/messages.$conversationId.send.ts). */
export const sendAddress = (conversationId: string) =>
  `/messages/${encodeURIComponent(conversationId)}/send`;

/**
 * One try at sending a message: the same form the composer sends without JavaScript, to the
 * send route, which answers in JSON. No redirect is followed (one means the session has ended),
 * and a request that hangs is given up after `timeoutMs`: it goes again with the same client id.
 */
export async function postMessage(
  item: OutgoingMessage,
  timeoutMs: number = SEND_TIMEOUT_MS,
): Promise<SendOutcome> {
  const form = new URLSearchParams();
  form.set("intent", "send");
  form.set("clientId", item.clientId);
  form.set("body", item.body);
  if (item.urgent) form.set("urgent", "yes");
  if (item.replyTo) form.set("replyToMessageId", item.replyTo.id);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(sendAddress(item.conversationId), {
      method: "POST",
      body: form,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      redirect: "manual",
      cache: "no-store",
      signal: controller.signal,
    });
    const json = (response.headers.get("Content-Type") ?? "").includes("application/json");
    const body: unknown = json ? await response.json().catch(() => null) : null;
    return outcomeOfAnswer({
      status: response.status,
      redirected: response.type === "opaqueredirect",
      body,
    });
  } catch {
    // No connection, or no answer in time.
    return { kind: "failed" };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The tab's one outbox: the pure state above, a timer for the next retry, and the `online`
 * event. Pages read it with useSyncExternalStore; the signed-in layout sends (postMessage) and
 * reports each answer back with `settle`.
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
    // Waking only says "look again": the layout decides whether it may send.
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
    signedInAs: (userId: string) => set(signedInAs(state, userId)),
    enqueue: (message: OutgoingMessage) => set(enqueue(state, message, Date.now())),
    markSending: (clientId: string) => set(markSending(state, clientId)),
    settle: (clientId: string, outcome: SendOutcome) =>
      set(settle(state, clientId, outcome, Date.now())),
    shownByPage: (clientIds: ReadonlySet<string>) => set(shownByPage(state, clientIds)),
    takeRefused(conversationId: string, userId: string): RefusedMessage[] {
      const taken = takeRefused(state, conversationId, userId);
      set(taken.state);
      return taken.refused;
    },
    nextToSend: (online: boolean, userId: string) =>
      nextToSend(state, { now: Date.now(), online, userId }),
  };
}

export const messageOutbox = createMessageOutbox();

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
