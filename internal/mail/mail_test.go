package mail_test

import (
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/job"
	"github.com/omsn/majlis/ent/mailmessage"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/i18n"
	"github.com/omsn/majlis/internal/jobs"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/smtptest"
	"github.com/omsn/majlis/internal/testdb"
)

// untranslated matches a message key left in a rendered message.
var untranslated = regexp.MustCompile(`email\.[a-z_]+\.[a-z_]+`)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

const sender = "OMSN <noreply@omsn.example>"

var key = []byte("0123456789abcdef0123456789abcdef")

func identity(context.Context) (mail.Identity, error) {
	return mail.Identity{
		Name:    map[string]string{"fr": "Observatoire Marocain de la Souveraineté Numérique", "ar": "المرصد المغربي للسيادة الرقمية", "en": "Moroccan Observatory for Digital Sovereignty"},
		Email:   "contact@omsn.example",
		Address: "Rabat, Maroc",
	}, nil
}

// rig is a mailer and a worker delivering to a real SMTP server over
// STARTTLS with authentication.
type rig struct {
	db     *database.DB
	mailer *mail.Mailer
	worker *jobs.Worker
	server *smtptest.Server
	// skew moves the workers' clock ahead of the real one, to make
	// retries and expired leases due.
	skew time.Duration
}

func (r *rig) now() time.Time { return time.Now().UTC().Add(r.skew) }

func newRig(t testing.TB, db *database.DB, opts ...smtptest.Option) *rig {
	t.Helper()
	catalog, err := i18n.Load(quiet)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("https://majlis.omsn.example")
	m, err := mail.NewMailer(db.Ent, jobs.NewQueue(db.Ent), catalog, mail.Settings{From: sender, BaseURL: base, UnsubscribeKey: key}, identity)
	if err != nil {
		t.Fatal(err)
	}
	srv := smtptest.Start(t, append([]smtptest.Option{smtptest.WithSTARTTLS(), smtptest.WithAuth("majlis", "s3cret")}, opts...)...)
	r := &rig{db: db, mailer: m, server: srv}
	r.worker = r.newWorker(t)
	return r
}

// newWorker is a worker as a freshly started app instance would have.
func (r *rig) newWorker(t testing.TB) *jobs.Worker {
	transport, err := mail.ParseSMTPURL("smtp://majlis:s3cret@" + r.server.Addr())
	if err != nil {
		t.Fatal(err)
	}
	transport.TLSConfig = &tls.Config{RootCAs: r.server.RootCAs(), ServerName: r.server.Host()}
	transport.Timeout = 5 * time.Second
	w := jobs.NewWorker(r.db, quiet)
	w.Now = r.now
	w.Backoff = jobs.ExponentialBackoff(time.Minute, time.Hour)
	mail.NewDeliverer(r.db.Ent, transport, sender, identity, quiet).Register(w)
	return w
}

