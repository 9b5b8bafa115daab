package web_test

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

var (
	workItem    = regexp.MustCompile(`data-item="([^"]+)">\s*<a href="([^"]+)"`)
	currentLink = regexp.MustCompile(`<a href="([^"]+)" aria-current="page"`)
	currentArea = regexp.MustCompile(`<summary aria-current="true">([^<]*)</summary>`)
	menuLink    = regexp.MustCompile(`<a href="([^"]+)"`)
	areaNav     = regexp.MustCompile(`(?s)<nav class="area-nav" aria-label="([^"]*)">(.*?)</nav>`)
	mainNav     = regexp.MustCompile(`(?s)<nav class="main-nav"[^>]*>(.*?)</nav>`)
)

// roleClients signs in one client per role of the association: the demo
// accounts, and a demo assessor and the demo president given an account.
func roleClients(t *testing.T, env *apptest.Env) map[string]*apptest.Client {
	t.Helper()
	signIn := func(email string) *apptest.Client {
		c := env.Client(t)
		c.SignIn(email, demo.AdminPassword)
		return c
	}
	assessor, _ := demoAssessor(t, env)
	president, _ := signedInHolder(t, env, mandate.OfficePresident)
	return map[string]*apptest.Client{
		"visitor":           env.Client(t),
		"member":            signIn(nadia),
		"assessor":          assessor,
		"secretary general": signIn(salma),
		"president":         president,
		"treasurer":         signIn(youssef),
		"administrator":     signIn(demo.AdminEmail),
	}
}

// boardWork is what waits for every board member.
var boardWork = []string{"own_dues", "applications", "leave_requests", "mandates_ending", "declaration"}

func TestEachRoleFindsItsOwnWorkOnTheHomePageAndNoOneElses(t *testing.T) {
	want := map[string][]string{
		"visitor":           nil,
		"member":            {"own_dues"},
		"assessor":          boardWork,
		"secretary general": boardWork,
		"president":         boardWork,
		"treasurer":         append(append([]string{}, boardWork...), "arrears", "flagged_events"),
		"administrator":     {"failed_jobs"},
	}
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		for role, c := range roleClients(t, env) {
			home := c.Get("/")
			if home.Status != http.StatusOK {
				t.Fatalf("%s: home %d", role, home.Status)
			}
			var keys []string
			for _, m := range workItem.FindAllStringSubmatch(home.Body, -1) {
				keys = append(keys, m[1])
				// Every item leads to a page this person may open.
				link, _, _ := strings.Cut(strings.ReplaceAll(m[2], "&amp;", "&"), "#")
				if r := c.Get(link); r.Status != http.StatusOK {
					t.Errorf("%s: the %s item links to %s, which answers %d", role, m[1], link, r.Status)
				}
			}
			if strings.Join(keys, " ") != strings.Join(want[role], " ") {
				t.Errorf("%s sees %v on the home page, want %v", role, keys, want[role])
			}
		}
	})
}

func TestTheHomePageWordsEachItemWithItsCount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		pending, err := env.Services.Members.PendingApplications(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range languages {
			c := env.Client(t)
			c.SignIn(salma, demo.AdminPassword)
			c.Post("/language", map[string][]string{"lang": {lang}, "next": {"/"}})
			home := c.Get("/")
			mustSay(t, home.Body, lang, "home.work")
			mustSay(t, home.Body, lang, "work.applications")
			mustSay(t, home.Body, lang, "work.mandates_ending", "Days", 90)
			if !strings.Contains(home.Body, `data-item="applications">`) ||
				!regexp.MustCompile(`data-item="applications">\s*<a href="/board/applications">\s*<span class="work-count"><bdi>`+itoa(len(pending))+`</bdi>`).MatchString(home.Body) {
				t.Errorf("%s: the applications item does not show %d", lang, len(pending))
			}
		}
	})
}

func TestVisitorsAreOfferedToJoinFromTheHomePageTheMenuAndTheSignInPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		v := s.visitor()
		home := v.Get("/")
		if !strings.Contains(home.Body, `href="/apply" id="apply-cta"`) {
			t.Error("the home page has no call to join")
		}
		mustSay(t, home.Body, "fr", "home.apply_cta")
		if nav := mainNav.FindStringSubmatch(home.Body); nav == nil || !strings.Contains(nav[1], `href="/apply"`) {
			t.Error("the visitor's menu does not lead to /apply")
		}
		if r := v.Get("/sign-in"); !strings.Contains(r.Body, `href="/apply"`) {
			t.Error("the sign-in page does not lead to /apply")
		}
		if r := v.Get("/apply"); r.Status != http.StatusOK {
			t.Fatalf("/apply answers a visitor %d", r.Status)
		}
		// A member is not offered to join again.
		member := s.as(nadia).Get("/")
		if nav := mainNav.FindStringSubmatch(member.Body); nav == nil || strings.Contains(nav[1], `href="/apply"`) ||
			strings.Contains(member.Body, `id="apply-cta"`) {
			t.Error("a member is offered to join")
		}
	})
}

func menuOf(t *testing.T, body string) []string {
	t.Helper()
	nav := mainNav.FindStringSubmatch(body)
	if nav == nil {
		t.Fatal("no main navigation")
	}
	var out []string
	for _, m := range menuLink.FindAllStringSubmatch(nav[1], -1) {
		out = append(out, m[1])
	}
	return out
}

