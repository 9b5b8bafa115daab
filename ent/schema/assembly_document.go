package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AssemblyDocument is a document sent with a convocation (a report, the
// accounts, a draft text), attached to the assembly or to one of its
// agenda items. Its bytes live in the database so that every app instance
// serves the same file; the checks bound its size and its type.
type AssemblyDocument struct{ ent.Schema }

// Annotations of the AssemblyDocument.
func (AssemblyDocument) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			// 10 MiB: the limit internal/assembly checks first, with a message.
			"assembly_document_size": "size > 0 AND size <= 10485760",
			"assembly_document_type": "content_type IN ('application/pdf', 'application/vnd.oasis.opendocument.text', " +
				"'application/vnd.oasis.opendocument.spreadsheet', " +
				"'application/vnd.openxmlformats-officedocument.wordprocessingml.document', " +
				"'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', " +
				"'text/plain', 'image/png', 'image/jpeg')",
		}),
	}
}

// Fields of the AssemblyDocument.
func (AssemblyDocument) Fields() []ent.Field {
	return []ent.Field{
		field.Int("assembly_id").Immutable(),
		field.Int("agenda_item_id").Optional().Nillable(),
		field.String("title").NotEmpty().MaxLen(300),
		field.String("file_name").NotEmpty().MaxLen(255),
		field.String("content_type"),
		field.Int("size"),
		// sha256 is the hex digest of data, for ETags and integrity.
		field.String("sha256"),
		field.Bytes("data").Immutable(),
		field.Time("uploaded_at").Immutable(),
		field.Int("uploaded_by_user_id").Optional().Nillable().Immutable(),
	}
}

// Edges of the AssemblyDocument.
func (AssemblyDocument) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("assembly", Assembly.Type).Ref("documents").Field("assembly_id").Unique().Required().Immutable(),
		edge.From("agenda_item", AgendaItem.Type).Ref("documents").Field("agenda_item_id").Unique(),
	}
}

// Indexes of the AssemblyDocument.
func (AssemblyDocument) Indexes() []ent.Index {
	return []ent.Index{index.Fields("assembly_id")}
}
