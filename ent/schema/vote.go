package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Vote is the assembly's vote on one resolution of its agenda, in the mode
// the chair chose within the statutes: show of hands (the secretary
// records the counts), roll-call (named, public votes) or secret ballot
// online. The chair opens it (after the quorum is checked again, a
// quorum_check row) and closes it; the closing writes the counts, the
// majority required and the outcome, ties settled by the statutes' rule.
// One agenda item is voted at most once.
type Vote struct{ ent.Schema }

// Annotations of the Vote.
func (Vote) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"vote_mode_known":    "mode IN ('show_of_hands', 'roll_call', 'secret')",
			"vote_state_known":   "state IN ('open', 'closed')",
			"vote_outcome_known": "outcome IS NULL OR outcome IN ('adopted', 'rejected')",
			"vote_tie_known":     "tie_break IS NULL OR tie_break IN ('casting_vote', 'lot', 'rejected')",
			"vote_casting_known": "casting_vote IS NULL OR casting_vote IN ('for', 'against')",
			// A closed vote has its date, its counts and its outcome.
			"vote_closed_complete": "state = 'open' OR (closed_at IS NOT NULL AND outcome IS NOT NULL AND " +
				"votes_for IS NOT NULL AND votes_against IS NOT NULL AND abstentions IS NOT NULL AND required IS NOT NULL)",
			"vote_counts_non_negative": "COALESCE(votes_for, 0) >= 0 AND COALESCE(votes_against, 0) >= 0 AND COALESCE(abstentions, 0) >= 0",
		}),
	}
}

// Fields of the Vote.
func (Vote) Fields() []ent.Field {
	return []ent.Field{
		field.Int("assembly_id").Immutable(),
		field.Int("agenda_item_id").Immutable(),
		field.Enum("mode").Values("show_of_hands", "roll_call", "secret").Immutable(),
		field.Enum("state").Values("open", "closed").Default("open"),
		field.Time("opened_at").Immutable(),
		field.Int("opened_by_user_id").Optional().Nillable().Immutable(),
		// At the opening: the votes that may be cast (voting members
		// present and the proxies they hold), the voting members present
		// or represented, and all the voting members of the roll — the
		// bases of the statutes' majorities.
		field.Int("electors").Immutable(),
		field.Int("present_or_represented").Immutable(),
		field.Int("members").Immutable(),
		field.Time("closed_at").Optional().Nillable(),
		field.Int("closed_by_user_id").Optional().Nillable(),
		field.Int("votes_for").Optional().Nillable(),
		field.Int("votes_against").Optional().Nillable(),
		field.Int("abstentions").Optional().Nillable(),
		// participants: how many votes were cast online (roll-call and
		// secret), equal to the participation rows.
		field.Int("participants").Optional().Nillable(),
		// required: the votes for the majority needed.
		field.Int("required").Optional().Nillable(),
		field.Enum("outcome").Values("adopted", "rejected").Optional().Nillable(),
		// tie_break says how a tie was settled, by the statutes' rule;
		// casting_vote is the president's when that is the rule.
		field.Enum("tie_break").Values("casting_vote", "lot", "rejected").Optional().Nillable(),
		field.Enum("casting_vote").Values("for", "against").Optional().Nillable(),
	}
}

// Edges of the Vote.
func (Vote) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("assembly", Assembly.Type).Ref("votes").Field("assembly_id").Unique().Required().Immutable(),
		edge.From("agenda_item", AgendaItem.Type).Ref("vote").Field("agenda_item_id").Unique().Required().Immutable(),
		edge.To("participations", VoteParticipation.Type).Annotations(entsql.OnDelete(entsql.Restrict)),
		edge.To("secret_ballots", SecretBallot.Type).Annotations(entsql.OnDelete(entsql.Restrict)),
	}
}

// Indexes of the Vote.
func (Vote) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("agenda_item_id").Unique(),
		index.Fields("assembly_id", "state"),
	}
}
