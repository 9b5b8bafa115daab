package dues_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/checkout"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/mailmessage"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/ent/webhookevent"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/i18n"
	"github.com/omsn/majlis/internal/jobs"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/payments"
	"github.com/omsn/majlis/internal/payments/stripetest"
	"github.com/omsn/majlis/internal/testdb"
)

const webhookSecret = "whsec_majlis_test"

// online adds Stripe (stripe-mock) and the real mailer to a fixture.
func online(t testing.TB, f *fixture, api string) {
	t.Helper()
	p, err := payments.NewStripe(stripetest.TestSecretKey, webhookSecret, api)
	if err != nil {
		t.Fatal(err)
	}
	catalog, err := i18n.Load(slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("https://majlis.omsn.example")
	m, err := mail.NewMailer(f.db.Ent, jobs.NewQueue(f.db.Ent), catalog, mail.Settings{From: "noreply@omsn.example", BaseURL: base},
		func(context.Context) (mail.Identity, error) {
			return mail.Identity{Name: map[string]string{"fr": "OMSN"}}, nil
		})
	if err != nil {
		t.Fatal(err)
	}
	f.svc.Provider, f.svc.Mail, f.svc.BaseURL = p, m, base
}

// withAccount gives a member a sign-in account, as online payment needs.
func (f *fixture) withAccount(t testing.TB, m *ent.Member) int {
	t.Helper()
	ctx := context.Background()
	u := f.db.Ent.User.Create().SetEmail(m.Email).SetPasswordHash("x").SaveX(ctx)
	f.db.Ent.Member.UpdateOne(m).SetUserID(u.ID).ExecX(ctx)
	return u.ID
}

// checkoutOf opens the payment page of a member's debt and returns its
// session id.
func (f *fixture) checkoutOf(t testing.TB, userID int, c *ent.DuesCharge) string {
	t.Helper()
	url, err := f.svc.StartCheckout(context.Background(), userID, c.ID, "fr")
	if err != nil || !strings.HasPrefix(url, "https://") {
		t.Fatalf("checkout: %q %v", url, err)
	}
	return f.db.Ent.Checkout.Query().Where(checkout.ChargeID(c.ID)).Order(ent.Desc(checkout.FieldID)).FirstX(context.Background()).SessionID
}

func deliver(t testing.TB, f *fixture, eventType string, object map[string]any, opts ...stripetest.EventOption) (*ent.WebhookEvent, error) {
	t.Helper()
	payload, sig := stripetest.SignedEvent(t, webhookSecret, eventType, object, opts...)
	return f.svc.HandleWebhook(context.Background(), payload, sig)
}

func TestAnOnlinePaymentIsRecordedOnlyFromItsSignedEventAndOnce(t *testing.T) {
	api := stripetest.StartMock(t)
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := setup(t, db)
		online(t, f, api)
		ctx := context.Background()
		m := f.member(t, "active", member.StatusLapsed, date(2023, 1, 10))
		user := f.withAccount(t, m)
		other := f.member(t, "active", member.StatusActive, date(2023, 1, 10))
		otherUser := f.withAccount(t, other)
		f.svc.OpenPeriod(ctx, 2026, 0)
		c := f.chargeOf(t, m)

		// Nobody pays another member's dues page.
		if _, err := f.svc.StartCheckout(ctx, otherUser, c.ID, "fr"); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("another member's debt: %v", err)
		}
		session := f.checkoutOf(t, user, c)
		if db.Ent.Payment.Query().CountX(ctx) != 0 {
			t.Fatal("a payment was recorded before the provider confirmed it")
		}

		// A forged event changes nothing.
		payload, _ := stripetest.SignedEvent(t, "whsec_someone_else", "checkout.session.completed", stripetest.CheckoutCompleted(session, "charge:1", 30000, "MAD"))
		_, sig := stripetest.SignedEvent(t, webhookSecret, "checkout.session.completed", stripetest.CheckoutCompleted(session, "charge:1", 30000, "MAD"))
		if _, err := f.svc.HandleWebhook(ctx, payload, sig); !errors.Is(err, payments.ErrBadSignature) {
			t.Fatalf("forged event: %v", err)
		}
		if _, err := deliver(t, f, "checkout.session.completed", stripetest.CheckoutCompleted(session, "", 30000, "MAD"),
			stripetest.WithTimestamp(time.Now().Add(-time.Hour))); !errors.Is(err, payments.ErrBadSignature) {
			t.Fatalf("stale event: %v", err)
		}
		if _, err := deliver(t, f, "checkout.session.completed", stripetest.CheckoutCompleted(session, "", 30000, "MAD"),
			stripetest.WithTimestamp(time.Now().Add(time.Hour))); !errors.Is(err, payments.ErrBadSignature) {
			t.Fatalf("event signed an hour ahead: %v", err)
		}
		if n := db.Ent.WebhookEvent.Query().CountX(ctx); n != 0 {
			t.Fatalf("%d events recorded from refused deliveries", n)
		}

		completed := stripetest.CheckoutCompleted(session, "charge:x", 30000, "MAD")
		payload, sig = stripetest.SignedEvent(t, webhookSecret, "checkout.session.completed", completed, stripetest.WithID("evt_paid_once"))
		ev, err := f.svc.HandleWebhook(ctx, payload, sig)
		if err != nil || ev.Outcome != webhookevent.OutcomeProcessed || ev.PaymentID == nil {
			t.Fatalf("completed: %+v %v", ev, err)
		}
		// The same delivery again, and at once from two places: nothing doubles.
		for range 3 {
			again, err := f.svc.HandleWebhook(ctx, payload, sig)
			if err != nil || again.ID != ev.ID {
				t.Fatalf("replay: %v", err)
			}
		}
		if n := db.Ent.Payment.Query().CountX(ctx); n != 1 {
			t.Fatalf("%d payments after replays", n)
		}
		p := db.Ent.Payment.GetX(ctx, *ev.PaymentID)
		if p.Method != payment.MethodCard || p.Amount != 30000 || *p.ProviderSessionID != session {
			t.Fatalf("payment %+v", p)
		}
		if got := db.Ent.Member.GetX(ctx, m.ID); got.Status != member.StatusActive {
			t.Fatalf("a lapsed member who paid is %s", got.Status)
		}
		receipt := db.Ent.MailMessage.Query().Where(mailmessage.Kind("receipt"), mailmessage.MemberID(m.ID)).OnlyX(ctx)
		if !strings.Contains(string(receipt.Attachments), `"render":"receipt:`+strconv.Itoa(p.ID)+`"`) || receipt.Subject != "Votre reçu de cotisation" {
			t.Fatalf("receipt mail: %q %s", receipt.Subject, receipt.Attachments)
		}
		// The attachment, made when the mail goes, is the numbered receipt.
		name, pdf, err := f.svc.ReceiptOfPayment(ctx, p.ID)
		if err != nil || name != "recu-2026-000001.pdf" || !strings.HasPrefix(string(pdf), "%PDF") {
			t.Fatalf("receipt attachment: %s %v", name, err)
		}
		// Another event for the same page (a provider's duplicate with a new
		// id): flagged, not counted.
		if ev, err := deliver(t, f, "checkout.session.completed", completed); err != nil || ev.Outcome != webhookevent.OutcomeFlagged {
			t.Fatalf("second completion: %+v %v", ev, err)
		}
		if n := db.Ent.Receipt.Query().CountX(ctx); n != 1 {
			t.Fatalf("%d receipts for one debt", n)
		}
	})
}

