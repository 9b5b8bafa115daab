package governance

import "strconv"

// Fraction is an exact share such as ¼ or ⅔. Quorums and majorities are
// fractions, never floats, so that "exactly a quarter" is decided without
// rounding. A valid fraction has Den > 0 and Num >= 0.
type Fraction struct {
	Num int `json:"num"`
	Den int `json:"den"`
}

// Frac returns the fraction num/den.
func Frac(num, den int) Fraction { return Fraction{Num: num, Den: den} }

// String writes the fraction as "num/den", the way statutes print it.
func (f Fraction) String() string {
	return strconv.Itoa(f.Num) + "/" + strconv.Itoa(f.Den)
}

// Valid reports whether the fraction has a positive denominator and a
// non-negative numerator.
func (f Fraction) Valid() bool { return f.Den > 0 && f.Num >= 0 }

// Cmp compares two valid fractions by value: -1 if f < g, 0 if equal
// (1/2 equals 2/4), +1 if f > g.
func (f Fraction) Cmp(g Fraction) int {
	l, r := int64(f.Num)*int64(g.Den), int64(g.Num)*int64(f.Den)
	switch {
	case l < r:
		return -1
	case l > r:
		return 1
	}
	return 0
}

// Required returns the least number of votes (or people) out of n that
// reaches the fraction f: more than f·n when strict, at least f·n
// otherwise. Required(½, 10, true) is 6; Required(⅔, 9, false) is 6;
// Required(¼, 10, false) is 3. A negative n counts as 0. An invalid f
// fails closed: it returns n+1, which nothing reaches.
func Required(f Fraction, n int, strict bool) int {
	if n < 0 {
		n = 0
	}
	if !f.Valid() {
		return n + 1
	}
	prod := int64(f.Num) * int64(n)
	den := int64(f.Den)
	if strict {
		return int(prod/den + 1)
	}
	return int((prod + den - 1) / den)
}

// QuorumMet reports whether presentOrRepresented members reach the
// quorum q of basisCount members ("at least a quarter of the members in
// good standing present or represented"). A zero quorum is always met; an
// invalid one never is.
func QuorumMet(presentOrRepresented, basisCount int, q Fraction) bool {
	if !q.Valid() {
		return false
	}
	return presentOrRepresented >= Required(q, basisCount, false)
}

// Tally is the count of one vote on a resolution, with what the majority
// bases need.
type Tally struct {
	For     int `json:"for"`
	Against int `json:"against"`
	Abstain int `json:"abstain"`
	// Present counts the voting members present or represented (proxies
	// included) when the vote was taken.
	Present int `json:"present"`
	// Members counts all the voting members of the association.
	Members int `json:"members"`
}

// Cast returns the number of votes cast: for and against, and abstentions
// when the statutes count them as cast. Blank or spoilt ballots are never
// cast; the caller leaves them out of the tally.
func (t Tally) Cast(abstentionsCountAsCast bool) int {
	n := t.For + t.Against
	if abstentionsCountAsCast {
		n += t.Abstain
	}
	return n
}

// MajorityReached reports whether the votes for reach the majority m. It
// does not check the quorum: do that first, with Assembly.QuorumFor and
// QuorumMet. Whatever the fraction, a resolution never passes without a
// vote for it, nor with as many votes against as for, so zero votes cast
// or a tie under an "at least ½" rule is a rejection (ties are then
// settled by Ties.Resolutions, outside this function).
func MajorityReached(t Tally, m Majority, abstentionsCountAsCast bool) bool {
	var n int
	switch m.Basis {
	case VotesCast:
		n = t.Cast(abstentionsCountAsCast)
	case PresentOrRepresented:
		n = t.Present
	case AllMembersBasis:
		n = t.Members
	default:
		return false
	}
	return t.For > 0 && t.For > t.Against && t.For >= Required(m.Fraction, n, m.Strict)
}
