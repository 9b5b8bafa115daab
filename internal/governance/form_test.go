package governance

import (
	"reflect"
	"testing"

	"github.com/omsn/majlis/internal/apperr"
)

func getter(values map[string]string) func(string) string {
	return func(name string) string { return values[name] }
}

func TestTheRulesFormReadsBackTheRulesItShows(t *testing.T) {
	for name, r := range map[string]Rules{"omsn": OMSN(), "edited": edited()} {
		t.Run(name, func(t *testing.T) {
			got, raw, err := ParseForm(getter(FormValues(Form(r, nil))))
			if err != nil || len(raw) != 0 {
				t.Fatalf("parse: %v %v", err, raw)
			}
			if d := Diff(r, got); len(d) != 0 || !reflect.DeepEqual(normalized(r), normalized(got)) {
				t.Fatalf("the form changed the rules: %+v", d)
			}
		})
	}
}

// edited is the OMSN rules with the optional parts set the other way.
func edited() Rules {
	r := OMSN()
	r.Board.Positions[0].MaxRenewals = Unlimited
	a := r.Assemblies[Ordinary]
	q := Frac(1, 10)
	a.SecondConvocation = SecondConvocation{Allowed: true, DelayDays: 15, Quorum: &q}
	m := a.Majorities[OrdinaryBusiness]
	mq := Frac(1, 3)
	m.Quorum = &mq
	a.Majorities[OrdinaryBusiness] = m
	// No quorum of its own (nil) and a quorum of zero differ.
	zero := Frac(0, 1)
	a.Majorities[Dissolution] = Majority{Fraction: Frac(3, 4), Basis: PresentOrRepresented, Quorum: &zero}
	r.Assemblies[Ordinary] = a
	return r
}

// normalized writes a zero quorum one way, as the form does.
func normalized(r Rules) Rules {
	out := r
	out.Assemblies = map[AssemblyKind]Assembly{}
	for k, a := range r.Assemblies {
		if a.Quorum.Num == 0 {
			a.Quorum = Frac(0, 1)
		}
		if len(a.Majorities) == 0 {
			a.Majorities = map[Decision]Majority{}
		}
		out.Assemblies[k] = a
	}
	return out
}

func TestTheRulesFormAddsAndRemovesRows(t *testing.T) {
	r := OMSN()
	values := FormValues(Form(r, nil))
	n := len(r.Categories)
	// Remove the first category; fill the blank row with a new one.
	values["categories.0.remove"] = "on"
	values[path("categories", index(n), "code")] = "student"
	values[path("categories", index(n), "names", "fr")] = "Membre étudiant"
	values[path("categories", index(n), "dues_amount")] = "50,00"
	values[path("categories", index(n), "may_vote")] = "on"
	got, _, err := ParseForm(getter(values))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Categories) != n || got.Categories[0].Code != r.Categories[1].Code {
		t.Fatalf("categories %+v", got.Categories)
	}
	last := got.Categories[n-1]
	if last.Code != "student" || last.DuesAmount != 5000 || !last.MayVote || last.MayStand {
		t.Fatalf("new category %+v", last)
	}
	// A blank row left blank adds nothing.
	got, _, _ = ParseForm(getter(FormValues(Form(r, nil))))
	if len(got.Categories) != n || len(got.Board.Positions) != len(r.Board.Positions) {
		t.Fatal("the blank rows were added")
	}
}

func TestAClearedRowIsReportedNotDropped(t *testing.T) {
	r := OMSN()
	values := FormValues(Form(r, nil))
	values["categories.1.code"] = ""
	values["categories.1.names.fr"] = ""
	got, _, err := ParseForm(getter(values))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Categories) != len(r.Categories) {
		t.Fatalf("%d categories, want the cleared one kept", len(got.Categories))
	}
	v, ok := apperr.AsValidation(got.Validate())
	if !ok || v.Fields["categories.1.code"].Key == "" || v.Fields["categories.1.names.fr"].Key != "error.required" {
		t.Fatalf("the cleared category is not reported: %v", got.Validate())
	}
}

func TestUnreadableValuesAreNamedAfterTheRowTheyEndUpIn(t *testing.T) {
	r := OMSN()
	values := FormValues(Form(r, nil))
	values["categories.0.remove"] = "on"
	values["categories.2.dues_amount"] = "deux cents"
	values["board.positions.1.seats"] = "un"
	values["assemblies.ordinary.quorum"] = "1:4"
	values["assemblies.extraordinary.majorities.statutes_amendment.fraction"] = "deux tiers"
	_, raw, err := ParseForm(getter(values))
	if err == nil {
		t.Fatal("unreadable values accepted")
	}
	want := map[string]string{
		// Category 2 of the form is category 1 of the rules once 0 is removed.
		"categories.1.dues_amount":                                        "statutes.error.amount_format",
		"board.positions.1.seats":                                         "statutes.error.number_format",
		"assemblies.ordinary.quorum":                                      "statutes.error.fraction_format",
		"assemblies.extraordinary.majorities.statutes_amendment.fraction": "statutes.error.fraction_format",
	}
	fields := err.(*apperr.ValidationError).Fields
	for name, key := range want {
		if fields[name].Key != key {
			t.Errorf("%s: %q, want %q", name, fields[name].Key, key)
		}
	}
	if raw["categories.1.dues_amount"] != "deux cents" || raw["board.positions.1.seats"] != "un" {
		t.Errorf("typed values not kept: %v", raw)
	}
	// Shown back as typed, at the rules' row.
	for _, g := range Form(OMSN(), raw) {
		for _, f := range g.Fields {
			if f.Name == "assemblies.ordinary.quorum" && f.Value != "1:4" {
				t.Errorf("quorum shown as %q", f.Value)
			}
		}
	}
}
