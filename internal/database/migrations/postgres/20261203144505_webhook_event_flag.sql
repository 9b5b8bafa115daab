-- +goose Up
-- modify "webhook_events" table
ALTER TABLE "webhook_events" ADD COLUMN "flag" json NULL;

-- +goose Down
-- reverse: modify "webhook_events" table
ALTER TABLE "webhook_events" DROP COLUMN "flag";
