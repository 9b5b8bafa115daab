package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// VoteParticipation records that a member's vote was cast in a vote:
// member_id is the elector (the member themselves, or the giver of a
// proxy), cast_by_member_id who cast it online (the holder, for a proxy),
// recorded_by_user_id the secretary who recorded a roll-call vote given
// aloud. The unique index is what makes "vote once" hold under any
// concurrency. choice is set for roll-call votes only, which are public;
// a secret vote's content is a SecretBallot, stored apart with nothing
// that links the two. The row has no timestamp on purpose.
type VoteParticipation struct{ ent.Schema }

// Annotations of the VoteParticipation.
func (VoteParticipation) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"vote_participation_choice_known": "choice IS NULL OR choice IN ('for', 'against', 'abstain')",
		}),
	}
}

// Fields of the VoteParticipation.
func (VoteParticipation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("vote_id").Immutable(),
		field.Int("member_id").Immutable(),
		field.Int("cast_by_member_id").Optional().Nillable().Immutable(),
		field.Int("recorded_by_user_id").Optional().Nillable().Immutable(),
		field.Enum("choice").Values("for", "against", "abstain").Optional().Nillable().Immutable(),
	}
}

// Edges of the VoteParticipation.
func (VoteParticipation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("vote", Vote.Type).Ref("participations").Field("vote_id").Unique().Required().Immutable(),
		edge.To("member", Member.Type).Field("member_id").Unique().Required().Immutable(),
		edge.To("cast_by", Member.Type).Field("cast_by_member_id").Unique().Immutable(),
	}
}

// Indexes of the VoteParticipation.
func (VoteParticipation) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("vote_id", "member_id").Unique(),
		index.Fields("vote_id", "cast_by_member_id"),
	}
}
