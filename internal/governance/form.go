package governance

import (
	"slices"
	"strconv"
	"strings"

	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/money"
)

// The rules as a form: the board edits a draft's rules field by field, and
// each field is named by the rule's validation path (categories.0.code,
// assemblies.ordinary.quorum…), so that Validate's messages land on the
// field they are about. Lists (categories, positions) show one group per
// row with a "remove" box, and one blank row to add another.

// FormGroup is one fieldset of the rules form.
type FormGroup struct {
	// Title names the group, in parts to translate and join (as Change's
	// Label).
	Title []apperr.Message
	// Row is the hidden field that marks a row of a list ("" for the fixed
	// sections), with RowValue as its value; Remove is its "remove" box.
	Row, RowValue, Remove string
	// New marks the blank row for adding a category or a position.
	New    bool
	Fields []FormField
}

// FormField is one input of the rules form.
type FormField struct {
	// Name is the input's name and the rule's validation path.
	Name string
	// Label and Hint are translation keys.
	Label, Hint string
	// Input is text, number, amount, fraction, checkbox or select.
	Input   string
	Value   string
	Checked bool
	// Options are a select's choices: Text is the value, Key its label.
	Options []Value
}

// Form lays out rules as a form. raw holds values typed by the user that
// could not be read (shown back as typed, beside their message).
func Form(r Rules, raw map[string]string) []FormGroup {
	b := formBuilder{raw: raw}
	currency := r.Dues.CurrencyCode()
	for i, c := range append(slices.Clone(r.Categories), Category{}) {
		p := path("categories", index(i))
		g := b.group(p, i == len(r.Categories), msg("statutes.section.category", namedBy(c.Code, c.Names)),
			msg("statutes.form.new_category", nil))
		g.text(path(p, "code"), "statutes.form.code", c.Code, "statutes.form.code_hint")
		g.text(path(p, "names", "fr"), "statutes.rule.category.names_fr", c.Names.Fr, "")
		g.text(path(p, "names", "ar"), "statutes.rule.category.names_ar", c.Names.Ar, "")
		g.text(path(p, "names", "en"), "statutes.rule.category.names_en", c.Names.En, "")
		g.field(FormField{Name: path(p, "dues_amount"), Label: "statutes.rule.category.dues_amount", Input: "amount",
			Value: money.Plain(c.DuesAmount, currency)})
		g.check(path(p, "may_vote"), "statutes.rule.category.may_vote", c.MayVote)
		g.check(path(p, "may_stand"), "statutes.rule.category.may_stand", c.MayStand)
		g.check(path(p, "counts_for_quorum"), "statutes.rule.category.counts_for_quorum", c.CountsForQuorum)
		g.check(path(p, "exempt_from_dues"), "statutes.rule.category.exempt_from_dues", c.ExemptFromDues)
		g.check(path(p, "organisation"), "statutes.rule.category.organisation", c.Organisation)
		b.add(g)
	}

	g := b.group("", false, msg("statutes.section.dues", nil), apperr.Message{})
	g.text(path("dues", "currency"), "statutes.rule.dues.currency", currency, "statutes.form.currency_hint")
	g.choice(path("dues", "period"), "statutes.rule.dues.period", string(r.Dues.Period), options(CalendarYear, Anniversary))
	g.number(path("dues", "grace_days"), "statutes.rule.dues.grace_days", r.Dues.GraceDays)
	g.check(path("dues", "pro_rata"), "statutes.rule.dues.pro_rata", r.Dues.ProRata)
	b.add(g)

	e := r.Eligibility
	g = b.group("", false, msg("statutes.section.eligibility", nil), apperr.Message{})
	g.check(path("eligibility", "good_standing_to_vote"), "statutes.rule.eligibility.good_standing_to_vote", e.GoodStandingToVote)
	g.check(path("eligibility", "good_standing_to_stand"), "statutes.rule.eligibility.good_standing_to_stand", e.GoodStandingToStand)
	g.number(path("eligibility", "min_seniority_months_to_vote"), "statutes.rule.eligibility.min_seniority_months_to_vote", e.MinSeniorityMonthsToVote)
	g.number(path("eligibility", "min_seniority_months_to_stand"), "statutes.rule.eligibility.min_seniority_months_to_stand", e.MinSeniorityMonthsToStand)
	b.add(g)

	for i, ps := range append(slices.Clone(r.Board.Positions), Position{Seats: 1, TermYears: 3, Office: Assessor, ElectedBy: ElectedByAssembly}) {
		p := path("board", "positions", index(i))
		g := b.group(p, i == len(r.Board.Positions), msg("statutes.section.position", namedBy(ps.Code, ps.Titles)),
			msg("statutes.form.new_position", nil))
		g.text(path(p, "code"), "statutes.form.code", ps.Code, "statutes.form.code_hint")
		g.text(path(p, "titles", "fr"), "statutes.rule.position.titles_fr", ps.Titles.Fr, "")
		g.text(path(p, "titles", "ar"), "statutes.rule.position.titles_ar", ps.Titles.Ar, "")
		g.text(path(p, "titles", "en"), "statutes.rule.position.titles_en", ps.Titles.En, "")
		g.choice(path(p, "office"), "statutes.rule.position.office", string(ps.Office), options(President, VicePresident, SecretaryGeneral, Treasurer, Assessor))
		g.number(path(p, "seats"), "statutes.rule.position.seats", ps.Seats)
		g.number(path(p, "term_years"), "statutes.rule.position.term_years", ps.TermYears)
		renewals := strconv.Itoa(ps.MaxRenewals)
		if ps.MaxRenewals == Unlimited {
			renewals = ""
		}
		g.field(FormField{Name: path(p, "max_renewals"), Label: "statutes.rule.position.max_renewals", Input: "number",
			Value: renewals, Hint: "statutes.form.renewals_hint"})
		g.choice(path(p, "elected_by"), "statutes.rule.position.elected_by", string(ps.ElectedBy), options(ElectedByAssembly, ElectedByBoard))
		b.add(g)
	}

	for _, kind := range AssemblyKinds {
		a := r.Assemblies[kind]
		p := path("assemblies", string(kind))
		g := b.group("", false, assemblySection(kind), apperr.Message{})
		g.number(path(p, "notice_days"), "statutes.rule.assembly.notice_days", a.NoticeDays)
		// An assembly without quorum shows empty, as its hint says.
		var quorum *Fraction
		if a.Quorum.Num != 0 {
			quorum = &a.Quorum
		}
		g.fraction(path(p, "quorum"), "statutes.rule.assembly.quorum", quorum, "statutes.form.quorum_hint")
		g.choice(path(p, "quorum_basis"), "statutes.rule.assembly.quorum_basis", string(a.QuorumBasis), options(MembersInGoodStanding, VotingMembers, AllMembers))
		g.check(path(p, "abstentions_count_as_cast"), "statutes.rule.assembly.abstentions_count_as_cast", a.AbstentionsCountAsCast)
		s := a.SecondConvocation
		sp := path(p, "second_convocation")
		g.check(path(sp, "allowed"), "statutes.rule.second_convocation.allowed", s.Allowed)
		g.number(path(sp, "delay_days"), "statutes.rule.second_convocation.delay_days", s.DelayDays)
		g.fraction(path(sp, "quorum"), "statutes.rule.second_convocation.quorum", s.Quorum, "statutes.form.quorum_hint")
		b.add(g)
		for _, d := range formDecisions(kind, a) {
			m := a.Majorities[d]
			mp := path(p, "majorities", string(d))
			g := b.group("", false, assemblySection(kind), apperr.Message{})
			g.Title = append(g.Title, decisionLabel(d))
			g.Row, g.RowValue = path(mp, "row"), rowKept
			g.fraction(path(mp, "fraction"), "statutes.rule.majority.fraction", &m.Fraction, "statutes.form.majority_hint")
			g.choice(path(mp, "basis"), "statutes.rule.majority.basis", string(m.Basis), options(VotesCast, PresentOrRepresented, AllMembersBasis))
			g.check(path(mp, "strict"), "statutes.rule.majority.strict", m.Strict)
			g.fraction(path(mp, "quorum"), "statutes.rule.majority.quorum", m.Quorum, "statutes.form.majority_quorum_hint")
			b.add(g)
		}
	}

	g = b.group("", false, msg("statutes.section.proxies", nil), apperr.Message{})
	g.check(path("proxies", "allowed"), "statutes.rule.proxies.allowed", r.Proxies.Allowed)
	g.number(path("proxies", "max_per_holder"), "statutes.rule.proxies.max_per_holder", r.Proxies.MaxPerHolder)
	g.number(path("proxies", "deadline_hours"), "statutes.rule.proxies.deadline_hours", r.Proxies.DeadlineHours)
	b.add(g)

	g = b.group("", false, msg("statutes.section.ties", nil), apperr.Message{})
	g.choice(path("ties", "resolutions"), "statutes.rule.ties.resolutions", string(r.Ties.Resolutions), options(PresidentCastingVote, TieRejected, ResolutionByLot))
	g.choice(path("ties", "elections"), "statutes.rule.ties.elections", string(r.Ties.Elections), options(OldestCandidate, MostSenior, ElectionByLot))
	b.add(g)
	return b.groups
}

