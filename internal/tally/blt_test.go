package tally

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// equalBLT has equal preferences: three papers B first, then A and D
// both marked 2 (and C marked 3); two papers with A and B both marked 1.
const equalBLT = `4 1
3 2 1=4 3 0
2 1=2 0
4 1 0
5 3 0
2 4 0
0
"A"
"B"
"C"
"D"
"Equal preferences"
`

// TestBLTEqualPreferences reads "=" as the Scottish rules read a paper
// with two equal preferences: valid up to them, then non-transferable;
// void when the first preference itself is shared.
func TestBLTEqualPreferences(t *testing.T) {
	e, err := ReadBLT(strings.NewReader(equalBLT))
	if err != nil {
		t.Fatal(err)
	}
	want := []Ballot{
		{Weight: 3, Choices: []int{1}, Equal: []int{0, 3}}, // the 3 after the equal 2s is dropped
		{Weight: 2, Choices: []int{}, Equal: []int{0, 1}},
		{Weight: 4, Choices: []int{0}},
		{Weight: 5, Choices: []int{2}},
		{Weight: 2, Choices: []int{3}},
	}
	if !reflect.DeepEqual(normalize(e).Ballots, normalize(&Election{Ballots: want}).Ballots) {
		t.Fatalf("ballots %+v", e.Ballots)
	}

	// Valid 14, quota 8. Stage 1: A 4, B 3, C 5, D 2. D is excluded
	// (2 non-transferable), then B: its 3 papers have no next available
	// preference, so they do not go to A or D (the equal 2s) nor to C
	// (the 3 after them). Stage 4 excludes A; C is elected. Read as
	// B>A>D>C they would have elected A.
	for _, m := range []Method{STV, IRV} {
		r := mustCount(t, m, e, Options{})
		if r.Ballots != (BallotCount{Total: 16, Valid: 14, Invalid: 2}) {
			t.Errorf("%s: ballots %+v", m, r.Ballots)
		}
		if got := names(r, r.Winners); got != "C" {
			t.Errorf("%s: elected %s, want C", m, got)
		}
		s := r.Stages[2]
		if s.From != 1 || s.NonTransferableGain != WholeVotes(3) || s.Votes[0] != WholeVotes(4) || s.Votes[2] != WholeVotes(5) {
			t.Errorf("%s: stage 3 from %d, non-transferable +%s, votes %v", m, s.From, s.NonTransferableGain, s.Votes)
		}
	}

	// Written back with the equal candidates, and read again the same.
	var buf bytes.Buffer
	if err := WriteBLT(&buf, e); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"\n3 2 1=4 0\n", "\n2 1=2 0\n"} {
		if !strings.Contains(buf.String(), line) {
			t.Errorf("written file lacks %q:\n%s", line, buf.String())
		}
	}
	again, err := ReadBLT(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(normalize(e), normalize(again)) {
		t.Errorf("round trip changed the election: %+v", again.Ballots)
	}
}

func TestBLTEqualPreferenceErrors(t *testing.T) {
	head := "4 1\n1 1 0\n"
	tail := "0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"T\"\n"
	cases := map[string]struct{ ballot, code string }{
		"nothing after =":          {"1 2= 0\n", "preference"},
		"nothing before =":         {"1 =2 0\n", "preference"},
		"a letter":                 {"1 2=x 0\n", "preference"},
		"no such candidate":        {"1 2=5 0\n", "unknown_candidate"},
		"zero in a group":          {"1 2=0 0\n", "unknown_candidate"},
		"twice in a group":         {"1 2=2 0\n", "repeated"},
		"ranked before and equal":  {"1 2 1=2 0\n", "repeated"},
		"ranked after the group":   {"1 1=2 2 0\n", "repeated"},
		"unknown after the group":  {"1 1=2 7 0\n", "unknown_candidate"},
		"group as the terminator":  {"1 1=2\n", "terminator"},
		"group as weight":          {"1=2 1 0\n", "weight"},
		"two groups, second twice": {"1 1=2 3=2 0\n", "repeated"},
	}
	for name, tc := range cases {
		_, err := ReadBLT(strings.NewReader(head + tc.ballot + tail))
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line != 3 || pe.Code != tc.code {
			t.Errorf("%s: %v, want line 3 %s", name, err, tc.code)
		}
	}
	// Two groups: only the first matters; the second is checked, dropped.
	e, err := ReadBLT(strings.NewReader(head + "1 3 1=2 4 0\n" + tail))
	if err != nil || !slices.Equal(e.Ballots[1].Choices, []int{2}) || !slices.Equal(e.Ballots[1].Equal, []int{0, 1}) {
		t.Fatalf("%v %+v", err, e)
	}
}

func TestWriteBLTRefusesALoneEqualCandidate(t *testing.T) {
	e := &Election{Candidates: []string{"A", "B"}, Seats: 1, Ballots: []Ballot{{Weight: 1, Choices: []int{0}, Equal: []int{1}}}}
	if err := WriteBLT(&bytes.Buffer{}, e); !errors.Is(err, ErrInput) {
		t.Errorf("err = %v", err)
	}
	// Counted, such a ballot is invalid rather than a crash.
	r := mustCount(t, STV, e, Options{})
	if r.Ballots.Invalid != 1 {
		t.Errorf("ballots %+v", r.Ballots)
	}
}
