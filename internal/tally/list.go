package tally

// CountList counts a list (slate) vote: each voter chooses one list
// (the candidates of the election are the lists); a ballot choosing more
// is invalid. With the winner-takes-all apportionment the list with the
// most votes takes every seat. With D'Hondt (highest averages) the seats
// are given one at a time, each to the list with the highest average
// votes ÷ (seats already won + 1); each seat is a stage reporting the
// averages (truncated to five decimals for display; compared exactly).
func CountList(e *Election, opt Options) (*Result, error) {
	p, r, err := prepare(e, opt, func(int) int { return 1 })
	if err != nil {
		return nil, err
	}
	r.Method = List
	tb := newTieBreaker(opt.Tie, p.n)
	defer func() { r.Draws = tb.draws }()
	votes := p.markCounts(false)
	st := Stage{Number: 1, Action: ActionFirstCount, From: -1, Votes: votes}
	r.ListSeats = make([]int, p.n)
	var lists []int
	for _, c := range p.standing() {
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
