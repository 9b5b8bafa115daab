package web

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/authz"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/members/statusset"
)

var rosterStatuses = []members.Status{members.Active, members.Lapsed, members.Suspended, members.Resigned, members.Excluded, members.Deceased}

type rosterView struct {
	*page
	Query      members.RosterQuery
	Result     members.RosterPage
	Statuses   []members.Status
	Categories []members.CategoryOption
	// Selected marks the statuses of the filter.
	Selected map[members.Status]bool
	// Base is the query string of the filter without the page, for links.
	// It is url.Values.Encode's output, so already escaped for a URL: the
	// template must not escape it again ("&" would become "%26").
	Base template.URL
	// MayUpdate and MayExport offer the bulk actions.
	MayUpdate, MayExport bool
	// Bulk is the bulk form being corrected, if any.
	Bulk bulkForm
}

type bulkForm struct {
	IDs                         map[int]bool
	Category, Reason, Reference string
}

// RowName is a member's name as the roster lists it (last name first), or
// what stands for it once the name is erased.
func (v *rosterView) RowName(m *ent.Member) string {
	if name, erased := anonymisedName(v.page, m); erased {
		return name
	}
	if m.Kind == member.KindOrganisation {
		return m.OrganisationName
	}
	return strings.TrimSpace(m.LastName + " " + m.FirstName)
}

// NoMatch says that a search or a filter found nobody (the whole roster
// empty is not a search without result).
func (v *rosterView) NoMatch() bool {
	q := v.Query
	return v.Result.Total == 0 && (q.Search != "" || len(q.Status) > 0 || q.Category != "" || q.JoinedYear > 0 || q.Standing != "")
}

// anonymisedName is "Membre anonymisé OMSN-00042" for a member whose
// personal data was erased.
func anonymisedName(p *page, m *ent.Member) (string, bool) {
	if m.AnonymisedAt == nil {
		return "", false
	}
	number := ""
	if m.Number != nil {
		number = *m.Number
	}
	return p.T("member.anonymised_name", "Number", number), true
}

// CategoryName names a category code in the page's language.
func (v *rosterView) CategoryName(code string) string {
	for _, c := range v.Categories {
		if c.Code == code {
			return c.Name(v.Lang)
		}
	}
	return code
}

// rosterQuery reads the roster's filter from the query string; names are
// sorted as the page's language sorts them.
func (s *Server) rosterQuery(c *fiber.Ctx) members.RosterQuery {
	q := members.RosterQuery{
		Lang:     s.translator(c).Code,
		Search:   strings.Clone(c.Query("q")),
		Category: strings.Clone(c.Query("category")),
		Sort:     strings.Clone(c.Query("sort")),
		Desc:     c.Query("desc") == "1",
		Page:     c.QueryInt("page", 1),
		PerPage:  c.QueryInt("per_page", members.DefaultPerPage),
	}
	q.JoinedYear, _ = strconv.Atoi(c.Query("year"))
	switch st := c.Query("standing"); st {
	case members.StandingGood, members.StandingBehind:
		q.Standing = st
	}
	args := c.Context().QueryArgs()
	for _, v := range args.PeekMulti("status") {
		st := members.Status(v)
		for _, known := range rosterStatuses {
			if st == known {
				q.Status = append(q.Status, st)
			}
		}
	}
	return q
}

// rosterFilter writes a roster query back as a query string.
type rosterFilter struct{ members.RosterQuery }

func (q rosterFilter) encode() string {
	v := url.Values{}
	if q.Search != "" {
		v.Set("q", q.Search)
	}
	for _, s := range q.Status {
		v.Add("status", string(s))
	}
	if q.Category != "" {
		v.Set("category", q.Category)
	}
	if q.Standing != "" {
		v.Set("standing", q.Standing)
	}
	if q.JoinedYear > 0 {
		v.Set("year", strconv.Itoa(q.JoinedYear))
	}
	if q.Sort != "" {
		v.Set("sort", q.Sort)
	}
	if q.Desc {
		v.Set("desc", "1")
	}
	return v.Encode()
}

// showRoster lists the members with search, filters, sorting and pages.
func (s *Server) showRoster(c *fiber.Ctx) error {
	vm, err := s.rosterView(c)
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if len(vm.Errors) > 0 {
		status = fiber.StatusUnprocessableEntity
	}
	return s.render(c, status, "board/roster", vm)
}

