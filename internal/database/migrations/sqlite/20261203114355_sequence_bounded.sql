-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_sequences" table
CREATE TABLE `new_sequences` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `name` text NOT NULL, `last_value` integer NOT NULL DEFAULT (0), CONSTRAINT `sequence_bounded` CHECK (last_value <= 1000000000000000), CONSTRAINT `sequence_positive` CHECK (last_value >= 0));
-- copy rows from old table "sequences" to new temporary table "new_sequences",
-- bringing a sequence pushed past the bound (by an imported number) back to it
INSERT INTO `new_sequences` (`id`, `name`, `last_value`) SELECT `id`, `name`, min(`last_value`, 1000000000000000) FROM `sequences`;
-- drop "sequences" table after copying rows
DROP TABLE `sequences`;
-- rename temporary table "new_sequences" to "sequences"
ALTER TABLE `new_sequences` RENAME TO `sequences`;
-- create index "sequences_name_key" to table: "sequences"
CREATE UNIQUE INDEX `sequences_name_key` ON `sequences` (`name`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "sequences_name_key" to table: "sequences"
DROP INDEX `sequences_name_key`;
-- reverse: create "new_sequences" table
DROP TABLE `new_sequences`;
