// Statements prepared once per connection, for the queries every page runs (decision 012).
// Building a query through drizzle and preparing it in SQLite cost more than running it: a
// statement made here is built and prepared on first use and reused for the connection's life.
import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { type Db, getDb } from "./connection.server";

/**
 * A prepared statement (or anything built from the connection) made once per connection.
 * `build` receives the connection and returns, typically, `db.select()...prepare()` with
 * `sql.placeholder("name")` for each value; call `.get({ name })`, `.all(...)` or `.run(...)`
 * on the result. Tests and scripts that close and reopen the database get fresh statements,
 * because the cache is keyed by the connection.
 *
 * @example
 *   const unreadCount = preparedOnce((db) =>
 *     db.select({ n: count() }).from(notifications)
 *       .where(eq(notifications.userId, sql.placeholder("userId"))).prepare());
 *   unreadCount().get({ userId })
 */
export function preparedOnce<T>(build: (db: Db) => T): () => T {
  const byConnection = new WeakMap<Db, T>();
  return () => {
    const db = getDb();
    let statement = byConnection.get(db);
    if (statement === undefined) {
      statement = build(db);
      byConnection.set(db, statement);
    }
    return statement;
  };
}

/**
 * `column IN (the list)` for a prepared statement, whose placeholders are fixed in number: the
 * list travels as one JSON array parameter that SQLite's json_each unpacks. Pass `jsonList(ids)`
 * as the placeholder's value.
 */
export function inList(column: SQLWrapper, placeholderName: string): SQL {
  return sql`${column} in (select value from json_each(${sql.placeholder(placeholderName)}))`;
}

/** A list of ids as `inList` expects it (duplicates removed). */
export function jsonList(values: Iterable<string>): string {
  return JSON.stringify([...new Set(values)]);
}
