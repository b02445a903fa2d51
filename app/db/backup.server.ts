// Consistent copies of the live database through SQLite's online backup API: safe while Baton
// is running and writing, unlike copying the file (which can catch a half-written WAL).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Db } from "./connection.server";

export function backupFileName(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `baton-${stamp}.sqlite`;
}

/** Writes a backup into `directory` and checks it opens and passes SQLite's integrity check. */
export async function backupDatabase(
  db: Db,
  directory: string,
  now = new Date(),
): Promise<{ file: string; bytes: number }> {
  fs.mkdirSync(directory, { recursive: true });
  const file = path.join(directory, backupFileName(now));
  await db.$client.backup(file);
  const check = checkDatabaseFile(file);
  if (!check.ok)
    throw new Error(`The backup at ${file} failed its integrity check: ${check.problem}`);
  return { file, bytes: fs.statSync(file).size };
}

export function checkDatabaseFile(file: string): { ok: true } | { ok: false; problem: string } {
  if (!fs.existsSync(file)) return { ok: false, problem: "no such file" };
  let copy: Database.Database | undefined;
  try {
    copy = new Database(file, { readonly: true, fileMustExist: true });
    const result = copy.pragma("integrity_check", { simple: true });
    if (result !== "ok") return { ok: false, problem: String(result) };
    const tables = copy
      .prepare(
        "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'audit_events'",
      )
      .get() as { n: number };
    if (tables.n !== 1) return { ok: false, problem: "it is not a Baton database" };
    return { ok: true };
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  } finally {
    copy?.close();
  }
}
