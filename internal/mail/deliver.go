package mail

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	gomail "github.com/wneessen/go-mail"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mailmessage"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/jobs"
)

// permanent marks a delivery error that retrying cannot cure.
func permanent(err error) error { return jobs.Permanent(err) }

// Renderer makes a document an attachment names by reference (see
// Attachment.Render), from the part of the reference after its kind. A
// file name it returns replaces the attachment's.
type Renderer func(ctx context.Context, ref string) (name string, data []byte, err error)

// Deliverer sends queued messages: the handler of mail.send jobs.
type Deliverer struct {
	db        *ent.Client
	transport Transport
	from      string
	identity  func(context.Context) (Identity, error)
	log       *slog.Logger
	renderers map[string]Renderer
}

// Render registers the renderer of a kind of attachment ("receipt").
func (d *Deliverer) Render(kind string, r Renderer) { d.renderers[kind] = r }

// NewDeliverer returns the handler sending through a transport.
func NewDeliverer(db *ent.Client, t Transport, from string, identity func(context.Context) (Identity, error), log *slog.Logger) *Deliverer {
	return &Deliverer{db: db, transport: t, from: from, identity: identity, log: log, renderers: map[string]Renderer{}}
}

// Register makes a worker send mail through this deliverer.
func (d *Deliverer) Register(w *jobs.Worker) { w.HandleBatch(JobKind, d.Deliver) }

// Deliver sends the messages of a batch of mail.send jobs over one
// connection and records each outcome in the delivery log. A message
// already sent (its job ran before, and the worker died before marking it
// done) is not sent again.
func (d *Deliverer) Deliver(ctx context.Context, js []*ent.Job) []error {
	errs := make([]error, len(js))
	if d.transport == nil {
		for i := range errs {
			errs[i] = errNoTransport
		}
		return errs
	}
	id, err := d.identity(ctx)
	if err != nil {
		// The messages are retried once the association can be read.
		for i := range errs {
			errs[i] = err
		}
		return errs
	}
	replyTo := id.Email
	var (
		outgoing []*gomail.Msg
		rows     []*ent.MailMessage
		slots    []int // index in js of each outgoing message
	)
	for i, j := range js {
		var p sendPayload
		if err := json.Unmarshal(j.Payload, &p); err != nil {
			errs[i] = jobs.Permanent(fmt.Errorf("payload: %w", err))
			continue
		}
		row, err := database.Client(ctx, d.db).MailMessage.Get(ctx, p.MessageID)
		if err != nil {
			errs[i] = err
			if ent.IsNotFound(err) {
				errs[i] = jobs.Permanent(err)
			}
			continue
		}
		switch {
		case row.Status == mailmessage.StatusSent || row.Status == mailmessage.StatusSuppressed:
			continue // sent already, or not to be sent: nothing to do
		case row.Status == mailmessage.StatusFailed && row.Confidential && row.TextBody == "":
			// An administrator retried it, but its link was erased once it
			// failed: a new one must be asked for.
			errs[i] = jobs.Permanent(errors.New("the message carried a sign-in link, erased when it failed: ask for a new link"))
			continue
		}
		// A failed message whose job an administrator retried goes again.
		m, err := d.build(ctx, row, replyTo)
		var later errRenderLater
		switch {
		case errors.As(err, &later):
			// The document could not be made now; the job tries again.
			errs[i] = err
			d.record(ctx, row, err, js[i].Attempts >= js[i].MaxAttempts)
			continue
		case err != nil:
			errs[i] = jobs.Permanent(err)
			d.record(ctx, row, errs[i], true)
			continue
		}
		outgoing, rows, slots = append(outgoing, m), append(rows, row), append(slots, i)
	}
	if len(outgoing) == 0 {
		return errs
	}
	d.transport.Send(ctx, outgoing, func(k int, err error) {
		i := slots[k]
		errs[i] = err
		final := err != nil && (jobs.IsPermanent(err) || js[i].Attempts >= js[i].MaxAttempts)
		d.record(ctx, rows[k], err, final)
	})
	return errs
}

// record writes a message's outcome to the log. A temporary failure keeps
// it queued, with the error, until the job's last attempt.
func (d *Deliverer) record(ctx context.Context, row *ent.MailMessage, err error, final bool) {
	ctx = context.WithoutCancel(ctx)
	u := database.Client(ctx, d.db).MailMessage.UpdateOneID(row.ID).AddAttempts(1)
	switch {
	case err == nil:
		u.SetStatus(mailmessage.StatusSent).SetSentAt(nowUTC()).SetError("")
	case final:
		u.SetStatus(mailmessage.StatusFailed).SetError(err.Error())
	default:
		u.SetError(err.Error())
	}
	if row.Confidential && (err == nil || final) {
		// The link it carried stays in the recipient's mailbox only.
		u.SetTextBody("").SetHTMLBody("")
	}
	if uerr := u.Exec(ctx); uerr != nil {
		d.log.Error("record mail outcome", "message", row.ID, "err", uerr)
	}
	if err != nil {
		d.log.Warn("mail not delivered", "message", row.ID, "kind", row.Kind, "final", final, "err", err)
	}
}

// errRenderLater is a document renderer's failure: worth retrying.
type errRenderLater struct{ error }

// build turns a logged message into a MIME message: text and HTML
// alternatives, attachments (rendered now if they are by reference), and
// the recorded headers.
func (d *Deliverer) build(ctx context.Context, row *ent.MailMessage, replyTo string) (*gomail.Msg, error) {
	from := d.from
	m := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	if err := m.From(from); err != nil {
		return nil, fmt.Errorf("sender: %w", err)
	}
	if err := m.AddToFormat(row.ToName, row.ToAddress); err != nil {
		return nil, fmt.Errorf("recipient %q: %w", row.ToAddress, err)
	}
	if replyTo != "" {
		_ = m.ReplyTo(replyTo) // an invalid contact address only loses the Reply-To
	}
	m.Subject(row.Subject)
	m.SetMessageIDWithValue(row.MessageID)
	m.SetDateWithValue(row.CreatedAt)
	m.SetGenHeader(gomail.HeaderContentLang, row.Lang)
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	var headers map[string]string
	if len(row.Headers) > 0 {
		if err := json.Unmarshal(row.Headers, &headers); err != nil {
			return nil, fmt.Errorf("headers: %w", err)
		}
	}
	for k, v := range headers {
		m.SetGenHeader(gomail.Header(k), v)
	}
	m.SetBodyString(gomail.TypeTextPlain, row.TextBody)
	m.AddAlternativeString(gomail.TypeTextHTML, row.HTMLBody)
	var files []Attachment
	if len(row.Attachments) > 0 {
		if err := json.Unmarshal(row.Attachments, &files); err != nil {
			return nil, fmt.Errorf("attachments: %w", err)
		}
	}
	for _, f := range files {
		if f.Render != "" {
			kind, ref, _ := strings.Cut(f.Render, ":")
			r, ok := d.renderers[kind]
			if !ok {
				return nil, fmt.Errorf("attachment %s: no renderer for %q", f.Name, kind)
			}
			name, data, err := r(ctx, ref)
			if err != nil {
				return nil, errRenderLater{fmt.Errorf("attachment %s: %w", f.Name, err)}
			}
			f.Data = data
			if name != "" {
				f.Name = name
			}
		}
		if err := m.AttachReader(f.Name, bytes.NewReader(f.Data), gomail.WithFileContentType(gomail.ContentType(f.ContentType))); err != nil {
			return nil, fmt.Errorf("attachment %s: %w", f.Name, err)
		}
	}
	return m, nil
}
