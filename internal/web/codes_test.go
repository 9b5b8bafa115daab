package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/omsn/majlis/ent/job"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/authz"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/testdb"
)

var (
	// hiddenElement is what a browser does not show: scripts, styles,
	// templates and comments. The head's title stays: it names the tab.
	hiddenElement = regexp.MustCompile(`(?is)<(script|style|template)\b[^>]*>.*?</(script|style|template)>|<!--.*?-->`)
	anyTag        = regexp.MustCompile(`(?s)<[^>]*>`)
	// readAttribute is an attribute whose value people read or hear: a
	// tooltip, a screen reader's label, a placeholder, an image's text, a
	// button's caption.
	readAttribute = regexp.MustCompile(`(?i)\s(?:title|aria-label|placeholder|alt)="([^"]*)"`)
	buttonValue   = regexp.MustCompile(`(?i)<input\b[^>]*\btype="(?:submit|button|reset)"[^>]*>`)
	valueAttr     = regexp.MustCompile(`(?i)\svalue="([^"]*)"`)
	// emailOrURL are written for people even when they look like code.
	emailOrURL = regexp.MustCompile(`[^\s<>"']+@[^\s<>"']+|https?://[^\s<>"']+`)
	// snakeCase is an identifier of the code (secretary_general,
	// joined_on); dottedCode a job kind or an untranslated message key
	// (mail.send, nav.home).
	snakeCase  = regexp.MustCompile(`\b[a-z]+(?:_[a-z0-9]+)+\b`)
	dottedCode = regexp.MustCompile(`\b[a-z]+\.[a-z_]{2,}\b`)
)

// visibleText is what a person reads on a page, or hears from a screen
// reader: the text outside tags, and the attributes read aloud.
func visibleText(page string) string {
	page = hiddenElement.ReplaceAllString(page, " ")
	var b strings.Builder
	for _, m := range readAttribute.FindAllStringSubmatch(page, -1) {
		b.WriteString(m[1] + "\n")
	}
	for _, input := range buttonValue.FindAllString(page, -1) {
		if m := valueAttr.FindStringSubmatch(input); m != nil {
			b.WriteString(m[1] + "\n")
		}
	}
	b.WriteString(anyTag.ReplaceAllString(page, " "))
	return html.UnescapeString(b.String())
}

// internalCodes lists the words of a text that are codes, not words.
func internalCodes(text string) []string {
	text = emailOrURL.ReplaceAllString(text, " ")
	var found []string
	seen := map[string]bool{}
	for _, re := range []*regexp.Regexp{snakeCase, dottedCode} {
		for _, w := range re.FindAllString(text, -1) {
			if !seen[w] {
				seen[w] = true
				found = append(found, w)
			}
		}
	}
	return found
}

func TestVisibleTextSkipsMarkupAndReadsWhatPeopleRead(t *testing.T) {
	page := `<html><head><style>.a_b{}</style><script>var x_y = 1;</script></head>
<body class="page_body"><a href="/board/members?status=lapsed_x" title="en_retard">Voir</a>
<input type="submit" value="mail.send"> <input type="hidden" name="first_name" value="joined_on">
<p>Écrire à salma_idrissi@omsn.example ou voir https://omsn.example/a_b — office: secretary_general</p></body></html>`
	got := internalCodes(visibleText(page))
	want := []string{"en_retard", "secretary_general", "mail.send"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("codes %q, want %q", got, want)
	}
}

