package tally

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Method names a counting method.
type Method string

// The counting methods.
const (
	Plurality Method = "plurality"
	Approval  Method = "approval"
	TwoRound  Method = "two-round"
	IRV       Method = "irv"
	STV       Method = "stv"
	Schulze   Method = "schulze"
	List      Method = "list"
)

// Methods lists every method, in the order the documentation gives them.
var Methods = []Method{Plurality, Approval, TwoRound, IRV, STV, Schulze, List}

// ParseMethod returns the method with that name.
func ParseMethod(s string) (Method, bool) {
	for _, m := range Methods {
		if string(m) == s {
			return m, true
		}
	}
	return "", false
}

// Ranked reports whether the method reads preferences in order.
func (m Method) Ranked() bool { return m == IRV || m == STV || m == Schulze }

// MaxCandidates is the most candidates a count accepts.
const MaxCandidates = 1 << 15

// Ballot is a group of identical ballots: Weight ballots that all carry
// Choices. Choices are candidate numbers (0-based indexes into
// Election.Candidates): the preferences in order for ranked methods,
// the candidates marked for plurality, approval and two-round, the one
// list chosen for list votes. A ballot with no choice is blank.
//
// Equal holds the candidates a ranked ballot paper marks with one same
// preference right after Choices (a BLT "2=3"). Under the Scottish rules
// such a paper is void for uncertainty from that preference on: it
// counts for Choices and then becomes non-transferable, since the
// "next available preference" must be the next "in consecutive order"
// for one candidate (SSI 2007/42, article 2); when Choices is empty the
// first preference itself is given to more than one candidate, and the
// paper is rejected (schedule 1, rule 43). Equal never counts for
// anyone, under any method; it is kept so that the paper can be written
// back as it was read.
type Ballot struct {
	Weight  int64 `json:"weight"`
	Choices []int `json:"choices"`
	Equal   []int `json:"equal,omitempty"`
}

// Election is what a count reads: the candidates (or lists), the seats,
// the candidates withdrawn after the ballot papers were printed, and the
// ballots.
type Election struct {
	Title      string
	Candidates []string
	Withdrawn  []int // candidate numbers; their marks are skipped
	Seats      int
	Ballots    []Ballot
}

// RunoffRule says who goes on to the second round of a two-round vote.
type RunoffRule struct {
	// Threshold, when positive, lets every candidate with at least this
	// share of the valid ballots of the first round go on (0.125 for
	// 12.5 %). When it is zero, or fewer candidates reach it, the best
	// two per seat left go on.
	Threshold float64 `json:"threshold,omitempty"`
}

// Apportionment says how a list vote shares the seats.
type Apportionment string

// The apportionments of a list vote.
const (
	WinnerTakesAll Apportionment = "winner-takes-all" // the list with most votes takes every seat
	DHondt         Apportionment = "dhondt"           // highest averages: votes / (seats won + 1)
)

// Options are the parameters of a count.
type Options struct {
	Seats         int           // seats to fill; 0 takes Election.Seats, then 1
	Tie           TieRule       // how ties are broken
	Runoff        RunoffRule    // two-round only
	SecondRound   []Ballot      // two-round only: the ballots of the second round, if it was held
	Apportionment Apportionment // list only; empty means winner takes all
	// ListThreshold, list only, is the electoral threshold: a list with
	// less than this share of the valid ballots (0.05 for 5 %, read to
	// a millionth; exactly the share qualifies) takes no seat, and the
	// seats are shared among the others as if it had not stood. Zero:
	// no threshold.
	ListThreshold float64
}

// Reason says why a candidate was elected or excluded.
type Reason string

// The reasons given for decisions.
const (
	ReasonQuota          Reason = "quota"           // reached the quota (STV)
	ReasonMajority       Reason = "majority"        // absolute majority of the votes counted
	ReasonMostVotes      Reason = "most_votes"      // among the most votes
	ReasonRemainingSeats Reason = "remaining_seats" // as many continuing candidates as seats left
	ReasonLastCandidate  Reason = "last_candidate"  // the only continuing candidate left (IRV)
	ReasonFewestVotes    Reason = "fewest_votes"    // the fewest votes
	ReasonQualified      Reason = "qualified"       // goes on to the second round
	ReasonHighestAverage Reason = "highest_average" // won a seat by highest average (D'Hondt)
	ReasonSchulze        Reason = "schulze_rank"    // ranked in the best places by Schulze
	ReasonBelowThreshold Reason = "below_threshold" // a list under the electoral threshold
	ReasonEarlierStage   Reason = "tie_earlier_stage"
	ReasonTiePriority    Reason = "tie_priority"
	ReasonTieLot         Reason = "tie_lot"
	ReasonWithdrawn      Reason = "withdrawn"
)

// Decision records one candidate elected or excluded, and why. When a
// tie had to be broken, Reason names the tie rule that decided.
type Decision struct {
	Candidate int    `json:"candidate"`
	Reason    Reason `json:"reason"`
}

