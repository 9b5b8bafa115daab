-- +goose Up
-- create "arrears" table
CREATE TABLE `arrears` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `owed` integer NOT NULL, `currency` text NOT NULL, `since` datetime NOT NULL, `charges` integer NOT NULL, `member_id` integer NOT NULL, CONSTRAINT `arrears_members_arrear` FOREIGN KEY (`member_id`) REFERENCES `members` (`id`) ON DELETE CASCADE);
-- create index "arrears_member_id_key" to table: "arrears"
CREATE UNIQUE INDEX `arrears_member_id_key` ON `arrears` (`member_id`);
-- create index "arrear_owed_member_id" to table: "arrears"
CREATE INDEX `arrear_owed_member_id` ON `arrears` (`owed`, `member_id`);
-- create index "arrear_since_member_id" to table: "arrears"
CREATE INDEX `arrear_since_member_id` ON `arrears` (`since`, `member_id`);
-- create "checkouts" table
CREATE TABLE `checkouts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `provider` text NOT NULL, `session_id` text NOT NULL, `charge_id` integer NOT NULL, `member_id` integer NOT NULL, `amount` integer NOT NULL, `currency` text NOT NULL, `status` text NOT NULL DEFAULT ('open'), `created_at` datetime NOT NULL);
-- create index "checkouts_session_id_key" to table: "checkouts"
CREATE UNIQUE INDEX `checkouts_session_id_key` ON `checkouts` (`session_id`);
-- create index "checkout_charge_id" to table: "checkouts"
CREATE INDEX `checkout_charge_id` ON `checkouts` (`charge_id`);
-- create "dues_charges" table
CREATE TABLE `dues_charges` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `category` text NOT NULL, `amount` integer NOT NULL, `currency` text NOT NULL, `covers_from` datetime NOT NULL, `covers_to` datetime NOT NULL, `grace_until` datetime NOT NULL, `status` text NOT NULL DEFAULT ('open'), `paid_at` datetime NULL, `paid_month` text NOT NULL DEFAULT (''), `created_at` datetime NOT NULL, `period_id` integer NOT NULL, `member_id` integer NOT NULL, CONSTRAINT `dues_charges_dues_periods_charges` FOREIGN KEY (`period_id`) REFERENCES `dues_periods` (`id`) ON DELETE RESTRICT, CONSTRAINT `dues_charges_members_dues_charges` FOREIGN KEY (`member_id`) REFERENCES `members` (`id`) ON DELETE RESTRICT, CONSTRAINT `dues_charge_amount` CHECK (amount > 0), CONSTRAINT `dues_charge_paid` CHECK (status = 'paid' AND paid_at IS NOT NULL OR status = 'open' AND paid_at IS NULL), CONSTRAINT `dues_charge_range` CHECK (covers_to > covers_from AND grace_until >= covers_from));
-- create index "duescharge_member_id_period_id" to table: "dues_charges"
CREATE UNIQUE INDEX `duescharge_member_id_period_id` ON `dues_charges` (`member_id`, `period_id`);
-- create index "duescharge_status_grace_until" to table: "dues_charges"
CREATE INDEX `duescharge_status_grace_until` ON `dues_charges` (`status`, `grace_until`);
-- create index "duescharge_period_id_category_status_amount" to table: "dues_charges"
CREATE INDEX `duescharge_period_id_category_status_amount` ON `dues_charges` (`period_id`, `category`, `status`, `amount`);
-- create index "duescharge_period_id_status_paid_month_amount" to table: "dues_charges"
CREATE INDEX `duescharge_period_id_status_paid_month_amount` ON `dues_charges` (`period_id`, `status`, `paid_month`, `amount`);
-- create "dues_periods" table
CREATE TABLE `dues_periods` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `year` integer NOT NULL, `starts_on` datetime NOT NULL, `ends_on` datetime NOT NULL, `currency` text NOT NULL, `opened_by_user_id` integer NULL, `opened_at` datetime NOT NULL, CONSTRAINT `dues_period_range` CHECK (ends_on > starts_on));
-- create index "dues_periods_year_key" to table: "dues_periods"
CREATE UNIQUE INDEX `dues_periods_year_key` ON `dues_periods` (`year`);
-- create "payments" table
CREATE TABLE `payments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `kind` text NOT NULL, `amount` integer NOT NULL, `currency` text NOT NULL, `method` text NOT NULL, `cheque_number` text NOT NULL DEFAULT (''), `bank` text NOT NULL DEFAULT (''), `transfer_reference` text NOT NULL DEFAULT (''), `provider` text NOT NULL DEFAULT (''), `provider_session_id` text NULL, `provider_payment_intent` text NOT NULL DEFAULT (''), `received_on` datetime NOT NULL, `month` text NOT NULL, `recorded_by_user_id` integer NULL, `reason` text NOT NULL DEFAULT (''), `active` bool NOT NULL DEFAULT (true), `created_at` datetime NOT NULL, `charge_id` integer NOT NULL, `member_id` integer NOT NULL, `reverses_id` integer NULL, CONSTRAINT `payments_dues_charges_payments` FOREIGN KEY (`charge_id`) REFERENCES `dues_charges` (`id`) ON DELETE RESTRICT, CONSTRAINT `payments_members_payments` FOREIGN KEY (`member_id`) REFERENCES `members` (`id`) ON DELETE RESTRICT, CONSTRAINT `payments_payments_reversal` FOREIGN KEY (`reverses_id`) REFERENCES `payments` (`id`) ON DELETE SET NULL, CONSTRAINT `payment_cheque` CHECK (method <> 'cheque' OR kind = 'reversal' OR (cheque_number <> '' AND bank <> '')), CONSTRAINT `payment_provider` CHECK (method <> 'card' OR kind = 'reversal' OR provider_session_id IS NOT NULL), CONSTRAINT `payment_reversal_inactive` CHECK (kind = 'payment' OR active = false), CONSTRAINT `payment_sign` CHECK (kind = 'payment' AND amount > 0 AND reverses_id IS NULL OR kind = 'reversal' AND amount < 0 AND reverses_id IS NOT NULL), CONSTRAINT `payment_transfer` CHECK (method <> 'transfer' OR kind = 'reversal' OR transfer_reference <> ''));
-- create index "payments_reverses_id_key" to table: "payments"
CREATE UNIQUE INDEX `payments_reverses_id_key` ON `payments` (`reverses_id`);
-- create index "payment_charge_id" to table: "payments"
CREATE UNIQUE INDEX `payment_charge_id` ON `payments` (`charge_id`) WHERE kind = 'payment' AND active;
-- create index "payment_reverses_id" to table: "payments"
CREATE UNIQUE INDEX `payment_reverses_id` ON `payments` (`reverses_id`);
-- create index "payment_provider_session_id" to table: "payments"
CREATE UNIQUE INDEX `payment_provider_session_id` ON `payments` (`provider_session_id`);
-- create index "payment_bank_cheque_number" to table: "payments"
CREATE UNIQUE INDEX `payment_bank_cheque_number` ON `payments` (`bank`, `cheque_number`) WHERE method = 'cheque' AND kind = 'payment' AND active;
-- create index "payment_member_id_received_on" to table: "payments"
CREATE INDEX `payment_member_id_received_on` ON `payments` (`member_id`, `received_on`);
-- create index "payment_month" to table: "payments"
CREATE INDEX `payment_month` ON `payments` (`month`);
-- create index "payment_received_on" to table: "payments"
CREATE INDEX `payment_received_on` ON `payments` (`received_on`);
-- create index "payment_provider_payment_intent" to table: "payments"
CREATE INDEX `payment_provider_payment_intent` ON `payments` (`provider_payment_intent`);
-- create "receipts" table
CREATE TABLE `receipts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `year` integer NOT NULL, `seq` integer NOT NULL, `number` text NOT NULL, `issued_at` datetime NOT NULL, `payment_id` integer NOT NULL, CONSTRAINT `receipts_payments_receipt` FOREIGN KEY (`payment_id`) REFERENCES `payments` (`id`) ON DELETE RESTRICT);
-- create index "receipts_number_key" to table: "receipts"
CREATE UNIQUE INDEX `receipts_number_key` ON `receipts` (`number`);
-- create index "receipts_payment_id_key" to table: "receipts"
CREATE UNIQUE INDEX `receipts_payment_id_key` ON `receipts` (`payment_id`);
-- create index "receipt_year_seq" to table: "receipts"
CREATE UNIQUE INDEX `receipt_year_seq` ON `receipts` (`year`, `seq`);
-- create "reminder_sents" table
CREATE TABLE `reminder_sents` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `charge_id` integer NOT NULL, `offset_days` integer NOT NULL, `sent_at` datetime NOT NULL);
-- create index "remindersent_charge_id_offset_days" to table: "reminder_sents"
CREATE UNIQUE INDEX `remindersent_charge_id_offset_days` ON `reminder_sents` (`charge_id`, `offset_days`);
-- create "webhook_events" table
CREATE TABLE `webhook_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `provider` text NOT NULL, `event_id` text NOT NULL, `type` text NOT NULL, `received_at` datetime NOT NULL, `outcome` text NOT NULL, `reason` text NOT NULL DEFAULT (''), `payment_id` integer NULL);
-- create index "webhook_events_event_id_key" to table: "webhook_events"
CREATE UNIQUE INDEX `webhook_events_event_id_key` ON `webhook_events` (`event_id`);
-- create index "webhookevent_outcome_received_at" to table: "webhook_events"
CREATE INDEX `webhookevent_outcome_received_at` ON `webhook_events` (`outcome`, `received_at`);

