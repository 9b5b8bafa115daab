package tally

import (
	"errors"
	"slices"
	"testing"
)

// thresholdElection: 1,000 valid votes, 18 seats. A 380, B 270, C 170,
// D 60, E 50 (exactly 5 %), F 49 (4.9 %), G 21.
//
// The D'Hondt averages, largest first (seat number: average, list):
//
//	 1: 380 A    2: 270 B    3: 190 A    4: 170 C    5: 135 B
//	 6: 126.67 A 7: 95 A     8: 90 B     9: 85 C    10: 76 A
//	11: 67.5 B  12: 63.33 A 13: 60 D    14: 56.67 C 15: 54.29 A
//	16: 54 B    17: 50 E    18: 49 F    then 47.5 A, 45 B, 42.5 C
//
// Without a threshold F takes the 18th seat: A 7, B 5, C 3, D, E, F 1.
// With 5 % F and G are out, E (exactly 5 %) stays, and the 18th seat
// goes to the next average, A's 47.5: A 8, B 5, C 3, D 1, E 1. With
// 5.01 % E is out as well: the 17th seat goes to A (47.5) and the 18th
// to B (45): A 8, B 6, C 3, D 1.
func thresholdElection() *Election {
	return election("ABCDEFG", 18, "380:A", "270:B", "170:C", "60:D", "50:E", "49:F", "21:G")
}

func TestDHondtThreshold(t *testing.T) {
	cases := []struct {
		threshold float64
		seats     []int
		below     []int
	}{
		{0, []int{7, 5, 3, 1, 1, 1, 0}, nil},
		{0.05, []int{8, 5, 3, 1, 1, 0, 0}, []int{5, 6}},
		{0.0501, []int{8, 6, 3, 1, 0, 0, 0}, []int{4, 5, 6}},
	}
	for _, tc := range cases {
		r := mustCount(t, List, thresholdElection(), Options{Apportionment: DHondt, ListThreshold: tc.threshold})
		if !slices.Equal(r.ListSeats, tc.seats) {
			t.Errorf("threshold %v: seats %v, want %v", tc.threshold, r.ListSeats, tc.seats)
		}
		if !slices.Equal(r.BelowThreshold, tc.below) || r.ListThreshold != tc.threshold {
			t.Errorf("threshold %v: below %v (reported %v), want %v", tc.threshold, r.BelowThreshold, r.ListThreshold, tc.below)
		}
		var excluded []int
		for _, d := range r.Stages[0].Excluded {
			if d.Reason != ReasonBelowThreshold {
				t.Errorf("threshold %v: reason %s", tc.threshold, d.Reason)
			}
			excluded = append(excluded, d.Candidate)
		}
		if !slices.Equal(excluded, tc.below) {
			t.Errorf("threshold %v: stage 1 excludes %v", tc.threshold, excluded)
		}
		if len(r.Winners) != 18 {
			t.Errorf("threshold %v: %d seats given", tc.threshold, len(r.Winners))
		}
		// No seat stage gives a list under the threshold an average.
		for _, s := range r.Stages[1:] {
			for _, c := range tc.below {
				if s.Votes[c] != 0 {
					t.Errorf("threshold %v: stage %d averages %s for %s", tc.threshold, s.Number, s.Votes[c], r.Candidates[c])
				}
			}
		}
	}
}

func TestListThresholdEdges(t *testing.T) {
	// The share is of the valid ballots: the 10 blank and 5 invalid ones
	// do not count. 100 valid: B has 10 %, exactly the threshold.
	e := election("ABC", 2, "90:A", "10:B", "10:", "5:A,B")
	r := mustCount(t, List, e, Options{Apportionment: DHondt, ListThreshold: 0.1})
	if r.Ballots.Valid != 100 || len(r.BelowThreshold) != 1 || r.BelowThreshold[0] != 2 {
		t.Errorf("ballots %+v, below %v", r.Ballots, r.BelowThreshold)
	}
	// Nobody reaches the threshold: nobody is elected.
	r = mustCount(t, List, election("ABC", 3, "3:A", "3:B", "4:C"), Options{Apportionment: DHondt, ListThreshold: 0.5})
	if len(r.Winners) != 0 || !slices.Equal(r.BelowThreshold, []int{0, 1, 2}) {
		t.Errorf("winners %v, below %v", r.Winners, r.BelowThreshold)
	}
	// Winner takes all applies it too.
	r = mustCount(t, List, election("AB", 3, "6:A", "4:B"), Options{ListThreshold: 0.7})
	if len(r.Winners) != 0 || r.ListSeats[0] != 0 {
		t.Errorf("winner takes all: %v", r.ListSeats)
	}
	for _, th := range []float64{-0.01, 1.5} {
		if _, err := CountList(thresholdElection(), Options{Apportionment: DHondt, ListThreshold: th}); !errors.Is(err, ErrInput) {
			t.Errorf("threshold %v: err = %v", th, err)
		}
	}
}
