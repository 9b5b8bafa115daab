package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// LeaveRequest is a member's request to leave the association, from the
// day they ask until it is decided: accepted (the member is recorded as
// resigned by the same decision), withdrawn by the member, or closed when
// the member left otherwise (excluded, deceased). A member has at most
// one open request: a partial unique index keeps it so.
type LeaveRequest struct{ ent.Schema }

// Annotations of the LeaveRequest.
func (LeaveRequest) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"leave_request_state_known": "state IN ('open', 'accepted', 'withdrawn', 'closed')",
			// A request leaves the open state only with its decision's date.
			"leave_request_decided_dated": "state = 'open' OR decided_at IS NOT NULL",
		}),
	}
}

// Fields of the LeaveRequest.
func (LeaveRequest) Fields() []ent.Field {
	return []ent.Field{
		field.Int("member_id").Immutable(),
		field.Enum("state").Values("open", "accepted", "withdrawn", "closed").Default("open"),
		// reason is the member's, as they wrote it.
		field.Text("reason").Default("").Immutable(),
		field.Time("requested_at").Immutable(),
		field.Int("requested_by_user_id").Optional().Nillable().Immutable(),
		field.Time("decided_at").Optional().Nillable(),
		field.Int("decided_by_user_id").Optional().Nillable(),
		field.Text("decision_reason").Default(""),
		field.String("decision_reference").Default(""),
	}
}

// Edges of the LeaveRequest.
func (LeaveRequest) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("member", Member.Type).Ref("leave_requests").Field("member_id").Unique().Required().Immutable(),
	}
}

// Indexes of the LeaveRequest.
func (LeaveRequest) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("member_id").Unique().StorageKey("leave_request_one_open").
			Annotations(entsql.IndexWhere("state = 'open'")),
		index.Fields("state", "requested_at"),
	}
}
