package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AgendaItem is one item of an assembly's agenda, in its order. A
// resolution carries its text and its decision kind, which fixes its
// majority and quorum from the statutes; a statutes amendment names the
// draft version it brings into force, a ratification the co-opted mandate
// it decides on. Nothing is voted that is not on the convened agenda.
type AgendaItem struct{ ent.Schema }

// Annotations of the AgendaItem.
func (AgendaItem) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"agenda_item_kind_known":     "kind IN ('information', 'debate', 'resolution', 'election')",
			"agenda_item_decision_known": "decision IS NULL OR decision IN ('ordinary_business', 'statutes_amendment', 'dissolution', 'ratification', 'board_election')",
			"agenda_item_position":       "position >= 1",
			// A resolution says what kind of decision it is; information
			// and debate decide nothing.
			"agenda_item_decides_by_kind": "((kind = 'resolution' AND decision IS NOT NULL AND decision <> 'board_election') OR " +
				"(kind = 'election' AND (decision IS NULL OR decision = 'board_election')) OR " +
				"(kind IN ('information', 'debate') AND decision IS NULL))",
			"agenda_item_ratifies_a_mandate": "decision IS NULL OR decision <> 'ratification' OR mandate_id IS NOT NULL",
		}),
	}
}

// Mixin of the AgendaItem.
func (AgendaItem) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the AgendaItem.
func (AgendaItem) Fields() []ent.Field {
	return []ent.Field{
		field.Int("assembly_id").Immutable(),
		field.Int("position"),
		field.Enum("kind").Values("information", "debate", "resolution", "election"),
		field.String("title").NotEmpty().MaxLen(300),
		// body is the item's presentation, or a resolution's text.
		field.Text("body").Default(""),
		field.Enum("decision").Values("ordinary_business", "statutes_amendment", "dissolution", "ratification", "board_election").Optional().Nillable(),
		// draft_statutes_version_id: the draft a statutes amendment
		// brings into force when adopted.
		field.Int("draft_statutes_version_id").Optional().Nillable(),
		// mandate_id: the co-opted mandate a ratification decides on.
		field.Int("mandate_id").Optional().Nillable(),
	}
}

// Edges of the AgendaItem.
func (AgendaItem) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("assembly", Assembly.Type).Ref("agenda_items").Field("assembly_id").Unique().Required().Immutable(),
		edge.To("draft_statutes", StatutesVersion.Type).Field("draft_statutes_version_id").Unique(),
		edge.To("mandate", Mandate.Type).Field("mandate_id").Unique(),
		edge.To("documents", AssemblyDocument.Type).Annotations(entsql.OnDelete(entsql.SetNull)),
		edge.To("vote", Vote.Type).Unique().Annotations(entsql.OnDelete(entsql.Restrict)),
	}
}

// Indexes of the AgendaItem.
func (AgendaItem) Indexes() []ent.Index {
	return []ent.Index{index.Fields("assembly_id", "position").Unique()}
}
