package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Minutes are an assembly's procès-verbal (number 0) or an addendum to it
// (numbers 1, 2…): what happened, generated from the records, with
// editable narrative parts; approved by the chair and by the secretary of
// the meeting, each approval recorded with who and when; then published
// to members. Approved minutes keep the snapshot they were approved on,
// so that what was signed never changes.
type Minutes struct{ ent.Schema }

// Annotations of the Minutes.
func (Minutes) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"minutes_number":             "number >= 0",
			"minutes_published_approved": "published_at IS NULL OR (chair_approved_at IS NOT NULL AND secretary_approved_at IS NOT NULL)",
		}),
	}
}

// Mixin of the Minutes.
func (Minutes) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Minutes.
func (Minutes) Fields() []ent.Field {
	return []ent.Field{
		field.Int("assembly_id").Immutable(),
		field.Int("number").Immutable(),
		// narrative holds the editable parts by key (the opening, each
		// agenda item's debate, the closing; an addendum's text).
		field.JSON("narrative", map[string]string{}).Optional(),
		// snapshot is the generated record the minutes were approved on.
		field.Bytes("snapshot").Optional().Nillable(),
		field.Time("chair_approved_at").Optional().Nillable(),
		field.Int("chair_approved_by_user_id").Optional().Nillable(),
		field.Time("secretary_approved_at").Optional().Nillable(),
		field.Int("secretary_approved_by_user_id").Optional().Nillable(),
		field.Time("published_at").Optional().Nillable(),
	}
}

// Edges of the Minutes.
func (Minutes) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("assembly", Assembly.Type).Ref("minutes").Field("assembly_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Minutes.
func (Minutes) Indexes() []ent.Index {
	return []ent.Index{index.Fields("assembly_id", "number").Unique()}
}
