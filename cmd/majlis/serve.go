package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/omsn/majlis/internal/app"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
)

// serve runs the web server and the background worker until SIGINT or
// SIGTERM, then lets requests in flight and the mail batch being sent
// finish (up to 15 s) before closing the database.
func serve(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, log, db, ok := setup(ctx, args)
	if !ok {
		return 1
	}
	defer db.Close()

	svc, err := app.NewServices(ctx, cfg, log, db, app.Options{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "majlis: %v\n", err)
		return 1
	}
	if cfg.Demo {
		seeded, err := demo.Seed(ctx, db.Ent, svc.Hasher)
		if err != nil {
			fmt.Fprintf(os.Stderr, "majlis: demo seed: %v\n", err)
			return 1
		}
		if seeded {
			log.Info("demo association created")
		}
	}
	srv, err := app.NewWeb(ctx, cfg, log, db, svc)
	if err != nil {
		fmt.Fprintf(os.Stderr, "majlis: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "majlis: MAJLIS_ADDR=%s: %v\n", cfg.Addr, err)
		return 1
	}
	go housekeeping(ctx, db, svc, log)
	worker := app.NewWorker(cfg, log, db, svc)
	workerDone := make(chan struct{})
	go func() { worker.Run(ctx); close(workerDone) }()
	if svc.Dues.OnlinePaymentOpen() {
		log.Info("online payment through Stripe", "api", orDefault(cfg.StripeAPIURL, "https://api.stripe.com"))
	} else {
		log.Info("online payment is off: MAJLIS_STRIPE_SECRET_KEY and MAJLIS_STRIPE_WEBHOOK_SECRET are not set; members see only offline payment")
	}
	if cfg.SMTP == nil {
		log.Info("no MAJLIS_SMTP_URL: mail is written to a folder, not sent", "folder", cfg.MailDir)
	} else {
		log.Info("mail is sent through SMTP", "server", cfg.SMTP.String(), "from", cfg.MailFrom)
	}

	log.Info("Majlis is listening", "url", cfg.BaseURL.String(), "addr", ln.Addr().String(),
		"database", database.Redacted(cfg.DatabaseURL), "version", app.Version)
	if cfg.Demo {
		log.Info("demo sign-in", "email", demo.AdminEmail, "password", demo.AdminPassword)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if err != nil {
			log.Error("server stopped", "err", err)
			return 1
		}
		return 0
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		log.Error("shutdown", "err", err)
		return 1
	}
	// The batch being sent finishes and is recorded; what is left waits in
	// the queue for the next start.
	select {
	case <-workerDone:
	case <-sctx.Done():
	}
	return 0
}

// housekeeping deletes expired sessions and stale sign-in counters hourly
// and refreshes SQLite's planner statistics. Any instance may do it; all of
// it is idempotent.
func housekeeping(ctx context.Context, db *database.DB, svc *app.Services, log interface {
	Warn(string, ...any)
}) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if _, err := svc.Sessions.PurgeExpired(ctx); err != nil && ctx.Err() == nil {
			log.Warn("purge expired sessions", "err", err)
		}
		if _, err := svc.Throttle.PurgeStale(ctx); err != nil && ctx.Err() == nil {
			log.Warn("purge sign-in counters", "err", err)
		}
		if err := db.Optimize(ctx); err != nil && ctx.Err() == nil {
			log.Warn("optimize database statistics", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
