package dues_test

import (
	"context"
	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/dues"
	"testing"

	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/duesperiod"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"
)

// The treasurer confirms an opening on the figures of the preview: they
// must be those the opening then charges, and the preview must change
// nothing.
func TestThePreviewOfAPeriodGivesTheFiguresTheOpeningCharges(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := setup(t, db)
		ctx := context.Background()
		f.member(t, "active", member.StatusActive, date(2023, 1, 10))
		f.member(t, "founding", member.StatusLapsed, date(2022, 3, 26))
		f.member(t, "honorary", member.StatusActive, date(2022, 3, 26)) // exempt
		f.member(t, "active", member.StatusResigned, date(2022, 3, 26)) // not a current member
		f.member(t, "active", member.StatusActive, date(2026, 3, 1))

		pv, err := f.svc.PreviewPeriod(ctx, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if n := db.Ent.DuesPeriod.Query().CountX(ctx); n != 0 {
			t.Fatalf("the preview opened %d periods", n)
		}
		if pv.Year != 2026 || pv.Members != 3 || pv.Currency != "MAD" {
			t.Fatalf("preview: %+v", pv)
		}
		_, n, err := f.svc.OpenPeriod(ctx, 2026, 0)
		if err != nil {
			t.Fatal(err)
		}
		charges := db.Ent.DuesCharge.Query().Where(duescharge.HasPeriodWith(duesperiod.Year(2026))).AllX(ctx)
		var total int64
		for _, c := range charges {
			total += c.Amount
		}
		if n != pv.Members || len(charges) != pv.Members || total != pv.Total {
			t.Fatalf("preview said %d members for %d, the opening charged %d for %d", pv.Members, pv.Total, len(charges), total)
		}
		// Once opened, the preview refuses the year as the opening does.
		_, err = f.svc.PreviewPeriod(ctx, 2026)
		if v, ok := apperr.AsValidation(err); !ok || v.Fields["year"].Key != "dues.error.period_open" {
			t.Fatalf("preview of an opened year: %v", err)
		}
		if _, err := f.svc.PreviewPeriod(ctx, 2030); err == nil {
			t.Fatal("a preview of a year out of range was given")
		}
	})
}

func TestTheYearProposedIsTheCurrentOneWhileItIsNotOpen(t *testing.T) {
	now := date(2026, 12, 3)
	periods := func(years ...int) []*ent.DuesPeriod {
		var out []*ent.DuesPeriod
		for _, y := range years {
			out = append(out, &ent.DuesPeriod{Year: y})
		}
		return out
	}
	cases := map[string]struct {
		open           []*ent.DuesPeriod
		propose, ahead int
	}{
		"nothing open":                  {nil, 2026, 2027},
		"last year only":                {periods(2025), 2026, 2027},
		"this year open":                {periods(2026, 2025), 0, 2027},
		"next year opened early":        {periods(2027, 2026), 0, 0},
		"next year open, this year not": {periods(2027, 2025), 2026, 0},
	}
	for name, c := range cases {
		if got := dues.YearToPropose(c.open, now); got != c.propose {
			t.Errorf("%s: proposes %d, want %d", name, got, c.propose)
		}
		if got := dues.YearAhead(c.open, now); got != c.ahead {
			t.Errorf("%s: year ahead %d, want %d", name, got, c.ahead)
		}
	}
}
