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
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "board.positions : Le bureau doit comprendre un président.") {
			t.Fatalf("rules without president: %d", r.Status)
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
