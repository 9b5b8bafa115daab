package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent/mailmessage"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

// Every test client has the same address, as every browser has behind a
// proxy that is not trusted: the attacker shares it with the owner.
func TestAnAttackerAtTheSameAddressDoesNotLockOutABrowserThatSignedInBefore(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		owner := s.visitor()
		owner.SignIn(nadia, demo.AdminPassword)
		if owner.Cookie("majlis_device") == "" {
			t.Fatal("signing in set no device cookie")
		}
		owner.Post("/sign-out", nil)

		attacker := s.visitor()
		for i := 0; i < 3*apptest.TestThrottle.LockPairAfter; i++ {
			attacker.Post("/sign-in", url.Values{"email": {nadia}, "password": {"guess"}})
		}
		if r := attacker.Post("/sign-in", url.Values{"email": {nadia}, "password": {demo.AdminPassword}}); r.Status != http.StatusTooManyRequests {
			t.Fatalf("the attacker's browser with the right password: %d, want 429", r.Status)
		}
		r := owner.Post("/sign-in", url.Values{"email": {nadia}, "password": {demo.AdminPassword}})
		if r.Status != http.StatusSeeOther || !signedIn(t, owner) {
			t.Fatalf("the owner's browser after the attack: %d %s", r.Status, problemOf(r.Body))
		}
	})
}

// The way back in that always works: a reset link from the mailbox lifts
// the locks, even for a browser the account has never seen.
func TestAPasswordResetLiftsTheLocksOfTheAccount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		attacker := s.visitor()
		for i := 0; i <= apptest.TestThrottle.LockPairAfter; i++ {
			attacker.Post("/sign-in", url.Values{"email": {nadia}, "password": {"guess"}})
		}
		owner := s.visitor() // a new browser: no device cookie, same address
		if r := owner.Post("/sign-in", url.Values{"email": {nadia}, "password": {demo.AdminPassword}}); r.Status != http.StatusTooManyRequests {
			t.Fatalf("a new browser at the attacker's address: %d, want 429", r.Status)
		}
		owner.Post("/password/forgot", url.Values{"email": {nadia}})
		msg := db.Ent.MailMessage.Query().Where(mailmessage.Kind("password_reset")).OnlyX(t.Context())
		m := resetLink.FindStringSubmatch(msg.TextBody)
		if m == nil {
			t.Fatalf("no link in:\n%s", msg.TextBody)
		}
		const fresh = "a brand new passphrase"
		if r := owner.Post(m[1], url.Values{"new_password": {fresh}, "confirm_password": {fresh}}); r.Status != http.StatusSeeOther {
			t.Fatalf("setting the password through the link: %d", r.Status)
		}
		if r := owner.Post("/sign-in", url.Values{"email": {nadia}, "password": {fresh}}); r.Status != http.StatusSeeOther {
			t.Fatalf("signing in after the reset: %d %s", r.Status, problemOf(r.Body))
		}
	})
}

func TestTheCurrentPasswordCheckLocksTheSessionThatGuessesNotTheOwnersOthers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		stolen, own := s.as(salma), s.as(salma)
		change := func(c *apptest.Client, current string) *apptest.Response {
			return c.Post("/account/password", url.Values{"current_password": {current},
				"new_password": {"a brand new passphrase"}, "confirm_password": {"a brand new passphrase"}})
		}
		for i := 0; i < apptest.TestThrottle.LockPairAfter; i++ {
			r := change(stolen, "guess")
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, text("fr", "error.password_wrong")) {
				t.Fatalf("guess %d: %d", i+1, r.Status)
			}
		}
		r := change(stolen, demo.AdminPassword)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("the right password from the guessing session: %d, want 422", r.Status)
		}
		mustSay(t, r.Body, "fr", "error.password_checks_locked", "Minutes", int(apptest.TestThrottle.LockFor.Minutes()))
		if r := change(own, demo.AdminPassword); r.Status != http.StatusSeeOther {
			t.Fatalf("the owner's other session: %d, want 303", r.Status)
		}
	})
}