func (s *Server) rosterView(c *fiber.Ctx) (*rosterView, error) {
	q := s.rosterQuery(c)
	res, err := s.Members.Roster(c.UserContext(), q)
	verr, refused := apperr.AsValidation(err)
	if refused {
		// A refused search lists nobody and says why at its box.
		q.Search, q.Category = "", ""
		res = members.RosterPage{Members: []*ent.Member{}, Page: 1, PerPage: members.DefaultPerPage}
	} else if err != nil {
		return nil, err
	}
	cats, err := s.Members.CategoryOptions(c.UserContext())
	if err != nil {
		return nil, err
	}
	sel := map[members.Status]bool{}
	for _, st := range q.Status {
		sel[st] = true
	}
	roles := viewerOf(c).Roles
	vm := &rosterView{
		page: s.newPage(c, "roster.title"), Query: q, Result: res, Statuses: rosterStatuses,
		Categories: cats, Selected: sel, Base: template.URL(rosterFilter{q}.encode()),
		MayUpdate: s.Enforcer.Allowed(roles, "roster:update"), MayExport: s.Enforcer.Allowed(roles, "roster:export"),
	}
	if refused {
		vm.setFieldErrors(verr)
	}
	return vm, nil
}

// selectedIDs reads the members ticked on the roster.
func selectedIDs(c *fiber.Ctx) []int {
	var ids []int
	for _, v := range c.Request().PostArgs().PeekMulti("id") {
		if id, err := strconv.Atoi(string(v)); err == nil && id > 0 {
			ids = append(ids, id)
		}
	}
	return ids
}

// changeCategoryInBulk moves the members ticked on the roster to another
// category. The roster's filter travels in the form's action, so a
// correction re-renders the same page with the same members ticked.
func (s *Server) changeCategoryInBulk(c *fiber.Ctx) error {
	ids := selectedIDs(c)
	form := bulkForm{IDs: map[int]bool{}, Category: strings.Clone(c.FormValue("category_to")),
		Reason: strings.Clone(strings.TrimSpace(c.FormValue("reason"))), Reference: strings.Clone(strings.TrimSpace(c.FormValue("reference")))}
	for _, id := range ids {
		form.IDs[id] = true
	}
	_, err := s.Members.ChangeCategory(c.UserContext(), members.CategoryChange{MemberIDs: ids, Category: form.Category,
		Decision: members.Decision{ActorID: viewerOf(c).User.ID, Reason: form.Reason, Reference: form.Reference}})
	if verr, ok := apperr.AsValidation(err); ok {
		vm, err := s.rosterView(c)
		if err != nil {
			return err
		}
		vm.setFieldErrors(verr)
		vm.Bulk = form
		return s.render(c, fiber.StatusUnprocessableEntity, "board/roster", vm)
	}
	if err != nil {
		return err
	}
	to := "/board/members"
	if q := string(c.Request().URI().QueryString()); q != "" {
		to += "?" + q
	}
	return s.redirectWithFlash(c, to, "success", "flash.category_changed")
}

// exportSelection downloads the members ticked on the roster, as CSV or
// as a workbook (?format=xlsx).
func (s *Server) exportSelection(c *fiber.Ctx) error {
	ids := selectedIDs(c)
	if len(ids) == 0 {
		vm, err := s.rosterView(c)
		if err != nil {
			return err
		}
		vm.setFieldErrors(apperr.Invalid("ids", "roster.error.none_selected", nil))
		return s.render(c, fiber.StatusUnprocessableEntity, "board/roster", vm)
	}
	ms, err := s.Members.Selection(c.UserContext(), ids)
	if err != nil {
		return err
	}
	return s.writeRoster(c, func(fn func(*ent.Member) error) error {
		for _, m := range ms {
			if err := fn(m); err != nil {
				return err
			}
		}
		return nil
	})
}

