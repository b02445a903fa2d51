// Runs the push outbox in the server process: after every commit (onCommit, coalesced) it plans
// the new events' pushes and sends what is due; a timer sends retries and catches anything a
// wake missed. One run at a time; a wake during a run makes one more run after it.
import { onCommit } from "~/db/connection.server";
import { planPushes } from "./push-planner.server";
import { fetchTransport, type PushTransport, sendDuePushes } from "./push-sender.server";
import { planEscalations } from "./urgent-escalation.server";
import type { VapidDetails } from "./vapid.server";

export type PushDispatcher = {
  /** Plans and sends now (and again if woken meanwhile); resolves when idle. */
  runNow: () => Promise<void>;
  stop: () => void;
};

/**
 * Starts planning and sending pushes for this process. `coalesceMs` batches commits close
 * together; `sweepMs` is how often retries and missed wakes are picked up.
 */
export function startPushDispatcher({
  vapid,
  coalesceMs = 20,
  // Also how late an escalation round may be: 15 s on a 5-minute interval.
  sweepMs = 15_000,
  transport = fetchTransport,
}: {
  vapid: VapidDetails;
  coalesceMs?: number;
  sweepMs?: number;
  transport?: PushTransport;
}): PushDispatcher {
  let running: Promise<void> | undefined;
  let again = false;
  let wakeTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  // Each step on its own: a failure planning must not stop the sending of what is already due
  // (retries of urgent alerts among it). Logged by message only; nothing here holds patient data.
  const step = async (what: string, run: () => unknown) => {
    try {
      await run();
    } catch (error) {
      console.error(`Push ${what} failed: ${error instanceof Error ? error.message : error}`);
    }
  };
  const once = async () => {
    // Planning reads and writes inside one transaction; sending awaits the network outside it.
    await step("planning", () => {
      for (;;) {
        const { more } = planPushes();
        if (!more) break;
      }
    });
    await step("escalation", () => planEscalations());
    await step("sending", () => sendDuePushes({ vapid, transport }));
  };

  const runNow = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await once();
      } while (again && !stopped);
      running = undefined;
    })();
    return running;
  };

  const unsubscribe = onCommit(() => {
    if (wakeTimer || stopped) return;
    wakeTimer = setTimeout(() => {
      wakeTimer = undefined;
      void runNow();
    }, coalesceMs);
    wakeTimer.unref?.();
  });
  const sweep = setInterval(() => void runNow(), sweepMs);
  sweep.unref();
  void runNow();

  return {
    runNow,
    stop: () => {
      stopped = true;
      unsubscribe();
      clearInterval(sweep);
      if (wakeTimer) clearTimeout(wakeTimer);
    },
  };
}
