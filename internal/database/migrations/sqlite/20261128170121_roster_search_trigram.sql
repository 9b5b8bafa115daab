-- +goose Up
-- create index "member_search_trigram" to table: "members"
CREATE INDEX `member_search_trigram` ON `members` (`search_text`);

-- +goose Down
-- reverse: create index "member_search_trigram" to table: "members"
DROP INDEX `member_search_trigram`;
