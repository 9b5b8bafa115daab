package e2e

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/omsn/majlis/internal/demo"
)

// Every role of the demo finds its work from the home page and the menu,
// on a desktop screen and on a small phone's, and no page it reaches is
// wider than the screen. With MAJLIS_E2E_SCREENSHOTS set to a folder, the
// journey leaves there a picture of each role's home page on each screen.
func TestJourneyEachRoleFindsItsWorkOnEveryScreen(t *testing.T) {
	roles := []struct {
		name, email string
		// work are the items the home page must list for this role.
		work []string
		// pages must be reachable from the home page or the menu.
		pages []string
		// deeper are pages one more click away: the first link matching a
		// selector on a page.
		deeper [][2]string
	}{
		{"visitor", "", nil, []string{"/apply", "/sign-in", "/statutes", "/board"},
			[][2]string{{"/sign-in", `a[href="/password/forgot"]`}}},
		{"secretary-general", "salma.idrissi@omsn.example",
			[]string{"own_dues", "applications", "leave_requests", "mandates_ending", "declaration"},
			[]string{"/board/applications", "/board/leave-requests", "/board/members", "/board/import", "/board/declaration", "/board/mandates"},
			[][2]string{{"/board/members", `#roster a[href^="/board/members/"]`}, {"/board/applications", `a[href^="/board/applications/"]`},
				{"/board/statutes", `a[href^="/board/statutes/"]`}, {"/board/statutes", `#versions a[href^="/board/statutes/"]`}}},
		{"treasurer", "youssef.benali@omsn.example",
			[]string{"own_dues", "applications", "leave_requests", "mandates_ending", "declaration", "arrears", "flagged_events"},
			[]string{"/treasurer", "/treasurer/arrears", "/treasurer/member", "/board/members"},
			[][2]string{{"/treasurer/arrears", `#arrears a[href^="/treasurer/member?number="]`}}},
		{"member", "nadia.chraibi@omsn.example",
			[]string{"own_dues"},
			[]string{"/membership", "/membership/dues", "/directory", "/account"},
			[][2]string{{"/account", `a[href="/account/password"]`}}},
		{"administrator", demo.AdminEmail,
			[]string{"failed_jobs"},
			[]string{"/admin/association", "/admin/users", "/admin/jobs"}, nil},
	}
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			// One server and browser per screen; each role signs in and out
			// in turn.
			browser := startJourney(t)
			browser.run("size the window", chromedp.EmulateViewport(sc.width, sc.height))
			for _, role := range roles {
				t.Run(role.name, func(t *testing.T) {
					j := *browser
					j.t = t
					landmark := `#apply-cta`
					if role.email != "" {
						j.signIn(role.email, demo.AdminPassword)
						landmark = `#work`
						defer j.run("sign out", chromedp.Navigate(j.URL+"/"), chromedp.WaitVisible(`#sign-out`, chromedp.ByQuery),
							chromedp.Click(`#sign-out`, chromedp.ByQuery), chromedp.WaitVisible(`a.sign-in`, chromedp.ByQuery))
					}
					j.run("open the home page", chromedp.Navigate(j.URL+"/"), chromedp.WaitVisible(landmark, chromedp.ByQuery))
					j.staysInTheScreen("the home page")
					j.screenshot(sc, sc.name+"-"+role.name+"-home.png")
					if sc.width < 600 {
						j.run("open the menu", chromedp.Click(`.site-menu > summary`, chromedp.ByQuery),
							chromedp.WaitVisible(`.main-nav`, chromedp.ByQuery))
						j.staysInTheScreen("the open menu")
						j.screenshot(sc, sc.name+"-"+role.name+"-menu.png")
					}

					var items []string
					j.run("read the work items", chromedp.Evaluate(
						`[...document.querySelectorAll('#work [data-item]')].map(li => li.dataset.item)`, &items))
					if strings.Join(items, " ") != strings.Join(role.work, " ") {
						t.Errorf("the home page lists %v, want %v", items, role.work)
					}

					var links []string
					j.run("read the links of the home page and the menu", chromedp.Evaluate(
						`[...document.querySelectorAll('main a, .main-nav a, .area-nav a, .header-tools a')].map(a => a.getAttribute('href'))`, &links))
					pages := map[string]bool{}
					for _, l := range links {
						if u, err := url.Parse(l); err == nil && u.Host == "" && strings.HasPrefix(u.Path, "/") {
							pages[u.Path+query(u)] = true
						}
					}
					for _, want := range role.pages {
						if !pages[want] {
							t.Errorf("%s is not reachable from the home page or the menu (%v)", want, sorted(pages))
						}
					}
					if os.Getenv("MAJLIS_E2E_SCREENSHOTS") != "" && role.email != "" {
						j.run("open "+role.pages[0], chromedp.Navigate(j.URL+role.pages[0]), chromedp.WaitVisible(`.area-nav`, chromedp.ByQuery))
						if sc.width >= 600 {
							j.run("open the last area's menu", chromedp.Click(`.nav-area:last-child summary`, chromedp.ByQuery))
						}
						j.screenshot(sc, sc.name+"-"+role.name+"-area.png")
					}
					for _, p := range sorted(pages) {
						var status int
						j.run("open "+p, chromedp.Navigate(j.URL+p), chromedp.WaitVisible(`main`, chromedp.ByQuery),
							chromedp.Evaluate(`performance.getEntriesByType('navigation')[0].responseStatus`, &status))
						if status != 200 {
							t.Errorf("%s answers %d", p, status)
						}
						j.staysInTheScreen(p)
					}
					for _, d := range role.deeper {
						var href string
						j.run("find a link on "+d[0], chromedp.Navigate(j.URL+d[0]), chromedp.WaitVisible(`main`, chromedp.ByQuery),
							chromedp.Evaluate(`document.querySelector(`+strconv.Quote(d[1])+`)?.getAttribute('href') ?? ''`, &href))
						if !strings.HasPrefix(href, "/") {
							t.Errorf("%s has no link %s", d[0], d[1])
							continue
						}
						j.run("open "+href, chromedp.Navigate(j.URL+href), chromedp.WaitVisible(`main`, chromedp.ByQuery))
						j.staysInTheScreen(href)
					}
				})
			}
		})
	}
}

