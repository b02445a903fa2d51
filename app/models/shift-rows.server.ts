// Writing many shifts at once (patterns, spreadsheet imports): one prepared single-row INSERT,
// reused for every row. Building a fresh multi-row statement through the query builder for each
// batch cost more than the inserts themselves (see `npm run bench`).
import type Database from "better-sqlite3";
import { getDb } from "~/db/connection.server";
import { newTimeOrderedId } from "./ids.server";

export type NewShiftRow = {
  teamId: string;
  rotaPeriodId: string;
  shiftTypeId: string;
  userId: string;
  date: string;
  startsAt: Date;
  endsAt: Date;
  patternId?: string | null;
  patternDate?: string | null;
  now: Date;
};

const statements = new WeakMap<Database.Database, Database.Statement>();

function insertStatement(client: Database.Database): Database.Statement {
  let statement = statements.get(client);
  if (!statement) {
    statement = client.prepare(
      `INSERT INTO shifts (id, team_id, rota_period_id, shift_type_id, user_id, date, starts_at,
         ends_at, pattern_id, pattern_date, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    statements.set(client, statement);
  }
  return statement;
}

/** Inserts the shifts (inside the caller's write transaction) and returns their new ids. */
export function insertShiftRows(rows: NewShiftRow[]): string[] {
  const insert = insertStatement(getDb().$client);
  return rows.map((row) => {
    const id = newTimeOrderedId(row.now.getTime());
    // Instants as milliseconds since the epoch, as the schema's timestamp_ms columns hold them.
    insert.run(
      id,
      row.teamId,
      row.rotaPeriodId,
      row.shiftTypeId,
      row.userId,
      row.date,
      row.startsAt.getTime(),
      row.endsAt.getTime(),
      row.patternId ?? null,
      row.patternDate ?? null,
      row.now.getTime(),
      row.now.getTime(),
    );
    return id;
  });
}
