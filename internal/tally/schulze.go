package tally

// CountSchulze counts a ranked vote by the Schulze method (Markus
// Schulze, "A new monotonic, clone-independent, reversal symmetric, and
// Condorcet-consistent single-winner election method", Social Choice and
// Welfare 36, 2011). Candidates a voter leaves unranked share the last
// place of that ballot. d[i][j] is the number of voters who prefer i to
// j; the strength of a path is its weakest link d[x][y] (counted only
// where d[x][y] > d[y][x]); p[i][j] is the strength of the strongest
// path from i to j. i ranks above j when p[i][j] > p[j][i]; this
// relation is transitive, so the candidates fall into tiers, best first.
// The seats go to the best tiers; the tie rule separates the candidates
// of a tier that does not fit whole.
//
// The single stage reports each candidate's first preferences.
func CountSchulze(e *Election, opt Options) (*Result, error) {
	p, r, err := prepare(e, opt, nil)
	if err != nil {
		return nil, err
	}
	r.Method = Schulze
	n := p.n
	active := p.standing()
	d := make([]int64, n*n)
	for i, w := range p.weights {
		b := p.ballot(i)
		for k, a := range b {
			row := d[int(a)*n : int(a)*n+n]
			for x := range row {
				row[x] += w
			}
			for _, before := range b[:k+1] {
				row[before] -= w
			}
		}
	}
	ps := make([]int64, n*n)
	for _, i := range active {
		for _, j := range active {
			if i != j && d[i*n+j] > d[j*n+i] {
				ps[i*n+j] = d[i*n+j]
			}
		}
	}
	for _, i := range active {
		for _, j := range active {
			if i == j || ps[j*n+i] == 0 {
				continue
			}
			pji := ps[j*n+i]
			for _, k := range active {
				if k == i || k == j {
					continue
				}
				if s := min(pji, ps[i*n+k]); s > ps[j*n+k] {
					ps[j*n+k] = s
				}
			}
		}
	}
	r.Pairwise = make([][]int64, n)
	r.Strongest = make([][]int64, n)
	for i := 0; i < n; i++ {
		r.Pairwise[i] = make([]int64, n)
		r.Strongest[i] = make([]int64, n)
		if p.withdrawn[i] {
			continue
		}
		for j := 0; j < n; j++ {
			if i != j && !p.withdrawn[j] {
				r.Pairwise[i][j] = d[i*n+j]
				r.Strongest[i][j] = ps[i*n+j]
			}
		}
	}
	rest := active
	for len(rest) > 0 {
		var tier, next []int
		for _, i := range rest {
			beaten := false
			for _, j := range rest {
				if ps[j*n+i] > ps[i*n+j] {
					beaten = true
					break
				}
			}
			if beaten {
				next = append(next, i)
			} else {
				tier = append(tier, i)
			}
		}
		if len(tier) == 0 { // cannot happen: the relation is transitive
			tier, next = next, nil
		}
		r.Ranking = append(r.Ranking, tier)
		rest = next
	}
	st := Stage{Number: 1, Action: ActionFirstCount, From: -1, Votes: p.markCounts(true)}
	if p.count.Valid > 0 {
		tb := newTieBreaker(opt.Tie, n)
		for _, tier := range r.Ranking {
			left := p.seats - len(r.Winners)
			if left == 0 {
				break
			}
			same := make([]Votes, n) // all equal: only the tie rule separates them
			for _, dd := range topK(tier, same, left, tb, 1, ReasonSchulze) {
				st.Elected = append(st.Elected, dd)
				r.Winners = append(r.Winners, dd.Candidate)
			}
		}
		r.Draws = tb.draws
	}
	r.Stages = []Stage{st}
	return r, nil
}
