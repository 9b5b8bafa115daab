package governance

import "testing"

func TestRequiredCountsTheLeastNumberOfVotesExactly(t *testing.T) {
	cases := map[string]struct {
		f      Fraction
		n      int
		strict bool
		want   int
	}{
		"more than half of 10 is 6":           {Frac(1, 2), 10, true, 6},
		"more than half of 9 is 5":            {Frac(1, 2), 9, true, 5},
		"more than half of 1 is 1":            {Frac(1, 2), 1, true, 1},
		"more than half of 0 is 1":            {Frac(1, 2), 0, true, 1},
		"at least half of 10 is 5":            {Frac(1, 2), 10, false, 5},
		"at least two thirds of 9 is 6":       {Frac(2, 3), 9, false, 6},
		"at least two thirds of 10 is 7":      {Frac(2, 3), 10, false, 7},
		"more than two thirds of 9 is 7":      {Frac(2, 3), 9, true, 7},
		"at least a quarter of 100 is 25":     {Frac(1, 4), 100, false, 25},
		"at least a quarter of 101 is 26":     {Frac(1, 4), 101, false, 26},
		"at least a quarter of 0 is 0":        {Frac(1, 4), 0, false, 0},
		"2/4 equals 1/2":                      {Frac(2, 4), 10, true, 6},
		"unanimity of 7 is 7":                 {Frac(1, 1), 7, false, 7},
		"zero fraction needs nobody":          {Frac(0, 1), 50, false, 0},
		"negative count is zero":              {Frac(1, 2), -3, true, 1},
		"zero denominator fails closed":       {Frac(1, 0), 10, false, 11},
		"negative numerator fails closed":     {Frac(-1, 2), 10, false, 11},
		"large counts do not overflow":        {Frac(2, 3), 3_000_000_000, false, 2_000_000_000},
		"more than 2/3 of 3 billion is exact": {Frac(2, 3), 3_000_000_000, true, 2_000_000_001},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if got := Required(c.f, c.n, c.strict); got != c.want {
				t.Fatalf("Required(%s, %d, %v) = %d, want %d", c.f, c.n, c.strict, got, c.want)
			}
		})
	}
}

func TestQuorumMetAtExactlyTheFractionAndNotBelow(t *testing.T) {
	cases := map[string]struct {
		present, basis int
		q              Fraction
		want           bool
	}{
		"exactly a quarter":                  {25, 100, Frac(1, 4), true},
		"one short of a quarter":             {24, 100, Frac(1, 4), false},
		"a quarter of 101 needs 26":          {25, 101, Frac(1, 4), false},
		"26 of 101 is enough":                {26, 101, Frac(1, 4), true},
		"exactly half":                       {50, 100, Frac(1, 2), true},
		"one short of half":                  {49, 100, Frac(1, 2), false},
		"everyone":                           {100, 100, Frac(1, 1), true},
		"no quorum, nobody present":          {0, 100, Frac(0, 1), true},
		"empty association, nobody required": {0, 0, Frac(1, 4), true},
		"zero denominator is never met":      {100, 100, Frac(1, 0), false},
		"negative fraction is never met":     {100, 100, Frac(-1, 4), false},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if got := QuorumMet(c.present, c.basis, c.q); got != c.want {
				t.Fatalf("QuorumMet(%d, %d, %s) = %v, want %v", c.present, c.basis, c.q, got, c.want)
			}
		})
	}
}

