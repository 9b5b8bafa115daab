package tally

import "slices"

// status is where a candidate stands during a transferable count.
type status uint8

const (
	continuing status = iota
	elected
	excluded
	withdrawn
)

// piles holds the state of a count that moves ballots between candidates
// (IRV and STV). Ballot i sits with the candidate of choices[pos[i]],
// each of its Weight papers worth val[i].
type piles struct {
	p         *prepared
	pos       []int32
	val       []Votes
	pile      [][]int32
	cur       []Votes
	status    []status
	exhausted Votes
	loss      Votes
}

func newPiles(p *prepared) *piles {
	s := &piles{
		p:      p,
		pos:    make([]int32, len(p.weights)),
		val:    make([]Votes, len(p.weights)),
		pile:   make([][]int32, p.n),
		cur:    make([]Votes, p.n),
		status: make([]status, p.n),
	}
	for c, w := range p.withdrawn {
		if w {
			s.status[c] = withdrawn
		}
	}
	return s
}

// firstCount gives every ballot to its first choice, at value one.
func (s *piles) firstCount() {
	counts := make([]int, s.p.n)
	for i := range s.p.weights {
		counts[s.p.choices[s.p.offs[i]]]++
	}
	for c, k := range counts {
		s.pile[c] = make([]int32, 0, k)
	}
	for i, w := range s.p.weights {
		at := s.p.offs[i]
		c := s.p.choices[at]
		s.pos[i] = at
		s.val[i] = Scale
		s.pile[c] = append(s.pile[c], int32(i))
		s.cur[c] += Votes(w * Scale)
	}
}

// transfer moves every ballot of candidate from to its next continuing
// choice, at the value value(v) computed from its current value v.
// Ballots with no continuing choice left become non-transferable at that
// value. It returns the gains of each candidate and of the
// non-transferable papers; the caller settles from's own total.
func (s *piles) transfer(from int, value func(Votes) Votes) (gains []Votes, nonTransferable Votes) {
	gains = make([]Votes, s.p.n)
	choices, offs, weights := s.p.choices, s.p.offs, s.p.weights
	for _, i := range s.pile[from] {
		v := value(s.val[i])
		amount := Votes(weights[i]) * v
		next := int32(-1)
		for j := s.pos[i] + 1; j < offs[i+1]; j++ {
			if s.status[choices[j]] == continuing {
				next = j
				break
			}
		}
		if next < 0 {
			nonTransferable += amount
			continue
		}
		to := choices[next]
		s.pos[i] = next
		s.val[i] = v
		s.pile[to] = append(s.pile[to], i)
		s.cur[to] += amount
		gains[to] += amount
	}
	s.pile[from] = nil
	s.exhausted += nonTransferable
	return gains, nonTransferable
}

// continuing returns the continuing candidates, by number.
func (s *piles) continuing() []int {
	var out []int
	for c, st := range s.status {
		if st == continuing {
			out = append(out, c)
		}
	}
	return out
}

// stage records the state as it stands.
func (s *piles) stage(number int, action Action, from int, gains []Votes, ntGain Votes) Stage {
	return Stage{
		Number:              number,
		Action:              action,
		From:                from,
		Votes:               slices.Clone(s.cur),
		Transfers:           gains,
		NonTransferable:     s.exhausted,
		NonTransferableGain: ntGain,
		Loss:                s.loss,
	}
}

// lowest chooses the continuing candidate to exclude: the fewest votes,
// then the fewest at the most recent preceding stage where the tied
// candidates differed (lookBack), then the tie rule.
func (s *piles) lowest(cands []int, stages []Stage, tb *tieBreaker, stage int) Decision {
	low := cands[0]
	for _, c := range cands {
		if s.cur[c] < s.cur[low] {
			low = c
		}
	}
	var tied []int
	for _, c := range cands {
		if s.cur[c] == s.cur[low] {
			tied = append(tied, c)
		}
	}
	if len(tied) == 1 {
		return Decision{Candidate: low, Reason: ReasonFewestVotes}
	}
	tied = lookBack(stages, tied, false)
	if len(tied) == 1 {
		return Decision{Candidate: tied[0], Reason: ReasonEarlierStage}
	}
	c, why := tb.pick(stage, tied, false)
	return Decision{Candidate: c, Reason: why}
}

// favourite breaks a tie in favour of the candidate with the most votes
// at the most recent preceding stage where the tied candidates differed
// (lookBack), then by the tie rule.
func favourite(stages []Stage, tb *tieBreaker, stage int) func([]int) (int, Reason) {
	return func(tied []int) (int, Reason) {
		t := lookBack(stages, tied, true)
		if len(t) == 1 {
			return t[0], ReasonEarlierStage
		}
		return tb.pick(stage, t, true)
	}
}
