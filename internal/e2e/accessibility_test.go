package e2e

import (
	"net/url"
	"strconv"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/demo"
)

// Each role opens the pages of its work, in French and in Arabic, on a
// desktop and on a phone, and axe-core finds no serious or critical
// violation on any of them (run checks every page; see accessible).
func TestJourneyEveryRolesPagesPassAxeInFrenchAndArabic(t *testing.T) {
	for _, sc := range screens {
		for _, lang := range []string{"fr", "ar"} {
			t.Run(sc.name+"/"+lang, func(t *testing.T) { everyRolesPages(t, sc, lang) })
		}
	}
}

// everyRolesPages opens each role's pages in one language on one screen,
// on a server of its own.
func everyRolesPages(t *testing.T, sc screen, lang string) {
	j := startJourney(t)
	ctx := t.Context()
	db := j.Env.DB.Ent
	applicant := db.Member.Query().Where(member.StatusEQ(member.StatusApplicant)).FirstX(ctx)
	numbered := db.Member.Query().Where(member.NumberNotNil(), member.StatusEQ(member.StatusActive), member.HasMandates()).FirstX(ctx)
	version := db.StatutesVersion.Query().FirstX(ctx)
	roles := []struct {
		email string
		pages []string
	}{
		{"", []string{"/", "/apply", "/sign-in", "/password/forgot", "/statutes", "/board"}},
		{"nadia.chraibi@omsn.example", []string{"/", "/membership", "/membership/profile", "/membership/dues", "/directory",
			"/account", "/account/password"}},
		{"salma.idrissi@omsn.example", []string{"/", "/board/members", "/board/members?status=lapsed",
			"/board/members/" + strconv.Itoa(numbered.ID), "/board/applications", "/board/applications/" + strconv.Itoa(applicant.ID),
			"/board/mandates", "/board/declaration", "/board/statutes", "/board/statutes/" + strconv.Itoa(version.ID),
			"/board/statutes/new", "/board/mail", "/board/import"}},
		{"youssef.benali@omsn.example", []string{"/", "/treasurer", "/treasurer/arrears",
			"/treasurer/member?number=" + url.QueryEscape(*numbered.Number)}},
		{demo.AdminEmail, []string{"/", "/admin/association", "/admin/users", "/admin/jobs"}},
	}
	host, _ := url.Parse(j.URL)
	j.run("size the window", chromedp.EmulateViewport(sc.width, sc.height))
	for _, r := range roles {
		j.run("start afresh in "+lang, network.ClearBrowserCookies(),
			network.SetCookie("majlis_lang", lang).WithDomain(host.Hostname()).WithPath("/"))
		if r.email != "" {
			j.signIn(r.email, demo.AdminPassword)
		}
		for _, p := range r.pages {
			j.run(lang+" "+r.email+" opens "+p, chromedp.Navigate(j.URL+p), chromedp.WaitReady("body", chromedp.ByQuery))
		}
	}
}
