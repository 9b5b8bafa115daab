package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// StatutesVersion is one version of the statutes: the articles' text and the
// governance rules the software enforces (stored as JSON, validated by
// internal/governance). A version starts as a draft and comes into force on
// a recorded adoption; adopted versions are never edited. The partial unique
// index keeps at most one version in force, whatever the code does.
type StatutesVersion struct{ ent.Schema }

// Annotations of the StatutesVersion.
func (StatutesVersion) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"statutes_status_known":      "status IN ('draft', 'in_force', 'superseded')",
			"statutes_adoption_recorded": "status = 'draft' OR (adopted_on IS NOT NULL AND adoption_reference <> '')",
		}),
	}
}

// Mixin of the StatutesVersion.
func (StatutesVersion) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the StatutesVersion.
func (StatutesVersion) Fields() []ent.Field {
	return []ent.Field{
		field.Int("number").Positive().Unique().Immutable(),
		field.Enum("status").Values("draft", "in_force", "superseded").Default("draft"),
		field.String("title").Default(""),
		field.Text("text_fr").Default(""),
		field.Text("text_ar").Default(""),
		field.Text("text_en").Default(""),
		// rules is the JSON of governance.Rules.
		field.Bytes("rules"),
		field.Time("adopted_on").Optional().Nillable(),
		// adoption_reference names the assembly resolution that adopted it.
		field.String("adoption_reference").Default(""),
		field.Int("recorded_by_id").Optional().Nillable(),
		field.Time("in_force_since").Optional().Nillable(),
		field.Time("superseded_at").Optional().Nillable(),
	}
}

// Indexes of the StatutesVersion.
func (StatutesVersion) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("status").Unique().
			Annotations(entsql.IndexWhere("status = 'in_force'")).
			StorageKey("statutes_one_in_force"),
	}
}
