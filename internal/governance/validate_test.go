package governance

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/omsn/majlis/internal/apperr"
)

func TestTheDemoStatutesValidate(t *testing.T) {
	if err := OMSN().Validate(); err != nil {
		t.Fatal(err)
	}
}

// TestEachBadRuleIsRefusedWithItsFieldNamed breaks one rule of the demo
// statutes at a time and checks the field and message it is refused with.
func TestEachBadRuleIsRefusedWithItsFieldNamed(t *testing.T) {
	frac := func(n, d int) *Fraction { f := Frac(n, d); return &f }
	cases := map[string]struct {
		change     func(r *Rules)
		field, key string
	}{
		// The three refusals the issue names.
		"quorum above one": {func(r *Rules) {
			a := r.Assemblies[Ordinary]
			a.Quorum = Frac(5, 4)
			r.Assemblies[Ordinary] = a
		}, "assemblies.ordinary.quorum", "statutes.error.quorum_above_one"},
		"board without a president": {func(r *Rules) {
			r.Board.Positions = r.Board.Positions[1:]
		}, "board.positions", "statutes.error.no_president"},
		"majority under half": {func(r *Rules) {
			setMajority(r, Extraordinary, StatutesAmendment, func(m *Majority) { m.Fraction = Frac(2, 5) })
		}, "assemblies.extraordinary.majorities.statutes_amendment.fraction", "statutes.error.majority_below_half"},

		// Categories.
		"no category":                    {func(r *Rules) { r.Categories = nil }, "categories", "statutes.error.no_category"},
		"empty category code":            {func(r *Rules) { r.Categories[1].Code = "" }, "categories.1.code", "error.required"},
		"category code with a dot":       {func(r *Rules) { r.Categories[1].Code = "act.ive" }, "categories.1.code", "statutes.error.code_format"},
		"duplicate category code":        {func(r *Rules) { r.Categories[1].Code = "founding" }, "categories.1.code", "statutes.error.duplicate_code"},
		"category without a French name": {func(r *Rules) { r.Categories[2].Names.Fr = " " }, "categories.2.names.fr", "error.required"},
		"negative dues":                  {func(r *Rules) { r.Categories[0].DuesAmount = -1 }, "categories.0.dues_amount", "statutes.error.negative"},
		"exempt category with dues":      {func(r *Rules) { r.Categories[2].DuesAmount = 100 }, "categories.2.dues_amount", "statutes.error.exempt_with_dues"},
		"no voting category": {func(r *Rules) {
			for i := range r.Categories {
				r.Categories[i].MayVote = false
			}
		}, "categories", "statutes.error.no_voting_category"},
		"no category may stand": {func(r *Rules) {
			for i := range r.Categories {
				r.Categories[i].MayStand = false
			}
		}, "categories", "statutes.error.no_standing_category"},

		// Dues and eligibility.
		"bad currency":                 {func(r *Rules) { r.Dues.Currency = "dh" }, "dues.currency", "statutes.error.currency_format"},
		"unknown dues period":          {func(r *Rules) { r.Dues.Period = "monthly" }, "dues.period", "statutes.error.unknown_value"},
		"negative grace":               {func(r *Rules) { r.Dues.GraceDays = -1 }, "dues.grace_days", "statutes.error.negative"},
		"pro rata on anniversary dues": {func(r *Rules) { r.Dues.Period, r.Dues.ProRata = Anniversary, true }, "dues.pro_rata", "statutes.error.pro_rata_anniversary"},
		"negative seniority to vote":   {func(r *Rules) { r.Eligibility.MinSeniorityMonthsToVote = -6 }, "eligibility.min_seniority_months_to_vote", "statutes.error.negative"},
		"negative seniority to stand":  {func(r *Rules) { r.Eligibility.MinSeniorityMonthsToStand = -1 }, "eligibility.min_seniority_months_to_stand", "statutes.error.negative"},

		// Board.
		"zero seats":                      {func(r *Rules) { r.Board.Positions[2].Seats = 0 }, "board.positions.2.seats", "statutes.error.positive"},
		"zero term":                       {func(r *Rules) { r.Board.Positions[3].TermYears = 0 }, "board.positions.3.term_years", "statutes.error.positive"},
		"renewals below unlimited":        {func(r *Rules) { r.Board.Positions[0].MaxRenewals = -2 }, "board.positions.0.max_renewals", "statutes.error.renewals_invalid"},
		"unknown office":                  {func(r *Rules) { r.Board.Positions[4].Office = "chancellor" }, "board.positions.4.office", "statutes.error.unknown_value"},
		"unknown elector":                 {func(r *Rules) { r.Board.Positions[1].ElectedBy = "members" }, "board.positions.1.elected_by", "statutes.error.unknown_value"},
		"duplicate position code":         {func(r *Rules) { r.Board.Positions[1].Code = "president" }, "board.positions.1.code", "statutes.error.duplicate_code"},
		"position without a French title": {func(r *Rules) { r.Board.Positions[1].Titles.Fr = "" }, "board.positions.1.titles.fr", "error.required"},
		"two presidents":                  {func(r *Rules) { r.Board.Positions[1].Office = President }, "board.positions.1.office", "statutes.error.several_presidents"},
		"a president with two seats":      {func(r *Rules) { r.Board.Positions[0].Seats = 2 }, "board.positions.0.seats", "statutes.error.president_seats"},

		// Assemblies.
		"missing constitutive":  {func(r *Rules) { delete(r.Assemblies, Constitutive) }, "assemblies.constitutive", "statutes.error.assembly_missing"},
		"missing ordinary":      {func(r *Rules) { delete(r.Assemblies, Ordinary) }, "assemblies.ordinary", "statutes.error.assembly_missing"},
		"missing extraordinary": {func(r *Rules) { delete(r.Assemblies, Extraordinary) }, "assemblies.extraordinary", "statutes.error.assembly_missing"},
		"unknown assembly kind": {func(r *Rules) { r.Assemblies["annual"] = r.Assemblies[Ordinary] }, "assemblies.annual", "statutes.error.unknown_value"},
		"negative notice":       {func(r *Rules) { setAssembly(r, Ordinary, func(a *Assembly) { a.NoticeDays = -1 }) }, "assemblies.ordinary.notice_days", "statutes.error.negative"},
		"zero denominator":      {func(r *Rules) { setAssembly(r, Ordinary, func(a *Assembly) { a.Quorum = Frac(1, 0) }) }, "assemblies.ordinary.quorum", "statutes.error.denominator_not_positive"},
		"negative quorum":       {func(r *Rules) { setAssembly(r, Ordinary, func(a *Assembly) { a.Quorum = Frac(-1, 4) }) }, "assemblies.ordinary.quorum", "statutes.error.fraction_negative"},
		"unknown quorum basis":  {func(r *Rules) { setAssembly(r, Extraordinary, func(a *Assembly) { a.QuorumBasis = "everyone" }) }, "assemblies.extraordinary.quorum_basis", "statutes.error.unknown_value"},
		"second convocation without delay": {func(r *Rules) {
			setAssembly(r, Ordinary, func(a *Assembly) { a.SecondConvocation.DelayDays = 0 })
		}, "assemblies.ordinary.second_convocation.delay_days", "statutes.error.positive"},
		"second quorum above first": {func(r *Rules) {
			setAssembly(r, Extraordinary, func(a *Assembly) { a.SecondConvocation.Quorum = frac(2, 3) })
		}, "assemblies.extraordinary.second_convocation.quorum", "statutes.error.second_quorum_above_first"},
		"second quorum above one": {func(r *Rules) {
			setAssembly(r, Extraordinary, func(a *Assembly) { a.SecondConvocation.Quorum = frac(3, 2) })
		}, "assemblies.extraordinary.second_convocation.quorum", "statutes.error.quorum_above_one"},
		"second quorum zero denominator": {func(r *Rules) {
			setAssembly(r, Extraordinary, func(a *Assembly) { a.SecondConvocation.Quorum = frac(1, 0) })
		}, "assemblies.extraordinary.second_convocation.quorum", "statutes.error.denominator_not_positive"},
		"missing ordinary business majority": {func(r *Rules) {
			setAssembly(r, Ordinary, func(a *Assembly) { delete(a.Majorities, OrdinaryBusiness) })
		}, "assemblies.ordinary.majorities.ordinary_business", "statutes.error.majority_missing"},
		"missing dissolution majority": {func(r *Rules) {
			setAssembly(r, Extraordinary, func(a *Assembly) { delete(a.Majorities, Dissolution) })
		}, "assemblies.extraordinary.majorities.dissolution", "statutes.error.majority_missing"},
		"unknown decision": {func(r *Rules) {
			setAssembly(r, Ordinary, func(a *Assembly) { a.Majorities["budget"] = a.Majorities[OrdinaryBusiness] })
		}, "assemblies.ordinary.majorities.budget", "statutes.error.unknown_value"},
		"half, not strict": {func(r *Rules) {
			setMajority(r, Ordinary, OrdinaryBusiness, func(m *Majority) { m.Strict = false })
		}, "assemblies.ordinary.majorities.ordinary_business.fraction", "statutes.error.majority_half_not_strict"},
		"majority above one": {func(r *Rules) {
			setMajority(r, Ordinary, BoardElection, func(m *Majority) { m.Fraction = Frac(4, 3) })
		}, "assemblies.ordinary.majorities.board_election.fraction", "statutes.error.majority_above_one"},
		"more than unanimity": {func(r *Rules) {
			setMajority(r, Extraordinary, Dissolution, func(m *Majority) { m.Fraction, m.Strict = Frac(1, 1), true })
		}, "assemblies.extraordinary.majorities.dissolution.fraction", "statutes.error.majority_unreachable"},
		"majority zero denominator": {func(r *Rules) {
			setMajority(r, Extraordinary, Dissolution, func(m *Majority) { m.Fraction = Frac(2, 0) })
		}, "assemblies.extraordinary.majorities.dissolution.fraction", "statutes.error.denominator_not_positive"},
		"unknown majority basis": {func(r *Rules) {
			setMajority(r, Ordinary, OrdinaryBusiness, func(m *Majority) { m.Basis = "hands" })
		}, "assemblies.ordinary.majorities.ordinary_business.basis", "statutes.error.unknown_value"},
		"dissolution quorum above one": {func(r *Rules) {
			setMajority(r, Extraordinary, Dissolution, func(m *Majority) { m.Quorum = frac(3, 2) })
		}, "assemblies.extraordinary.majorities.dissolution.quorum", "statutes.error.quorum_above_one"},

		// Proxies and ties.
		"proxies allowed but none may be held": {func(r *Rules) { r.Proxies.MaxPerHolder = 0 }, "proxies.max_per_holder", "statutes.error.proxies_max_below_one"},
		"negative proxy deadline":              {func(r *Rules) { r.Proxies.DeadlineHours = -1 }, "proxies.deadline_hours", "statutes.error.negative"},
		"unknown resolution tie-break":         {func(r *Rules) { r.Ties.Resolutions = "coin" }, "ties.resolutions", "statutes.error.unknown_value"},
		"unknown election tie-break":           {func(r *Rules) { r.Ties.Elections = "youngest" }, "ties.elections", "statutes.error.unknown_value"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := OMSN()
			c.change(&r)
			err := r.Validate()
			v, ok := apperr.AsValidation(err)
			if !ok {
				t.Fatalf("got %v, want a validation error", err)
			}
			m, ok := v.Fields[c.field]
			if !ok {
				t.Fatalf("field %s not named; got %v", c.field, err)
			}
			if m.Key != c.key {
				t.Fatalf("%s: got %s, want %s", c.field, m.Key, c.key)
			}
		})
	}
}

