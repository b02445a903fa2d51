// `npm start` and `npm run demo`: build the app if the build is missing or older than the
// sources, then start the server (which migrates the database and, for the demo, seeds it).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startServer } from "../server";

const SOURCES = [
  "app",
  "public",
  "server",
  "remix.config.js",
  "vite.config.ts",
  "package-lock.json",
  "scripts/build-service-worker.ts",
];
const BUILD_MARKER = "build/server/index.js";

function newestModification(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry))
    newest = Math.max(newest, newestModification(path.join(entry, child)));
  return newest;
}

function buildIsCurrent(): boolean {
  if (!fs.existsSync(BUILD_MARKER) || !fs.existsSync("build/client/sw.js")) return false;
  const built = fs.statSync(BUILD_MARKER).mtimeMs;
  return SOURCES.every((source) => newestModification(source) <= built);
}

if (!buildIsCurrent()) {
  console.log("Building Baton (the build is missing or older than the sources)...");
  const result = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error("The build failed: see the errors above.");
    process.exit(result.status ?? 1);
  }
}

const demo = process.argv.includes("--demo");
// The demo trust lives in a database of its own, so it never mixes with real data.
if (demo && !process.env.BATON_DATABASE_PATH) {
  process.env.BATON_DATABASE_PATH = path.join(process.env.BATON_DATA_DIR ?? "data", "demo.sqlite");
}
// Push needs a VAPID subject a push service accepts; a real deployment sets the trust's own.
if (demo) process.env.BATON_VAPID_SUBJECT ??= "mailto:rota-office@northgate.example";
process.env.NODE_ENV ??= "production";
await startServer({ demo });