func (r *rig) drain(t *testing.T) {
	t.Helper()
	for {
		n, err := r.worker.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

func newMember(t *testing.T, db *database.DB, email, lang string, consent bool) *ent.Member {
	t.Helper()
	ctx := context.Background()
	u := db.Ent.User.Create().SetEmail(email).SetPasswordHash("x").SetPreferredLanguage(lang).SaveX(ctx)
	return db.Ent.Member.Create().SetNumber("T-" + email).SetCategory("active").SetFirstName("Salma").SetLastName("Idrissi").SetEmail(email).
		SetStatus("active").SetApplication("approved").SetConsentEmails(consent).SetUserID(u.ID).SaveX(ctx)
}

func TestEveryKindRendersInEveryLanguage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(t, db)
		data := map[string]any{
			"Reason": "Merci de préciser votre activité.", "Number": "OMSN-00042",
			"Category": map[string]string{"fr": "Membre actif", "ar": "عضو نشيط", "en": "Active member"},
			"Link":     "https://majlis.omsn.example/reset/abc", "Minutes": 60, "Days": 7, "Path": "/apply/confirm/abc", "Hours": 48,
			"Position": map[string]string{"fr": "Trésorier(ère)", "ar": "أمين(ة) المال", "en": "Treasurer"}, "EndOn": "2027-03-26",
			"Year": 2026, "Amount": int64(30000), "Currency": "MAD", "Deadline": "2026-04-01", "Overdue": true, "NewEmail": "salma@example.org",
		}
		kinds := mail.Kinds()
		if len(kinds) < 7 {
			t.Fatalf("kinds: %v", kinds)
		}
		for _, kind := range kinds {
			for _, lang := range []string{"fr", "ar", "en"} {
				m, err := r.mailer.Queue(context.Background(), mail.Mail{Kind: kind, Data: data,
					To: mail.Recipient{Address: "x@example.org", Name: "Salma", Lang: lang}})
				if err != nil {
					t.Fatalf("%s/%s: %v", kind, lang, err)
				}
				for part, body := range map[string]string{"subject": m.Subject, "text": m.TextBody, "html": m.HTMLBody} {
					if untranslated.MatchString(body) || strings.Contains(body, "<no value>") {
						t.Errorf("%s/%s %s has an untranslated key or a missing value:\n%s", kind, lang, part, body)
					}
				}
				if lang == "ar" && !strings.Contains(m.HTMLBody, `dir="rtl"`) {
					t.Errorf("%s in Arabic is not right to left", kind)
				}
			}
		}
	})
}

func TestAMissingTemplateValueFailsTheChangeNotTheRecipient(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(t, db)
		ctx := context.Background()
		err := database.WithTx(ctx, db.Ent, func(ctx context.Context) error {
			_, err := r.mailer.Queue(ctx, mail.Mail{Kind: "application_rejected",
				To: mail.Recipient{Address: "x@example.org"}, Data: map[string]any{}})
			return err
		})
		if err == nil {
			t.Fatal("a rejection without its reason was queued")
		}
		if db.Ent.MailMessage.Query().CountX(ctx) != 0 || db.Ent.Job.Query().CountX(ctx) != 0 {
			t.Fatal("a failed change left a message or a job")
		}
	})
}

func TestAMessageReachesARealSMTPServerInTheRecipientsLanguage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(t, db)
		ctx := context.Background()
		m := newMember(t, db, "salma@example.org", "ar", true)
		queued, err := r.mailer.Queue(ctx, mail.Mail{Kind: "application_approved", Class: mail.Optional,
			To:          mail.Recipient{Address: m.Email, Name: "سلمى الإدريسي", MemberID: m.ID},
			Data:        map[string]any{"Number": "OMSN-00042", "Category": map[string]string{"fr": "Membre actif", "ar": "عضو نشيط"}},
			RelatedType: "application", RelatedID: m.ID,
			Attachments: []mail.Attachment{{Name: "invitation.ics", ContentType: "text/calendar", Data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")}},
		})
		if err != nil {
			t.Fatal(err)
		}
		r.drain(t)
		got := r.server.Wait(t, 1, 5*time.Second)[0]
		if !got.TLS || got.AuthUser != "majlis" || got.From != "noreply@omsn.example" || len(got.To) != 1 || got.To[0] != "salma@example.org" {
			t.Fatalf("envelope: tls=%v auth=%q from=%q to=%v", got.TLS, got.AuthUser, got.From, got.To)
		}
		if got.Subject() != "مرحبًا بكم! تم قبول انخراطكم" {
			t.Errorf("subject %q", got.Subject())
		}
		for h, want := range map[string]string{"Content-Language": "ar", "Reply-To": "<contact@omsn.example>",
			"Message-Id":       "<" + queued.MessageID + ">",
			"List-Unsubscribe": "<https://majlis.omsn.example/unsubscribe/" + mail.UnsubscribeToken(key, m.ID) + ">"} {
			if v := got.Header.Get(h); v != want {
				t.Errorf("%s: %q, want %q", h, v, want)
			}
		}
		if !strings.Contains(got.Text(), "OMSN-00042") || !strings.Contains(got.Text(), "عضو نشيط") || !strings.Contains(got.Text(), "المرصد المغربي للسيادة الرقمية") {
			t.Errorf("text part:\n%s", got.Text())
		}
		if !strings.Contains(got.HTML(), `dir="rtl"`) || !strings.Contains(got.HTML(), "OMSN-00042") {
			t.Errorf("html part:\n%s", got.HTML())
		}
		if a := got.Attachments(); len(a) != 1 || a[0].Filename != "invitation.ics" || !strings.HasPrefix(a[0].ContentType, "text/calendar") || !strings.Contains(string(a[0].Data), "VCALENDAR") {
			t.Errorf("attachments %+v", a)
		}
		logged := db.Ent.MailMessage.GetX(ctx, queued.ID)
		if logged.Status != mailmessage.StatusSent || logged.SentAt == nil || logged.Attempts != 1 {
			t.Fatalf("log: %s %v", logged.Status, logged.SentAt)
		}
		// The board finds it for the member and for the application.
		for _, q := range []mail.LogQuery{{MemberID: m.ID}, {RelatedType: "application", RelatedID: m.ID}} {
			if l, _ := r.mailer.Log(ctx, q); len(l) != 1 || l[0].ID != queued.ID {
				t.Errorf("log query %+v: %d", q, len(l))
			}
		}
	})
}

