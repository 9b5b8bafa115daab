package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Assembly is a general assembly of the members: convened under the
// statutes version in force at convocation (statutes_version_id), whose
// rules then never change under it, held on a date at a place and/or
// online, opened, and closed. Its life is draft → convened → open →
// closed; a convened assembly may be cancelled, and an opened one whose
// quorum is missed is adjourned and followed by a second convocation
// (first_convocation_id on the second one). A closed assembly is never
// changed again: corrections are addenda to its minutes.
type Assembly struct{ ent.Schema }

// Annotations of the Assembly.
func (Assembly) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"assembly_kind_known":  "kind IN ('constitutive', 'ordinary', 'extraordinary')",
			"assembly_state_known": "state IN ('draft', 'convened', 'open', 'adjourned', 'closed', 'cancelled')",
			// A convened assembly was convened on a recorded day, and has
			// somewhere to be held.
			"assembly_convened_dated": "state = 'draft' OR convened_at IS NOT NULL",
			"assembly_has_a_venue":    "state = 'draft' OR place <> '' OR online_url <> ''",
			"assembly_opened_dated":   "state NOT IN ('open', 'adjourned', 'closed') OR opened_at IS NOT NULL",
			"assembly_closed_dated":   "state <> 'closed' OR closed_at IS NOT NULL",
			"assembly_ends_after":     "ends_at IS NULL OR ends_at > starts_at",
			// The frozen roll is stored with its hash.
			"assembly_roll_hashed": "roll_taken_at IS NULL OR roll_hash <> ''",
		}),
	}
}

// Mixin of the Assembly.
func (Assembly) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Assembly.
func (Assembly) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Values("constitutive", "ordinary", "extraordinary").Immutable(),
		// statutes_version_id pins the rules the assembly follows: the
		// version in force when it was convened.
		field.Int("statutes_version_id"),
		field.String("title").Default(""),
		// lang is the language of the minutes.
		field.String("lang").Default("fr").MaxLen(5),
		field.Time("starts_at"),
		field.Time("ends_at").Optional().Nillable(),
		field.Text("place").Default(""),
		field.String("online_url").Default("").MaxLen(2000),
		// The bureau of the meeting: by default the president and the
		// secretary general, changeable at the opening.
		field.Int("chair_member_id").Optional().Nillable(),
		field.Int("secretary_member_id").Optional().Nillable(),
		field.Enum("state").Values("draft", "convened", "open", "adjourned", "closed", "cancelled").Default("draft"),
		// first_convocation_id is set on a second convocation: the
		// assembly whose quorum was missed.
		field.Int("first_convocation_id").Optional().Nillable().Immutable(),
		field.Int("created_by_user_id").Optional().Nillable().Immutable(),
		field.Time("convened_at").Optional().Nillable(),
		field.Int("convened_by_user_id").Optional().Nillable(),
		field.Time("reminder_sent_at").Optional().Nillable(),
		field.Time("opened_at").Optional().Nillable(),
		field.Time("closed_at").Optional().Nillable(),
		field.Time("cancelled_at").Optional().Nillable(),
		// The electoral roll, frozen at the statutes' cut-off (roll_entry
		// rows), and the SHA-256 of its canonical form.
		field.Time("roll_taken_at").Optional().Nillable(),
		field.String("roll_hash").Default(""),
	}
}

// Edges of the Assembly.
func (Assembly) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("statutes_version", StatutesVersion.Type).Field("statutes_version_id").Unique().Required(),
		edge.To("chair", Member.Type).Field("chair_member_id").Unique(),
		edge.To("secretary", Member.Type).Field("secretary_member_id").Unique(),
		edge.To("second_convocation", Assembly.Type).Unique().
			From("first_convocation").Field("first_convocation_id").Unique().Immutable(),
		edge.To("agenda_items", AgendaItem.Type).Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("documents", AssemblyDocument.Type).Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("roll_entries", RollEntry.Type).Annotations(entsql.OnDelete(entsql.Restrict)),
		edge.To("proxies", Proxy.Type).Annotations(entsql.OnDelete(entsql.Restrict)),
		edge.To("attendances", Attendance.Type).Annotations(entsql.OnDelete(entsql.Restrict)),
		edge.To("votes", Vote.Type).Annotations(entsql.OnDelete(entsql.Restrict)),
		edge.To("quorum_checks", QuorumCheck.Type).Annotations(entsql.OnDelete(entsql.Restrict)),
		edge.To("floor_requests", FloorRequest.Type).Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("minutes", Minutes.Type).Annotations(entsql.OnDelete(entsql.Restrict)),
	}
}

// Indexes of the Assembly.
func (Assembly) Indexes() []ent.Index {
	return []ent.Index{index.Fields("state", "starts_at")}
}
