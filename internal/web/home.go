package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/internal/worklist"
)

type homeView struct {
	*page
	// SetupNeeded asks an administrator to enter the association's identity
	// on a new installation.
	SetupNeeded bool
	// Work is what waits for the signed-in person, each item linking to a
	// page they may open.
	Work []worklist.Item
}

// WorkText words one of an item's messages (its label or detail) in the
// page's language, with the item's count, amount, date and horizon
// formatted for it.
func (v *homeView) WorkText(it worklist.Item, key string) string {
	data := map[string]any{"Count": it.Count, "Days": it.Days}
	// Amounts and dates are isolated (FSI … PDI), as <bdi> would, so that
	// in an Arabic sentence they neither reverse nor take the punctuation.
	if it.Currency != "" {
		data["Amount"] = isolate(v.Money(it.Amount, it.Currency))
	}
	if !it.Date.IsZero() {
		data["Date"] = isolate(v.Date(it.Date))
	}
	return v.T(key, data)
}

// Greeting is how the signed-in person is named at the top of the page.
func (v *homeView) Greeting() string {
	if v.User == nil {
		return ""
	}
	name := v.User.DisplayName
	if name == "" {
		name = v.User.Email
	}
	return v.T("home.greeting", "Name", name)
}

// showHome presents the association to a visitor, with the way to join;
// to a signed-in person it lists what waits for them.
func (s *Server) showHome(c *fiber.Ctx) error {
	p := s.newPage(c, "home.title")
	v := viewerOf(c)
	vm := &homeView{page: p, SetupNeeded: p.Association == nil && s.Enforcer.Allowed(v.Roles, "association:update")}
	if v.SignedIn() && s.Worklist != nil {
		var err error
		vm.Work, err = s.Worklist.For(c.UserContext(), worklist.Person{UserID: v.User.ID,
			May: func(path string) bool { return s.mayOpen(v, path) }})
		if err != nil {
			return err
		}
	}
	return s.render(c, fiber.StatusOK, "home/index", vm)
}

// isolate wraps a value in Unicode's first-strong isolate marks.
func isolate(s string) string { return "\u2068" + s + "\u2069" }
