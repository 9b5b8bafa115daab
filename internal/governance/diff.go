package governance

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/omsn/majlis/internal/apperr"
	"github.com/sergi/go-diff/diffmatchpatch"
)

// Change is one rule that differs between two versions of the rules.
type Change struct {
	// Path is the rule's dotted path, with categories and positions named
	// by code rather than by place (categories.active.dues_amount,
	// board.positions.treasurer.seats, assemblies.ordinary.quorum,
	// assemblies.extraordinary.majorities.dissolution.fraction), so that
	// reordering a list is not a change.
	Path string `json:"path"`
	// Label names the rule for display, from the general to the
	// particular (section, then decision if any, then rule): translate
	// each part and join them.
	Label []apperr.Message `json:"label"`
	// Old and New are the values on each side; a zero Value is absent
	// (a category or position only one version has).
	Old Value `json:"old"`
	New Value `json:"new"`
}

// Value is a rule's value for display.
type Value struct {
	// Text is the value as a language-neutral string: "15", "1/4",
	// "300.00 MAD", an enum code, "true" or "false".
	Text string `json:"text"`
	// Key, when set, is the translation key to show instead of Text
	// (yes/no, enum values, "no quorum", "unlimited").
	Key string `json:"key,omitempty"`
}

// Diff lists the rules that differ between a and b, in the order the
// rules read: categories, dues, eligibility, board, assemblies, proxies,
// ties. Categories and positions are matched by code and ordered as in b,
// those only in a coming after.
func Diff(a, b Rules) []Change {
	cats := rankCodes(codesOf(b.Categories, func(c Category) string { return c.Code }), codesOf(a.Categories, func(c Category) string { return c.Code }))
	pos := rankCodes(codesOf(b.Board.Positions, func(p Position) string { return p.Code }), codesOf(a.Board.Positions, func(p Position) string { return p.Code }))
	la, lb := a.leaves(cats, pos), b.leaves(cats, pos)
	var out []leaf
	for p, x := range la {
		y, ok := lb[p]
		switch {
		case !ok:
			out = append(out, leaf{path: p, order: x.order, label: x.label, old: x.val})
		case x.val != y.val:
			out = append(out, leaf{path: p, order: y.order, label: y.label, old: x.val, val: y.val})
		}
	}
	for p, y := range lb {
		if _, ok := la[p]; !ok {
			out = append(out, leaf{path: p, order: y.order, label: y.label, val: y.val})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if c := slices.Compare(out[i].order, out[j].order); c != 0 {
			return c < 0
		}
		return out[i].path < out[j].path
	})
	changes := make([]Change, len(out))
	for i, l := range out {
		changes[i] = Change{Path: l.path, Label: l.label, Old: l.old, New: l.val}
	}
	return changes
}

// leaf is one rule of a version, flattened for comparison.
type leaf struct {
	path  string
	order []int
	label []apperr.Message
	old   Value // only in Diff's output
	val   Value
}

func codesOf[T any](items []T, code func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = code(it)
	}
	return out
}

// rankCodes numbers codes in order of first appearance in first, then in
// second.
func rankCodes(first, second []string) map[string]int {
	rank := map[string]int{}
	for _, list := range [][]string{first, second} {
		for _, c := range list {
			if _, ok := rank[c]; !ok {
				rank[c] = len(rank)
			}
		}
	}
	return rank
}

// Sections of the rules, in reading order.
const (
	secCategories = iota
	secDues
	secEligibility
	secBoard
	secAssemblies
	secProxies
	secTies
)

// flattener collects the leaves of one version.
type flattener struct {
	out   map[string]leaf
	last  []int // order of the entity being flattened
	field int   // rank of the field within that entity
}

// add records a leaf; order places its entity (section, then rank of the
// category, position, assembly kind…), and fields within an entity keep
// the order they are added in, the same in every version.
func (f *flattener) add(order []int, label []apperr.Message, p string, v Value) {
	if !slices.Equal(order, f.last) {
		f.last, f.field = order, 0
	}
	f.field++
	o := append(slices.Clone(order), f.field)
	f.out[p] = leaf{path: p, order: o, label: label, val: v}
}

func msg(key string, data map[string]any) apperr.Message { return apperr.Message{Key: key, Data: data} }

// namedBy is the data of a section named after a category or a position:
// each language's message reads the name in its own language (the code is
// what people would not understand), and the code when a draft has no
// name yet.
func namedBy(code string, n Names) map[string]any {
	return map[string]any{"Code": code, "Fr": n.Fr, "Ar": n.Ar, "En": n.En}
}

