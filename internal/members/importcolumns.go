package members

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"sync"

	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/i18n"
)

// ImportColumn is a roster field a CSV column can fill. Its label (a
// translation key) names it on the import page and heads its column in
// the sample file; a header reading the label in any of the languages, or
// one of the aliases other rosters use, is recognised as that column, with
// case and accents ignored.
type ImportColumn struct {
	Field, Label string
	aliases      []string
	// person and organisation are the sample file's two rows (the kind,
	// category and status are written in the sample's language).
	person, organisation string
}

// ImportColumns are the columns of a roster file, in the sample's order.
var ImportColumns = []ImportColumn{
	{Field: "number", Label: "import.column.number", aliases: []string{"numero", "n°", "number", "member number"}},
	{Field: "kind", Label: "import.column.kind", aliases: []string{"type", "kind"}},
	{Field: "last_name", Label: "import.column.last_name", aliases: []string{"nom", "last name", "last_name"},
		person: "Aït Taleb"},
	{Field: "first_name", Label: "import.column.first_name", aliases: []string{"prenom", "first name", "first_name"},
		person: "Hajar"},
	{Field: "organisation_name", Label: "import.column.organisation_name",
		aliases: []string{"organisation", "organization", "organisation_name"}, organisation: "Association Tech Rabat"},
	{Field: "representative_name", Label: "import.column.representative_name",
		aliases: []string{"representant", "representative", "representative_name"}, organisation: "Karim Tazi"},
	{Field: "email", Label: "import.column.email", aliases: []string{"email", "e-mail", "courriel"},
		person: "hajar.ait-taleb@example.ma", organisation: "contact@tech-rabat.example.ma"},
	{Field: "phone", Label: "import.column.phone", aliases: []string{"telephone", "phone"},
		person: "06 12 34 56 78", organisation: "05 37 70 00 00"},
	{Field: "city", Label: "import.column.city", aliases: []string{"ville", "city"}, person: "Rabat", organisation: "Rabat"},
	{Field: "category", Label: "import.column.category", aliases: []string{"categorie", "category"}},
	{Field: "status", Label: "import.column.status", aliases: []string{"statut", "status"}},
	{Field: "joined_on", Label: "import.column.joined_on",
		aliases: []string{"date d'adhesion", "adhesion", "joined_on", "joined"}, person: "2024-09-15", organisation: "2025-01-06"},
}

// ImportFields are the fields of ImportColumns, in order.
var ImportFields = func() []string {
	out := make([]string, len(ImportColumns))
	for i, c := range ImportColumns {
		out[i] = c.Field
	}
	return out
}()

// ImportableStatuses are the statuses an imported member may have: those
// an admitted member may reach.
var ImportableStatuses = func() []Status {
	out := []Status{Active}
	for _, s := range []Status{Lapsed, Suspended, Resigned, Excluded, Deceased} {
		if CanChange(Active, s) {
			out = append(out, s)
		}
	}
	return out
}()

// words is the catalog of the translated names the importer recognises
// (column labels, statuses, kinds): the same words the pages show.
var words = sync.OnceValue(func() *i18n.Catalog {
	c, err := i18n.Load(nil)
	if err != nil {
		// The catalog is embedded and checked by its tests.
		panic(err)
	}
	return c
})

// word folds a cell or a header for matching: case, accents and the kind
// of apostrophe do not count ("Membre d'honneur" is "Membre d’honneur").
func word(s string) string {
	return strings.ReplaceAll(Fold(s), "’", "'")
}

// inEveryLanguage calls fn with the folded text of key in each language.
func inEveryLanguage(key string, fn func(string)) {
	for _, l := range i18n.Languages {
		fn(word(words().Translator(l.Code).T(key)))
	}
}

// headerFields maps each recognised (folded) header to its field.
var headerFields = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, c := range ImportColumns {
		m[word(c.Field)] = c.Field
		for _, a := range c.aliases {
			m[word(a)] = c.Field
		}
		inEveryLanguage(c.Label, func(h string) { m[h] = c.Field })
	}
	return m
})

// kindWords maps each recognised (folded) kind to the kind: its code, its
// name in each language, and words old rosters use.
var kindWords = sync.OnceValue(func() map[string]member.Kind {
	m := map[string]member.Kind{}
	for kind, ws := range map[member.Kind][]string{
		member.KindPerson:       {"person", "personne", "physique", "personne physique"},
		member.KindOrganisation: {"organisation", "organization", "institution", "morale", "personne morale"},
	} {
		for _, w := range ws {
			m[word(w)] = kind
		}
		inEveryLanguage("member_kind."+string(kind), func(w string) { m[w] = kind })
	}
	return m
})

// statusWords maps each recognised (folded) status to the status: its code
// and its name in each language.
var statusWords = sync.OnceValue(func() map[string]Status {
	m := map[string]Status{}
	for _, s := range ImportableStatuses {
		m[word(string(s))] = s
		inEveryLanguage("member_status."+string(s), func(w string) { m[w] = s })
	}
	return m
})

// categoryWords maps each recognised (folded) category to its code: the
// code and the category's name in each language of the statutes.
func categoryWords(cats []CategoryOption) map[string]string {
	m := map[string]string{}
	for _, c := range cats {
		for _, n := range c.Names {
			if n != "" {
				m[word(n)] = c.Code
			}
		}
	}
	// A code wins over a name that happens to read like another code.
	for _, c := range cats {
		m[word(c.Code)] = c.Code
	}
	return m
}

// ImportSample is a roster file the importer reads as it is: the header
// (the columns' labels in lang) and two rows, a person and an
// organisation, whose category, status and kind are written as words of
// lang. It is built from ImportColumns, so it always matches the importer.
func (s *Service) ImportSample(ctx context.Context, lang string) ([]byte, error) {
	cats, err := s.categories.CategoryOptions(ctx)
	if err != nil {
		return nil, err
	}
	tr := words().Translator(lang)
	person, organisation := sampleCategories(cats)
	header := make([]string, len(ImportColumns))
	rows := [2][]string{make([]string, len(ImportColumns)), make([]string, len(ImportColumns))}
	for i, c := range ImportColumns {
		header[i] = tr.T(c.Label)
		rows[0][i], rows[1][i] = c.person, c.organisation
		switch c.Field {
		case "category":
			rows[0][i], rows[1][i] = person.Name(lang), organisation.Name(lang)
		case "kind":
			rows[0][i], rows[1][i] = tr.T("member_kind.person"), tr.T("member_kind.organisation")
		case "status":
			rows[0][i], rows[1][i] = tr.T("member_status.active"), tr.T("member_status.active")
		}
	}
	var b bytes.Buffer
	b.WriteString("\ufeff") // for Excel, as the roster's export
	w := csv.NewWriter(&b)
	if lang == "fr" {
		w.Comma = ';' // as French spreadsheets write CSV
	}
	for _, rec := range [][]string{header, rows[0], rows[1]} {
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// sampleCategories picks the sample rows' categories: the first one open
// to people and the first one open to organisations, as the statutes list
// them (the first category when none is marked either way).
func sampleCategories(cats []CategoryOption) (person, organisation CategoryOption) {
	if len(cats) == 0 {
		return
	}
	person, organisation = cats[0], cats[0]
	for i := len(cats) - 1; i >= 0; i-- {
		if cats[i].Organisation {
			organisation = cats[i]
		} else {
			person = cats[i]
		}
	}
	return
}
