package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent/statutesversion"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/testdb"
)

func TestADraftIsProposedValidatedAdoptedAndCompared(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		rules := governance.OMSN()
		rules.Board.Positions = rules.Board.Positions[1:] // no president
		bad, _ := json.Marshal(rules)
		form := url.Values{"title": {"Révision 2026"}, "text_fr": {governance.OMSNText()["fr"] + "\n## Article 10 — Numérique\nLes assemblées peuvent se tenir en ligne.\n"},
			"rules": {string(bad)}}

		// A member may not propose; the secretary general may.
		member := env.Client(t)
		member.SignIn(plainMember, demo.AdminPassword)
		if r := member.Post("/board/statutes", form); r.Status != http.StatusForbidden {
			t.Fatalf("member proposes: %d", r.Status)
		}
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		r := sg.Post("/board/statutes", form)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "<li>Le bureau doit comprendre un président.</li>") {
			t.Fatalf("rules without president: %d", r.Status)
		}
		// The list of problems names fields by their labels, not their paths
		// (the pasted JSON, shown back as typed, is the author's own text).
		problems := r.Body[strings.Index(r.Body, `id="rule-errors"`):]
		if codes := internalCodes(visibleText(problems[:strings.Index(problems, "</div>")])); len(codes) > 0 {
			t.Errorf("the rules' problems show codes: %v", codes)
		}
		form.Set("rules", "{not json")
		if r := sg.Post("/board/statutes", form); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="rules-error"`) {
			t.Fatalf("malformed JSON: %d", r.Status)
		}
		rules = governance.OMSN()
		rules.Categories[1].DuesAmount = 40000
		ordinary := rules.Assemblies[governance.Ordinary]
		ordinary.Quorum = governance.Frac(1, 3)
		rules.Assemblies[governance.Ordinary] = ordinary
		good, _ := json.Marshal(rules)
		form.Set("rules", string(good))
		if r := sg.Post("/board/statutes", form); r.Status != http.StatusSeeOther {
			t.Fatalf("valid draft: %d", r.Status)
		}
		draft := db.Ent.StatutesVersion.Query().Where(statutesversion.StatusEQ(statutesversion.StatusDraft)).OnlyX(ctx)

		// The secretary general may not adopt; the administrator records it.
		adoption := url.Values{"adopted_on": {"2026-06-13"}, "reference": {"AGE du 13 juin 2026, résolution 2"}}
		if r := sg.Post("/board/statutes/"+itoa(draft.ID)+"/adopt", adoption); r.Status != http.StatusForbidden {
			t.Fatalf("secretary general adopts: %d", r.Status)
		}
		admin := env.Client(t)
		admin.SignIn(demo.AdminEmail, demo.AdminPassword)
		if r := admin.Post("/board/statutes/"+itoa(draft.ID)+"/adopt", url.Values{"reference": {""}}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("adoption without date and resolution: %d", r.Status)
		}
		if r := admin.Post("/board/statutes/"+itoa(draft.ID)+"/adopt", adoption); r.Status != http.StatusSeeOther {
			t.Fatalf("adopt: %d", r.Status)
		}
		if p := env.Client(t).Get("/statutes"); !strings.Contains(p.Body, "Article 10 — Numérique") {
			t.Fatal("the public page does not show the new statutes")
		}
		// An adopted version is never edited.
		if r := sg.Post("/board/statutes/"+itoa(draft.ID), form); r.Status != http.StatusConflict {
			t.Fatalf("editing adopted statutes: %d", r.Status)
		}
		first := db.Ent.StatutesVersion.Query().Where(statutesversion.Number(1)).OnlyX(ctx)
		// The adopted version reads as labelled rules, not as JSON.
		page := sg.Get("/board/statutes/" + itoa(first.ID))
		for _, want := range []string{`data-path="assemblies.extraordinary.majorities.statutes_amendment.fraction"`, "<td>2/3</td>", "Procurations"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("version page lacks %q", want)
			}
		}
		cmp := sg.Get("/board/statutes/compare?a=" + itoa(first.ID) + "&b=" + itoa(draft.ID))
		for _, want := range []string{`data-path="categories.active.dues_amount"`, "300.00 MAD", "400.00 MAD",
			`data-path="assemblies.ordinary.quorum"`, "1/4", "1/3", `class="diff-added"><span class="visually-hidden">ajouté : </span>## Article 10`} {
			if !strings.Contains(cmp.Body, want) {
				t.Errorf("comparison lacks %q", want)
			}
		}
	})
}