// rule returns a label: the section's parts, then the rule's key.
func rule(section []apperr.Message, key string) []apperr.Message {
	return append(slices.Clone(section), msg(key, nil))
}

func (r Rules) leaves(cats, pos map[string]int) map[string]leaf {
	f := &flattener{out: map[string]leaf{}}
	currency := r.Dues.CurrencyCode()

	// The same code twice (an invalid draft) keeps the first.
	done := map[string]bool{}
	for _, c := range r.Categories {
		if done[c.Code] {
			continue
		}
		done[c.Code] = true
		o := []int{secCategories, cats[c.Code]}
		sec := []apperr.Message{msg("statutes.section.category", namedBy(c.Code, c.Names))}
		p := path("categories", c.Code)
		f.add(o, rule(sec, "statutes.rule.category.names_fr"), path(p, "names", "fr"), text(c.Names.Fr))
		f.add(o, rule(sec, "statutes.rule.category.names_ar"), path(p, "names", "ar"), text(c.Names.Ar))
		f.add(o, rule(sec, "statutes.rule.category.names_en"), path(p, "names", "en"), text(c.Names.En))
		f.add(o, rule(sec, "statutes.rule.category.dues_amount"), path(p, "dues_amount"), text(Money(c.DuesAmount, currency)))
		f.add(o, rule(sec, "statutes.rule.category.may_vote"), path(p, "may_vote"), yesNo(c.MayVote))
		f.add(o, rule(sec, "statutes.rule.category.may_stand"), path(p, "may_stand"), yesNo(c.MayStand))
		f.add(o, rule(sec, "statutes.rule.category.counts_for_quorum"), path(p, "counts_for_quorum"), yesNo(c.CountsForQuorum))
		f.add(o, rule(sec, "statutes.rule.category.exempt_from_dues"), path(p, "exempt_from_dues"), yesNo(c.ExemptFromDues))
		f.add(o, rule(sec, "statutes.rule.category.organisation"), path(p, "organisation"), yesNo(c.Organisation))
	}

	{
		o := []int{secDues}
		sec := []apperr.Message{msg("statutes.section.dues", nil)}
		f.add(o, rule(sec, "statutes.rule.dues.currency"), path("dues", "currency"), text(currency))
		f.add(o, rule(sec, "statutes.rule.dues.period"), path("dues", "period"), enum(r.Dues.Period))
		f.add(o, rule(sec, "statutes.rule.dues.grace_days"), path("dues", "grace_days"), number(r.Dues.GraceDays))
		f.add(o, rule(sec, "statutes.rule.dues.pro_rata"), path("dues", "pro_rata"), yesNo(r.Dues.ProRata))
	}

	{
		e := r.Eligibility
		o := []int{secEligibility}
		sec := []apperr.Message{msg("statutes.section.eligibility", nil)}
		f.add(o, rule(sec, "statutes.rule.eligibility.good_standing_to_vote"), path("eligibility", "good_standing_to_vote"), yesNo(e.GoodStandingToVote))
		f.add(o, rule(sec, "statutes.rule.eligibility.good_standing_to_stand"), path("eligibility", "good_standing_to_stand"), yesNo(e.GoodStandingToStand))
		f.add(o, rule(sec, "statutes.rule.eligibility.min_seniority_months_to_vote"), path("eligibility", "min_seniority_months_to_vote"), number(e.MinSeniorityMonthsToVote))
		f.add(o, rule(sec, "statutes.rule.eligibility.min_seniority_months_to_stand"), path("eligibility", "min_seniority_months_to_stand"), number(e.MinSeniorityMonthsToStand))
	}

	done = map[string]bool{}
	for _, ps := range r.Board.Positions {
		if done[ps.Code] {
			continue
		}
		done[ps.Code] = true
		o := []int{secBoard, pos[ps.Code]}
		sec := []apperr.Message{msg("statutes.section.position", namedBy(ps.Code, ps.Titles))}
		p := path("board", "positions", ps.Code)
		renewals := number(ps.MaxRenewals)
		if ps.MaxRenewals == Unlimited {
			renewals.Key = "statutes.value.unlimited"
		}
		f.add(o, rule(sec, "statutes.rule.position.titles_fr"), path(p, "titles", "fr"), text(ps.Titles.Fr))
		f.add(o, rule(sec, "statutes.rule.position.titles_ar"), path(p, "titles", "ar"), text(ps.Titles.Ar))
		f.add(o, rule(sec, "statutes.rule.position.titles_en"), path(p, "titles", "en"), text(ps.Titles.En))
		f.add(o, rule(sec, "statutes.rule.position.office"), path(p, "office"), enum(ps.Office))
		f.add(o, rule(sec, "statutes.rule.position.seats"), path(p, "seats"), number(ps.Seats))
		f.add(o, rule(sec, "statutes.rule.position.term_years"), path(p, "term_years"), number(ps.TermYears))
		f.add(o, rule(sec, "statutes.rule.position.max_renewals"), path(p, "max_renewals"), renewals)
		f.add(o, rule(sec, "statutes.rule.position.elected_by"), path(p, "elected_by"), enum(ps.ElectedBy))
	}

	for _, kind := range knownFirst(AssemblyKinds, keysOf(r.Assemblies)) {
		a := r.Assemblies[kind]
		ki := rankIn(AssemblyKinds, kind)
		o := []int{secAssemblies, ki, 0}
		sec := []apperr.Message{assemblySection(kind)}
		p := path("assemblies", string(kind))
		f.add(o, rule(sec, "statutes.rule.assembly.notice_days"), path(p, "notice_days"), number(a.NoticeDays))
		f.add(o, rule(sec, "statutes.rule.assembly.quorum"), path(p, "quorum"), quorum(&a.Quorum, "statutes.value.no_quorum"))
		f.add(o, rule(sec, "statutes.rule.assembly.quorum_basis"), path(p, "quorum_basis"), enum(a.QuorumBasis))
		f.add(o, rule(sec, "statutes.rule.assembly.abstentions_count_as_cast"), path(p, "abstentions_count_as_cast"), yesNo(a.AbstentionsCountAsCast))
		s := a.SecondConvocation
		sp := path(p, "second_convocation")
		f.add(o, rule(sec, "statutes.rule.second_convocation.allowed"), path(sp, "allowed"), yesNo(s.Allowed))
		f.add(o, rule(sec, "statutes.rule.second_convocation.delay_days"), path(sp, "delay_days"), number(s.DelayDays))
		f.add(o, rule(sec, "statutes.rule.second_convocation.quorum"), path(sp, "quorum"), quorum(s.Quorum, "statutes.value.no_quorum"))
		for _, d := range knownFirst(Decisions, keysOf(a.Majorities)) {
			m := a.Majorities[d]
			do := []int{secAssemblies, ki, 1, rankIn(Decisions, d)}
			dsec := append(slices.Clone(sec), decisionLabel(d))
			mp := path(p, "majorities", string(d))
			f.add(do, rule(dsec, "statutes.rule.majority.fraction"), path(mp, "fraction"), text(m.Fraction.String()))
			f.add(do, rule(dsec, "statutes.rule.majority.basis"), path(mp, "basis"), enum(m.Basis))
			f.add(do, rule(dsec, "statutes.rule.majority.strict"), path(mp, "strict"), yesNo(m.Strict))
			f.add(do, rule(dsec, "statutes.rule.majority.quorum"), path(mp, "quorum"), quorum(m.Quorum, "statutes.value.assembly_quorum"))
		}
	}

	{
		o := []int{secProxies}
		sec := []apperr.Message{msg("statutes.section.proxies", nil)}
		f.add(o, rule(sec, "statutes.rule.proxies.allowed"), path("proxies", "allowed"), yesNo(r.Proxies.Allowed))
		f.add(o, rule(sec, "statutes.rule.proxies.max_per_holder"), path("proxies", "max_per_holder"), number(r.Proxies.MaxPerHolder))
		f.add(o, rule(sec, "statutes.rule.proxies.deadline_hours"), path("proxies", "deadline_hours"), number(r.Proxies.DeadlineHours))
	}

	{
		o := []int{secTies}
		sec := []apperr.Message{msg("statutes.section.ties", nil)}
		f.add(o, rule(sec, "statutes.rule.ties.resolutions"), path("ties", "resolutions"), enum(r.Ties.Resolutions))
		f.add(o, rule(sec, "statutes.rule.ties.elections"), path("ties", "elections"), enum(r.Ties.Elections))
	}
	return f.out
}

