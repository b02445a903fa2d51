// The browser's end of GET /events (DESIGN.md, "Real time"; decision 017). Browsers allow six
// HTTP/1.1 connections per origin across all tabs, so the tabs of one browser share one stream:
// the tab holding the Web Lock "baton-events" opens the EventSource and passes each event to the
// others over the BroadcastChannel of the same name. When that tab closes, its lock goes, the
// next tab in the lock's queue takes over and resumes from the last id seen on the channel.
// Events carry ids only; pages reload what changed through their loaders. Nothing is stored in the
// browser (no localStorage, no IndexedDB): the last id lives in memory for the tab's life.
// EventSource reconnects by itself after a dropped connection; when it gives up (a 401, a proxy's
// error page) the tab tries again later with backoff, and at once when the browser comes back
// online, resuming from the last id.
import { useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

const NAME = "baton-events";

export type LiveEvent = { id: string; kind: string; data: unknown };

/**
 * The kinds a page shows the effect of. EventSource only hands over named events that have a
 * listener, so this is also the list the stream is listened to for (the event log's kinds,
 * app/models/notifications/events.server.ts, and the hub's `resync`). `session.ended` and
 * `membership.changed` never reach a page (the hub acts on them itself). A notification's event
 * reloads the layout's loader, and with it the bell's count.
 */
export const LIVE_KINDS = [
  "message.created",
  "message.acknowledged",
  "message.edited",
  "message.deleted",
  "message.pinned",
  "message.unpinned",
  "conversation.read",
  "conversation.created",
  "conversation.member-added",
  "conversation.member-left",
  "conversation.renamed",
  "messages.purged",
  "rota.shift-changed",
  "rota.published",
  "rota.leave-changed",
  "notification.created",
  "notification.read",
  "rota.swap-changed",
  "rota.open-shift-changed",
  "handover.changed",
  "resync",
] as const;

type Stop = () => void;

/** How long to wait before opening the stream again after it gave up: 5 s, 15 s, then a minute. */
export const STREAM_RETRY_DELAYS_MS = [5_000, 15_000, 60_000] as const;

/**
 * Tries after giving up before the tab stops until its next page load: about half an hour at
 * once a minute. A signed-out tab would get 401 every time; its next navigation signs in anyway.
 */
export const STREAM_RETRY_LIMIT = 30;

/** The wait before try `attempt` (1 for the first) to reopen the stream; null past the limit. */
export function streamRetryDelay(attempt: number): number | null {
  if (attempt < 1 || attempt > STREAM_RETRY_LIMIT) return null;
  return STREAM_RETRY_DELAYS_MS[Math.min(attempt, STREAM_RETRY_DELAYS_MS.length) - 1] ?? null;
}

/** Told to the page when the stream is back after a break: reload once, events may be missed. */
const BACK_AFTER_A_BREAK: LiveEvent = { id: "", kind: "resync", data: null };

/**
 * Starts receiving this browser's events and calls `onEvent` for each, in this tab. Returns a
 * function that stops (closing the stream when this tab holds it, and handing it on).
 */
export function startLiveEvents(onEvent: (event: LiveEvent) => void): Stop {
  if (typeof window === "undefined" || typeof EventSource === "undefined") return () => {};
  let stopped = false;
  let lastId: string | null = null;
  let source: EventSource | null = null;
  let releaseLock: (() => void) | null = null;
  let retries = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryShared = false;

  const channel = "BroadcastChannel" in window ? new BroadcastChannel(NAME) : null;
  if (channel) {
    channel.onmessage = (message: MessageEvent<LiveEvent>) => {
      const event = message.data;
      if (!event || typeof event.kind !== "string") return;
      if (event.id) lastId = event.id;
      onEvent(event);
    };
  }

  const closeSource = () => {
    source?.close();
    source = null;
  };

  /** Opens the stream in this tab; `resumeFrom` after taking over from another tab. */
  const open = (resumeFrom: string | null, { shared }: { shared: boolean }) => {
    const url = resumeFrom ? `/events?lastEventId=${encodeURIComponent(resumeFrom)}` : "/events";
    const opened = new EventSource(url);
    source = opened;
    let openedBefore = false;
    const deliver = (event: LiveEvent) => {
      if (event.id) lastId = event.id;
      if (shared) channel?.postMessage(event);
      onEvent(event);
    };
    for (const kind of LIVE_KINDS) {
      opened.addEventListener(kind, (message: MessageEvent<string>) => {
        if (stopped) return;
        let data: unknown = null;
        try {
          data = JSON.parse(message.data);
        } catch {
          // Ids only, and nothing read from them: a frame that is not JSON still means "reload".
        }
        deliver({ id: message.lastEventId, kind, data });
      });
    }
    opened.addEventListener("open", () => {
      if (stopped || source !== opened) return;
      // Back after a break (EventSource's own reconnection, or a retry below): the hub replays
      // what it can, and one reload covers anything beyond (a message sent from this tab's
      // outbox meanwhile, say).
      if (openedBefore || retries > 0) deliver(BACK_AFTER_A_BREAK);
      openedBefore = true;
      retries = 0;
    });
    opened.addEventListener("error", () => {
      // EventSource reconnects by itself (with Last-Event-ID) after a dropped connection. CLOSED
      // means it gave up: a 401 after signing out, or an answer that was not a stream.
      if (opened.readyState !== EventSource.CLOSED) return;
      if (source === opened) closeSource();
      retryLater(shared);
    });
  };

  /** Opens again after a wait, keeping the lock (the other tabs would meet the same answer). */
  const retryLater = (shared: boolean) => {
    if (stopped) return;
    retries += 1;
    const delay = streamRetryDelay(retries);
    if (delay === null) {
      // Given up until the next page load: hand the lock on.
      releaseLock?.();
      releaseLock = null;
      return;
    }
    retryShared = shared;
    retryTimer = setTimeout(reopen, delay);
  };
  const reopen = () => {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    if (stopped || source) return;
    open(lastId, { shared: retryShared });
  };
  // Back online while waiting to retry: try at once (once per event: a failure waits again).
  const onOnline = () => {
    if (retryTimer !== undefined) reopen();
  };
  window.addEventListener("online", onOnline);

  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  const abort = new AbortController();
  if (locks && channel) {
    // Held for the tab's life (or until stopped): the promise resolves only on release. Waiting
    // tabs queue behind it, and the browser frees it when the tab goes away.
    locks
      .request(NAME, { signal: abort.signal }, () => {
        if (stopped) return;
        open(lastId, { shared: true });
        return new Promise<void>((resolve) => {
          releaseLock = resolve;
        });
      })
      .catch(() => {
        // Aborted while waiting (this tab stopped first): nothing to release.
      });
  } else {
    // No Web Locks or no BroadcastChannel: each tab keeps its own stream.
    open(null, { shared: false });
  }

  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(retryTimer);
    window.removeEventListener("online", onOnline);
    closeSource();
    abort.abort();
    releaseLock?.();
    releaseLock = null;
    channel?.close();
    window.removeEventListener("pagehide", stop);
  };
  // Leaving the page (or signing out by a full navigation): close the stream at once.
  window.addEventListener("pagehide", stop);
  return stop;
}

