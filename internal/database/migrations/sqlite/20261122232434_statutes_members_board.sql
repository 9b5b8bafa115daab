-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_associations" table
CREATE TABLE `new_associations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `singleton` bool NOT NULL DEFAULT (true), `name_fr` text NOT NULL, `name_ar` text NOT NULL DEFAULT (''), `name_en` text NOT NULL DEFAULT (''), `short_name_fr` text NOT NULL DEFAULT (''), `short_name_ar` text NOT NULL DEFAULT (''), `short_name_en` text NOT NULL DEFAULT (''), `purpose_fr` text NOT NULL DEFAULT (''), `purpose_ar` text NOT NULL DEFAULT (''), `purpose_en` text NOT NULL DEFAULT (''), `seat_address` text NOT NULL DEFAULT (''), `seat_city` text NOT NULL DEFAULT (''), `seat_country` text NOT NULL DEFAULT ('MA'), `email` text NOT NULL DEFAULT (''), `phone` text NOT NULL DEFAULT (''), `website` text NOT NULL DEFAULT (''), `registration_authority` text NOT NULL DEFAULT (''), `registration_number` text NOT NULL DEFAULT (''), `registration_date` datetime NULL, `founded_on` datetime NULL, `member_number_prefix` text NOT NULL DEFAULT (''), CONSTRAINT `association_singleton` CHECK (singleton = true));
-- copy rows from old table "associations" to new temporary table "new_associations"
INSERT INTO `new_associations` (`id`, `created_at`, `updated_at`, `singleton`, `name_fr`, `name_ar`, `name_en`, `short_name_fr`, `short_name_ar`, `short_name_en`, `purpose_fr`, `purpose_ar`, `purpose_en`, `seat_address`, `seat_city`, `seat_country`, `email`, `phone`, `website`, `registration_authority`, `registration_number`, `registration_date`, `founded_on`) SELECT `id`, `created_at`, `updated_at`, `singleton`, `name_fr`, `name_ar`, `name_en`, `short_name_fr`, `short_name_ar`, `short_name_en`, `purpose_fr`, `purpose_ar`, `purpose_en`, `seat_address`, `seat_city`, `seat_country`, `email`, `phone`, `website`, `registration_authority`, `registration_number`, `registration_date`, `founded_on` FROM `associations`;
-- drop "associations" table after copying rows
DROP TABLE `associations`;
-- rename temporary table "new_associations" to "associations"
ALTER TABLE `new_associations` RENAME TO `associations`;
-- create index "association_singleton" to table: "associations"
CREATE UNIQUE INDEX `association_singleton` ON `associations` (`singleton`);
-- create "mandates" table
CREATE TABLE `mandates` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `position` text NOT NULL, `office` text NOT NULL, `start_on` datetime NOT NULL, `end_on` datetime NOT NULL, `ended_on` datetime NULL, `source` text NOT NULL, `source_reference` text NOT NULL DEFAULT (''), `ratified_on` datetime NULL, `member_id` integer NOT NULL, CONSTRAINT `mandates_members_mandates` FOREIGN KEY (`member_id`) REFERENCES `members` (`id`) ON DELETE RESTRICT, CONSTRAINT `mandate_dates_order` CHECK (end_on > start_on), CONSTRAINT `mandate_office_known` CHECK (office IN ('president', 'vice_president', 'secretary_general', 'treasurer', 'assessor')), CONSTRAINT `mandate_source_known` CHECK (source IN ('elected', 'co_opted', 'constitutive')));
-- create index "mandate_position_start_on" to table: "mandates"
CREATE INDEX `mandate_position_start_on` ON `mandates` (`position`, `start_on`);
-- create index "mandate_member_id" to table: "mandates"
CREATE INDEX `mandate_member_id` ON `mandates` (`member_id`);
-- create "members" table
CREATE TABLE `members` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `number` text NULL, `kind` text NOT NULL DEFAULT ('person'), `status` text NOT NULL DEFAULT ('applicant'), `application` text NOT NULL DEFAULT ('pending'), `category` text NOT NULL DEFAULT (''), `first_name` text NOT NULL DEFAULT (''), `last_name` text NOT NULL DEFAULT (''), `organisation_name` text NOT NULL DEFAULT (''), `representative_name` text NOT NULL DEFAULT (''), `email` text NOT NULL DEFAULT (''), `phone` text NOT NULL DEFAULT (''), `address` text NOT NULL DEFAULT (''), `city` text NOT NULL DEFAULT (''), `country` text NOT NULL DEFAULT ('MA'), `nationality` text NOT NULL DEFAULT (''), `birth_date` datetime NULL, `birth_place` text NOT NULL DEFAULT (''), `profession` text NOT NULL DEFAULT (''), `search_text` text NOT NULL DEFAULT (''), `joined_on` datetime NULL, `consent_directory` bool NOT NULL DEFAULT (false), `consent_emails` bool NOT NULL DEFAULT (false), `anonymised_at` datetime NULL, `user_id` integer NULL, CONSTRAINT `members_users_account` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `member_application_known` CHECK (application IN ('pending', 'info_requested', 'approved', 'rejected')), CONSTRAINT `member_kind_known` CHECK (kind IN ('person', 'organisation')), CONSTRAINT `member_number_after_approval` CHECK (status = 'applicant' OR (number IS NOT NULL AND category <> '')), CONSTRAINT `member_organisation_named` CHECK (kind = 'person' OR organisation_name <> ''), CONSTRAINT `member_status_known` CHECK (status IN ('applicant', 'active', 'lapsed', 'suspended', 'resigned', 'excluded', 'deceased')));
-- create index "member_number" to table: "members"
CREATE UNIQUE INDEX `member_number` ON `members` (`number`);
-- create index "member_user_id" to table: "members"
CREATE UNIQUE INDEX `member_user_id` ON `members` (`user_id`);
-- create index "member_status_last_name_first_name" to table: "members"
CREATE INDEX `member_status_last_name_first_name` ON `members` (`status`, `last_name`, `first_name`);
-- create index "member_category" to table: "members"
CREATE INDEX `member_category` ON `members` (`category`);
-- create index "member_joined_on" to table: "members"
CREATE INDEX `member_joined_on` ON `members` (`joined_on`);
-- create "member_events" table
CREATE TABLE `member_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `kind` text NOT NULL, `from_status` text NOT NULL DEFAULT (''), `to_status` text NOT NULL DEFAULT (''), `at` datetime NOT NULL, `by_user_id` integer NULL, `reason` text NOT NULL DEFAULT (''), `decision_reference` text NOT NULL DEFAULT (''), `heard_on` datetime NULL, `member_id` integer NOT NULL, CONSTRAINT `member_events_members_events` FOREIGN KEY (`member_id`) REFERENCES `members` (`id`) ON DELETE RESTRICT, CONSTRAINT `member_event_exclusion_heard` CHECK (to_status <> 'excluded' OR heard_on IS NOT NULL));
-- create index "memberevent_member_id_at" to table: "member_events"
CREATE INDEX `memberevent_member_id_at` ON `member_events` (`member_id`, `at`);
-- create "sequences" table
CREATE TABLE `sequences` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `name` text NOT NULL, `last_value` integer NOT NULL DEFAULT (0), CONSTRAINT `sequence_positive` CHECK (last_value >= 0));
-- create index "sequences_name_key" to table: "sequences"
CREATE UNIQUE INDEX `sequences_name_key` ON `sequences` (`name`);
-- create "statutes_versions" table
CREATE TABLE `statutes_versions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `number` integer NOT NULL, `status` text NOT NULL DEFAULT ('draft'), `title` text NOT NULL DEFAULT (''), `text_fr` text NOT NULL DEFAULT (''), `text_ar` text NOT NULL DEFAULT (''), `text_en` text NOT NULL DEFAULT (''), `rules` blob NOT NULL, `adopted_on` datetime NULL, `adoption_reference` text NOT NULL DEFAULT (''), `recorded_by_id` integer NULL, `in_force_since` datetime NULL, `superseded_at` datetime NULL, CONSTRAINT `statutes_adoption_recorded` CHECK (status = 'draft' OR (adopted_on IS NOT NULL AND adoption_reference <> '')), CONSTRAINT `statutes_status_known` CHECK (status IN ('draft', 'in_force', 'superseded')));
-- create index "statutes_versions_number_key" to table: "statutes_versions"
CREATE UNIQUE INDEX `statutes_versions_number_key` ON `statutes_versions` (`number`);
-- create index "statutes_one_in_force" to table: "statutes_versions"
CREATE UNIQUE INDEX `statutes_one_in_force` ON `statutes_versions` (`status`) WHERE status = 'in_force';
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "statutes_one_in_force" to table: "statutes_versions"
DROP INDEX `statutes_one_in_force`;
-- reverse: create index "statutes_versions_number_key" to table: "statutes_versions"
DROP INDEX `statutes_versions_number_key`;
-- reverse: create "statutes_versions" table
DROP TABLE `statutes_versions`;
-- reverse: create index "sequences_name_key" to table: "sequences"
DROP INDEX `sequences_name_key`;
-- reverse: create "sequences" table
DROP TABLE `sequences`;
-- reverse: create index "memberevent_member_id_at" to table: "member_events"
DROP INDEX `memberevent_member_id_at`;
-- reverse: create "member_events" table
DROP TABLE `member_events`;
-- reverse: create index "member_joined_on" to table: "members"
DROP INDEX `member_joined_on`;
-- reverse: create index "member_category" to table: "members"
DROP INDEX `member_category`;
-- reverse: create index "member_status_last_name_first_name" to table: "members"
DROP INDEX `member_status_last_name_first_name`;
-- reverse: create index "member_user_id" to table: "members"
DROP INDEX `member_user_id`;
-- reverse: create index "member_number" to table: "members"
DROP INDEX `member_number`;
-- reverse: create "members" table
DROP TABLE `members`;
-- reverse: create index "mandate_member_id" to table: "mandates"
DROP INDEX `mandate_member_id`;
-- reverse: create index "mandate_position_start_on" to table: "mandates"
DROP INDEX `mandate_position_start_on`;
-- reverse: create "mandates" table
DROP TABLE `mandates`;
-- reverse: create index "association_singleton" to table: "associations"
DROP INDEX `association_singleton`;
-- reverse: create "new_associations" table
DROP TABLE `new_associations`;
