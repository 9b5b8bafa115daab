-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_members" table
CREATE TABLE `new_members` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `number` text NULL, `kind` text NOT NULL DEFAULT ('person'), `status` text NOT NULL DEFAULT ('applicant'), `application` text NOT NULL DEFAULT ('pending'), `category` text NOT NULL DEFAULT (''), `first_name` text NOT NULL DEFAULT (''), `last_name` text NOT NULL DEFAULT (''), `organisation_name` text NOT NULL DEFAULT (''), `representative_name` text NOT NULL DEFAULT (''), `email` text NOT NULL DEFAULT (''), `phone` text NOT NULL DEFAULT (''), `address` text NOT NULL DEFAULT (''), `city` text NOT NULL DEFAULT (''), `country` text NOT NULL DEFAULT ('MA'), `nationality` text NOT NULL DEFAULT (''), `birth_date` datetime NULL, `birth_place` text NOT NULL DEFAULT (''), `profession` text NOT NULL DEFAULT (''), `search_text` text NOT NULL DEFAULT (''), `sort_key` blob NULL, `sort_key_ar` blob NULL, `joined_on` datetime NULL, `consent_directory` bool NOT NULL DEFAULT (false), `consent_emails` bool NOT NULL DEFAULT (false), `anonymised_at` datetime NULL, `user_id` integer NULL, CONSTRAINT `members_users_account` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `member_application_known` CHECK (application IN ('pending', 'info_requested', 'approved', 'rejected')), CONSTRAINT `member_kind_known` CHECK (kind IN ('person', 'organisation')), CONSTRAINT `member_number_after_approval` CHECK (status = 'applicant' OR (number IS NOT NULL AND category <> '')), CONSTRAINT `member_organisation_named` CHECK (kind = 'person' OR organisation_name <> ''), CONSTRAINT `member_status_known` CHECK (status IN ('applicant', 'active', 'lapsed', 'suspended', 'resigned', 'excluded', 'deceased')));
-- copy rows from old table "members" to new temporary table "new_members"
INSERT INTO `new_members` (`id`, `created_at`, `updated_at`, `number`, `kind`, `status`, `application`, `category`, `first_name`, `last_name`, `organisation_name`, `representative_name`, `email`, `phone`, `address`, `city`, `country`, `nationality`, `birth_date`, `birth_place`, `profession`, `search_text`, `joined_on`, `consent_directory`, `consent_emails`, `anonymised_at`, `user_id`) SELECT `id`, `created_at`, `updated_at`, `number`, `kind`, `status`, `application`, `category`, `first_name`, `last_name`, `organisation_name`, `representative_name`, `email`, `phone`, `address`, `city`, `country`, `nationality`, `birth_date`, `birth_place`, `profession`, `search_text`, `joined_on`, `consent_directory`, `consent_emails`, `anonymised_at`, `user_id` FROM `members`;
-- drop "members" table after copying rows
DROP TABLE `members`;
-- rename temporary table "new_members" to "members"
ALTER TABLE `new_members` RENAME TO `members`;
-- create index "member_number" to table: "members"
CREATE UNIQUE INDEX `member_number` ON `members` (`number`);
-- create index "member_user_id" to table: "members"
CREATE UNIQUE INDEX `member_user_id` ON `members` (`user_id`);
-- create index "member_status_last_name_first_name" to table: "members"
CREATE INDEX `member_status_last_name_first_name` ON `members` (`status`, `last_name`, `first_name`);
-- create index "member_joined_on_id_status" to table: "members"
CREATE INDEX `member_joined_on_id_status` ON `members` (`joined_on`, `id`, `status`);
-- create index "member_sort_key_id_status" to table: "members"
CREATE INDEX `member_sort_key_id_status` ON `members` (`sort_key`, `id`, `status`);
-- create index "member_sort_key_ar_id_status" to table: "members"
CREATE INDEX `member_sort_key_ar_id_status` ON `members` (`sort_key_ar`, `id`, `status`);
-- create index "member_category_status_joined_on" to table: "members"
CREATE INDEX `member_category_status_joined_on` ON `members` (`category`, `status`, `joined_on`);
-- create index "member_status_search_text" to table: "members"
CREATE INDEX `member_status_search_text` ON `members` (`status`, `search_text`);
-- create index "member_search_trigram" to table: "members"
CREATE INDEX `member_search_trigram` ON `members` (`search_text`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "member_search_trigram" to table: "members"
DROP INDEX `member_search_trigram`;
-- reverse: create index "member_status_search_text" to table: "members"
DROP INDEX `member_status_search_text`;
-- reverse: create index "member_category_status_joined_on" to table: "members"
DROP INDEX `member_category_status_joined_on`;
-- reverse: create index "member_sort_key_ar_id_status" to table: "members"
DROP INDEX `member_sort_key_ar_id_status`;
-- reverse: create index "member_sort_key_id_status" to table: "members"
DROP INDEX `member_sort_key_id_status`;
-- reverse: create index "member_joined_on_id_status" to table: "members"
DROP INDEX `member_joined_on_id_status`;
-- reverse: create index "member_status_last_name_first_name" to table: "members"
DROP INDEX `member_status_last_name_first_name`;
-- reverse: create index "member_user_id" to table: "members"
DROP INDEX `member_user_id`;
-- reverse: create index "member_number" to table: "members"
DROP INDEX `member_number`;
-- reverse: create "new_members" table
DROP TABLE `new_members`;
