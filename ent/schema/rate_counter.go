package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// RateCounter counts the uses of something limited per window, for one
// key ("apply-ip:…", "apply-email:…"). Kept in the database so that every
// app instance counts against the same limit; the increment is one atomic
// upsert.
type RateCounter struct{ ent.Schema }

// Annotations of the RateCounter.
func (RateCounter) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{"rate_counter_uses_positive": "uses >= 0"}),
	}
}

// Fields of the RateCounter.
func (RateCounter) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").NotEmpty().MaxLen(300).Unique().Immutable(),
		field.Int("uses").Default(0),
		field.Time("window_started_at"),
	}
}

// Indexes of the RateCounter.
func (RateCounter) Indexes() []ent.Index {
	return []ent.Index{index.Fields("window_started_at")}
}
