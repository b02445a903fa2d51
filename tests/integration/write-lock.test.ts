// Another process writing to the database at the same moment (a second server, a script) must
// make Baton wait its turn, not fail with "database is locked".
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { databasePath, getDb } from "~/db/connection.server";
import { recordAudit, verifyAuditChain } from "~/models/audit/audit.server";

/** Starts a process that takes the write lock, writes an audit-free row, and holds it for `ms`. */
function holdWriteLock(ms: number): Promise<() => Promise<void>> {
  const script = `
    const Database = require("better-sqlite3");
    const db = new Database(process.argv[1]);
    db.pragma("busy_timeout = 5000");
    db.exec("BEGIN IMMEDIATE");
    db.prepare("INSERT INTO organisations (id, name) VALUES (?, ?)").run("other-process", "Written elsewhere");
    process.stdout.write("locked\\n");
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[2]));
    db.exec("COMMIT");
    db.close();
  `;
  const child = spawn(process.execPath, ["-e", script, databasePath(), String(ms)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const done = new Promise<void>((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`)))),
  );
  return new Promise((resolve) => child.stdout.once("data", () => resolve(() => done)));
}

describe("writes while another process writes", () => {
  it("waits for the other writer instead of failing, and keeps the audit chain whole", async () => {
    recordAudit({
      organisationId: null,
      actorUserId: null,
      action: "sign_in.failed",
      detail: { n: 1 },
    });
    const finished = await holdWriteLock(300);
    // A read first (the chain's last row), then a write: the pattern that fails under BEGIN DEFERRED.
    recordAudit({
      organisationId: null,
      actorUserId: null,
      action: "sign_in.failed",
      detail: { n: 2 },
    });
    await finished();
    expect(
      getDb()
        .$client.prepare("SELECT count(*) AS n FROM organisations WHERE id = 'other-process'")
        .get(),
    ).toEqual({ n: 1 });
    expect(verifyAuditChain()).toMatchObject({ ok: true, rows: 2 });
  });
});