func TestConsentDecidesOptionalMailButNotStatutoryNotices(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(t, db)
		ctx := context.Background()
		m := newMember(t, db, "nadia@example.org", "fr", false)
		data := map[string]any{"Position": map[string]string{"fr": "Trésorier(ère)"}, "EndOn": "2027-03-26", "Days": 30}
		optional, err := r.mailer.Queue(ctx, mail.Mail{Kind: "mandate_ending", Class: mail.Optional, Data: data,
			To: mail.Recipient{Address: m.Email, MemberID: m.ID}})
		if err != nil || optional.Status != mailmessage.StatusSuppressed {
			t.Fatalf("optional mail without consent: %v %v", optional, err)
		}
		statutory, err := r.mailer.Queue(ctx, mail.Mail{Kind: "mandate_ending", Class: mail.Statutory, Data: data,
			To: mail.Recipient{Address: m.Email, MemberID: m.ID}})
		if err != nil {
			t.Fatal(err)
		}
		r.drain(t)
		got := r.server.Wait(t, 1, 5*time.Second)
		if len(got) != 1 || got[0].Header.Get("Message-Id") != "<"+statutory.MessageID+">" || got[0].Header.Get("List-Unsubscribe") != "" {
			t.Fatalf("%d received; the statutory notice must go, without an unsubscribe link", len(got))
		}
		if db.Ent.Job.Query().CountX(ctx) != 1 {
			t.Fatal("a suppressed message was queued")
		}
		// A caller that has the member's row at hand passes it: the same
		// consent and language decide, without reading the row again.
		given, err := r.mailer.Queue(ctx, mail.Mail{Kind: "mandate_ending", Class: mail.Optional, Data: data,
			To: mail.Recipient{Address: m.Email, Member: m}})
		if err != nil || given.Status != mailmessage.StatusSuppressed || given.MemberID == nil || *given.MemberID != m.ID {
			t.Fatalf("optional mail to a member given without consent: %+v %v", given, err)
		}
		willing := newMember(t, db, "karim@example.org", "en", true)
		given, err = r.mailer.Queue(ctx, mail.Mail{Kind: "mandate_ending", Class: mail.Optional, Data: data,
			To: mail.Recipient{Address: willing.Email, Member: willing}})
		if err != nil || given.Status != mailmessage.StatusQueued || given.Lang != "en" || *given.MemberID != willing.ID {
			t.Fatalf("optional mail to a consenting member given: %+v %v", given, err)
		}
	})
}