func TestValidationReportsEveryProblemAtOnce(t *testing.T) {
	r := OMSN()
	r.Board.Positions[2].Seats = 0
	r.Categories[0].DuesAmount = -5
	r.Proxies.MaxPerHolder = 0
	v, ok := apperr.AsValidation(r.Validate())
	if !ok || len(v.Fields) != 3 {
		t.Fatalf("got %v, want three problems", v)
	}
}

func TestUnknownValuesListWhatIsAllowed(t *testing.T) {
	r := OMSN()
	r.Dues.Period = "weekly"
	v, _ := apperr.AsValidation(r.Validate())
	if got := v.Fields["dues.period"].Data["Allowed"]; got != "calendar_year, anniversary" {
		t.Fatalf("Allowed = %v", got)
	}
}

func TestProxiesMaySayNoneWhenNotAllowed(t *testing.T) {
	r := OMSN()
	r.Proxies = Proxies{}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestRulesSurviveAJSONRoundTrip(t *testing.T) {
	in := OMSN()
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Rules
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Fatalf("round trip changed the rules:\n%+v\n%+v", in, out)
	}
	again, _ := json.Marshal(out)
	if string(again) != string(raw) {
		t.Fatal("marshalling is not stable")
	}
}

func TestTheJSONFormIsSnakeCase(t *testing.T) {
	raw, _ := json.Marshal(OMSN())
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	ord := m["assemblies"].(map[string]any)["ordinary"].(map[string]any)
	if q := ord["quorum"].(map[string]any); q["num"] != 1.0 || q["den"] != 4.0 {
		t.Fatalf("quorum = %v", q)
	}
	if _, ok := ord["second_convocation"].(map[string]any)["delay_days"]; !ok {
		t.Fatalf("second_convocation = %v", ord["second_convocation"])
	}
	maj := ord["majorities"].(map[string]any)["ordinary_business"].(map[string]any)
	if maj["basis"] != "votes_cast" || maj["strict"] != true {
		t.Fatalf("majority = %v", maj)
	}
	if _, ok := maj["quorum"]; ok {
		t.Fatal("a majority without its own quorum should omit it")
	}
	if m["dues"].(map[string]any)["grace_days"] != 90.0 {
		t.Fatalf("dues = %v", m["dues"])
	}
}

