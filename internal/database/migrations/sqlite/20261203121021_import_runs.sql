-- +goose Up
-- create "import_runs" table
CREATE TABLE `import_runs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `status` text NOT NULL DEFAULT ('pending'), `dry_run` bool NOT NULL, `charge_dues` bool NOT NULL, `mapping` blob NOT NULL, `file` blob NULL, `rows` integer NOT NULL DEFAULT (0), `checked` integer NOT NULL DEFAULT (0), `written` integer NOT NULL DEFAULT (0), `report` blob NULL, `refusal` blob NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `finished_at` datetime NULL, `owner_id` integer NOT NULL, CONSTRAINT `import_runs_users_owner` FOREIGN KEY (`owner_id`) REFERENCES `users` (`id`) ON DELETE CASCADE, CONSTRAINT `import_run_finished` CHECK (status NOT IN ('done', 'failed') OR finished_at IS NOT NULL), CONSTRAINT `import_run_progress` CHECK (rows >= 0 AND checked >= 0 AND written >= 0 AND checked <= rows AND written <= rows));
-- create index "importrun_owner_id_status" to table: "import_runs"
CREATE INDEX `importrun_owner_id_status` ON `import_runs` (`owner_id`, `status`);
-- create index "importrun_finished_at" to table: "import_runs"
CREATE INDEX `importrun_finished_at` ON `import_runs` (`finished_at`);

-- +goose Down
-- reverse: create index "importrun_finished_at" to table: "import_runs"
DROP INDEX `importrun_finished_at`;
-- reverse: create index "importrun_owner_id_status" to table: "import_runs"
DROP INDEX `importrun_owner_id_status`;
-- reverse: create "import_runs" table
DROP TABLE `import_runs`;
