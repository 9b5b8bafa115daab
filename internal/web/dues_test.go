package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/payments/stripetest"
	"github.com/omsn/majlis/internal/testdb"
)

func TestTheDemoDuesAgreeWithEachMembersStatus(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		if n, err := env.Services.Dues.Lapse(ctx); err != nil || n != 0 {
			t.Fatalf("the daily job would lapse %d demo members (%v)", n, err)
		}
		s, err := env.Services.Dues.Summarize(ctx, 2026)
		if err != nil || s.Collected == 0 || s.Collected >= s.Expected {
			t.Fatalf("2026 summary: %+v %v", s, err)
		}
		_, behind, err := env.Services.Dues.Arrears(ctx, duesArrearsAll())
		lapsed := db.Ent.Member.Query().Where(member.StatusIn(member.StatusLapsed)).CountX(ctx)
		if err != nil || behind < lapsed {
			t.Fatalf("%d members behind, %d lapsed (%v)", behind, lapsed, err)
		}
	})
}

func TestOnlyTheTreasurerRecordsAndReversesPayments(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		m := db.Ent.Member.Query().Where(member.StatusEQ(member.StatusLapsed), member.HasDuesChargesWith(duescharge.StatusEQ(duescharge.StatusOpen))).FirstX(ctx)
		charge := db.Ent.DuesCharge.Query().Where(duescharge.MemberID(m.ID), duescharge.StatusEQ(duescharge.StatusOpen)).FirstX(ctx)
		form := url.Values{"number": {*m.Number}, "charge_id": {itoa(charge.ID)}, "method": {"cheque"},
			"amount": {fmt.Sprintf("%d.%02d", charge.Amount/100, charge.Amount%100)}, "cheque_number": {"7654321"}, "bank": {"CIH Bank"}, "received_on": {"2026-11-20"}}
		for who, email := range map[string]string{"secretary general": secretaryGeneral, "member": plainMember} {
			c := env.Client(t)
			c.SignIn(email, demo.AdminPassword)
			for _, p := range []string{"/treasurer", "/treasurer/arrears", "/treasurer/arrears.csv", "/treasurer/journal.csv", "/treasurer/member"} {
				if r := c.Get(p); r.Status != http.StatusForbidden {
					t.Errorf("the %s reads %s: %d", who, p, r.Status)
				}
			}
			if r := c.Post("/treasurer/payments", form); r.Status != http.StatusForbidden {
				t.Errorf("the %s records a payment: %d", who, r.Status)
			}
		}
		treasurer := env.Client(t)
		treasurer.SignIn(youssef, demo.AdminPassword)
		if r := treasurer.Get("/treasurer?year=2026"); r.Status != http.StatusOK || !strings.Contains(r.Body, `id="chart"`) || !strings.Contains(r.Body, `id="arrears"`) ||
			!strings.Contains(r.Body, ">عضو نشيط</td>") {
			t.Fatalf("dashboard: %d (Youssef reads Arabic: categories by their Arabic name)", r.Status)
		}
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("amount", "1.50")
		bad.Set("bank", "")
		if r := treasurer.Post("/treasurer/payments", bad); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, `id="bank-error"`) {
			t.Fatalf("invalid payment: %d", r.Status)
		}
		bad.Set("bank", "CIH Bank")
		if r := treasurer.Post("/treasurer/payments", bad); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="amount-error"`) {
			t.Fatalf("wrong amount: %d", r.Status)
		}
		if n := db.Ent.Payment.Query().Where(payment.ChargeID(charge.ID)).CountX(ctx); n != 0 {
			t.Fatal("a refused payment was stored")
		}
		before, _ := env.Services.Dues.Summarize(ctx, charge.CoversFrom.Year())
		if r := treasurer.Post("/treasurer/payments", form); r.Status != http.StatusSeeOther {
			t.Fatalf("record: %d", r.Status)
		}
		after, _ := env.Services.Dues.Summarize(ctx, charge.CoversFrom.Year())
		if after.Collected != before.Collected+charge.Amount {
			t.Fatalf("the dashboard did not change: %d → %d", before.Collected, after.Collected)
		}
		if got := db.Ent.Member.GetX(ctx, m.ID); got.Status == member.StatusLapsed && db.Ent.DuesCharge.Query().Where(duescharge.MemberID(m.ID), duescharge.StatusEQ(duescharge.StatusOpen)).CountX(ctx) == 0 {
			t.Fatal("a member who paid everything stayed lapsed")
		}
		p := db.Ent.Payment.Query().Where(payment.ChargeID(charge.ID)).OnlyX(ctx)
		account := treasurer.Get("/treasurer/member?number=" + url.QueryEscape(*m.Number))
		receipt := regexp.MustCompile(`href="/treasurer/receipts/(\d{4}-\d{6})\.pdf"`).FindAllStringSubmatch(account.Body, -1)
		if account.Status != http.StatusOK || len(receipt) == 0 {
			t.Fatalf("account page: %d", account.Status)
		}
		if r := treasurer.Get("/treasurer/receipts/" + receipt[len(receipt)-1][1] + ".pdf"); r.Status != http.StatusOK || !strings.HasPrefix(r.Body, "%PDF") {
			t.Fatalf("receipt download: %d", r.Status)
		}
		if r := treasurer.Post("/treasurer/payments/"+itoa(p.ID)+"/reverse", url.Values{"number": {*m.Number}, "reason": {""}}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("reverse without reason: %d", r.Status)
		}
		if r := treasurer.Post("/treasurer/payments/"+itoa(p.ID)+"/reverse", url.Values{"number": {*m.Number}, "reason": {"Chèque rejeté"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("reverse: %d", r.Status)
		}
		if c := db.Ent.DuesCharge.GetX(ctx, charge.ID); c.Status != duescharge.StatusOpen {
			t.Fatal("the reversed debt is not open")
		}
		csv := treasurer.Get("/treasurer/journal.csv?from=2026-01-01&to=2027-01-01")
		// Youssef reads Arabic: ";" separates the fields, headers in Arabic.
		if csv.Status != http.StatusOK || !strings.HasPrefix(csv.Body, "\ufeff"+plain("ar", "treasury.column.date")+";"+plain("ar", "treasury.column.receipt")+";") ||
			!strings.Contains(csv.Body, "Chèque rejeté") {
			t.Fatalf("journal export: %d", csv.Status)
		}
		arrears := treasurer.Get("/treasurer/arrears.csv?sort=name&dir=asc")
		if arrears.Status != http.StatusOK || strings.Count(arrears.Body, "\n") < 2 {
			t.Fatalf("arrears export: %d", arrears.Status)
		}
	})
}

func TestAMemberSeesTheirDuesAndOnlyTheirReceipts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		nadia := env.Client(t)
		nadia.SignIn(plainMember, demo.AdminPassword)
		page := nadia.Get("/membership/dues")
		if page.Status != http.StatusOK || !strings.Contains(page.Body, `id="charges"`) || strings.Contains(page.Body, "/pay\"") {
			t.Fatalf("dues page: %d (no online payment without Stripe keys)", page.Status)
		}
		own := regexp.MustCompile(`/membership/receipts/(\d{4}-\d{6})\.pdf`).FindStringSubmatch(page.Body)
		if own == nil {
			t.Fatal("no receipt on the member's page")
		}
		if r := nadia.Get("/membership/receipts/" + own[1] + ".pdf"); r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("own receipt: %d", r.Status)
		}
		salma := env.Client(t)
		salma.SignIn(secretaryGeneral, demo.AdminPassword)
		if r := salma.Get("/membership/receipts/" + own[1] + ".pdf"); r.Status != http.StatusNotFound {
			t.Fatalf("someone else's receipt: %d", r.Status)
		}
		if r := env.Client(t).Post("/webhooks/stripe", url.Values{}); r.Status != http.StatusNotFound {
			t.Fatalf("webhook without Stripe configured: %d", r.Status)
		}
	})
}

func TestAMemberPaysOnlineAndTheWebhookRecordsIt(t *testing.T) {
	api := stripetest.StartMock(t)
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		mailDir := t.TempDir()
		env := apptest.New(t, db, map[string]string{"MAJLIS_STRIPE_SECRET_KEY": stripetest.TestSecretKey,
			"MAJLIS_STRIPE_WEBHOOK_SECRET": "whsec_web", "MAJLIS_STRIPE_API_URL": api, "MAJLIS_MAIL_DIR": mailDir})
		ctx := t.Context()
		// Nadia owes next year's dues once the treasurer opens it.
		treasurer := env.Client(t)
		treasurer.SignIn(youssef, demo.AdminPassword)
		if r := treasurer.Post("/treasurer/periods", url.Values{"year": {"2027"}, "confirmed": {"yes"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("open 2027: %d", r.Status)
		}
		nm := db.Ent.Member.Query().Where(member.Email(plainMember)).OnlyX(ctx)
		charge := db.Ent.DuesCharge.Query().Where(duescharge.MemberID(nm.ID), duescharge.StatusEQ(duescharge.StatusOpen)).OnlyX(ctx)
		nadia := env.Client(t)
		nadia.SignIn(plainMember, demo.AdminPassword)
		r := nadia.Post("/membership/dues/"+itoa(charge.ID)+"/pay", nil)
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "https://") {
			t.Fatalf("pay: %d %s", r.Status, r.Location)
		}
		session := db.Ent.Checkout.Query().OnlyX(ctx).SessionID
		hook := func(payload []byte, sig string) int {
			req, _ := http.NewRequest(http.MethodPost, "/webhooks/stripe", strings.NewReader(string(payload)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Stripe-Signature", sig)
			res, err := env.Server.App().Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode
		}
		payload, sig := stripetest.SignedEvent(t, "whsec_web", "checkout.session.completed", stripetest.CheckoutCompleted(session, "", charge.Amount, charge.Currency))
		if code := hook(payload, "t=1,v1=forged"); code != http.StatusBadRequest {
			t.Fatalf("forged webhook: %d", code)
		}
		if code := hook(payload, sig); code != http.StatusOK {
			t.Fatalf("webhook: %d", code)
		}
		if code := hook(payload, sig); code != http.StatusOK {
			t.Fatalf("replayed webhook: %d", code)
		}
		if n := db.Ent.Payment.Query().Where(payment.ChargeID(charge.ID)).CountX(ctx); n != 1 {
			t.Fatalf("%d payments", n)
		}
		if page := nadia.Get("/membership/dues?checkout=done"); !strings.Contains(page.Body, `id="checkout-done"`) || !strings.Contains(page.Body, "good standing") {
			t.Fatal("the member's page does not show the payment")
		}
		// The receipt goes out by mail, its PDF made when the mail is sent.
		env.RunJobs(t)
		files, _ := filepath.Glob(filepath.Join(mailDir, "*.eml"))
		found := false
		for _, f := range files {
			raw, _ := os.ReadFile(f)
			if strings.Contains(string(raw), "<"+plainMember+">") && strings.Contains(string(raw), "application/pdf") {
				found = true
			}
		}
		if !found {
			t.Fatalf("no receipt with its PDF among %d messages", len(files))
		}
	})
}