func TestMajorityReachedOnEachBasis(t *testing.T) {
	simple := Majority{Fraction: Frac(1, 2), Basis: VotesCast, Strict: true}
	atLeastHalf := Majority{Fraction: Frac(1, 2), Basis: VotesCast}
	twoThirdsCast := Majority{Fraction: Frac(2, 3), Basis: VotesCast}
	twoThirdsPresent := Majority{Fraction: Frac(2, 3), Basis: PresentOrRepresented}
	absolute := Majority{Fraction: Frac(1, 2), Basis: AllMembersBasis, Strict: true}
	cases := map[string]struct {
		t    Tally
		m    Majority
		abst bool
		want bool
	}{
		"simple: 6 for 4 against":                        {Tally{For: 6, Against: 4}, simple, false, true},
		"simple: tie at half is rejected":                {Tally{For: 5, Against: 5}, simple, false, false},
		"simple: abstentions ignored":                    {Tally{For: 3, Against: 2, Abstain: 10}, simple, false, true},
		"simple: abstentions counted weigh against":      {Tally{For: 3, Against: 2, Abstain: 10}, simple, true, false},
		"simple: abstentions counted, still a majority":  {Tally{For: 8, Against: 2, Abstain: 5}, simple, true, true},
		"simple: zero votes cast":                        {Tally{Abstain: 12, Present: 12}, simple, false, false},
		"simple: nothing at all":                         {Tally{}, simple, false, false},
		"at least half: a tie still fails":               {Tally{For: 5, Against: 5}, atLeastHalf, false, false},
		"at least half: zero votes cast fails":           {Tally{}, atLeastHalf, false, false},
		"2/3 of cast: exactly two thirds":                {Tally{For: 6, Against: 3}, twoThirdsCast, false, true},
		"2/3 of cast: one short":                         {Tally{For: 5, Against: 3}, twoThirdsCast, false, false},
		"2/3 of present: exactly two thirds":             {Tally{For: 20, Against: 2, Abstain: 8, Present: 30}, twoThirdsPresent, false, true},
		"2/3 of present: abstainers and absentees weigh": {Tally{For: 19, Against: 1, Abstain: 10, Present: 30}, twoThirdsPresent, false, false},
		"2/3 of present: not present is not counted":     {Tally{For: 20, Against: 10, Present: 30, Members: 300}, twoThirdsPresent, false, true},
		"absolute: more than half of all members":        {Tally{For: 51, Against: 0, Present: 60, Members: 100}, absolute, false, true},
		"absolute: half of all members is not enough":    {Tally{For: 50, Against: 0, Present: 60, Members: 100}, absolute, false, false},
		"unknown basis never passes":                     {Tally{For: 10}, Majority{Fraction: Frac(1, 2), Basis: "hands"}, false, false},
		"invalid fraction never passes":                  {Tally{For: 10}, Majority{Fraction: Frac(1, 0), Basis: VotesCast}, false, false},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if got := MajorityReached(c.t, c.m, c.abst); got != c.want {
				t.Fatalf("MajorityReached(%+v, %+v, %v) = %v, want %v", c.t, c.m, c.abst, got, c.want)
			}
		})
	}
}

func TestFractionsCompareByValue(t *testing.T) {
	cases := []struct {
		a, b Fraction
		want int
	}{
		{Frac(1, 2), Frac(2, 4), 0},
		{Frac(1, 4), Frac(1, 3), -1},
		{Frac(2, 3), Frac(1, 2), 1},
		{Frac(0, 1), Frac(0, 7), 0},
	}
	for _, c := range cases {
		if got := c.a.Cmp(c.b); got != c.want {
			t.Errorf("%s.Cmp(%s) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	if s := Frac(2, 3).String(); s != "2/3" {
		t.Errorf("String() = %q", s)
	}
}

func TestQuorumForUsesTheDecisionsOwnQuorumAtBothConvocations(t *testing.T) {
	ext := OMSN().Assemblies[Extraordinary]
	cases := map[string]struct {
		a      Assembly
		d      Decision
		second bool
		want   Fraction
		needed bool
	}{
		"first convocation: the assembly's quorum": {ext, StatutesAmendment, false, Frac(1, 2), true},
		"second convocation: its own lower quorum": {ext, StatutesAmendment, true, Frac(1, 4), true},
		"dissolution keeps its half at the first":  {ext, Dissolution, false, Frac(1, 2), true},
		"dissolution keeps its half at the second": {ext, Dissolution, true, Frac(1, 2), true},
		"ordinary second convocation: no quorum":   {OMSN().Assemblies[Ordinary], OrdinaryBusiness, true, Fraction{}, false},
		"ordinary first convocation: a quarter":    {OMSN().Assemblies[Ordinary], OrdinaryBusiness, false, Frac(1, 4), true},
		"constitutive: no quorum":                  {OMSN().Assemblies[Constitutive], StatutesAmendment, false, Fraction{}, false},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			got, needed := c.a.QuorumFor(c.d, c.second)
			if needed != c.needed || (needed && got.Cmp(c.want) != 0) {
				t.Fatalf("QuorumFor(%s, %v) = %s, %v; want %s, %v", c.d, c.second, got, needed, c.want, c.needed)
			}
		})
	}
}