func TestServerDownTheMailWaitsAndGoesOutLater(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(t, db)
		ctx := context.Background()
		r.server.Stop()
		msg, _ := r.mailer.Queue(ctx, mail.Mail{Kind: "application_received", To: mail.Recipient{Address: "a@example.org"}})
		r.drain(t)
		logged := db.Ent.MailMessage.GetX(ctx, msg.ID)
		j := db.Ent.Job.Query().OnlyX(ctx)
		if logged.Status != mailmessage.StatusQueued || logged.Error == "" || j.Status != job.StatusPending || !j.RunAt.After(r.now()) {
			t.Fatalf("while down: message %s %q, job %s at %s", logged.Status, logged.Error, j.Status, j.RunAt)
		}
		r.server.Restart()
		r.skew += time.Minute
		r.drain(t)
		r.server.Wait(t, 1, 5*time.Second)
		if logged := db.Ent.MailMessage.GetX(ctx, msg.ID); logged.Status != mailmessage.StatusSent || logged.Attempts != 2 {
			t.Fatalf("after restart: %s after %d attempts", logged.Status, logged.Attempts)
		}
	})
}

func TestAPermanentRefusalFailsThatMessageOnly(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		var refuse atomic.Bool
		refuse.Store(true)
		r := newRig(t, db, smtptest.WithReject(func(rcpt string) *smtp.SMTPError {
			if refuse.Load() && strings.HasPrefix(rcpt, "gone@") {
				return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such mailbox"}
			}
			return nil
		}))
		ctx := context.Background()
		var ids []int
		for _, to := range []string{"first@example.org", "gone@example.org", "last@example.org"} {
			m, _ := r.mailer.Queue(ctx, mail.Mail{Kind: "application_received", To: mail.Recipient{Address: to}})
			ids = append(ids, m.ID)
		}
		r.drain(t)
		if n := len(r.server.Wait(t, 2, 5*time.Second)); n != 2 {
			t.Fatalf("%d delivered", n)
		}
		gone := db.Ent.MailMessage.GetX(ctx, ids[1])
		if gone.Status != mailmessage.StatusFailed || !strings.Contains(gone.Error, "No such mailbox") {
			t.Fatalf("refused message: %s %q", gone.Status, gone.Error)
		}
		for _, id := range []int{ids[0], ids[2]} {
			if m := db.Ent.MailMessage.GetX(ctx, id); m.Status != mailmessage.StatusSent {
				t.Fatalf("message %d: %s", id, m.Status)
			}
		}
		failedJob := db.Ent.Job.Query().Where(job.StatusEQ(job.StatusFailed)).OnlyX(ctx)
		// The mailbox is fixed; an administrator retries: it goes out.
		refuse.Store(false)
		if err := jobs.NewQueue(db.Ent).Retry(ctx, failedJob.ID); err != nil {
			t.Fatal(err)
		}
		r.drain(t)
		if m := db.Ent.MailMessage.GetX(ctx, ids[1]); m.Status != mailmessage.StatusSent {
			t.Fatalf("after retry: %s", m.Status)
		}
	})
}

func TestAnInvalidAddressIsRefusedAtTheField(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(t, db)
		_, err := r.mailer.Queue(context.Background(), mail.Mail{Kind: "application_received", To: mail.Recipient{Address: "not an address"}})
		if err == nil || !strings.Contains(err.Error(), "email") {
			t.Fatalf("got %v", err)
		}
	})
}

func TestMailQueuedBeforeACrashGoesOutAfterRestart(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(t, db)
		ctx := context.Background()
		for range 5 {
			r.mailer.Queue(ctx, mail.Mail{Kind: "application_received", To: mail.Recipient{Address: "a@example.org"}})
		}
		// The first instance dies in the middle of its batch, before
		// anything is sent; a new instance sends everything, once.
		crashed := jobs.NewWorker(db, quiet)
		crashed.Now = r.now
		crashed.HandleBatch(mail.JobKind, func(context.Context, []*ent.Job) []error { panic("killed") })
		crashed.RunOnce(ctx)
		r.worker = r.newWorker(t)
		r.skew += time.Hour
		r.drain(t)
		if n := len(r.server.Wait(t, 5, 5*time.Second)); n != 5 {
			t.Fatalf("%d of 5 delivered after the restart", n)
		}
		time.Sleep(100 * time.Millisecond)
		if n := r.server.Count(); n != 5 {
			t.Fatalf("%d delivered: a message went out twice", n)
		}
	})
}

