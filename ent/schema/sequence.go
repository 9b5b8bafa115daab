package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// Sequence hands out numbers that are never reused (member numbers, and
// later receipt numbers per year). A number is taken by incrementing the row
// inside the transaction that uses it, so two instances never take the same.
type Sequence struct{ ent.Schema }

// Annotations of the Sequence.
func (Sequence) Annotations() []schema.Annotation {
	return []schema.Annotation{
		// The upper bound keeps every increment far from the 64-bit limit:
		// a sequence at its end refuses the next number (a constraint
		// error the code reports) instead of overflowing.
		entsql.Checks(map[string]string{
			"sequence_positive": "last_value >= 0",
			"sequence_bounded":  "last_value <= 1000000000000000",
		}),
	}
}

// Fields of the Sequence.
func (Sequence) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().Unique().Immutable(),
		field.Int64("last_value").Default(0),
	}
}