// formDecisions are the decisions an assembly's form asks a majority for:
// those its kind requires and any other the rules already give.
func formDecisions(kind AssemblyKind, a Assembly) []Decision {
	var out []Decision
	for _, d := range Decisions {
		_, given := a.Majorities[d]
		if given || slices.Contains(requiredDecisions[kind], d) {
			out = append(out, d)
		}
	}
	return out
}

type formBuilder struct {
	raw    map[string]string
	groups []FormGroup
}

// group starts a group; a row of a list (prefix set) gets its row marker
// and remove box, and the blank row its own title.
func (b *formBuilder) group(prefix string, blank bool, title, blankTitle apperr.Message) *groupBuilder {
	g := &groupBuilder{raw: b.raw, FormGroup: FormGroup{Title: []apperr.Message{title}, New: blank}}
	if prefix != "" {
		g.Row, g.RowValue, g.Remove = path(prefix, "row"), rowKept, path(prefix, "remove")
		if blank {
			g.Title, g.RowValue, g.Remove = []apperr.Message{blankTitle}, rowNew, ""
		}
	}
	return g
}

func (b *formBuilder) add(g *groupBuilder) { b.groups = append(b.groups, g.FormGroup) }

type groupBuilder struct {
	raw map[string]string
	FormGroup
}

