package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// MailMessage is one message to one recipient, rendered when it is queued
// and kept as the delivery log: what was sent to whom, about what, when,
// and whether it went out. The body is stored so that the log shows exactly
// what the recipient received; erasing a former member's data blanks the
// address and the content but keeps the row.
type MailMessage struct{ ent.Schema }

// Annotations of the MailMessage.
func (MailMessage) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"mail_message_sent_at": "status <> 'sent' OR sent_at IS NOT NULL",
		}),
	}
}

// Fields of the MailMessage.
func (MailMessage) Fields() []ent.Field {
	return []ent.Field{
		// kind names the template: application_received, password_reset…
		field.String("kind").NotEmpty().MaxLen(64).Immutable(),
		field.String("to_address").NotEmpty().MaxLen(254),
		field.String("to_name").Default(""),
		field.String("lang").MaxLen(5).Immutable(),
		field.Text("subject"),
		field.Text("text_body"),
		field.Text("html_body"),
		// headers and attachments as JSON: extra headers (List-Unsubscribe)
		// and files (name, content type, bytes).
		field.Bytes("headers").Optional().Immutable(),
		field.Bytes("attachments").Optional(),
		// confidential: the body holds a sign-in link; nobody may read it in
		// the log, and it is blanked once the message has gone.
		field.Bool("confidential").Default(false).Immutable(),
		// mandatory: a statutory notice, sent whatever the member's consent.
		field.Bool("mandatory").Default(false).Immutable(),
		// related_type and related_id name what the message is about
		// (application 12, assembly 3, payment 40).
		field.String("related_type").Default("").MaxLen(32).Immutable(),
		field.Int("related_id").Optional().Nillable().Immutable(),
		field.Int("member_id").Optional().Nillable().Immutable(),
		field.Enum("status").Values("queued", "sent", "failed", "suppressed").Default("queued"),
		field.Text("error").Default(""),
		field.Int("attempts").Default(0),
		// message_id is the Message-ID header, to find the message in a
		// mail server's logs.
		field.String("message_id").MaxLen(255).Unique().Immutable(),
		field.Time("created_at").Default(nowUTC).Immutable(),
		field.Time("sent_at").Optional().Nillable(),
	}
}

// Edges of the MailMessage.
func (MailMessage) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("member", Member.Type).Ref("mail_messages").Field("member_id").Unique().Immutable(),
	}
}

// Indexes of the MailMessage.
func (MailMessage) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("member_id", "created_at"),
		index.Fields("related_type", "related_id"),
		index.Fields("status", "created_at"),
		index.Fields("created_at"),
	}
}
