package tally

import (
	"errors"
	"slices"
	"testing"
)

func TestEdgeCases(t *testing.T) {
	cases := map[string]struct {
		method  Method
		e       *Election
		opt     Options
		winners string
		check   func(t *testing.T, r *Result)
	}{
		"STV exclusion tie with no earlier difference goes to the priority order": {
			method: STV, e: election("ABC", 1, "3:A", "2:B>C", "2:C"),
			opt:     Options{Tie: TieRule{Priority: []int{2, 1, 0}}}, // C before B: B is excluded
			winners: "C",
			check: func(t *testing.T, r *Result) {
				if d := r.Stages[1].Excluded[0]; d.Candidate != 1 || d.Reason != ReasonTiePriority {
					t.Errorf("excluded %+v", d)
				}
			},
		},
		"STV exclusion tie by lot is recorded and reproducible": {
			method: STV, e: election("ABC", 1, "3:A", "2:B", "2:C"),
			opt: Options{Tie: TieRule{Seed: 7}},
			check: func(t *testing.T, r *Result) {
				if len(r.Draws) != 1 || !slices.Equal(r.Draws[0].Among, []int{1, 2}) || r.Draws[0].Favoured {
					t.Fatalf("draws %+v", r.Draws)
				}
				again, _ := CountSTV(election("ABC", 1, "3:A", "2:B", "2:C"), Options{Tie: TieRule{Seed: 7}})
				if !slices.Equal(again.Winners, r.Winners) || again.Draws[0].Chosen != r.Draws[0].Chosen {
					t.Errorf("same seed, different lot")
				}
			},
		},
		"STV exclusion tie broken by an earlier stage where they differed": {
			// Once D is excluded, B and C both have 4; at stage 1 C had less.
			method: STV, e: election("ABCD", 1, "6:A", "4:B", "3:C", "1:D>C"),
			check: func(t *testing.T, r *Result) {
				if d := r.Stages[2].Excluded[0]; d.Candidate != 2 || d.Reason != ReasonEarlierStage {
					t.Errorf("excluded %+v", d)
				}
				if len(r.Draws) != 0 {
					t.Errorf("a lot was drawn: %+v", r.Draws)
				}
			},
		},
		"IRV exhausted ballots leave the count": {
			method: IRV, e: election("ABC", 1, "4:A", "3:B", "2:C"),
			winners: "A",
			check: func(t *testing.T, r *Result) {
				last := r.Stages[len(r.Stages)-1]
				if last.NonTransferable != WholeVotes(2) {
					t.Errorf("non-transferable %s", last.NonTransferable)
				}
			},
		},
		"STV with fewer candidates than seats elects them all": {
			method: STV, e: election("AB", 3, "5:A", "1:B>A"), winners: "A B",
		},
		"plurality with fewer candidates than seats elects everyone marked": {
			method: Plurality, e: election("AB", 3, "5:A,B", "1:B"), winners: "B A",
		},
		"all ballots blank: nobody elected, blanks counted": {
			method: STV, e: election("AB", 1, "5:"), winners: "",
			check: func(t *testing.T, r *Result) {
				if r.Ballots.Blank != 5 || r.Ballots.Valid != 0 {
					t.Errorf("ballots %+v", r.Ballots)
				}
			},
		},
		"a withdrawn candidate is skipped on every ballot": {
			method: IRV, e: func() *Election {
				e := election("ABC", 1, "4:B>A", "3:A", "3:C")
				e.Withdrawn = []int{1}
				return e
			}(),
			winners: "A",
			check: func(t *testing.T, r *Result) {
				if r.Stages[0].Votes[0] != WholeVotes(7) {
					t.Errorf("A has %s", r.Stages[0].Votes[0])
				}
			},
		},
		"one voter":     {method: Schulze, e: election("ABC", 1, "1:C>A"), winners: "C"},
		"one candidate": {method: STV, e: election("A", 1, "1:A"), winners: "A"},
		"a ranking that repeats a candidate is invalid": {
			method: IRV, e: election("AB", 1, "2:A>B>A", "1:B"), winners: "B",
			check: func(t *testing.T, r *Result) {
				if r.Ballots.Invalid != 2 || r.Ballots.Valid != 1 {
					t.Errorf("ballots %+v", r.Ballots)
				}
			},
		},
		"plurality: marking more candidates than seats is invalid": {
			method: Plurality, e: election("ABC", 1, "3:A,B", "2:C"), winners: "C",
			check: func(t *testing.T, r *Result) {
				if r.Ballots.Invalid != 3 {
					t.Errorf("ballots %+v", r.Ballots)
				}
			},
		},
		"plurality tie for the last seat goes to the priority order": {
			method: Plurality, e: election("ABC", 2, "3:A", "2:B", "2:C"),
			opt: Options{Tie: TieRule{Priority: []int{2}}}, winners: "A C",
		},
		"approval": {method: Approval, e: election("ABC", 2, "3:A,B,C", "2:B", "1:C"), winners: "B C"},
		"two-round: an absolute majority elects at the first round": {
			method: TwoRound, e: election("ABC", 1, "6:A", "3:B", "2:C"), winners: "A",
		},
		"two-round: no majority sends the top two to the second round": {
			method: TwoRound, e: election("ABC", 1, "4:A", "3:B", "2:C"), winners: "",
			check: func(t *testing.T, r *Result) {
				if r.Complete || !slices.Equal(r.Qualified, []int{0, 1}) {
					t.Errorf("complete %v qualified %v", r.Complete, r.Qualified)
				}
			},
		},
		"two-round: the second round elects by relative majority": {
			method: TwoRound, e: election("ABC", 1, "4:A", "3:B", "2:C"),
			opt: Options{SecondRound: election("ABC", 1, "4:A", "5:B", "1:C").Ballots}, winners: "B",
			check: func(t *testing.T, r *Result) {
				if r.SecondRound.Invalid != 1 { // C did not qualify
					t.Errorf("second round %+v", r.SecondRound)
				}
			},
		},
		"two-round: a threshold lets three go on": {
			method: TwoRound, e: election("ABCD", 1, "4:A", "3:B", "2:C", "1:D"),
			opt: Options{Runoff: RunoffRule{Threshold: 0.2}},
			check: func(t *testing.T, r *Result) {
				if !slices.Equal(r.Qualified, []int{0, 1, 2}) {
					t.Errorf("qualified %v", r.Qualified)
				}
			},
		},
		"list: a ballot for two lists is invalid": {
			method: List, e: election("AB", 3, "3:A,B", "1:B"), winners: "B B B",
		},
		"Schulze: a tie in the ranking for the last seat goes to the lot": {
			method: Schulze, e: election("AB", 1, "1:A>B", "1:B>A"), opt: Options{Tie: TieRule{Seed: 1}},
			check: func(t *testing.T, r *Result) {
				if len(r.Ranking) != 1 || len(r.Draws) != 1 || r.Winners[0] != r.Draws[0].Chosen {
					t.Errorf("ranking %v draws %+v", r.Ranking, r.Draws)
				}
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			r := mustCount(t, tc.method, tc.e, tc.opt)
			if tc.winners != "" || tc.check == nil {
				if got := names(r, r.Winners); got != tc.winners {
					t.Errorf("winners %q, want %q", got, tc.winners)
				}
			}
			if tc.check != nil {
				tc.check(t, r)
			}
			if tc.method == STV {
				checkConservation(t, r)
			}
		})
	}
}

func TestBadInputIsAnError(t *testing.T) {
	cases := map[string]struct {
		m   Method
		e   *Election
		opt Options
	}{
		"no candidates":              {STV, &Election{}, Options{}},
		"negative weight":            {STV, &Election{Candidates: []string{"A"}, Ballots: []Ballot{{Weight: -1}}}, Options{}},
		"priority names nobody":      {STV, election("AB", 1), Options{Tie: TieRule{Priority: []int{5}}}},
		"priority names one twice":   {STV, election("AB", 1), Options{Tie: TieRule{Priority: []int{1, 1}}}},
		"withdrawn candidate absent": {STV, &Election{Candidates: []string{"A"}, Withdrawn: []int{3}}, Options{}},
		"IRV for two seats":          {IRV, election("AB", 2), Options{}},
		"unknown method":             {"borda", election("AB", 1), Options{}},
		"unknown apportionment":      {List, election("AB", 1, "1:A"), Options{Apportionment: "sainte-lague"}},
		"threshold above one":        {TwoRound, election("AB", 1, "1:A"), Options{Runoff: RunoffRule{Threshold: 2}}},
	}
	for name, tc := range cases {
		if _, err := Count(tc.m, tc.e, tc.opt); !errors.Is(err, ErrInput) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}
