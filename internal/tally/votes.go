package tally

import (
	"errors"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// Scale is the number of units in one vote: every count is an exact
// integer number of hundred-thousandths of a vote, because the Scottish
// rules work to five decimal places and truncate the rest.
const Scale = 100000

// Votes is an exact number of votes, in units of 1/Scale of a vote.
type Votes int64

// WholeVotes converts a whole number of ballots to Votes.
func WholeVotes(n int64) Votes { return Votes(n * Scale) }

// Whole returns the whole part of v (truncated).
func (v Votes) Whole() int64 { return int64(v) / Scale }

// IsWhole reports whether v has no fractional part.
func (v Votes) IsWhole() bool { return int64(v)%Scale == 0 }

// String writes v in decimal with no more digits than it needs:
// "12", "12.5", "0.33333".
func (v Votes) String() string {
	s := v.Fixed()
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	return s
}

// Fixed writes v with exactly five decimals: "12.50000".
func (v Votes) Fixed() string {
	n := int64(v)
	neg := n < 0
	u := uint64(n)
	if neg {
		u = uint64(-n)
	}
	frac := strconv.FormatUint(u%Scale, 10)
	s := strconv.FormatUint(u/Scale, 10) + "." + strings.Repeat("0", 5-len(frac)) + frac
	if neg {
		s = "-" + s
	}
	return s
}

// MarshalJSON writes v as an exact JSON number.
func (v Votes) MarshalJSON() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalJSON reads a JSON number with at most five decimals.
func (v *Votes) UnmarshalJSON(b []byte) error {
	p, err := ParseVotes(string(b))
	if err != nil {
		return err
	}
	*v = p
	return nil
}

// ParseVotes reads a decimal number with at most five decimals.
func ParseVotes(s string) (Votes, error) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 5 {
		return 0, errors.New("tally: not a number of votes with at most five decimals")
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > (1<<62)/Scale {
		return 0, errors.New("tally: not a number of votes")
	}
	f := int64(0)
	if frac != "" {
		f, err = strconv.ParseInt(frac+strings.Repeat("0", 5-len(frac)), 10, 64)
		if err != nil || f < 0 {
			return 0, errors.New("tally: not a number of votes")
		}
	}
	r := Votes(w*Scale + f)
	if neg {
		r = -r
	}
	return r, nil
}

// mulDiv returns floor(a*b/c) for non-negative a, b and positive c,
// exactly, with a 128-bit intermediate product. The quotient must fit.
func mulDiv(a, b, c int64) int64 {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi >= uint64(c) {
		return math.MaxInt64 // would overflow; never happens for a quotient ≤ a or ≤ b
	}
	q, _ := bits.Div64(hi, lo, uint64(c))
	return int64(q)
}
