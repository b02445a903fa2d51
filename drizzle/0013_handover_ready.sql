ALTER TABLE `handovers` ADD `ready_at` integer;--> statement-breakpoint
ALTER TABLE `handovers` ADD `ready_by_user_id` text REFERENCES users(id);