// The event streams benchmark (issue 9): the production server (scripts/start.ts, as `npm start`
// runs it) in one process on loopback, and the load generator (bench/streams-load.ts) in
// another, on a database seeded here with the real model functions: 1,000 people on 50
// published shifts of 20 (five wards, ten days), each shift's thread, a session each, and 1,000
// messages in the first thread.
//   1. The thread page's loader with 1,000 messages in the thread, over HTTP, one at a time.
//   2. Server memory per idle stream: its RSS with 1,000 idle streams less with none, / 1,000.
//   3. 200 messages a second for 60 s, each from a member of a thread through POST
//      /messages/<id>: send-to-delivery latency over every delivery (every member, the sender
//      included), and deliveries lost or duplicated.
//   4. Crash: kill -9 under load, restart on the same database and port, resume the streams with
//      Last-Event-ID and retry unanswered sends with their client ids; count what is missing.
// BATON_BENCH_STREAM_RATE and BATON_BENCH_STREAM_SECONDS change the load (200, 60).
import { fork } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { closeDb, getDb } from "~/db/connection.server";
import { openShiftThread } from "~/messaging/conversations.server";
import { sendMessage } from "~/messaging/messages.server";
import { createSession } from "~/models/accounts/sessions.server";
import { addDays, localDateKey } from "~/models/local-time";
import { createRotaPeriod, publishRotaPeriod } from "~/models/rota/rota-periods.server";
import { addShift } from "~/models/rota/shifts.server";
import { type AppProcess, freePort, startAppProcess } from "../tests/support/app-process";
import {
  actorFor,
  addToTeam,
  createOrganisation,
  createPerson,
  createTeam,
} from "../tests/support/factories";
import type { LoadPerson } from "../tests/support/live-load";
import { addShiftType } from "../tests/support/ward";
import { figure, summarise } from "./report";
import type { LoadAnswer, LoadCommand } from "./streams-load";

const WARDS = 5;
const DAYS = 10;
const PER_SHIFT = 20;
const THREAD_MESSAGES = 1_000;
const RATE = Number(process.env.BATON_BENCH_STREAM_RATE ?? 200);
const SECONDS = Number(process.env.BATON_BENCH_STREAM_SECONDS ?? 60);
const LOADER_SAMPLES = 300;
const CRASH_AFTER_MS = 3_000;
// USER_HZ, the unit of /proc/<pid>/stat's CPU times: 100 on Linux for x86 and Arm alike.
const CLOCK_TICKS_PER_SECOND = 100;

type Seeded = { people: LoadPerson[]; bigThread: string; reader: LoadPerson };

/** The trust, through the model functions (sessions made directly: no argon2 per person). */
async function seed(): Promise<Seeded> {
  const organisation = createOrganisation("Bench Trust");
  const people: LoadPerson[] = [];
  for (let w = 0; w < WARDS; w++) {
    const team = createTeam(organisation.id, `Ward ${w + 1}`);
    const boss = await createPerson({ organisationId: organisation.id, name: `Manager ${w + 1}` });
    addToTeam(boss.id, team.id, "manager", "Band 7 Ward Manager");
    const manager = actorFor(boss.id);
    const early = addShiftType(team.id, "E", "07:30", "15:30");
    const first = addDays(localDateKey(Date.now(), team.timeZone), 7);
    const { periodId } = createRotaPeriod({
      actor: manager,
      teamId: team.id,
      startDate: first,
      endDate: addDays(first, DAYS - 1),
    });
    const shifts: { date: string; staff: string[] }[] = [];
    for (let d = 0; d < DAYS; d++) {
      const date = addDays(first, d);
      const staff: string[] = [];
      for (let p = 0; p < PER_SHIFT; p++) {
        const name = `Nurse ${w + 1}-${d + 1}-${p + 1}`;
        const person = await createPerson({ organisationId: organisation.id, name });
        addToTeam(person.id, team.id);
        addShift({
          actor: manager,
          teamId: team.id,
          periodId,
          userId: person.id,
          shiftTypeId: early,
          date,
        });
        staff.push(person.id);
      }
      shifts.push({ date, staff });
    }
    publishRotaPeriod({ actor: manager, teamId: team.id, periodId });
    for (const { date, staff } of shifts) {
      const thread = openShiftThread({ actor: manager, teamId: team.id, shiftTypeId: early, date });
      for (const userId of staff) people.push({ userId, cookie: "", conversationId: thread.id });
    }
  }
  for (const person of people) {
    const { token } = createSession({
      userId: person.userId,
      userAgent: "bench",
      ipAddress: "127.0.0.1",
    });
    person.cookie = `baton_session=${token}`;
  }
  const reader = people[0];
  if (!reader) throw new Error("nobody seeded");
  const members = people.filter((p) => p.conversationId === reader.conversationId);
  for (let i = 0; i < THREAD_MESSAGES; i++) {
    const sender = members[i % members.length] ?? reader;
    sendMessage({
      actor: actorFor(sender.userId),
      conversationId: reader.conversationId,
      clientId: `seed-${i}`,
      body: `Seeded message ${i}: bloods for bay 2 are back, please check before the ward round.`,
    });
  }
  return { people, bigThread: reader.conversationId, reader };
}

