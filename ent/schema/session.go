package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Session is a signed-in browser. The cookie carries a random token; only its
// SHA-256 is stored, so a leaked database does not leak usable sessions.
// Revoking a session deletes its row.
type Session struct{ ent.Schema }

// Fields of the Session.
func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.String("token_hash").NotEmpty().MaxLen(64).Unique().Immutable().Sensitive(),
		field.Int("user_id").Immutable(),
		field.Time("created_at").Default(nowUTC).Immutable(),
		field.Time("last_seen_at").Default(nowUTC),
		field.Time("expires_at"),
		field.String("ip").Default("").MaxLen(64),
		field.String("user_agent").Default("").MaxLen(300),
	}
}

// Edges of the Session.
func (Session) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("sessions").Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Session.
func (Session) Indexes() []ent.Index {
	return []ent.Index{index.Fields("user_id"), index.Fields("expires_at")}
}
