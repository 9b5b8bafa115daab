package tally

import "math"

// CountList counts a list (slate) vote: each voter chooses one list
// (the candidates of the election are the lists); a ballot choosing more
// is invalid. With the winner-takes-all apportionment the list with the
// most votes takes every seat. With D'Hondt (highest averages) the seats
// are given one at a time, each to the list with the highest average
// votes ÷ (seats already won + 1); each seat is a stage reporting the
// averages (truncated to five decimals for display; compared exactly).
//
// With opt.ListThreshold, the lists with less than that share of the
// valid ballots are excluded at the first stage (reason
// below_threshold, listed in Result.BelowThreshold) before any seat is
// given, so that their votes count for nobody, as under the electoral
// laws that set a threshold. The share is of the valid ballots
// (BallotCount.Valid: the excluded lists' included, blank and invalid
// ballots not), and a list with exactly the threshold qualifies. If no
// list reaches it, nobody is elected: lowering it is for the statutes
// to decide.
func CountList(e *Election, opt Options) (*Result, error) {
	p, r, err := prepare(e, opt, func(int) int { return 1 })
	if err != nil {
		return nil, err
	}
	r.Method = List
	th := opt.ListThreshold
	if th < 0 || th > 1 || math.IsNaN(th) {
		return nil, inputErr("the threshold of a list vote must lie between 0 and 1")
	}
	r.ListThreshold = th
	// Millionths, as for the threshold of a two-round vote: the
	// comparison votes × 10⁶ ≥ valid × threshold is then exact.
	num := int64(math.Round(th * 1e6))
	tb := newTieBreaker(opt.Tie, p.n)
	defer func() { r.Draws = tb.draws }()
	votes := p.markCounts(false)
	st := Stage{Number: 1, Action: ActionFirstCount, From: -1, Votes: votes}
	r.ListSeats = make([]int, p.n)
	var lists []int
	for _, c := range p.standing() {
		if num > 0 && cmpMul(votes[c].Whole(), 1e6, p.count.Valid, num) < 0 {
			r.BelowThreshold = append(r.BelowThreshold, c)
			st.Excluded = append(st.Excluded, Decision{Candidate: c, Reason: ReasonBelowThreshold})
			continue
		}
		if votes[c] > 0 {
			lists = append(lists, c)
		}
	}
	switch opt.Apportionment {
	case "", WinnerTakesAll:
		r.Stages = []Stage{st}
		top := topK(lists, votes, 1, tb, 1, ReasonMostVotes)
		if len(top) == 0 {
			return r, nil
		}
		r.Stages[0].Elected = top
		c := top[0].Candidate
		r.ListSeats[c] = p.seats
		for range p.seats {
			r.Winners = append(r.Winners, c)
		}
		return r, nil
	case DHondt:
	default:
		return nil, inputErr("unknown apportionment %q", opt.Apportionment)
	}
	r.Stages = []Stage{st}
	if len(lists) == 0 {
		return r, nil
	}
	for seat := 1; seat <= p.seats; seat++ {
		avg := make([]Votes, p.n)
		for _, c := range lists {
			avg[c] = Votes(mulDiv(int64(votes[c]), 1, int64(r.ListSeats[c]+1)))
		}
		best := []int{lists[0]}
		for _, c := range lists[1:] {
			switch cmpMul(int64(votes[c]), int64(r.ListSeats[best[0]]+1), int64(votes[best[0]]), int64(r.ListSeats[c]+1)) {
			case 1:
				best = []int{c}
			case 0:
				best = append(best, c)
			}
		}
		d := Decision{Candidate: best[0], Reason: ReasonHighestAverage}
		if len(best) > 1 {
			c, why := tb.pick(seat+1, best, true)
			d = Decision{Candidate: c, Reason: why}
		}
		r.ListSeats[d.Candidate]++
		r.Winners = append(r.Winners, d.Candidate)
		r.Stages = append(r.Stages, Stage{Number: seat + 1, Action: ActionSeat, From: -1, Votes: avg, Elected: []Decision{d}})
	}
	return r, nil
}
