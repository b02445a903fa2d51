// The streams benchmark's load generator, in a process of its own (bench/streams.ts forks it),
// so that the 1,000 clients and the posting never share the server's CPU time slice or heap.
// It holds the members' event streams and posts through the real HTTP endpoint
// (tests/support/live-load.ts), and answers the benchmark's commands over the IPC channel.

import { monitorEventLoopDelay } from "node:perf_hooks";
import { LiveLoad, type LoadPerson } from "../tests/support/live-load";
import { quantile } from "./report";

export type LoadCommand =
  | { type: "connect"; base: string; people: LoadPerson[] }
  | { type: "load"; rate: number; seconds: number }
  | { type: "crash-load"; rate: number }
  | { type: "killed" }
  | { type: "restarted"; rate: number }
  | { type: "end" };

export type LatencySummary = { p50: number; p99: number; max: number; n: number };

export type LoadAnswer =
  | { type: "connected"; ms: number; open: number }
  | {
      type: "loaded";
      seconds: number;
      sent: number;
      acknowledged: number;
      refused: number;
      failed: number;
      latency: LatencySummary;
      /** From starting each POST to its answer. */
      answer: LatencySummary;
      expected: number;
      lost: number;
      lostMessages: number;
      duplicated: number;
      /** This process's own event-loop delay and CPU while posting: its lag is in every figure. */
      generatorLoopDelay: { p99: number; max: number };
      generatorCpuPercent: number;
    }
  | { type: "posting" }
  | {
      type: "stopped";
      acknowledged: string[];
      inFlightAtKill: number;
      failed: number;
      refused: number;
    }
  | {
      type: "recovered";
      withoutLastEventId: number;
      retried: string[];
      retriedUnacknowledged: number;
      postedAfterRestart: number;
      resumeMs: number;
      /** Of the sends answered before the kill. */
      lostBeforeKill: number;
      /** Of every answered send, retries and those posted after the restart included. */
      lost: number;
      duplicated: number;
      resyncs: number;
      allAcknowledged: string[];
    }
  | { type: "failed"; error: string };

let load: LiveLoad | undefined;
let posting: Promise<void> | undefined;
let acknowledgedBeforeKill: string[] = [];

function summary(latencies: number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  if (sorted.length === 0) return { p50: Number.NaN, p99: Number.NaN, max: Number.NaN, n: 0 };
  return {
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
    n: sorted.length,
  };
}

async function handle(command: LoadCommand): Promise<LoadAnswer | undefined> {
  switch (command.type) {
    case "connect": {
      load = new LiveLoad(command.base, command.people, "bench");
      const started = performance.now();
      await load.connect();
      return {
        type: "connected",
        ms: performance.now() - started,
        open: load.openStreams().length,
      };
    }
    case "load": {
      if (!load) throw new Error("not connected");
      load.latencies = [];
      const before = new Set(load.sends.keys());
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await load.run({ rate: command.rate, seconds: command.seconds });
      const seconds = (performance.now() - started) / 1000;
      loopDelay.disable();
      const cpu = process.cpuUsage(cpuBefore);
      const mine = load.list().filter((s) => !before.has(s.clientId));
      const acknowledged = mine.filter((s) => s.outcome === "acknowledged");
      const counts = await load.waitForDeliveries(acknowledged, 15_000);
      return {
        type: "loaded",
        seconds,
        sent: mine.length,
        acknowledged: acknowledged.length,
        refused: mine.filter((s) => s.outcome === "refused").length,
        failed: mine.filter((s) => s.outcome === "failed").length,
        latency: summary(load.latencies),
        answer: summary(
          acknowledged.flatMap((s) => (s.answeredMs === undefined ? [] : [s.answeredMs])),
        ),
        expected: counts.expected,
        lost: counts.lost,
        lostMessages: counts.lostClientIds.length,
        duplicated: counts.duplicated,
        // The histogram counts in nanoseconds.
        generatorLoopDelay: { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
        generatorCpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
      };
    }
    case "crash-load": {
      if (!load) throw new Error("not connected");
      posting = load.run({ rate: command.rate, seconds: 3_600 });
      return { type: "posting" };
    }
    case "killed": {
      if (!load) throw new Error("not connected");
      // Asked for, not yet answered, when the server died: not acknowledged.
      const inFlightAtKill = load.list("pending").length;
      load.stop();
      await posting;
      acknowledgedBeforeKill = load.list("acknowledged").map((s) => s.clientId);
      return {
        type: "stopped",
        acknowledged: acknowledgedBeforeKill,
        inFlightAtKill,
        failed: load.list("failed").length,
        refused: load.list("refused").length,
      };
    }
    case "restarted": {
      if (!load) throw new Error("not connected");
      const started = performance.now();
      // A phone retries what it never got an answer for, with the same client id.
      const unanswered = load.list().filter((s) => s.outcome !== "acknowledged");
      const retried = await Promise.all(unanswered.map((s) => load?.post(s.sender, s.clientId)));
      // Others carry on posting while the streams wait out EventSource's retry delay.
      const sendsBefore = load.sends.size;
      await load.run({ rate: command.rate, seconds: 1 });
      const postedAfterRestart = load.sends.size - sendsBefore;
      const { withoutLastEventId } = await load.connect({ resume: true });
      const all = load.list("acknowledged");
      const counts = await load.waitForDeliveries(all, 30_000);
      const beforeKill = new Set(acknowledgedBeforeKill);
      const lostBeforeKill = counts.lostClientIds.filter((id) => beforeKill.has(id)).length;
      return {
        type: "recovered",
        withoutLastEventId,
        retried: unanswered.map((s) => s.clientId),
        retriedUnacknowledged: retried.filter((s) => s?.outcome !== "acknowledged").length,
        postedAfterRestart,
        resumeMs: performance.now() - started,
        lostBeforeKill,
        lost: counts.lost,
        duplicated: counts.duplicated,
        resyncs: load.resyncs,
        allAcknowledged: all.map((s) => s.clientId),
      };
    }
    case "end": {
      load?.disconnect();
      process.exit(0);
    }
  }
}

process.on("message", (command: LoadCommand) => {
  handle(command).then(
    (answer) => answer && process.send?.(answer),
    (error: unknown) => process.send?.({ type: "failed", error: String(error) }),
  );
});