func TestWrongAmountsUnknownPagesAndOutOfOrderEventsAreHandled(t *testing.T) {
	api := stripetest.StartMock(t)
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := setup(t, db)
		online(t, f, api)
		ctx := context.Background()
		var sessions []string
		var charges []*ent.DuesCharge
		ms := make([]*ent.Member, 3)
		for i := range ms {
			ms[i] = f.member(t, "active", member.StatusActive, date(2023, 1, 10))
		}
		f.svc.OpenPeriod(ctx, 2026, 0)
		for _, m := range ms {
			c := f.chargeOf(t, m)
			charges = append(charges, c)
			sessions = append(sessions, f.checkoutOf(t, f.withAccount(t, m), c))
		}
		flagged := func(object map[string]any, want, code string) *ent.WebhookEvent {
			t.Helper()
			ev, err := deliver(t, f, "checkout.session.completed", object)
			if err != nil || ev.Outcome != webhookevent.OutcomeFlagged || !strings.Contains(ev.Reason, want) || ev.Flag == nil || ev.Flag.Code != code {
				t.Fatalf("want flagged %q (%s), got %+v %v", want, code, ev, err)
			}
			return ev
		}
		// The amounts are kept in centimes with their currency, for the
		// pages to format; the plain reason says them in units.
		mismatch := flagged(stripetest.CheckoutCompleted(sessions[0], "", 20000, "MAD"), "paid 200.00 MAD, asked 300.00 MAD", payments.FlagAmountMismatch)
		if got := mismatch.Flag.Amounts; got[payments.FlagPaid] != (payments.Amount{Value: 20000, Currency: "MAD"}) ||
			got[payments.FlagAsked] != (payments.Amount{Value: 30000, Currency: "MAD"}) {
			t.Fatalf("flag amounts: %+v", got)
		}
		flagged(stripetest.CheckoutCompleted(sessions[0], "", 30000, "EUR"), "asked 300.00 MAD", payments.FlagAmountMismatch)
		flagged(stripetest.CheckoutCompleted("cs_test_unknown", "", 30000, "MAD"), "unknown payment page", payments.FlagUnknownPage)
		if n := db.Ent.Payment.Query().CountX(ctx); n != 0 {
			t.Fatalf("%d payments from wrong events", n)
		}

		// A refund that arrives before its payment: nothing is recorded,
		// and the provider is asked to send it again later.
		pi := "pi_" + strings.TrimPrefix(sessions[1], "cs_")
		refund := stripetest.ChargeRefunded("ch_1", pi, 30000, "MAD")
		payload, sig := stripetest.SignedEvent(t, webhookSecret, "charge.refunded", refund, stripetest.WithID("evt_refund_early"))
		if _, err := f.svc.HandleWebhook(ctx, payload, sig); !errors.Is(err, dues.ErrRetryLater) {
			t.Fatalf("early refund: %v", err)
		}
		if db.Ent.WebhookEvent.Query().Where(webhookevent.EventID("evt_refund_early")).ExistX(ctx) {
			t.Fatal("an event to retry was recorded as handled")
		}
		// The receipt goes in the language of the member's account.
		db.Ent.User.UpdateOneID(*db.Ent.Member.GetX(ctx, ms[1].ID).UserID).SetPreferredLanguage("ar").ExecX(ctx)
		completed, completedSig := stripetest.SignedEvent(t, webhookSecret, "checkout.session.completed",
			stripetest.CheckoutCompleted(sessions[1], "", 30000, "MAD"), stripetest.WithID("evt_paid_then_refunded"))
		paid, err := f.svc.HandleWebhook(ctx, completed, completedSig)
		if err != nil || paid.Outcome != webhookevent.OutcomeProcessed {
			t.Fatalf("completion: %+v %v", paid, err)
		}
		if m := db.Ent.MailMessage.Query().Where(mailmessage.Kind("receipt"), mailmessage.MemberID(ms[1].ID)).OnlyX(ctx); m.Lang != "ar" {
			t.Fatalf("receipt mail in %q, want the account's language", m.Lang)
		}
		ev, err := f.svc.HandleWebhook(ctx, payload, sig) // the retried refund
		if err != nil || ev.Outcome != webhookevent.OutcomeProcessed {
			t.Fatalf("refund: %+v %v", ev, err)
		}
		if c := db.Ent.DuesCharge.GetX(ctx, charges[1].ID); c.Status != duescharge.StatusOpen {
			t.Fatal("a refunded debt is not open again")
		}
		// The payment's event delivered again once its debt is open again:
		// it was handled already, and pays nothing twice.
		if again, err := f.svc.HandleWebhook(ctx, completed, completedSig); err != nil || again.ID != paid.ID {
			t.Fatalf("replay after the refund: %+v %v", again, err)
		}
		if c := db.Ent.DuesCharge.GetX(ctx, charges[1].ID); c.Status != duescharge.StatusOpen ||
			db.Ent.Payment.Query().Where(payment.ChargeID(charges[1].ID)).CountX(ctx) != 2 {
			t.Fatal("a replayed event paid a debt again")
		}
		rev := db.Ent.Payment.Query().Where(payment.KindEQ(payment.KindReversal)).OnlyX(ctx)
		if rev.Amount != -30000 || !strings.Contains(rev.Reason, "evt_refund_early") {
			t.Fatalf("reversal %+v", rev)
		}
		// A refund of a payment never recorded (it was flagged) is not
		// retried for ever: after a day it is flagged.
		old := stripetest.ChargeRefunded("ch_9", "pi_never_recorded", 30000, "MAD")
		if ev, err := deliver(t, f, "charge.refunded", old, stripetest.WithCreated(f.now.Add(-48*time.Hour))); err != nil || ev.Outcome != webhookevent.OutcomeFlagged {
			t.Fatalf("old refund of an unknown payment: %+v %v", ev, err)
		}
		// A dispute is for the treasurer to look at.
		if ev, err := deliver(t, f, "charge.dispute.created", stripetest.DisputeCreated("dp_1", "ch_2", pi, 30000, "MAD")); err != nil || ev.Outcome != webhookevent.OutcomeFlagged {
			t.Fatalf("dispute: %+v %v", ev, err)
		}
		if list, _ := f.svc.Flagged(ctx, 10); len(list) != 5 {
			t.Fatalf("%d flagged events", len(list))
		}
		// Paid by cheque meanwhile, then paid online: flagged for a refund.
		if _, err := f.svc.RecordOffline(ctx, dues.OfflinePayment{ChargeID: charges[2].ID, Method: payment.MethodCash, Amount: 30000, ReceivedOn: today, ActorID: 1}); err != nil {
			t.Fatal(err)
		}
		flagged(stripetest.CheckoutCompleted(sessions[2], "", 30000, "MAD"), "already paid", payments.FlagAlreadyPaid)
	})
}

