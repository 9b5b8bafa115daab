package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// SecretBallot is the content of one secret vote: the choice, and nothing
// else — no voter, no time. It is written in the same transaction as the
// voter's VoteParticipation, so that a vote is stored with its
// participation or not at all; while the vote is open its id and position
// follow the order of casting. The closing transaction rewrites every
// ballot of the vote in random order and removes the rows written at
// casting, so that afterwards nothing stored links a ballot to a voter
// (docs/secret-ballot.md says what remains visible, and to whom).
type SecretBallot struct{ ent.Schema }

// Annotations of the SecretBallot.
func (SecretBallot) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"secret_ballot_choice_known": "choice IN ('for', 'against', 'abstain')",
		}),
	}
}

// Fields of the SecretBallot.
func (SecretBallot) Fields() []ent.Field {
	return []ent.Field{
		field.Int("vote_id").Immutable(),
		field.Enum("choice").Values("for", "against", "abstain").Immutable(),
	}
}

// Edges of the SecretBallot.
func (SecretBallot) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("vote", Vote.Type).Ref("secret_ballots").Field("vote_id").Unique().Required().Immutable(),
	}
}
