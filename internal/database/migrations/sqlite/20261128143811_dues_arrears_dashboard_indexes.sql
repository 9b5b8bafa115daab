-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_dues_charges" table
CREATE TABLE `new_dues_charges` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `category` text NOT NULL, `amount` integer NOT NULL, `currency` text NOT NULL, `covers_from` datetime NOT NULL, `covers_to` datetime NOT NULL, `grace_until` datetime NOT NULL, `status` text NOT NULL DEFAULT ('open'), `paid_at` datetime NULL, `paid_month` text NOT NULL DEFAULT (''), `created_at` datetime NOT NULL, `period_id` integer NOT NULL, `member_id` integer NOT NULL, CONSTRAINT `dues_charges_dues_periods_charges` FOREIGN KEY (`period_id`) REFERENCES `dues_periods` (`id`) ON DELETE RESTRICT, CONSTRAINT `dues_charges_members_dues_charges` FOREIGN KEY (`member_id`) REFERENCES `members` (`id`) ON DELETE RESTRICT, CONSTRAINT `dues_charge_amount` CHECK (amount > 0), CONSTRAINT `dues_charge_paid` CHECK (status = 'paid' AND paid_at IS NOT NULL OR status = 'open' AND paid_at IS NULL), CONSTRAINT `dues_charge_range` CHECK (covers_to > covers_from AND grace_until >= covers_from));
-- copy rows from old table "dues_charges" to new temporary table "new_dues_charges"
INSERT INTO `new_dues_charges` (`id`, `category`, `amount`, `currency`, `covers_from`, `covers_to`, `grace_until`, `status`, `paid_at`, `created_at`, `period_id`, `member_id`) SELECT `id`, `category`, `amount`, `currency`, `covers_from`, `covers_to`, `grace_until`, `status`, `paid_at`, `created_at`, `period_id`, `member_id` FROM `dues_charges`;
-- drop "dues_charges" table after copying rows
DROP TABLE `dues_charges`;
-- rename temporary table "new_dues_charges" to "dues_charges"
ALTER TABLE `new_dues_charges` RENAME TO `dues_charges`;
-- create index "duescharge_member_id_period_id" to table: "dues_charges"
CREATE UNIQUE INDEX `duescharge_member_id_period_id` ON `dues_charges` (`member_id`, `period_id`);
-- create index "duescharge_status_grace_until" to table: "dues_charges"
CREATE INDEX `duescharge_status_grace_until` ON `dues_charges` (`status`, `grace_until`);
-- create index "duescharge_period_id_category_status_amount" to table: "dues_charges"
CREATE INDEX `duescharge_period_id_category_status_amount` ON `dues_charges` (`period_id`, `category`, `status`, `amount`);
-- create index "duescharge_period_id_status_paid_month_amount" to table: "dues_charges"
CREATE INDEX `duescharge_period_id_status_paid_month_amount` ON `dues_charges` (`period_id`, `status`, `paid_month`, `amount`);
-- create "arrears" table
CREATE TABLE `arrears` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `owed` integer NOT NULL, `currency` text NOT NULL, `since` datetime NOT NULL, `charges` integer NOT NULL, `member_id` integer NOT NULL, CONSTRAINT `arrears_members_arrear` FOREIGN KEY (`member_id`) REFERENCES `members` (`id`) ON DELETE CASCADE);
-- create index "arrears_member_id_key" to table: "arrears"
CREATE UNIQUE INDEX `arrears_member_id_key` ON `arrears` (`member_id`);
-- create index "arrear_owed_member_id" to table: "arrears"
CREATE INDEX `arrear_owed_member_id` ON `arrears` (`owed`, `member_id`);
-- create index "arrear_since_member_id" to table: "arrears"
CREATE INDEX `arrear_since_member_id` ON `arrears` (`since`, `member_id`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "arrear_since_member_id" to table: "arrears"
DROP INDEX `arrear_since_member_id`;
-- reverse: create index "arrear_owed_member_id" to table: "arrears"
DROP INDEX `arrear_owed_member_id`;
-- reverse: create index "arrears_member_id_key" to table: "arrears"
DROP INDEX `arrears_member_id_key`;
-- reverse: create "arrears" table
DROP TABLE `arrears`;
-- reverse: create index "duescharge_period_id_status_paid_month_amount" to table: "dues_charges"
DROP INDEX `duescharge_period_id_status_paid_month_amount`;
-- reverse: create index "duescharge_period_id_category_status_amount" to table: "dues_charges"
DROP INDEX `duescharge_period_id_category_status_amount`;
-- reverse: create index "duescharge_status_grace_until" to table: "dues_charges"
DROP INDEX `duescharge_status_grace_until`;
-- reverse: create index "duescharge_member_id_period_id" to table: "dues_charges"
DROP INDEX `duescharge_member_id_period_id`;
-- reverse: create "new_dues_charges" table
DROP TABLE `new_dues_charges`;
