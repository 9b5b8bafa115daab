// Package schema declares Majlis's data model. Invariants that must hold
// across app instances (uniqueness, references, allowed values) are declared
// here so that the database enforces them.
package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"
)

// TimeMixin records when a row was created and last updated.
type TimeMixin struct{ mixin.Schema }

// Fields of the TimeMixin.
func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Default(nowUTC).Immutable(),
		field.Time("updated_at").Default(nowUTC).UpdateDefault(nowUTC),
	}
}

// nowUTC is the default for every time column: UTC, so that times written
// under different offsets compare correctly on SQLite, which stores text.
func nowUTC() time.Time { return time.Now().UTC() }
