package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// SignInThrottle counts recent failed sign-ins for one key: an email address
// ("email:…", whether or not an account has it, so locking reveals nothing)
// or a client address ("ip:…"). Kept in the database so that every app
// instance sees the same count.
type SignInThrottle struct{ ent.Schema }

// Annotations of the SignInThrottle.
func (SignInThrottle) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{"signin_throttle_failures_positive": "failures >= 0"}),
	}
}

// Fields of the SignInThrottle.
func (SignInThrottle) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").NotEmpty().MaxLen(300).Unique().Immutable(),
		field.Int("failures").Default(0),
		field.Time("window_started_at"),
		field.Time("locked_until").Optional().Nillable(),
	}
}

// Indexes of the SignInThrottle.
func (SignInThrottle) Indexes() []ent.Index {
	return []ent.Index{index.Fields("window_started_at")}
}
