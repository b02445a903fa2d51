-- Hand-written (docs/decisions/025, 027): without it, FTS5 deletes an entry by writing a delete
-- marker and keeps the old words in messages_fts_data until segments merge, which for an old
-- segment may be never: text deleted, edited away or purged by retention would stay in the
-- database file and every backup. With secure-delete, each delete removes the words at once
-- (SQLite 3.44 or later; better-sqlite3 12 bundles 3.53). The setting is stored in the index.
INSERT INTO `messages_fts` (`messages_fts`, `rank`) VALUES ('secure-delete', 1);
--> statement-breakpoint
-- What was removed before this migration: merging every segment rewrites them without it.
INSERT INTO `messages_fts` (`messages_fts`) VALUES ('optimize');
