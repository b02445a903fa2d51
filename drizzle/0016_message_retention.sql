ALTER TABLE `messages` ADD `purged_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `purged_after_days` integer;--> statement-breakpoint
CREATE INDEX `messages_unpurged_idx` ON `messages` (`created_at`,`id`) WHERE purged_at IS NULL;--> statement-breakpoint
CREATE INDEX `messages_sender_created_idx` ON `messages` (`sender_user_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `organisations` ADD `retention_shift_days` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE `organisations` ADD `retention_other_days` integer DEFAULT 90 NOT NULL;