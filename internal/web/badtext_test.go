package web_test

import (
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
	"github.com/omsn/majlis/views"
)

// badTexts are what the text rule refuses: a NUL, a line break in a
// single-line field, bytes that are not UTF-8.
var badTexts = map[string]string{"NUL": "a\x00b", "CRLF": "a\r\nb", "xFF": "a\xffb"}

// formFieldNames lists every form field and query parameter the views
// name, plus those handlers read from links rather than forms.
func formFieldNames(t *testing.T) []string {
	t.Helper()
	seen := map[string]bool{"q": true, "next": true, "page": true, "per_page": true, "sort": true, "desc": true,
		"status": true, "standing": true, "year": true, "checkout": true, "a": true, "b": true}
	name := regexp.MustCompile(`name="([a-z_]+)"`)
	err := fs.WalkDir(views.Templates, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := fs.ReadFile(views.Templates, p)
		if err != nil {
			return err
		}
		for _, m := range name.FindAllSubmatch(b, -1) {
			seen[string(m[1])] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	delete(seen, "_csrf")
	var out []string
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Every route of the route table gets NUL, CR LF and a byte that is not
// UTF-8 in every form field and query parameter, and in its path
// parameters, from each demo account (and a visitor), so that every route
// is reached by someone allowed on it: none answers a server error, on
// either database.
func TestNoRouteAnswersAServerErrorToControlCharactersOrInvalidUTF8(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		fields := formFieldNames(t)
		pending, err := env.Services.Members.PendingApplications(t.Context())
		if err != nil || len(pending) == 0 {
			t.Fatalf("demo has no pending application: %v", err)
		}
		realID := itoa(pending[0].ID)
		// An applicant too, who answers the board's questions.
		applicantEmail := "badtext-applicant@example.ma"
		form := applicationForm(applicantEmail)
		form.Set("password", demo.AdminPassword)
		if r := env.Client(t).Post("/apply", form); r.Status != http.StatusSeeOther {
			t.Fatalf("apply: %d", r.Status)
		}
		if r := env.Client(t).Post(linksOf(lastMail(t, db, applicantEmail, "application_confirm"))[0], nil); r.Status != http.StatusSeeOther {
			t.Fatalf("confirm: %d", r.Status)
		}
		who := []string{"", nadia, youssef, salma, demo.AdminEmail, applicantEmail}
		routes := env.Server.RouteTable()
		// Signing in last: its refusals count against the client address
		// every other request comes from.
		sort.SliceStable(routes, func(i, j int) bool { return routes[i].Path != "/sign-in" && routes[j].Path == "/sign-in" })
		param := regexp.MustCompile(`:[a-z_]+|\*`)
		for _, r := range routes {
			if r.Method != http.MethodGet && r.Method != http.MethodPost {
				continue
			}
			if r.Path == "/webhooks/stripe" {
				continue // authenticated by its signature, tested with signed bodies
			}
			reached := false
			for _, email := range who {
				c := env.Client(t)
				if email != "" && !signIn(c, email) {
					t.Fatalf("%s can no longer sign in (before %s %s)", email, r.Method, r.Path)
				}
				for label, bad := range badTexts {
					values := url.Values{}
					for _, f := range fields {
						values.Set(f, bad)
					}
					for _, p := range []string{realID, bad} {
						path := param.ReplaceAllString(r.Path, url.PathEscape(p))
						var res *apptest.Response
						if r.Method == http.MethodGet {
							res = c.Get(path + "?" + values.Encode())
						} else {
							res = c.Post(path, values)
						}
						if res.Status >= 500 {
							t.Errorf("%s %s as %q with %s: %d", r.Method, path, email, label, res.Status)
						}
						if res.Status != http.StatusForbidden && res.Status != http.StatusUnauthorized &&
							!strings.HasPrefix(res.Location, "/sign-in") {
							reached = true
						}
					}
				}
			}
			if !reached {
				t.Errorf("%s %s was reached by nobody allowed on it", r.Method, r.Path)
			}
		}
	})
}

// signIn signs a client in and reports whether it worked.
func signIn(c *apptest.Client, email string) bool {
	r := c.Post("/sign-in", url.Values{"email": {email}, "password": {demo.AdminPassword}})
	return r.Status == http.StatusSeeOther
}

// The inputs the issue names answer with the rule's message at the field,
// the same on both databases.
func TestControlCharactersAreRefusedWithAMessageAtTheField(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		const msg = "Ce champ contient des caractères non autorisés"
		visitor := env.Client(t)
		form := applicationForm("ctl@example.ma")
		form.Set("first_name", "Rachid\r\nBcc: all@example.org")
		form.Set("last_name", "Ou\x00ali")
		r := visitor.Post("/apply", form)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="first_name-error">`+msg) ||
			!strings.Contains(r.Body, `id="last_name-error">`+msg) {
			t.Fatalf("apply: %d", r.Status)
		}
		r = visitor.Post("/sign-in", url.Values{"email": {"\xff\x00@x"}, "password": {"x"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="email-error">`+msg) {
			t.Fatalf("sign-in: %d", r.Status)
		}
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		for _, p := range []string{"/board/members?q=%00", "/directory?q=%00", "/board/members?q=%ff"} {
			r := sg.Get(p)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="q-error">`+msg) {
				t.Errorf("%s: %d", p, r.Status)
			}
		}
	})
}
