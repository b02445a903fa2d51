import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { backupDatabase, backupFileName, checkDatabaseFile } from "~/db/backup.server";
import { getDb, openDatabase } from "~/db/connection.server";
import { verifyAuditChain } from "~/models/audit/audit.server";
import { createTwoWardTrust } from "../support/factories";

describe("backup", () => {
  it("names backups by UTC time so they sort in order", () => {
    expect(backupFileName(new Date("2026-11-25T09:05:07.123Z"))).toBe(
      "baton-20261125T090507Z.sqlite",
    );
  });

  it("writes a consistent copy of the live database that holds its data and a valid audit chain", async () => {
    const trust = await createTwoWardTrust();
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "baton-backup-"));
    try {
      const { file, bytes } = await backupDatabase(getDb(), directory);
      expect(bytes).toBeGreaterThan(0);
      expect(checkDatabaseFile(file)).toEqual({ ok: true });
      const copy = openDatabase(file);
      const names = copy.$client.prepare("SELECT name FROM teams ORDER BY name").all();
      expect(names).toEqual([{ name: trust.ward12.name }, { name: trust.ward7.name }]);
      expect(verifyAuditChain(copy).ok).toBe(true);
      copy.$client.close();
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  it("says a file that is not a Baton database is unusable", () => {
    const file = path.join(os.tmpdir(), `not-baton-${Date.now()}.sqlite`);
    fs.writeFileSync(file, "hello");
    expect(checkDatabaseFile(file).ok).toBe(false);
    fs.rmSync(file);
    expect(checkDatabaseFile(file)).toEqual({ ok: false, problem: "no such file" });
  });
});
