package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// RollEntry is one member's line of an assembly's electoral roll, frozen
// when the roll was taken (Assembly.roll_taken_at) by the electorate's
// rules: whether they may vote, whether they count for quorum, and, when
// they may not vote, why. Entries are written once and never updated.
type RollEntry struct{ ent.Schema }

// Annotations of the RollEntry.
func (RollEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			// A member refused the vote is refused for a reason.
			"roll_entry_reason": "may_vote OR reason <> ''",
		}),
	}
}

// Fields of the RollEntry.
func (RollEntry) Fields() []ent.Field {
	return []ent.Field{
		field.Int("assembly_id").Immutable(),
		field.Int("member_id").Immutable(),
		field.Bool("may_vote").Immutable(),
		field.Bool("counts_for_quorum").Immutable(),
		// reason is the electorate's translation key when may_vote is false.
		field.String("reason").Default("").Immutable(),
	}
}

// Edges of the RollEntry.
func (RollEntry) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("assembly", Assembly.Type).Ref("roll_entries").Field("assembly_id").Unique().Required().Immutable(),
		edge.To("member", Member.Type).Field("member_id").Unique().Required().Immutable(),
	}
}

// Indexes of the RollEntry.
func (RollEntry) Indexes() []ent.Index {
	return []ent.Index{index.Fields("assembly_id", "member_id").Unique()}
}