// Every page of the route table, opened by every role in each language,
// shows words, not internal codes: offices, statuses, import columns, job
// kinds, history kinds, mail kinds, payment kinds and methods are all
// translated. The demo is made rich enough that every list has rows: the
// board's histories and mandates, payments of every method, sent mails, a
// failed job, an import run.
func TestNoPageShowsAnInternalCode(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := newSite(t, db, nil).env
		ctx := t.Context()
		viewers := pageViewers(t, env)
		fill := pageParams(t, env)

		// Mails delivered, and one that keeps failing: the delivery log and
		// the jobs page have rows in every state.
		if err := env.Worker.ScheduleDaily(ctx); err != nil {
			t.Fatal(err)
		}
		env.RunJobs(t)
		if _, err := db.Ent.Job.Create().SetKind(mail.JobKind).SetPayload([]byte(`{}`)).SetStatus(job.StatusFailed).
			SetAttempts(8).SetLastError("dial tcp 127.0.0.1:25: connect: connection refused").Save(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Ent.Job.Create().SetKind(members.ImportJob).SetPayload([]byte(`{}`)).
			SetRunAt(time.Now().Add(time.Hour)).Save(ctx); err != nil {
			t.Fatal(err)
		}
		var sg pageViewer
		for _, v := range viewers {
			if v.name == "secretary general" {
				sg = v
			}
		}
		// An import run of the secretary general's, checked on the queue.
		r := sg.client.PostFile("/board/import", url.Values{"action": {"check"}}, "file", "grande-liste.csv", largeRoster(1100))
		run := r.Location
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(run, "/board/import/runs/") {
			t.Fatalf("a large check: %d → %q", r.Status, run)
		}
		env.RunJobs(t)
		// The pages beyond the route table's one row each: a member of
		// every status, the roster filtered by each, the mail log and jobs
		// by state, the import run.
		extra := map[string][]string{"secretary general": {run}}
		for _, st := range []member.Status{member.StatusApplicant, member.StatusActive, member.StatusLapsed,
			member.StatusSuspended, member.StatusResigned, member.StatusExcluded, member.StatusDeceased} {
			m, err := db.Ent.Member.Query().Where(member.StatusEQ(st)).First(ctx)
			if err != nil {
				continue
			}
			for _, v := range viewers {
				if authz.Has(v.roles, authz.Admin) || v.name == "secretary general" || v.name == "treasurer" {
					extra[v.name] = append(extra[v.name], "/board/members/"+itoa(m.ID), "/board/members?status="+string(st))
				}
			}
		}
		// A member holding an office: the member page lists mandates.
		officer := db.Ent.Member.Query().Where(member.HasMandates()).FirstX(ctx)
		extra["secretary general"] = append(extra["secretary general"], "/board/members/"+itoa(officer.ID))
		extra["administrator"] = append(extra["administrator"], "/admin/jobs?status=failed", "/admin/jobs?status=pending")
		extra["secretary general"] = append(extra["secretary general"], "/board/mail?status=sent", "/board/mail?status=queued")

		opened := 0
		for _, lang := range languages {
			for _, v := range viewers {
				v.client.SetCookie("majlis_lang", lang)
				var paths []string
				for _, rt := range env.Server.RouteTable() {
					if rt.Method != http.MethodGet || rt.Path == "/static/*" || rt.Path == "/healthz" || rt.Path == "/readyz" {
						continue
					}
					path, _ := fill(rt.Path, v)
					paths = append(paths, path)
				}
				paths = append(paths, extra[v.name]...)
				for _, path := range paths {
					res := v.client.Get(path)
					if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
						continue
					}
					opened++
					seen := visibleText(res.Body)
					if codes := internalCodes(seen); len(codes) > 0 {
						t.Errorf("%s, %s, GET %s (%d) shows codes: %s (%s)", lang, v.name, path, res.Status,
							strings.Join(codes, " "), around(seen, codes[0]))
					}
				}
			}
		}
		if opened < 600 {
			t.Fatalf("only %d pages read", opened)
		}
		t.Logf("%d pages read", opened)
	})
}

// around quotes a word in its context, to find where a page prints it.
func around(text, word string) string {
	i := strings.Index(text, word)
	from, to := max(0, i-60), min(len(text), i+len(word)+60)
	return strings.Join(strings.Fields(text[from:to]), " ")
}

// The delivery log names every kind of mail in words, in every language,
// including kinds the demo has not sent yet.
func TestTheDeliveryLogNamesEveryKindOfMail(t *testing.T) {
	kinds := mail.Kinds()
	if len(kinds) < 10 {
		t.Fatalf("mail kinds: %v", kinds)
	}
	for _, k := range kinds {
		for _, lang := range languages {
			if !catalog.Has(lang, "mail_log.kind_"+k) {
				t.Errorf("mail kind %s has no name in %s (mail_log.kind_%s)", k, lang, k)
			}
		}
	}
}

// A mandate whose position the statutes in force no longer have is named
// by its office: every office has a title in every language.
func TestEveryOfficeHasATitleInEveryLanguage(t *testing.T) {
	for _, o := range []governance.Office{governance.President, governance.VicePresident, governance.SecretaryGeneral,
		governance.Treasurer, governance.Assessor} {
		for _, lang := range languages {
			if !catalog.Has(lang, o.TitleKey()) {
				t.Errorf("office %s has no title in %s (%s)", o, lang, o.TitleKey())
			}
		}
	}
}
