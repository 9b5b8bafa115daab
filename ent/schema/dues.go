package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/omsn/majlis/internal/payments"
)

// DuesPeriod is a financial year the treasurer opens: every member owes
// the dues of their category for it.
type DuesPeriod struct{ ent.Schema }

// Annotations of the DuesPeriod.
func (DuesPeriod) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{"dues_period_range": "ends_on > starts_on"}),
	}
}

// Fields of the DuesPeriod.
func (DuesPeriod) Fields() []ent.Field {
	return []ent.Field{
		field.Int("year").Unique().Immutable(),
		field.Time("starts_on").Immutable(),
		field.Time("ends_on").Immutable(),
		field.String("currency").MaxLen(3).Immutable(),
		field.Int("opened_by_user_id").Optional().Nillable().Immutable(),
		field.Time("opened_at").Default(nowUTC).Immutable(),
	}
}

// Edges of the DuesPeriod.
func (DuesPeriod) Edges() []ent.Edge {
	return []ent.Edge{edge.To("charges", DuesCharge.Type).Annotations(entsql.OnDelete(entsql.Restrict))}
}

// DuesCharge is what one member owes for one period: the debt that a
// payment settles. There is at most one per member and period.
type DuesCharge struct{ ent.Schema }

// Annotations of the DuesCharge.
func (DuesCharge) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"dues_charge_amount": "amount > 0",
			"dues_charge_paid":   "status = 'paid' AND paid_at IS NOT NULL OR status = 'open' AND paid_at IS NULL",
			"dues_charge_range":  "covers_to > covers_from AND grace_until >= covers_from",
		}),
	}
}

// Fields of the DuesCharge.
func (DuesCharge) Fields() []ent.Field {
	return []ent.Field{
		field.Int("member_id").Immutable(),
		field.Int("period_id").Immutable(),
		field.String("category").Immutable(),
		// amount is in the currency's smallest unit (centimes).
		field.Int64("amount").Immutable(),
		field.String("currency").MaxLen(3).Immutable(),
		field.Time("covers_from").Immutable(),
		field.Time("covers_to").Immutable(),
		// grace_until is the last day the member stays in good standing
		// without having paid.
		field.Time("grace_until").Immutable(),
		field.Enum("status").Values("open", "paid").Default("open"),
		// paid_at is the day the payment was received; paid_month is its
		// YYYY-MM, for the collections chart.
		field.Time("paid_at").Optional().Nillable(),
		field.String("paid_month").Default("").MaxLen(7),
		field.Time("created_at").Default(nowUTC).Immutable(),
	}
}

// Edges of the DuesCharge.
func (DuesCharge) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("member", Member.Type).Ref("dues_charges").Field("member_id").Unique().Required().Immutable(),
		edge.From("period", DuesPeriod.Type).Ref("charges").Field("period_id").Unique().Required().Immutable(),
		edge.To("payments", Payment.Type).Annotations(entsql.OnDelete(entsql.Restrict)),
	}
}

// Indexes of the DuesCharge.
func (DuesCharge) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("member_id", "period_id").Unique(),
		index.Fields("status", "grace_until"),
		// The dashboard's two aggregates read these indexes alone.
		index.Fields("period_id", "category", "status", "amount"),
		index.Fields("period_id", "status", "paid_month", "amount"),
	}
}

// Arrear is a member behind with their dues: the sum of their charges
// unpaid past the grace period. It is derived from the charges, kept so
// that the treasurer's list reads one small indexed table: rebuilt by the
// daily job (deadlines pass without any write) and refreshed for a member
// in the transaction of each of their payments or reversals.
type Arrear struct{ ent.Schema }

// Fields of the Arrear.
func (Arrear) Fields() []ent.Field {
	return []ent.Field{
		field.Int("member_id").Unique(),
		field.Int64("owed").Positive(),
		field.String("currency").MaxLen(3),
		// since is when the oldest unpaid period began.
		field.Time("since"),
		field.Int("charges").Positive(),
	}
}

