CREATE TABLE `rota_patterns` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`shift_type_id` text,
	`rule` text,
	`start_date` text,
	`lines` text,
	`cycle_start` text,
	`start_line` integer,
	`stopped_at` integer,
	`created_by_user_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`shift_type_id`) REFERENCES `shift_types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rota_patterns_team_idx` ON `rota_patterns` (`team_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `rota_periods` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`status` text NOT NULL,
	`created_by_user_id` text NOT NULL,
	`published_at` integer,
	`published_by_user_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rota_periods_team_start_idx` ON `rota_periods` (`team_id`,`start_date`);--> statement-breakpoint
CREATE TABLE `shift_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`rota_period_id` text NOT NULL,
	`shift_id` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`summary` text NOT NULL,
	`by_user_id` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rota_period_id`) REFERENCES `rota_periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`shift_id`) REFERENCES `shifts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `shift_changes_period_at_idx` ON `shift_changes` (`rota_period_id`,`at`);--> statement-breakpoint
CREATE INDEX `shift_changes_user_at_idx` ON `shift_changes` (`user_id`,`at`);--> statement-breakpoint
CREATE TABLE `shifts` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`rota_period_id` text NOT NULL,
	`shift_type_id` text NOT NULL,
	`user_id` text NOT NULL,
	`date` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`pattern_id` text,
	`pattern_date` text,
	`removed_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rota_period_id`) REFERENCES `rota_periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`shift_type_id`) REFERENCES `shift_types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pattern_id`) REFERENCES `rota_patterns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shifts_pattern_occurrence_unique` ON `shifts` (`pattern_id`,`pattern_date`);--> statement-breakpoint
CREATE INDEX `shifts_team_date_idx` ON `shifts` (`team_id`,`date`);--> statement-breakpoint
CREATE INDEX `shifts_user_starts_idx` ON `shifts` (`user_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `shifts_period_idx` ON `shifts` (`rota_period_id`);--> statement-breakpoint
ALTER TABLE `teams` ADD `rule_set` text;--> statement-breakpoint
ALTER TABLE `users` ADD `calendar_token_hash` text;--> statement-breakpoint
ALTER TABLE `users` ADD `shifts_seen_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `users_calendar_token_unique` ON `users` (`calendar_token_hash`);