-- +goose Up
-- modify "mandates" table
ALTER TABLE "mandates" ADD COLUMN "end_reference" character varying NOT NULL DEFAULT '';

-- +goose Down
-- reverse: modify "mandates" table
ALTER TABLE "mandates" DROP COLUMN "end_reference";
