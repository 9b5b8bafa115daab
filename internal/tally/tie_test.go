package tally

import (
	"slices"
	"testing"
)

// The Scottish rules break a tie by the most recent preceding stage at
// which the tied candidates had unequal votes (SSI 2007/42, schedule 1,
// rules 49(2) and 51(2)), not by the first stage. These ballot sets are
// built so that the two readings disagree.

// lookBackElection: one seat; A, B, D, E, W.
//
//	stage 1  A 5  B 6  D 2  E 3  W 10   D excluded, its 2 papers to A
//	stage 2  A 7  B 6       E 3  W 10   E excluded: 1 to B, 2 to W
//	stage 3  A 7  B 7            W 12   A and B tied for exclusion
//
// The most recent preceding stage where A and B differed is stage 2,
// where B had fewer: B is excluded and its 7 papers elect W (19 of the
// quota 14). Looking at stage 1 first would exclude A instead, whose 7
// papers go to B and elect B with 14.
func lookBackElection() *Election {
	return election("ABDEW", 1, "5:A>B", "6:B>W", "2:D>A>B", "1:E>B>W", "2:E>W", "10:W")
}

func TestTieLooksBackFromTheMostRecentStageSTV(t *testing.T) {
	r := mustCount(t, STV, lookBackElection(), Options{})
	checkConservation(t, r)
	if len(r.Stages) < 4 {
		t.Fatalf("%d stages", len(r.Stages))
	}
	a, b := 0, 1
	if r.Stages[2].Votes[a] != r.Stages[2].Votes[b] || r.Stages[1].Votes[a] <= r.Stages[1].Votes[b] || r.Stages[0].Votes[a] >= r.Stages[0].Votes[b] {
		t.Fatalf("the ballots no longer build the tie: %v %v %v", r.Stages[0].Votes, r.Stages[1].Votes, r.Stages[2].Votes)
	}
	if d := r.Stages[3].Excluded[0]; d.Candidate != b || d.Reason != ReasonEarlierStage {
		t.Errorf("stage 4 excluded %s (%s), want B by the earlier stage", r.Candidates[d.Candidate], d.Reason)
	}
	if got := names(r, r.Winners); got != "W" {
		t.Errorf("elected %s, want W", got)
	}
	if len(r.Draws) != 0 {
		t.Errorf("lots drawn: %+v", r.Draws)
	}
}

func TestTieLooksBackFromTheMostRecentStageIRV(t *testing.T) {
	r := mustCount(t, IRV, lookBackElection(), Options{})
	if d := r.Stages[3].Excluded[0]; d.Candidate != 1 || d.Reason != ReasonEarlierStage {
		t.Errorf("stage 4 excluded %s (%s), want B", r.Candidates[d.Candidate], d.Reason)
	}
	if got := names(r, r.Winners); got != "W" {
		t.Errorf("elected %s, want W", got)
	}
}

// Equal surpluses, rule 49(2): three seats, quota 28 (108 valid votes).
//
//	stage 1  X 25  Y 26  P 2  Q 15  Z 20  W 20   P excluded: 2 to X
//	stage 2  X 27  Y 26       Q 15  Z 20  W 20   Q excluded: 7 to X, 8 to Y
//	stage 3  X 34  Y 34             Z 20  W 20   X and Y elected, surplus 6 each
//
// X had more at stage 2, the most recent stage where they differed, so
// X's surplus is transferred first (stage 4) and X is listed first among
// the elected; Y had more at stage 1, which decides nothing.
func TestEqualSurplusesGoByTheMostRecentStage(t *testing.T) {
	e := election("XYPQZW", 3, "25:X>Z", "26:Y>W", "2:P>X", "7:Q>X", "8:Q>Y", "20:Z", "20:W")
	r := mustCount(t, STV, e, Options{})
	checkConservation(t, r)
	x, y := 0, 1
	if r.Quota != WholeVotes(28) || r.Stages[2].Votes[x] != WholeVotes(34) || r.Stages[2].Votes[y] != WholeVotes(34) {
		t.Fatalf("quota %s, stage 3 %v", r.Quota, r.Stages[2].Votes)
	}
	if !slices.Equal(r.Winners[:2], []int{x, y}) {
		t.Errorf("elected first %s, want X Y", names(r, r.Winners[:2]))
	}
	if s := r.Stages[3]; s.Action != ActionSurplus || s.From != x {
		t.Errorf("stage 4: %s of %s, want the surplus of X", s.Action, r.Candidates[s.From])
	}
	if s := r.Stages[4]; s.Action != ActionSurplus || s.From != y {
		t.Errorf("stage 5: %s of %s, want the surplus of Y", s.Action, r.Candidates[s.From])
	}
	if len(r.Draws) != 0 {
		t.Errorf("lots drawn: %+v", r.Draws)
	}
}

// lookBack itself: a three-way tie where the most recent differing stage
// leaves two candidates, separated by an older stage; and a tie equal at
// every stage, left for the lot.
func TestLookBackNarrowsGoingBack(t *testing.T) {
	st := func(v ...int64) Stage {
		s := Stage{}
		for _, x := range v {
			s.Votes = append(s.Votes, WholeVotes(x))
		}
		return s
	}
	stages := []Stage{st(4, 3, 9), st(5, 5, 9), st(6, 6, 6)}
	// Exclusion: at stage 2, A and B (5) are below C (9); at stage 1, B (3) is below A.
	if got := lookBack(stages, []int{0, 1, 2}, false); !slices.Equal(got, []int{1}) {
		t.Errorf("lowest: %v, want [1]", got)
	}
	// Favour: at stage 2, C (9) is above A and B.
	if got := lookBack(stages, []int{0, 1, 2}, true); !slices.Equal(got, []int{2}) {
		t.Errorf("highest: %v, want [2]", got)
	}
	// Stage 1 alone would favour C too, but would exclude B; stage 3 first
	// changes nothing. A and C differ at stage 2 (A lower).
	if got := lookBack(stages, []int{0, 2}, false); !slices.Equal(got, []int{0}) {
		t.Errorf("A or C: %v, want [0]", got)
	}
	equal := []Stage{st(2, 2), st(3, 3)}
	if got := lookBack(equal, []int{0, 1}, false); !slices.Equal(got, []int{0, 1}) {
		t.Errorf("equal at every stage: %v, want both", got)
	}
	// Most recent first: at stage 2 B leads, at stage 1 A leads.
	flip := []Stage{st(5, 4), st(6, 7), st(8, 8)}
	if got := lookBack(flip, []int{0, 1}, true); !slices.Equal(got, []int{1}) {
		t.Errorf("favoured %v, want B, who led at the most recent differing stage", got)
	}
	if got := lookBack(flip, []int{0, 1}, false); !slices.Equal(got, []int{0}) {
		t.Errorf("excluded %v, want A, who trailed at the most recent differing stage", got)
	}
}
