// Vitest global set-up: migrate one template database per run; each test file then starts from
// a copy of it (tests/setup/fresh-database.ts), which is far quicker than migrating each time.
import fs from "node:fs";
import path from "node:path";
import { migrateDatabase, openDatabase } from "../../app/db/connection.server";

export default function setup() {
  const directory = path.resolve("tests/.tmp", `vitest-${process.pid}-${Date.now()}`);
  fs.mkdirSync(directory, { recursive: true });
  const template = path.join(directory, "template.sqlite");
  const db = openDatabase(template);
  migrateDatabase(db);
  // Switch out of WAL so the template is one self-contained file that can be copied.
  db.$client.pragma("journal_mode = DELETE");
  db.$client.close();
  process.env.BATON_TEST_TEMPLATE = template;
  process.env.BATON_TEST_DIR = directory;
  return () => fs.rmSync(directory, { recursive: true, force: true });
}
