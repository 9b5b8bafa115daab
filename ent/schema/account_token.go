package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AccountToken is a single-use link sent by mail: a password reset or an
// invitation to set a first password. Only the token's SHA-256 is stored;
// used_at is set by a conditional update, so a link works once even if it
// is clicked twice at the same moment.
type AccountToken struct{ ent.Schema }

// Annotations of the AccountToken.
func (AccountToken) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"account_token_expiry": "expires_at > created_at",
		}),
	}
}

// Fields of the AccountToken.
func (AccountToken) Fields() []ent.Field {
	return []ent.Field{
		field.String("token_hash").NotEmpty().MaxLen(64).Unique().Immutable().Sensitive(),
		field.Int("user_id").Immutable(),
		field.Enum("purpose").Values("password_reset", "invitation").Immutable(),
		field.Time("created_at").Default(nowUTC).Immutable(),
		field.Time("expires_at").Immutable(),
		field.Time("used_at").Optional().Nillable(),
		field.Int("created_by_user_id").Optional().Nillable().Immutable(),
	}
}

// Edges of the AccountToken.
func (AccountToken) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("account_tokens").Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the AccountToken.
func (AccountToken) Indexes() []ent.Index {
	return []ent.Index{index.Fields("user_id", "purpose", "created_at"), index.Fields("expires_at")}
}
