-- +goose Up
-- drop index "member_joined_on" from table: "members"
DROP INDEX "member_joined_on";
-- drop index "member_last_name_first_name_organisation_name_id" from table: "members"
DROP INDEX "member_last_name_first_name_organisation_name_id";
-- modify "members" table
ALTER TABLE "members" ADD COLUMN "sort_key" bytea NULL, ADD COLUMN "sort_key_ar" bytea NULL;
-- create index "member_joined_on_id_status" to table: "members"
CREATE INDEX "member_joined_on_id_status" ON "members" ("joined_on", "id", "status");
-- create index "member_sort_key_ar_id_status" to table: "members"
CREATE INDEX "member_sort_key_ar_id_status" ON "members" ("sort_key_ar", "id", "status");
-- create index "member_sort_key_id_status" to table: "members"
CREATE INDEX "member_sort_key_id_status" ON "members" ("sort_key", "id", "status");

-- +goose Down
-- reverse: create index "member_sort_key_id_status" to table: "members"
DROP INDEX "member_sort_key_id_status";
-- reverse: create index "member_sort_key_ar_id_status" to table: "members"
DROP INDEX "member_sort_key_ar_id_status";
-- reverse: create index "member_joined_on_id_status" to table: "members"
DROP INDEX "member_joined_on_id_status";
-- reverse: modify "members" table
ALTER TABLE "members" DROP COLUMN "sort_key_ar", DROP COLUMN "sort_key";
-- reverse: drop index "member_last_name_first_name_organisation_name_id" from table: "members"
CREATE INDEX "member_last_name_first_name_organisation_name_id" ON "members" ("last_name", "first_name", "organisation_name", "id");
-- reverse: drop index "member_joined_on" from table: "members"
CREATE INDEX "member_joined_on" ON "members" ("joined_on");
