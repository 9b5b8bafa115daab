package dues_test

import (
	"testing"
	"time"

	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/governance"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestTermsFollowTheStatutes(t *testing.T) {
	calendar := governance.OMSN() // calendar year, 90 days' grace, no pro rata
	proRata := governance.OMSN()
	proRata.Dues.ProRata = true
	anniversary := governance.OMSN()
	anniversary.Dues.Period = governance.Anniversary
	active, _ := calendar.Category("active")     // 300.00 MAD
	honorary, _ := calendar.Category("honorary") // exempt
	cases := []struct {
		name   string
		rules  governance.Rules
		cat    governance.Category
		joined time.Time
		want   dues.Terms
		owes   bool
	}{
		{"a member of long standing owes the year", calendar, active, date(2022, 3, 26),
			dues.Terms{Amount: 30000, CoversFrom: date(2026, 1, 1), CoversTo: date(2027, 1, 1), GraceUntil: date(2026, 4, 1)}, true},
		{"joining in June without pro rata: the whole amount, grace from joining", calendar, active, date(2026, 6, 15),
			dues.Terms{Amount: 30000, CoversFrom: date(2026, 6, 15), CoversTo: date(2027, 1, 1), GraceUntil: date(2026, 9, 13)}, true},
		{"joining in June with pro rata: seven months of twelve", proRata, active, date(2026, 6, 15),
			dues.Terms{Amount: 17500, CoversFrom: date(2026, 6, 15), CoversTo: date(2027, 1, 1), GraceUntil: date(2026, 9, 13)}, true},
		{"joining in December with pro rata: one month", proRata, active, date(2026, 12, 31),
			dues.Terms{Amount: 2500, CoversFrom: date(2026, 12, 31), CoversTo: date(2027, 1, 1), GraceUntil: date(2027, 3, 31)}, true},
		{"joining on the first day: no pro rata reduction", proRata, active, date(2026, 1, 1),
			dues.Terms{Amount: 30000, CoversFrom: date(2026, 1, 1), CoversTo: date(2027, 1, 1), GraceUntil: date(2026, 4, 1)}, true},
		{"anniversary: the year runs from the day of joining", anniversary, active, date(2023, 5, 10),
			dues.Terms{Amount: 30000, CoversFrom: date(2026, 5, 10), CoversTo: date(2027, 5, 10), GraceUntil: date(2026, 8, 8)}, true},
		{"anniversary of 29 February", anniversary, active, date(2024, 2, 29),
			dues.Terms{Amount: 30000, CoversFrom: date(2026, 2, 28), CoversTo: date(2027, 2, 28), GraceUntil: date(2026, 5, 29)}, true},
		{"honorary members owe nothing", calendar, honorary, date(2022, 3, 26), dues.Terms{}, false},
		{"joining after the period: nothing for it", calendar, active, date(2027, 1, 1), dues.Terms{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, owes := dues.TermsFor(c.rules, c.cat, 2026, c.joined)
			if owes != c.owes || got != c.want {
				t.Fatalf("got %+v %v, want %+v %v", got, owes, c.want, c.owes)
			}
		})
	}
}

func TestProRataRoundsToTheNearestCentime(t *testing.T) {
	r := governance.OMSN()
	r.Dues.ProRata = true
	cat := governance.Category{Code: "x", DuesAmount: 1000} // 10.00
	for month, want := range map[time.Month]int64{time.January: 1000, time.February: 917, time.March: 833, time.July: 500, time.December: 83} {
		got, _ := dues.TermsFor(r, cat, 2026, date(2026, month, 2))
		if got.Amount != want {
			t.Errorf("joining in %s: %d, want %d", month, got.Amount, want)
		}
	}
}