// Action says what a stage did.
type Action string

// The actions of stages.
const (
	ActionFirstCount  Action = "first_count" // first preferences, or the only count
	ActionSurplus     Action = "surplus"     // transfer of an elected candidate's surplus
	ActionExclusion   Action = "exclusion"   // transfer of an excluded candidate's ballots
	ActionSecondRound Action = "second_round"
	ActionSeat        Action = "seat" // one seat given by highest average
)

// Stage is one step of a count, with the votes as they stand at its end.
type Stage struct {
	Number int    `json:"number"`
	Action Action `json:"action"`
	// From is the candidate whose surplus or ballots were transferred,
	// or -1.
	From int `json:"from"`
	// TransferValue is the value at which a ballot of value one moved in
	// a surplus transfer.
	TransferValue Votes `json:"transfer_value,omitzero"`
	// Votes holds each candidate's votes at the end of the stage (for a
	// D'Hondt stage, each list's average).
	Votes []Votes `json:"votes"`
	// Transfers holds what each candidate gained (or lost) in the stage.
	Transfers []Votes `json:"transfers,omitempty"`
	// NonTransferable is the running total of votes on ballots with no
	// further preference for a continuing candidate; NonTransferableGain
	// what this stage added to it.
	NonTransferable     Votes `json:"non_transferable"`
	NonTransferableGain Votes `json:"non_transferable_gain"`
	// Loss is the running total of the fractions of votes lost when
	// transfer values are truncated (STV).
	Loss     Votes      `json:"loss"`
	Elected  []Decision `json:"elected,omitempty"`
	Excluded []Decision `json:"excluded,omitempty"`
	// Qualified are the candidates who go on to the second round.
	Qualified []Decision `json:"qualified,omitempty"`
}

// BallotCount sums the ballots of a count by kind, in ballots.
type BallotCount struct {
	Total   int64 `json:"total"`
	Valid   int64 `json:"valid"`   // counted
	Blank   int64 `json:"blank"`   // no choice for a standing candidate
	Invalid int64 `json:"invalid"` // a candidate repeated, an unknown candidate, too many marks, or equal first preferences
}

// Draw records one drawing of lots.
type Draw struct {
	Stage  int   `json:"stage"`
	Among  []int `json:"among"`  // the tied candidates, by number
	Chosen int   `json:"chosen"` // the one the lot designated
	// Favoured is true when the lot chose whom to favour (elect, keep),
	// false when it chose whom to exclude.
	Favoured bool `json:"favoured"`
}

// Result is the complete outcome of a count.
type Result struct {
	Method     Method      `json:"method"`
	Title      string      `json:"title,omitempty"`
	Candidates []string    `json:"candidates"`
	Withdrawn  []int       `json:"withdrawn,omitempty"`
	Seats      int         `json:"seats"`
	Ballots    BallotCount `json:"ballots"`
	// Winners are the elected candidates in the order they were elected.
	// For a list vote they are the lists, once per seat won.
	Winners []int   `json:"winners"`
	Stages  []Stage `json:"stages"`
	// Quota is the Droop quota (STV).
	Quota Votes   `json:"quota,omitzero"`
	Tie   TieRule `json:"tie"`
	Draws []Draw  `json:"draws,omitempty"`
	// Qualified lists who goes on to the second round (two-round), when
	// the first round did not fill every seat. Complete is false when the
	// second round is still to be held.
	Qualified   []int        `json:"qualified,omitempty"`
	Complete    bool         `json:"complete"`
	SecondRound *BallotCount `json:"second_round,omitempty"`
	// Schulze: the ranking in tiers, best first; the pairwise preferences
	// d[i][j] (voters preferring i to j) and the strongest paths p[i][j].
	Ranking   [][]int   `json:"ranking,omitempty"`
	Pairwise  [][]int64 `json:"pairwise,omitempty"`
	Strongest [][]int64 `json:"strongest,omitempty"`
	// ListSeats gives each list's seats (list votes).
	ListSeats []int `json:"list_seats,omitempty"`
	// ListThreshold is the threshold the list vote applied, and
	// BelowThreshold the standing lists under it, which took no seat.
	ListThreshold  float64 `json:"list_threshold,omitempty"`
	BelowThreshold []int   `json:"below_threshold,omitempty"`
}

// ErrInput is wrapped by every error about the input of a count.
var ErrInput = errors.New("tally: invalid input")

func inputErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInput, fmt.Sprintf(format, a...))
}

// Count runs the count of method m.
func Count(m Method, e *Election, opt Options) (*Result, error) {
	switch m {
	case Plurality:
		return CountPlurality(e, opt)
	case Approval:
		return CountApproval(e, opt)
	case TwoRound:
		return CountTwoRound(e, opt)
	case IRV:
		return CountIRV(e, opt)
	case STV:
		return CountSTV(e, opt)
	case Schulze:
		return CountSchulze(e, opt)
	case List:
		return CountList(e, opt)
	}
	return nil, inputErr("unknown method %q", m)
}

