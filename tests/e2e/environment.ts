// What playwright.config.ts and the fixtures must agree on: the browser, the two device shapes,
// the servers' ports and where each server keeps its database. Nothing here imports app code.
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

/** The server every test but first-run setup uses; the tests create their own data in it. */
export const MAIN_PORT = 3100;

/**
 * First-run setup needs a database with no organisation in it, and can happen only once per
 * database: each project gets a server of its own, so desktop and phone both walk through it.
 */
export const FIRST_RUN_PORTS = { desktop: 3101, phone: 3102 } as const;
export type ProjectName = keyof typeof FIRST_RUN_PORTS;

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