// Edges of the Arrear.
func (Arrear) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("member", Member.Type).Ref("arrear").Field("member_id").Unique().Required(),
	}
}

// Indexes of the Arrear: the list's sorts.
func (Arrear) Indexes() []ent.Index {
	return []ent.Index{index.Fields("owed", "member_id"), index.Fields("since", "member_id")}
}

// Payment is an entry of the payments journal: a payment received, or a
// reversing entry that cancels one (a mistake, a refund). Entries are never
// edited nor deleted; only "active" turns false when an entry is reversed.
type Payment struct{ ent.Schema }

// Annotations of the Payment.
func (Payment) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			// Written without outer parentheses: the migration writer adds them.
			"payment_sign":              "kind = 'payment' AND amount > 0 AND reverses_id IS NULL OR kind = 'reversal' AND amount < 0 AND reverses_id IS NOT NULL",
			"payment_cheque":            "method <> 'cheque' OR kind = 'reversal' OR (cheque_number <> '' AND bank <> '')",
			"payment_transfer":          "method <> 'transfer' OR kind = 'reversal' OR transfer_reference <> ''",
			"payment_provider":          "method <> 'card' OR kind = 'reversal' OR provider_session_id IS NOT NULL",
			"payment_reversal_inactive": "kind = 'payment' OR active = false",
		}),
	}
}

// Fields of the Payment.
func (Payment) Fields() []ent.Field {
	return []ent.Field{
		field.Int("member_id").Immutable(),
		field.Int("charge_id").Immutable(),
		field.Enum("kind").Values("payment", "reversal").Immutable(),
		// amount is positive for a payment, negative for a reversal.
		field.Int64("amount").Immutable(),
		field.String("currency").MaxLen(3).Immutable(),
		field.Enum("method").Values("cash", "cheque", "transfer", "card").Immutable(),
		field.String("cheque_number").Default("").Immutable(),
		field.String("bank").Default("").Immutable(),
		// cheque_key is the bank and the cheque number as compared for
		// duplicates (dues.ChequeKey: case and spaces do not count), so that
		// the unique index sees one cheque however it was typed. Null for
		// other methods.
		field.String("cheque_key").Optional().Nillable().Immutable(),
		field.String("transfer_reference").Default("").Immutable(),
		field.String("provider").Default("").Immutable(),
		field.String("provider_session_id").Optional().Nillable().Immutable(),
		field.String("provider_payment_intent").Default("").Immutable(),
		field.Time("received_on").Immutable(),
		// month is received_on as YYYY-MM, for the collections chart.
		field.String("month").MaxLen(7).Immutable(),
		field.Int("recorded_by_user_id").Optional().Nillable().Immutable(),
		field.Int("reverses_id").Optional().Nillable().Immutable(),
		field.Text("reason").Default("").Immutable(),
		// active: a payment that still counts (not reversed). Reversals are
		// never active.
		field.Bool("active").Default(true),
		field.Time("created_at").Default(nowUTC).Immutable(),
	}
}

// Edges of the Payment.
func (Payment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("member", Member.Type).Ref("payments").Field("member_id").Unique().Required().Immutable(),
		edge.From("charge", DuesCharge.Type).Ref("payments").Field("charge_id").Unique().Required().Immutable(),
		edge.To("reversal", Payment.Type).Unique().
			From("reverses").Unique().Field("reverses_id").Immutable(),
		edge.To("receipt", Receipt.Type).Unique().Annotations(entsql.OnDelete(entsql.Restrict)),
	}
}

// Indexes of the Payment: one active payment per debt, one reversal per
// payment, a cheque or a provider session recorded once.
func (Payment) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("charge_id").Unique().Annotations(entsql.IndexWhere("kind = 'payment' AND active")),
		index.Fields("reverses_id").Unique(),
		index.Fields("provider_session_id").Unique(),
		index.Fields("cheque_key").Unique().Annotations(entsql.IndexWhere("method = 'cheque' AND kind = 'payment' AND active")),
		index.Fields("member_id", "received_on"),
		index.Fields("month"),
		index.Fields("received_on"),
		index.Fields("provider_payment_intent"),
	}
}

