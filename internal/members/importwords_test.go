package members_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/i18n"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/testdb"
)

// namedCategories are the OMSN statutes' categories, with their names in
// the three languages, as the statutes service lists them.
type namedCategories struct{}

var omsnNamed = []members.CategoryOption{
	{Code: "founding", Names: map[string]string{"fr": "Membre fondateur", "ar": "عضو مؤسس", "en": "Founding member"}},
	{Code: "active", Names: map[string]string{"fr": "Membre actif", "ar": "عضو نشيط", "en": "Active member"}},
	{Code: "honorary", Names: map[string]string{"fr": "Membre d’honneur", "ar": "عضو شرفي", "en": "Honorary member"}},
	{Code: "institutional", Names: map[string]string{"fr": "Membre institutionnel", "ar": "عضو مؤسساتي", "en": "Institutional member"},
		Organisation: true},
}

func (namedCategories) CategoryExists(_ context.Context, code string) (bool, error) {
	for _, c := range omsnNamed {
		if c.Code == code {
			return true, nil
		}
	}
	return false, nil
}

func (namedCategories) CategoryOptions(context.Context) ([]members.CategoryOption, error) {
	return omsnNamed, nil
}

func namedService(t *testing.T, db *database.DB) *members.Service {
	t.Helper()
	if err := db.Ent.Association.Create().SetNameFr("OMSN").SetMemberNumberPrefix("OMSN-").Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	return members.NewService(db.Ent, auth.NewHasher(auth.FastHashParams), namedCategories{})
}

func TestTheImportReadsCategoriesByTheirNameInAnyLanguageOrTheirCode(t *testing.T) {
	cells := map[string]string{
		"Membre actif":          "active",
		"membre ACTIF":          "active",
		"  Membre actif ":       "active",
		"عضو نشيط":              "active",
		"Active member":         "active",
		"active":                "active",
		"ACTIVE":                "active",
		"Membre d'honneur":      "honorary", // a straight apostrophe for the statutes' curly one
		"membre d’honneur":      "honorary",
		"Membre fondateur":      "founding",
		"membre fondatéur":      "founding", // accents do not count
		"عضو مؤسس":              "founding",
		"Institutional member":  "institutional",
		"institutional":         "institutional",
		"Membre Institutionnel": "institutional",
	}
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := namedService(t, db)
		var b strings.Builder
		b.WriteString("Nom;Prénom;Courriel;Catégorie\n")
		var want []string
		i := 0
		for cell, code := range cells {
			fmt.Fprintf(&b, "Nom%d;Prénom%d;p%d@example.ma;%s\n", i, i, i, cell)
			want = append(want, fmt.Sprintf("p%d@example.ma=%s", i, code))
			i++
		}
		rep, err := s.ImportCSV(t.Context(), strings.NewReader(b.String()), members.ImportOptions{ActorID: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Problems) > 0 || rep.Imported != len(cells) {
			t.Fatalf("imported %d of %d, problems %+v", rep.Imported, len(cells), rep.Problems)
		}
		for _, w := range want {
			email, code, _ := strings.Cut(w, "=")
			m := db.Ent.Member.Query().Where(member.Email(email)).OnlyX(t.Context())
			if m.Category != code {
				t.Errorf("%s: category %q, want %q", email, m.Category, code)
			}
		}
	})
}

func TestTheImportRefusesAnUnknownCategoryAsOneToChooseFromTheStatutes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := namedService(t, db)
		in := "Nom;Courriel;Catégorie;Statut\nTazi;karim@example.ma;Membre émérite;retraité\nLahlou;imane@example.ma;;Actif\n"
		rep, err := s.ImportCSV(t.Context(), strings.NewReader(in), members.ImportOptions{ActorID: 1, DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, p := range rep.Problems {
			got[fmt.Sprintf("%d:%s", p.Line, p.Field)] = p.Key + "=" + p.Value
		}
		for line, want := range map[string]string{
			"2:category": "import.error.category_accepted=Membre émérite",
			"2:status":   "import.error.status_accepted=retraité",
			"3:category": "import.error.category_accepted=",
		} {
			if got[line] != want {
				t.Errorf("line %s: %q, want %q (all: %v)", line, got[line], want, got)
			}
		}
		if _, ok := got["3:status"]; ok {
			t.Error("the status name Actif was refused")
		}
	})
}

