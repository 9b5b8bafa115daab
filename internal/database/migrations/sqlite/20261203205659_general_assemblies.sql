-- +goose Up
-- create "agenda_items" table
CREATE TABLE `agenda_items` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `position` integer NOT NULL, `kind` text NOT NULL, `title` text NOT NULL, `body` text NOT NULL DEFAULT (''), `decision` text NULL, `draft_statutes_version_id` integer NULL, `mandate_id` integer NULL, `assembly_id` integer NOT NULL, CONSTRAINT `agenda_items_statutes_versions_draft_statutes` FOREIGN KEY (`draft_statutes_version_id`) REFERENCES `statutes_versions` (`id`) ON DELETE SET NULL, CONSTRAINT `agenda_items_mandates_mandate` FOREIGN KEY (`mandate_id`) REFERENCES `mandates` (`id`) ON DELETE SET NULL, CONSTRAINT `agenda_items_assemblies_agenda_items` FOREIGN KEY (`assembly_id`) REFERENCES `assemblies` (`id`) ON DELETE CASCADE, CONSTRAINT `agenda_item_decides_by_kind` CHECK ((kind = 'resolution' AND decision IS NOT NULL AND decision <> 'board_election') OR (kind = 'election' AND (decision IS NULL OR decision = 'board_election')) OR (kind IN ('information', 'debate') AND decision IS NULL)), CONSTRAINT `agenda_item_decision_known` CHECK (decision IS NULL OR decision IN ('ordinary_business', 'statutes_amendment', 'dissolution', 'ratification', 'board_election')), CONSTRAINT `agenda_item_kind_known` CHECK (kind IN ('information', 'debate', 'resolution', 'election')), CONSTRAINT `agenda_item_position` CHECK (position >= 1), CONSTRAINT `agenda_item_ratifies_a_mandate` CHECK (decision IS NULL OR decision <> 'ratification' OR mandate_id IS NOT NULL));
-- create index "agendaitem_assembly_id_position" to table: "agenda_items"
CREATE UNIQUE INDEX `agendaitem_assembly_id_position` ON `agenda_items` (`assembly_id`, `position`);
-- create "assemblies" table
CREATE TABLE `assemblies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `title` text NOT NULL DEFAULT (''), `lang` text NOT NULL DEFAULT ('fr'), `starts_at` datetime NOT NULL, `ends_at` datetime NULL, `place` text NOT NULL DEFAULT (''), `online_url` text NOT NULL DEFAULT (''), `state` text NOT NULL DEFAULT ('draft'), `created_by_user_id` integer NULL, `convened_at` datetime NULL, `convened_by_user_id` integer NULL, `reminder_sent_at` datetime NULL, `opened_at` datetime NULL, `closed_at` datetime NULL, `cancelled_at` datetime NULL, `roll_taken_at` datetime NULL, `roll_hash` text NOT NULL DEFAULT (''), `statutes_version_id` integer NOT NULL, `chair_member_id` integer NULL, `secretary_member_id` integer NULL, `first_convocation_id` integer NULL, CONSTRAINT `assemblies_statutes_versions_statutes_version` FOREIGN KEY (`statutes_version_id`) REFERENCES `statutes_versions` (`id`) ON DELETE NO ACTION, CONSTRAINT `assemblies_members_chair` FOREIGN KEY (`chair_member_id`) REFERENCES `members` (`id`) ON DELETE SET NULL, CONSTRAINT `assemblies_members_secretary` FOREIGN KEY (`secretary_member_id`) REFERENCES `members` (`id`) ON DELETE SET NULL, CONSTRAINT `assemblies_assemblies_second_convocation` FOREIGN KEY (`first_convocation_id`) REFERENCES `assemblies` (`id`) ON DELETE SET NULL, CONSTRAINT `assembly_closed_dated` CHECK (state <> 'closed' OR closed_at IS NOT NULL), CONSTRAINT `assembly_convened_dated` CHECK (state = 'draft' OR convened_at IS NOT NULL), CONSTRAINT `assembly_ends_after` CHECK (ends_at IS NULL OR ends_at > starts_at), CONSTRAINT `assembly_has_a_venue` CHECK (state = 'draft' OR place <> '' OR online_url <> ''), CONSTRAINT `assembly_kind_known` CHECK (kind IN ('constitutive', 'ordinary', 'extraordinary')), CONSTRAINT `assembly_opened_dated` CHECK (state NOT IN ('open', 'adjourned', 'closed') OR opened_at IS NOT NULL), CONSTRAINT `assembly_roll_hashed` CHECK (roll_taken_at IS NULL OR roll_hash <> ''), CONSTRAINT `assembly_state_known` CHECK (state IN ('draft', 'convened', 'open', 'adjourned', 'closed', 'cancelled')));
-- create index "assemblies_first_convocation_id_key" to table: "assemblies"
CREATE UNIQUE INDEX `assemblies_first_convocation_id_key` ON `assemblies` (`first_convocation_id`);
-- create index "assembly_state_starts_at" to table: "assemblies"
CREATE INDEX `assembly_state_starts_at` ON `assemblies` (`state`, `starts_at`);
-- create "assembly_documents" table
CREATE TABLE `assembly_documents` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `title` text NOT NULL, `file_name` text NOT NULL, `content_type` text NOT NULL, `size` integer NOT NULL, `sha256` text NOT NULL, `data` blob NOT NULL, `uploaded_at` datetime NOT NULL, `uploaded_by_user_id` integer NULL, `agenda_item_id` integer NULL, `assembly_id` integer NOT NULL, CONSTRAINT `assembly_documents_agenda_items_documents` FOREIGN KEY (`agenda_item_id`) REFERENCES `agenda_items` (`id`) ON DELETE SET NULL, CONSTRAINT `assembly_documents_assemblies_documents` FOREIGN KEY (`assembly_id`) REFERENCES `assemblies` (`id`) ON DELETE CASCADE, CONSTRAINT `assembly_document_size` CHECK (size > 0 AND size <= 10485760), CONSTRAINT `assembly_document_type` CHECK (content_type IN ('application/pdf', 'application/vnd.oasis.opendocument.text', 'application/vnd.oasis.opendocument.spreadsheet', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/plain', 'image/png', 'image/jpeg')));
-- create index "assemblydocument_assembly_id" to table: "assembly_documents"
CREATE INDEX `assemblydocument_assembly_id` ON `assembly_documents` (`assembly_id`);
-- create "attendances" table
CREATE TABLE `attendances` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `mode` text NOT NULL, `arrived_at` datetime NOT NULL, `left_at` datetime NULL, `recorded_by_user_id` integer NULL, `assembly_id` integer NOT NULL, `member_id` integer NOT NULL, CONSTRAINT `attendances_assemblies_attendances` FOREIGN KEY (`assembly_id`) REFERENCES `assemblies` (`id`) ON DELETE RESTRICT, CONSTRAINT `attendances_members_member` FOREIGN KEY (`member_id`) REFERENCES `members` (`id`) ON DELETE NO ACTION, CONSTRAINT `attendance_mode_known` CHECK (mode IN ('in_person', 'online')), CONSTRAINT `attendance_order` CHECK (left_at IS NULL OR left_at >= arrived_at));
-- create index "attendance_one_open_per_member" to table: "attendances"
CREATE UNIQUE INDEX `attendance_one_open_per_member` ON `attendances` (`assembly_id`, `member_id`) WHERE left_at IS NULL;
-- create "floor_requests" table
CREATE TABLE `floor_requests` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `state` text NOT NULL DEFAULT ('waiting'), `requested_at` datetime NOT NULL, `answered_at` datetime NULL, `assembly_id` integer NOT NULL, `member_id` integer NOT NULL, CONSTRAINT `floor_requests_assemblies_floor_requests` FOREIGN KEY (`assembly_id`) REFERENCES `assemblies` (`id`) ON DELETE CASCADE, CONSTRAINT `floor_requests_members_member` FOREIGN KEY (`member_id`) REFERENCES `members` (`id`) ON DELETE NO ACTION, CONSTRAINT `floor_request_state_known` CHECK (state IN ('waiting', 'speaking', 'done', 'withdrawn')));
-- create index "floor_request_one_waiting" to table: "floor_requests"
CREATE UNIQUE INDEX `floor_request_one_waiting` ON `floor_requests` (`assembly_id`, `member_id`) WHERE state = 'waiting' OR state = 'speaking';
-- create index "floorrequest_assembly_id_state_requested_at" to table: "floor_requests"
CREATE INDEX `floorrequest_assembly_id_state_requested_at` ON `floor_requests` (`assembly_id`, `state`, `requested_at`);
-- create "minutes" table
CREATE TABLE `minutes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `number` integer NOT NULL, `narrative` json NULL, `snapshot` blob NULL, `chair_approved_at` datetime NULL, `chair_approved_by_user_id` integer NULL, `secretary_approved_at` datetime NULL, `secretary_approved_by_user_id` integer NULL, `published_at` datetime NULL, `assembly_id` integer NOT NULL, CONSTRAINT `minutes_assemblies_minutes` FOREIGN KEY (`assembly_id`) REFERENCES `assemblies` (`id`) ON DELETE RESTRICT, CONSTRAINT `minutes_number` CHECK (number >= 0), CONSTRAINT `minutes_published_approved` CHECK (published_at IS NULL OR (chair_approved_at IS NOT NULL AND secretary_approved_at IS NOT NULL)));
-- create index "minutes_assembly_id_number" to table: "minutes"
CREATE UNIQUE INDEX `minutes_assembly_id_number` ON `minutes` (`assembly_id`, `number`);
-- create "proxies" table
CREATE TABLE `proxies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `state` text NOT NULL DEFAULT ('given'), `channel` text NOT NULL DEFAULT ('online'), `given_at` datetime NOT NULL, `answered_at` datetime NULL, `ended_at` datetime NULL, `recorded_by_user_id` integer NULL, `assembly_id` integer NOT NULL, `giver_member_id` integer NOT NULL, `holder_member_id` integer NOT NULL, CONSTRAINT `proxies_assemblies_proxies` FOREIGN KEY (`assembly_id`) REFERENCES `assemblies` (`id`) ON DELETE RESTRICT, CONSTRAINT `proxies_members_giver` FOREIGN KEY (`giver_member_id`) REFERENCES `members` (`id`) ON DELETE NO ACTION, CONSTRAINT `proxies_members_holder` FOREIGN KEY (`holder_member_id`) REFERENCES `members` (`id`) ON DELETE NO ACTION, CONSTRAINT `proxy_answer_dated` CHECK (state = 'given' OR answered_at IS NOT NULL), CONSTRAINT `proxy_channel_known` CHECK (channel IN ('online', 'desk')), CONSTRAINT `proxy_not_to_self` CHECK (giver_member_id <> holder_member_id), CONSTRAINT `proxy_state_known` CHECK (state IN ('given', 'accepted', 'refused', 'revoked', 'lapsed', 'used')));
-- create index "proxy_one_live_per_giver" to table: "proxies"
CREATE UNIQUE INDEX `proxy_one_live_per_giver` ON `proxies` (`assembly_id`, `giver_member_id`) WHERE state = 'given' OR state = 'accepted' OR state = 'used';
-- create index "proxy_assembly_id_holder_member_id" to table: "proxies"
CREATE INDEX `proxy_assembly_id_holder_member_id` ON `proxies` (`assembly_id`, `holder_member_id`);
-- create "quorum_checks" table
CREATE TABLE `quorum_checks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `moment` text NOT NULL, `agenda_item_id` integer NULL, `checked_at` datetime NOT NULL, `in_person` integer NOT NULL, `online` integer NOT NULL, `represented` integer NOT NULL, `counted` integer NOT NULL, `basis` integer NOT NULL, `required` integer NOT NULL, `met` bool NOT NULL, `assembly_id` integer NOT NULL, CONSTRAINT `quorum_checks_assemblies_quorum_checks` FOREIGN KEY (`assembly_id`) REFERENCES `assemblies` (`id`) ON DELETE RESTRICT, CONSTRAINT `quorum_check_moment_known` CHECK (moment IN ('opening', 'vote')), CONSTRAINT `quorum_check_vote_named` CHECK ((moment = 'vote' AND agenda_item_id IS NOT NULL) OR (moment = 'opening' AND agenda_item_id IS NULL)));
-- create index "quorumcheck_assembly_id_checked_at" to table: "quorum_checks"
CREATE INDEX `quorumcheck_assembly_id_checked_at` ON `quorum_checks` (`assembly_id`, `checked_at`);
-- create "roll_entries" table
CREATE TABLE `roll_entries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `may_vote` bool NOT NULL, `counts_for_quorum` bool NOT NULL, `reason` text NOT NULL DEFAULT (''), `assembly_id` integer NOT NULL, `member_id` integer NOT NULL, CONSTRAINT `roll_entries_assemblies_roll_entries` FOREIGN KEY (`assembly_id`) REFERENCES `assemblies` (`id`) ON DELETE RESTRICT, CONSTRAINT `roll_entries_members_member` FOREIGN KEY (`member_id`) REFERENCES `members` (`id`) ON DELETE NO ACTION, CONSTRAINT `roll_entry_reason` CHECK (may_vote OR reason <> ''));
-- create index "rollentry_assembly_id_member_id" to table: "roll_entries"
CREATE UNIQUE INDEX `rollentry_assembly_id_member_id` ON `roll_entries` (`assembly_id`, `member_id`);
-- create "secret_ballots" table
CREATE TABLE `secret_ballots` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `choice` text NOT NULL, `vote_id` integer NOT NULL, CONSTRAINT `secret_ballots_votes_secret_ballots` FOREIGN KEY (`vote_id`) REFERENCES `votes` (`id`) ON DELETE RESTRICT, CONSTRAINT `secret_ballot_choice_known` CHECK (choice IN ('for', 'against', 'abstain')));
-- create "votes" table
CREATE TABLE `votes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `mode` text NOT NULL, `state` text NOT NULL DEFAULT ('open'), `opened_at` datetime NOT NULL, `opened_by_user_id` integer NULL, `electors` integer NOT NULL, `present_or_represented` integer NOT NULL, `members` integer NOT NULL, `closed_at` datetime NULL, `closed_by_user_id` integer NULL, `votes_for` integer NULL, `votes_against` integer NULL, `abstentions` integer NULL, `participants` integer NULL, `required` integer NULL, `outcome` text NULL, `tie_break` text NULL, `casting_vote` text NULL, `agenda_item_id` integer NOT NULL, `assembly_id` integer NOT NULL, CONSTRAINT `votes_agenda_items_vote` FOREIGN KEY (`agenda_item_id`) REFERENCES `agenda_items` (`id`) ON DELETE RESTRICT, CONSTRAINT `votes_assemblies_votes` FOREIGN KEY (`assembly_id`) REFERENCES `assemblies` (`id`) ON DELETE RESTRICT, CONSTRAINT `vote_casting_known` CHECK (casting_vote IS NULL OR casting_vote IN ('for', 'against')), CONSTRAINT `vote_closed_complete` CHECK (state = 'open' OR (closed_at IS NOT NULL AND outcome IS NOT NULL AND votes_for IS NOT NULL AND votes_against IS NOT NULL AND abstentions IS NOT NULL AND required IS NOT NULL)), CONSTRAINT `vote_counts_non_negative` CHECK (COALESCE(votes_for, 0) >= 0 AND COALESCE(votes_against, 0) >= 0 AND COALESCE(abstentions, 0) >= 0), CONSTRAINT `vote_mode_known` CHECK (mode IN ('show_of_hands', 'roll_call', 'secret')), CONSTRAINT `vote_outcome_known` CHECK (outcome IS NULL OR outcome IN ('adopted', 'rejected')), CONSTRAINT `vote_state_known` CHECK (state IN ('open', 'closed')), CONSTRAINT `vote_tie_known` CHECK (tie_break IS NULL OR tie_break IN ('casting_vote', 'lot', 'rejected')));
-- create index "votes_agenda_item_id_key" to table: "votes"
CREATE UNIQUE INDEX `votes_agenda_item_id_key` ON `votes` (`agenda_item_id`);
-- create index "vote_agenda_item_id" to table: "votes"
CREATE UNIQUE INDEX `vote_agenda_item_id` ON `votes` (`agenda_item_id`);
-- create index "vote_assembly_id_state" to table: "votes"
CREATE INDEX `vote_assembly_id_state` ON `votes` (`assembly_id`, `state`);
-- create "vote_participations" table
CREATE TABLE `vote_participations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `recorded_by_user_id` integer NULL, `choice` text NULL, `vote_id` integer NOT NULL, `member_id` integer NOT NULL, `cast_by_member_id` integer NULL, CONSTRAINT `vote_participations_votes_participations` FOREIGN KEY (`vote_id`) REFERENCES `votes` (`id`) ON DELETE RESTRICT, CONSTRAINT `vote_participations_members_member` FOREIGN KEY (`member_id`) REFERENCES `members` (`id`) ON DELETE NO ACTION, CONSTRAINT `vote_participations_members_cast_by` FOREIGN KEY (`cast_by_member_id`) REFERENCES `members` (`id`) ON DELETE SET NULL, CONSTRAINT `vote_participation_choice_known` CHECK (choice IS NULL OR choice IN ('for', 'against', 'abstain')));
-- create index "voteparticipation_vote_id_member_id" to table: "vote_participations"
CREATE UNIQUE INDEX `voteparticipation_vote_id_member_id` ON `vote_participations` (`vote_id`, `member_id`);
-- create index "voteparticipation_vote_id_cast_by_member_id" to table: "vote_participations"
CREATE INDEX `voteparticipation_vote_id_cast_by_member_id` ON `vote_participations` (`vote_id`, `cast_by_member_id`);

-- +goose Down
-- reverse: create index "voteparticipation_vote_id_cast_by_member_id" to table: "vote_participations"
DROP INDEX `voteparticipation_vote_id_cast_by_member_id`;
-- reverse: create index "voteparticipation_vote_id_member_id" to table: "vote_participations"
DROP INDEX `voteparticipation_vote_id_member_id`;
-- reverse: create "vote_participations" table
DROP TABLE `vote_participations`;
-- reverse: create index "vote_assembly_id_state" to table: "votes"
DROP INDEX `vote_assembly_id_state`;
-- reverse: create index "vote_agenda_item_id" to table: "votes"
DROP INDEX `vote_agenda_item_id`;
-- reverse: create index "votes_agenda_item_id_key" to table: "votes"
DROP INDEX `votes_agenda_item_id_key`;
-- reverse: create "votes" table
DROP TABLE `votes`;
-- reverse: create "secret_ballots" table
DROP TABLE `secret_ballots`;
-- reverse: create index "rollentry_assembly_id_member_id" to table: "roll_entries"
DROP INDEX `rollentry_assembly_id_member_id`;
-- reverse: create "roll_entries" table
DROP TABLE `roll_entries`;
-- reverse: create index "quorumcheck_assembly_id_checked_at" to table: "quorum_checks"
DROP INDEX `quorumcheck_assembly_id_checked_at`;
-- reverse: create "quorum_checks" table
DROP TABLE `quorum_checks`;
-- reverse: create index "proxy_assembly_id_holder_member_id" to table: "proxies"
DROP INDEX `proxy_assembly_id_holder_member_id`;
-- reverse: create index "proxy_one_live_per_giver" to table: "proxies"
DROP INDEX `proxy_one_live_per_giver`;
-- reverse: create "proxies" table
DROP TABLE `proxies`;
-- reverse: create index "minutes_assembly_id_number" to table: "minutes"
DROP INDEX `minutes_assembly_id_number`;
-- reverse: create "minutes" table
DROP TABLE `minutes`;
-- reverse: create index "floorrequest_assembly_id_state_requested_at" to table: "floor_requests"
DROP INDEX `floorrequest_assembly_id_state_requested_at`;
-- reverse: create index "floor_request_one_waiting" to table: "floor_requests"
DROP INDEX `floor_request_one_waiting`;
-- reverse: create "floor_requests" table
DROP TABLE `floor_requests`;
-- reverse: create index "attendance_one_open_per_member" to table: "attendances"
DROP INDEX `attendance_one_open_per_member`;
-- reverse: create "attendances" table
DROP TABLE `attendances`;
-- reverse: create index "assemblydocument_assembly_id" to table: "assembly_documents"
DROP INDEX `assemblydocument_assembly_id`;
-- reverse: create "assembly_documents" table
DROP TABLE `assembly_documents`;
-- reverse: create index "assembly_state_starts_at" to table: "assemblies"
DROP INDEX `assembly_state_starts_at`;
-- reverse: create index "assemblies_first_convocation_id_key" to table: "assemblies"
DROP INDEX `assemblies_first_convocation_id_key`;
-- reverse: create "assemblies" table
DROP TABLE `assemblies`;
-- reverse: create index "agendaitem_assembly_id_position" to table: "agenda_items"
DROP INDEX `agendaitem_assembly_id_position`;
-- reverse: create "agenda_items" table
DROP TABLE `agenda_items`;
