package mail_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/smtptest"
	"github.com/omsn/majlis/internal/testdb"
)

// BenchmarkConvocation10k queues 10,000 mails (rendered, logged and
// enqueued in batches of 500 per transaction, as a convocation would be)
// and delivers them with two workers, as two app instances would, to a
// local SMTP server over STARTTLS with authentication. It reports the
// queueing and delivery rates and the peak heap while delivering:
//
//	go test -run '^$' -bench Convocation -benchtime 1x ./internal/mail/
func BenchmarkConvocation10k(b *testing.B) {
	const total = 10_000
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			for range b.N {
				var db *database.DB
				if dialect == "sqlite" {
					db = testdb.SQLite(b)
				} else {
					db = testdb.Postgres(b)
				}
				r := newRig(b, db, smtptest.WithDiscard())
				ctx := context.Background()

				start := time.Now()
				for batch := 0; batch < total; batch += 500 {
					err := database.WithTx(ctx, db.Ent, func(ctx context.Context) error {
						for i := batch; i < batch+500; i++ {
							if _, err := r.mailer.Queue(ctx, mail.Mail{Kind: "application_received", Class: mail.Statutory,
								To: mail.Recipient{Address: fmt.Sprintf("m%d@example.org", i), Name: "Membre", Lang: []string{"fr", "ar", "en"}[i%3]}}); err != nil {
								return err
							}
						}
						return nil
					})
					if err != nil {
						b.Fatal(err)
					}
				}
				queued := time.Since(start)

				var peak atomic.Uint64
				stop := make(chan struct{})
				go func() {
					var ms runtime.MemStats
					for {
						runtime.ReadMemStats(&ms)
						if ms.HeapInuse > peak.Load() {
							peak.Store(ms.HeapInuse)
						}
						select {
						case <-stop:
							return
						case <-time.After(20 * time.Millisecond):
						}
					}
				}()
				start = time.Now()
				var wg sync.WaitGroup
				for range 2 {
					w := r.newWorker(b)
					wg.Add(1)
					go func() {
						defer wg.Done()
						for r.server.Count() < total {
							if _, err := w.RunOnce(ctx); err != nil {
								b.Error(err)
								return
							}
						}
					}()
				}
				wg.Wait()
				delivered := time.Since(start)
				close(stop)
				if n := r.server.Count(); n != total {
					b.Fatalf("%d of %d delivered", n, total)
				}
				b.ReportMetric(float64(total)/queued.Seconds(), "queued/s")
				b.ReportMetric(float64(total)/delivered.Seconds(), "delivered/s")
				b.ReportMetric(delivered.Seconds(), "s-to-deliver")
				b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
			}
		})
	}
}
