package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Member is a person or an organisation (then with a named representative)
// in the association's roster, from their application on. The number is
// given on approval and never reused: the unique index allows many members
// without a number (applicants) but never two with the same one.
type Member struct{ ent.Schema }

// Annotations of the Member.
func (Member) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"member_kind_known":        "kind IN ('person', 'organisation')",
			"member_application_known": "application IN ('pending', 'info_requested', 'approved', 'rejected')",
			"member_status_known":      "status IN ('applicant', 'active', 'lapsed', 'suspended', 'resigned', 'excluded', 'deceased')",
			// Anyone past the application has a number and a category.
			"member_number_after_approval": "status = 'applicant' OR (number IS NOT NULL AND category <> '')",
			"member_organisation_named":    "kind = 'person' OR organisation_name <> ''",
		}),
	}
}

// Mixin of the Member.
func (Member) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Member.
func (Member) Fields() []ent.Field {
	return []ent.Field{
		field.String("number").Optional().Nillable(),
		field.Enum("kind").Values("person", "organisation").Default("person"),
		field.Enum("status").Values("applicant", "active", "lapsed", "suspended", "resigned", "excluded", "deceased").Default("applicant"),
		// application follows the request to join until the board decides.
		field.Enum("application").Values("pending", "info_requested", "approved", "rejected").Default("pending"),
		// category is a membership category code of the statutes in force.
		field.String("category").Default(""),
		field.String("first_name").Default(""),
		field.String("last_name").Default(""),
		field.String("organisation_name").Default(""),
		// For an organisation, the person who represents it.
		field.String("representative_name").Default(""),
		field.String("email").Default(""),
		field.String("phone").Default(""),
		field.String("address").Default(""),
		field.String("city").Default(""),
		field.String("country").Default("MA"),
		field.String("nationality").Default(""),
		field.Time("birth_date").Optional().Nillable(),
		field.String("birth_place").Default(""),
		field.String("profession").Default(""),
		// search_text is the names, email, number and organisation folded
		// (lower case, accents removed) for accent-insensitive search.
		field.Text("search_text").Default(""),
		// sort_key orders the roster by name as French and English read
		// it, sort_key_ar as Arabic does: the CLDR collation key of the
		// name shown (a person's last then first name, an organisation's
		// name), computed by the members service on every write of a
		// name (members.Listing). Compared byte by byte, as both
		// databases compare bytes, it gives the language's order, so the
		// database sorts and pages; an index walks it.
		// Rows written before the keys existed have none (NULL), until
		// members.FillSortKeys fills them at start-up.
		field.Bytes("sort_key").Optional(),
		field.Bytes("sort_key_ar").Optional(),
		field.Time("joined_on").Optional().Nillable(),
		field.Bool("consent_directory").Default(false),
		field.Bool("consent_emails").Default(false),
		field.Time("anonymised_at").Optional().Nillable(),
		field.Int("user_id").Optional().Nillable(),
	}
}

// Edges of the Member.
func (Member) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("account", User.Type).Field("user_id").Unique(),
		edge.To("events", MemberEvent.Type).Annotations(entsql.OnDelete(entsql.Restrict)),
		edge.To("mandates", Mandate.Type).Annotations(entsql.OnDelete(entsql.Restrict)),
		edge.To("mail_messages", MailMessage.Type).Annotations(entsql.OnDelete(entsql.Restrict)),
		edge.To("dues_charges", DuesCharge.Type).Annotations(entsql.OnDelete(entsql.Restrict)),
		edge.To("payments", Payment.Type).Annotations(entsql.OnDelete(entsql.Restrict)),
		edge.To("arrear", Arrear.Type).Unique().Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the Member.
func (Member) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("number").Unique(),
		index.Fields("user_id").Unique(),
		index.Fields("status", "last_name", "first_name"),
		// The roster in order of joining; the status ends it for the same
		// reason as the name orders' indexes.
		index.Fields("joined_on", "id", "status"),
		// The roster's name order in each collation, ties broken by id:
		// its first page is a walk of one of these indexes that stops at
		// the page's end.
		// The status ends each, so that skipping to a later page (which
		// leaves out the applicants) reads the index alone.
		index.Fields("sort_key", "id", "status"),
		index.Fields("sort_key_ar", "id", "status"),
		// The roster's filters (category, status, year joined): their
		// counts are answered from this index alone. It also serves what
		// the index on category alone, which it replaced, served.
		index.Fields("category", "status", "joined_on"),
		// The roster's search (search_text LIKE '%word%', which no b-tree
		// narrows): SQLite scans this index instead of the table's much
		// wider rows, in half the time.
		index.Fields("status", "search_text"),
		// On PostgreSQL a trigram index answers the same LIKE directly
		// (pg_trgm, which database.Migrate installs); SQLite gets a plain
		// index it does not use for the search.
		index.Fields("search_text").StorageKey("member_search_trigram").Annotations(
			entsql.IndexTypes(map[string]string{dialect.Postgres: "GIN"}),
			entsql.OpClass("gin_trgm_ops"),
		),
	}
}