func TestOMSNReturnsAFreshValueEachTime(t *testing.T) {
	a := OMSN()
	a.Categories[0].DuesAmount = 1
	a.Assemblies[Ordinary] = Assembly{}
	*a.Assemblies[Extraordinary].SecondConvocation.Quorum = Frac(1, 1)
	if b := OMSN(); b.Categories[0].DuesAmount == 1 || b.Assemblies[Ordinary].NoticeDays != 15 ||
		b.Assemblies[Extraordinary].SecondConvocation.Quorum.Cmp(Frac(1, 4)) != 0 {
		t.Fatal("OMSN shares state between calls")
	}
}

func setAssembly(r *Rules, kind AssemblyKind, change func(*Assembly)) {
	a := r.Assemblies[kind]
	change(&a)
	r.Assemblies[kind] = a
}

func setMajority(r *Rules, kind AssemblyKind, d Decision, change func(*Majority)) {
	setAssembly(r, kind, func(a *Assembly) {
		m := a.Majorities[d]
		change(&m)
		a.Majorities[d] = m
	})
}

func TestParseJSONRefusesUnknownKeysAndGarbage(t *testing.T) {
	raw, _ := json.Marshal(OMSN())
	r, err := ParseJSON(raw)
	if err != nil || !reflect.DeepEqual(r, OMSN()) {
		t.Fatalf("got %v", err)
	}
	for name, in := range map[string]string{
		"misspelt key": `{"categoris": []}`,
		"not JSON":     `quorum: 1/4`,
		"two values":   `{} {}`,
		"wrong type":   `{"proxies": {"max_per_holder": "two"}}`,
	} {
		_, err := ParseJSON([]byte(in))
		v, ok := apperr.AsValidation(err)
		if !ok || v.Fields["rules"].Key != "statutes.error.rules_json" {
			t.Errorf("%s: got %v", name, err)
		}
	}
}
