// `npm run backup`: a consistent, timestamped copy of the live database in data/backups (or
// BATON_BACKUP_DIR). Safe to run while Baton is serving; schedule it with cron or a timer.
import path from "node:path";
import { backupDatabase } from "../app/db/backup.server";
import { databasePath, dataDirectory, openDatabase } from "../app/db/connection.server";

const directory = process.env.BATON_BACKUP_DIR ?? path.join(dataDirectory(), "backups");
const source = databasePath();
const db = openDatabase(source);
try {
  const { file, bytes } = await backupDatabase(db, directory);
  console.log(
    `Backed up ${source} to ${file} (${(bytes / 1024).toFixed(0)} KiB, integrity check passed).`,
  );
} catch (error) {
  console.error(`Backup failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  db.$client.close();
}
