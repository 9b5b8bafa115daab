package members_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/testdb"
)

func TestAFormerMembersPersonalDataIsErasedAndTheRecordKept(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		m := apply(t, s, "salma@example.ma")
		d := members.Decision{ActorID: 1, Reason: "Demande de la personne, courrier du 2 novembre"}
		if err := s.Approve(ctx, m.ID, "active", members.Decision{ActorID: 1}); err != nil {
			t.Fatal(err)
		}
		if err := s.Anonymise(ctx, m.ID, d); err == nil {
			t.Fatal("an active member was anonymised")
		}
		if err := s.ChangeStatus(ctx, m.ID, members.StatusChange{To: members.Resigned,
			Decision: members.Decision{ActorID: decider(t, db), Reason: "Démission", Reference: "Lettre du 1er novembre, bureau du 5"}}); err != nil {
			t.Fatal(err)
		}
		logged := db.Ent.MailMessage.Create().SetKind("application_approved").SetToAddress("salma@example.ma").
			SetToName("Salma").SetLang("fr").SetSubject("Bienvenue Salma").SetTextBody("Bonjour Salma").SetHTMLBody("<p>Bonjour Salma</p>").
			SetMessageID("erasure-test@example.org").SetMemberID(m.ID).SaveX(ctx)
		if err := s.Anonymise(ctx, m.ID, d); err != nil {
			t.Fatal(err)
		}
		if l := db.Ent.MailMessage.GetX(ctx, logged.ID); strings.Contains(l.ToAddress+l.ToName+l.Subject+l.TextBody+l.HTMLBody, "alma") || l.Kind != "application_approved" {
			t.Fatalf("the delivery log kept personal data: %+v", l)
		}
		got, _ := s.Get(ctx, m.ID)
		if got.Email != "" || strings.Contains(got.FirstName+got.LastName+got.SearchText, "salma") || got.Number == nil || got.AnonymisedAt == nil {
			t.Fatalf("after erasure: %+v", got)
		}
		u := db.Ent.User.GetX(ctx, *got.UserID)
		if !u.Disabled || strings.Contains(u.Email, "salma") {
			t.Fatalf("account after erasure: %+v", u)
		}
		h, _ := s.History(ctx, m.ID)
		if len(h) < 3 || h[len(h)-1].Kind != "anonymised" {
			t.Fatalf("history kept: %+v", h)
		}
		if err := s.Anonymise(ctx, m.ID, d); !errors.Is(err, apperr.ErrConflict) {
			t.Fatalf("twice: %v", err)
		}
	})
}
