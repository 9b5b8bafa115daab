-- +goose Up
-- create "pending_applications" table
CREATE TABLE `pending_applications` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `token_hash` text NOT NULL, `email` text NOT NULL, `form` blob NOT NULL, `password_hash` text NOT NULL, `language` text NOT NULL, `created_at` datetime NOT NULL, `expires_at` datetime NOT NULL, CONSTRAINT `pending_application_expiry` CHECK (expires_at > created_at));
-- create index "pending_applications_token_hash_key" to table: "pending_applications"
CREATE UNIQUE INDEX `pending_applications_token_hash_key` ON `pending_applications` (`token_hash`);
-- create index "pendingapplication_expires_at" to table: "pending_applications"
CREATE INDEX `pendingapplication_expires_at` ON `pending_applications` (`expires_at`);
-- create index "pendingapplication_email" to table: "pending_applications"
CREATE INDEX `pendingapplication_email` ON `pending_applications` (`email`);
-- create "rate_counters" table
CREATE TABLE `rate_counters` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `uses` integer NOT NULL DEFAULT (0), `window_started_at` datetime NOT NULL, CONSTRAINT `rate_counter_uses_positive` CHECK (uses >= 0));
-- create index "rate_counters_key_key" to table: "rate_counters"
CREATE UNIQUE INDEX `rate_counters_key_key` ON `rate_counters` (`key`);
-- create index "ratecounter_window_started_at" to table: "rate_counters"
CREATE INDEX `ratecounter_window_started_at` ON `rate_counters` (`window_started_at`);

-- +goose Down
-- reverse: create index "ratecounter_window_started_at" to table: "rate_counters"
DROP INDEX `ratecounter_window_started_at`;
-- reverse: create index "rate_counters_key_key" to table: "rate_counters"
DROP INDEX `rate_counters_key_key`;
-- reverse: create "rate_counters" table
DROP TABLE `rate_counters`;
-- reverse: create index "pendingapplication_email" to table: "pending_applications"
DROP INDEX `pendingapplication_email`;
-- reverse: create index "pendingapplication_expires_at" to table: "pending_applications"
DROP INDEX `pendingapplication_expires_at`;
-- reverse: create index "pending_applications_token_hash_key" to table: "pending_applications"
DROP INDEX `pending_applications_token_hash_key`;
-- reverse: create "pending_applications" table
DROP TABLE `pending_applications`;
