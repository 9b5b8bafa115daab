package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// QuorumCheck is the quorum as it stood at a moment it mattered: the
// opening of the meeting, and the opening of each vote (a decision's own
// quorum applies to it). The minutes print them.
type QuorumCheck struct{ ent.Schema }

// Annotations of the QuorumCheck.
func (QuorumCheck) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"quorum_check_moment_known": "moment IN ('opening', 'vote')",
			"quorum_check_vote_named":   "((moment = 'vote' AND agenda_item_id IS NOT NULL) OR (moment = 'opening' AND agenda_item_id IS NULL))",
		}),
	}
}

// Fields of the QuorumCheck.
func (QuorumCheck) Fields() []ent.Field {
	return []ent.Field{
		field.Int("assembly_id").Immutable(),
		field.Enum("moment").Values("opening", "vote").Immutable(),
		// agenda_item_id: the resolution whose vote was about to open.
		field.Int("agenda_item_id").Optional().Nillable().Immutable(),
		field.Time("checked_at").Immutable(),
		// Members counting for quorum: present in person, present online
		// (whether they count is the statutes' rule), represented by a
		// present holder; counted is what the rule counts; basis is the
		// members the quorum is a share of; required is how many it takes.
		field.Int("in_person").Immutable(),
		field.Int("online").Immutable(),
		field.Int("represented").Immutable(),
		field.Int("counted").Immutable(),
		field.Int("basis").Immutable(),
		field.Int("required").Immutable(),
		field.Bool("met").Immutable(),
	}
}

// Edges of the QuorumCheck.
func (QuorumCheck) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("assembly", Assembly.Type).Ref("quorum_checks").Field("assembly_id").Unique().Required().Immutable(),
	}
}

// Indexes of the QuorumCheck.
func (QuorumCheck) Indexes() []ent.Index {
	return []ent.Index{index.Fields("assembly_id", "checked_at")}
}
