// `npm run bench`: figures for the foundation's hot paths on this machine. Prints, never asserts.
// Later issues add the rota benchmarks (pattern expansion, rules, grid loader).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "baton-bench-"));
process.env.BATON_DATABASE_PATH = path.join(directory, "bench.sqlite");

const { getDb, closeDb } = await import("../app/db/connection.server");
const { recordAudit, verifyAuditChain } = await import("../app/models/audit.server");
const { hashPassword, verifyPassword } = await import("../app/models/passwords.server");
const { createSession, validateSessionToken } = await import("../app/models/sessions.server");
const { organisations, users } = await import("../app/db/schema.server");

function summarise(label: string, samples: number[], unit = "ms") {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  console.log(
    `${label.padEnd(44)} median ${at(0.5).toFixed(3)} ${unit}   p95 ${at(0.95).toFixed(3)} ${unit}   (n=${samples.length})`,
  );
}

function time(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

const db = getDb();
db.insert(organisations).values({ id: "org", name: "Bench Trust" }).run();

const hashes: number[] = [];
let hash = "";
for (let i = 0; i < 10; i++) {
  const start = performance.now();
  hash = await hashPassword("bench password number one");
  hashes.push(performance.now() - start);
}
summarise("argon2id hash (m=19456 KiB, t=2, p=1)", hashes);
const verifies: number[] = [];
for (let i = 0; i < 10; i++) {
  const start = performance.now();
  await verifyPassword(hash, "bench password number one");
  verifies.push(performance.now() - start);
}
summarise("argon2id verify", verifies);

db.insert(users)
  .values({
    id: "u1",
    organisationId: "org",
    email: "b@bench.example",
    name: "Bench",
    passwordHash: hash,
  })
  .run();
const session = createSession({ userId: "u1", userAgent: "bench", ipAddress: "127.0.0.1" });
summarise(
  "session validation (per request)",
  Array.from({ length: 2000 }, () => time(() => validateSessionToken(session.token))),
);

const appends = Array.from({ length: 5000 }, (_, i) =>
  time(() =>
    recordAudit({
      organisationId: "org",
      actorUserId: "u1",
      action: "sign_in.succeeded",
      detail: { i },
    }),
  ),
);
summarise("audit append (hash-chained)", appends);
const verifyStart = performance.now();
const report = verifyAuditChain();
console.log(
  `${"audit chain verification".padEnd(44)} ${report.rows} rows in ${(performance.now() - verifyStart).toFixed(1)} ms`,
);

// Working-time rules over a person-year: a four-line rotating rota of earlies, lates and nights.
const { expandRotaLines, shiftInstants } = await import("../app/models/rota-patterns");
const { evaluateWorkingTime } = await import("../app/models/working-time-rules");
const lines = [
  ["E", "E", "L", "L", null, null, null],
  ["N", "N", "N", null, null, "E", "E"],
  [null, null, "E", "E", "L", "L", null],
  ["L", "L", null, "E", "E", null, null],
];
const times: Record<string, { startLocal: string; endLocal: string }> = {
  E: { startLocal: "07:30", endLocal: "15:30" },
  L: { startLocal: "13:30", endLocal: "21:30" },
  N: { startLocal: "21:00", endLocal: "07:45" },
};
const personYear = expandRotaLines({
  lines,
  cycleStart: "2026-01-05",
  startLine: 1,
  range: { from: "2026-01-05", to: "2027-01-03" },
}).map((s) => shiftInstants(s.date, times[s.code]!, "Europe/London"));
for (const ruleSet of ["tcs2016", "wtr"] as const) {
  evaluateWorkingTime(personYear, ruleSet); // warm the zone-offset cache and the JIT
  summarise(
    `rules ${ruleSet} per person-year (${personYear.length} shifts)`,
    Array.from({ length: 300 }, () => time(() => evaluateWorkingTime(personYear, ruleSet))),
  );
}

closeDb();
console.log(
  `${"database size".padEnd(44)} ${(fs.statSync(process.env.BATON_DATABASE_PATH).size / 1024).toFixed(0)} KiB`,
);
fs.rmSync(directory, { recursive: true, force: true });
