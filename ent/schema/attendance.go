package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Attendance is one stay of a member at an assembly (a line of the
// feuille de présence): in person, checked in by the meeting's secretary,
// or online, marked by the member's own sign-in; from arrival to
// departure. A member who leaves and comes back has two lines; the
// partial unique index keeps at most one open line per member.
type Attendance struct{ ent.Schema }

// Annotations of the Attendance.
func (Attendance) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"attendance_mode_known": "mode IN ('in_person', 'online')",
			"attendance_order":      "left_at IS NULL OR left_at >= arrived_at",
		}),
	}
}

// Fields of the Attendance.
func (Attendance) Fields() []ent.Field {
	return []ent.Field{
		field.Int("assembly_id").Immutable(),
		field.Int("member_id").Immutable(),
		field.Enum("mode").Values("in_person", "online").Immutable(),
		field.Time("arrived_at").Immutable(),
		field.Time("left_at").Optional().Nillable(),
		// recorded_by_user_id is the secretary who checked the member in;
		// empty when the member marked their own online presence.
		field.Int("recorded_by_user_id").Optional().Nillable().Immutable(),
	}
}

// Edges of the Attendance.
func (Attendance) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("assembly", Assembly.Type).Ref("attendances").Field("assembly_id").Unique().Required().Immutable(),
		edge.To("member", Member.Type).Field("member_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Attendance.
func (Attendance) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("assembly_id", "member_id").Unique().StorageKey("attendance_one_open_per_member").
			Annotations(entsql.IndexWhere("left_at IS NULL")),
	}
}
