package web_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"
)

var (
	tagOrScript = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)
	isoDay      = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)
	memberLink  = regexp.MustCompile(`href="/board/members/(\d+)"`)
	// An amount in figures followed by its code.
	amountRe = regexp.MustCompile(`[\x{200E}-]?[\d.,\x{202F}]*\d\x{00A0}MAD`)
	// Figures a page writes in English style: "300.00 MAD", "79.4 %".
	englishAmount  = regexp.MustCompile(`\d\.\d\d[ \x{00A0}]MAD`)
	spacedPercent  = regexp.MustCompile(`\d[ ]%`)
	frenchPercent  = regexp.MustCompile(`\d,\d\x{00A0}%`)
	englishPercent = regexp.MustCompile(`\d\.\d%`)
	emailText      = regexp.MustCompile(`<([a-z0-9]+)([^>]*)>([^<]*[\w.+-]+@[\w-]+\.[\w.-]+[^<]*)<`)
)

// visible is a page's text as a reader sees it: no markup, no scripts, and
// so no form values (a date input keeps its ISO value, by design).
func visible(body string) string {
	return html.UnescapeString(tagOrScript.ReplaceAllString(body, " "))
}

// inLanguage fetches a page with the language cookie set.
func inLanguage(t *testing.T, c *apptest.Client, lang, path string) string {
	t.Helper()
	c.SetCookie("majlis_lang", lang)
	r := c.Get(path)
	if r.Status != 200 {
		t.Fatalf("%s in %s: %d", path, lang, r.Status)
	}
	return r.Body
}

// boardPages are pages with amounts, dates and rates, for the treasurer
// (who sits on the board in the demo).
func boardPages(t *testing.T, c *apptest.Client) []string {
	t.Helper()
	m := memberLink.FindStringSubmatch(c.Get("/board/members").Body)
	if m == nil {
		t.Fatal("no member on the roster")
	}
	return []string{"/treasurer?year=2026", "/treasurer/arrears", "/board/members/" + m[1], "/board/mandates", "/board/applications", "/"}
}

func TestPagesWriteAmountsDatesAndRatesInTheirLanguagesConvention(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		c := s.as(youssef)
		pages := boardPages(t, c)
		for _, lang := range languages {
			var amounts int
			for _, p := range pages {
				body := inLanguage(t, c, lang, p)
				text := visible(body)
				if d := isoDay.FindString(text); d != "" {
					t.Errorf("%s in %s shows the ISO date %s", p, lang, d)
				}
				if spacedPercent.MatchString(text) {
					t.Errorf("%s in %s puts a breaking space before %%", p, lang)
				}
				amounts += len(amountRe.FindAllString(text, -1))
				switch lang {
				case "fr":
					if a := englishAmount.FindString(text); a != "" {
						t.Errorf("%s in French writes %q", p, a)
					}
					if englishPercent.MatchString(text) {
						t.Errorf("%s in French writes a rate the English way", p)
					}
				case "en":
					if frenchPercent.MatchString(text) {
						t.Errorf("%s in English writes a rate the French way", p)
					}
				}
			}
			if amounts == 0 {
				t.Errorf("no amount checked in %s", lang)
			}
		}
		// The dashboard's rates and amounts, one language at a time.
		fr := visible(inLanguage(t, c, "fr", "/treasurer?year=2026"))
		en := visible(inLanguage(t, c, "en", "/treasurer?year=2026"))
		if !frenchPercent.MatchString(fr) || !regexp.MustCompile(`\d,\d\d\x{00A0}MAD`).MatchString(fr) {
			t.Errorf("the French dashboard lacks a French rate or amount:\n%s", fr)
		}
		if !englishPercent.MatchString(en) && !regexp.MustCompile(`\d%`).MatchString(en) {
			t.Errorf("the English dashboard lacks an English rate:\n%s", en)
		}
		// A sentence date: the member's joining day in words.
		member := visible(inLanguage(t, c, "fr", pages[2]))
		if !regexp.MustCompile(`\d{1,2}(er)? (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}`).MatchString(member) {
			t.Errorf("the member's page has no French sentence date:\n%s", member)
		}
	})
}

// In Arabic pages every left-to-right value keeps its order beside its
// label: amounts and dates carry Unicode isolates (the text form of <bdi>),
// emails sit in <bdi> or in an element with its own direction.
func TestArabicPagesIsolateLeftToRightValues(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		c := s.as(youssef)
		months := []string{"يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"}
		var amounts, dates, emails int
		for _, p := range append(boardPages(t, c), "/account") {
			body := inLanguage(t, c, "ar", p)
			text := visible(body)
			for _, loc := range amountRe.FindAllStringIndex(text, -1) {
				amounts++
				if !isolated(text, loc[0]) {
					t.Errorf("%s: amount %q is not isolated", p, text[loc[0]:loc[1]])
				}
			}
			// A date is a day, a month and a year (a month alone, as on a
			// chart's axis, is a word like any other).
			for _, loc := range arabicDate(months).FindAllStringIndex(text, -1) {
				dates++
				if !isolated(text, loc[0]) {
					t.Errorf("%s: date %q is not isolated", p, text[loc[0]:loc[1]])
				}
			}
			for _, m := range emailText.FindAllStringSubmatch(body, -1) {
				emails++
				if m[1] != "bdi" && !strings.Contains(m[2], `dir="`) {
					t.Errorf("%s: email %q is in <%s%s> without isolation", p, strings.TrimSpace(m[3]), m[1], m[2])
				}
			}
			if i := strings.Index(text, "-14, 0, 14, 42"); i >= 0 && !isolated(text, i) {
				t.Errorf("%s: the list of reminder days is not isolated", p)
			}
			if strings.Contains(text, " → ") {
				t.Errorf("%s: an arrow points against the reading direction", p)
			}
		}
		if amounts == 0 || dates == 0 || emails == 0 {
			t.Errorf("checked %d amounts, %d dates, %d emails: the pages no longer show what this test checks", amounts, dates, emails)
		}
	})
}

// arabicDate matches a sentence date written with Morocco's month names.
func arabicDate(months []string) *regexp.Regexp {
	return regexp.MustCompile(`\d{1,2} (` + strings.Join(months, "|") + `) \d{4}`)
}

// isolated reports whether position i of s lies inside FSI…PDI.
func isolated(s string, i int) bool {
	open := strings.LastIndex(s[:i], "\u2068")
	return open >= 0 && open > strings.LastIndex(s[:i], "\u2069")
}