func keysOf[K ~string, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// knownFirst returns the keys that are in known, in known's order, then
// the others (unknown to this version of the software) sorted.
func knownFirst[K ~string](known, keys []K) []K {
	var out, other []K
	for _, k := range known {
		if slices.Contains(keys, k) {
			out = append(out, k)
		}
	}
	for _, k := range keys {
		if !slices.Contains(known, k) {
			other = append(other, k)
		}
	}
	slices.Sort(other)
	return append(out, other...)
}

// rankIn returns k's place in known, or len(known) for an unknown key
// (those sort by path among themselves).
func rankIn[K comparable](known []K, k K) int {
	if i := slices.Index(known, k); i >= 0 {
		return i
	}
	return len(known)
}

func assemblySection(kind AssemblyKind) apperr.Message {
	switch kind {
	case Constitutive:
		return msg("statutes.section.assembly.constitutive", nil)
	case Ordinary:
		return msg("statutes.section.assembly.ordinary", nil)
	case Extraordinary:
		return msg("statutes.section.assembly.extraordinary", nil)
	}
	return msg("statutes.section.assembly.other", map[string]any{"Kind": string(kind)})
}

func decisionLabel(d Decision) apperr.Message {
	switch d {
	case OrdinaryBusiness:
		return msg("statutes.decision.ordinary_business", nil)
	case BoardElection:
		return msg("statutes.decision.board_election", nil)
	case StatutesAmendment:
		return msg("statutes.decision.statutes_amendment", nil)
	case Dissolution:
		return msg("statutes.decision.dissolution", nil)
	}
	return msg("statutes.decision.other", map[string]any{"Decision": string(d)})
}

func text(s string) Value { return Value{Text: s} }

func number(n int) Value { return Value{Text: strconv.Itoa(n)} }

func yesNo(b bool) Value {
	if b {
		return Value{Text: "true", Key: "statutes.value.yes"}
	}
	return Value{Text: "false", Key: "statutes.value.no"}
}

// enumValues are the enum codes whose translation is statutes.value.<code>.
var enumValues = map[string]bool{}

func init() {
	for _, codes := range [][]string{
		{string(CalendarYear), string(Anniversary)},
		{string(President), string(VicePresident), string(SecretaryGeneral), string(Treasurer), string(Assessor)},
		{string(ElectedByAssembly), string(ElectedByBoard)},
		{string(MembersInGoodStanding), string(VotingMembers), string(AllMembers)},
		{string(VotesCast), string(PresentOrRepresented), string(AllMembersBasis)},
		{string(PresidentCastingVote), string(TieRejected), string(ResolutionByLot)},
		{string(OldestCandidate), string(MostSenior), string(ElectionByLot)},
	} {
		for _, c := range codes {
			enumValues[c] = true
		}
	}
}

func enum[T ~string](code T) Value {
	v := Value{Text: string(code)}
	if enumValues[string(code)] {
		v.Key = "statutes.value." + string(code)
	}
	return v
}

// quorum shows a quorum; nil or zero shows noneKey.
func quorum(q *Fraction, noneKey string) Value {
	if q == nil {
		return Value{Text: "none", Key: noneKey}
	}
	v := Value{Text: q.String()}
	if q.Num == 0 {
		v.Key = noneKey
	}
	return v
}

// Money writes an amount in the currency's smallest unit with two
// decimals and the currency code: Money(30000, "MAD") is "300.00 MAD".
func Money(amount int64, currency string) string {
	sign := ""
	u := uint64(amount)
	if amount < 0 {
		sign, u = "-", uint64(-amount)
	}
	return fmt.Sprintf("%s%d.%02d %s", sign, u/100, u%100, currency)
}

// LineKind says whether a line of a text comparison is in both versions
// or only one.
type LineKind string

// Line kinds.
const (
	LineSame    LineKind = "same"
	LineRemoved LineKind = "removed"
	LineAdded   LineKind = "added"
)

// LineDiff is one line of a comparison of two texts.
type LineDiff struct {
	Kind LineKind `json:"kind"`
	Text string   `json:"text"` // without its line break
}

// DiffText compares two texts line by line (Windows line breaks count as
// plain ones, a missing final line break is no change) and returns every
// line of both, marked same, removed (only in a) or added (only in b),
// removals before additions where a passage was rewritten.
func DiffText(a, b string) []LineDiff {
	a, b = normalizeLines(a), normalizeLines(b)
	dmp := diffmatchpatch.New()
	ca, cb, lines := dmp.DiffLinesToChars(a, b)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(ca, cb, false), lines)
	var out []LineDiff
	for _, d := range diffs {
		kind := LineSame
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			kind = LineRemoved
		case diffmatchpatch.DiffInsert:
			kind = LineAdded
		}
		for _, l := range strings.SplitAfter(d.Text, "\n") {
			if l == "" {
				continue
			}
			out = append(out, LineDiff{Kind: kind, Text: strings.TrimSuffix(l, "\n")})
		}
	}
	return out
}

func normalizeLines(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s
}
