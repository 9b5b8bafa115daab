-- +goose Up
-- drop index "member_category" from table: "members"
DROP INDEX "member_category";
-- create index "member_category_status_joined_on" to table: "members"
CREATE INDEX "member_category_status_joined_on" ON "members" ("category", "status", "joined_on");
-- create index "member_last_name_first_name_organisation_name_id" to table: "members"
CREATE INDEX "member_last_name_first_name_organisation_name_id" ON "members" ("last_name", "first_name", "organisation_name", "id");
-- create index "member_status_search_text" to table: "members"
CREATE INDEX "member_status_search_text" ON "members" ("status", "search_text");

-- +goose Down
-- reverse: create index "member_status_search_text" to table: "members"
DROP INDEX "member_status_search_text";
-- reverse: create index "member_last_name_first_name_organisation_name_id" to table: "members"
DROP INDEX "member_last_name_first_name_organisation_name_id";
-- reverse: create index "member_category_status_joined_on" to table: "members"
DROP INDEX "member_category_status_joined_on";
-- reverse: drop index "member_category" from table: "members"
CREATE INDEX "member_category" ON "members" ("category");
