package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// FloorRequest is a member attending online asking for the floor; the
// chair sees the queue in order and gives the floor. A member waits in
// the queue at most once at a time.
type FloorRequest struct{ ent.Schema }

// Annotations of the FloorRequest.
func (FloorRequest) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"floor_request_state_known": "state IN ('waiting', 'speaking', 'done', 'withdrawn')",
		}),
	}
}

// Fields of the FloorRequest.
func (FloorRequest) Fields() []ent.Field {
	return []ent.Field{
		field.Int("assembly_id").Immutable(),
		field.Int("member_id").Immutable(),
		field.Enum("state").Values("waiting", "speaking", "done", "withdrawn").Default("waiting"),
		field.Time("requested_at").Immutable(),
		field.Time("answered_at").Optional().Nillable(),
	}
}

// Edges of the FloorRequest.
func (FloorRequest) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("assembly", Assembly.Type).Ref("floor_requests").Field("assembly_id").Unique().Required().Immutable(),
		edge.To("member", Member.Type).Field("member_id").Unique().Required().Immutable(),
	}
}

// Indexes of the FloorRequest.
func (FloorRequest) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("assembly_id", "member_id").Unique().StorageKey("floor_request_one_waiting").
			Annotations(entsql.IndexWhere("state = 'waiting' OR state = 'speaking'")),
		index.Fields("assembly_id", "state", "requested_at"),
	}
}
