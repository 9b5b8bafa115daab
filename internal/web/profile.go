package web

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/members"
)

type profileView struct {
	*page
	Form members.Profile
}

// showProfile shows the member's own profile and consents for editing.
func (s *Server) showProfile(c *fiber.Ctx) error {
	m, err := s.Members.ForUser(c.UserContext(), viewerOf(c).User.ID)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "members/profile", &profileView{page: s.newPage(c, "profile.title"), Form: members.Profile{
		Phone: m.Phone, Address: m.Address, City: m.City, Profession: m.Profession,
		ConsentDirectory: m.ConsentDirectory, ConsentEmails: m.ConsentEmails,
	}})
}

// saveProfile records the member's own changes.
func (s *Server) saveProfile(c *fiber.Ctx) error {
	f := func(name string) string { return strings.Clone(c.FormValue(name)) }
	p := members.Profile{Phone: f("phone"), Address: f("address"), City: f("city"), Profession: f("profession"),
		ConsentDirectory: c.FormValue("consent_directory") == "1", ConsentEmails: c.FormValue("consent_emails") == "1"}
	err := s.Members.UpdateOwnProfile(c.UserContext(), viewerOf(c).User.ID, p)
	if verr, ok := apperr.AsValidation(err); ok {
		vm := &profileView{page: s.newPage(c, "profile.title"), Form: p}
		vm.setFieldErrors(verr)
		return s.render(c, fiber.StatusUnprocessableEntity, "members/profile", vm)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/membership", "success", "flash.profile_saved")
}

// ownData is the export of one's own data: what the members' domain holds,
// and the payments and receipts the dues domain holds.
type ownData struct {
	*members.PersonalData
	Payments []dues.ExportedPayment `json:"payments"`
}

// downloadOwnData sends everything Majlis holds about the signed-in person
// as JSON (right of access, law 09-08).
func (s *Server) downloadOwnData(c *fiber.Ctx) error {
	tr := s.translator(c)
	reader := members.Reader{Lang: tr.Code, T: tr.T}
	personal, err := s.Members.ExportOwnData(c.UserContext(), viewerOf(c).User.ID, reader)
	if err != nil {
		return err
	}
	data := ownData{PersonalData: personal, Payments: []dues.ExportedPayment{}}
	if personal.MemberID != 0 {
		if data.Payments, err = s.Dues.ExportOwnPayments(c.UserContext(), personal.MemberID, tr.T); err != nil {
			return err
		}
	}
	b, err := json.MarshalIndent(data, "", "  ")
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="my-data-`+time.Now().UTC().Format("2006-01-02")+`.json"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(b)
}

type directoryView struct {
	*page
	Search  string
	Members []*ent.Member
}

// showDirectory lists, to members only, the members who agreed to appear.
func (s *Server) showDirectory(c *fiber.Ctx) error {
	q := strings.Clone(c.Query("q"))
	list, err := s.Members.Directory(c.UserContext(), q)
	vm := &directoryView{page: s.newPage(c, "directory.title"), Search: q, Members: list}
	if verr, ok := apperr.AsValidation(err); ok {
		// The search is refused at its box; the value is not echoed back.
		vm.Search = ""
		vm.setFieldErrors(verr)
		return s.render(c, fiber.StatusUnprocessableEntity, "members/directory", vm)
	}
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "members/directory", vm)
}

// requestToLeave records the member's request to leave.
func (s *Server) requestToLeave(c *fiber.Ctx) error {
	if err := s.Members.RequestToLeave(c.UserContext(), viewerOf(c).User.ID, strings.Clone(c.FormValue("reason"))); err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/membership", "success", "flash.leave_requested")
}