func TestTheSecretaryGeneralEditsADraftsRulesFieldByField(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		page := sg.Get("/board/statutes/new")
		for _, want := range []string{`name="categories.0.code"`, `name="assemblies.ordinary.quorum" type="text" inputmode="decimal" class="short" dir="ltr" value="1/4"`,
			`name="board.positions.0.office"`, `name="categories.0.remove"`} {
			if !strings.Contains(page.Body, want) {
				t.Fatalf("the draft form lacks %s", want)
			}
		}
		form := url.Values{"title": {"Révision des règles"}, "text_fr": {governance.OMSNText()["fr"]}}
		for k, v := range governance.FormValues(governance.Form(governance.OMSN(), nil)) {
			form.Set(k, v)
		}
		// A quorum above one, a word for a number and a majority below one
		// half are each named at their field, in one round.
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("assemblies.ordinary.quorum", "3/2")
		bad.Set("board.positions.0.seats", "deux")
		bad.Set("assemblies.extraordinary.majorities.statutes_amendment.fraction", "1/3")
		r := sg.Post("/board/statutes", bad)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad rules: %d", r.Status)
		}
		for _, field := range []string{"assemblies.ordinary.quorum", "board.positions.0.seats", "assemblies.extraordinary.majorities.statutes_amendment.fraction"} {
			if !strings.Contains(r.Body, `id="`+field+`-error"`) {
				t.Errorf("no message at %s", field)
			}
		}
		if !strings.Contains(r.Body, `value="deux"`) {
			t.Error("the unreadable value is not shown back as typed")
		}
		// The list at the top names each field by its section and label.
		list := r.Body[strings.Index(r.Body, `id="rule-errors"`):]
		list = list[:strings.Index(list, "</div>")]
		if !strings.Contains(list, text("fr", "statutes.rule.position.seats")) || !strings.Contains(list, "Président(e)") {
			t.Errorf("the problems are not named by their fields: %s", list)
		}
		if codes := internalCodes(visibleText(list)); len(codes) > 0 || strings.Contains(list, "board.positions") {
			t.Errorf("the rules' problems show codes: %v", codes)
		}
		if n := db.Ent.StatutesVersion.Query().Where(statutesversion.StatusEQ(statutesversion.StatusDraft)).CountX(ctx); n != 0 {
			t.Fatalf("%d drafts saved from a bad form", n)
		}

		// Add a category, drop the honorary one, give 21 days' notice.
		n := len(governance.OMSN().Categories)
		form.Set("assemblies.ordinary.notice_days", "21")
		form.Set("categories."+itoa(n)+".code", "student")
		form.Set("categories."+itoa(n)+".names.fr", "Membre étudiant")
		form.Set("categories."+itoa(n)+".dues_amount", "50")
		form.Set("categories."+itoa(n)+".may_vote", "on")
		for i, c := range governance.OMSN().Categories {
			if c.Code == "honorary" {
				form.Set("categories."+itoa(i)+".remove", "on")
			}
		}
		if r := sg.Post("/board/statutes", form); r.Status != http.StatusSeeOther {
			t.Fatalf("edited rules: %d", r.Status)
		}
		draft := db.Ent.StatutesVersion.Query().Where(statutesversion.StatusEQ(statutesversion.StatusDraft)).OnlyX(ctx)
		var saved governance.Rules
		if err := json.Unmarshal(draft.Rules, &saved); err != nil {
			t.Fatal(err)
		}
		codes := []string{}
		for _, c := range saved.Categories {
			codes = append(codes, c.Code)
		}
		if saved.Assemblies[governance.Ordinary].NoticeDays != 21 || strings.Contains(strings.Join(codes, ","), "honorary") ||
			codes[len(codes)-1] != "student" || saved.Categories[len(codes)-1].DuesAmount != 5000 {
			t.Fatalf("saved rules: notice %d, categories %v", saved.Assemblies[governance.Ordinary].NoticeDays, codes)
		}
	})
}