/** How long to gather events before reloading the page's data once for all of them. */
const REVALIDATE_AFTER_MS = 100;

/**
 * Reloads the page's data (every loader on the page) when an event arrives: coalesced, only
 * while the page is visible and online, and once on becoming visible (or online) again if
 * anything came meanwhile.
 * Used once, in the signed-in layout.
 */
export function useLiveEvents(): void {
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  // A reload started while a form's answer is loading cancels that load and starts it again: the
  // first request has already taken the one-time toast cookie, so the person never saw "Published.".
  // While anything navigates, an event waits, and reloads once the page is idle.
  const navigation = useNavigation();
  const navigating = useRef(false);
  navigating.current = navigation.state !== "idle";
  const afterNavigation = useRef(false);
  useEffect(() => {
    if (navigation.state === "idle" && afterNavigation.current) {
      afterNavigation.current = false;
      revalidate.current();
    }
  }, [navigation.state]);

  useEffect(() => {
    let timer: number | undefined;
    let missed = false;
    // Offline, a reload would fail and show the error page: wait for the connection instead.
    const mayReload = () => document.visibilityState === "visible" && navigator.onLine !== false;
    const schedule = () => {
      if (!mayReload()) {
        missed = true;
        return;
      }
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        if (!mayReload()) {
          missed = true;
          return;
        }
        if (navigating.current) {
          afterNavigation.current = true;
          return;
        }
        revalidate.current();
      }, REVALIDATE_AFTER_MS);
    };
    const onBack = () => {
      if (mayReload() && missed) {
        missed = false;
        schedule();
      }
    };
    document.addEventListener("visibilitychange", onBack);
    window.addEventListener("online", onBack);
    const stop = startLiveEvents(schedule);
    return () => {
      stop();
      window.clearTimeout(timer);
      document.removeEventListener("visibilitychange", onBack);
      window.removeEventListener("online", onBack);
    };
  }, []);
}
