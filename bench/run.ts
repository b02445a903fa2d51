// `npm run bench`: figures for the hot paths on this machine. Prints, never asserts: a target
// missed is printed as MISSED, and the run still succeeds.
//   1. the foundation: passwords, sessions, the audit chain, rules over a synthetic person-year;
//   2. the rota on a large trust (2,000 people, 40 wards, 52 weeks): applying patterns,
//      publishing, rules over real person-years, the team grid loader, the database's size;
//   3. pages: the production server against a bare handler running the same model functions;
//   4. streams: the production server and a load generator in separate processes: 1,000 event
//      streams on 50 shift threads, 200 messages a second, memory per stream, the thread page's
//      loader, and a kill -9 under load;
//   5. push: one urgent message fanned out to 500 devices on web-push-testing;
//   6. search: FTS5 over 100,000 messages of one ward, as its manager and as a staff nurse.
//   7. retention: purging 1,000,000 messages past their window, in batches.
// Each part gets its own database file in a temporary directory, removed at the end.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "baton-bench-"));
const started = performance.now();
// `npm run bench -- pages` (or foundation, rota, streams) runs only the parts named.
const wanted = process.argv.slice(2);
const runs = (part: string) => wanted.length === 0 || wanted.includes(part);
try {
  // The database path is read when the first connection opens, so set it before each part runs.
  if (runs("foundation")) {
    process.env.BATON_DATABASE_PATH = path.join(directory, "foundation.sqlite");
    const { benchFoundation } = await import("./foundation");
    await benchFoundation();
  }
  if (runs("rota")) {
    console.log("\nrota, large trust");
    process.env.BATON_DATABASE_PATH = path.join(directory, "large-trust.sqlite");
    const { benchRota } = await import("./rota");
    benchRota();
  }
  if (runs("pages")) {
    console.log("\npages: the production server against a bare handler on the same queries");
    const { benchPages } = await import("./pages");
    await benchPages(directory);
  }
  if (runs("streams")) {
    console.log("\nevent streams: the production server, the load generator in another process");
    const { benchStreams } = await import("./streams");
    await benchStreams(directory);
  }
  if (runs("push")) {
    console.log("\npush: one urgent message to 500 devices through a local push service");
    process.env.BATON_DATABASE_PATH = path.join(directory, "push.sqlite");
    const { benchPush } = await import("./push");
    await benchPush();
  }
  if (runs("search")) {
    console.log("\nsearch: 100,000 messages in one ward's conversations");
    process.env.BATON_DATABASE_PATH = path.join(directory, "search.sqlite");
    const { benchSearch } = await import("./search");
    benchSearch();
  }
  if (runs("retention")) {
    console.log("\nretention: purging 1,000,000 messages past their window");
    process.env.BATON_DATABASE_PATH = path.join(directory, "retention.sqlite");
    const { benchRetention } = await import("./retention");
    await benchRetention();
  }
} finally {
  fs.rmSync(directory, { recursive: true, force: true });
}
console.log(`\nbench finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
