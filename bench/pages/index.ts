// The pages benchmark: the production server against a bare node:http handler that runs the same
// model functions on the same database (bare-server.ts), each loaded by the same concurrent client
// (autocannon), interleaved so that whatever else the machine does falls on both alike. Prints
// requests per second for both, their ratio and the served page's p50/p99 latency.
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { eq } from "drizzle-orm";
import { closeDb, getDb } from "~/db/connection.server";
import { teams, users } from "~/db/schema.server";
import { createSession } from "~/models/accounts/sessions.server";
import { demoEmail } from "~/models/demo/demo-trust.server";
import { figure, median } from "../report";

const CONNECTIONS = 10;
const ROUND_SECONDS = 4;
const ROUNDS = 3;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address !== "object") throw new Error("no free port");
  return address.port;
}

async function waitFor(url: string, child: ChildProcess, seconds = 180): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited (${child.exitCode})`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

function start(script: string[], env: Record<string, string>): ChildProcess {
  const rawImports = fileURLToPath(new URL("raw-imports.mjs", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", "--import", rawImports, ...script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return child;
}

type Load = { rps: number; p50: number; p99: number; bad: number };

async function load(url: string, cookie: string, seconds: number): Promise<Load> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { cookie },
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

/** Seeds the demo trust through the production server, then measures three pages. */
export async function benchPages(directory: string): Promise<void> {
  const database = path.join(directory, "pages.sqlite");
  const [servedPort, barePort] = [await freePort(), await freePort()];
  const env = {
    NODE_ENV: "production",
    BATON_DATABASE_PATH: database,
    BATON_LOG_REQUESTS: "0",
    // Never set outside benchmarks: one signed-in client making hundreds of requests a second is
    // what the rate limiter exists to stop, and the limiter is not what this measures.
    BATON_BENCH_NO_RATE_LIMITS: "1",
  };
  // scripts/start.ts builds first when the build is missing or older than the sources.
  const served = start(["scripts/start.ts", "--demo"], { ...env, PORT: String(servedPort) });
  let bare: ChildProcess | undefined;
  try {
    await waitFor(`http://127.0.0.1:${servedPort}/healthz`, served);
    // Only once the server has migrated and seeded the database.
    bare = start(["bench/pages/bare-server.ts"], { ...env, PORT: String(barePort) });
    await waitFor(`http://127.0.0.1:${barePort}/`, bare);

    closeDb();
    process.env.BATON_DATABASE_PATH = database;
    const db = getDb();
    const signIn = (name: string) => {
      const user = db
        .select()
        .from(users)
        .where(eq(users.email, demoEmail(name)))
        .get();
      if (!user) throw new Error(`the demo trust has no ${name}`);
      const { token } = createSession({
        userId: user.id,
        userAgent: "bench",
        ipAddress: "127.0.0.1",
      });
      return `baton_session=${token}`;
    };
    const ward7 = db.select().from(teams).where(eq(teams.name, "Ward 7 Acute Medical Unit")).get();
    if (!ward7) throw new Error("the demo trust has no Ward 7");
    const grace = signIn("Grace Okafor");
    // A staff nurse's Shifts page also checks her eligibility for each open shift (issue 10).
    const amelia = signIn("Amelia Hughes");
    closeDb();

    const pages = [
      {
        label: "week rota page",
        served: `/team/${ward7.id}/rota`,
        bare: `/rota?team=${ward7.id}`,
        cookie: grace,
      },
      { label: "Shifts page", served: "/shifts", bare: "/shifts", cookie: grace },
      { label: "Shifts page (staff nurse)", served: "/shifts", bare: "/shifts", cookie: amelia },
      {
        label: "notifications page",
        served: "/notifications",
        bare: "/notifications",
        cookie: grace,
      },
    ];
    console.log(
      `(${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${ROUND_SECONDS} s each, Grace Okafor signed in unless said)`,
    );
    for (const page of pages) {
      const { cookie } = page;
      const servedUrl = `http://127.0.0.1:${servedPort}${page.served}`;
      const bareUrl = `http://127.0.0.1:${barePort}${page.bare}`;
      await load(servedUrl, cookie, 1); // warm the JIT and SQLite's page cache
      await load(bareUrl, cookie, 1);
      const servedRounds: Load[] = [];
      const bareRounds: Load[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        servedRounds.push(await load(servedUrl, cookie, ROUND_SECONDS));
        bareRounds.push(await load(bareUrl, cookie, ROUND_SECONDS));
      }
      const bad = [...servedRounds, ...bareRounds].reduce((sum, r) => sum + r.bad, 0);
      if (bad)
        console.log(`  ${page.label}: ${bad} answers were not 2xx: the figures are not valid`);
      const servedRps = median(servedRounds.map((r) => r.rps));
      const bareRps = median(bareRounds.map((r) => r.rps));
      const ratio = servedRps / bareRps;
      figure(
        `${page.label}, served / bare`,
        `${servedRps.toFixed(0)} / ${bareRps.toFixed(0)} requests/s   ratio ${ratio.toFixed(2)}`,
        { text: "ratio >= 0.5", met: ratio >= 0.5 },
      );
      const p99 = Math.max(...servedRounds.map((r) => r.p99));
      figure(
        `${page.label}, served latency`,
        `p50 ${median(servedRounds.map((r) => r.p50)).toFixed(0)} ms   p99 ${p99.toFixed(0)} ms`,
        { text: "p99 < 50 ms", met: p99 < 50 },
      );
    }
  } finally {
    served.kill("SIGTERM");
    bare?.kill("SIGTERM");
  }
}
