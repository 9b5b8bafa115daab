package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// PendingApplication is an application whose address is not confirmed yet.
// Nothing of it reaches the board, the roster or the accounts until the
// link mailed to its address is followed; then the account and the
// applicant are created from it and the row is deleted. Only the link's
// SHA-256 is stored. Rows past expires_at are never confirmed and are
// purged by the daily checks.
type PendingApplication struct{ ent.Schema }

// Annotations of the PendingApplication.
func (PendingApplication) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"pending_application_expiry": "expires_at > created_at",
		}),
	}
}

// Fields of the PendingApplication.
func (PendingApplication) Fields() []ent.Field {
	return []ent.Field{
		field.String("token_hash").NotEmpty().MaxLen(64).Unique().Immutable().Sensitive(),
		// email is normalised (lower case), as the account will have it.
		field.String("email").NotEmpty().MaxLen(254).Immutable(),
		// form holds the application's fields as typed (validated), as a
		// JSON object by form field name (bytes, as the other JSON columns,
		// so both drivers store it alike).
		field.Bytes("form").Immutable(),
		field.String("password_hash").NotEmpty().Sensitive().Immutable(),
		field.String("language").MaxLen(5).Immutable(),
		field.Time("created_at").Default(nowUTC).Immutable(),
		field.Time("expires_at").Immutable(),
	}
}

// Indexes of the PendingApplication.
func (PendingApplication) Indexes() []ent.Index {
	return []ent.Index{index.Fields("expires_at"), index.Fields("email")}
}
