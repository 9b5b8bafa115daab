package tally

import (
	"math/rand/v2"
	"sync"
	"testing"
)

var (
	bigOnce     sync.Once
	bigElection *Election
)

// million returns one million ranked ballots over 20 candidates, each a
// random prefix (1 to 20 long) of a random order of candidates biased
// towards the low numbers: mostly distinct ballots, as the issue asks.
func million() *Election {
	bigOnce.Do(func() {
		const n, ballots = 20, 1_000_000
		rng := rand.New(rand.NewPCG(2026, 6))
		e := &Election{Seats: 5, Ballots: make([]Ballot, ballots)}
		for i := range n {
			e.Candidates = append(e.Candidates, string(rune('A'+i)))
		}
		backing := make([]int, 0, ballots*11)
		weights := make([]float64, n)
		for i := range weights {
			weights[i] = 1 / float64(i+2)
		}
		for i := range e.Ballots {
			k := 1 + rng.IntN(n)
			start := len(backing)
			used := uint32(0)
			for len(backing)-start < k {
				c := rng.IntN(n)
				if rng.Float64() > weights[c]*2 || used&(1<<c) != 0 {
					c = rng.IntN(n)
					if used&(1<<c) != 0 {
						continue
					}
				}
				used |= 1 << c
				backing = append(backing, c)
			}
			e.Ballots[i] = Ballot{Weight: 1, Choices: backing[start:len(backing):len(backing)]}
		}
		bigElection = e
	})
	return bigElection
}

func BenchmarkSchulzeMillionBallots20Candidates(b *testing.B) {
	e := million()
	b.ResetTimer()
	for b.Loop() {
		if _, err := CountSchulze(e, Options{Seats: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIRVMillionBallots20Candidates(b *testing.B) {
	e := million()
	b.ResetTimer()
	for b.Loop() {
		if _, err := CountIRV(e, Options{Seats: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSTVFiveSeatsMillionBallots20Candidates(b *testing.B) {
	e := million()
	b.ResetTimer()
	for b.Loop() {
		if _, err := CountSTV(e, Options{Seats: 5}); err != nil {
			b.Fatal(err)
		}
	}
}
