package statutes_test

import (
	"testing"

	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/statutes"
)

func TestComparingTextsMarksAddedAndRemovedLines(t *testing.T) {
	got := statutes.CompareText("a\nb\nc\n", "a\nB\nc\nd\n")
	want := []statutes.DiffLine{{statutes.Same, "a"}, {statutes.Removed, "b"}, {statutes.Added, "B"}, {statutes.Same, "c"}, {statutes.Added, "d"}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: %v, want %v", i, got[i], want[i])
		}
	}
}

func TestComparingRulesListsWhatChangedByCode(t *testing.T) {
	a, b := demo.OMSNRules(), demo.OMSNRules()
	b.Categories[1].DuesAmount = 40000
	b.Positions = append(b.Positions[:4], b.Positions[5:]...) // no assessors
	// Reordering alone changes nothing.
	b.Categories[0], b.Categories[2] = b.Categories[2], b.Categories[0]
	changes := statutes.CompareRules(a, b)
	byPath := map[string]statutes.RuleChange{}
	for _, c := range changes {
		byPath[c.Path] = c
	}
	if c := byPath["categories.active.dues_amount"]; c.Old != "30000" || c.New != "40000" {
		t.Errorf("dues change: %+v", c)
	}
	if c := byPath["positions.assessor.seats"]; c.Old != "2" || c.New != "" {
		t.Errorf("removed position: %+v", c)
	}
	for _, c := range changes {
		if c.Path == "categories.founding.dues_amount" {
			t.Error("reordering reported as a change")
		}
	}
}
