-- +goose Up
-- create "account_tokens" table
CREATE TABLE `account_tokens` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `token_hash` text NOT NULL, `purpose` text NOT NULL, `created_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `used_at` datetime NULL, `created_by_user_id` integer NULL, `user_id` integer NOT NULL, CONSTRAINT `account_tokens_users_account_tokens` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE, CONSTRAINT `account_token_expiry` CHECK (expires_at > created_at));
-- create index "account_tokens_token_hash_key" to table: "account_tokens"
CREATE UNIQUE INDEX `account_tokens_token_hash_key` ON `account_tokens` (`token_hash`);
-- create index "accounttoken_user_id_purpose_created_at" to table: "account_tokens"
CREATE INDEX `accounttoken_user_id_purpose_created_at` ON `account_tokens` (`user_id`, `purpose`, `created_at`);
-- create index "accounttoken_expires_at" to table: "account_tokens"
CREATE INDEX `accounttoken_expires_at` ON `account_tokens` (`expires_at`);
-- create "jobs" table
CREATE TABLE `jobs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `kind` text NOT NULL, `payload` blob NOT NULL, `status` text NOT NULL DEFAULT ('pending'), `attempts` integer NOT NULL DEFAULT (0), `max_attempts` integer NOT NULL DEFAULT (8), `run_at` datetime NOT NULL, `lease` text NOT NULL DEFAULT (''), `locked_until` datetime NULL, `last_error` text NOT NULL DEFAULT (''), `unique_key` text NULL, `created_at` datetime NOT NULL, `finished_at` datetime NULL, CONSTRAINT `job_attempts` CHECK (attempts >= 0 AND max_attempts >= 1), CONSTRAINT `job_running_lease` CHECK (status <> 'running' OR (lease <> '' AND locked_until IS NOT NULL)));
-- create index "jobs_unique_key_key" to table: "jobs"
CREATE UNIQUE INDEX `jobs_unique_key_key` ON `jobs` (`unique_key`);
-- create index "job_status_run_at" to table: "jobs"
CREATE INDEX `job_status_run_at` ON `jobs` (`status`, `run_at`);
-- create index "job_kind_status" to table: "jobs"
CREATE INDEX `job_kind_status` ON `jobs` (`kind`, `status`);
-- create "mail_messages" table
CREATE TABLE `mail_messages` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `kind` text NOT NULL, `to_address` text NOT NULL, `to_name` text NOT NULL DEFAULT (''), `lang` text NOT NULL, `subject` text NOT NULL, `text_body` text NOT NULL, `html_body` text NOT NULL, `headers` blob NULL, `attachments` blob NULL, `confidential` bool NOT NULL DEFAULT (false), `mandatory` bool NOT NULL DEFAULT (false), `related_type` text NOT NULL DEFAULT (''), `related_id` integer NULL, `status` text NOT NULL DEFAULT ('queued'), `error` text NOT NULL DEFAULT (''), `attempts` integer NOT NULL DEFAULT (0), `message_id` text NOT NULL, `created_at` datetime NOT NULL, `sent_at` datetime NULL, `member_id` integer NULL, CONSTRAINT `mail_messages_members_mail_messages` FOREIGN KEY (`member_id`) REFERENCES `members` (`id`) ON DELETE RESTRICT, CONSTRAINT `mail_message_sent_at` CHECK (status <> 'sent' OR sent_at IS NOT NULL));
-- create index "mail_messages_message_id_key" to table: "mail_messages"
CREATE UNIQUE INDEX `mail_messages_message_id_key` ON `mail_messages` (`message_id`);
-- create index "mailmessage_member_id_created_at" to table: "mail_messages"
CREATE INDEX `mailmessage_member_id_created_at` ON `mail_messages` (`member_id`, `created_at`);
-- create index "mailmessage_related_type_related_id" to table: "mail_messages"
CREATE INDEX `mailmessage_related_type_related_id` ON `mail_messages` (`related_type`, `related_id`);
-- create index "mailmessage_status_created_at" to table: "mail_messages"
CREATE INDEX `mailmessage_status_created_at` ON `mail_messages` (`status`, `created_at`);
-- create index "mailmessage_created_at" to table: "mail_messages"
CREATE INDEX `mailmessage_created_at` ON `mail_messages` (`created_at`);

-- +goose Down
-- reverse: create index "mailmessage_created_at" to table: "mail_messages"
DROP INDEX `mailmessage_created_at`;
-- reverse: create index "mailmessage_status_created_at" to table: "mail_messages"
DROP INDEX `mailmessage_status_created_at`;
-- reverse: create index "mailmessage_related_type_related_id" to table: "mail_messages"
DROP INDEX `mailmessage_related_type_related_id`;
-- reverse: create index "mailmessage_member_id_created_at" to table: "mail_messages"
DROP INDEX `mailmessage_member_id_created_at`;
-- reverse: create index "mail_messages_message_id_key" to table: "mail_messages"
DROP INDEX `mail_messages_message_id_key`;
-- reverse: create "mail_messages" table
DROP TABLE `mail_messages`;
-- reverse: create index "job_kind_status" to table: "jobs"
DROP INDEX `job_kind_status`;
-- reverse: create index "job_status_run_at" to table: "jobs"
DROP INDEX `job_status_run_at`;
-- reverse: create index "jobs_unique_key_key" to table: "jobs"
DROP INDEX `jobs_unique_key_key`;
-- reverse: create "jobs" table
DROP TABLE `jobs`;
-- reverse: create index "accounttoken_expires_at" to table: "account_tokens"
DROP INDEX `accounttoken_expires_at`;
-- reverse: create index "accounttoken_user_id_purpose_created_at" to table: "account_tokens"
DROP INDEX `accounttoken_user_id_purpose_created_at`;
-- reverse: create index "account_tokens_token_hash_key" to table: "account_tokens"
DROP INDEX `account_tokens_token_hash_key`;
-- reverse: create "account_tokens" table
DROP TABLE `account_tokens`;