func TestUnsubscribeLinksCannotBeForged(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(t, db)
		ctx := context.Background()
		m := newMember(t, db, "omar@example.org", "fr", true)
		other := newMember(t, db, "hajar@example.org", "fr", true)
		token := mail.UnsubscribeToken(key, m.ID)
		if id, err := mail.MemberOfToken(key, token); err != nil || id != m.ID {
			t.Fatalf("token: %d %v", id, err)
		}
		forged := mail.UnsubscribeToken([]byte("another key, another association"), other.ID)
		if err := r.mailer.Unsubscribe(ctx, forged); err == nil {
			t.Fatal("a forged token was accepted")
		}
		if err := r.mailer.Unsubscribe(ctx, token); err != nil {
			t.Fatal(err)
		}
		if db.Ent.Member.GetX(ctx, m.ID).ConsentEmails || !db.Ent.Member.GetX(ctx, other.ID).ConsentEmails {
			t.Fatal("consent not withdrawn for the right member only")
		}
	})
}

func TestSMTPURLs(t *testing.T) {
	for raw, want := range map[string]string{
		"smtp://user:pw@mail.example.org":          "smtp user@mail.example.org:587 (starttls)",
		"smtps://user:pw@mail.example.org":         "smtp user@mail.example.org:465 (tls)",
		"smtp://relay.local:25?tls=none":           "smtp relay.local:25 (none)",
		"smtp://user:p%40ss@mail.example.org:2525": "smtp user@mail.example.org:2525 (starttls)",
	} {
		s, err := mail.ParseSMTPURL(raw)
		if err != nil || s.String() != want {
			t.Errorf("%s: %v %v", raw, s, err)
		}
		if strings.Contains(s.String(), "pw") {
			t.Errorf("%s: the password shows", raw)
		}
	}
	for _, raw := range []string{"http://mail.example.org", "smtp://", "smtps://h?tls=none", "smtp://h:99999", "smtp://h?debug=1"} {
		if _, err := mail.ParseSMTPURL(raw); err == nil {
			t.Errorf("%s accepted", raw)
		}
	}
}

// The invitation and the welcome say what the members' area offers today:
// no general assemblies, votes or member cards, which the application does
// not have yet.
func TestTheInvitationAndTheWelcomePromiseOnlyWhatExists(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(t, db)
		data := map[string]any{"Number": "OMSN-00042", "Link": "https://majlis.omsn.example/invitation/abc", "Days": 7,
			"Category": map[string]string{"fr": "Membre actif", "ar": "عضو نشيط", "en": "Active member"}}
		missing := map[string][]string{
			"fr": {"assemblée", "vote", "carte"},
			"ar": {"الجمع", "الجموع", "التصويت", "بطاقة"},
			"en": {"assembl", "vote", "card"},
		}
		for _, kind := range []string{"invitation", "application_approved"} {
			for lang, words := range missing {
				m, err := r.mailer.Queue(context.Background(), mail.Mail{Kind: kind, Data: data,
					To: mail.Recipient{Address: "x@example.org", Name: "Salma", Lang: lang}})
				if err != nil {
					t.Fatalf("%s/%s: %v", kind, lang, err)
				}
				for _, w := range words {
					if strings.Contains(strings.ToLower(m.Subject+m.TextBody), w) {
						t.Errorf("the %s mail in %s promises %q:\n%s", kind, lang, w, m.TextBody)
					}
				}
			}
		}
	})
}
