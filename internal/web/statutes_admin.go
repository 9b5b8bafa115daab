package web

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/statutesversion"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/statutes"
)

type versionsView struct {
	*page
	Versions   []*ent.StatutesVersion
	MayPropose bool
}

// listStatutesVersions shows every version of the statutes.
func (s *Server) listStatutesVersions(c *fiber.Ctx) error {
	list, err := s.Statutes.List(c.UserContext())
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "board/statutes", &versionsView{page: s.newPage(c, "statutes_admin.title"),
		Versions: list, MayPropose: s.Enforcer.Allowed(viewerOf(c).Roles, "statutes:propose")})
}

type draftForm struct {
	Title, TextFr, TextAr, TextEn, Rules string
	AdoptedOn, Reference                 string
}

type versionView struct {
	*page
	Version    *statutes.Version
	Form       draftForm
	MayPropose bool
	MayAdopt   bool
	// RuleErrors lists problems of the rules, each "field: message", the
	// field named by its label.
	RuleErrors []string
	// RuleForm lays out a draft's rules field by field.
	RuleForm []governance.FormGroup
}

// FieldDir is the writing direction of a rules form field: right to left
// for the Arabic names, left to right for codes, numbers and the rest.
func (v *versionView) FieldDir(name string) string {
	if strings.HasSuffix(name, ".ar") {
		return "rtl"
	}
	if strings.HasSuffix(name, ".fr") || strings.HasSuffix(name, ".en") {
		return "auto"
	}
	return "ltr"
}

// RuleList lists every rule of the version with its label, in reading
// order: the rules compared with none.
func (v *versionView) RuleList() []governance.Change {
	if v.Version == nil {
		return nil
	}
	return governance.Diff(governance.Rules{}, v.Version.Rules)
}

// newStatutesDraft shows a draft form prefilled with the version in force.
func (s *Server) newStatutesDraft(c *fiber.Ctx) error {
	vm := &versionView{page: s.newPage(c, "statutes_admin.new"), MayPropose: true}
	rules := governance.Rules{}
	if cur, err := s.Statutes.InForce(c.UserContext()); err == nil {
		vm.Form = formOf(cur)
		vm.Form.Title = ""
		rules = cur.Rules
	}
	// The rules are edited in the form; the JSON box is for pasting a
	// whole set, so it starts empty.
	vm.Form.Rules = ""
	vm.RuleForm = governance.Form(rules, nil)
	return s.render(c, fiber.StatusOK, "board/statutes_version", vm)
}

// showStatutesVersion shows one version, with the draft's edit and
// adoption forms to those who may use them.
func (s *Server) showStatutesVersion(c *fiber.Ctx) error {
	vm, err := s.versionView(c)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "board/statutes_version", vm)
}

func (s *Server) versionView(c *fiber.Ctx) (*versionView, error) {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return nil, fiber.ErrNotFound
	}
	v, err := s.Statutes.Get(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	roles := viewerOf(c).Roles
	draft := v.Status == statutesversion.StatusDraft
	vm := &versionView{page: s.newPage(c, "statutes_admin.version"), Version: v, Form: formOf(v),
		MayPropose: draft && s.Enforcer.Allowed(roles, "statutes:propose"),
		MayAdopt:   draft && s.Enforcer.Allowed(roles, "statutes:adopt")}
	if vm.MayPropose {
		vm.Form.Rules = ""
		vm.RuleForm = governance.Form(v.Rules, nil)
	}
	return vm, nil
}

