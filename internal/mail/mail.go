// Package mail sends Majlis's messages through the durable job queue.
//
// A use case calls Mailer.Queue inside its own transaction: the message is
// rendered there and then (a template error fails the use case, in tests,
// rather than reaching a recipient), stored as a row of the delivery log
// and a "mail.send" job is enqueued, all committed with the change that
// caused it or not at all. Workers then hand the messages to a Transport —
// an SMTP server, or a folder of .eml files in development — over one
// connection per batch, and record in the log whether each went out.
//
// Messages are templates translated in French, Arabic (right to left) and
// English, sent in the recipient's language, with a plain-text and an HTML
// part, the association's identity in every footer, and a List-Unsubscribe
// header on the optional ones, which go only to members who consented.
package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mailmessage"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/user"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/i18n"
	"github.com/omsn/majlis/internal/jobs"
)

// JobKind is the kind of the job that sends queued messages.
const JobKind = "mail.send"

// Class says whether a message may be declined by its recipient.
type Class int

// Classes of message.
const (
	// Transactional messages answer something the recipient did or asked
	// (an application, a password reset): always sent, no unsubscribe link.
	Transactional Class = iota
	// Statutory notices (convocations) go to every member concerned,
	// whatever their consent: an assembly not convened is void.
	Statutory
	// Optional messages (reminders, news) go only to members who consented
	// to the association's emails, with a List-Unsubscribe header.
	Optional
)

// Mail is a message to queue.
type Mail struct {
	// Kind names the templates (templates/<kind>.txt and .html) and the
	// subject's translation key, email.<kind>.subject.
	Kind string
	To   Recipient
	// Data holds the values the templates show.
	Data  map[string]any
	Class Class
	// RelatedType and RelatedID name what the message is about
	// ("application", 12), for the delivery log.
	RelatedType string
	RelatedID   int
	Attachments []Attachment
	// Confidential messages carry a secret (a password link): the log
	// never shows their body, and forgets it once they are sent.
	Confidential bool
}

// Recipient is who a message goes to.
type Recipient struct {
	Address string
	Name    string
	// Lang is the language to write in; empty means the language of the
	// member's or the user's account, else French.
	Lang     string
	MemberID int // 0 if the recipient is not a member (yet)
	UserID   int // 0 if unknown
	// Member is the recipient's member row when the caller has it at hand
	// (read in the same transaction): Queue then takes the consent and the
	// account from it instead of reading the row again. MemberID is its ID.
	Member *ent.Member
}

