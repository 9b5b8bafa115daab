package members_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/testdb"
	"github.com/omsn/majlis/internal/textinput"
)

// mailbox keeps the mails the service queues, as a recipient would find
// them.
type mailbox struct {
	mu    sync.Mutex
	mails []mail.Mail
}

func (b *mailbox) Queue(_ context.Context, m mail.Mail) (*ent.MailMessage, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.mails = append(b.mails, m)
	return &ent.MailMessage{}, nil
}

// to returns the mails of a kind sent to an address.
func (b *mailbox) to(address, kind string) []mail.Mail {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []mail.Mail
	for _, m := range b.mails {
		if strings.EqualFold(m.To.Address, address) && m.Kind == kind {
			out = append(out, m)
		}
	}
	return out
}

// confirmToken returns the token of the last confirmation link mailed to
// an address.
func (b *mailbox) confirmToken(t *testing.T, address string) string {
	t.Helper()
	ms := b.to(address, "application_confirm")
	if len(ms) == 0 {
		t.Fatalf("no confirmation mailed to %s", address)
	}
	path, _ := ms[len(ms)-1].Data["Path"].(string)
	token, ok := strings.CutPrefix(path, "/apply/confirm/")
	if !ok {
		t.Fatalf("confirmation link %q", path)
	}
	return token
}

func TestAnApplicationReachesTheBoardOnlyOnceItsAddressIsConfirmed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		box := s.Mail.(*mailbox)
		in := application("Salma@Example.ma")
		in.FirstName = "Salma, cliquez ici : https://phish.example"
		if err := s.Apply(ctx, in); err != nil {
			t.Fatal(err)
		}
		if n := db.Ent.User.Query().CountX(ctx); n != 0 {
			t.Fatalf("%d accounts before the address is confirmed", n)
		}
		if n := db.Ent.Member.Query().CountX(ctx); n != 0 {
			t.Fatalf("%d members before the address is confirmed", n)
		}
		if pending, _ := s.PendingApplications(ctx); len(pending) != 0 {
			t.Fatalf("the board sees %d unconfirmed applications", len(pending))
		}
		sent := box.to("salma@example.ma", "application_confirm")
		if len(sent) != 1 || sent[0].To.Name != "" || !sent[0].Confidential {
			t.Fatalf("confirmation mails: %+v", sent)
		}
		if len(box.mails) != 1 {
			t.Fatalf("%d mails, want only the confirmation", len(box.mails))
		}
		token := box.confirmToken(t, "salma@example.ma")
		if err := s.CheckApplicationLink(ctx, token); err != nil {
			t.Fatal(err)
		}
		m, err := s.ConfirmApplication(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != member.StatusApplicant || m.Application != member.ApplicationPending || m.UserID == nil {
			t.Fatalf("applicant: %+v", m)
		}
		if pending, _ := s.PendingApplications(ctx); len(pending) != 1 || pending[0].ID != m.ID {
			t.Fatalf("pending after confirmation: %v", pending)
		}
		if got := box.to("salma@example.ma", "application_received"); len(got) != 1 {
			t.Fatalf("%d application_received mails", len(got))
		}
		if _, err := s.ConfirmApplication(ctx, token); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("second use of the link: %v", err)
		}
		if _, err := s.ConfirmApplication(ctx, "forged"); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("forged link: %v", err)
		}
	})
}

func TestAnUnconfirmedApplicationExpires(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		in := application("late@example.ma")
		if err := s.Apply(ctx, in); err != nil {
			t.Fatal(err)
		}
		token := s.Mail.(*mailbox).confirmToken(t, in.Email)
		now = now.Add(members.ApplicationLinkValidity + time.Minute)
		if _, err := s.ConfirmApplication(ctx, token); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("expired link: %v", err)
		}
		if n, err := s.PurgeUnconfirmedApplications(ctx); err != nil || n != 1 {
			t.Fatalf("purged %d %v", n, err)
		}
		if n := db.Ent.PendingApplication.Query().CountX(ctx); n != 0 {
			t.Fatalf("%d unconfirmed applications kept", n)
		}
	})
}

func TestApplyingWithAKnownEmailAnswersTheSameAndMailsTheOwner(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		box := s.Mail.(*mailbox)
		owner := apply(t, s, "owner@example.ma")
		before := len(box.mails)
		in := application("OWNER@example.ma")
		in.FirstName = "Someone Else"
		if err := s.Apply(ctx, in); err != nil {
			t.Fatalf("a known email answers %v, an unknown one nil", err)
		}
		told := box.to("owner@example.ma", "application_account_exists")
		if len(told) != 1 || told[0].To.UserID != *owner.UserID || told[0].To.Name != "Salma Idrissi" {
			t.Fatalf("owner's notice: %+v", told)
		}
		if len(box.mails) != before+1 {
			t.Fatalf("%d mails, want only the owner's notice", len(box.mails)-before)
		}
		if n := db.Ent.PendingApplication.Query().CountX(ctx); n != 0 {
			t.Fatalf("%d unconfirmed applications for a known email", n)
		}
	})
}

func TestApplicationsAreLimitedPerClientAddressAndPerEmail(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		box := s.Mail.(*mailbox)
		accepted := 0
		for i := range 20 {
			in := application("victim" + string(rune('a'+i)) + "@example.ma")
			in.ClientAddress = "203.0.113.9"
			switch err := s.Apply(ctx, in); {
			case err == nil:
				accepted++
			case !errors.Is(err, members.ErrTooManyApplications):
				t.Fatal(err)
			}
		}
		if accepted != members.DefaultApplyLimits.PerAddress.Max || len(box.mails) != accepted {
			t.Fatalf("%d of 20 applications from one address accepted, %d mails", accepted, len(box.mails))
		}
		accepted = 0
		for i := range 6 {
			in := application("target@example.ma")
			in.ClientAddress = "198.51.100." + string(rune('1'+i))
			if err := s.Apply(ctx, in); err == nil {
				accepted++
			}
		}
		if accepted != members.DefaultApplyLimits.PerEmail.Max {
			t.Fatalf("%d applications to one email accepted", accepted)
		}
		// The limit is the same for an email with an account, so it tells
		// nothing either.
		apply(t, s, "known@example.ma")
		accepted = 0
		for i := range 6 {
			in := application("known@example.ma")
			in.ClientAddress = "192.0.2." + string(rune('1'+i))
			if err := s.Apply(ctx, in); err == nil {
				accepted++
			}
		}
		if accepted != members.DefaultApplyLimits.PerEmail.Max-1 {
			t.Fatalf("%d applications to a known email accepted", accepted)
		}
	})
}

func TestAnApplicationRefusesControlCharactersAtTheField(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		in := application("ctl@example.ma")
		in.FirstName = "Salma\r\nBcc: all@example.org"
		in.LastName = "Idr\x00issi"
		in.City = "\xff"
		in.Motivation = "Deux lignes\nsont permises"
		err := s.Apply(ctx, in)
		v, ok := apperr.AsValidation(err)
		if !ok {
			t.Fatalf("got %v", err)
		}
		for _, f := range []string{"first_name", "last_name", "city"} {
			if v.Fields[f].Key != textinput.MessageKey {
				t.Errorf("%s: %+v", f, v.Fields[f])
			}
		}
		if _, bad := v.Fields["motivation"]; bad {
			t.Error("a motivation on two lines was refused")
		}
		if n := db.Ent.PendingApplication.Query().CountX(ctx); n != 0 {
			t.Fatal("a refused application was kept")
		}
	})
}
