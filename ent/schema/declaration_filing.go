package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// DeclarationFiling records that the association declared a change of its
// board or statutes to the local authority (Moroccan law asks for it within
// one month of the change). It covers every change up to covers_changes_on,
// so the board dashboard stops counting down once it is recorded.
type DeclarationFiling struct{ ent.Schema }

// Annotations of the DeclarationFiling.
func (DeclarationFiling) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{"declaration_filed_after_change": "filed_on >= covers_changes_on"}),
	}
}

// Fields of the DeclarationFiling.
func (DeclarationFiling) Fields() []ent.Field {
	return []ent.Field{
		// covers_changes_on is the date of the latest change declared.
		field.Time("covers_changes_on").Immutable(),
		field.Time("filed_on").Immutable(),
		// authority is the office the file was handed to (pachalik,
		// caïdat, préfecture).
		field.String("authority").NotEmpty().Immutable(),
		// receipt_reference is the number of the authority's receipt
		// (récépissé), empty until it is given.
		field.String("receipt_reference").Default("").Immutable(),
		field.Int("recorded_by_user_id").Optional().Nillable().Immutable(),
		field.Time("recorded_at").Default(nowUTC).Immutable(),
	}
}

// Indexes of the DeclarationFiling.
func (DeclarationFiling) Indexes() []ent.Index {
	// One filing per change: a second one for the same change is a
	// mistake, not a correction.
	return []ent.Index{index.Fields("covers_changes_on").Unique()}
}
