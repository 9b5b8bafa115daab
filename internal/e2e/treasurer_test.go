package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/omsn/majlis/internal/demo"
)

// The treasurer types part of a member's name in the account page's search
// box, and picks the member among the suggestions: with the keyboard on a
// desktop, with a tap on a phone. The member's account opens. (In French:
// the journeys of each role in Arabic cover the right-to-left layout.)
func TestJourneyTheTreasurerTypesPartOfANameAndPicksASuggestion(t *testing.T) {
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			j := startJourney(t)
			j.run("size the window", chromedp.EmulateViewport(sc.width, sc.height))
			j.signIn("youssef.benali@omsn.example", demo.AdminPassword)
			// Youssef reads Arabic; this journey is in French.
			j.run("he switches to French",
				chromedp.Click(`.language-switch button[value=fr]`, chromedp.ByQuery),
				chromedp.WaitVisible(`html[lang=fr]`, chromedp.ByQuery),
			)
			var count int
			j.run("he types part of a name",
				chromedp.Navigate(j.URL+"/treasurer/member"),
				chromedp.WaitVisible(`#q`, chromedp.ByQuery),
				chromedp.SendKeys(`#q`, "chraib", chromedp.ByQuery),
				chromedp.WaitVisible(`#member-suggestions [role=option]`, chromedp.ByQuery),
				chromedp.Evaluate(`document.querySelectorAll("#member-suggestions [role=option]").length`, &count),
			)
			if count != 1 {
				t.Fatalf("%d suggestions for \"chraib\", want Nadia Chraibi alone", count)
			}
			var expanded string
			j.run("the box says its list is open",
				chromedp.Evaluate(`document.querySelector("#q").getAttribute("aria-expanded")`, &expanded))
			if expanded != "true" {
				t.Fatalf("aria-expanded=%q with suggestions shown", expanded)
			}
			j.fitsTheScreen("the suggestions")
			if sc.name == "desktop" {
				j.run("he picks it with the keyboard",
					chromedp.SendKeys(`#q`, kb.ArrowDown, chromedp.ByQuery),
					chromedp.SendKeys(`#q`, kb.Enter, chromedp.ByQuery),
				)
			} else {
				j.run("he taps it", chromedp.Click(`#member-suggestions [role=option]`, chromedp.ByQuery))
			}
			var name string
			j.run("the account opens",
				chromedp.WaitVisible(`#member-name`, chromedp.ByQuery),
				chromedp.Text(`#member-name`, &name, chromedp.ByQuery),
			)
			if !strings.Contains(name, "Nadia Chraibi") {
				t.Fatalf("opened %q, want Nadia Chraibi's account", name)
			}
			j.fitsTheScreen("the account")
		})
	}
}
