package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/memberevent"
	"github.com/omsn/majlis/ent/user"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/board"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/statutes"
	"github.com/omsn/majlis/internal/testdb"
)

func seed(t *testing.T, db *database.DB) {
	t.Helper()
	start := time.Now()
	seeded, err := demo.Seed(context.Background(), db.Ent, auth.NewHasher(auth.FastHashParams))
	if err != nil || !seeded {
		t.Fatalf("seed: %v %v", seeded, err)
	}
	t.Logf("seeded in %v", time.Since(start))
}

func TestTheDemoRosterHasAboutTwoHundredMembersInEveryStatusAndCategory(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		seed(t, db)
		ctx := context.Background()
		all := db.Ent.Member.Query().AllX(ctx)
		statuses := map[member.Status]int{}
		categories := map[string]int{}
		generated := 0
		for _, m := range all {
			statuses[m.Status]++
			if m.Status != member.StatusApplicant {
				categories[m.Category]++
				if m.UserID == nil {
					generated++
				}
			}
			if m.Category == "institutional" && m.Status != member.StatusApplicant &&
				(m.Kind != member.KindOrganisation || m.OrganisationName == "" || m.RepresentativeName == "") {
				t.Errorf("institutional member %d without organisation or representative", m.ID)
			}
		}
		if generated < 190 || generated > 210 {
			t.Errorf("%d generated members, want about 200", generated)
		}
		for _, s := range []member.Status{member.StatusApplicant, member.StatusActive, member.StatusLapsed, member.StatusSuspended,
			member.StatusResigned, member.StatusExcluded, member.StatusDeceased} {
			if statuses[s] == 0 {
				t.Errorf("no member %s", s)
			}
		}
		for _, c := range governance.OMSN().Categories {
			if categories[c.Code] == 0 {
				t.Errorf("no member in category %s", c.Code)
			}
		}
		t.Logf("statuses %v, categories %v", statuses, categories)
	})
}

// Each member's status is where their history leads, and the history
// happens between their admission and today.
func TestEveryDemoStatusIsExplainedByTheMembersHistory(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		seed(t, db)
		ctx := context.Background()
		ms := db.Ent.Member.Query().Where(member.StatusNEQ(member.StatusApplicant)).
			WithEvents(func(q *ent.MemberEventQuery) { q.Order(ent.Asc(memberevent.FieldAt), ent.Asc(memberevent.FieldID)) }).AllX(ctx)
		now := time.Now()
		for _, m := range ms {
			status := ""
			for _, e := range m.Edges.Events {
				if e.At.Before(*m.JoinedOn) || e.At.After(now) {
					t.Errorf("member %s: event %s on %v, joined %v", *m.Number, e.Kind, e.At, m.JoinedOn)
				}
				if e.Kind == "approved" || e.Kind == "status_changed" {
					if e.FromStatus != status && !(e.Kind == "approved" && e.FromStatus == "applicant") {
						t.Errorf("member %s: %s from %q while %q", *m.Number, e.Kind, e.FromStatus, status)
					}
					status = e.ToStatus
				}
				if e.ToStatus == "excluded" && (e.HeardOn == nil || !e.HeardOn.Before(e.At) || e.DecisionReference == "") {
					t.Errorf("member %s excluded without a prior hearing or a decision", *m.Number)
				}
			}
			if status != string(m.Status) {
				t.Errorf("member %s is %s, history says %q", *m.Number, m.Status, status)
			}
		}
	})
}

func TestTheDemoAccountsAndTheBoardOfBothTerms(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		seed(t, db)
		ctx := context.Background()
		if n := db.Ent.User.Query().CountX(ctx); n != 4 {
			t.Fatalf("%d accounts, want 4", n)
		}
		salma := db.Ent.Member.Query().Where(member.HasAccountWith(user.Email("salma.idrissi@omsn.example"))).OnlyX(ctx)
		if salma.Status != member.StatusActive || salma.Category != "founding" || *salma.Number != "OMSN-00001" {
			t.Fatalf("Salma Idrissi: %s %s %s", salma.Status, salma.Category, *salma.Number)
		}
		if n := db.Ent.Mandate.Query().Where(mandate.MemberID(salma.ID), mandate.Position("secretary_general")).CountX(ctx); n != 2 {
			t.Fatalf("the secretary general has %d terms, want 2", n)
		}
		st := statutes.NewService(db.Ent)
		s := board.NewService(db.Ent, st)
		s.Now = func() time.Time { return time.Date(2026, time.November, 22, 0, 0, 0, 0, time.UTC) }
		seats, err := s.Current(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, seat := range seats {
			if seat.Holder == "" {
				t.Errorf("%s vacant", seat.Position.Code)
			}
		}
		// The statutes allow one renewal in a row: a third term is refused.
		_, err = s.RecordMandate(ctx, board.NewMandate{MemberID: salma.ID, Position: "secretary_general",
			Start: time.Date(2028, time.March, 26, 0, 0, 0, 0, time.UTC), Source: mandate.SourceElected, Reference: "AGO 2028"})
		if v, ok := apperr.AsValidation(err); !ok || v.Fields["member_id"].Key != "board.error.renewal_limit" {
			t.Fatalf("third term: %v", err)
		}
		// Seeding again changes nothing.
		if again, err := demo.Seed(ctx, db.Ent, auth.NewHasher(auth.FastHashParams)); err != nil || again {
			t.Fatalf("second seed: %v %v", again, err)
		}
	})
}
