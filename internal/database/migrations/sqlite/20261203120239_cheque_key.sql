-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_payments" table
CREATE TABLE `new_payments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `kind` text NOT NULL, `amount` integer NOT NULL, `currency` text NOT NULL, `method` text NOT NULL, `cheque_number` text NOT NULL DEFAULT (''), `bank` text NOT NULL DEFAULT (''), `cheque_key` text NULL, `transfer_reference` text NOT NULL DEFAULT (''), `provider` text NOT NULL DEFAULT (''), `provider_session_id` text NULL, `provider_payment_intent` text NOT NULL DEFAULT (''), `received_on` datetime NOT NULL, `month` text NOT NULL, `recorded_by_user_id` integer NULL, `reason` text NOT NULL DEFAULT (''), `active` bool NOT NULL DEFAULT (true), `created_at` datetime NOT NULL, `charge_id` integer NOT NULL, `member_id` integer NOT NULL, `reverses_id` integer NULL, CONSTRAINT `payments_dues_charges_payments` FOREIGN KEY (`charge_id`) REFERENCES `dues_charges` (`id`) ON DELETE RESTRICT, CONSTRAINT `payments_members_payments` FOREIGN KEY (`member_id`) REFERENCES `members` (`id`) ON DELETE RESTRICT, CONSTRAINT `payments_payments_reversal` FOREIGN KEY (`reverses_id`) REFERENCES `payments` (`id`) ON DELETE SET NULL, CONSTRAINT `payment_cheque` CHECK (method <> 'cheque' OR kind = 'reversal' OR (cheque_number <> '' AND bank <> '')), CONSTRAINT `payment_provider` CHECK (method <> 'card' OR kind = 'reversal' OR provider_session_id IS NOT NULL), CONSTRAINT `payment_reversal_inactive` CHECK (kind = 'payment' OR active = false), CONSTRAINT `payment_sign` CHECK (kind = 'payment' AND amount > 0 AND reverses_id IS NULL OR kind = 'reversal' AND amount < 0 AND reverses_id IS NOT NULL), CONSTRAINT `payment_transfer` CHECK (method <> 'transfer' OR kind = 'reversal' OR transfer_reference <> ''));
-- copy rows from old table "payments" to new temporary table "new_payments"
INSERT INTO `new_payments` (`id`, `kind`, `amount`, `currency`, `method`, `cheque_number`, `bank`, `transfer_reference`, `provider`, `provider_session_id`, `provider_payment_intent`, `received_on`, `month`, `recorded_by_user_id`, `reason`, `active`, `created_at`, `charge_id`, `member_id`, `reverses_id`) SELECT `id`, `kind`, `amount`, `currency`, `method`, `cheque_number`, `bank`, `transfer_reference`, `provider`, `provider_session_id`, `provider_payment_intent`, `received_on`, `month`, `recorded_by_user_id`, `reason`, `active`, `created_at`, `charge_id`, `member_id`, `reverses_id` FROM `payments`;
-- drop "payments" table after copying rows
DROP TABLE `payments`;
-- rename temporary table "new_payments" to "payments"
ALTER TABLE `new_payments` RENAME TO `payments`;
-- create index "payments_reverses_id_key" to table: "payments"
CREATE UNIQUE INDEX `payments_reverses_id_key` ON `payments` (`reverses_id`);
-- create index "payment_charge_id" to table: "payments"
CREATE UNIQUE INDEX `payment_charge_id` ON `payments` (`charge_id`) WHERE kind = 'payment' AND active;
-- create index "payment_reverses_id" to table: "payments"
CREATE UNIQUE INDEX `payment_reverses_id` ON `payments` (`reverses_id`);
-- create index "payment_provider_session_id" to table: "payments"
CREATE UNIQUE INDEX `payment_provider_session_id` ON `payments` (`provider_session_id`);
-- create index "payment_cheque_key" to table: "payments"
CREATE UNIQUE INDEX `payment_cheque_key` ON `payments` (`cheque_key`) WHERE method = 'cheque' AND kind = 'payment' AND active;
-- create index "payment_member_id_received_on" to table: "payments"
CREATE INDEX `payment_member_id_received_on` ON `payments` (`member_id`, `received_on`);
-- create index "payment_month" to table: "payments"
CREATE INDEX `payment_month` ON `payments` (`month`);
-- create index "payment_received_on" to table: "payments"
CREATE INDEX `payment_received_on` ON `payments` (`received_on`);
-- create index "payment_provider_payment_intent" to table: "payments"
CREATE INDEX `payment_provider_payment_intent` ON `payments` (`provider_payment_intent`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "payment_provider_payment_intent" to table: "payments"
DROP INDEX `payment_provider_payment_intent`;
-- reverse: create index "payment_received_on" to table: "payments"
DROP INDEX `payment_received_on`;
-- reverse: create index "payment_month" to table: "payments"
DROP INDEX `payment_month`;
-- reverse: create index "payment_member_id_received_on" to table: "payments"
DROP INDEX `payment_member_id_received_on`;
-- reverse: create index "payment_cheque_key" to table: "payments"
DROP INDEX `payment_cheque_key`;
-- reverse: create index "payment_provider_session_id" to table: "payments"
DROP INDEX `payment_provider_session_id`;
-- reverse: create index "payment_reverses_id" to table: "payments"
DROP INDEX `payment_reverses_id`;
-- reverse: create index "payment_charge_id" to table: "payments"
DROP INDEX `payment_charge_id`;
-- reverse: create index "payments_reverses_id_key" to table: "payments"
DROP INDEX `payments_reverses_id_key`;
-- reverse: create "new_payments" table
DROP TABLE `new_payments`;