// staysInTheScreen fails if the document is wider than the window, naming
// the elements that stick out, so that the fix is plain.
func (j *journey) staysInTheScreen(step string) {
	j.t.Helper()
	var wide []string
	j.run(step, chromedp.Evaluate(`(() => {
		const w = window.innerWidth;
		if (document.documentElement.scrollWidth <= w) return [];
		const out = [];
		for (const el of document.querySelectorAll('body *')) {
			const r = el.getBoundingClientRect();
			if (el.closest('.table-scroll, .skip-link, details:not([open]) > :not(summary)')) continue;
			if ((r.right > w + 1 || r.left < -1) && ![...el.children].some(c => {
				const cr = c.getBoundingClientRect(); return cr.right > w + 1 || cr.left < -1; })) {
				out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
					(el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
					' ' + Math.round(r.left) + '–' + Math.round(r.right));
			}
		}
		return out.length ? out.slice(0, 8) : ['(the document, ' + document.documentElement.scrollWidth + ' px)'];
	})()`, &wide))
	if len(wide) > 0 {
		j.t.Errorf("%s: the page is wider than the window: %s", step, strings.Join(wide, ", "))
	}
}

// screenshot saves the whole page as a PNG in MAJLIS_E2E_SCREENSHOTS, if
// set: the window is made as tall as the page for the picture, then sized
// back.
func (j *journey) screenshot(sc screen, name string) {
	j.t.Helper()
	dir := os.Getenv("MAJLIS_E2E_SCREENSHOTS")
	if dir == "" {
		return
	}
	var height int64
	var png []byte
	j.run("take a screenshot",
		chromedp.Evaluate(`document.documentElement.scrollHeight`, &height),
		chromedp.ActionFunc(func(ctx context.Context) error {
			return chromedp.EmulateViewport(sc.width, max(height, sc.height)).Do(ctx)
		}),
		chromedp.CaptureScreenshot(&png),
		chromedp.EmulateViewport(sc.width, sc.height),
	)
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		j.t.Fatal(err)
	}
}

func query(u *url.URL) string {
	if u.RawQuery == "" {
		return ""
	}
	return "?" + u.RawQuery
}

func sorted(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