// Receipt is the numbered receipt of a journal entry: numbers run without
// gaps within a year (2026-000123), taken from a locked sequence in the
// entry's transaction.
type Receipt struct{ ent.Schema }

// Fields of the Receipt.
func (Receipt) Fields() []ent.Field {
	return []ent.Field{
		field.Int("payment_id").Unique().Immutable(),
		field.Int("year").Immutable(),
		field.Int("seq").Positive().Immutable(),
		field.String("number").Unique().Immutable(),
		field.Time("issued_at").Default(nowUTC).Immutable(),
	}
}

// Edges of the Receipt.
func (Receipt) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("payment", Payment.Type).Ref("receipt").Field("payment_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Receipt.
func (Receipt) Indexes() []ent.Index {
	return []ent.Index{index.Fields("year", "seq").Unique()}
}

// Checkout is an online payment page opened for one debt, kept to check
// the provider's confirmation against what was asked.
type Checkout struct{ ent.Schema }

// Fields of the Checkout.
func (Checkout) Fields() []ent.Field {
	return []ent.Field{
		field.String("provider").Immutable(),
		field.String("session_id").Unique().Immutable(),
		field.Int("charge_id").Immutable(),
		field.Int("member_id").Immutable(),
		field.Int64("amount").Positive().Immutable(),
		field.String("currency").MaxLen(3).Immutable(),
		field.Enum("status").Values("open", "completed", "expired").Default("open"),
		field.Time("created_at").Default(nowUTC).Immutable(),
	}
}

// Indexes of the Checkout.
func (Checkout) Indexes() []ent.Index {
	return []ent.Index{index.Fields("charge_id")}
}

// WebhookEvent is an event a payment provider sent, recorded once: its id
// is unique, so a replayed or duplicated event changes nothing. The outcome
// says what was done, or why nothing was (flagged for the treasurer).
type WebhookEvent struct{ ent.Schema }

// Fields of the WebhookEvent.
func (WebhookEvent) Fields() []ent.Field {
	return []ent.Field{
		field.String("provider").Immutable(),
		field.String("event_id").Unique().Immutable(),
		field.String("type").Immutable(),
		field.Time("received_at").Default(nowUTC).Immutable(),
		// outcome: processed, ignored, or flagged (see reason).
		field.Enum("outcome").Values("processed", "ignored", "flagged").Immutable(),
		field.Text("reason").Default("").Immutable(),
		// flag is why a flagged event needs the treasurer, with its amounts
		// in centimes, for each page to word and format in its language;
		// reason keeps the same in plain English, for logs and for the
		// events flagged before flag existed.
		// (json, not jsonb: with binary parameters lib/pq sends the text,
		// which jsonb's binary input refuses.)
		field.JSON("flag", &payments.Flag{}).Optional().Immutable().
			SchemaType(map[string]string{dialect.Postgres: "json"}),
		field.Int("payment_id").Optional().Nillable().Immutable(),
	}
}

// Indexes of the WebhookEvent.
func (WebhookEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("outcome", "received_at")}
}

// ReminderSent records that a dues reminder step went to a member for a
// debt, so that each step goes once.
type ReminderSent struct{ ent.Schema }

// Fields of the ReminderSent.
func (ReminderSent) Fields() []ent.Field {
	return []ent.Field{
		field.Int("charge_id").Immutable(),
		// offset_days is the step: days after the grace deadline (negative:
		// before it).
		field.Int("offset_days").Immutable(),
		field.Time("sent_at").Default(nowUTC).Immutable(),
	}
}

// Indexes of the ReminderSent.
func (ReminderSent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("charge_id", "offset_days").Unique()}
}