func TestAnEventDeliveredSeveralTimesAtOnceIsRecordedOnce(t *testing.T) {
	api := stripetest.StartMock(t)
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := setup(t, db)
		online(t, f, api)
		ctx := context.Background()
		m := f.member(t, "active", member.StatusActive, date(2023, 1, 10))
		user := f.withAccount(t, m)
		f.svc.OpenPeriod(ctx, 2026, 0)
		c := f.chargeOf(t, m)
		session := f.checkoutOf(t, user, c)
		payload, sig := stripetest.SignedEvent(t, webhookSecret, "checkout.session.completed",
			stripetest.CheckoutCompleted(session, "", 30000, "MAD"), stripetest.WithID("evt_at_once"))
		const n = 4
		got := make([]*ent.WebhookEvent, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[i], errs[i] = f.svc.HandleWebhook(ctx, payload, sig)
			}()
		}
		wg.Wait()
		for i := range n {
			if errs[i] != nil || got[i].ID != got[0].ID || got[i].Outcome != webhookevent.OutcomeProcessed {
				t.Fatalf("delivery %d: %+v %v", i, got[i], errs[i])
			}
		}
		if p, r, mails := db.Ent.Payment.Query().CountX(ctx), db.Ent.Receipt.Query().CountX(ctx),
			db.Ent.MailMessage.Query().CountX(ctx); p != 1 || r != 1 || mails != 1 {
			t.Fatalf("%d payments, %d receipts, %d mails for one event", p, r, mails)
		}
	})
}
