package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// MemberEvent is one step of a member's history: an application decision or
// a change of status, with who decided, when, why, and the board decision it
// rests on. Rows are only ever added.
type MemberEvent struct{ ent.Schema }

// Annotations of the MemberEvent: an exclusion records when the member was
// heard.
func (MemberEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"member_event_exclusion_heard": "to_status <> 'excluded' OR heard_on IS NOT NULL",
		}),
	}
}

// Fields of the MemberEvent.
func (MemberEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int("member_id").Immutable(),
		// kind: applied, info_requested, approved, rejected, status_changed,
		// category_changed, imported, anonymised.
		field.String("kind").NotEmpty().Immutable(),
		field.String("from_status").Default("").Immutable(),
		field.String("to_status").Default("").Immutable(),
		field.Time("at").Default(nowUTC).Immutable(),
		field.Int("by_user_id").Optional().Nillable().Immutable(),
		field.Text("reason").Default("").Immutable(),
		field.String("decision_reference").Default("").Immutable(),
		field.Time("heard_on").Optional().Nillable().Immutable(),
		// changes lists the fields an applicant corrected when answering
		// the board's question (info_answered), each with its old and new
		// value, so the board sees what moved (members.FieldChange as a
		// JSON array, kept as bytes: lib/pq sends bytes in binary, which a
		// jsonb column refuses).
		field.Bytes("changes").Optional().Immutable(),
	}
}

// Edges of the MemberEvent.
func (MemberEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("member", Member.Type).Ref("events").Field("member_id").Unique().Required().Immutable(),
	}
}

// Indexes of the MemberEvent.
func (MemberEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("member_id", "at")}
}
