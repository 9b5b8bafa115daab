package tally

import (
	"math/rand/v2"
	"slices"
)

// TieRule breaks the ties a count cannot break by votes.
//
// Priority, when given, orders the candidates (by number) from the most
// favoured to the least: in a tie, the candidate listed first is elected
// (or kept, or has its surplus transferred first) and the one listed last
// is excluded. The statutes decide the order (the eldest first, the
// longest-standing member first…) and the caller supplies it.
//
// Candidates the priority does not separate are separated by lot. The
// lot is reproducible: one generator per count,
// rand.New(rand.NewPCG(Seed, 0)) from math/rand/v2 (whose algorithm is
// fixed), and each drawing takes the tied candidates sorted by number and
// picks the one at index IntN(len(tied)). Every drawing is recorded in
// Result.Draws.
type TieRule struct {
	Priority []int  `json:"priority,omitempty"`
	Seed     uint64 `json:"seed"`
}

func (t TieRule) check(n int) error {
	seen := make(map[int]bool, len(t.Priority))
	for _, c := range t.Priority {
		if c < 0 || c >= n {
			return inputErr("the priority order names candidate %d, which does not exist", c+1)
		}
		if seen[c] {
			return inputErr("the priority order names candidate %d twice", c+1)
		}
		seen[c] = true
	}
	return nil
}

// tieBreaker applies a TieRule during one count.
type tieBreaker struct {
	rank  []int // position in the priority order; len(Priority) when absent
	rng   *rand.Rand
	draws []Draw
}

func newTieBreaker(t TieRule, n int) *tieBreaker {
	tb := &tieBreaker{rank: make([]int, n), rng: rand.New(rand.NewPCG(t.Seed, 0))}
	for c := range tb.rank {
		tb.rank[c] = len(t.Priority)
	}
	for i, c := range t.Priority {
		tb.rank[c] = i
	}
	return tb
}

// pick chooses one of the tied candidates: the most favoured when favour
// is true, the least favoured otherwise. It returns the candidate and the
// reason (tie_priority or tie_lot).
func (tb *tieBreaker) pick(stage int, tied []int, favour bool) (int, Reason) {
	tied = slices.Clone(tied)
	slices.Sort(tied)
	best := tb.rank[tied[0]]
	for _, c := range tied {
		r := tb.rank[c]
		if favour && r < best || !favour && r > best {
			best = r
		}
	}
	var group []int
	for _, c := range tied {
		if tb.rank[c] == best {
			group = append(group, c)
		}
	}
	if len(group) == 1 {
		return group[0], ReasonTiePriority
	}
	chosen := group[tb.rng.IntN(len(group))]
	tb.draws = append(tb.draws, Draw{Stage: stage, Among: group, Chosen: chosen, Favoured: favour})
	return chosen, ReasonTieLot
}

// order sorts candidates by votes, best first, breaking ties with
// breakTie(tied) which returns the most favoured of a tied group. It
// returns each candidate's reason: by votes, or by the tie breaker when
// the candidate's place depended on it.
func order(cands []int, votes func(int) Votes, breakTie func(tied []int) (int, Reason)) ([]int, []Reason) {
	rest := slices.Clone(cands)
	slices.SortStableFunc(rest, func(a, b int) int {
		va, vb := votes(a), votes(b)
		switch {
		case va > vb:
			return -1
		case va < vb:
			return 1
		}
		return a - b
	})
	out := make([]int, 0, len(rest))
	reasons := make([]Reason, 0, len(rest))
	for len(rest) > 0 {
		j := 1
		for j < len(rest) && votes(rest[j]) == votes(rest[0]) {
			j++
		}
		if j == 1 {
			out = append(out, rest[0])
			reasons = append(reasons, "")
			rest = rest[1:]
			continue
		}
		c, why := breakTie(rest[:j])
		out = append(out, c)
		reasons = append(reasons, why)
		i := slices.Index(rest, c)
		rest = slices.Delete(rest, i, i+1)
	}
	return out, reasons
}

// lookBack narrows a tie by the earlier stages, as the Scottish rules
// require: it goes back from the most recent stage, and at each stage
// where the tied candidates had unequal votes it keeps those with the
// most votes (highest) or the fewest (!highest), until one is left or
// the first stage has been looked at. The candidates still tied were
// equal at every stage, and the caller draws lots among them.
//
// The Scottish Local Government Elections Order 2007 (SSI 2007/42),
// schedule 1: rule 49(2), for equal surpluses, transfers first the
// surplus of "the candidate who had the highest number of votes at the
// end of the most recent preceding stage at which they had unequal
// numbers of votes", and rule 49(3) decides by lot when they "were
// equal at all stages"; rule 51(2), for the exclusion of equal lowest
// candidates, has regard to the votes "at the end of the most recently
// preceding stage of the count at which they had an unequal number of
// votes", and (b) by lot when they were equal at all stages. The first
// stage therefore decides only when the tied candidates were equal at
// every stage since. When, at that stage, more than one candidate shares the
// deciding number, the rules are silent: the others are out of the tie,
// and the rule is applied again to those left, going on back from that
// stage (they were equal at every later one). The rules' text is quoted
// in Droop, github.com/jklundell/droop, droop/rules/scotland.py.
func lookBack(stages []Stage, tied []int, highest bool) []int {
	set := slices.Clone(tied)
	for i := len(stages) - 1; i >= 0 && len(set) > 1; i-- {
		s := stages[i]
		if len(s.Votes) == 0 {
			continue
		}
		best := s.Votes[set[0]]
		for _, c := range set {
			v := s.Votes[c]
			if highest && v > best || !highest && v < best {
				best = v
			}
		}
		var keep []int
		for _, c := range set {
			if s.Votes[c] == best {
				keep = append(keep, c)
			}
		}
		set = keep
	}
	return set
}

// topK chooses the k candidates with the most votes, best first. Ties
// are broken by the tie breaker only where they decide who is chosen; a
// tied group chosen whole keeps the candidates' order by number. It
// returns the chosen with their reasons.
func topK(cands []int, votes []Votes, k int, tb *tieBreaker, stage int, why Reason) []Decision {
	rest := slices.Clone(cands)
	slices.SortStableFunc(rest, func(a, b int) int {
		switch {
		case votes[a] > votes[b]:
			return -1
		case votes[a] < votes[b]:
			return 1
		}
		return a - b
	})
	var out []Decision
	for i := 0; i < len(rest) && len(out) < k; {
		j := i + 1
		for j < len(rest) && votes[rest[j]] == votes[rest[i]] {
			j++
		}
		group := rest[i:j]
		if len(out)+len(group) <= k {
			for _, c := range group {
				out = append(out, Decision{Candidate: c, Reason: why})
			}
			i = j
			continue
		}
		group = slices.Clone(group)
		for len(out) < k {
			c, r := tb.pick(stage, group, true)
			out = append(out, Decision{Candidate: c, Reason: r})
			group = slices.DeleteFunc(group, func(x int) bool { return x == c })
		}
		break
	}
	return out
}
