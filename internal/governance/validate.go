package governance

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/omsn/majlis/internal/apperr"
)

// codeShape is the shape of category and position codes: they appear in
// members' records and in dotted field paths, so no dots or spaces.
var codeShape = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// currencyShape is an ISO 4217 code.
var currencyShape = regexp.MustCompile(`^[A-Z]{3}$`)

var (
	half = Frac(1, 2)
	one  = Frac(1, 1)
)

// Validate checks the rules and returns an *apperr.ValidationError with one
// entry per problem, or nil. Fields are dotted paths into the JSON form
// (assemblies.ordinary.quorum, board.positions.2.seats,
// categories.1.code); messages are translation keys, mostly under
// statutes.error.
func (r Rules) Validate() error {
	v := &apperr.ValidationError{}
	r.validateCategories(v)
	r.Dues.validate(v)
	r.Eligibility.validate(v)
	r.Board.validate(v)
	r.validateAssemblies(v)
	r.Proxies.validate(v)
	r.Ties.validate(v)
	return v.OrNil()
}

// path joins the parts of a field path with dots.
func path(parts ...string) string { return strings.Join(parts, ".") }

func index(i int) string { return strconv.Itoa(i) }

// unknown records an enum value that is not one of allowed.
func unknown[T ~string](v *apperr.ValidationError, field string, got T, allowed ...T) {
	for _, a := range allowed {
		if got == a {
			return
		}
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	v.Add(field, "statutes.error.unknown_value", map[string]any{"Allowed": strings.Join(names, ", ")})
}

func checkCode(v *apperr.ValidationError, field, code string, seen map[string]bool) {
	switch {
	case code == "":
		v.Add(field, "error.required", nil)
	case !codeShape.MatchString(code):
		v.Add(field, "statutes.error.code_format", nil)
	case seen[code]:
		v.Add(field, "statutes.error.duplicate_code", nil)
	}
	seen[code] = true
}

func nonNegative(v *apperr.ValidationError, field string, n int) {
	if n < 0 {
		v.Add(field, "statutes.error.negative", nil)
	}
}

func (r Rules) validateCategories(v *apperr.ValidationError) {
	if len(r.Categories) == 0 {
		v.Add("categories", "statutes.error.no_category", nil)
		return
	}
	seen := map[string]bool{}
	voting, standing := false, false
	for i, c := range r.Categories {
		f := path("categories", index(i))
		checkCode(v, path(f, "code"), c.Code, seen)
		if strings.TrimSpace(c.Names.Fr) == "" {
			v.Add(path(f, "names", "fr"), "error.required", nil)
		}
		switch {
		case c.DuesAmount < 0:
			v.Add(path(f, "dues_amount"), "statutes.error.negative", nil)
		case c.ExemptFromDues && c.DuesAmount > 0:
			v.Add(path(f, "dues_amount"), "statutes.error.exempt_with_dues", nil)
		}
		voting = voting || c.MayVote
		standing = standing || c.MayStand
	}
	if !voting {
		v.Add("categories", "statutes.error.no_voting_category", nil)
	} else if !standing {
		v.Add("categories", "statutes.error.no_standing_category", nil)
	}
}

func (d Dues) validate(v *apperr.ValidationError) {
	if d.Currency != "" && !currencyShape.MatchString(d.Currency) {
		v.Add(path("dues", "currency"), "statutes.error.currency_format", nil)
	}
	unknown(v, path("dues", "period"), d.Period, CalendarYear, Anniversary)
	nonNegative(v, path("dues", "grace_days"), d.GraceDays)
	if d.ProRata && d.Period == Anniversary {
		v.Add(path("dues", "pro_rata"), "statutes.error.pro_rata_anniversary", nil)
	}
}

func (e Eligibility) validate(v *apperr.ValidationError) {
	nonNegative(v, path("eligibility", "min_seniority_months_to_vote"), e.MinSeniorityMonthsToVote)
	nonNegative(v, path("eligibility", "min_seniority_months_to_stand"), e.MinSeniorityMonthsToStand)
}

func (b Board) validate(v *apperr.ValidationError) {
	seen := map[string]bool{}
	presidents := 0
	for i, p := range b.Positions {
		f := path("board", "positions", index(i))
		checkCode(v, path(f, "code"), p.Code, seen)
		if strings.TrimSpace(p.Titles.Fr) == "" {
			v.Add(path(f, "titles", "fr"), "error.required", nil)
		}
		unknown(v, path(f, "office"), p.Office, President, VicePresident, SecretaryGeneral, Treasurer, Assessor)
		if p.Seats < 1 {
			v.Add(path(f, "seats"), "statutes.error.positive", nil)
		}
		if p.TermYears < 1 {
			v.Add(path(f, "term_years"), "statutes.error.positive", nil)
		}
		if p.MaxRenewals < Unlimited {
			v.Add(path(f, "max_renewals"), "statutes.error.renewals_invalid", nil)
		}
		unknown(v, path(f, "elected_by"), p.ElectedBy, ElectedByAssembly, ElectedByBoard)
		if p.Office == President {
			presidents++
			if presidents > 1 {
				v.Add(path(f, "office"), "statutes.error.several_presidents", nil)
			}
			if p.Seats > 1 {
				v.Add(path(f, "seats"), "statutes.error.president_seats", nil)
			}
		}
	}
	if presidents == 0 {
		v.Add(path("board", "positions"), "statutes.error.no_president", nil)
	}
}

func (r Rules) validateAssemblies(v *apperr.ValidationError) {
	for kind := range r.Assemblies {
		unknown(v, path("assemblies", string(kind)), kind, AssemblyKinds...)
	}
	for _, kind := range AssemblyKinds {
		f := path("assemblies", string(kind))
		a, ok := r.Assemblies[kind]
		if !ok {
			v.Add(f, "statutes.error.assembly_missing", nil)
			continue
		}
		a.validate(v, f, kind)
	}
}

func (a Assembly) validate(v *apperr.ValidationError, f string, kind AssemblyKind) {
	nonNegative(v, path(f, "notice_days"), a.NoticeDays)
	quorumOK := checkQuorum(v, path(f, "quorum"), a.Quorum)
	unknown(v, path(f, "quorum_basis"), a.QuorumBasis, MembersInGoodStanding, VotingMembers, AllMembers)

	s := a.SecondConvocation
	if s.Allowed {
		if s.DelayDays < 1 {
			v.Add(path(f, "second_convocation", "delay_days"), "statutes.error.positive", nil)
		}
		if s.Quorum != nil {
			sf := path(f, "second_convocation", "quorum")
			if checkQuorum(v, sf, *s.Quorum) && quorumOK && s.Quorum.Cmp(a.Quorum) > 0 {
				v.Add(sf, "statutes.error.second_quorum_above_first", nil)
			}
		}
	}

	for d := range a.Majorities {
		unknown(v, path(f, "majorities", string(d)), d, Decisions...)
	}
	for _, d := range requiredDecisions[kind] {
		if _, ok := a.Majorities[d]; !ok {
			v.Add(path(f, "majorities", string(d)), "statutes.error.majority_missing", nil)
		}
	}
	for _, d := range Decisions {
		if m, ok := a.Majorities[d]; ok {
			m.validate(v, path(f, "majorities", string(d)))
		}
	}
}

func (m Majority) validate(v *apperr.ValidationError, f string) {
	ff := path(f, "fraction")
	if checkFraction(v, ff, m.Fraction) {
		switch c := m.Fraction.Cmp(half); {
		case c < 0:
			v.Add(ff, "statutes.error.majority_below_half", nil)
		case c == 0 && !m.Strict:
			// "At least half" lets a tie pass: both a motion and its
			// opposite could be carried.
			v.Add(ff, "statutes.error.majority_half_not_strict", nil)
		case m.Fraction.Cmp(one) > 0:
			v.Add(ff, "statutes.error.majority_above_one", nil)
		case m.Fraction.Cmp(one) == 0 && m.Strict:
			v.Add(ff, "statutes.error.majority_unreachable", nil)
		}
	}
	unknown(v, path(f, "basis"), m.Basis, VotesCast, PresentOrRepresented, AllMembersBasis)
	if m.Quorum != nil {
		checkQuorum(v, path(f, "quorum"), *m.Quorum)
	}
}

// checkFraction records a malformed fraction and reports whether it is
// well formed.
func checkFraction(v *apperr.ValidationError, field string, q Fraction) bool {
	switch {
	case q.Den <= 0:
		v.Add(field, "statutes.error.denominator_not_positive", nil)
	case q.Num < 0:
		v.Add(field, "statutes.error.fraction_negative", nil)
	default:
		return true
	}
	return false
}

// checkQuorum records a malformed quorum or one above 1 and reports
// whether it is usable.
func checkQuorum(v *apperr.ValidationError, field string, q Fraction) bool {
	if !checkFraction(v, field, q) {
		return false
	}
	if q.Cmp(one) > 0 {
		v.Add(field, "statutes.error.quorum_above_one", nil)
		return false
	}
	return true
}

func (p Proxies) validate(v *apperr.ValidationError) {
	if p.Allowed && p.MaxPerHolder < 1 {
		v.Add(path("proxies", "max_per_holder"), "statutes.error.proxies_max_below_one", nil)
	}
	nonNegative(v, path("proxies", "deadline_hours"), p.DeadlineHours)
}

func (t Ties) validate(v *apperr.ValidationError) {
	unknown(v, path("ties", "resolutions"), t.Resolutions, PresidentCastingVote, TieRejected, ResolutionByLot)
	unknown(v, path("ties", "elections"), t.Elections, OldestCandidate, MostSenior, ElectionByLot)
}
