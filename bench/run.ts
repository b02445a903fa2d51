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

closeDb();
console.log(
  `${"database size".padEnd(44)} ${(fs.statSync(process.env.BATON_DATABASE_PATH).size / 1024).toFixed(0)} KiB`,
);
fs.rmSync(directory, { recursive: true, force: true });