// prepared holds the valid ballots of a count in a compact form: the
// choices of ballot i, withdrawn candidates removed, are
// choices[offs[i]:offs[i+1]].
type prepared struct {
	n         int
	seats     int
	withdrawn []bool
	weights   []int64
	offs      []int32
	choices   []uint16
	count     BallotCount
}

func (p *prepared) ballot(i int) []uint16 { return p.choices[p.offs[i]:p.offs[i+1]] }

// maxWeight keeps every sum of votes, scaled, far from overflowing.
const maxWeight = math.MaxInt64 / Scale / 4

// prepare checks the election and sorts its ballots into valid, blank and
// invalid. maxMarks limits the choices of a valid ballot (0: no limit).
func prepare(e *Election, opt Options, maxMarks func(seats int) int) (*prepared, *Result, error) {
	n := len(e.Candidates)
	if n == 0 {
		return nil, nil, inputErr("no candidates")
	}
	if n > MaxCandidates {
		return nil, nil, inputErr("%d candidates, at most %d", n, MaxCandidates)
	}
	seats := opt.Seats
	if seats == 0 {
		seats = e.Seats
	}
	if seats == 0 {
		seats = 1
	}
	if seats < 0 || seats > 1<<20 {
		return nil, nil, inputErr("%d seats", seats)
	}
	p := &prepared{n: n, seats: seats, withdrawn: make([]bool, n)}
	for _, c := range e.Withdrawn {
		if c < 0 || c >= n {
			return nil, nil, inputErr("withdrawn candidate %d does not exist", c+1)
		}
		p.withdrawn[c] = true
	}
	if err := opt.Tie.check(n); err != nil {
		return nil, nil, err
	}
	limit := 0
	if maxMarks != nil {
		limit = maxMarks(seats)
	}
	total := 0
	for _, b := range e.Ballots {
		total += len(b.Choices)
	}
	p.choices = make([]uint16, 0, min(total, math.MaxInt32))
	p.offs = append(make([]int32, 0, len(e.Ballots)+1), 0)
	p.weights = make([]int64, 0, len(e.Ballots))
	seen := make([]int32, n) // seen[c] == i+1 when ballot i chose c
	for i, b := range e.Ballots {
		if b.Weight < 0 {
			return nil, nil, inputErr("ballot %d has a negative weight", i+1)
		}
		if b.Weight == 0 {
			continue
		}
		if b.Weight > maxWeight || p.count.Total > maxWeight-b.Weight {
			return nil, nil, inputErr("too many ballots")
		}
		p.count.Total += b.Weight
		start := len(p.choices)
		bad := limit > 0 && len(b.Choices) > limit
		for _, c := range b.Choices {
			if c < 0 || c >= n || seen[c] == int32(i+1) {
				bad = true
				break
			}
			seen[c] = int32(i + 1)
			if !p.withdrawn[c] {
				p.choices = append(p.choices, uint16(c))
			}
		}
		if len(b.Equal) > 0 && !bad {
			// Equal first preferences void the paper (rule 43); equal
			// later ones end it, and are themselves never counted.
			bad = len(b.Choices) == 0 || len(b.Equal) < 2
			for _, c := range b.Equal {
				if bad || c < 0 || c >= n || seen[c] == int32(i+1) {
					bad = true
					break
				}
				seen[c] = int32(i + 1)
			}
		}
		switch {
		case bad:
			p.choices = p.choices[:start]
			p.count.Invalid += b.Weight
		case len(p.choices) == start:
			p.count.Blank += b.Weight
		default:
			p.count.Valid += b.Weight
			p.weights = append(p.weights, b.Weight)
			p.offs = append(p.offs, int32(len(p.choices)))
		}
		if len(p.choices) > math.MaxInt32-MaxCandidates {
			return nil, nil, inputErr("too many choices")
		}
	}
	r := &Result{
		Title:      e.Title,
		Candidates: slices.Clone(e.Candidates),
		Seats:      seats,
		Ballots:    p.count,
		Tie:        opt.Tie,
		Winners:    []int{},
		Complete:   true,
	}
	for c, w := range p.withdrawn {
		if w {
			r.Withdrawn = append(r.Withdrawn, c)
		}
	}
	return p, r, nil
}

// standing returns the candidates not withdrawn.
func (p *prepared) standing() []int {
	var out []int
	for c := 0; c < p.n; c++ {
		if !p.withdrawn[c] {
			out = append(out, c)
		}
	}
	return out
}

// firstCounts adds up, for each candidate, the ballots choosing it
// (every choice counts for plurality and approval; only the first for
// ranked methods).
func (p *prepared) markCounts(firstOnly bool) []Votes {
	v := make([]Votes, p.n)
	for i, w := range p.weights {
		b := p.ballot(i)
		if firstOnly {
			b = b[:1]
		}
		for _, c := range b {
			v[c] += WholeVotes(w)
		}
	}
	return v
}
