// Package e2e drives the real application in a real browser (Debian's
// Chromium, through the DevTools protocol with chromedp). Each journey gets
// its own server on a free port, on a fresh SQLite database with the demo
// association.
//
// Without Chromium the journeys are skipped, unless
// MAJLIS_TEST_REQUIRE_BROWSER=1 (set by CI), which makes that a failure.
package e2e

import (
	"context"
	"net"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"
)

// journey is one browser session against one running server.
type journey struct {
	t   *testing.T
	ctx context.Context
	// URL is the server's base address, e.g. http://127.0.0.1:41234.
	URL string
	Env *apptest.Env
	// axeChecked counts the pages axe-core checked (see accessible).
	axeChecked int
	axeMissing *sync.Once
	// scriptsDisabled is set by a journey that turned JavaScript off
	// (emulation.SetScriptExecutionDisabled): axe-core, itself a script,
	// turns it back on for the time of its check.
	scriptsDisabled bool
}

func chromiumPath() string {
	for _, p := range []string{os.Getenv("MAJLIS_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// startJourney serves the app on a fresh SQLite database and opens a
// headless browser on it; env adds configuration (MAJLIS_STRIPE_…).
func startJourney(t *testing.T, env ...map[string]string) *journey {
	t.Helper()
	return startJourneyOn(t, testdb.SQLite, env...)
}

// startJourneyOn is startJourney on the database open returns
// (testdb.SQLite or testdb.Postgres).
func startJourneyOn(t *testing.T, open func(testing.TB) *database.DB, env ...map[string]string) *journey {
	t.Helper()
	bin := chromiumPath()
	if bin == "" {
		if os.Getenv("MAJLIS_TEST_REQUIRE_BROWSER") == "1" {
			t.Fatal("Chromium is required (MAJLIS_TEST_REQUIRE_BROWSER=1) but was not found; apt-get install chromium")
		}
		t.Skip("Chromium not installed; browser journeys skipped")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	cfg := map[string]string{"MAJLIS_BASE_URL": base, "MAJLIS_ADDR": ln.Addr().String()}
	for _, e := range env {
		for k, v := range e {
			cfg[k] = v
		}
	}
	app := apptest.New(t, open(t), cfg)
	go func() { _ = app.Server.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = app.Server.Shutdown(ctx)
	})

	// Chromium may still be writing its profile for a moment after it is
	// told to quit, which t.TempDir's cleanup reports as a failure: the
	// profile is removed after the browser's cleanup, retrying briefly.
	profile, err := os.MkdirTemp("", "majlis-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for i := 0; i < 20 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	})
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "fr-FR"),
		chromedp.Flag("accept-lang", "fr-FR,fr"),
		chromedp.UserDataDir(profile),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	tctx, cancelTimeout := context.WithTimeout(bctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelBrowser(); cancelAlloc() })
	if err := chromedp.Run(tctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	j := &journey{t: t, ctx: tctx, URL: base, Env: app, axeMissing: new(sync.Once)}
	t.Cleanup(func() { t.Log(j.axeReport()) })
	return j
}

// run performs browser actions and fails the journey on the first error,
// naming the step.
func (j *journey) run(step string, actions ...chromedp.Action) {
	j.t.Helper()
	// The page an earlier step's click led to, if it has loaded since.
	j.accessible(step)
	if err := chromedp.Run(j.ctx, actions...); err != nil {
		j.t.Fatalf("%s: %v", step, err)
	}
	// Whatever page the step led to is checked for accessibility.
	j.accessible(step)
}
