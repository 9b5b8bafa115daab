package governance

import (
	"strings"
	"testing"
)

// TestTheDemoStatutesSayWhatTheIssueAsks pins the demo association's rules.
func TestTheDemoStatutesSayWhatTheIssueAsks(t *testing.T) {
	r := OMSN()
	codes := []string{}
	for _, c := range r.Categories {
		codes = append(codes, c.Code)
	}
	if got := strings.Join(codes, ","); got != "founding,active,honorary,institutional" {
		t.Errorf("categories = %s", got)
	}
	if h, _ := r.Category("honorary"); h.MayVote || h.MayStand || h.CountsForQuorum || !h.ExemptFromDues || h.DuesAmount != 0 {
		t.Errorf("honorary = %+v: consultative voice, exempt", h)
	}
	if i, _ := r.Category("institutional"); !i.Organisation || !i.MayVote || i.DuesAmount <= 0 {
		t.Errorf("institutional = %+v", i)
	}
	seats := map[Office]int{}
	for _, p := range r.Board.Positions {
		seats[p.Office] += p.Seats
		if p.TermYears != 3 {
			t.Errorf("%s: term %d years", p.Code, p.TermYears)
		}
	}
	want := map[Office]int{President: 1, VicePresident: 1, SecretaryGeneral: 1, Treasurer: 1, Assessor: 2}
	for o, n := range want {
		if seats[o] != n {
			t.Errorf("%s: %d seats, want %d", o, seats[o], n)
		}
	}
	ord, ext := r.Assemblies[Ordinary], r.Assemblies[Extraordinary]
	for kind, a := range r.Assemblies {
		if a.NoticeDays != 15 {
			t.Errorf("%s: notice %d days", kind, a.NoticeDays)
		}
	}
	if ord.Quorum.Cmp(Frac(1, 4)) != 0 || ext.Quorum.Cmp(Frac(1, 2)) != 0 {
		t.Errorf("quorums %s and %s", ord.Quorum, ext.Quorum)
	}
	if s := ord.SecondConvocation; !s.Allowed || s.DelayDays != 15 || s.Quorum != nil {
		t.Errorf("ordinary second convocation = %+v", s)
	}
	if s := ext.SecondConvocation; !s.Allowed || s.DelayDays != 15 || s.Quorum.Cmp(Frac(1, 4)) != 0 {
		t.Errorf("extraordinary second convocation = %+v", s)
	}
	if m := ord.Majorities[OrdinaryBusiness]; m.Fraction.Cmp(Frac(1, 2)) != 0 || !m.Strict || m.Basis != VotesCast {
		t.Errorf("ordinary business = %+v", m)
	}
	if m := ext.Majorities[StatutesAmendment]; m.Fraction.Cmp(Frac(2, 3)) != 0 || m.Strict {
		t.Errorf("statutes amendment = %+v", m)
	}
	if m := ext.Majorities[Dissolution]; m.Fraction.Cmp(Frac(2, 3)) != 0 || m.Quorum == nil || m.Quorum.Cmp(Frac(1, 2)) != 0 {
		t.Errorf("dissolution = %+v", m)
	}
	if r.Proxies != (Proxies{Allowed: true, MaxPerHolder: 2, DeadlineHours: 48}) {
		t.Errorf("proxies = %+v", r.Proxies)
	}
	if r.Dues != (Dues{Currency: "MAD", Period: CalendarYear, GraceDays: 90}) {
		t.Errorf("dues = %+v", r.Dues)
	}
	if r.Eligibility.MinSeniorityMonthsToVote != 6 || !r.Eligibility.GoodStandingToVote {
		t.Errorf("eligibility = %+v", r.Eligibility)
	}
}

// TestTheDemoTextTellsTheSameStoryAsTheRules checks the figures the
// articles state in each language against the rules.
func TestTheDemoTextTellsTheSameStoryAsTheRules(t *testing.T) {
	texts := OMSNText()
	mustSay := map[string][]string{
		"fr": {"Rabat", "souveraineté numérique", "quinze jours", "le quart au moins", "la moitié au moins", "deux tiers", "plus de deux pouvoirs", "500 dirhams", "300 dirhams", "5 000 dirhams", "quatre-vingt-dix jours", "six mois", "trois ans", "deux assesseurs", "voix consultative", "le plus âgé", "voix, celle du président"},
		"en": {"Rabat", "digital sovereignty", "fifteen days", "at least a quarter", "at least half", "two-thirds", "more than two proxies", "500 dirhams", "300 dirhams", "5,000 dirhams", "ninety days", "six months", "three years", "two assessors", "consultative voice", "oldest candidate", "casting vote"},
		"ar": {"الرباط", "السيادة الرقمية", "خمسة عشر يوما", "ربع الأعضاء", "نصف الأعضاء", "ثلثي", "توكيلين", "500 درهم", "300 درهم", "5000 درهم", "تسعين يوما", "ستة أشهر", "ثلاث سنوات", "مستشاران", "بصفة استشارية", "الأكبر سنا", "صوت الرئيس"},
	}
	for lang, phrases := range mustSay {
		text := texts[lang]
		if !strings.HasPrefix(text, "# ") {
			t.Errorf("%s: no title", lang)
		}
		if n := strings.Count(text, "\n## "); n != 9 {
			t.Errorf("%s: %d articles, want 9", lang, n)
		}
		for _, p := range phrases {
			if !strings.Contains(text, p) {
				t.Errorf("%s: text does not say %q", lang, p)
			}
		}
	}
	if len(texts) != 3 {
		t.Errorf("languages: %d", len(texts))
	}
}