/** The server's resident set (VmRSS) in bytes. */
function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
  return kb * 1024;
}

/** The median of `n` readings of the server's RSS, `gapMs` apart. */
async function settledRss(pid: number, n = 7, gapMs = 300): Promise<number> {
  const readings: number[] = [];
  for (let i = 0; i < n; i++) {
    readings.push(rssOf(pid));
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  readings.sort((a, b) => a - b);
  return readings[Math.floor(n / 2)] ?? 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The load generator: a process of its own, spoken to over IPC, one answer per command. */
function startGenerator() {
  const child = fork(path.resolve("bench/streams-load.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting: ((answer: LoadAnswer) => void)[] = [];
  child.on("message", (answer: LoadAnswer) => waiting.shift()?.(answer));
  return {
    child,
    ask<T extends LoadAnswer["type"]>(
      command: LoadCommand,
      expect: T,
    ): Promise<Extract<LoadAnswer, { type: T }>> {
      return new Promise((resolve, reject) => {
        waiting.push((answer) => {
          if (answer.type === expect) resolve(answer as Extract<LoadAnswer, { type: T }>);
          else reject(new Error(`the load generator: ${JSON.stringify(answer)}`));
        });
        child.send(command);
      });
    },
  };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

export async function benchStreams(directory: string): Promise<void> {
  const database = path.join(directory, "streams.sqlite");
  closeDb();
  process.env.BATON_DATABASE_PATH = database;
  const seedStarted = performance.now();
  const { people, bigThread, reader } = await seed();
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const start = () =>
    startAppProcess({
      // As `npm start`: builds first when the build is missing or older than the sources.
      args: ["scripts/start.ts"],
      port,
      env: {
        NODE_ENV: "production",
        BATON_DATABASE_PATH: database,
        BATON_ORIGIN: base,
        BATON_LOG_REQUESTS: "0",
        // Never set outside benchmarks: 1,000 clients on one address are what the limiter stops.
        BATON_BENCH_NO_RATE_LIMITS: "1",
      },
      timeoutMs: 600_000,
    });
  let server: AppProcess | undefined = await start();
  const generator = startGenerator();
  console.log(
    `(${people.length} people on ${people.length / PER_SHIFT} shift threads of ${PER_SHIFT}, ` +
      `seeded in ${seedSeconds.toFixed(0)} s; server pid ${server.pid}, load generator pid ${generator.child.pid})`,
  );
  try {
    // 1. The thread page's loader, alone on the server.
    const loaderUrl = `${base}/messages/${bigThread}.data?_routes=${encodeURIComponent("routes/_app.messages.$conversationId")}`;
    const get = async () => {
      const started = performance.now();
      const response = await fetch(loaderUrl, { headers: { Cookie: reader.cookie } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`the loader answered ${response.status}`);
      return performance.now() - started;
    };
    for (let i = 0; i < 50; i++) await get();
    const loaderSamples: number[] = [];
    for (let i = 0; i < LOADER_SAMPLES; i++) loaderSamples.push(await get());
    summarise(`thread page loader, ${THREAD_MESSAGES} messages, HTTP`, loaderSamples, {
      target: (_p50, p95) => ({ text: "p95 < 20 ms", met: p95 < 20 }),
    });

    // 2. Memory per idle stream.
    const rssNone = await settledRss(server.pid);
    const connected = await generator.ask({ type: "connect", base, people }, "connected");
    await sleep(2_000);
    const rssWith = await settledRss(server.pid);
    figure(
      `open ${people.length} streams, 50 at a time`,
      `${(connected.ms / 1000).toFixed(1)} s (${connected.open} open)`,
    );
    const perStream = (rssWith - rssNone) / people.length / 1024;
    figure(
      "server memory per idle stream (RSS)",
      `${perStream.toFixed(1)} KB   (${(rssNone / 2 ** 20).toFixed(0)} MB with none, ${(rssWith / 2 ** 20).toFixed(0)} MB with ${people.length})`,
      { text: "< 30 KB", met: perStream < 30 },
    );

    // 3. Messages at a steady rate.
    const serverCpuBefore = cpuSeconds(server.pid);
    const loaded = await generator.ask({ type: "load", rate: RATE, seconds: SECONDS }, "loaded");
    const serverCpuPercent = ((cpuSeconds(server.pid) - serverCpuBefore) / loaded.seconds) * 100;
    const { latency } = loaded;
    figure(
      `send to delivery, ${RATE}/s for ${SECONDS} s`,
      `p50 ${ms(latency.p50)}   p99 ${ms(latency.p99)}   max ${ms(latency.max)}   (${latency.n} deliveries)`,
      { text: "p99 < 50 ms", met: latency.p99 < 50 },
    );
    figure(
      "POST /messages/<id>, start to answer",
      `p50 ${ms(loaded.answer.p50)}   p99 ${ms(loaded.answer.p99)}   max ${ms(loaded.answer.max)}`,
    );
    figure(
      "sends answered / refused / failed",
      `${loaded.acknowledged} / ${loaded.refused} / ${loaded.failed} of ${loaded.sent} in ${loaded.seconds.toFixed(1)} s`,
    );
    figure(
      "CPU while posting (100% = one core)",
      `server ${serverCpuPercent.toFixed(0)}%, load generator ${loaded.generatorCpuPercent.toFixed(0)}% ` +
        `(its event-loop delay p99 ${ms(loaded.generatorLoopDelay.p99)}, max ${ms(loaded.generatorLoopDelay.max)})`,
    );
    figure(
      "deliveries lost / duplicated",
      `${loaded.lost} lost (${loaded.lostMessages} messages) / ${loaded.duplicated} duplicated, of ${loaded.expected}`,
      { text: "none", met: loaded.lost === 0 && loaded.duplicated === 0 },
    );

    // 4. kill -9 under load.
    await generator.ask({ type: "crash-load", rate: RATE }, "posting");
    await sleep(CRASH_AFTER_MS);
    server.child.kill("SIGKILL");
    await server.exited;
    server = undefined;
    const stopped = await generator.ask({ type: "killed" }, "stopped");
    const missingFromDb = missingFromDatabase(stopped.acknowledged);
    server = await start();
    const recovered = await generator.ask({ type: "restarted", rate: RATE }, "recovered");
    figure(
      "kill -9: answered before, missing from db",
      `${missingFromDb} of ${stopped.acknowledged.length}`,
      { text: "0", met: missingFromDb === 0 },
    );
    figure(
      "kill -9: answered before, never on a stream",
      `${recovered.lostBeforeKill} messages (${recovered.withoutLastEventId} streams had no Last-Event-ID, ${recovered.resyncs} resyncs)`,
      { text: "0", met: recovered.lostBeforeKill === 0 },
    );
    const twice = storedMoreThanOnce(recovered.allAcknowledged);
    figure(
      "kill -9: in flight / failed at the kill",
      `${stopped.inFlightAtKill} in flight, ${stopped.failed} failed, ${stopped.refused} refused; ` +
        `${recovered.retried.length} retried (${recovered.retriedUnacknowledged} unanswered), ${twice} stored twice`,
      { text: "0 twice", met: twice === 0 && recovered.retriedUnacknowledged === 0 },
    );
    figure(
      "kill -9: after the restart, all answered",
      `${recovered.lost} deliveries lost, ${recovered.duplicated} duplicated (${recovered.postedAfterRestart} posted before resuming; restart to caught up ${(recovered.resumeMs / 1000).toFixed(1)} s)`,
      { text: "none", met: recovered.lost === 0 && recovered.duplicated === 0 },
    );
  } finally {
    generator.child.send({ type: "end" } satisfies LoadCommand);
    if (server) {
      server.child.kill("SIGTERM");
      await server.exited;
    }
    closeDb();
  }
}

/** User plus system CPU time of a process so far, in seconds (Linux /proc/<pid>/stat). */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** How many of these client ids have no message row. */
function missingFromDatabase(clientIds: string[]): number {
  const found = getDb()
    .$client.prepare(
      "SELECT count(DISTINCT client_id) FROM messages WHERE client_id IN (SELECT value FROM json_each(?))",
    )
    .pluck()
    .get(JSON.stringify(clientIds)) as number;
  return clientIds.length - found;
}

/** How many of these client ids have more than one message row. */
function storedMoreThanOnce(clientIds: string[]): number {
  return getDb()
    .$client.prepare(
      `SELECT count(*) FROM (SELECT client_id FROM messages
         WHERE client_id IN (SELECT value FROM json_each(?))
         GROUP BY conversation_id, sender_user_id, client_id HAVING count(*) > 1)`,
    )
    .pluck()
    .get(JSON.stringify(clientIds)) as number;
}
