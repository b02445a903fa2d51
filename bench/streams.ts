// The event streams benchmark (a skeleton for issue 9's "1,000 SSE clients"): the production
// server build behind the real Express app, in this process, with 1,000 streams open on Ward 7
// of the demo trust. Each round, the manager posts to the ward's team channel through the model
// function (whose commit wakes the hub, as a request's would) and the round's time is until the
// last stream has the event. Clients and server share this process and its CPU, so the figures
// are upper bounds; memory per stream counts both ends of each connection.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import { memberships, teams, users } from "~/db/schema.server";
import { openTeamChannel } from "~/messaging/conversations.server";
import { sendMessage } from "~/messaging/messages.server";
import { createSession, loadActor } from "~/models/accounts/sessions.server";
import { demoEmail } from "~/models/demo/demo-trust.server";
import { createApp } from "../server/app";
import { figure, summarise } from "./report";

const CLIENTS = Number(process.env.BATON_BENCH_STREAMS ?? 1_000);
const ROUNDS = 20;

type Client = { messageIds: Set<string>; request: http.ClientRequest };

function openClient(port: number, cookie: string, agent: http.Agent): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client: Client = { messageIds: new Set(), request: undefined as never };
    client.request = http.get(
      { host: "127.0.0.1", port, path: "/events", agent, headers: { Cookie: cookie } },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
        res.setEncoding("utf8");
        let pending = "";
        res.on("data", (chunk: string) => {
          pending += chunk;
          let end = pending.indexOf("\n\n");
          while (end !== -1) {
            const id = /"messageId":"([^"]+)"/.exec(pending.slice(0, end))?.[1];
            if (id) client.messageIds.add(id);
            pending = pending.slice(end + 2);
            end = pending.indexOf("\n\n");
          }
        });
        resolve(client);
      },
    );
    client.request.on("error", reject);
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export async function benchStreams(directory: string): Promise<void> {
  if (!fs.existsSync("build/server/index.js")) {
    const built = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
    if (built.status !== 0) throw new Error("the build failed");
  }
  process.env.BATON_DATABASE_PATH = path.join(directory, "streams.sqlite");
  const build = (await import(
    pathToFileURL(path.resolve("build/server/index.js")).href
  )) as ServerBuild;
  const entry = build.entry.module as unknown as {
    prepareServer: (o: { demo: boolean; origin: string }) => Promise<void>;
    closeAllStreams: () => void;
  };
  const log = console.log;
  console.log = () => {}; // the demo's sign-in list
  await entry.prepareServer({ demo: true, origin: "http://127.0.0.1" });
  console.log = log;
  const app = createApp({
    build,
    clientDirectory: path.resolve("build/client"),
    rateLimits: false,
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });

  const db = getDb();
  const grace = db
    .select()
    .from(users)
    .where(eq(users.email, demoEmail("Grace Okafor")))
    .get();
  const ward7 = db.select().from(teams).where(eq(teams.name, "Ward 7 Acute Medical Unit")).get();
  if (!grace || !ward7) throw new Error("the demo trust has no Grace Okafor or Ward 7");
  const members = db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(eq(memberships.teamId, ward7.id))
    .all();

  const clients: Client[] = [];
  try {
    const heapBefore = process.memoryUsage().heapUsed;
    const rssBefore = process.memoryUsage().rss;
    const connectStarted = performance.now();
    for (let i = 0; i < CLIENTS; i++) {
      const userId = members[i % members.length]?.userId ?? grace.id;
      const { token } = createSession({ userId, userAgent: "bench", ipAddress: "127.0.0.1" });
      clients.push(await openClient(port, `baton_session=${token}`, agent));
    }
    const connectMs = performance.now() - connectStarted;
    global.gc?.();
    const heapPer = (process.memoryUsage().heapUsed - heapBefore) / CLIENTS;
    const rssPer = (process.memoryUsage().rss - rssBefore) / CLIENTS;
    console.log(`(${CLIENTS} streams on Ward 7, ${members.length} people; ${ROUNDS} rounds)`);
    figure("open the streams, one after another", `${(connectMs / 1000).toFixed(1)} s`);
    figure(
      "memory per stream, both ends",
      `heap ${(heapPer / 1024).toFixed(1)} KiB   rss ${(rssPer / 1024).toFixed(1)} KiB`,
    );

    const actor = loadActor(grace);
    const channel = openTeamChannel({ actor, teamId: ward7.id });
    const rounds: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      const { message } = sendMessage({
        actor,
        conversationId: channel.id,
        clientId: `bench-${round}-${Date.now()}`,
        body: "Bench: handover at 19:45",
      });
      await until(
        () => clients.every((c) => c.messageIds.has(message.id)),
        `round ${round} to reach every stream`,
      );
      rounds.push(performance.now() - started);
    }
    summarise(`one message to ${CLIENTS} streams, commit to last`, rounds, {
      target: (p50, p95) => ({ text: "p95 < 1000 ms", met: p95 < 1000 && p50 < 1000 }),
    });
  } finally {
    entry.closeAllStreams();
    for (const client of clients) client.request.destroy();
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}
