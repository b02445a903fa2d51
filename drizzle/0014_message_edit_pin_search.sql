CREATE TABLE `message_pins` (
	`message_id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`pinned_by_user_id` text NOT NULL,
	`pinned_at` integer NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pinned_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `message_pins_conversation_idx` ON `message_pins` (`conversation_id`,`pinned_at`);--> statement-breakpoint
CREATE TABLE `message_search_rows` (
	`search_id` integer PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `message_search_rows_message_id_unique` ON `message_search_rows` (`message_id`);--> statement-breakpoint
ALTER TABLE `messages` ADD `edited_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `deleted_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `deleted_by_user_id` text REFERENCES users(id);--> statement-breakpoint
CREATE INDEX `messages_conversation_deleted_idx` ON `messages` (`conversation_id`,`deleted_at`) WHERE deleted_at IS NOT NULL;--> statement-breakpoint
-- Hand-written (drizzle cannot express FTS5 or triggers): the full-text index of message text,
-- kept by triggers on messages in the same transaction as every change (docs/decisions/025).
-- A message is indexed only while its body is not empty, so deleting or purging a message (both
-- blank the body) drops it from search, and an edit re-indexes it. Nothing else writes the index.
CREATE VIRTUAL TABLE `messages_fts` USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `message_search_rows` (`message_id`)
  SELECT `id` FROM `messages` WHERE `body` <> '' ORDER BY `created_at`, `id`;
--> statement-breakpoint
INSERT INTO `messages_fts` (`rowid`, `body`)
  SELECT s.`search_id`, m.`body` FROM `message_search_rows` s JOIN `messages` m ON m.`id` = s.`message_id`;
--> statement-breakpoint
CREATE TRIGGER `messages_search_insert` AFTER INSERT ON `messages` WHEN new.`body` <> ''
BEGIN
  INSERT INTO `message_search_rows` (`message_id`) VALUES (new.`id`);
  INSERT INTO `messages_fts` (`rowid`, `body`)
    SELECT `search_id`, new.`body` FROM `message_search_rows` WHERE `message_id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `messages_search_update` AFTER UPDATE OF `body` ON `messages`
  WHEN old.`body` IS NOT new.`body`
BEGIN
  DELETE FROM `messages_fts` WHERE `rowid` =
    (SELECT `search_id` FROM `message_search_rows` WHERE `message_id` = old.`id`);
  DELETE FROM `message_search_rows` WHERE `message_id` = old.`id`;
  INSERT INTO `message_search_rows` (`message_id`) SELECT new.`id` WHERE new.`body` <> '';
  INSERT INTO `messages_fts` (`rowid`, `body`)
    SELECT `search_id`, new.`body` FROM `message_search_rows` WHERE `message_id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `messages_search_delete` AFTER DELETE ON `messages`
BEGIN
  DELETE FROM `messages_fts` WHERE `rowid` =
    (SELECT `search_id` FROM `message_search_rows` WHERE `message_id` = old.`id`);
  DELETE FROM `message_search_rows` WHERE `message_id` = old.`id`;
END;