// saveStatutesDraft creates a draft (no id) or updates one.
func (s *Server) saveStatutesDraft(c *fiber.Ctx) error {
	f := func(n string) string { return strings.Clone(c.FormValue(n)) }
	form := draftForm{Title: f("title"), TextFr: f("text_fr"), TextAr: f("text_ar"), TextEn: f("text_en"), Rules: f("rules")}
	d := statutes.Draft{Title: form.Title, TextFr: form.TextFr, TextAr: form.TextAr, TextEn: form.TextEn}
	var err error
	var raw map[string]string
	if strings.TrimSpace(form.Rules) != "" {
		// A set pasted as JSON replaces the form.
		d.Rules, err = governance.ParseJSON([]byte(form.Rules))
	} else {
		d.Rules, raw, err = governance.ParseForm(func(name string) string { return strings.Clone(c.FormValue(name)) })
		if perr, ok := apperr.AsValidation(err); ok {
			// Say what else is wrong too, in one round; a value that could
			// not be read keeps its own message.
			if rerr, ok := apperr.AsValidation(d.Rules.Validate()); ok {
				for f, m := range rerr.Fields {
					if _, taken := perr.Fields[f]; !taken {
						perr.Fields[f] = m
					}
				}
			}
		}
	}
	id := c.Params("id")
	if err == nil {
		if id == "" {
			var v *statutes.Version
			if v, err = s.Statutes.CreateDraft(c.UserContext(), d); err == nil {
				return s.redirectWithFlash(c, "/board/statutes/"+strconv.Itoa(v.ID), "success", "flash.statutes_draft_saved")
			}
		} else {
			n, perr := c.ParamsInt("id")
			if perr != nil {
				return fiber.ErrNotFound
			}
			if err = s.Statutes.UpdateDraft(c.UserContext(), n, d); err == nil {
				return s.redirectWithFlash(c, "/board/statutes/"+id, "success", "flash.statutes_draft_saved")
			}
		}
	}
	verr, ok := apperr.AsValidation(err)
	if !ok {
		return err
	}
	vm := &versionView{page: s.newPage(c, "statutes_admin.new"), Form: form, MayPropose: true}
	if id != "" {
		if vm, err = s.versionView(c); err != nil {
			return err
		}
		vm.Form = form
	}
	switch {
	case strings.TrimSpace(form.Rules) == "":
		// Show the form as read back, with what could not be read as typed.
		vm.RuleForm = governance.Form(d.Rules, raw)
	case vm.RuleForm == nil:
		// The pasted JSON was refused: the form shows the rules in force.
		rules := governance.Rules{}
		if cur, err := s.Statutes.InForce(c.UserContext()); err == nil {
			rules = cur.Rules
		}
		vm.RuleForm = governance.Form(rules, nil)
	}
	vm.setFieldErrors(verr)
	// The problems are named by the fields of the rules that were checked
	// (those typed in the form, or pasted), not by their paths.
	labels := vm.ruleLabels(governance.Form(d.Rules, raw))
	for path, msg := range vm.Errors {
		if !strings.HasPrefix(path, "text_") && path != "title" {
			vm.RuleErrors = append(vm.RuleErrors, ruleProblem(labels, path, msg))
		}
	}
	sort.Strings(vm.RuleErrors)
	return s.render(c, fiber.StatusUnprocessableEntity, "board/statutes_version", vm)
}

// ruleLabels names each field of a rules form in the page's language, by
// its path: the section's title, then the field's label.
func (p *page) ruleLabels(form []governance.FormGroup) map[string]string {
	out := map[string]string{}
	for _, g := range form {
		section := p.Label(g.Title)
		for _, f := range g.Fields {
			out[f.Name] = section + " › " + p.T(f.Label)
		}
	}
	return out
}

// ruleProblem is one line of the list of the rules' problems: the field's
// label and the message, or the message alone for a problem of the whole
// set (no category at all) — never the rule's path, a code.
func ruleProblem(labels map[string]string, path, msg string) string {
	if l, ok := labels[path]; ok {
		return l + " : " + msg
	}
	return msg
}

// adoptStatutes records the adoption of a draft: it comes into force.
func (s *Server) adoptStatutes(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	a := statutes.Adoption{Reference: strings.Clone(c.FormValue("reference")), RecordedBy: viewerOf(c).User.ID}
	if d := c.FormValue("adopted_on"); d != "" {
		if t, perr := time.Parse(time.DateOnly, d); perr == nil {
			a.AdoptedOn = t
		} else {
			err = apperr.Invalid("adopted_on", "error.date_invalid", nil)
		}
	}
	if err == nil {
		err = s.Statutes.Adopt(c.UserContext(), id, a)
	}
	if verr, ok := apperr.AsValidation(err); ok {
		vm, err := s.versionView(c)
		if err != nil {
			return err
		}
		vm.setFieldErrors(verr)
		vm.Form.AdoptedOn, vm.Form.Reference = c.FormValue("adopted_on"), a.Reference
		labels := vm.ruleLabels(vm.RuleForm)
		for path, msg := range vm.Errors {
			if path != "adopted_on" && path != "reference" {
				vm.RuleErrors = append(vm.RuleErrors, ruleProblem(labels, path, msg))
			}
		}
		return s.render(c, fiber.StatusUnprocessableEntity, "board/statutes_version", vm)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/statutes", "success", "flash.statutes_adopted")
}

type compareView struct {
	*page
	A, B  *statutes.Version
	Text  []governance.LineDiff
	Rules []governance.Change
}

// compareStatutes shows two versions side by side, differences marked.
func (s *Server) compareStatutes(c *fiber.Ctx) error {
	a, err := s.Statutes.Get(c.UserContext(), c.QueryInt("a"))
	if err != nil {
		return err
	}
	b, err := s.Statutes.Get(c.UserContext(), c.QueryInt("b"))
	if err != nil {
		return err
	}
	lang := s.translator(c).Code
	return s.render(c, fiber.StatusOK, "board/statutes_compare", &compareView{page: s.newPage(c, "statutes_admin.compare"),
		A: a, B: b, Text: governance.DiffText(a.Text(lang), b.Text(lang)), Rules: governance.Diff(a.Rules, b.Rules)})
}

func formOf(v *statutes.Version) draftForm {
	raw, _ := json.MarshalIndent(v.Rules, "", "  ")
	return draftForm{Title: v.Title, TextFr: v.TextFr, TextAr: v.TextAr, TextEn: v.TextEn, Rules: string(raw)}
}
