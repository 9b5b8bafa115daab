package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/memberevent"
	"github.com/omsn/majlis/internal/demo"
)

// The secretary general filters the roster, ticks the whole page with the
// page's script, and moves those members to another category.
func TestJourneyTickAPageOfTheRosterAndChangeItsCategory(t *testing.T) {
	j := startJourney(t)
	ctx := t.Context()
	db := j.Env.DB.Ent
	year := 2023
	want := db.Member.Query().Where(member.Category("active"), member.StatusEQ(member.StatusActive),
		member.JoinedOnGTE(dateOf(year, 1, 1)), member.JoinedOnLT(dateOf(year+1, 1, 1))).CountX(ctx)
	if want == 0 || want > 50 {
		t.Fatalf("the demo has %d active members who joined in %d; the journey needs one page of them", want, year)
	}
	var ticked int
	var flash string
	j.run("the secretary general opens a filtered roster",
		chromedp.Navigate(j.URL+"/sign-in?next=/board/members%3Fstatus%3Dactive%26category%3Dactive%26year%3D2023"),
		chromedp.WaitVisible(`#email`, chromedp.ByQuery),
		chromedp.SendKeys(`#email`, "salma.idrissi@omsn.example", chromedp.ByQuery),
		chromedp.SendKeys(`#password`, demo.AdminPassword, chromedp.ByQuery),
		chromedp.Submit(`#password`, chromedp.ByQuery),
		chromedp.WaitVisible(`#select-page`, chromedp.ByQuery),
	)
	j.run("she ticks the whole page",
		chromedp.Click(`#select-page`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("#bulk input[name=id]:checked").length`, &ticked),
	)
	if ticked != want {
		t.Fatalf("%d members ticked, want the page's %d", ticked, want)
	}
	j.run("she moves them to the founding members",
		chromedp.SetValue(`#category_to`, "founding", chromedp.ByQuery),
		chromedp.SendKeys(`#bulk-reason`, "Adhérents de la première année", chromedp.ByQuery),
		chromedp.Click(`//button[contains(., "Changer de catégorie")]`, chromedp.BySearch),
		chromedp.WaitVisible(`.flash-success`, chromedp.ByQuery),
		chromedp.Text(`.flash-success`, &flash, chromedp.ByQuery),
	)
	if !strings.Contains(flash, "catégorie") {
		t.Fatalf("flash %q", flash)
	}
	if n := db.MemberEvent.Query().Where(memberevent.Kind("category_changed")).CountX(ctx); n != want {
		t.Fatalf("%d history entries, want %d", n, want)
	}
}

func dateOf(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
