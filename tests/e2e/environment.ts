// What playwright.config.ts and the fixtures must agree on: the browser, the two device shapes,
// the servers' ports (chosen free at start) and where each server keeps its database. Nothing here imports app code.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { devices } from "@playwright/test";

/** Debian's Chromium (scripts/ensure-chromium.ts checks it is there), or CHROME_PATH. */
export const CHROMIUM_PATH = process.env.CHROME_PATH || "/usr/bin/chromium";

/**
 * Without the background-networking flags Chromium keeps dialling Google services, which this
 * machine refuses; --no-sandbox because the tests may run as root (in a container).
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const DESKTOP = {
  userAgent: devices["Desktop Chrome"].userAgent,
  viewport: { width: 1280, height: 800 },
  deviceScaleFactor: 1,
  isMobile: false,
  hasTouch: false,
} as const;

export const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  userAgent:
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36",
} as const;

export type ProjectName = "desktop" | "phone";
export type ServerPorts = { main: number; firstRun: Record<ProjectName, number> };

/**
 * The ports of this run's servers: the main one every test but first-run setup uses, and one per
 * project for first-run setup (it needs an empty database and happens only once per database).
 * The runner asks the operating system for free ports (a demo on 3000, or another test run, may
 * be listening on any fixed one) and passes them to the workers in the environment, as it does
 * the run's directory.
 */
export function serverPorts(): ServerPorts {
  const chosen = process.env.BATON_E2E_PORTS;
  if (!chosen)
    throw new Error("BATON_E2E_PORTS is not set: run the tests through playwright.config.ts");
  return JSON.parse(chosen) as ServerPorts;
}

/**
 * Three ports free right now, chosen by the operating system (listening on port 0). Synchronous,
 * because Playwright evaluates its config synchronously: a child process listens and reports.
 */
export function pickFreePorts(): ServerPorts {
  const script = `
    const net = require("node:net");
    const servers = [0, 1, 2].map(() => net.createServer());
    Promise.all(servers.map((s) => new Promise((ok) => s.listen(0, "127.0.0.1", ok)))).then(() => {
      process.stdout.write(JSON.stringify(servers.map((s) => s.address().port)));
      for (const s of servers) s.close();
    });`;
  const output = execFileSync(process.execPath, ["-e", script], { encoding: "utf8" });
  const [main, desktop, phone] = JSON.parse(output) as number[];
  if (!main || !desktop || !phone) throw new Error(`Could not find free ports: ${output}`);
  return { main, firstRun: { desktop, phone } };
}

export const E2E_TMP_ROOT = path.resolve("tests/.tmp");

/**
 * The directory of this run. playwright.config.ts picks it (the config is evaluated again in
 * every worker, so it travels in the environment, which the workers inherit).
 */
export function runDirectory(): string {
  const dir = process.env.BATON_E2E_RUN_DIR;
  if (!dir)
    throw new Error("BATON_E2E_RUN_DIR is not set: run the tests through playwright.config.ts");
  return dir;
}

export function mainDataDirectory(): string {
  return path.join(runDirectory(), "main");
}

export function firstRunDataDirectory(project: ProjectName): string {
  return path.join(runDirectory(), `first-run-${project}`);
}

/** Where the server keeps its database inside BATON_DATA_DIR (see app/db/connection.server.ts). */
export function databaseFile(dataDirectory: string): string {
  return path.join(dataDirectory, "baton.sqlite");
}