-- +goose Down
-- reverse: create index "webhookevent_outcome_received_at" to table: "webhook_events"
DROP INDEX `webhookevent_outcome_received_at`;
-- reverse: create index "webhook_events_event_id_key" to table: "webhook_events"
DROP INDEX `webhook_events_event_id_key`;
-- reverse: create "webhook_events" table
DROP TABLE `webhook_events`;
-- reverse: create index "remindersent_charge_id_offset_days" to table: "reminder_sents"
DROP INDEX `remindersent_charge_id_offset_days`;
-- reverse: create "reminder_sents" table
DROP TABLE `reminder_sents`;
-- reverse: create index "receipt_year_seq" to table: "receipts"
DROP INDEX `receipt_year_seq`;
-- reverse: create index "receipts_payment_id_key" to table: "receipts"
DROP INDEX `receipts_payment_id_key`;
-- reverse: create index "receipts_number_key" to table: "receipts"
DROP INDEX `receipts_number_key`;
-- reverse: create "receipts" table
DROP TABLE `receipts`;
-- reverse: create index "payment_provider_payment_intent" to table: "payments"
DROP INDEX `payment_provider_payment_intent`;
-- reverse: create index "payment_received_on" to table: "payments"
DROP INDEX `payment_received_on`;
-- reverse: create index "payment_month" to table: "payments"
DROP INDEX `payment_month`;
-- reverse: create index "payment_member_id_received_on" to table: "payments"
DROP INDEX `payment_member_id_received_on`;
-- reverse: create index "payment_bank_cheque_number" to table: "payments"
DROP INDEX `payment_bank_cheque_number`;
-- reverse: create index "payment_provider_session_id" to table: "payments"
DROP INDEX `payment_provider_session_id`;
-- reverse: create index "payment_reverses_id" to table: "payments"
DROP INDEX `payment_reverses_id`;
-- reverse: create index "payment_charge_id" to table: "payments"
DROP INDEX `payment_charge_id`;
-- reverse: create index "payments_reverses_id_key" to table: "payments"
DROP INDEX `payments_reverses_id_key`;
-- reverse: create "payments" table
DROP TABLE `payments`;
-- reverse: create index "dues_periods_year_key" to table: "dues_periods"
DROP INDEX `dues_periods_year_key`;
-- reverse: create "dues_periods" table
DROP TABLE `dues_periods`;
-- reverse: create index "duescharge_period_id_status_paid_month_amount" to table: "dues_charges"
DROP INDEX `duescharge_period_id_status_paid_month_amount`;
-- reverse: create index "duescharge_period_id_category_status_amount" to table: "dues_charges"
DROP INDEX `duescharge_period_id_category_status_amount`;
-- reverse: create index "duescharge_status_grace_until" to table: "dues_charges"
DROP INDEX `duescharge_status_grace_until`;
-- reverse: create index "duescharge_member_id_period_id" to table: "dues_charges"
DROP INDEX `duescharge_member_id_period_id`;
-- reverse: create "dues_charges" table
DROP TABLE `dues_charges`;
-- reverse: create index "checkout_charge_id" to table: "checkouts"
DROP INDEX `checkout_charge_id`;
-- reverse: create index "checkouts_session_id_key" to table: "checkouts"
DROP INDEX `checkouts_session_id_key`;
-- reverse: create "checkouts" table
DROP TABLE `checkouts`;
-- reverse: create index "arrear_since_member_id" to table: "arrears"
DROP INDEX `arrear_since_member_id`;
-- reverse: create index "arrear_owed_member_id" to table: "arrears"
DROP INDEX `arrear_owed_member_id`;
-- reverse: create index "arrears_member_id_key" to table: "arrears"
DROP INDEX `arrears_member_id_key`;
-- reverse: create "arrears" table
DROP TABLE `arrears`;
