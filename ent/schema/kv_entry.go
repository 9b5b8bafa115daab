package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// KVEntry is a small expiring key/value pair shared by all app instances.
// The CSRF middleware keeps its tokens here, so a form served by one instance
// can be posted to another.
type KVEntry struct{ ent.Schema }

// Fields of the KVEntry.
func (KVEntry) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").NotEmpty().MaxLen(300).Unique(),
		field.Bytes("value").MaxLen(4096),
		field.Time("expires_at").Optional().Nillable(),
	}
}

// Indexes of the KVEntry.
func (KVEntry) Indexes() []ent.Index {
	return []ent.Index{index.Fields("expires_at")}
}
