package web

import (
	"strings"

	"github.com/omsn/majlis/internal/worklist"
)

// navPage is a link of the navigation. Who may follow it is the route
// table's answer for its path, so a link is shown exactly to those its
// page would serve.
type navPage struct {
	Path  string
	Label string // translation key
	// VisitorsOnly hides the link from signed-in people (joining).
	VisitorsOnly bool
}

// navArea groups the pages of one area of the site: the member's own
// space, the board's work, the treasury, the administration. Public pages
// stand alone (Key "").
type navArea struct {
	Key   string
	Label string // translation key
	Pages []navPage
}

// navigation is the site's menu, area by area.
var navigation = []navArea{
	{Pages: []navPage{{Path: "/", Label: "nav.home"}}},
	{Pages: []navPage{{Path: "/statutes", Label: "nav.statutes"}}},
	{Pages: []navPage{{Path: "/board", Label: "nav.board"}}},
	{Pages: []navPage{{Path: "/apply", Label: "nav.apply", VisitorsOnly: true}}},
	{Key: "membership", Label: "nav.membership", Pages: []navPage{
		{Path: "/membership", Label: "nav.my_record"},
		{Path: "/membership/dues", Label: "nav.dues"},
		{Path: "/membership/profile", Label: "profile.title"},
		{Path: "/directory", Label: "nav.directory"},
		{Path: "/account", Label: "nav.account"},
	}},
	{Key: "board", Label: "nav.area.board", Pages: []navPage{
		{Path: "/board/members", Label: "nav.roster"},
		{Path: "/board/applications", Label: "nav.applications"},
		{Path: "/board/import", Label: "nav.import"},
		{Path: "/board/mandates", Label: "nav.mandates"},
		{Path: "/board/declaration", Label: "nav.declaration"},
		{Path: "/board/statutes", Label: "nav.statutes_versions"},
		{Path: "/board/mail", Label: "nav.mail"},
	}},
	{Key: "treasury", Label: "nav.treasurer", Pages: []navPage{
		{Path: "/treasurer", Label: "nav.treasurer_dashboard"},
		{Path: "/treasurer/arrears", Label: "treasurer.arrears"},
		{Path: "/treasurer/member", Label: "treasurer.member"},
	}},
	{Key: "admin", Label: "nav.area.admin", Pages: []navPage{
		{Path: "/admin/association", Label: "nav.association"},
		{Path: "/admin/users", Label: "nav.users"},
		{Path: "/admin/jobs", Label: "nav.jobs"},
	}},
}

// navLink is a link of the menu as one viewer sees it on one page.
type navLink struct {
	Path    string
	Label   string
	Current bool // the page shown is this link's (or one under it)
}

// navGroup is an area as one viewer sees it: the links they may follow.
// A group without Key is a single public link.
type navGroup struct {
	Key     string
	Label   string
	Links   []navLink
	Current bool // the page shown belongs to this area
}

// mayOpen reports whether the viewer may open a page of the site, by its
// path, as the route table says; a path the table lacks is closed.
func (s *Server) mayOpen(v *viewer, path string) bool {
	a, ok := s.pages[worklist.PathOf(path)]
	return ok && s.mayFollow(v, a)
}

// navigationFor builds the menu a viewer may follow, with the page at path
// and its area marked. The current page is the link whose path is the
// longest prefix of path ("/board/members/42" is the roster's, not the
// public board page's).
func (s *Server) navigationFor(v *viewer, path string) (groups []navGroup, area *navGroup) {
	best := ""
	for _, a := range navigation {
		for _, p := range a.Pages {
			if (p.VisitorsOnly && v.SignedIn()) || !s.mayOpen(v, p.Path) {
				continue
			}
			if under(path, p.Path) && len(p.Path) > len(best) {
				best = p.Path
			}
		}
	}
	for _, a := range navigation {
		g := navGroup{Key: a.Key, Label: a.Label}
		for _, p := range a.Pages {
			if (p.VisitorsOnly && v.SignedIn()) || !s.mayOpen(v, p.Path) {
				continue
			}
			l := navLink{Path: p.Path, Label: p.Label, Current: p.Path == best}
			g.Current = g.Current || l.Current
			g.Links = append(g.Links, l)
		}
		if len(g.Links) > 0 {
			groups = append(groups, g)
		}
	}
	for i := range groups {
		if groups[i].Current && groups[i].Key != "" {
			area = &groups[i]
		}
	}
	return groups, area
}

// under reports whether path is the page at base or one beneath it.
func under(path, base string) bool {
	if base == "/" {
		return path == "/"
	}
	return path == base || strings.HasPrefix(path, base+"/")
}
