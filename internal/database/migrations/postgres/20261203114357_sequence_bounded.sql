-- +goose Up
-- a sequence already pushed past the bound (by an imported number) is
-- brought back to it, so that the constraint can be added
UPDATE "sequences" SET "last_value" = 1000000000000000 WHERE "last_value" > 1000000000000000;
-- modify "sequences" table
ALTER TABLE "sequences" ADD CONSTRAINT "sequence_bounded" CHECK (last_value <= '1000000000000000'::bigint);

-- +goose Down
-- reverse: modify "sequences" table
ALTER TABLE "sequences" DROP CONSTRAINT "sequence_bounded";