func (g *groupBuilder) field(f FormField) {
	if v, ok := g.raw[f.Name]; ok {
		f.Value = v
	}
	g.Fields = append(g.Fields, f)
}

func (g *groupBuilder) text(name, label, value, hint string) {
	g.field(FormField{Name: name, Label: label, Input: "text", Value: value, Hint: hint})
}

func (g *groupBuilder) number(name, label string, n int) {
	g.field(FormField{Name: name, Label: label, Input: "number", Value: strconv.Itoa(n)})
}

func (g *groupBuilder) check(name, label string, on bool) {
	g.field(FormField{Name: name, Label: label, Input: "checkbox", Checked: on})
}

// fraction shows a fraction as "num/den", nil as empty and zero as "0"
// (for a decision, no quorum of its own and a quorum of zero differ).
func (g *groupBuilder) fraction(name, label string, f *Fraction, hint string) {
	v := ""
	switch {
	case f == nil:
	case f.Num == 0:
		v = "0"
	default:
		v = f.String()
	}
	g.field(FormField{Name: name, Label: label, Input: "fraction", Value: v, Hint: hint})
}

func (g *groupBuilder) choice(name, label, value string, options []Value) {
	g.field(FormField{Name: name, Label: label, Input: "select", Value: value, Options: options})
}

// options lists enum codes as a select's choices, labelled as Diff labels
// them.
func options[T ~string](codes ...T) []Value {
	out := make([]Value, len(codes))
	for i, c := range codes {
		out[i] = enum(c)
	}
	return out
}

