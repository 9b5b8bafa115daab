package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// SignInThrottle counts recent failed password checks for one key: an
// account and a client together ("pair:<email>|ip:…" or "|device:…"), an
// account from every client ("account:<email>", whether or not an account
// has the email, so locking reveals nothing), a client address ("ip:…"), or
// a session checking its account's password ("password-check:…"). Kept in
// the database so that every app instance sees the same count.
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
		field.String("key").NotEmpty().MaxLen(400).Unique().Immutable(),
		field.Int("failures").Default(0),
		field.Time("window_started_at"),
		field.Time("locked_until").Optional().Nillable(),
	}
}

// Indexes of the SignInThrottle.
func (SignInThrottle) Indexes() []ent.Index {
	return []ent.Index{index.Fields("window_started_at")}
}
