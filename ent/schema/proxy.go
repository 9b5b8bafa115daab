package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Proxy (pouvoir) is a member on the roll asking another to vote for them
// at one assembly, and its fate: given, then accepted or refused by the
// holder; revoked by the giver before the deadline; lapsed when the giver
// attends in person; used once the holder has voted with it. Every proxy
// stays recorded whatever its fate. The partial unique index refuses a
// second live proxy from one giver, whatever the code does.
type Proxy struct{ ent.Schema }

// Annotations of the Proxy.
func (Proxy) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"proxy_state_known":   "state IN ('given', 'accepted', 'refused', 'revoked', 'lapsed', 'used')",
			"proxy_channel_known": "channel IN ('online', 'desk')",
			"proxy_not_to_self":   "giver_member_id <> holder_member_id",
			"proxy_answer_dated":  "state = 'given' OR answered_at IS NOT NULL",
		}),
	}
}

// Mixin of the Proxy.
func (Proxy) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Proxy.
func (Proxy) Fields() []ent.Field {
	return []ent.Field{
		field.Int("assembly_id").Immutable(),
		field.Int("giver_member_id").Immutable(),
		field.Int("holder_member_id").Immutable(),
		field.Enum("state").Values("given", "accepted", "refused", "revoked", "lapsed", "used").Default("given"),
		// channel: given online by the member, or a paper proxy recorded
		// at the desk by the meeting's secretary (accepted at once).
		field.Enum("channel").Values("online", "desk").Default("online").Immutable(),
		field.Time("given_at").Immutable(),
		// answered_at: when it left the given state (accepted, refused,
		// revoked or lapsed before an answer).
		field.Time("answered_at").Optional().Nillable(),
		// ended_at: when an accepted proxy was revoked, lapsed or used.
		field.Time("ended_at").Optional().Nillable(),
		field.Int("recorded_by_user_id").Optional().Nillable().Immutable(),
	}
}

// Edges of the Proxy.
func (Proxy) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("assembly", Assembly.Type).Ref("proxies").Field("assembly_id").Unique().Required().Immutable(),
		edge.To("giver", Member.Type).Field("giver_member_id").Unique().Required().Immutable(),
		edge.To("holder", Member.Type).Field("holder_member_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Proxy.
func (Proxy) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("assembly_id", "giver_member_id").Unique().StorageKey("proxy_one_live_per_giver").
			Annotations(entsql.IndexWhere("state = 'given' OR state = 'accepted' OR state = 'used'")),
		index.Fields("assembly_id", "holder_member_id"),
	}
}