// ParseForm reads rules from the form Form lays out; get returns a field's
// value ("" when absent; a ticked box is non-empty). Rows whose remove box
// is ticked, and the blank row left blank, are dropped. Values that cannot
// be read (a word where a number goes, "1:4" for a fraction) are reported
// at their field, named after the rules returned, with raw holding what was
// typed; the rules themselves are checked by Validate.
func ParseForm(get func(name string) string) (r Rules, raw map[string]string, err error) {
	p := formParser{get: get, v: &apperr.ValidationError{}, raw: map[string]string{}}
	for i := 0; get(path("categories", index(i), "row")) != ""; i++ {
		from := path("categories", index(i))
		if get(path(from, "remove")) != "" || isBlankNewRow(get, from, "code", "names.fr") {
			continue
		}
		p.rename = renamer(from, path("categories", index(len(r.Categories))))
		c := Category{Code: p.str(from, "code"), Names: Names{Fr: p.str(from, "names.fr"), Ar: p.str(from, "names.ar"), En: p.str(from, "names.en")},
			MayVote: p.box(from, "may_vote"), MayStand: p.box(from, "may_stand"), CountsForQuorum: p.box(from, "counts_for_quorum"),
			ExemptFromDues: p.box(from, "exempt_from_dues"), Organisation: p.box(from, "organisation")}
		c.DuesAmount = p.amount(from, "dues_amount", get(path("dues", "currency")))
		r.Categories = append(r.Categories, c)
	}
	p.rename = nil

	r.Dues = Dues{Currency: strings.ToUpper(p.str("dues", "currency")), Period: DuesPeriod(p.str("dues", "period")),
		GraceDays: p.int("dues", "grace_days"), ProRata: p.box("dues", "pro_rata")}
	r.Eligibility = Eligibility{GoodStandingToVote: p.box("eligibility", "good_standing_to_vote"),
		GoodStandingToStand:       p.box("eligibility", "good_standing_to_stand"),
		MinSeniorityMonthsToVote:  p.int("eligibility", "min_seniority_months_to_vote"),
		MinSeniorityMonthsToStand: p.int("eligibility", "min_seniority_months_to_stand")}

	for i := 0; get(path("board", "positions", index(i), "row")) != ""; i++ {
		from := path("board", "positions", index(i))
		if get(path(from, "remove")) != "" || isBlankNewRow(get, from, "code", "titles.fr") {
			continue
		}
		p.rename = renamer(from, path("board", "positions", index(len(r.Board.Positions))))
		ps := Position{Code: p.str(from, "code"), Titles: Names{Fr: p.str(from, "titles.fr"), Ar: p.str(from, "titles.ar"), En: p.str(from, "titles.en")},
			Office: Office(p.str(from, "office")), Seats: p.int(from, "seats"), TermYears: p.int(from, "term_years"),
			ElectedBy: Elector(p.str(from, "elected_by")), MaxRenewals: Unlimited}
		if strings.TrimSpace(get(path(from, "max_renewals"))) != "" {
			ps.MaxRenewals = p.int(from, "max_renewals")
		}
		r.Board.Positions = append(r.Board.Positions, ps)
	}
	p.rename = nil

	r.Assemblies = map[AssemblyKind]Assembly{}
	for _, kind := range AssemblyKinds {
		f := path("assemblies", string(kind))
		a := Assembly{NoticeDays: p.int(f, "notice_days"), QuorumBasis: QuorumBasis(p.str(f, "quorum_basis")),
			AbstentionsCountAsCast: p.box(f, "abstentions_count_as_cast"), Majorities: map[Decision]Majority{}}
		if q := p.fraction(f, "quorum"); q != nil {
			a.Quorum = *q
		} else {
			a.Quorum = Frac(0, 1)
		}
		a.SecondConvocation = SecondConvocation{Allowed: p.box(f, "second_convocation.allowed"),
			DelayDays: p.int(f, "second_convocation.delay_days"), Quorum: p.fraction(f, "second_convocation.quorum")}
		for _, d := range Decisions {
			mp := path(f, "majorities", string(d))
			if get(path(mp, "row")) == "" {
				continue
			}
			m := Majority{Basis: MajorityBasis(p.str(mp, "basis")), Strict: p.box(mp, "strict"), Quorum: p.fraction(mp, "quorum")}
			if fr := p.fraction(mp, "fraction"); fr != nil {
				m.Fraction = *fr
			}
			a.Majorities[d] = m
		}
		r.Assemblies[kind] = a
	}

	r.Proxies = Proxies{Allowed: p.box("proxies", "allowed"), MaxPerHolder: p.int("proxies", "max_per_holder"),
		DeadlineHours: p.int("proxies", "deadline_hours")}
	r.Ties = Ties{Resolutions: ResolutionTie(p.str("ties", "resolutions")), Elections: ElectionTie(p.str("ties", "elections"))}
	return r, p.raw, p.v.OrNil()
}

