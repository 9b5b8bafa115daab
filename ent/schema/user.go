package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// User is a sign-in account. Emails are stored lower-cased, so the unique
// index makes them unique regardless of case.
type User struct{ ent.Schema }

// Annotations of the User.
func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"user_language_known": "preferred_language IN ('fr', 'ar', 'en')",
		}),
	}
}

// Mixin of the User.
func (User) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the User.
func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").NotEmpty().MaxLen(254).Unique(),
		field.String("display_name").Default(""),
		field.String("password_hash").Sensitive().NotEmpty(),
		field.String("preferred_language").Default("fr").MaxLen(5),
		field.Bool("is_admin").Default(false),
		field.Bool("disabled").Default(false),
		field.Time("password_changed_at").Default(nowUTC),
		field.Time("last_sign_in_at").Optional().Nillable(),
	}
}

// Edges of the User.
func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("account_tokens", AccountToken.Type).Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("sessions", Session.Type).
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}
