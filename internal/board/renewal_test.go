package board_test

import (
	"context"
	"testing"
	"time"

	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/board"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/statutes"
	"github.com/omsn/majlis/internal/testdb"
)

// setupRules adopts the demo rules as changed by edit, and returns the
// board service.
func setupRules(t *testing.T, db *database.DB, edit func(*governance.Rules)) *board.Service {
	t.Helper()
	ctx := context.Background()
	rules := governance.OMSN()
	edit(&rules)
	st := statutes.NewService(db.Ent)
	v, err := st.CreateDraft(ctx, statutes.Draft{TextFr: "Statuts", Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Adopt(ctx, v.ID, statutes.Adoption{AdoptedOn: time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), Reference: "AGC"}); err != nil {
		t.Fatal(err)
	}
	s := board.NewService(db.Ent, st)
	s.Now = func() time.Time { return today }
	return s
}

// assembly returns the day of the yearly assembly that elects the board.
func assembly(year int) time.Time { return time.Date(year, time.March, 26, 0, 0, 0, 0, time.UTC) }

// held is a mandate a member already held, recorded as history.
type held struct {
	start, end time.Time // end zero: a full three-year term
	endedOn    time.Time // zero: not ended early
	source     mandate.Source
}

func TestAMemberIsRenewedInARowNoMoreThanTheStatutesAllow(t *testing.T) {
	one, none := 1, 0
	cases := []struct {
		name     string
		position string
		held     []held
		start    time.Time
		// refused is the MaxRenewals the refusal names, nil if accepted.
		refused *int
	}{
		{name: "a first term", position: "president", start: assembly(2023)},
		{name: "one renewal when one is allowed", position: "president",
			held: []held{{start: assembly(2020)}}, start: assembly(2023)},
		{name: "a third term in a row is refused", position: "president",
			held: []held{{start: assembly(2017)}, {start: assembly(2020)}}, start: assembly(2023), refused: &one},
		{name: "an election held four months late is still a renewal", position: "president",
			held: []held{{start: assembly(2017)}, {start: assembly(2020)}}, start: assembly(2023).AddDate(0, 4, 0), refused: &one},
		{name: "a term after a long break starts a new run", position: "president",
			held: []held{{start: assembly(2014)}, {start: assembly(2017)}}, start: assembly(2022)},
		{name: "co-opted mandates count", position: "president",
			held: []held{
				{start: time.Date(2018, time.September, 1, 0, 0, 0, 0, time.UTC), end: assembly(2020), source: mandate.SourceCoOpted},
				{start: assembly(2020)},
			}, start: assembly(2023), refused: &one},
		{name: "a mandate ended early is apart from one starting long after", position: "president",
			held: []held{{start: assembly(2017), endedOn: assembly(2018)}, {start: assembly(2020)}}, start: assembly(2023)},
		{name: "a past term recorded late counts against the terms after it", position: "president",
			held: []held{{start: assembly(2020)}, {start: assembly(2023)}}, start: assembly(2017), refused: &one},
		{name: "a position not renewable refuses a second term", position: "vice_president",
			held: []held{{start: assembly(2020)}}, start: assembly(2023), refused: &none},
		{name: "an unlimited position is never refused", position: "treasurer",
			held:  []held{{start: assembly(2011)}, {start: assembly(2014)}, {start: assembly(2017)}, {start: assembly(2020)}},
			start: assembly(2023)},
	}
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := setupRules(t, db, func(r *governance.Rules) {
			for i, p := range r.Board.Positions {
				switch p.Code {
				case "treasurer":
					r.Board.Positions[i].MaxRenewals = governance.Unlimited
				case "vice_president":
					r.Board.Positions[i].MaxRenewals = 0
				}
			}
		})
		ctx := context.Background()
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				// Each case has the position to itself: no seat is taken
				// by another case's mandates.
				db.Ent.Mandate.Delete().ExecX(ctx)
				m := newMember(t, db, member.StatusActive)
				for _, h := range c.held {
					end := h.end
					if end.IsZero() {
						end = h.start.AddDate(3, 0, 0)
					}
					src := h.source
					if src == "" {
						src = mandate.SourceElected
					}
					create := db.Ent.Mandate.Create().SetMemberID(m.ID).SetPosition(c.position).
						SetOffice(mandate.Office(c.position)).SetStartOn(h.start).SetEndOn(end).SetSource(src).
						SetSourceReference("AGO")
					if !h.endedOn.IsZero() {
						create.SetEndedOn(h.endedOn)
					}
					create.ExecX(ctx)
				}
				_, err := s.RecordMandate(ctx, board.NewMandate{MemberID: m.ID, Position: c.position, Start: c.start,
					Source: mandate.SourceElected, Reference: "AGO"})
				if c.refused == nil {
					if err != nil {
						t.Fatalf("refused: %v", err)
					}
					return
				}
				v, ok := apperr.AsValidation(err)
				if !ok {
					t.Fatalf("accepted or failed otherwise: %v", err)
				}
				if got := v.Fields["member_id"]; got.Key != "board.error.renewal_limit" || got.Data["Max"] != *c.refused {
					t.Fatalf("refusal %+v, want board.error.renewal_limit with Max %d", v.Fields, *c.refused)
				}
			})
		}
	})
}
