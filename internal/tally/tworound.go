package tally

import (
	"math"
	"math/bits"
	"slices"
)

// CountTwoRound counts a two-round majority vote. Each voter marks up to
// as many candidates as there are seats. The first round elects the
// candidates marked by an absolute majority of the valid ballots (more
// than half). If seats remain, the rule opt.Runoff says who goes on to
// the second round, and the second round, counted from opt.SecondRound
// when it was held, elects by relative majority (the most marks) among
// them. Without second-round ballots the result lists the qualified
// candidates and is not Complete.
func CountTwoRound(e *Election, opt Options) (*Result, error) {
	marks := func(seats int) int { return seats }
	p, r, err := prepare(e, opt, marks)
	if err != nil {
		return nil, err
	}
	r.Method = TwoRound
	if opt.Runoff.Threshold < 0 || opt.Runoff.Threshold > 1 || math.IsNaN(opt.Runoff.Threshold) {
		return nil, inputErr("the threshold of the second round must lie between 0 and 1")
	}
	tb := newTieBreaker(opt.Tie, p.n)
	defer func() { r.Draws = tb.draws }()
	votes := p.markCounts(false)
	st := Stage{Number: 1, Action: ActionFirstCount, From: -1, Votes: votes}
	var majority, others []int
	for _, c := range p.standing() {
		switch {
		case votes[c] > 0 && cmpMul(votes[c].Whole(), 2, p.count.Valid, 1) > 0:
			majority = append(majority, c)
		case votes[c] > 0:
			others = append(others, c)
		}
	}
	st.Elected = topK(majority, votes, p.seats, tb, 1, ReasonMajority)
	for _, d := range st.Elected {
		r.Winners = append(r.Winners, d.Candidate)
	}
	for _, c := range majority {
		if !slices.Contains(r.Winners, c) {
			others = append(others, c)
		}
	}
	left := p.seats - len(r.Winners)
	if left == 0 || len(others) == 0 {
		r.Stages = []Stage{st}
		return r, nil
	}
	// Who goes on: everyone over the threshold, or the best two per seat.
	var qualified []Decision
	if t := opt.Runoff.Threshold; t > 0 {
		num := int64(math.Round(t * 1e6))
		for _, c := range others {
			if cmpMul(votes[c].Whole(), 1e6, p.count.Valid, num) >= 0 {
				qualified = append(qualified, Decision{Candidate: c, Reason: ReasonQualified})
			}
		}
	}
	if len(qualified) < 2*left {
		qualified = topK(others, votes, 2*left, tb, 1, ReasonQualified)
	}
	st.Qualified = qualified
	for _, d := range qualified {
		r.Qualified = append(r.Qualified, d.Candidate)
	}
	r.Stages = []Stage{st}
	if opt.SecondRound == nil {
		r.Complete = false
		return r, nil
	}
	e2 := &Election{Candidates: e.Candidates, Withdrawn: e.Withdrawn, Ballots: opt.SecondRound}
	opt2 := opt
	opt2.Seats = left
	p2, _, err := prepare(e2, opt2, marks)
	if err != nil {
		return nil, err
	}
	p2.keepOnly(r.Qualified)
	r.SecondRound = &p2.count
	votes2 := p2.markCounts(false)
	st2 := Stage{Number: 2, Action: ActionSecondRound, From: -1, Votes: votes2}
	var marked []int
	for _, c := range r.Qualified {
		if votes2[c] > 0 {
			marked = append(marked, c)
		}
	}
	st2.Elected = topK(marked, votes2, left, tb, 2, ReasonMostVotes)
	for _, d := range st2.Elected {
		r.Winners = append(r.Winners, d.Candidate)
	}
	r.Stages = append(r.Stages, st2)
	return r, nil
}

// keepOnly makes invalid every valid ballot choosing a candidate outside
// allowed.
func (p *prepared) keepOnly(allowed []int) {
	ok := make([]bool, p.n)
	for _, c := range allowed {
		ok[c] = true
	}
	q := &prepared{n: p.n, seats: p.seats, withdrawn: p.withdrawn, count: p.count, offs: []int32{0}}
	for i, w := range p.weights {
		b := p.ballot(i)
		good := true
		for _, c := range b {
			good = good && ok[c]
		}
		if !good {
			q.count.Valid -= w
			q.count.Invalid += w
			continue
		}
		q.weights = append(q.weights, w)
		q.choices = append(q.choices, b...)
		q.offs = append(q.offs, int32(len(q.choices)))
	}
	*p = *q
}

// cmpMul compares a*b with c*d, all non-negative, exactly.
func cmpMul(a, b, c, d int64) int {
	h1, l1 := bits.Mul64(uint64(a), uint64(b))
	h2, l2 := bits.Mul64(uint64(c), uint64(d))
	switch {
	case h1 != h2:
		if h1 < h2 {
			return -1
		}
		return 1
	case l1 != l2:
		if l1 < l2 {
			return -1
		}
		return 1
	}
	return 0
}
