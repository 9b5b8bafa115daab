package tally

// CountSTV counts a single transferable vote by the rules of the
// Scottish Local Government Elections Order 2007 (SSI 2007/42, schedule
// 1, rules 45 to 53):
//
//   - the quota is the valid votes divided by one more than the seats,
//     fractions disregarded, plus one (Droop);
//   - a candidate whose votes reach the quota at the end of a stage is
//     elected; several in one stage are elected in the order of their
//     votes;
//   - the largest surplus is transferred first, by the weighted inclusive
//     Gregory method: every ballot paper of the elected candidate moves
//     to its next continuing preference at the value surplus × its value
//     ÷ the candidate's votes, truncated to five decimals; what
//     truncation drops is recorded as loss;
//   - when no surplus is left, the candidate with the fewest votes is
//     excluded and all its papers move at their current value;
//   - ties (equal surpluses, equal lowest candidates, equal candidates
//     elected in one stage) go by the votes at the most recent preceding
//     stage where the tied candidates differed (rules 49(2) and 51(2)),
//     then by the tie rule (the lot of rules 49(3) and 51(2)(b));
//   - when the continuing candidates are no more than the seats left,
//     they are all elected.
func CountSTV(e *Election, opt Options) (*Result, error) {
	p, r, err := prepare(e, opt, nil)
	if err != nil {
		return nil, err
	}
	r.Method = STV
	if p.count.Valid == 0 {
		return r, nil
	}
	tb := newTieBreaker(opt.Tie, p.n)
	defer func() { r.Draws = tb.draws }()
	s := newPiles(p)
	quota := WholeVotes(p.count.Valid/int64(p.seats+1) + 1)
	r.Quota = quota
	s.firstCount()
	st := s.stage(1, ActionFirstCount, -1, nil, 0)
	var pending []int // elected, surplus not yet transferred

	elect := func(st *Stage, cands []int, why Reason) {
		ordered, _ := order(cands, func(c int) Votes { return s.cur[c] }, favourite(r.Stages, tb, st.Number))
		for _, c := range ordered {
			if len(r.Winners) == p.seats {
				return
			}
			s.status[c] = elected
			r.Winners = append(r.Winners, c)
			st.Elected = append(st.Elected, Decision{Candidate: c, Reason: why})
			if s.cur[c] > quota {
				pending = append(pending, c)
			}
		}
	}
	// settle elects who reached the quota, then everyone left when the
	// continuing candidates no longer outnumber the seats. It reports
	// whether the count is over.
	settle := func(st *Stage) bool {
		var reached []int
		for _, c := range s.continuing() {
			if s.cur[c] >= quota {
				reached = append(reached, c)
			}
		}
		elect(st, reached, ReasonQuota)
		cont := s.continuing()
		if len(r.Winners) < p.seats && len(cont) <= p.seats-len(r.Winners) {
			elect(st, cont, ReasonRemainingSeats)
		}
		return len(r.Winners) == p.seats || len(s.continuing()) == 0
	}

	for {
		done := settle(&st)
		r.Stages = append(r.Stages, st)
		if done {
			return r, nil
		}
		n := len(r.Stages) + 1
		if len(pending) > 0 {
			surplus := func(c int) Votes { return s.cur[c] - quota }
			ordered, _ := order(pending, surplus, favourite(r.Stages, tb, n))
			c := ordered[0]
			pending = removeInt(pending, c)
			sur, total := surplus(c), s.cur[c]
			gains, nt := s.transfer(c, func(v Votes) Votes { return Votes(mulDiv(int64(sur), int64(v), int64(total))) })
			moved := nt
			for _, g := range gains {
				moved += g
			}
			s.loss += sur - moved
			s.cur[c] = quota
			gains[c] = -sur
			st = s.stage(n, ActionSurplus, c, gains, nt)
			st.TransferValue = Votes(mulDiv(int64(sur), Scale, int64(total)))
			continue
		}
		d := s.lowest(s.continuing(), r.Stages, tb, n)
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

func removeInt(s []int, x int) []int {
	for i, v := range s {
		if v == x {
			return append(s[:i:i], s[i+1:]...)
		}
	}
	return s
}
