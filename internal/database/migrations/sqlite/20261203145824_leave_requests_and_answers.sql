-- +goose Up
-- add column "changes" to table: "member_events"
ALTER TABLE `member_events` ADD COLUMN `changes` blob NULL;
-- create "leave_requests" table
CREATE TABLE `leave_requests` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `state` text NOT NULL DEFAULT ('open'), `reason` text NOT NULL DEFAULT (''), `requested_at` datetime NOT NULL, `requested_by_user_id` integer NULL, `decided_at` datetime NULL, `decided_by_user_id` integer NULL, `decision_reason` text NOT NULL DEFAULT (''), `decision_reference` text NOT NULL DEFAULT (''), `member_id` integer NOT NULL, CONSTRAINT `leave_requests_members_leave_requests` FOREIGN KEY (`member_id`) REFERENCES `members` (`id`) ON DELETE RESTRICT, CONSTRAINT `leave_request_decided_dated` CHECK (state = 'open' OR decided_at IS NOT NULL), CONSTRAINT `leave_request_state_known` CHECK (state IN ('open', 'accepted', 'withdrawn', 'closed')));
-- create index "leave_request_one_open" to table: "leave_requests"
CREATE UNIQUE INDEX `leave_request_one_open` ON `leave_requests` (`member_id`) WHERE state = 'open';
-- create index "leaverequest_state_requested_at" to table: "leave_requests"
CREATE INDEX `leaverequest_state_requested_at` ON `leave_requests` (`state`, `requested_at`);

-- +goose Down
-- reverse: create index "leaverequest_state_requested_at" to table: "leave_requests"
DROP INDEX `leaverequest_state_requested_at`;
-- reverse: create index "leave_request_one_open" to table: "leave_requests"
DROP INDEX `leave_request_one_open`;
-- reverse: create "leave_requests" table
DROP TABLE `leave_requests`;
-- reverse: add column "changes" to table: "member_events"
ALTER TABLE `member_events` DROP COLUMN `changes`;
