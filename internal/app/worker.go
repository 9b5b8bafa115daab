package app

import (
	"context"
	"log/slog"
	"strconv"

	"github.com/omsn/majlis/internal/config"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/jobs"
	"github.com/omsn/majlis/internal/mail"
)

// MailTransport is where mail goes: the SMTP server configured, or else a
// folder of .eml files, so that development needs no mail server.
func MailTransport(c *config.Config) mail.Transport {
	if c.SMTP != nil {
		return c.SMTP
	}
	return mail.Dir{Path: c.MailDir}
}

// NewWorker builds the background worker: it sends mail and runs the daily
// checks. Every instance runs one; the queue's leases share the work.
func NewWorker(c *config.Config, log *slog.Logger, db *database.DB, svc *Services) *jobs.Worker {
	w := jobs.NewWorker(db, log)
	w.Lease = c.JobLease
	d := mail.NewDeliverer(db.Ent, MailTransport(c), c.MailFrom, MailIdentity(svc.Association), log)
	d.Render("receipt", func(ctx context.Context, paymentID string) (string, []byte, error) {
		id, err := strconv.Atoi(paymentID)
		if err != nil {
			return "", nil, err
		}
		return svc.Dues.ReceiptOfPayment(ctx, id)
	})
	d.Register(w)
	svc.Imports.Register(w)
	// Each domain registers its own daily steps; each runs as a job of its
	// own, so one that fails does not stop the others.
	daily := &jobs.Daily{}
	svc.Board.RegisterDaily(daily)
	svc.Dues.RegisterDaily(daily)
	svc.Imports.RegisterDaily(daily)
	svc.Members.RegisterDaily(daily)
	w.RunDaily(daily)
	return w
}
