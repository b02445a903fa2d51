// One SQLite connection per process, opened on first use. better-sqlite3 is synchronous, so
// a transaction in this process is never interleaved with another request's writes.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema.server";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Where Baton keeps its data: `BATON_DATA_DIR`, or ./data beside the project. */
export function dataDirectory(): string {
  return path.resolve(process.env.BATON_DATA_DIR ?? "data");
}

/** The database file: `BATON_DATABASE_PATH` (tests give each file its own), else data/baton.sqlite. */
export function databasePath(): string {
  return process.env.BATON_DATABASE_PATH ?? path.join(dataDirectory(), "baton.sqlite");
}

/** drizzle/ holds the committed SQL migrations; found from the project root in every mode. */
export function migrationsFolder(): string {
  if (process.env.BATON_MIGRATIONS_DIR) return process.env.BATON_MIGRATIONS_DIR;
  const candidates = [
    path.resolve("drizzle"),
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../drizzle"),
  ];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, "meta", "_journal.json")));
  if (!found) throw new Error(`No migrations found (looked in ${candidates.join(", ")})`);
  return found;
}

export function openDatabase(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const client = new Database(file);
  client.pragma("journal_mode = WAL");
  client.pragma("foreign_keys = ON");
  client.pragma("busy_timeout = 5000");
  // WAL makes NORMAL durable against application crashes; only power loss can lose the last commit.
  client.pragma("synchronous = NORMAL");
  return drizzle(client, { schema }) as Db;
}

export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: migrationsFolder() });
}

let current: Db | undefined;

/** The process's database, migrated on first use. */
export function getDb(): Db {
  if (!current) {
    current = openDatabase(databasePath());
    migrateDatabase(current);
  }
  return current;
}

/**
 * Runs `work` as one write transaction. BEGIN IMMEDIATE takes the write lock at the start, so
 * the busy timeout applies: a deferred transaction that reads first and then writes fails at once
 * with "database is locked" when another connection (a backup, a script, a second process) wrote
 * in between. Inside another transaction it nests as a savepoint.
 */
export function writeTransaction<T>(work: () => T): T {
  const db = getDb();
  const outermost = !db.$client.inTransaction;
  const result = db.transaction(() => work(), { behavior: "immediate" });
  // Only the outermost commit makes the rows visible to other readers; a savepoint's does not.
  if (outermost) announceCommit();
  return result;
}

/**
 * Called after a write transaction commits. The stream hub subscribes (docs/decisions/017) to
 * read the event log's new rows; the database layer knows nothing of what listens.
 */
export type CommitListener = () => void;

// One registry per process, under a global symbol: a test, a script and Vite's server build each
// load their own copy of this module, and a commit through any copy must wake the hub that the
// server build holds (as request-scope.server.ts shares its AsyncLocalStorage).
const COMMIT_LISTENERS = Symbol.for("baton.commit-listeners");
const globals = globalThis as typeof globalThis & { [COMMIT_LISTENERS]?: Set<CommitListener> };
globals[COMMIT_LISTENERS] ??= new Set();
const commitListeners = globals[COMMIT_LISTENERS];

/** Calls `listener` after every write transaction commits in this process; returns an unsubscribe. */
export function onCommit(listener: CommitListener): () => void {
  commitListeners.add(listener);
  return () => {
    commitListeners.delete(listener);
  };
}

function announceCommit(): void {
  for (const listener of commitListeners) {
    // The write has committed: a listener's failure must not turn it into an error for the writer.
    try {
      listener();
    } catch (error) {
      console.error("A commit listener failed:", error);
    }
  }
}

export function closeDb(): void {
  current?.$client.close();
  current = undefined;
}
