package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/authz"
	"github.com/omsn/majlis/internal/testdb"
)

// Every route the application answers must come from the route table with a
// declared access: a route registered elsewhere, or without a permission or
// public marker, fails here.
func TestEveryRegisteredRouteDeclaresWhoMayCallIt(t *testing.T) {
	env := apptest.New(t, testdb.SQLite(t), nil)
	declared := map[string]string{}
	for _, r := range env.Server.RouteTable() {
		if r.Access == "UNDECLARED" || r.Access == "" {
			t.Errorf("%s %s declares no access", r.Method, r.Path)
		}
		declared[r.Method+" "+r.Path] = r.Access
	}
	registered := 0
	for _, r := range env.Server.App().GetRoutes(true) {
		if r.Method == http.MethodHead {
			// Fiber adds HEAD to every GET route.
			if _, ok := declared[http.MethodGet+" "+r.Path]; ok {
				continue
			}
		}
		registered++
		if _, ok := declared[r.Method+" "+r.Path]; !ok {
			t.Errorf("%s %s is registered but not in the route table", r.Method, r.Path)
		}
	}
	if registered != len(declared) {
		t.Errorf("route table has %d routes, the application %d", len(declared), registered)
	}
}

// A permission in the route table that no role holds would make a route
// nobody can use: the policy must grant each one to someone.
func TestEveryRoutePermissionIsGrantedBySomeRole(t *testing.T) {
	env := apptest.New(t, testdb.SQLite(t), nil)
	enf, err := authz.NewEnforcer()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range env.Server.RouteTable() {
		p, ok := r.Permission()
		if !ok {
			continue
		}
		if !enf.Allowed(authz.AllRoles, p) {
			t.Errorf("%s %s requires %q, which no role holds", r.Method, r.Path, p)
		}
	}
}

// Each route answers a visitor as its access says: public routes (and those
// whose permission visitors hold) serve,
// signed-in and permission routes send GETs to the sign-in page and refuse
// other methods.
func TestVisitorsReachOnlyPublicRoutes(t *testing.T) {
	env := apptest.New(t, testdb.SQLite(t), nil)
	enf, err := authz.NewEnforcer()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range env.Server.RouteTable() {
		if p, ok := r.Permission(); r.Access == "public" || ok && enf.Allowed([]authz.Role{authz.Visitor}, p) {
			continue
		}
		c := env.Client(t)
		path := pathFor(r.Path)
		var res *apptest.Response
		if r.Method == http.MethodGet {
			res = c.Get(path)
			if res.Status != http.StatusSeeOther || res.Location != "/sign-in?next="+urlEscape(path) {
				t.Errorf("visitor GET %s: status %d location %q, want redirect to sign-in", path, res.Status, res.Location)
			}
			continue
		}
		res = c.Post(path, nil)
		if res.Status != http.StatusUnauthorized {
			t.Errorf("visitor %s %s: status %d, want 401", r.Method, path, res.Status)
		}
	}
}

// pathFor fills route parameters with a plausible value.
func pathFor(pattern string) string {
	parts := strings.Split(pattern, "/")
	for i, p := range parts {
		if strings.HasPrefix(p, ":") {
			parts[i] = "1"
		}
		if p == "*" {
			parts[i] = "css/majlis.css"
		}
	}
	return strings.Join(parts, "/")
}

func urlEscape(s string) string { return url.QueryEscape(s) }