// Attachment is a file sent with a message (an .ics invitation, a PDF).
type Attachment struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"data,omitempty"`
	// Render, instead of Data, names a document made when the message is
	// sent ("receipt:2026-000123"), by the Deliverer's renderer for its
	// kind: the change that queues the message does not wait for it, and
	// the log does not store a copy.
	Render string `json:"render,omitempty"`
}

// Identity is the association as the messages present it.
type Identity struct {
	Name    map[string]string // by language
	Email   string
	Address string
	Website string
}

// In returns the name in a language, falling back to French.
func (id Identity) In(lang string) string {
	if n := id.Name[lang]; n != "" {
		return n
	}
	return id.Name["fr"]
}

// Settings are what every message carries.
type Settings struct {
	// From is the sender, "Name <address>" or an address.
	From string
	// BaseURL is the public address, for links.
	BaseURL *url.URL
	// UnsubscribeKey signs the unsubscribe links.
	UnsubscribeKey []byte
}

// Queuer queues a message, inside the transaction ctx carries if any: what
// the services that send mail (members, board, dues, accounts) need of the
// Mailer.
type Queuer interface {
	Queue(ctx context.Context, m Mail) (*ent.MailMessage, error)
}

// Mailer queues messages and reads the delivery log.
type Mailer struct {
	db       *ent.Client
	queue    *jobs.Queue
	catalog  *i18n.Catalog
	settings Settings
	identity func(context.Context) (Identity, error)
	// Now is the clock, in UTC.
	Now func() time.Time
}

// NewMailer returns a mailer. identity is asked for the association's name
// and contacts each time a message is rendered, so a change shows at once.
func NewMailer(db *ent.Client, q *jobs.Queue, catalog *i18n.Catalog, s Settings, identity func(context.Context) (Identity, error)) (*Mailer, error) {
	if _, err := mail.ParseAddress(s.From); err != nil {
		return nil, fmt.Errorf("mail sender %q: %w", s.From, err)
	}
	return &Mailer{db: db, queue: q, catalog: catalog, settings: s, identity: identity,
		Now: func() time.Time { return time.Now().UTC() }}, nil
}

// Queue renders a message, records it in the delivery log and enqueues its
// sending, in the transaction ctx carries if any. An optional message to a
// member who did not consent is logged as suppressed and not sent.
func (m *Mailer) Queue(ctx context.Context, in Mail) (*ent.MailMessage, error) {
	client := database.Client(ctx, m.db)
	addr, err := mail.ParseAddress(strings.TrimSpace(in.To.Address))
	if err != nil {
		return nil, apperr.Invalid("email", "error.email_invalid", nil)
	}
	if in.To.Member != nil {
		in.To.MemberID = in.To.Member.ID
	}
	lang, consented, err := m.recipientLanguage(ctx, client, in.To)
	if err != nil {
		return nil, err
	}
	id, err := m.identity(ctx)
	if err != nil {
		return nil, err
	}
	msgID, err := messageID(m.settings.From)
	if err != nil {
		return nil, err
	}
	headers := map[string]string{}
	var unsubscribe string
	if in.Class == Optional && in.To.MemberID != 0 {
		unsubscribe = m.settings.BaseURL.JoinPath("unsubscribe", UnsubscribeToken(m.settings.UnsubscribeKey, in.To.MemberID)).String()
		headers["List-Unsubscribe"] = "<" + unsubscribe + ">"
		headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
	}
	r, err := render(m.catalog.Translator(lang), in.Kind, renderData{
		Data: in.Data, Association: id, Lang: lang, Dir: i18n.Direction(lang),
		Name: in.To.Name, BaseURL: strings.TrimSuffix(m.settings.BaseURL.String(), "/"), Unsubscribe: unsubscribe,
	})
	if err != nil {
		return nil, err
	}
	rawHeaders, _ := json.Marshal(headers)
	create := client.MailMessage.Create().SetKind(in.Kind).SetToAddress(addr.Address).SetToName(in.To.Name).SetLang(lang).
		SetSubject(r.Subject).SetTextBody(r.Text).SetHTMLBody(r.HTML).SetHeaders(rawHeaders).
		SetMandatory(in.Class == Statutory).SetConfidential(in.Confidential).SetRelatedType(in.RelatedType).SetMessageID(msgID).SetCreatedAt(m.Now())
	if len(in.Attachments) > 0 {
		raw, _ := json.Marshal(in.Attachments)
		create.SetAttachments(raw)
	}
	if in.RelatedID != 0 {
		create.SetRelatedID(in.RelatedID)
	}
	if in.To.MemberID != 0 {
		create.SetMemberID(in.To.MemberID)
	}
	if in.Class == Optional && !consented {
		return create.SetStatus(mailmessage.StatusSuppressed).SetError("no consent to the association's emails").Save(ctx)
	}
	msg, err := create.Save(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := m.queue.Enqueue(ctx, JobKind, sendPayload{MessageID: msg.ID}, jobs.Options{}); err != nil {
		return nil, err
	}
	return msg, nil
}

// sendPayload is the payload of a mail.send job.
type sendPayload struct {
	MessageID int `json:"message_id"`
}

// recipientLanguage picks the language to write in and whether the
// recipient consented to optional mail.
func (m *Mailer) recipientLanguage(ctx context.Context, db *ent.Client, to Recipient) (string, bool, error) {
	lang, consented := to.Lang, to.MemberID == 0
	userID := to.UserID
	if to.MemberID != 0 {
		mem := to.Member
		if mem == nil {
			var err error
			if mem, err = db.Member.Query().Where(member.ID(to.MemberID)).Only(ctx); err != nil {
				return "", false, fmt.Errorf("recipient member %d: %w", to.MemberID, err)
			}
		}
		consented = mem.ConsentEmails
		if userID == 0 && mem.UserID != nil {
			userID = *mem.UserID
		}
	}
	if lang == "" && userID != 0 {
		u, err := db.User.Query().Where(user.ID(userID)).Select(user.FieldPreferredLanguage).Only(ctx)
		if err != nil && !ent.IsNotFound(err) {
			return "", false, err
		}
		if u != nil {
			lang = u.PreferredLanguage
		}
	}
	if !i18n.Supported(lang) {
		lang = i18n.Default
	}
	return lang, consented, nil
}

// messageID makes a Message-ID on the sender's domain.
func messageID(from string) (string, error) {
	a, err := mail.ParseAddress(from)
	if err != nil {
		return "", err
	}
	domain := "majlis.invalid"
	if i := strings.LastIndexByte(a.Address, '@'); i >= 0 {
		domain = a.Address[i+1:]
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b) + "@" + domain, nil
}

// LogQuery filters the delivery log.
type LogQuery struct {
	MemberID    int
	RelatedType string
	RelatedID   int
	Status      mailmessage.Status
	Limit       int
}

// Log returns messages of the delivery log, newest first.
func (m *Mailer) Log(ctx context.Context, q LogQuery) ([]*ent.MailMessage, error) {
	query := database.Client(ctx, m.db).MailMessage.Query().Order(ent.Desc(mailmessage.FieldCreatedAt), ent.Desc(mailmessage.FieldID))
	if q.MemberID != 0 {
		query.Where(mailmessage.MemberID(q.MemberID))
	}
	if q.RelatedType != "" {
		query.Where(mailmessage.RelatedType(q.RelatedType))
	}
	if q.RelatedID != 0 {
		query.Where(mailmessage.RelatedID(q.RelatedID))
	}
	if q.Status != "" {
		query.Where(mailmessage.StatusEQ(q.Status))
	}
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 100
	}
	return query.Limit(q.Limit).All(ctx)
}

// Message returns one message of the log.
func (m *Mailer) Message(ctx context.Context, id int) (*ent.MailMessage, error) {
	msg, err := database.Client(ctx, m.db).MailMessage.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("mail message %d: %w", id, apperr.ErrNotFound)
	}
	return msg, err
}

// errNoTransport is returned by a worker with nowhere to send.
var errNoTransport = errors.New("no mail transport configured")