func TestTheMenuGroupsEachRolesPagesByArea(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		clients := roleClients(t, env)
		for _, tc := range []struct {
			role        string
			areas       []string // area labels in the menu, in French
			has, hasNot []string
		}{
			{"visitor", nil, []string{"/", "/statutes", "/board", "/apply"}, []string{"/membership", "/board/members", "/treasurer", "/admin/users"}},
			{"member", []string{"nav.membership"}, []string{"/membership", "/membership/dues", "/membership/profile", "/directory", "/account"},
				[]string{"/apply", "/board/members", "/treasurer", "/admin/users"}},
			{"assessor", []string{"nav.membership", "nav.area.board"},
				[]string{"/board/members", "/board/applications", "/board/leave-requests", "/board/import", "/board/mandates", "/board/declaration", "/board/statutes", "/board/mail"},
				[]string{"/treasurer", "/admin/users"}},
			{"secretary general", []string{"nav.membership", "nav.area.board"},
				[]string{"/board/members", "/board/import", "/board/declaration"}, []string{"/treasurer", "/admin/jobs"}},
			{"treasurer", []string{"nav.membership", "nav.area.board", "nav.treasurer"},
				[]string{"/board/members", "/treasurer", "/treasurer/arrears", "/treasurer/member"}, []string{"/admin/jobs"}},
			{"administrator", []string{"nav.membership", "nav.area.board", "nav.area.admin"},
				[]string{"/admin/association", "/admin/users", "/admin/jobs", "/board/statutes", "/board/mail"},
				[]string{"/board/members", "/board/applications", "/board/leave-requests", "/treasurer", "/membership/dues"}},
		} {
			home := clients[tc.role].Get("/")
			menu := " " + strings.Join(menuOf(t, home.Body), " ") + " "
			for _, p := range tc.has {
				if !strings.Contains(menu, " "+p+" ") {
					t.Errorf("%s: the menu lacks %s:%s", tc.role, p, menu)
				}
			}
			for _, p := range tc.hasNot {
				if strings.Contains(menu, " "+p+" ") {
					t.Errorf("%s: the menu offers %s:%s", tc.role, p, menu)
				}
			}
			var areas []string
			for _, m := range regexp.MustCompile(`<li class="nav-area"><details>\s*<summary[^>]*>([^<]*)</summary>`).FindAllStringSubmatch(home.Body, -1) {
				areas = append(areas, m[1])
			}
			lang, _ := pageLanguage(t, home.Body)
			var want []string
			for _, k := range tc.areas {
				want = append(want, text(lang, k))
			}
			if strings.Join(areas, "|") != strings.Join(want, "|") {
				t.Errorf("%s: areas %v, want %v", tc.role, areas, want)
			}
		}
	})
}

func TestTheMenuMarksTheCurrentPageAndItsArea(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		clients := roleClients(t, env)
		someMember := itoa(holderOf(t, db, mandate.OfficeAssessor).ID)
		for _, tc := range []struct {
			role, path string
			page       string // the link marked as the current page
			area       string // the area's label key, "" for none
		}{
			{"secretary general", "/", "/", ""},
			{"secretary general", "/board", "/board", ""},
			{"secretary general", "/board/members", "/board/members", "nav.area.board"},
			{"secretary general", "/board/members/" + someMember, "/board/members", "nav.area.board"},
			{"secretary general", "/board/import", "/board/import", "nav.area.board"},
			{"secretary general", "/board/declaration", "/board/declaration", "nav.area.board"},
			{"secretary general", "/membership", "/membership", "nav.membership"},
			{"secretary general", "/membership/dues", "/membership/dues", "nav.membership"},
			{"secretary general", "/account/password", "/account", "nav.membership"},
			{"treasurer", "/treasurer", "/treasurer", "nav.treasurer"},
			{"treasurer", "/treasurer/member", "/treasurer/member", "nav.treasurer"},
			{"administrator", "/admin/jobs", "/admin/jobs", "nav.area.admin"},
			{"visitor", "/statutes", "/statutes", ""},
		} {
			r := clients[tc.role].Get(tc.path)
			if r.Status != http.StatusOK {
				t.Fatalf("%s %s: %d", tc.role, tc.path, r.Status)
			}
			marked := map[string]bool{}
			for _, m := range currentLink.FindAllStringSubmatch(r.Body, -1) {
				marked[m[1]] = true
			}
			var got []string
			for p := range marked {
				got = append(got, p)
			}
			sort.Strings(got)
			if len(got) != 1 || got[0] != tc.page {
				t.Errorf("%s on %s: current page marked on %v, want %s only", tc.role, tc.path, got, tc.page)
			}
			lang, _ := pageLanguage(t, r.Body)
			areas := currentArea.FindAllStringSubmatch(r.Body, -1)
			sub := areaNav.FindStringSubmatch(r.Body)
			switch {
			case tc.area == "" && (len(areas) > 0 || sub != nil):
				t.Errorf("%s on %s: an area is marked current (%v)", tc.role, tc.path, areas)
			case tc.area != "" && (len(areas) != 1 || areas[0][1] != text(lang, tc.area)):
				t.Errorf("%s on %s: current area %v, want %s", tc.role, tc.path, areas, text(lang, tc.area))
			case tc.area != "" && (sub == nil || sub[1] != text(lang, tc.area) || !strings.Contains(sub[2], `href="`+tc.page+`" aria-current="page"`)):
				t.Errorf("%s on %s: the area's own menu is missing or does not mark %s", tc.role, tc.path, tc.page)
			}
		}
	})
}
