CREATE TABLE `open_shifts` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`shift_type_id` text NOT NULL,
	`date` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`required_grade` text,
	`state` text NOT NULL,
	`posted_by_user_id` text NOT NULL,
	`from_shift_id` text,
	`filled_by_user_id` text,
	`filled_shift_id` text,
	`filled_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`shift_type_id`) REFERENCES `shift_types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`posted_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_shift_id`) REFERENCES `shifts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`filled_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`filled_shift_id`) REFERENCES `shifts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `open_shifts_team_state_date_idx` ON `open_shifts` (`team_id`,`state`,`date`);--> statement-breakpoint
CREATE TABLE `swap_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`kind` text NOT NULL,
	`requester_user_id` text NOT NULL,
	`requester_shift_id` text,
	`colleague_user_id` text,
	`colleague_shift_id` text,
	`open_shift_id` text,
	`state` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`snapshot` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`accepted_at` integer,
	`decided_at` integer,
	`decided_by_user_id` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requester_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requester_shift_id`) REFERENCES `shifts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`colleague_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`colleague_shift_id`) REFERENCES `shifts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`open_shift_id`) REFERENCES `open_shifts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `swap_requests_team_state_idx` ON `swap_requests` (`team_id`,`state`);--> statement-breakpoint
CREATE INDEX `swap_requests_requester_idx` ON `swap_requests` (`requester_user_id`);--> statement-breakpoint
CREATE INDEX `swap_requests_colleague_idx` ON `swap_requests` (`colleague_user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `swap_requests_live_shift_unique` ON `swap_requests` (`requester_shift_id`) WHERE state in ('awaiting-colleague', 'awaiting-manager');--> statement-breakpoint
CREATE UNIQUE INDEX `swap_requests_live_claim_unique` ON `swap_requests` (`open_shift_id`,`requester_user_id`) WHERE state in ('awaiting-colleague', 'awaiting-manager');--> statement-breakpoint
CREATE TABLE `team_swap_settings` (
	`team_id` text PRIMARY KEY NOT NULL,
	`grade_order` text DEFAULT '[]' NOT NULL,
	`higher_grade_covers` integer DEFAULT false NOT NULL,
	`auto_approve` integer DEFAULT false NOT NULL,
	`claims_wait_for_manager` integer DEFAULT false NOT NULL,
	`cutoff_minutes` integer DEFAULT 120 NOT NULL,
	`updated_by_user_id` text,
	`updated_at` integer,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
