package web_test

import (
	"net/http/httptest"
	"testing"

	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

// Handler cost of the most visited pages, without the network: run with
// `make bench`. The server-level figures (start time, memory, requests per
// second over HTTP) come from scripts/bench-server.sh.
func BenchmarkPages(b *testing.B) {
	env := apptest.New(b, testdb.SQLite(b), nil)
	signedIn := env.Client(b)
	signedIn.SignIn(demo.AdminEmail, demo.AdminPassword)
	cases := []struct {
		name, path string
		client     *apptest.Client
	}{
		{"home/visitor", "/", env.Client(b)},
		{"sign-in/visitor", "/sign-in", env.Client(b)},
		{"home/signed-in", "/", signedIn},
		{"account/signed-in", "/account", signedIn},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			c.client.Get(c.path) // set the CSRF cookie once, as a browser would
			req := httptest.NewRequest("GET", c.path, nil)
			for _, ck := range []string{"majlis_csrf", "majlis_session"} {
				if v := c.client.Cookie(ck); v != "" {
					req.Header.Add("Cookie", ck+"="+v)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				res, err := env.Server.App().Test(req.Clone(req.Context()), -1)
				if err != nil || res.StatusCode != 200 {
					b.Fatalf("%s: %v %v", c.path, err, res.StatusCode)
				}
				res.Body.Close()
			}
		})
	}
}
