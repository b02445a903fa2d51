// `npm run restore -- FILE`: puts a backup in place of the live database. Stop Baton first.
// The current database is kept beside it (…before-restore-<time>) so a restore can be undone.
import fs from "node:fs";
import { checkDatabaseFile } from "../app/db/backup.server";
import { databasePath } from "../app/db/connection.server";

const backup = process.argv[2];
if (!backup) {
  console.error(
    "Usage: npm run restore -- data/backups/baton-YYYYMMDDTHHMMSSZ.sqlite (stop Baton first)",
  );
  process.exit(1);
}
const check = checkDatabaseFile(backup);
if (!check.ok) {
  console.error(`Not restoring: ${backup} is not a usable Baton backup (${check.problem}).`);
  process.exit(1);
}
const live = databasePath();
if (fs.existsSync(live)) {
  const aside = `${live}.before-restore-${new Date()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}`;
  fs.renameSync(live, aside);
  console.log(`Kept the current database as ${aside}.`);
}
// A stale write-ahead log from the old database must not be replayed onto the restored one.
for (const suffix of ["-wal", "-shm"]) fs.rmSync(live + suffix, { force: true });
fs.copyFileSync(backup, live);
console.log(`Restored ${backup} to ${live}. Start Baton again with npm start.`);
