-- +goose Up
-- add column "flag" to table: "webhook_events"
ALTER TABLE `webhook_events` ADD COLUMN `flag` json NULL;

-- +goose Down
-- reverse: add column "flag" to table: "webhook_events"
ALTER TABLE `webhook_events` DROP COLUMN `flag`;
