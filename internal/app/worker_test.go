package app_test

import (
	"context"
	"slices"
	"testing"

	"github.com/omsn/majlis/ent/job"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"
)

// Each domain's daily step is a job of its own, and all of them run on the
// demo association.
func TestEveryDomainsDailyStepIsScheduledAsItsOwnJobAndRuns(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		env := apptest.New(t, db, nil)
		if err := env.Worker.ScheduleDaily(ctx); err != nil {
			t.Fatal(err)
		}
		env.RunJobs(t)
		var kinds []string
		for _, j := range db.Ent.Job.Query().Where(job.KindHasPrefix("daily:")).AllX(ctx) {
			if j.Status != job.StatusDone {
				t.Errorf("%s: %s (%s)", j.Kind, j.Status, j.LastError)
			}
			kinds = append(kinds, j.Kind)
		}
		slices.Sort(kinds)
		want := []string{"daily:dues_arrears", "daily:dues_lapse", "daily:dues_reminders", "daily:import_runs_cleanup", "daily:mandate_reminders",
			"daily:unconfirmed_applications_purge"}
		if !slices.Equal(kinds, want) {
			t.Fatalf("daily jobs %v, want %v", kinds, want)
		}
	})
}