// exportRoster downloads the filtered roster: CSV streamed (UTF-8 with a
// byte-order mark, so Excel and LibreOffice read accents and Arabic
// correctly) or a workbook (/board/members.xlsx).
func (s *Server) exportRoster(c *fiber.Ctx) error {
	q := s.rosterQuery(c)
	if err := q.Validate(); err != nil {
		// A refused search exports nothing: the roster says why at its box.
		vm, err := s.rosterView(c)
		if err != nil {
			return err
		}
		return s.render(c, fiber.StatusUnprocessableEntity, "board/roster", vm)
	}
	// The body is streamed after the handler returns: take the context now.
	ctx := c.UserContext()
	return s.writeRoster(c, func(fn func(*ent.Member) error) error { return s.Members.EachInRoster(ctx, q, fn) })
}

// writeRoster writes the members each yields as the roster's export, CSV
// or workbook as the request asks (exportFormat).
func (s *Server) writeRoster(c *fiber.Ctx, each func(func(*ent.Member) error) error) error {
	names, err := s.categoryNames(c)
	if err != nil {
		return err
	}
	tr := s.translator(c)
	return s.sendExport(c, exportFormat(c), export{
		File: "roster-" + time.Now().UTC().Format("2006-01-02"), Sheet: "nav.roster",
		Columns: []exportColumn{
			{Header: "membership.number"}, {Header: "treasury.column.member_kind", Width: 14},
			{Header: "treasury.column.last_name", Width: 18}, {Header: "treasury.column.first_name", Width: 18},
			{Header: "treasury.column.organisation", Width: 24}, {Header: "treasury.column.representative", Width: 22},
			{Header: "treasury.column.email", Width: 28}, {Header: "treasury.column.phone", Width: 18},
			{Header: "treasury.column.city", Width: 14}, {Header: "membership.category", Width: 22},
			{Header: "membership.status", Width: 18}, {Header: "treasury.column.joined_on", Kind: dateCell, Width: 12},
		},
		Fill: func(w exportRows) error {
			return each(func(m *ent.Member) error {
				var joined time.Time
				if m.JoinedOn != nil {
					joined = *m.JoinedOn
				}
				number := ""
				if m.Number != nil {
					number = *m.Number
				}
				return w.Row(number, tr.T("treasury.member_kind."+string(m.Kind)), m.LastName, m.FirstName, m.OrganisationName,
					m.RepresentativeName, m.Email, m.Phone, m.City, names.CategoryName(m.Category), tr.T("member_status."+string(m.Status)), joined)
			})
		},
	})
}

type memberView struct {
	*page
	positionTitles
	Member    *ent.Member
	Name      string
	History   []*ent.MemberEvent
	Targets   []members.Status
	MayUpdate bool
	// MayAnonymise offers to anonymise a former member not yet anonymised;
	// ErasureConfirm asks before it, ErasureReason and ErasureReference
	// keep what was typed.
	MayAnonymise                    bool
	ErasureConfirm                  confirmation
	ErasureReason, ErasureReference string
	Form                            statusForm
	// Messages are the mails sent to the member, newest first.
	Messages []*ent.MailMessage
	// Identity fills the identity form; BirthDate is its date text.
	Identity  members.Identity
	BirthDate string
	// Category names the member's category in the page's language.
	Category string
	// Mandates are all the member's mandates, newest first; Holding those
	// held today or due, which a decision taking rights away ends.
	Mandates, Holding []*ent.Mandate
	// HoldingPositions names the positions of Holding, for the form.
	HoldingPositions string
	// MayChangeEmail is false when the address is reserved to the holders
	// of mandate:manage (EmailReserved) and the viewer is not one.
	MayChangeEmail, EmailReserved bool
	// MayInvite offers the invitation (to a current member without a
	// sign-in); InviteReserved explains why a board member who may update
	// the roster is not offered it.
	MayInvite, InviteReserved bool
	// DecisionsReserved says that some changes of status are left out of
	// the form because they are the deciding offices' to record.
	DecisionsReserved bool
	// Anonymised is set once the member's personal data is erased: the
	// page then offers nothing to edit.
	Anonymised bool
}

type statusForm struct {
	To, Reason, Reference, HeardOn string
	EndMandates                    bool
}

// showMember shows one member to the board, with history and, for those who
// may, the form to change their status.
func (s *Server) showMember(c *fiber.Ctx) error {
	vm, err := s.memberView(c)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "board/member", vm)
}

