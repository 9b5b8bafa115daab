-- +goose Up
-- create "associations" table
CREATE TABLE `associations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `singleton` bool NOT NULL DEFAULT (true), `name_fr` text NOT NULL, `name_ar` text NOT NULL DEFAULT (''), `name_en` text NOT NULL DEFAULT (''), `short_name_fr` text NOT NULL DEFAULT (''), `short_name_ar` text NOT NULL DEFAULT (''), `short_name_en` text NOT NULL DEFAULT (''), `purpose_fr` text NOT NULL DEFAULT (''), `purpose_ar` text NOT NULL DEFAULT (''), `purpose_en` text NOT NULL DEFAULT (''), `seat_address` text NOT NULL DEFAULT (''), `seat_city` text NOT NULL DEFAULT (''), `seat_country` text NOT NULL DEFAULT ('MA'), `email` text NOT NULL DEFAULT (''), `phone` text NOT NULL DEFAULT (''), `website` text NOT NULL DEFAULT (''), `registration_authority` text NOT NULL DEFAULT (''), `registration_number` text NOT NULL DEFAULT (''), `registration_date` datetime NULL, `founded_on` datetime NULL, CONSTRAINT `association_singleton` CHECK (singleton = true));
-- create index "association_singleton" to table: "associations"
CREATE UNIQUE INDEX `association_singleton` ON `associations` (`singleton`);
-- create "kv_entries" table
CREATE TABLE `kv_entries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `value` blob NOT NULL, `expires_at` datetime NULL);
-- create index "kv_entries_key_key" to table: "kv_entries"
CREATE UNIQUE INDEX `kv_entries_key_key` ON `kv_entries` (`key`);
-- create index "kventry_expires_at" to table: "kv_entries"
CREATE INDEX `kventry_expires_at` ON `kv_entries` (`expires_at`);
-- create "sessions" table
CREATE TABLE `sessions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `token_hash` text NOT NULL, `created_at` datetime NOT NULL, `last_seen_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `ip` text NOT NULL DEFAULT (''), `user_agent` text NOT NULL DEFAULT (''), `user_id` integer NOT NULL, CONSTRAINT `sessions_users_sessions` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
-- create index "sessions_token_hash_key" to table: "sessions"
CREATE UNIQUE INDEX `sessions_token_hash_key` ON `sessions` (`token_hash`);
-- create index "session_user_id" to table: "sessions"
CREATE INDEX `session_user_id` ON `sessions` (`user_id`);
-- create index "session_expires_at" to table: "sessions"
CREATE INDEX `session_expires_at` ON `sessions` (`expires_at`);
-- create "sign_in_throttles" table
CREATE TABLE `sign_in_throttles` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `failures` integer NOT NULL DEFAULT (0), `window_started_at` datetime NOT NULL, `locked_until` datetime NULL, CONSTRAINT `signin_throttle_failures_positive` CHECK (failures >= 0));
-- create index "sign_in_throttles_key_key" to table: "sign_in_throttles"
CREATE UNIQUE INDEX `sign_in_throttles_key_key` ON `sign_in_throttles` (`key`);
-- create index "signinthrottle_window_started_at" to table: "sign_in_throttles"
CREATE INDEX `signinthrottle_window_started_at` ON `sign_in_throttles` (`window_started_at`);
-- create "users" table
CREATE TABLE `users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `email` text NOT NULL, `display_name` text NOT NULL DEFAULT (''), `password_hash` text NOT NULL, `preferred_language` text NOT NULL DEFAULT ('fr'), `is_admin` bool NOT NULL DEFAULT (false), `disabled` bool NOT NULL DEFAULT (false), `password_changed_at` datetime NOT NULL, `last_sign_in_at` datetime NULL, CONSTRAINT `user_language_known` CHECK (preferred_language IN ('fr', 'ar', 'en')));
-- create index "users_email_key" to table: "users"
CREATE UNIQUE INDEX `users_email_key` ON `users` (`email`);

-- +goose Down
-- reverse: create index "users_email_key" to table: "users"
DROP INDEX `users_email_key`;
-- reverse: create "users" table
DROP TABLE `users`;
-- reverse: create index "signinthrottle_window_started_at" to table: "sign_in_throttles"
DROP INDEX `signinthrottle_window_started_at`;
-- reverse: create index "sign_in_throttles_key_key" to table: "sign_in_throttles"
DROP INDEX `sign_in_throttles_key_key`;
-- reverse: create "sign_in_throttles" table
DROP TABLE `sign_in_throttles`;
-- reverse: create index "session_expires_at" to table: "sessions"
DROP INDEX `session_expires_at`;
-- reverse: create index "session_user_id" to table: "sessions"
DROP INDEX `session_user_id`;
-- reverse: create index "sessions_token_hash_key" to table: "sessions"
DROP INDEX `sessions_token_hash_key`;
-- reverse: create "sessions" table
DROP TABLE `sessions`;
-- reverse: create index "kventry_expires_at" to table: "kv_entries"
DROP INDEX `kventry_expires_at`;
-- reverse: create index "kv_entries_key_key" to table: "kv_entries"
DROP INDEX `kv_entries_key_key`;
-- reverse: create "kv_entries" table
DROP TABLE `kv_entries`;
-- reverse: create index "association_singleton" to table: "associations"
DROP INDEX `association_singleton`;
-- reverse: create "associations" table
DROP TABLE `associations`;
