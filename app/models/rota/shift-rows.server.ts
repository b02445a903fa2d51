// Shifts in bulk, for the models that plan around many at once (patterns, imports, reviews):
// one query for a set of people's live shifts, and one prepared single-row INSERT reused for
// every new row (building a multi-row statement through the query builder for each batch cost
// more than the inserts themselves; see `npm run bench`).
import type Database from "better-sqlite3";
import { and, eq, gte, isNull, lte, sql } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import { inList, jsonList, preparedOnce } from "~/db/prepared.server";
import { shifts, shiftTypes, users } from "~/db/schema.server";
import { newTimeOrderedId } from "../ids.server";

export type LiveShift = {
  id: string;
  userId: string;
  rotaPeriodId: string;
  shiftTypeId: string;
  date: string;
  startsAt: Date;
  endsAt: Date;
  code: string;
  breakMinutes: number;
  /** False when the person's account is deactivated (see `shiftCounts`). */
  personActive: boolean;
};

/**
 * The live (not removed) shifts of some people, in any team and period, starting on local dates
 * from `from` to `to` inclusive, in time order. Live is not worked: a shift during leave is
 * still live (it still blocks the slot); `shiftCounts` says whether it is worked.
 */
export function liveShiftsOf({
  userIds,
  from,
  to,
}: {
  userIds: string[];
  from: string;
  to: string;
}): LiveShift[] {
  if (userIds.length === 0) return [];
  const rows = liveShiftsOfPeople().all({ userIds: jsonList(userIds), from, to });
  return rows.map(({ deactivatedAt, ...row }) => ({ ...row, personActive: !deactivatedAt }));
}

// Every swap check and open-shift listing reads these: prepared once (decision 014).
const liveShiftsOfPeople = preparedOnce((db) =>
  db
    .select({
      id: shifts.id,
      userId: shifts.userId,
      rotaPeriodId: shifts.rotaPeriodId,
      shiftTypeId: shifts.shiftTypeId,
      date: shifts.date,
      startsAt: shifts.startsAt,
      endsAt: shifts.endsAt,
      code: shiftTypes.code,
      breakMinutes: shiftTypes.paidBreakMinutes,
      deactivatedAt: users.deactivatedAt,
    })
    .from(shifts)
    .innerJoin(shiftTypes, eq(shiftTypes.id, shifts.shiftTypeId))
    .innerJoin(users, eq(users.id, shifts.userId))
    .where(
      and(
        inList(shifts.userId, "userIds"),
        isNull(shifts.removedAt),
        gte(shifts.date, sql.placeholder("from")),
        lte(shifts.date, sql.placeholder("to")),
      ),
    )
    .orderBy(shifts.startsAt)
    .prepare(),
);

/** Groups rows by person. */
export function byPerson<R extends { userId: string }>(rows: R[]): Map<string, R[]> {
  const grouped = new Map<string, R[]>();
  for (const row of rows) {
    const list = grouped.get(row.userId);
    if (list) list.push(row);
    else grouped.set(row.userId, [row]);
  }
  return grouped;
}
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
