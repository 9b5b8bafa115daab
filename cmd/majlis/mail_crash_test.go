package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/omsn/majlis/ent/mailmessage"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/i18n"
	"github.com/omsn/majlis/internal/jobs"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/smtptest"
	"github.com/omsn/majlis/internal/testdb"
)

// serveEnv, when set, makes the test binary run `majlis serve` instead of
// the tests, so that a test can start the real server as a process and
// kill it.
const serveEnv = "MAJLIS_TEST_EXEC_SERVE"

func TestMain(m *testing.M) {
	if os.Getenv(serveEnv) == "1" {
		os.Exit(run([]string{"serve"}))
	}
	os.Exit(m.Run())
}

// startServer runs `majlis serve` as a separate process on a database,
// sending mail to an SMTP server.
func startServer(t *testing.T, dbURL string, smtp *smtptest.Server) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), serveEnv+"=1",
		"MAJLIS_DATABASE_URL="+dbURL, "MAJLIS_ADDR="+freeAddr(t),
		"MAJLIS_SMTP_URL=smtp://"+smtp.Addr()+"?tls=none", "MAJLIS_MAIL_FROM=OMSN <noreply@omsn.example>",
		"MAJLIS_JOB_LEASE=2s", "MAJLIS_LOG_LEVEL=warn")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd
}

// TestKillingTheServerMidBatchLosesNoMail queues mail, starts the server,
// kills it (SIGKILL, no chance to clean up) while it is sending, and starts
// it again: every message goes out, and at most the one being sent at the
// moment of the kill goes out twice.
func TestKillingTheServerMidBatchLosesNoMail(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		dbURL := db.Target.DSN
		if db.Target.Dialect == database.SQLite {
			dbURL = "sqlite://" + db.Target.Path
		}
		const total = 1500
		ctx := context.Background()
		catalog, err := i18n.Load(slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		base, _ := url.Parse("http://localhost")
		mailer, err := mail.NewMailer(db.Ent, jobs.NewQueue(db.Ent), catalog, mail.Settings{From: "noreply@omsn.example", BaseURL: base},
			func(context.Context) (mail.Identity, error) {
				return mail.Identity{Name: map[string]string{"fr": "OMSN"}}, nil
			})
		if err != nil {
			t.Fatal(err)
		}
		err = database.WithTx(ctx, db.Ent, func(ctx context.Context) error {
			for i := range total {
				if _, err := mailer.Queue(ctx, mail.Mail{Kind: "application_received",
					To: mail.Recipient{Address: fmt.Sprintf("m%d@example.org", i)}}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		smtp := smtptest.Start(t)

		first := startServer(t, dbURL, smtp)
		smtp.Wait(t, 100, 30*time.Second)
		if err := first.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = first.Wait()
		atKill := smtp.Count()
		if atKill >= total {
			t.Fatalf("everything went out before the kill (%d): the test proves nothing", atKill)
		}

		startServer(t, dbURL, smtp)
		deadline := time.Now().Add(60 * time.Second)
		for db.Ent.MailMessage.Query().Where(mailmessage.StatusEQ(mailmessage.StatusSent)).CountX(ctx) < total {
			if time.Now().After(deadline) {
				t.Fatalf("after the restart, %d of %d messages sent", db.Ent.MailMessage.Query().Where(mailmessage.StatusEQ(mailmessage.StatusSent)).CountX(ctx), total)
			}
			time.Sleep(50 * time.Millisecond)
		}
		seen := map[string]int{}
		for _, m := range smtp.Messages() {
			seen[m.Header.Get("Message-Id")]++
		}
		twice := 0
		for _, msg := range db.Ent.MailMessage.Query().AllX(ctx) {
			switch n := seen["<"+msg.MessageID+">"]; {
			case n == 0:
				t.Errorf("message %d never arrived", msg.ID)
			case n > 1:
				twice++
			}
		}
		t.Logf("killed after %d of %d messages; %d sent twice", atKill, total, twice)
		if twice > 1 {
			t.Errorf("%d messages sent twice; at most the one in flight may be", twice)
		}
	})
}
