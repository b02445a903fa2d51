CREATE TABLE `shift_types` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`start_local` text NOT NULL,
	`end_local` text NOT NULL,
	`paid_break_minutes` integer DEFAULT 0 NOT NULL,
	`colour` text NOT NULL,
	`requirements` text DEFAULT '[]' NOT NULL,
	`archived_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shift_types_team_code_unique` ON `shift_types` (`team_id`,`code`);