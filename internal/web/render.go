package web

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/i18n"
	"github.com/omsn/majlis/internal/i18n/localefmt"
)

// page is what every view receives: the layout's data, and the messages of
// the view's form fields. Each view's model embeds it.
type page struct {
	layout
	// Errors holds translated messages per form field.
	Errors map[string]string
}

// layout is the data of the base layout (views/layouts/base.html): the
// language, the viewer, the navigation they may follow, the CSRF token, a
// flash message. The layout reads it only as .Layout.…, and the asset URLs
// and the application's version only through template functions, so a view
// model's own fields (a statutes page's Version, say) can never change the
// page's head, navigation or footer. Views may read these fields directly
// (.CSRF, .Lang, .T), since page embeds layout.
type layout struct {
	tr        *i18n.Translator
	Title     string // translation key of the page title
	Lang      string
	Dir       string
	Languages []i18n.Language
	User      *ent.User
	// Nav is the menu, area by area; Area is the current page's area, whose
	// pages the layout also lists under the header.
	Nav   []navGroup
	Area  *navGroup
	CSRF  string
	Flash *flash
	Path  string
	// Here is the page's path with its query string, where the language
	// switch returns (a filtered roster keeps its filter, a comparison its
	// two versions). A page answering a form shows its path only: the
	// form's values are not in the URL.
	Here string
	// Association is nil until the installation is set up.
	Association *ent.Association
	// associationErr is why the association could not be read, other than
	// its absence: render refuses to show a page that would name the wrong
	// issuer rather than hide the database's error.
	associationErr error
	// RefreshSeconds, if set, has the browser reload the page (a long task's
	// progress, without a script).
	RefreshSeconds int
}

// Layout is the layout's namespace: the only name by which the base layout
// reaches the view model. No view model may declare a field or method of
// that name (a test checks it).
func (p *page) Layout() *layout { return &p.layout }

// layoutFailed is the error that kept the layout from being built.
func (l *layout) layoutFailed() error { return l.associationErr }

// layoutFuncs are the template functions of the layout: what is the same
// on every page of this running version, and so is not page data at all.
func layoutFuncs(version string) map[string]any {
	return map[string]any{
		// asset is the URL of a static file, with the version to bust caches.
		"asset": func(path string) string {
			return "/static/" + strings.TrimPrefix(path, "/") + "?v=" + url.QueryEscape(version)
		},
		"appVersion": func() string { return version },
	}
}

// T translates a key in the page's language.
func (p *layout) T(key string, args ...any) string { return p.tr.T(key, args...) }

// AssociationName returns the association's name in the page's language,
// falling back to French.
func (p *layout) AssociationName() string {
	a := p.Association
	if a == nil {
		return "Majlis"
	}
	return pick(p.Lang, a.NameFr, a.NameAr, a.NameEn)
}

// AssociationShortName is the short name (acronym) in the page's language.
func (p *layout) AssociationShortName() string {
	a := p.Association
	if a == nil {
		return "Majlis"
	}
	return pick(p.Lang, a.ShortNameFr, a.ShortNameAr, a.ShortNameEn)
}

// AssociationPurpose is the association's purpose in the page's language.
func (p *layout) AssociationPurpose() string {
	a := p.Association
	if a == nil {
		return ""
	}
	return pick(p.Lang, a.PurposeFr, a.PurposeAr, a.PurposeEn)
}

// Label translates a rule's label, its parts joined from the general to
// the particular.
func (p *page) Label(parts []apperr.Message) string {
	out := make([]string, len(parts))
	for i, m := range parts {
		out[i] = p.tr.T(m.Key, m.Data)
	}
	return strings.Join(out, " › ")
}

// RuleValue translates a rule's value for display.
func (p *page) RuleValue(v governance.Value) string {
	if v.Key != "" {
		return p.tr.T(v.Key)
	}
	return v.Text
}

// Date writes a day as a sentence does, in the page's language
// ("3 décembre 2026"). Like every value helper below, its result is
// isolated in Arabic pages (localefmt.Isolate), so it keeps its order
// beside its label, even inside a translated sentence or an attribute.
func (p *layout) Date(t time.Time) string { return p.isolate(localefmt.Date(t, p.Lang)) }

// TableDate writes a day compactly, for table cells and lists ("03/12/2026").
func (p *layout) TableDate(t time.Time) string { return p.isolate(localefmt.TableDate(t, p.Lang)) }

// DateTime writes a moment to the minute as a sentence does
// ("3 décembre 2026 à 14:05").
func (p *layout) DateTime(t time.Time) string { return p.isolate(localefmt.DateTime(t, p.Lang)) }

// TableDateTime writes a moment to the minute for table cells
// ("03/12/2026 14:05").
func (p *layout) TableDateTime(t time.Time) string {
	return p.isolate(localefmt.TableDateTime(t, p.Lang))
}

