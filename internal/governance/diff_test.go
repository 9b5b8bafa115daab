package governance

import (
	"reflect"
	"strings"
	"testing"

	"github.com/omsn/majlis/internal/i18n"
)

func TestIdenticalRulesHaveNoChange(t *testing.T) {
	if got := Diff(OMSN(), OMSN()); len(got) != 0 {
		t.Fatalf("got %+v", got)
	}
}

func TestDiffNamesEachChangedRuleWithItsOldAndNewValue(t *testing.T) {
	a, b := OMSN(), OMSN()
	b.Categories[1].DuesAmount = 350_00
	setAssembly(&b, Ordinary, func(x *Assembly) { x.Quorum = Frac(1, 3) })
	setMajority(&b, Extraordinary, StatutesAmendment, func(m *Majority) { m.Fraction = Frac(3, 4) })
	b.Proxies.MaxPerHolder = 1
	b.Board.Positions[0].MaxRenewals = Unlimited

	got := Diff(a, b)
	want := []struct{ path, old, new string }{
		{"categories.active.dues_amount", "300.00 MAD", "350.00 MAD"},
		{"board.positions.president.max_renewals", "1", "-1"},
		{"assemblies.ordinary.quorum", "1/4", "1/3"},
		{"assemblies.extraordinary.majorities.statutes_amendment.fraction", "2/3", "3/4"},
		{"proxies.max_per_holder", "2", "1"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d changes: %+v", len(got), got)
	}
	for i, w := range want {
		if got[i].Path != w.path || got[i].Old.Text != w.old || got[i].New.Text != w.new {
			t.Errorf("change %d = %s %q → %q, want %s %q → %q", i, got[i].Path, got[i].Old.Text, got[i].New.Text, w.path, w.old, w.new)
		}
	}
	if got[1].New.Key != "statutes.value.unlimited" {
		t.Errorf("unlimited renewals shown as %+v", got[1].New)
	}
	label := got[3].Label
	if len(label) != 3 || label[0].Key != "statutes.section.assembly.extraordinary" ||
		label[1].Key != "statutes.decision.statutes_amendment" || label[2].Key != "statutes.rule.majority.fraction" {
		t.Errorf("label = %+v", label)
	}
}

func TestDiffMatchesCategoriesAndPositionsByCodeNotByPlace(t *testing.T) {
	a, b := OMSN(), OMSN()
	b.Categories[0], b.Categories[3] = b.Categories[3], b.Categories[0]
	b.Board.Positions[1], b.Board.Positions[2] = b.Board.Positions[2], b.Board.Positions[1]
	if got := Diff(a, b); len(got) != 0 {
		t.Fatalf("reordering is not a change, got %+v", got)
	}
}

func TestDiffShowsAddedAndRemovedCategoriesRuleByRule(t *testing.T) {
	a, b := OMSN(), OMSN()
	b.Categories = append(b.Categories, Category{Code: "student", Names: Names{Fr: "Étudiant"}, DuesAmount: 100_00, MayVote: true})
	b.Board.Positions = b.Board.Positions[:4] // no more assessors
	got := Diff(a, b)
	byPath := map[string]Change{}
	for _, c := range got {
		byPath[c.Path] = c
	}
	if c := byPath["categories.student.dues_amount"]; c.Old != (Value{}) || c.New.Text != "100.00 MAD" {
		t.Errorf("added category: %+v", c)
	}
	if c := byPath["categories.student.names.fr"]; c.New.Text != "Étudiant" {
		t.Errorf("added category name: %+v", c)
	}
	if c := byPath["board.positions.assessor.seats"]; c.Old.Text != "2" || c.New != (Value{}) {
		t.Errorf("removed position: %+v", c)
	}
	// Sections in reading order: categories before the board.
	if !strings.HasPrefix(got[0].Path, "categories.student.") || !strings.HasPrefix(got[len(got)-1].Path, "board.positions.assessor.") {
		t.Errorf("order: first %s, last %s", got[0].Path, got[len(got)-1].Path)
	}
}

func TestDiffShowsAQuorumDroppedAsNoQuorum(t *testing.T) {
	a, b := OMSN(), OMSN()
	setAssembly(&b, Extraordinary, func(x *Assembly) { x.SecondConvocation.Quorum = nil })
	setAssembly(&b, Ordinary, func(x *Assembly) { x.AbstentionsCountAsCast = true })
	got := Diff(a, b)
	if len(got) != 2 {
		t.Fatalf("got %+v", got)
	}
	if c := got[0]; c.Path != "assemblies.ordinary.abstentions_count_as_cast" || c.Old.Key != "statutes.value.no" || c.New.Key != "statutes.value.yes" {
		t.Errorf("got %+v", c)
	}
	if c := got[1]; c.Path != "assemblies.extraordinary.second_convocation.quorum" || c.Old.Text != "1/4" || c.New.Key != "statutes.value.no_quorum" {
		t.Errorf("got %+v", c)
	}
}

// TestEveryDisplayKeyExistsInEveryLanguage collects the label and value
// keys of every rule (some are built, statutes.value.<code>, so the scan
// of Go code in internal/i18n cannot see them) and checks them.
func TestEveryDisplayKeyExistsInEveryLanguage(t *testing.T) {
	cat, err := i18n.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	a := OMSN()
	b := Rules{Assemblies: map[AssemblyKind]Assembly{
		"annual": {Majorities: map[Decision]Majority{"budget": {}}},
	}}
	// Every enum value on one side or the other.
	a.Dues.Period, b.Dues.Period = CalendarYear, Anniversary
	a.Ties, b.Ties = Ties{PresidentCastingVote, OldestCandidate}, Ties{TieRejected, MostSenior}
	c := OMSN()
	c.Ties = Ties{ResolutionByLot, ElectionByLot}
	c.Board.Positions[0].ElectedBy = ElectedByBoard
	c.Board.Positions[0].MaxRenewals = Unlimited
	setAssembly(&c, Ordinary, func(x *Assembly) { x.QuorumBasis = VotingMembers })
	setAssembly(&c, Extraordinary, func(x *Assembly) { x.QuorumBasis = AllMembers })
	setMajority(&c, Ordinary, OrdinaryBusiness, func(m *Majority) { m.Basis = AllMembersBasis })
	keys := map[string]bool{}
	for _, r := range []Rules{a, b, c} {
		for _, l := range r.leaves(map[string]int{}, map[string]int{}) {
			for _, m := range l.label {
				keys[m.Key] = true
			}
			if l.val.Key != "" {
				keys[l.val.Key] = true
			}
		}
	}
	for code := range enumValues {
		keys["statutes.value."+code] = true
	}
	if len(keys) < 80 {
		t.Fatalf("only %d keys seen: is the test still exercising Diff?", len(keys))
	}
	for k := range keys {
		for _, l := range i18n.Languages {
			if !cat.Has(l.Code, k) {
				t.Errorf("%s: missing %q", l.Code, k)
			}
		}
	}
}

func TestDiffTextMarksLinesSameAddedAndRemoved(t *testing.T) {
	a := "# Statuts\n\nArticle 1\nLe siège est à Rabat.\nArticle 2\n"
	b := "# Statuts\n\nArticle 1\nLe siège est à Casablanca.\nArticle 2\nArticle 3\n"
	got := DiffText(a, b)
	want := []LineDiff{
		{LineSame, "# Statuts"},
		{LineSame, ""},
		{LineSame, "Article 1"},
		{LineRemoved, "Le siège est à Rabat."},
		{LineAdded, "Le siège est à Casablanca."},
		{LineSame, "Article 2"},
		{LineAdded, "Article 3"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
}

func TestDiffTextEdgeCases(t *testing.T) {
	cases := map[string]struct {
		a, b string
		want []LineDiff
	}{
		"both empty":                    {"", "", nil},
		"all added":                     {"", "a\nb", []LineDiff{{LineAdded, "a"}, {LineAdded, "b"}}},
		"all removed":                   {"a\nb\n", "", []LineDiff{{LineRemoved, "a"}, {LineRemoved, "b"}}},
		"final line break is no change": {"a\nb", "a\nb\n", []LineDiff{{LineSame, "a"}, {LineSame, "b"}}},
		"CRLF is no change":             {"a\r\nb\r\n", "a\nb\n", []LineDiff{{LineSame, "a"}, {LineSame, "b"}}},
		"a repeated line moves":         {"x\ny\nx\n", "y\nx\n", []LineDiff{{LineRemoved, "x"}, {LineSame, "y"}, {LineSame, "x"}}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if got := DiffText(c.a, c.b); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestDiffTextOfTheDemoStatutesAgainstThemselves(t *testing.T) {
	for lang, text := range OMSNText() {
		for _, l := range DiffText(text, text) {
			if l.Kind != LineSame {
				t.Fatalf("%s: %+v", lang, l)
			}
		}
	}
}

func TestMoneyShowsCentimesAsTwoDecimals(t *testing.T) {
	cases := map[int64]string{0: "0.00 MAD", 5: "0.05 MAD", 30000: "300.00 MAD", 500000: "5000.00 MAD", -150: "-1.50 MAD"}
	for in, want := range cases {
		if got := Money(in, "MAD"); got != want {
			t.Errorf("Money(%d) = %q, want %q", in, got, want)
		}
	}
}
