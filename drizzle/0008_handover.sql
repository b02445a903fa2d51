CREATE TABLE `handover_actions` (
	`id` text PRIMARY KEY NOT NULL,
	`handover_id` text NOT NULL,
	`item_id` text NOT NULL,
	`what` text NOT NULL,
	`owner_user_id` text,
	`due_at` integer,
	`status` text NOT NULL,
	`drop_reason` text DEFAULT '' NOT NULL,
	`carried_from_action_id` text,
	`origin_handover_id` text,
	`origin_at` integer,
	`carry_count` integer DEFAULT 0 NOT NULL,
	`decided_by_user_id` text,
	`decided_at` integer,
	`created_by_user_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`handover_id`) REFERENCES `handovers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `handover_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`carried_from_action_id`) REFERENCES `handover_actions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`origin_handover_id`) REFERENCES `handovers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `handover_actions_handover_idx` ON `handover_actions` (`handover_id`);--> statement-breakpoint
CREATE INDEX `handover_actions_item_idx` ON `handover_actions` (`item_id`);--> statement-breakpoint
CREATE TABLE `handover_addenda` (
	`id` text PRIMARY KEY NOT NULL,
	`handover_id` text NOT NULL,
	`item_id` text,
	`author_user_id` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`handover_id`) REFERENCES `handovers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `handover_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `handover_addenda_handover_idx` ON `handover_addenda` (`handover_id`);--> statement-breakpoint
CREATE TABLE `handover_items` (
	`id` text PRIMARY KEY NOT NULL,
	`handover_id` text NOT NULL,
	`ward` text DEFAULT '' NOT NULL,
	`bay` text DEFAULT '' NOT NULL,
	`bed` text DEFAULT '' NOT NULL,
	`patient` text NOT NULL,
	`nhs_number` text,
	`severity` text NOT NULL,
	`fields` text NOT NULL,
	`contingency` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`drop_reason` text DEFAULT '' NOT NULL,
	`carried_from_item_id` text,
	`origin_handover_id` text,
	`origin_at` integer,
	`carry_count` integer DEFAULT 0 NOT NULL,
	`decided_by_user_id` text,
	`decided_at` integer,
	`created_by_user_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`handover_id`) REFERENCES `handovers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`carried_from_item_id`) REFERENCES `handover_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`origin_handover_id`) REFERENCES `handovers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `handover_items_handover_idx` ON `handover_items` (`handover_id`);--> statement-breakpoint
CREATE TABLE `handover_reads` (
	`handover_id` text NOT NULL,
	`user_id` text NOT NULL,
	`read_at` integer NOT NULL,
	PRIMARY KEY(`handover_id`, `user_id`),
	FOREIGN KEY (`handover_id`) REFERENCES `handovers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `handover_syntheses` (
	`item_id` text NOT NULL,
	`user_id` text NOT NULL,
	`handover_id` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`confirmed_at` integer NOT NULL,
	PRIMARY KEY(`item_id`, `user_id`),
	FOREIGN KEY (`item_id`) REFERENCES `handover_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handover_id`) REFERENCES `handovers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `handover_syntheses_handover_idx` ON `handover_syntheses` (`handover_id`);--> statement-breakpoint
CREATE TABLE `handover_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`name` text NOT NULL,
	`fields` text NOT NULL,
	`archived_at` integer,
	`created_by_user_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `handover_templates_team_idx` ON `handover_templates` (`team_id`);--> statement-breakpoint
CREATE TABLE `handovers` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`at` integer NOT NULL,
	`date` text NOT NULL,
	`template` text NOT NULL,
	`state` text NOT NULL,
	`carried_from_handover_id` text,
	`started_by_user_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`accepted_by_user_id` text,
	`accepted_at` integer,
	`overdue_flagged_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`carried_from_handover_id`) REFERENCES `handovers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`started_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`accepted_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `handovers_team_at_unique` ON `handovers` (`team_id`,`at`);--> statement-breakpoint
CREATE INDEX `handovers_team_state_at_idx` ON `handovers` (`team_id`,`state`,`at`);--> statement-breakpoint
CREATE TABLE `team_handover_settings` (
	`team_id` text PRIMARY KEY NOT NULL,
	`template_id` text NOT NULL,
	`updated_by_user_id` text,
	`updated_at` integer,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- An accepted handover is locked: its addenda are never changed or removed, at the database too.
CREATE TRIGGER handover_addenda_no_update BEFORE UPDATE ON handover_addenda
BEGIN
  SELECT RAISE(ABORT, 'handover_addenda is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER handover_addenda_no_delete BEFORE DELETE ON handover_addenda
BEGIN
  SELECT RAISE(ABORT, 'handover_addenda is append-only');
END;
