// The foundation's hot paths: password hashing, session validation, the audit chain, and the
// rules engine over one synthetic person-year. Runs against whatever BATON_DATABASE_PATH names.
import fs from "node:fs";
import { closeDb, databasePath, getDb } from "~/db/connection.server";
import { organisations, users } from "~/db/schema.server";
import { hashPassword, verifyPassword } from "~/models/accounts/passwords.server";
import { createSession, validateSessionToken } from "~/models/accounts/sessions.server";
import { recordAudit, verifyAuditChain } from "~/models/audit/audit.server";
import { expandRotaLines, shiftInstants } from "~/models/rota/rota-patterns";
import { evaluateWorkingTime } from "~/models/rules/working-time-rules";
import { figure, summarise, time } from "./report";

async function benchPasswords(): Promise<string> {
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
  return hash;
}

function benchSessions(passwordHash: string) {
  getDb()
    .insert(users)
    .values({
      id: "u1",
      organisationId: "org",
      email: "b@bench.example",
      name: "Bench",
      passwordHash,
    })
    .run();
  const session = createSession({ userId: "u1", userAgent: "bench", ipAddress: "127.0.0.1" });
  summarise(
    "session validation (per request)",
    Array.from({ length: 2000 }, () => time(() => validateSessionToken(session.token))),
  );
}

function benchAudit() {
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
  figure(
    "audit chain verification",
    `${report.rows} rows in ${(performance.now() - verifyStart).toFixed(1)} ms`,
  );
}

/** Working-time rules over a person-year: a four-line rotating rota of earlies, lates and nights. */
function benchSyntheticPersonYear() {
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
      { target: (_, p95) => ({ text: "p95 < 2 ms", met: p95 < 2 }) },
    );
  }
}

export async function benchFoundation(): Promise<void> {
  getDb().insert(organisations).values({ id: "org", name: "Bench Trust" }).run();
  const passwordHash = await benchPasswords();
  benchSessions(passwordHash);
  benchAudit();
  benchSyntheticPersonYear();
  closeDb();
  figure("database size", `${(fs.statSync(databasePath()).size / 1024).toFixed(0)} KiB`);
}
