package board_test

import (
	"context"
	"testing"
	"time"

	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/board/mandaterule"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"
)

// A running mandate is one rule: the query (RunningOn) and the check on a
// mandate read (Running) select the same mandates, on every day around
// their start, their early end and the end of their term.
func TestRunningOnAndRunningAgreeOnEveryBoundary(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
		holder := newMember(t, db, member.StatusActive)
		create := func(start, end time.Time, ended *time.Time) {
			db.Ent.Mandate.Create().SetMemberID(holder.ID).SetPosition("assessor").SetOffice(mandate.OfficeAssessor).
				SetStartOn(start).SetEndOn(end).SetNillableEndedOn(ended).SetSource(mandate.SourceElected).
				SetSourceReference("AGO").ExecX(ctx)
		}
		endedEarly := d(2025, 3, 1)
		create(d(2023, 6, 1), d(2026, 6, 1), nil)
		create(d(2023, 6, 1), d(2026, 6, 1), &endedEarly)
		create(d(2026, 6, 1), d(2029, 6, 1), nil)
		all := db.Ent.Mandate.Query().AllX(ctx)
		for _, on := range []time.Time{d(2023, 5, 31), d(2023, 6, 1), d(2025, 2, 28), d(2025, 3, 1), d(2026, 5, 31),
			d(2026, 6, 1), d(2029, 5, 31).Add(23 * time.Hour), d(2029, 6, 1)} {
			queried := map[int]bool{}
			for _, id := range db.Ent.Mandate.Query().Where(mandaterule.RunningOn(on)).IDsX(ctx) {
				queried[id] = true
			}
			running := 0
			for _, m := range all {
				if mandaterule.Running(m, on) != queried[m.ID] {
					t.Errorf("mandate %d on %s: Running %v, RunningOn %v", m.ID, on, mandaterule.Running(m, on), queried[m.ID])
				}
				if mandaterule.Running(m, on) {
					running++
				}
			}
			if on.Equal(d(2025, 2, 28)) && running != 2 || on.Equal(d(2025, 3, 1)) && running != 1 || on.Equal(d(2029, 6, 1)) && running != 0 {
				t.Errorf("%d running on %s", running, on)
			}
		}
	})
}
