package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

// A lapsed member moved into the honorary category still owes the overdue
// charge: the treasurer's page says behind, as the arrears list does, not
// "exempt".
func TestTheTreasurerSeesAnExemptMemberWithAnOldDebtAsBehind(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		m := db.Ent.Member.Query().Where(member.StatusEQ(member.StatusLapsed), member.NumberNotNil(),
			member.HasDuesChargesWith(duescharge.StatusEQ(duescharge.StatusOpen))).FirstX(ctx)
		db.Ent.Member.UpdateOne(m).SetCategory("honorary").ExecX(ctx)
		treasurer := env.Client(t)
		treasurer.SignIn(youssef, demo.AdminPassword) // reads Arabic
		r := treasurer.Get("/treasurer/member?number=" + *m.Number)
		standing := regexp.MustCompile(`(?s)<p id="standing">(.*?)</p>`).FindStringSubmatch(r.Body)
		if r.Status != http.StatusOK || standing == nil {
			t.Fatalf("treasurer's page: %d", r.Status)
		}
		// In the third person: the page speaks of the member to the treasurer.
		if !strings.Contains(standing[1], "غير سليمة") || strings.Contains(standing[1], "لستم") || strings.Contains(standing[1], "معفاة") {
			t.Fatalf("standing of an exempt member with an old debt: %s", standing[1])
		}
	})
}
