// End-to-end tests: Debian's Chromium (see scripts/ensure-chromium.ts) against the production
// build, served by the real Express server. `npm run test:e2e` checks for the browser, builds,
// then runs this. Each run gets fresh databases under tests/.tmp/e2e-<timestamp>/.
import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  DESKTOP,
  databaseFile,
  E2E_TMP_ROOT,
  firstRunDataDirectory,
  mainDataDirectory,
  PHONE,
  type ProjectName,
  pickFreePorts,
  serverPorts,
} from "./tests/e2e/environment";

// The config is evaluated by the runner and again by each worker: only the runner (which finds
// no directory in the environment yet) picks the run's directory and free ports for its servers,
// clears out earlier runs' and checks there is a build to serve.
if (!process.env.BATON_E2E_RUN_DIR) {
  fs.mkdirSync(E2E_TMP_ROOT, { recursive: true });
  for (const entry of fs.readdirSync(E2E_TMP_ROOT)) {
    if (entry.startsWith("e2e-"))
      fs.rmSync(path.join(E2E_TMP_ROOT, entry), { recursive: true, force: true });
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  process.env.BATON_E2E_RUN_DIR = path.join(E2E_TMP_ROOT, `e2e-${stamp}`);
  process.env.BATON_E2E_PORTS = JSON.stringify(pickFreePorts());
  fs.mkdirSync(process.env.BATON_E2E_RUN_DIR, { recursive: true });
  if (!fs.existsSync("build/server/index.js") || !fs.existsSync("build/client/sw.js")) {
    throw new Error(
      "There is no production build to test. Run `npm run test:e2e` (it builds first), or `npm run build` and then `npx playwright test`.",
    );
  }
}

// BATON_E2E_SERVER_LOG=1 shows the servers' request logs, for debugging a failing test.
const serverLog = process.env.BATON_E2E_SERVER_LOG === "1";

function server(name: string, port: number, dataDirectory: string) {
  const origin = `http://127.0.0.1:${port}`;
  return {
    name,
    command: "node --import tsx server.ts",
    url: `${origin}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: serverLog ? ("pipe" as const) : ("ignore" as const),
    stderr: "pipe" as const,
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 5_000 },
    env: {
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      BATON_ORIGIN: origin,
      BATON_DATA_DIR: dataDirectory,
      BATON_DATABASE_PATH: databaseFile(dataDirectory),
      BATON_LOG_REQUESTS: serverLog ? "1" : "0",
      BATON_TRUST_PROXY: "",
      // Push on, with keys made in the run's data directory (no push service is reached).
      BATON_VAPID_SUBJECT: "mailto:rota-office@northgate.example",
    },
  };
}

const ports = serverPorts();
const launchOptions = { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS };

function project(
  name: ProjectName,
  device: Record<string, unknown>,
  files: { testIgnore?: string[] } = {},
) {
  return {
    name,
    ...files,
    use: { ...device, browserName: "chromium" as const, launchOptions },
  };
}

// Specs tried on one profile only run in that project, so no run reports them as skipped.
/** Swaps, handover, push, the rota on a phone, account recovery, devices and photos are tried on the phone, where staff use them. */
const PHONE_ONLY = [
  "**/swaps.spec.ts",
  "**/handover.spec.ts",
  "**/accounts.spec.ts",
  "**/push.spec.ts",
  "**/rota-phone.spec.ts",
  "**/message-files.spec.ts",
];

export default defineConfig({
  testDir: "tests/e2e",
  // Two cores: one worker per core keeps the server (argon2 on every sign-in) responsive.
  workers: 2,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // Generous: on a busy two-core machine one axe scan can take seconds. A passing test is not
  // slowed by these; they only decide how long a broken one takes to fail.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: "list",
  use: {
    baseURL: `http://127.0.0.1:${ports.main}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [project("desktop", DESKTOP, { testIgnore: PHONE_ONLY }), project("phone", PHONE)],
  webServer: [
    server("main", ports.main, mainDataDirectory()),
    server("first run (desktop)", ports.firstRun.desktop, firstRunDataDirectory("desktop")),
    server("first run (phone)", ports.firstRun.phone, firstRunDataDirectory("phone")),
  ],
});
