// How long the push outbox keeps its record (issue 13 recorded every attempt; this keeps that
// record from growing for ever). A delivery that is finished (sent, failed or gone) and older
// than the retention is deleted with its attempts (ON DELETE CASCADE). Reachability does not
// need them: it reads each device's last success and failure (push_subscriptions).
import { writeTransaction } from "~/db/connection.server";
import { preparedOnce } from "~/db/prepared.server";

/** Days a finished delivery and its attempts are kept: long enough to answer "did my alert last
 * week arrive?", short enough that the table stays small. */
export const PUSH_HISTORY_DAYS = 30;

// Plain SQL: drizzle's delete has no LIMIT, and a batch needs one.
const deleteBatch = preparedOnce((db) =>
  db.$client.prepare<{ before: number; limit: number }>(
    `delete from push_deliveries where id in (
       select id from push_deliveries
       where state <> 'pending' and created_at < @before
       limit @limit)`,
  ),
);

/**
 * Deletes finished deliveries (and their attempts) created more than `keepDays` days before
 * `now`, `batchSize` rows per write transaction so the write lock is held only briefly. A
 * pending delivery is never deleted, however old: the sender finishes it first (at its TTL).
 *
 * @returns how many deliveries were deleted.
 */
export function prunePushHistory({
  now = new Date(),
  keepDays = PUSH_HISTORY_DAYS,
  batchSize = 1000,
}: {
  now?: Date;
  keepDays?: number;
  batchSize?: number;
} = {}): number {
  const before = now.getTime() - keepDays * 24 * 60 * 60_000;
  let deleted = 0;
  for (;;) {
    const changes = writeTransaction(() => deleteBatch().run({ before, limit: batchSize }).changes);
    deleted += changes;
    if (changes < batchSize) return deleted;
  }
}
