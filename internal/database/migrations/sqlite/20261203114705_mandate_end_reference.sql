-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_mandates" table
CREATE TABLE `new_mandates` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `position` text NOT NULL, `office` text NOT NULL, `start_on` datetime NOT NULL, `end_on` datetime NOT NULL, `ended_on` datetime NULL, `source` text NOT NULL, `source_reference` text NOT NULL DEFAULT (''), `ratified_on` datetime NULL, `ratification_refused_on` datetime NULL, `ratification_reference` text NOT NULL DEFAULT (''), `end_reference` text NOT NULL DEFAULT (''), `member_id` integer NOT NULL, CONSTRAINT `mandates_members_mandates` FOREIGN KEY (`member_id`) REFERENCES `members` (`id`) ON DELETE RESTRICT, CONSTRAINT `mandate_dates_order` CHECK (end_on > start_on), CONSTRAINT `mandate_office_known` CHECK (office IN ('president', 'vice_president', 'secretary_general', 'treasurer', 'assessor')), CONSTRAINT `mandate_ratification_co_opted` CHECK (source = 'co_opted' OR (ratified_on IS NULL AND ratification_refused_on IS NULL)), CONSTRAINT `mandate_ratification_once` CHECK (ratified_on IS NULL OR ratification_refused_on IS NULL), CONSTRAINT `mandate_source_known` CHECK (source IN ('elected', 'co_opted', 'constitutive')));
-- copy rows from old table "mandates" to new temporary table "new_mandates"
INSERT INTO `new_mandates` (`id`, `created_at`, `updated_at`, `position`, `office`, `start_on`, `end_on`, `ended_on`, `source`, `source_reference`, `ratified_on`, `ratification_refused_on`, `ratification_reference`, `member_id`) SELECT `id`, `created_at`, `updated_at`, `position`, `office`, `start_on`, `end_on`, `ended_on`, `source`, `source_reference`, `ratified_on`, `ratification_refused_on`, `ratification_reference`, `member_id` FROM `mandates`;
-- drop "mandates" table after copying rows
DROP TABLE `mandates`;
-- rename temporary table "new_mandates" to "mandates"
ALTER TABLE `new_mandates` RENAME TO `mandates`;
-- create index "mandate_position_start_on" to table: "mandates"
CREATE INDEX `mandate_position_start_on` ON `mandates` (`position`, `start_on`);
-- create index "mandate_member_id" to table: "mandates"
CREATE INDEX `mandate_member_id` ON `mandates` (`member_id`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "mandate_member_id" to table: "mandates"
DROP INDEX `mandate_member_id`;
-- reverse: create index "mandate_position_start_on" to table: "mandates"
DROP INDEX `mandate_position_start_on`;
-- reverse: create "new_mandates" table
DROP TABLE `new_mandates`;
