package tally

// CountIRV counts an instant-runoff vote for one seat: while no
// candidate holds an absolute majority of the votes still in the count
// (ballots with a continuing preference), the candidate with the fewest
// votes is excluded and each of its ballots goes to its next continuing
// preference. Ties for exclusion go by the votes at the most recent
// preceding stage where the tied candidates differed, then by the tie
// rule, as in the Scottish rules (see lookBack), so that IRV and STV for
// one seat exclude the same candidates.
func CountIRV(e *Election, opt Options) (*Result, error) {
	p, r, err := prepare(e, opt, nil)
	if err != nil {
		return nil, err
	}
	r.Method = IRV
	if p.seats != 1 {
		return nil, inputErr("instant-runoff fills one seat, not %d: count several seats with STV", p.seats)
	}
	if p.count.Valid == 0 {
		return r, nil
	}
	tb := newTieBreaker(opt.Tie, p.n)
	defer func() { r.Draws = tb.draws }()
	s := newPiles(p)
	s.firstCount()
	st := s.stage(1, ActionFirstCount, -1, nil, 0)
	for {
		cont := s.continuing()
		var total Votes
		for _, c := range cont {
			total += s.cur[c]
		}
		for _, c := range cont {
			if 2*s.cur[c] > total {
				st.Elected = []Decision{{Candidate: c, Reason: ReasonMajority}}
			}
		}
		if st.Elected == nil && len(cont) == 1 && total > 0 {
			st.Elected = []Decision{{Candidate: cont[0], Reason: ReasonLastCandidate}}
		}
		r.Stages = append(r.Stages, st)
		if st.Elected != nil {
			c := st.Elected[0].Candidate
			s.status[c] = elected
			r.Winners = append(r.Winners, c)
			return r, nil
		}
		if total == 0 {
			return r, nil // every ballot is exhausted: nobody can be elected
		}
		n := len(r.Stages) + 1
		d := s.lowest(cont, r.Stages, tb, n)
		c := d.Candidate
		s.status[c] = excluded
		had := s.cur[c]
		gains, nt := s.transfer(c, func(v Votes) Votes { return v })
		s.cur[c] = 0
		gains[c] = -had
		st = s.stage(n, ActionExclusion, c, gains, nt)
		st.Excluded = []Decision{d}
	}
}
