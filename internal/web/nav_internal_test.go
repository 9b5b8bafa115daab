package web

import (
	"net/http"
	"testing"

	"github.com/omsn/majlis/internal/worklist"
)

// A menu link whose path is not a page of the route table would be hidden
// from everyone (mayOpen refuses an unknown path), silently.
func TestEveryMenuLinkIsAPageOfTheRouteTable(t *testing.T) {
	pages := map[string]bool{}
	for _, r := range (&Server{}).routes() {
		if r.Method == http.MethodGet {
			pages[r.Path] = true
		}
	}
	for _, a := range navigation {
		for _, p := range a.Pages {
			if !pages[p.Path] {
				t.Errorf("the menu links %s, which is no page of the route table", p.Path)
			}
		}
	}
	for _, src := range worklist.Standard(nil, nil, nil, nil) {
		if !pages[worklist.PathOf(src.Link)] {
			t.Errorf("the home page's %s item links %s, which is no page of the route table", src.Key, src.Link)
		}
	}
}

func TestTheCurrentPageIsTheLongestMatchingLink(t *testing.T) {
	for path, want := range map[string]bool{"/board/members": true, "/board/members/12": true, "/board/membersx": false, "/board": false} {
		if got := under(path, "/board/members"); got != want {
			t.Errorf("under(%q, /board/members) = %v", path, got)
		}
	}
	if under("/statutes", "/") || !under("/", "/") {
		t.Error("the home link must be current on the home page only")
	}
}
