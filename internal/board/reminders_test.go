package board_test

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent/mailmessage"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/board"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/i18n"
	"github.com/omsn/majlis/internal/jobs"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/testdb"
)

func TestHoldersAreRemindedNinetyThirtyAndSevenDaysBeforeTheirMandateEnds(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := setup(t, db)
		ctx := context.Background()
		catalog, err := i18n.Load(slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		base, _ := url.Parse("https://majlis.example.org")
		s.Mail, err = mail.NewMailer(db.Ent, jobs.NewQueue(db.Ent), catalog, mail.Settings{From: "noreply@example.org", BaseURL: base},
			func(context.Context) (mail.Identity, error) {
				return mail.Identity{Name: map[string]string{"fr": "OMSN"}}, nil
			})
		if err != nil {
			t.Fatal(err)
		}
		holder := newMember(t, db, member.StatusActive)
		db.Ent.Member.UpdateOne(holder).SetEmail("holder@example.org").ExecX(ctx)
		m, err := s.RecordMandate(ctx, board.NewMandate{MemberID: holder.ID, Position: "treasurer",
			Start: today.AddDate(-3, 0, 30), Source: mandate.SourceElected, Reference: "AGO"})
		if err != nil {
			t.Fatal(err)
		}
		// The mandate ends 30 days after today.
		for offset, want := range map[int]int{0: 1, 1: 0, -60: 1, 23: 1, 22: 0} {
			day := today.AddDate(0, 0, offset)
			n, err := s.RemindMandatesEnding(ctx, day)
			if err != nil || n != want {
				t.Errorf("%s: %d reminders, want %d (%v)", day.Format("2006-01-02"), n, want, err)
			}
		}
		sent := db.Ent.MailMessage.Query().Where(mailmessage.Kind("mandate_ending"), mailmessage.RelatedID(m.ID)).AllX(ctx)
		if len(sent) != 3 || !strings.Contains(sent[0].TextBody, "Trésorier") {
			t.Fatalf("%d reminders logged", len(sent))
		}
		// An office ended early is not reminded.
		if err := s.EndMandate(ctx, m.ID, today); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.RemindMandatesEnding(ctx, today); n != 0 {
			t.Fatal("a mandate already ended was reminded")
		}
	})
}
