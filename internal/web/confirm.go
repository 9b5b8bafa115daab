package web

import (
	"html"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/members"
)

// Irreversible actions (erasing a member's data, ending a mandate, opening
// a dues period…) are asked about before they are done, in one pattern:
//
//   - The handler of the action acts only when the form carries the
//     confirmation field (confirmedField). A post without it, from a
//     browser without scripts or from a one-click form, gets the
//     confirmation page instead: what will happen, with the service's real
//     figures, the form's values carried again, the real submit button and
//     a way back.
//   - The page holding the form renders the same text onto its submit
//     button (confirmation.Attrs), so that majlis.js can ask in a <dialog>
//     without another request and then submit with the confirmation field.
//
// Every check of permission and input stays in the handler and the
// service: the confirmation only adds a step.

// confirmedField is the form field that says a person confirmed the action.
const confirmedField = "confirmed"

// confirmed reports whether the request carries the explicit confirmation.
func confirmed(c *fiber.Ctx) bool { return c.FormValue(confirmedField) == "yes" }

// confirmation says what an irreversible action will do, in the page's
// language, and how to do it.
type confirmation struct {
	// Title is the question ("Ouvrir la période 2027 ?").
	Title string
	// Message is what will happen, with the figures.
	Message string
	// Submit labels the button that acts; Cancel the way back.
	Submit, Cancel string
	// Action is where the confirmed form posts; Back where cancelling leads.
	Action, Back string
	// Fields are the form's values, posted again with the confirmation.
	Fields []hiddenField
	// OnlyIf, when set, limits the dialog to a form whose field of that
	// name still holds that value (the text was computed for it): any
	// other value goes through the confirmation page, which computes again.
	OnlyIf *hiddenField
}

// hiddenField is one form value carried through the confirmation.
type hiddenField struct{ Name, Value string }

// newConfirmation prepares a confirmation whose texts are translated on p.
func newConfirmation(p *page, action, back, titleKey, messageKey, submitKey string, data map[string]any) confirmation {
	if p.Dir == "rtl" {
		// Names, numbers, emails and amounts keep their own direction
		// inside a right-to-left sentence (the dialog shows plain text,
		// so Unicode isolates stand for <bdi>).
		for k, v := range data {
			if s, ok := v.(string); ok {
				data[k] = "\u2068" + s + "\u2069"
			}
		}
	}
	return confirmation{
		Title: p.T(titleKey, data), Message: p.T(messageKey, data),
		Submit: p.T(submitKey), Cancel: p.T("confirm.cancel"),
		Action: action, Back: back,
	}
}

// carry adds the named form values of the request to the confirmation.
func (cf confirmation) carry(c *fiber.Ctx, names ...string) confirmation {
	for _, n := range names {
		cf.Fields = append(cf.Fields, hiddenField{Name: n, Value: strings.Clone(c.FormValue(n))})
	}
	return cf
}

// Attrs renders the confirmation as data attributes of the submit button
// that starts the action, for the dialog of majlis.js.
func (cf confirmation) Attrs() template.HTMLAttr {
	var b strings.Builder
	attr := func(name, value string) {
		b.WriteString(" data-confirm-" + name + `="` + html.EscapeString(value) + `"`)
	}
	attr("title", cf.Title)
	attr("message", cf.Message)
	attr("submit", cf.Submit)
	attr("cancel", cf.Cancel)
	if cf.OnlyIf != nil {
		attr("field", cf.OnlyIf.Name)
		attr("value", cf.OnlyIf.Value)
	}
	// The attribute values are escaped above; the names are constants.
	return template.HTMLAttr(strings.TrimSpace(b.String())) // #nosec G203
}

type confirmView struct {
	*page
	Confirm confirmation
}

// askToConfirm renders the confirmation page of an action, in place of the
// action.
func (s *Server) askToConfirm(c *fiber.Ctx, p *page, cf confirmation) error {
	p.Title = "confirm.page_title"
	return s.render(c, fiber.StatusOK, "confirm/confirm", &confirmView{page: p, Confirm: cf})
}

// The confirmations of this package's irreversible actions. Each is built
// once, for both the page holding the form (the dialog's text) and the
// confirmation page.

// erasureConfirmation asks before erasing a former member's personal data.
func erasureConfirmation(p *page, m *ent.Member) confirmation {
	number := ""
	if m.Number != nil {
		number = *m.Number
	}
	data := map[string]any{"Name": members.DisplayName(m), "Number": number}
	return newConfirmation(p, "/board/members/"+strconv.Itoa(m.ID)+"/anonymise", "/board/members/"+strconv.Itoa(m.ID),
		"confirm.erasure_title", "confirm.erasure_message", "confirm.erasure_submit", data)
}

// mandateEndConfirmation asks before ending a mandate on a day.
func mandateEndConfirmation(p *page, m *ent.Mandate, position string, on time.Time) confirmation {
	data := map[string]any{"Name": members.DisplayName(m.Edges.Member), "Position": position, "Date": p.Date(on)}
	return newConfirmation(p, "/board/mandates/"+strconv.Itoa(m.ID)+"/end", "/board/mandates",
		"confirm.mandate_end_title", "confirm.mandate_end_message", "confirm.mandate_end_submit", data)
}

// disableConfirmation asks before disabling an account.
func disableConfirmation(p *page, u *ent.User) confirmation {
	name := u.DisplayName
	if name == "" {
		name = u.Email
	}
	data := map[string]any{"Name": name, "Email": u.Email}
	return newConfirmation(p, "/admin/users/"+strconv.Itoa(u.ID)+"/disable", "/admin/users",
		"confirm.disable_title", "confirm.disable_message", "confirm.disable_submit", data)
}

// rejectionConfirmation asks before turning an application down.
func rejectionConfirmation(p *page, m *ent.Member) confirmation {
	data := map[string]any{"Name": members.DisplayName(m)}
	return newConfirmation(p, "/board/applications/"+strconv.Itoa(m.ID)+"/reject", "/board/applications/"+strconv.Itoa(m.ID),
		"confirm.rejection_title", "confirm.rejection_message", "confirm.rejection_submit", data)
}