func TestTheImportReadsHeadersStatusesAndKindsInEveryLanguage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := namedService(t, db)
		in := "الاسم العائلي,الاسم الشخصي,البريد الإلكتروني,الفئة,الوضعية,النوع,المؤسسة\n" +
			"العلوي,محمد,alaoui@example.ma,عضو نشيط,متأخر عن أداء الاشتراك,شخص ذاتي,\n" +
			",,contact@tech-rabat.example.ma,عضو مؤسساتي,نشيط,مؤسسة,Association Tech Rabat\n"
		// The Arabic name of the lapsed status, whatever its wording.
		in = strings.Replace(in, "متأخر عن أداء الاشتراك", arabic(t, "member_status.lapsed"), 1)
		in = strings.Replace(in, ",نشيط,", ","+arabic(t, "member_status.active")+",", 1)
		rep, err := s.ImportCSV(t.Context(), strings.NewReader(in), members.ImportOptions{ActorID: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Problems) > 0 || rep.Imported != 2 {
			t.Fatalf("imported %d, problems %+v (mapping %v)", rep.Imported, rep.Problems, rep.Mapping)
		}
		alaoui := db.Ent.Member.Query().Where(member.Email("alaoui@example.ma")).OnlyX(t.Context())
		if alaoui.Status != member.StatusLapsed || alaoui.LastName != "العلوي" || alaoui.Category != "active" {
			t.Errorf("Alaoui: %s %s %s", alaoui.Status, alaoui.LastName, alaoui.Category)
		}
		org := db.Ent.Member.Query().Where(member.Email("contact@tech-rabat.example.ma")).OnlyX(t.Context())
		if org.Kind != member.KindOrganisation || org.OrganisationName != "Association Tech Rabat" || org.Category != "institutional" {
			t.Errorf("the organisation: %s %q %s", org.Kind, org.OrganisationName, org.Category)
		}
	})
}

func TestTheSampleFileIsReadBackByTheImportWithoutAProblem(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := namedService(t, db)
		for _, lang := range []string{"fr", "ar", "en"} {
			sample, err := s.ImportSample(t.Context(), lang)
			if err != nil {
				t.Fatal(err)
			}
			r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(sample, []byte("\ufeff"))))
			if lang == "fr" {
				r.Comma = ';'
			}
			recs, err := r.ReadAll()
			if err != nil || len(recs) != 3 {
				t.Fatalf("%s: the sample has %d records (%v)", lang, len(recs), err)
			}
			if len(recs[0]) != len(members.ImportColumns) {
				t.Errorf("%s: header %v, want one column per field", lang, recs[0])
			}
			rep, err := s.ImportCSV(t.Context(), bytes.NewReader(sample), members.ImportOptions{ActorID: 1, DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Problems) > 0 || rep.Rows != 2 {
				t.Errorf("%s: %d rows, problems %+v", lang, rep.Rows, rep.Problems)
			}
			for _, f := range members.ImportFields {
				if rep.Mapping[f] < 0 {
					t.Errorf("%s: the sample's header %v has no column the import reads as %s", lang, recs[0], f)
				}
			}
		}
		// Imported for real, the rows are a person and an organisation in
		// a category of each.
		sample, _ := s.ImportSample(t.Context(), "fr")
		if rep, err := s.ImportCSV(t.Context(), bytes.NewReader(sample), members.ImportOptions{ActorID: 1}); err != nil || rep.Imported != 2 {
			t.Fatalf("import of the sample: %+v %v", rep, err)
		}
		org := db.Ent.Member.Query().Where(member.KindEQ(member.KindOrganisation)).OnlyX(t.Context())
		if org.Category != "institutional" || org.OrganisationName == "" {
			t.Errorf("the sample's organisation: %q in %s", org.OrganisationName, org.Category)
		}
		person := db.Ent.Member.Query().Where(member.KindEQ(member.KindPerson)).OnlyX(t.Context())
		if person.Category != "founding" || person.LastName == "" || person.JoinedOn == nil {
			t.Errorf("the sample's person: %q in %s", person.LastName, person.Category)
		}
	})
}

// arabic is a message as Arabic pages show it.
func arabic(t *testing.T, key string) string {
	t.Helper()
	c, err := i18n.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.Translator("ar").T(key)
}