// Int writes a whole number with the language's grouping ("1 234").
func (p *layout) Int(n any) string {
	switch v := n.(type) {
	case int:
		return p.isolate(localefmt.Int(int64(v), p.Lang))
	case int64:
		return p.isolate(localefmt.Int(v, p.Lang))
	case int32:
		return p.isolate(localefmt.Int(int64(v), p.Lang))
	case uint:
		return p.isolate(localefmt.Int(int64(v), p.Lang))
	case float64:
		return p.isolate(localefmt.Decimal(v, 0, p.Lang))
	}
	return p.isolate(fmt.Sprint(n))
}

// Percent writes a value counted in per cent, as the services compute rates
// (79.4), with the language's sign and spacing ("79,4 %").
func (p *layout) Percent(perCent float64) string {
	return p.isolate(localefmt.Percent(perCent/100, p.Lang))
}

// Arrow points from an old value to a new one the reading way: → in
// left-to-right pages, ← in Arabic.
func (p *layout) Arrow() string {
	if p.Dir == "rtl" {
		return "←"
	}
	return "→"
}

func (p *layout) isolate(s string) string { return localefmt.Isolate(s, p.Lang) }

func pick(lang, fr, ar, en string) string {
	switch {
	case lang == "ar" && ar != "":
		return ar
	case lang == "en" && en != "":
		return en
	}
	return fr
}

// newPage builds the common part of a view for this request.
func (s *Server) newPage(c *fiber.Ctx, title string) *page {
	tr := s.translator(c)
	v := viewerOf(c)
	p := &page{layout: layout{
		tr: tr, Title: title, Lang: tr.Code, Dir: tr.Dir, Languages: i18n.Languages,
		User: v.User, CSRF: s.csrfFor(c), Flash: s.takeFlash(c), Path: c.Path(),
		Here: herePath(c),
	}}
	switch a, err := s.Association.Get(c.UserContext()); {
	case err == nil:
		p.Association = a
	case !errors.Is(err, apperr.ErrNotFound):
		p.associationErr = err
	}
	p.Nav, p.Area = s.navigationFor(v, c.Path())
	return p
}

// herePath is the request's path and, for a GET, its query string.
func herePath(c *fiber.Ctx) string {
	if c.Method() != fiber.MethodGet {
		return c.Path()
	}
	if q := c.Request().URI().QueryString(); len(q) > 0 {
		return c.Path() + "?" + string(q)
	}
	return c.Path()
}

func (s *Server) mayFollow(v *viewer, a access) bool {
	switch a.kind {
	case accessPublic:
		return true
	case accessSignedIn:
		return v.SignedIn()
	case accessPermission:
		return s.Enforcer.Allowed(v.Roles, a.perm)
	}
	return false
}

// setFieldErrors translates a validation error into the page's field
// messages.
func (p *page) setFieldErrors(v *apperr.ValidationError) {
	p.Errors = make(map[string]string, len(v.Fields))
	for f, m := range v.Fields {
		p.Errors[f] = p.tr.T(m.Key, m.Data)
	}
}

// render writes a view inside the base layout.
func (s *Server) render(c *fiber.Ctx, status int, name string, vm any) error {
	if f, ok := vm.(interface{ layoutFailed() error }); ok {
		if err := f.layoutFailed(); err != nil {
			return err
		}
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(status).Render(name, vm, "layouts/base")
}

// flash is a one-time message shown on the next page.
type flash struct {
	Kind string // success, error or info
	Key  string // translation key
}

const flashCookie = "majlis_flash"

// setFlash stores a message for the next page. Only translation keys travel
// in the cookie, and only known kinds and flash.* keys are shown, so a
// forged cookie cannot put text on the page.
func (s *Server) setFlash(c *fiber.Ctx, kind, key string) {
	c.Cookie(&fiber.Cookie{
		Name: flashCookie, Value: kind + ":" + key, Path: "/", HTTPOnly: true,
		Secure: s.Config.SecureCookies(), SameSite: fiber.CookieSameSiteLaxMode,
	})
}

func (s *Server) takeFlash(c *fiber.Ctx) *flash {
	raw := c.Cookies(flashCookie)
	if raw == "" {
		return nil
	}
	c.Cookie(&fiber.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(0, 0)})
	kind, key, ok := strings.Cut(raw, ":")
	if !ok || (kind != "success" && kind != "error" && kind != "info") || !strings.HasPrefix(key, "flash.") ||
		!s.I18n.Has(i18n.Default, key) {
		return nil
	}
	return &flash{Kind: kind, Key: key}
}

// redirectWithFlash sets a flash message and redirects (303, so a POST
// becomes a GET).
func (s *Server) redirectWithFlash(c *fiber.Ctx, to, kind, key string) error {
	s.setFlash(c, kind, key)
	return c.Redirect(to, fiber.StatusSeeOther)
}
