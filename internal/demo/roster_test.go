package demo

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/omsn/majlis/internal/governance"
)

var founded = time.Date(2022, time.March, 26, 0, 0, 0, 0, time.UTC)

func roster() []*seedMember {
	rules := governance.OMSN()
	r := generateRoster(founded, []string{"Salma Idrissi", "Youssef Benali", "Nadia Chraibi"}, rules)
	writeHistories(r, pickBoard(r).members(), rules)
	return r
}

func TestTheGeneratedRosterIsTheSameOnEveryRun(t *testing.T) {
	a, b := roster(), roster()
	if len(a) != len(b) {
		t.Fatalf("%d then %d members", len(a), len(b))
	}
	for i := range a {
		if !reflect.DeepEqual(*a[i], *b[i]) {
			t.Fatalf("member %d differs: %+v then %+v", i, *a[i], *b[i])
		}
	}
}

// Names and addresses are never given twice, and no generated member is
// found by a search for a demo account's surname.
func TestGeneratedNamesAndAddressesAreUnique(t *testing.T) {
	names, emails := map[string]bool{}, map[string]bool{}
	for _, m := range roster() {
		if names[m.name()] || emails[m.email] {
			t.Errorf("%s <%s> given twice", m.name(), m.email)
		}
		names[m.name()], emails[m.email] = true, true
		for _, taken := range []string{"idrissi", "benali", "chraibi"} {
			if strings.Contains(m.searchText(""), taken) {
				t.Errorf("%s is found by a search for %s", m.name(), taken)
			}
		}
		if m.joined.Before(founded) || m.joined.After(horizon) {
			t.Errorf("%s joined on %v", m.name(), m.joined)
		}
	}
}

func TestFrenchDatesAndAddressHandles(t *testing.T) {
	for in, want := range map[time.Time]string{
		time.Date(2026, time.April, 1, 0, 0, 0, 0, time.UTC):  "1er avril 2026",
		time.Date(2025, time.March, 26, 0, 0, 0, 0, time.UTC): "26 mars 2025",
	} {
		if got := frDate(in); got != want {
			t.Errorf("%v: %q, want %q", in, got, want)
		}
	}
	if got := handle("Fatima Zahra") + "." + handle("Laâbi"); got != "fatimazahra.laabi" {
		t.Errorf("handle: %q", got)
	}
}
