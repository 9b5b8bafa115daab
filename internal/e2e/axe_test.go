package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// axe-core checks every page a journey visits, on each screen size the
// journey runs at. It comes from npm (`make axe` installs the version
// pinned in testdata/axe/package-lock.json); the test reads it from
// node_modules and injects it into the page through the DevTools protocol:
// the application never serves it, and the page's Content-Security-Policy
// does not apply to what DevTools evaluates.

// axePath is where `npm ci` puts axe-core, relative to this package.
var axePath = filepath.Join("testdata", "axe", "node_modules", "axe-core", "axe.min.js")

var axeSource = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile(axePath)
	return string(b), err
})

// axeRun checks the rules of WCAG 2.0, 2.1 and 2.2, levels A and AA (2.2
// adds the size of touch targets, which matters on phones), and returns
// the serious and critical violations.
const axeRun = `(async () => {
  const r = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    resultTypes: ["violations"],
  });
  return r.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => n.target.join(" ") + (n.failureSummary ? " (" + n.failureSummary.replace(/\s+/g, " ") + ")" : ""))}));
})()`

// axeViolation is one rule a page breaks.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// pageState marks the document the browser shows as checked and answers
// "fresh" if it had not been, "loading" while it loads, "checked" for a
// document already checked or not a page of the application: each
// document is checked once, whichever step reached it.
const pageState = `(() => {
  if (location.protocol !== "http:" || document.contentType !== "text/html" || window.__majlisAxeChecked) return "checked";
  if (document.readyState === "loading") return "loading";
  window.__majlisAxeChecked = true;
  return "fresh";
})()`

// accessible runs axe-core on the page the browser shows, if that page has
// not been checked yet, and fails the journey on any serious or critical
// violation, naming the step, the page, each rule, its help and the
// elements at fault.
func (j *journey) accessible(step string) {
	j.t.Helper()
	src, err := axeSource()
	if err != nil {
		if os.Getenv("MAJLIS_TEST_REQUIRE_BROWSER") == "1" {
			j.t.Fatalf("axe-core is required with the browser (MAJLIS_TEST_REQUIRE_BROWSER=1) but %s cannot be read: run make axe (%v)", axePath, err)
		}
		j.axeMissing.Do(func() { j.t.Logf("axe-core not installed (make axe): pages are not checked for accessibility") })
		return
	}
	ctx, cancel := context.WithTimeout(j.ctx, 30*time.Second)
	defer cancel()
	// A step that clicked may leave the browser between two documents; the
	// next step checks the new one. A document still loading is waited for
	// a moment, so that no page goes unchecked.
	for tries := 0; ; tries++ {
		var state string
		if err := chromedp.Run(ctx, chromedp.Evaluate(pageState, &state)); err != nil || state == "checked" {
			return
		}
		if state == "fresh" {
			break
		}
		if tries == 50 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	loc, found, err := j.axeViolations(ctx, src)
	if err != nil {
		j.t.Fatalf("%s: run axe-core on %s: %v", step, loc, err)
	}
	j.axeChecked++
	for _, v := range found {
		j.t.Errorf("%s: %s: accessibility (%s) %s: %s\n\t%s", step, loc, v.Impact, v.ID, v.Help, strings.Join(v.Nodes, "\n\t"))
	}
}

// axeViolations runs axe-core on the page the browser shows and returns
// its address and the serious and critical violations.
func (j *journey) axeViolations(ctx context.Context, src string) (string, []axeViolation, error) {
	var loc string
	var found []axeViolation
	err := chromedp.Run(ctx,
		chromedp.Location(&loc),
		chromedp.Evaluate(src, nil),
		chromedp.Evaluate(axeRun, &found, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
	)
	return loc, found, err
}

// The check finds what it is there to find: a page with an image without
// a text alternative and a field without a label breaks serious and
// critical rules.
func TestTheAccessibilityCheckFindsAnUnlabelledFieldAndAnImageWithoutText(t *testing.T) {
	j := startJourney(t)
	src, err := axeSource()
	if err != nil {
		if os.Getenv("MAJLIS_TEST_REQUIRE_BROWSER") == "1" {
			t.Fatalf("axe-core: %v (make axe)", err)
		}
		t.Skip("axe-core not installed (make axe)")
	}
	if err := chromedp.Run(j.ctx, chromedp.Navigate(j.URL+"/sign-in"), chromedp.WaitVisible("#email", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector("main").insertAdjacentHTML("beforeend", '<img src="/static/none.png"><input type="text" id="unlabelled">')`, nil)); err != nil {
		t.Fatal(err)
	}
	_, found, err := j.axeViolations(j.ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]bool{}
	for _, v := range found {
		rules[v.ID] = true
	}
	if !rules["image-alt"] || !rules["label"] {
		t.Fatalf("axe-core found %+v, want image-alt and label", found)
	}
}

// axeReport says, at the end of a journey, how many pages axe checked.
func (j *journey) axeReport() string {
	return fmt.Sprintf("%d pages checked by axe-core", j.axeChecked)
}
