package app

import (
	"context"
	"encoding/json"
	"log/slog"
	"strconv"
	"time"

	"github.com/omsn/majlis/ent"
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

// DailyJob is the kind of the job run once a day.
const DailyJob = "daily"

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
	w.Daily(DailyJob, func(ctx context.Context, j *ent.Job) error {
		var p struct {
			Day string `json:"day"`
		}
		if err := json.Unmarshal(j.Payload, &p); err != nil {
			return jobs.Permanent(err)
		}
		day, err := time.Parse(time.DateOnly, p.Day)
		if err != nil {
			return jobs.Permanent(err)
		}
		n, err := svc.Board.RemindMandatesEnding(ctx, day)
		if err != nil {
			return err
		}
		lapsed, err := svc.Dues.Lapse(ctx)
		if err != nil {
			return err
		}
		if err := svc.Dues.RebuildArrears(ctx); err != nil {
			return err
		}
		reminded, err := svc.Dues.SendReminders(ctx, day)
		if err != nil {
			return err
		}
		purged, err := svc.Members.PurgeUnconfirmedApplications(ctx)
		if err != nil {
			return err
		}
		log.Info("daily checks", "day", p.Day, "mandate_reminders", n, "lapsed", lapsed, "dues_reminders", reminded,
			"unconfirmed_applications_purged", purged)
		return nil
	})
	return w
}
