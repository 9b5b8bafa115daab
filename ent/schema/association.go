package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Association is the one association this installation serves: its names in
// the three languages, its seat, how to reach it and its legal registration.
// Lengths are checked in characters by the association service (Ent's MaxLen
// counts bytes, which would cut Arabic text at half the length).
type Association struct{ ent.Schema }

// Annotations of the Association: the singleton column may only be true and is
// unique, so the table can never hold a second association.
func (Association) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{"association_singleton": "singleton = true"}),
	}
}

// Mixin of the Association.
func (Association) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Association.
func (Association) Fields() []ent.Field {
	return []ent.Field{
		field.Bool("singleton").Default(true).Immutable(),
		field.String("name_fr").NotEmpty(),
		field.String("name_ar").Default(""),
		field.String("name_en").Default(""),
		field.String("short_name_fr").Default(""),
		field.String("short_name_ar").Default(""),
		field.String("short_name_en").Default(""),
		field.Text("purpose_fr").Default(""),
		field.Text("purpose_ar").Default(""),
		field.Text("purpose_en").Default(""),
		field.String("seat_address").Default(""),
		field.String("seat_city").Default(""),
		field.String("seat_country").Default("MA"),
		field.String("email").Default(""),
		field.String("phone").Default(""),
		field.String("website").Default(""),
		field.String("registration_authority").Default(""),
		field.String("registration_number").Default(""),
		field.Time("registration_date").Optional().Nillable(),
		field.Time("founded_on").Optional().Nillable(),
		// Member numbers are this prefix and a sequential number.
		field.String("member_number_prefix").Default(""),
	}
}

// Indexes of the Association.
func (Association) Indexes() []ent.Index {
	return []ent.Index{index.Fields("singleton").Unique()}
}