func (s *Server) memberView(c *fiber.Ctx) (*memberView, error) {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return nil, fiber.ErrNotFound
	}
	m, err := s.Members.Get(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	h, err := s.Members.History(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	roles := viewerOf(c).Roles
	mayDecide := s.Enforcer.Allowed(roles, authz.DecideStatus)
	var targets []members.Status
	reservedLeftOut := false
	for _, st := range rosterStatuses {
		if !members.CanChange(members.Status(m.Status), st) {
			continue
		}
		if members.NeedsBoardDecision(members.Status(m.Status), st) && !mayDecide {
			reservedLeftOut = true
			continue
		}
		targets = append(targets, st)
	}
	var messages []*ent.MailMessage
	if s.Enforcer.Allowed(viewerOf(c).Roles, "mail:read") {
		if messages, err = s.Mailer.Log(c.UserContext(), mail.LogQuery{MemberID: id, Limit: 50}); err != nil {
			return nil, err
		}
	}
	vm := &memberView{page: s.newPage(c, "member.title"), Member: m, Name: members.DisplayName(m), History: h,
		Targets: targets, MayUpdate: s.Enforcer.Allowed(viewerOf(c).Roles, "roster:update"), Messages: messages,
		Identity: members.IdentityOf(m)}
	if name, erased := anonymisedName(vm.page, m); erased {
		// Nothing is left to correct, decide or invite: the services
		// refuse it, so the page does not offer it.
		vm.Name, vm.Anonymised, vm.MayUpdate, vm.Targets = name, true, false, nil
	}
	vm.MayAnonymise = vm.MayUpdate && members.Final(members.Status(m.Status)) && m.AnonymisedAt == nil
	if vm.MayAnonymise {
		vm.ErasureConfirm = erasureConfirmation(vm.page, m)
	}
	if m.BirthDate != nil {
		vm.BirthDate = m.BirthDate.Format(time.DateOnly)
	}
	if err := s.officeRules(c, vm, mayDecide, reservedLeftOut); err != nil {
		return nil, err
	}
	if vm.Category, err = s.categoryName(c, vm.Lang, m.Category); err != nil {
		return nil, err
	}
	return vm, nil
}

// officeRules fills what the member page offers depending on the offices
// involved: the member's mandates, whether the viewer may change their
// email or invite them, and the confirmation that a decision ends them.
// The services decide; the page only leaves out what they would refuse.
func (s *Server) officeRules(c *fiber.Ctx, vm *memberView, mayDecide, reservedLeftOut bool) error {
	ctx := c.UserContext()
	m := vm.Member
	var err error
	if vm.Mandates, err = s.Board.MandatesOf(ctx, m.ID); err != nil {
		return err
	}
	if vm.Holding, err = s.Board.MandatesFrom(ctx, m.ID, time.Now().UTC().Truncate(24*time.Hour)); err != nil {
		return err
	}
	if vm.positionTitles, err = s.positionTitles(c); err != nil {
		return err
	}
	names := make([]string, len(vm.Holding))
	for i, md := range vm.Holding {
		names[i] = vm.PositionTitle(md)
	}
	vm.HoldingPositions = strings.Join(names, ", ")
	mayManage := s.Enforcer.Allowed(viewerOf(c).Roles, authz.ManageMandates)
	if vm.EmailReserved, err = s.Members.EmailChangeReserved(ctx, m); err != nil {
		return err
	}
	vm.MayChangeEmail = vm.MayUpdate && (!vm.EmailReserved || mayManage)
	// An account is created for a member who has none and still belongs.
	invitable := m.UserID == nil && statusset.Current.Has(m.Status)
	if vm.MayUpdate && invitable {
		reserved, err := s.Links.InviteReserved(ctx, m.ID)
		if err != nil {
			return err
		}
		vm.MayInvite = !reserved || mayManage
		vm.InviteReserved = reserved && !mayManage
	}
	vm.DecisionsReserved = vm.MayUpdate && reservedLeftOut && !mayDecide
	return nil
}

// updateMemberIdentity records the board's correction of a member's
// identity (names, contact, the declaration's fields).
func (s *Server) updateMemberIdentity(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	f := func(n string) string { return strings.Clone(c.FormValue(n)) }
	in := members.Identity{FirstName: f("first_name"), LastName: f("last_name"), OrganisationName: f("organisation_name"),
		RepresentativeName: f("representative_name"), Email: f("email"), Phone: f("phone"), Address: f("address"),
		City: f("city"), Nationality: f("nationality"), BirthPlace: f("birth_place"), Profession: f("profession")}
	birth := strings.TrimSpace(f("birth_date"))
	var dateErr bool
	if birth != "" {
		if t, perr := time.Parse(time.DateOnly, birth); perr == nil {
			in.BirthDate = &t
		} else {
			dateErr = true
		}
	}
	d := members.Decision{ActorID: viewerOf(c).User.ID, Reason: f("identity_reason"), Reference: f("identity_reference")}
	if dateErr {
		err = apperr.Invalid("birth_date", "error.date_invalid", nil)
	} else {
		err = s.Members.UpdateIdentity(c.UserContext(), id, in, d)
	}
	if verr, ok := apperr.AsValidation(err); ok {
		vm, err := s.memberView(c)
		if err != nil {
			return err
		}
		vm.setFieldErrors(verr)
		if msg, ok := vm.Errors["reason"]; ok {
			vm.Errors["identity_reason"] = msg
			delete(vm.Errors, "reason")
		}
		vm.Identity, vm.BirthDate = in, birth
		return s.render(c, fiber.StatusUnprocessableEntity, "board/member", vm)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/board/members/"+strconv.Itoa(id), "success", "flash.identity_saved")
}

// inviteMember creates a member's sign-in account and mails them the link
// to choose their password.
func (s *Server) inviteMember(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	err = s.Links.Invite(c.UserContext(), viewerOf(c).User.ID, id)
	if verr, ok := apperr.AsValidation(err); ok {
		vm, err := s.memberView(c)
		if err != nil {
			return err
		}
		vm.setFieldErrors(verr)
		return s.render(c, fiber.StatusUnprocessableEntity, "board/member", vm)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/board/members/"+strconv.Itoa(id), "success", "flash.member_invited")
}

// changeMemberStatus records a board decision on a member's status.
func (s *Server) changeMemberStatus(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	f := statusForm{To: strings.Clone(c.FormValue("to")), Reason: strings.Clone(c.FormValue("reason")),
		Reference: strings.Clone(c.FormValue("reference")), HeardOn: strings.Clone(c.FormValue("heard_on")),
		EndMandates: c.FormValue("end_mandates") == "1"}
	change := members.StatusChange{To: members.Status(f.To), EndMandates: f.EndMandates,
		Decision: members.Decision{ActorID: viewerOf(c).User.ID, Reason: f.Reason, Reference: f.Reference}}
	err = nil
	if f.HeardOn != "" {
		d, perr := time.Parse(time.DateOnly, f.HeardOn)
		if perr != nil {
			err = apperr.Invalid("heard_on", "error.date_invalid", nil)
		}
		change.HeardOn = &d
	}
	if err == nil {
		err = s.Members.ChangeStatus(c.UserContext(), id, change)
	}
	if verr, ok := apperr.AsValidation(err); ok {
		vm, verr2 := s.memberView(c)
		if verr2 != nil {
			return verr2
		}
		vm.setFieldErrors(verr)
		vm.Form = f
		return s.render(c, fiber.StatusUnprocessableEntity, "board/member", vm)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/board/members/"+strconv.Itoa(id), "success", "flash.status_changed")
}

// anonymiseMember erases a former member's personal data at their request.
func (s *Server) anonymiseMember(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	d := members.Decision{ActorID: viewerOf(c).User.ID, Reason: strings.Clone(c.FormValue("reason")),
		Reference: strings.Clone(c.FormValue("reference"))}
	if confirmed(c) {
		err = s.Members.Anonymise(c.UserContext(), id, d)
	} else if m, cerr := s.Members.CheckErasure(c.UserContext(), id, d); cerr == nil {
		p := s.newPage(c, "")
		return s.askToConfirm(c, p, erasureConfirmation(p, m).carry(c, "reason", "reference"))
	} else {
		err = cerr
	}
	if verr, ok := apperr.AsValidation(err); ok {
		vm, verr2 := s.memberView(c)
		if verr2 != nil {
			return verr2
		}
		vm.setFieldErrors(verr)
		vm.ErasureReason, vm.ErasureReference = d.Reason, d.Reference
		return s.render(c, fiber.StatusUnprocessableEntity, "board/member", vm)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/board/members/"+strconv.Itoa(id), "success", "flash.member_anonymised")
}
