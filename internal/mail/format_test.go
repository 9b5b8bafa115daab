package mail_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/testdb"
)

// Mails write days and amounts as the recipient's language does, whatever
// form the queued data gave them (ISO text after the job queue's JSON).
func TestMailsWriteDaysAndAmountsInTheRecipientsLanguage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(t, db)
		data := map[string]any{"Year": 2026, "Amount": int64(30000), "Currency": "MAD", "Deadline": "2026-04-01",
			"Overdue": false, "Position": map[string]string{"fr": "Trésorier", "ar": "أمين المال", "en": "Treasurer"},
			"EndOn": "2027-03-26", "Days": 30}
		want := map[string][]string{
			"fr": {"1er avril 2026", "300,00\u00a0MAD", "26 mars 2027"},
			"ar": {"\u20681 أبريل 2026\u2069", "\u2068300,00\u00a0MAD\u2069", "\u206826 مارس 2027\u2069"},
			"en": {"April 1, 2026", "300.00\u00a0MAD", "March 26, 2027"},
		}
		for lang, wants := range want {
			var bodies []string
			for _, kind := range []string{"dues_reminder", "mandate_ending"} {
				m, err := r.mailer.Queue(context.Background(), mail.Mail{Kind: kind, Data: data,
					To: mail.Recipient{Address: "x@example.org", Name: "Salma", Lang: lang}})
				if err != nil {
					t.Fatalf("%s/%s: %v", kind, lang, err)
				}
				bodies = append(bodies, m.TextBody, m.HTMLBody)
			}
			all := strings.Join(bodies, "\n")
			for _, w := range wants {
				if !strings.Contains(all, w) {
					t.Errorf("%s mails lack %q:\n%s", lang, w, all)
				}
			}
			if strings.Contains(all, "2026-04-01") || strings.Contains(all, "2027-03-26") {
				t.Errorf("%s mails show an ISO date:\n%s", lang, all)
			}
		}
	})
}

// French needs an article before the association's name: "le bureau de
// l'association Observatoire…", never "le bureau de Observatoire…".
func TestFrenchMailsNeverGlueAPrepositionToTheAssociationsName(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(t, db)
		data := map[string]any{
			"Reason": "Merci.", "Number": "OMSN-00042", "Category": map[string]string{"fr": "Membre actif"},
			"Link": "https://majlis.omsn.example/x", "Minutes": 60, "Days": 7, "Path": "/apply/confirm/abc", "Hours": 48,
			"Position": map[string]string{"fr": "Trésorier"}, "EndOn": "2027-03-26",
			"Year": 2026, "Amount": int64(30000), "Currency": "MAD", "Deadline": "2026-04-01", "Overdue": true, "NewEmail": "s@example.org",
			"Applicant": "Rachid Alami", "Answer": "Je travaille à Rabat.", "Changed": true, "Member": "Nadia Chraibi",
		}
		glued := regexp.MustCompile(`(?i)\b(de|du|à|le|au) Observatoire`)
		for _, kind := range mail.Kinds() {
			m, err := r.mailer.Queue(context.Background(), mail.Mail{Kind: kind, Data: data,
				To: mail.Recipient{Address: "x@example.org", Name: "Salma", Lang: "fr"}})
			if err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			for _, body := range []string{m.Subject, m.TextBody, m.HTMLBody} {
				if g := glued.FindString(body); g != "" {
					t.Errorf("%s writes %q:\n%s", kind, g, body)
				}
			}
		}
	})
}
