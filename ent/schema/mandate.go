package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Mandate is a member's term in a board position of the statutes: from its
// start to its end (a day it no longer confers the office's roles), and its
// source. A mandate ended early keeps its planned end and records ended_on.
type Mandate struct{ ent.Schema }

// Annotations of the Mandate.
func (Mandate) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"mandate_source_known": "source IN ('elected', 'co_opted', 'constitutive')",
			"mandate_office_known": "office IN ('president', 'vice_president', 'secretary_general', 'treasurer', 'assessor')",
			"mandate_dates_order":  "end_on > start_on",
			// Only a co-opted mandate is put to an assembly for ratification,
			// and the assembly either ratifies it or refuses it, not both.
			"mandate_ratification_co_opted": "source = 'co_opted' OR (ratified_on IS NULL AND ratification_refused_on IS NULL)",
			"mandate_ratification_once":     "ratified_on IS NULL OR ratification_refused_on IS NULL",
		}),
	}
}

// Mixin of the Mandate.
func (Mandate) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Mandate.
func (Mandate) Fields() []ent.Field {
	return []ent.Field{
		field.Int("member_id").Immutable(),
		// position is a board position code of the statutes in force.
		field.String("position").NotEmpty(),
		// office is the position's office when the mandate was given; it
		// decides the roles the mandate confers.
		field.Enum("office").Values("president", "vice_president", "secretary_general", "treasurer", "assessor"),
		field.Time("start_on"),
		field.Time("end_on"),
		field.Time("ended_on").Optional().Nillable(),
		field.Enum("source").Values("elected", "co_opted", "constitutive"),
		// source_reference names the assembly or board decision.
		field.String("source_reference").Default(""),
		// A co-opted mandate awaits ratification by the next assembly: it
		// is ratified, or refused (and then ends that day; what the member
		// did in office stays valid).
		field.Time("ratified_on").Optional().Nillable(),
		field.Time("ratification_refused_on").Optional().Nillable(),
		// ratification_reference names the assembly resolution.
		field.String("ratification_reference").Default(""),
		// end_reference names the board decision that ended the mandate
		// early, when one did (a member suspended or excluded loses their
		// office by the same decision).
		field.String("end_reference").Default(""),
	}
}

// Edges of the Mandate.
func (Mandate) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("member", Member.Type).Ref("mandates").Field("member_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Mandate.
func (Mandate) Indexes() []ent.Index {
	return []ent.Index{index.Fields("position", "start_on"), index.Fields("member_id")}
}
