package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// ImportRun is a roster import run in the background by the job queue: what
// the board member asked (the uploaded file, the column mapping, the
// options), how far it is, and its outcome. It lives in the database so
// that any instance's worker can run it, any instance can show its
// progress, and a restart loses nothing. The import itself writes all rows
// or none, in one transaction that also records the run as done.
type ImportRun struct{ ent.Schema }

// Annotations of the ImportRun.
func (ImportRun) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"import_run_progress": "rows >= 0 AND checked >= 0 AND written >= 0 AND checked <= rows AND written <= rows",
			"import_run_finished": "status NOT IN ('done', 'failed') OR finished_at IS NOT NULL",
		}),
	}
}

// Fields of the ImportRun.
func (ImportRun) Fields() []ent.Field {
	return []ent.Field{
		// owner_id is the account that started the run: only it may see it.
		field.Int("owner_id").Immutable(),
		// pending: waiting for a worker (or for its retry); running; done:
		// a report or a refusal of the file; failed: retries exhausted.
		field.Enum("status").Values("pending", "running", "done", "failed").Default("pending"),
		field.Bool("dry_run").Immutable(),
		field.Bool("charge_dues").Immutable(),
		// mapping is the header chosen for each field (a JSON object, kept
		// as bytes like the report: lib/pq sends bytes in binary, which a
		// jsonb column refuses).
		field.Bytes("mapping").Immutable(),
		// file is the uploaded CSV, emptied once the run has finished.
		field.Bytes("file").Optional().Sensitive(),
		field.Int("rows").Default(0),
		field.Int("checked").Default(0),
		field.Int("written").Default(0),
		// report is the import's report (JSON), once done.
		field.Bytes("report").Optional(),
		// refusal is why the file was refused as a whole (JSON of the field
		// messages: unreadable, empty, no known column), once done.
		field.Bytes("refusal").Optional(),
		field.Time("created_at").Default(nowUTC).Immutable(),
		field.Time("updated_at").Default(nowUTC).UpdateDefault(nowUTC),
		field.Time("finished_at").Optional().Nillable(),
	}
}

// Edges of the ImportRun.
func (ImportRun) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("owner", User.Type).Field("owner_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the ImportRun: a board member's unfinished runs are counted
// before another starts; finished ones are removed after a day.
func (ImportRun) Indexes() []ent.Index {
	return []ent.Index{index.Fields("owner_id", "status"), index.Fields("finished_at")}
}
