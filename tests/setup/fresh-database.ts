// Runs before each test file (vitest isolates modules per file): a fresh copy of the migrated
// template, so every file has its own real SQLite database and nothing leaks between files.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll } from "vitest";
import { closeDb } from "~/db/connection.server";

const template = process.env.BATON_TEST_TEMPLATE;
const directory = process.env.BATON_TEST_DIR;
if (!template || !directory) throw new Error("tests/setup/migrated-template.ts did not run");

const file = path.join(directory, `${crypto.randomUUID()}.sqlite`);
fs.copyFileSync(template, file);
process.env.BATON_DATABASE_PATH = file;

afterAll(() => {
  closeDb();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
});
