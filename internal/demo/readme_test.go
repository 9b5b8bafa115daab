package demo_test

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/user"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

// demoRow is a line of the README's table of demo accounts:
// | `email` | role | language | `password` |
var demoRow = regexp.MustCompile("(?m)^\\| `([^`]+@omsn\\.example)` \\| ([^|]+) \\| ([^|]+) \\| `([^`]+)` \\|$")

// The README's table of demo accounts says what the demo seeds: each
// account's role (administrator, the office it holds, or none), its
// language and its password.
func TestTheReadmeNamesEachDemoAccountsRoleAndLanguage(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := demoRow.FindAllStringSubmatch(string(readme), -1)
	if len(rows) != 4 {
		t.Fatalf("the README's demo table has %d rows, want the 4 demo accounts", len(rows))
	}
	languages := map[string]string{"French": "fr", "Arabic": "ar", "English": "en"}
	offices := map[string]mandate.Office{"secretary general": mandate.OfficeSecretaryGeneral, "treasurer": mandate.OfficeTreasurer,
		"president": mandate.OfficePresident, "vice-president": mandate.OfficeVicePresident, "assessor": mandate.OfficeAssessor}
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		seed(t, db)
		ctx := context.Background()
		now := time.Now()
		if n := db.Ent.User.Query().CountX(ctx); n != len(rows) {
			t.Errorf("the demo has %d accounts, the README lists %d", n, len(rows))
		}
		for _, r := range rows {
			email, role, lang, password := r[1], strings.TrimSpace(r[2]), strings.TrimSpace(r[3]), r[4]
			u, err := db.Ent.User.Query().Where(user.Email(email)).Only(ctx)
			if err != nil {
				t.Errorf("README lists %s: %v", email, err)
				continue
			}
			if password != demo.AdminPassword {
				t.Errorf("%s: README password %q", email, password)
			}
			if languages[lang] != u.PreferredLanguage {
				t.Errorf("%s: README says %s, the account uses %s", email, lang, u.PreferredLanguage)
			}
			if strings.HasPrefix(role, "administrator") != u.IsAdmin {
				t.Errorf("%s: README says %q, administrator flag %v", email, role, u.IsAdmin)
			}
			var held []mandate.Office
			for _, m := range db.Ent.Mandate.Query().Where(mandate.HasMemberWith(member.UserID(u.ID)),
				mandate.StartOnLTE(now), mandate.EndOnGT(now), mandate.EndedOnIsNil()).AllX(ctx) {
				held = append(held, m.Office)
			}
			var said []mandate.Office
			for name, o := range offices {
				if strings.Contains(role, name) && !(name == "president" && strings.Contains(role, "vice-president")) {
					said = append(said, o)
				}
			}
			if len(held) != len(said) || len(held) == 1 && held[0] != said[0] {
				t.Errorf("%s: README says %q, the account's member holds %v", email, role, held)
			}
		}
	})
}
