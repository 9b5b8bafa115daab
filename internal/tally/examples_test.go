package tally

import (
	"slices"
	"strings"
	"testing"
)

// election builds an election from ballots written as "weight:A>B>C"
// (ranked) or "weight:A,B" (marks); candidates are single letters named
// by cands.
func election(cands string, seats int, ballots ...string) *Election {
	e := &Election{Seats: seats}
	for _, r := range cands {
		e.Candidates = append(e.Candidates, string(r))
	}
	for _, b := range ballots {
		w, prefs, _ := strings.Cut(b, ":")
		var weight int64
		for _, d := range w {
			weight = weight*10 + int64(d-'0')
		}
		ballot := Ballot{Weight: weight, Choices: []int{}}
		for _, name := range strings.FieldsFunc(prefs, func(r rune) bool { return r == '>' || r == ',' }) {
			ballot.Choices = append(ballot.Choices, strings.Index(cands, name))
		}
		e.Ballots = append(e.Ballots, ballot)
	}
	return e
}

func names(r *Result, cands []int) string {
	var out []string
	for _, c := range cands {
		out = append(out, r.Candidates[c])
	}
	return strings.Join(out, " ")
}

func mustCount(t *testing.T, m Method, e *Election, opt Options) *Result {
	t.Helper()
	r, err := Count(m, e, opt)
	if err != nil {
		t.Fatalf("%s: %v", m, err)
	}
	return r
}

// The "Tennessee capital" example of the English Wikipedia articles on
// voting methods: Memphis 42 %, Nashville 26 %, Chattanooga 15 %,
// Knoxville 17 %, each city's voters ranking the others by distance.
// Published answers: plurality elects Memphis, instant-runoff Knoxville,
// Schulze (the Condorcet winner) Nashville.
func tennessee() *Election {
	return election("MNCK", 1,
		"42:M>N>C>K",
		"26:N>C>K>M",
		"15:C>K>N>M",
		"17:K>C>N>M",
	)
}

func TestTennesseeCapitalPublishedAnswers(t *testing.T) {
	e := tennessee()
	first := &Election{Candidates: e.Candidates, Seats: 1}
	for _, b := range e.Ballots {
		first.Ballots = append(first.Ballots, Ballot{Weight: b.Weight, Choices: b.Choices[:1]})
	}
	if r := mustCount(t, Plurality, first, Options{}); names(r, r.Winners) != "M" {
		t.Errorf("plurality elected %s, want M", names(r, r.Winners))
	}
	r := mustCount(t, IRV, e, Options{})
	if names(r, r.Winners) != "K" {
		t.Errorf("IRV elected %s, want K", names(r, r.Winners))
	}
	// Round 1: C excluded (15); round 2: N excluded (26); round 3: K has 58.
	var excluded []int
	for _, s := range r.Stages {
		for _, d := range s.Excluded {
			excluded = append(excluded, d.Candidate)
		}
	}
	if names(r, excluded) != "C N" || len(r.Stages) != 3 || r.Stages[2].Votes[3] != WholeVotes(58) {
		t.Errorf("IRV stages: excluded %s, %d stages, %+v", names(r, excluded), len(r.Stages), r.Stages[len(r.Stages)-1].Votes)
	}
	if r := mustCount(t, Schulze, e, Options{}); names(r, r.Winners) != "N" {
		t.Errorf("Schulze elected %s, want N", names(r, r.Winners))
	}
	// STV for one seat is IRV here too.
	if r := mustCount(t, STV, e, Options{}); names(r, r.Winners) != "K" {
		t.Errorf("STV elected %s, want K", names(r, r.Winners))
	}
}

// The example of the English Wikipedia article "Schulze method": 45
// voters, five candidates. Published: the matrix of pairwise
// preferences, the strongest paths, and the ranking E > A > C > B > D.
func TestSchulzeWikipediaExample(t *testing.T) {
	e := election("ABCDE", 1,
		"5:A>C>B>E>D",
		"5:A>D>E>C>B",
		"8:B>E>D>A>C",
		"3:C>A>B>E>D",
		"7:C>A>E>B>D",
		"2:C>B>A>D>E",
		"7:D>C>E>B>A",
		"8:E>B>A>D>C",
	)
	r := mustCount(t, Schulze, e, Options{})
	wantD := [][]int64{
		{0, 20, 26, 30, 22},
		{25, 0, 16, 33, 18},
		{19, 29, 0, 17, 24},
		{15, 12, 28, 0, 14},
		{23, 27, 21, 31, 0},
	}
	wantP := [][]int64{
		{0, 28, 28, 30, 24},
		{25, 0, 28, 33, 24},
		{25, 29, 0, 29, 24},
		{25, 28, 28, 0, 24},
		{25, 28, 28, 31, 0},
	}
	for i := range wantD {
		if !slices.Equal(r.Pairwise[i], wantD[i]) {
			t.Errorf("d[%s] = %v, want %v", e.Candidates[i], r.Pairwise[i], wantD[i])
		}
		if !slices.Equal(r.Strongest[i], wantP[i]) {
			t.Errorf("p[%s] = %v, want %v", e.Candidates[i], r.Strongest[i], wantP[i])
		}
	}
	var tiers []string
	for _, tier := range r.Ranking {
		tiers = append(tiers, names(r, tier))
	}
	if got := strings.Join(tiers, " > "); got != "E > A > C > B > D" {
		t.Errorf("ranking %s", got)
	}
	if names(r, r.Winners) != "E" {
		t.Errorf("winner %s", names(r, r.Winners))
	}
}

// The example of the English Wikipedia article "Single transferable
// vote": 20 voters choose three foods; Droop quota 6. Chocolate's surplus
// of 6 moves at value 0.5 (4 to Strawberries, 2 to Bonbons); Pears is
// excluded and elects Oranges; Bonbons is excluded and Strawberries takes
// the last seat. Published winners: Chocolate, Oranges, Strawberries.
func TestSTVWikipediaFoodExample(t *testing.T) {
	// O oranges, P pears, C chocolate, S strawberries, B bonbons
	e := election("OPCSB", 3,
		"4:O",
		"2:P>O",
		"8:C>S",
		"4:C>B",
		"1:S",
		"1:B",
	)
	r := mustCount(t, STV, e, Options{})
	if got := names(r, r.Winners); got != "C O S" {
		t.Fatalf("winners %s, want C O S", got)
	}
	if r.Quota != WholeVotes(6) {
		t.Errorf("quota %s", r.Quota)
	}
	s2 := r.Stages[1]
	if s2.Action != ActionSurplus || s2.TransferValue != Scale/2 || s2.Votes[3] != WholeVotes(5) || s2.Votes[4] != WholeVotes(3) {
		t.Errorf("stage 2: %+v", s2)
	}
}

// The example of the English Wikipedia article "D'Hondt method": 8
// seats; votes A 100 000, B 80 000, C 30 000, D 20 000. Published: A 4,
// B 3, C 1, D 0.
func TestDHondtWikipediaExample(t *testing.T) {
	e := election("ABCD", 8, "100000:A", "80000:B", "30000:C", "20000:D")
	r := mustCount(t, List, e, Options{Apportionment: DHondt})
	if !slices.Equal(r.ListSeats, []int{4, 3, 1, 0}) {
		t.Fatalf("seats %v", r.ListSeats)
	}
	if got := names(r, r.Winners); got != "A B A B A C B A" {
		t.Errorf("order %s", got)
	}
	r = mustCount(t, List, e, Options{})
	if !slices.Equal(r.ListSeats, []int{8, 0, 0, 0}) {
		t.Errorf("winner takes all: %v", r.ListSeats)
	}
}
