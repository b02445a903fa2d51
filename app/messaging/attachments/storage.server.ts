// Where attachment files live (docs/decisions/026): under the data directory, beside the
// database they belong to, in `attachments/<database name>/<first two hex digits>/<32 hex digits>.<ext>`.
// Names are random (128 bits) and say nothing about the file or the message; the database row
// is the only link. Files are written before the row is committed and deleted after the row is,
// so a crash leaves at worst a file with no row, which `sweepOrphanFiles` removes.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { databasePath } from "~/db/connection.server";

/**
 * The directory of this database's attachment files: `BATON_ATTACHMENTS_DIR` if set, else
 * `<database's directory>/attachments/<database file name without .sqlite>`. One directory per
 * database, so the demo's files and a real trust's in the same data directory never mix (the
 * sweep of one must not see the other's).
 */
export function attachmentsDirectory(): string {
  if (process.env.BATON_ATTACHMENTS_DIR) return path.resolve(process.env.BATON_ATTACHMENTS_DIR);
  const database = databasePath();
  return path.join(
    path.dirname(path.resolve(database)),
    "attachments",
    path.basename(database).replace(/\.sqlite$/, ""),
  );
}

const STORED_NAME = /^[0-9a-f]{32}\.(jpg|png|pdf)$/;

/** The path of a stored name; throws for anything that is not one (never a path from outside). */
export function storedPath(storedName: string): string {
  if (!STORED_NAME.test(storedName)) throw new Error("Not a stored attachment name.");
  return path.join(attachmentsDirectory(), storedName.slice(0, 2), storedName);
}

/**
 * Writes bytes under a new random name (readable by Baton's user only) and returns the name.
 * `extension` is the stored type's: jpg, png or pdf.
 */
export function writeStoredFile(bytes: Uint8Array, extension: "jpg" | "png" | "pdf"): string {
  const name = `${crypto.randomBytes(16).toString("hex")}.${extension}`;
  const file = storedPath(name);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, bytes, { flag: "wx", mode: 0o600 });
  return name;
}

/** Deletes stored files by name; one already gone is no error. */
export function deleteStoredFiles(storedNames: string[]): void {
  for (const name of storedNames) fs.rmSync(storedPath(name), { force: true });
}

/** A stored file's bytes, or null when it is not on disk. */
export function readStoredFile(storedName: string): Buffer | null {
  try {
    return fs.readFileSync(storedPath(storedName));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * Deletes files in the attachments directory that no row names (`isKnown` says which do), older
 * than `minAgeMs` (default an hour), so that an upload between writing its file and committing
 * its row is never caught. Returns how many it deleted. Run at start-up and every few hours.
 */
export function sweepOrphanFiles({
  isKnown,
  minAgeMs = 60 * 60_000,
  now = Date.now(),
}: {
  isKnown: (storedName: string) => boolean;
  minAgeMs?: number;
  now?: number;
}): number {
  const root = attachmentsDirectory();
  if (!fs.existsSync(root)) return 0;
  let deleted = 0;
  for (const shard of fs.readdirSync(root)) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    for (const name of fs.readdirSync(path.join(root, shard))) {
      const file = path.join(root, shard, name);
      if (!STORED_NAME.test(name)) continue;
      if (now - fs.statSync(file).mtimeMs < minAgeMs) continue;
      if (isKnown(name)) continue;
      fs.rmSync(file, { force: true });
      deleted++;
    }
  }
  return deleted;
}
