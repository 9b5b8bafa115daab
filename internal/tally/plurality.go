package tally

// CountPlurality counts a plurality vote: each voter marks up to as many
// candidates as there are seats, and the candidates with the most marks
// are elected. A ballot marking more is invalid. A candidate nobody
// marked is never elected.
func CountPlurality(e *Election, opt Options) (*Result, error) {
	p, r, err := prepare(e, opt, func(seats int) int { return seats })
	if err != nil {
		return nil, err
	}
	r.Method = Plurality
	countMarks(p, r, opt)
	return r, nil
}

// CountApproval counts an approval vote: each voter marks as many
// candidates as they approve of, and the candidates with the most marks
// are elected. A candidate nobody marked is never elected.
func CountApproval(e *Election, opt Options) (*Result, error) {
	p, r, err := prepare(e, opt, nil)
	if err != nil {
		return nil, err
	}
	r.Method = Approval
	countMarks(p, r, opt)
	return r, nil
}

// countMarks elects the candidates with the most marks in one stage.
func countMarks(p *prepared, r *Result, opt Options) {
	tb := newTieBreaker(opt.Tie, p.n)
	votes := p.markCounts(false)
	st := Stage{Number: 1, Action: ActionFirstCount, From: -1, Votes: votes}
	var marked []int
	for _, c := range p.standing() {
		if votes[c] > 0 {
			marked = append(marked, c)
		}
	}
	st.Elected = topK(marked, votes, p.seats, tb, 1, ReasonMostVotes)
	for _, d := range st.Elected {
		r.Winners = append(r.Winners, d.Candidate)
	}
	r.Stages = []Stage{st}
	r.Draws = tb.draws
}