// Values of a row's marker: a row of the rules, or the blank row for adding
// one.
const (
	rowKept = "1"
	rowNew  = "new"
)

// isBlankNewRow reports whether a row is the blank row left blank. A row of
// the rules whose fields were cleared is kept, for Validate to name what is
// missing, rather than dropped in silence.
func isBlankNewRow(get func(string) string, row string, fields ...string) bool {
	if get(path(row, "row")) != rowNew {
		return false
	}
	for _, f := range fields {
		if strings.TrimSpace(get(path(row, f))) != "" {
			return false
		}
	}
	return true
}

// renamer maps a field of a form row to the same field of the rules' row
// (rows before it may have been removed).
func renamer(from, to string) func(string) string {
	return func(name string) string {
		if rest, ok := strings.CutPrefix(name, from+"."); ok {
			return path(to, rest)
		}
		return name
	}
}

type formParser struct {
	get    func(string) string
	v      *apperr.ValidationError
	raw    map[string]string
	rename func(string) string
}

// bad records a value that cannot be read, under the rules' name, and
// keeps what was typed to show it back.
func (p *formParser) bad(name, key string) {
	to := name
	if p.rename != nil {
		to = p.rename(name)
	}
	p.v.Add(to, key, nil)
	p.raw[to] = p.get(name)
}

func (p *formParser) str(parts ...string) string { return strings.TrimSpace(p.get(path(parts...))) }

func (p *formParser) box(parts ...string) bool { return p.get(path(parts...)) != "" }

func (p *formParser) int(parts ...string) int {
	name := path(parts...)
	s := strings.TrimSpace(p.get(name))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.bad(name, "statutes.error.number_format")
	}
	return n
}

func (p *formParser) amount(row, field, currency string) int64 {
	name := path(row, field)
	s := strings.TrimSpace(p.get(name))
	if s == "" {
		return 0
	}
	n, ok := money.Parse(s, currency)
	if !ok {
		p.bad(name, "statutes.error.amount_format")
	}
	return n
}

// fraction reads "num/den" (or a whole number); empty is nil.
func (p *formParser) fraction(parts ...string) *Fraction {
	name := path(parts...)
	s := strings.ReplaceAll(strings.TrimSpace(p.get(name)), " ", "")
	if s == "" {
		return nil
	}
	num, den, found := strings.Cut(s, "/")
	if !found {
		den = "1"
	}
	n, err1 := strconv.Atoi(num)
	d, err2 := strconv.Atoi(den)
	if err1 != nil || err2 != nil {
		p.bad(name, "statutes.error.fraction_format")
		return nil
	}
	return &Fraction{Num: n, Den: d}
}

// FormValues are the values a browser would post for the form as laid out
// (ticked boxes as "on"), keyed by input name.
func FormValues(groups []FormGroup) map[string]string {
	out := map[string]string{}
	for _, g := range groups {
		if g.Row != "" {
			out[g.Row] = g.RowValue
		}
		for _, f := range g.Fields {
			switch {
			case f.Input != "checkbox":
				out[f.Name] = f.Value
			case f.Checked:
				out[f.Name] = "on"
			}
		}
	}
	return out
}
