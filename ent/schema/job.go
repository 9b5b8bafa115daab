package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Job is a unit of background work (send a mail, run the daily checks),
// stored in the application's database so that it is enqueued in the same
// transaction as the change that causes it and survives restarts. A worker
// leases a job by setting lease and locked_until in one conditional update;
// another instance takes it over only once the lease has expired.
type Job struct{ ent.Schema }

// Annotations of the Job.
func (Job) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"job_attempts":      "attempts >= 0 AND max_attempts >= 1",
			"job_running_lease": "status <> 'running' OR (lease <> '' AND locked_until IS NOT NULL)",
		}),
	}
}

// Fields of the Job.
func (Job) Fields() []ent.Field {
	return []ent.Field{
		// kind names the handler: mail.send, daily…
		field.String("kind").NotEmpty().MaxLen(64).Immutable(),
		field.Bytes("payload").Immutable(),
		field.Enum("status").Values("pending", "running", "done", "failed").Default("pending"),
		field.Int("attempts").Default(0),
		field.Int("max_attempts").Default(8),
		// run_at is when the job may run next (later after a failure).
		field.Time("run_at").Default(nowUTC),
		field.String("lease").Default(""),
		field.Time("locked_until").Optional().Nillable(),
		field.Text("last_error").Default(""),
		// unique_key makes enqueueing idempotent: the daily run of a given
		// day is enqueued once however many instances try.
		field.String("unique_key").Optional().Nillable().Immutable().Unique(),
		field.Time("created_at").Default(nowUTC).Immutable(),
		field.Time("finished_at").Optional().Nillable(),
	}
}

// Indexes of the Job: the worker looks for due jobs by status and time.
func (Job) Indexes() []ent.Index {
	return []ent.Index{index.Fields("status", "run_at"), index.Fields("kind", "status")}
}
