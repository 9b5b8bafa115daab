package tally

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// randomElection draws ballots over n candidates: ranked prefixes of
// random orders, some blank, with small weights.
func randomElection(rng *rand.Rand, n, ballots, seats int) *Election {
	e := &Election{Seats: seats}
	for i := range n {
		e.Candidates = append(e.Candidates, string(rune('A'+i)))
	}
	for range ballots {
		perm := rng.Perm(n)
		k := rng.IntN(n + 1)
		if rng.IntN(20) == 0 {
			k = 0
		}
		e.Ballots = append(e.Ballots, Ballot{Weight: 1 + rng.Int64N(3), Choices: perm[:k]})
	}
	return e
}

// regroup shuffles the ballots and splits or merges their weights.
func regroup(rng *rand.Rand, e *Election) *Election {
	out := *e
	out.Ballots = nil
	for _, b := range e.Ballots {
		for w := b.Weight; w > 0; {
			part := 1 + rng.Int64N(w)
			out.Ballots = append(out.Ballots, Ballot{Weight: part, Choices: b.Choices})
			w -= part
		}
	}
	rng.Shuffle(len(out.Ballots), func(i, j int) { out.Ballots[i], out.Ballots[j] = out.Ballots[j], out.Ballots[i] })
	return &out
}

func sameStages(a, b *Result) bool {
	if len(a.Stages) != len(b.Stages) || !slices.Equal(a.Winners, b.Winners) {
		return false
	}
	for i := range a.Stages {
		if !slices.Equal(a.Stages[i].Votes, b.Stages[i].Votes) || a.Stages[i].Loss != b.Stages[i].Loss {
			return false
		}
	}
	return true
}

func TestPropertyResultIgnoresBallotOrderAndGrouping(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		n := 2 + rng.IntN(6)
		e := randomElection(rng, n, 5+rng.IntN(60), 1+rng.IntN(3))
		f := regroup(rng, e)
		seed := TieRule{Seed: uint64(i)}
		for _, m := range Methods {
			opt := Options{Tie: seed}
			if m == IRV {
				opt.Seats = 1
			}
			if m == Plurality || m == TwoRound || m == List {
				continue // these read marks, not rankings: covered below
			}
			a := mustCount(t, m, e, opt)
			b := mustCount(t, m, f, opt)
			if !sameStages(a, b) {
				t.Fatalf("%s, election %d: regrouping changed the result: %v vs %v", m, i, a.Winners, b.Winners)
			}
		}
		marks := &Election{Candidates: e.Candidates, Seats: 1}
		for _, b := range e.Ballots {
			marks.Ballots = append(marks.Ballots, Ballot{Weight: b.Weight, Choices: b.Choices[:min(1, len(b.Choices))]})
		}
		g := regroup(rng, marks)
		for _, m := range []Method{Plurality, TwoRound, List} {
			a := mustCount(t, m, marks, Options{Tie: seed})
			b := mustCount(t, m, g, Options{Tie: seed})
			if !sameStages(a, b) {
				t.Fatalf("%s, election %d: regrouping changed the result", m, i)
			}
		}
	}
}

func TestPropertyCondorcetWinnerWinsSchulze(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	found := 0
	for range 500 {
		e := randomElection(rng, 2+rng.IntN(5), 3+rng.IntN(40), 1)
		r := mustCount(t, Schulze, e, Options{})
		n := len(e.Candidates)
		for c := range n {
			wins := true
			for o := range n {
				if o != c && r.Pairwise[c][o] <= r.Pairwise[o][c] {
					wins = false
				}
			}
			if wins {
				found++
				if len(r.Winners) != 1 || r.Winners[0] != c || len(r.Ranking[0]) != 1 {
					t.Fatalf("Condorcet winner %d, Schulze elected %v (ranking %v)", c, r.Winners, r.Ranking)
				}
			}
		}
	}
	if found < 100 {
		t.Fatalf("only %d elections had a Condorcet winner", found)
	}
}

func TestPropertySTVOneSeatEqualsIRV(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 500 {
		e := randomElection(rng, 2+rng.IntN(7), 1+rng.IntN(50), 1)
		opt := Options{Seats: 1, Tie: TieRule{Seed: uint64(i)}}
		a := mustCount(t, IRV, e, opt)
		b := mustCount(t, STV, e, opt)
		if !slices.Equal(a.Winners, b.Winners) {
			t.Fatalf("election %d: IRV %v, STV %v", i, a.Winners, b.Winners)
		}
	}
}

func TestPropertySTVConservesVotes(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 300 {
		n := 2 + rng.IntN(9)
		e := randomElection(rng, n, 1+rng.IntN(80), 1+rng.IntN(n))
		r := mustCount(t, STV, e, Options{Tie: TieRule{Seed: rng.Uint64()}})
		checkConservation(t, r)
		standing := len(e.Candidates)
		if r.Ballots.Valid > 0 && len(r.Winners) != min(r.Seats, standing) {
			t.Fatalf("%d winners for %d seats", len(r.Winners), r.Seats)
		}
	}
}
