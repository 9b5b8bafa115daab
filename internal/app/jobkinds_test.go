package app_test

import (
	"testing"

	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/i18n"
	"github.com/omsn/majlis/internal/jobs"
	"github.com/omsn/majlis/internal/testdb"
)

// The administrators' list of jobs names each kind in words: every kind
// the worker handles, the daily steps included, has a name in every
// language.
func TestEveryKindOfJobHasANameInEveryLanguage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		c, err := i18n.Load(nil)
		if err != nil {
			t.Fatal(err)
		}
		kinds := env.Worker.Kinds()
		if len(kinds) < 8 {
			t.Fatalf("the worker handles only %v", kinds)
		}
		for _, k := range append(kinds, "unknown") {
			key := jobs.KindKey(k)
			if k == "unknown" {
				key = jobs.OtherKindKey
			}
			for _, l := range i18n.Languages {
				if !c.Has(l.Code, key) {
					t.Errorf("job kind %s: no %s message %s", k, l.Code, key)
				}
			}
		}
	})
}
