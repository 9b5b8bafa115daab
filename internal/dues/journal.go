package dues

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/ent/predicate"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/i18n/localefmt"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/receipt"
	"github.com/omsn/majlis/internal/textinput"
)

// OfflinePayment is a payment the treasurer received by hand.
type OfflinePayment struct {
	ChargeID int
	Method   payment.Method // cash, cheque or transfer
	// Amount must be exactly what the charge asks.
	Amount            int64
	ChequeNumber      string
	Bank              string
	TransferReference string
	ReceivedOn        time.Time
	ActorID           int
}

// RecordOffline records a payment received by cash, cheque or transfer,
// issues its receipt and mails it, in one transaction.
func (s *Service) RecordOffline(ctx context.Context, in OfflinePayment) (*ent.Payment, error) {
	v := &apperr.ValidationError{}
	textinput.Lines(v, map[string]string{"cheque_number": in.ChequeNumber, "bank": in.Bank, "transfer_reference": in.TransferReference})
	in.ChequeNumber, in.Bank, in.TransferReference = strings.TrimSpace(in.ChequeNumber), strings.TrimSpace(in.Bank), strings.TrimSpace(in.TransferReference)
	switch in.Method {
	case payment.MethodCash:
	case payment.MethodCheque:
		if in.ChequeNumber == "" {
			v.Add("cheque_number", "error.required", nil)
		}
		if in.Bank == "" {
			v.Add("bank", "error.required", nil)
		}
	case payment.MethodTransfer:
		if in.TransferReference == "" {
			v.Add("transfer_reference", "error.required", nil)
		}
	default:
		v.Add("method", "error.choice_invalid", nil)
	}
	if in.Amount <= 0 {
		v.Add("amount", "dues.error.amount_positive", nil)
	}
	if in.ReceivedOn.IsZero() {
		v.Add("received_on", "error.required", nil)
	} else if day(in.ReceivedOn).After(day(s.Now())) {
		v.Add("received_on", "dues.error.future", nil)
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	var out *ent.Payment
	err := database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		c, err := db.DuesCharge.Get(ctx, in.ChargeID)
		if ent.IsNotFound(err) {
			return apperr.Invalid("charge_id", "error.choice_invalid", nil)
		}
		if err != nil {
			return err
		}
		if c.Status == duescharge.StatusPaid {
			return apperr.Invalid("charge_id", "dues.error.already_paid", nil)
		}
		if in.Amount != c.Amount {
			return apperr.Invalid("amount", "dues.error.amount_owed", map[string]any{"Owed": localefmt.Amount{Minor: c.Amount, Currency: c.Currency}})
		}
		if in.Method == payment.MethodCheque {
			dup, err := s.chequeRecorded(ctx, ChequeKey(in.Bank, in.ChequeNumber))
			if err != nil {
				return err
			}
			if dup {
				return apperr.Invalid("cheque_number", "dues.error.cheque_recorded", nil)
			}
		}
		create := db.Payment.Create().SetMethod(in.Method).SetChequeNumber(in.ChequeNumber).SetBank(in.Bank).
			SetNillableChequeKey(chequeKeyOf(in)).SetTransferReference(in.TransferReference).SetReceivedOn(day(in.ReceivedOn)).SetRecordedByUserID(in.ActorID)
		out, err = s.settle(ctx, c, create)
		return err
	})
	if ent.IsConstraintError(err) {
		// Another instance settled the same debt or recorded the same
		// cheque a moment ago, and a unique index decided: say which. The
		// plain client: the transaction is over, what committed decides.
		if c, cerr := s.db.DuesCharge.Get(ctx, in.ChargeID); cerr == nil && c.Status == duescharge.StatusPaid {
			return nil, apperr.Invalid("charge_id", "dues.error.already_paid", nil)
		}
		if in.Method == payment.MethodCheque {
			return nil, apperr.Invalid("cheque_number", "dues.error.cheque_recorded", nil)
		}
	}
	return out, err
}

// ChequeKey is how a cheque is told from another: its bank and number with
// case and white space removed, so that "BMCE Bank" and " bmce  bank" name
// one bank and "001 234" and "001234" one cheque. Stored in cheque_key,
// which a unique index keeps to one active payment per cheque.
func ChequeKey(bank, number string) string {
	squeeze := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, strings.ToLower(s))
	}
	return squeeze(bank) + "|" + squeeze(number)
}

// chequeRecorded reports whether an active payment is the cheque with that
// key. Cheques recorded before cheque_key existed have none: they are
// compared here, the key computed from their bank and number.
func (s *Service) chequeRecorded(ctx context.Context, key string) (bool, error) {
	db := database.Client(ctx, s.db)
	active := []predicate.Payment{payment.MethodEQ(payment.MethodCheque), payment.KindEQ(payment.KindPayment), payment.Active(true)}
	dup, err := db.Payment.Query().Where(append(active, payment.ChequeKey(key))...).Exist(ctx)
	if err != nil || dup {
		return dup, err
	}
	var legacy []struct {
		Bank         string `json:"bank"`
		ChequeNumber string `json:"cheque_number"`
	}
	err = db.Payment.Query().Where(append(active, payment.ChequeKeyIsNil())...).
		Select(payment.FieldBank, payment.FieldChequeNumber).Scan(ctx, &legacy)
	for _, p := range legacy {
		if ChequeKey(p.Bank, p.ChequeNumber) == key {
			return true, err
		}
	}
	return false, err
}

func chequeKeyOf(in OfflinePayment) *string {
	if in.Method != payment.MethodCheque {
		return nil
	}
	k := ChequeKey(in.Bank, in.ChequeNumber)
	return &k
}

// settle records a payment of a charge with its receipt: the charge is
// paid, a lapsed member is reinstated if nothing else is overdue, and the
// receipt is mailed. create carries the method's details.
func (s *Service) settle(ctx context.Context, c *ent.DuesCharge, create *ent.PaymentCreate) (*ent.Payment, error) {
	m, err := s.lockMember(ctx, c.MemberID)
	if err != nil {
		return nil, err
	}
	received, _ := create.Mutation().ReceivedOn()
	claimed, err := s.claim(ctx, c.ID, c.MemberID, c.Amount, c.Currency, received)
	if err != nil {
		return nil, err
	}
	if !claimed {
		return nil, apperr.Invalid("charge_id", "dues.error.already_paid", nil)
	}
	p, err := s.pay(ctx, m, c.ID, c.Amount, c.Currency, create)
	if err != nil {
		return nil, err
	}
	if _, err := s.issue(ctx, m, p); err != nil {
		return nil, err
	}
	return p, nil
}

// claim marks a charge paid, as of the day received, if it is still open
// and is the member's debt of exactly amount in currency, and reports
// whether it did. Being conditional on the charge being open, two payments
// of one debt cannot both claim it (the partial unique index of active
// payments says so too).
func (s *Service) claim(ctx context.Context, chargeID, memberID int, amount int64, currency string, received time.Time) (bool, error) {
	n, err := database.Client(ctx, s.db).DuesCharge.Update().Where(duescharge.ID(chargeID), duescharge.StatusEQ(duescharge.StatusOpen),
		duescharge.MemberID(memberID), duescharge.Amount(amount), duescharge.Currency(currency)).
		SetStatus(duescharge.StatusPaid).SetPaidAt(received).SetPaidMonth(received.Format("2006-01")).Save(ctx)
	return n == 1, err
}

// pay records the payment of a charge just claimed, by a member read and
// locked (lockMember): the journal entry, the member reinstated if lapsed
// and nothing else is overdue, and the mail that will carry the receipt.
// The receipt itself is issued last (issue). create carries the method's
// details.
func (s *Service) pay(ctx context.Context, m *ent.Member, chargeID int, amount int64, currency string, create *ent.PaymentCreate) (*ent.Payment, error) {
	p, err := create.SetMemberID(m.ID).SetChargeID(chargeID).SetKind(payment.KindPayment).
		SetAmount(amount).SetCurrency(currency).SetMonth(monthOf(create)).SetCreatedAt(s.Now()).Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.reinstate(ctx, m); err != nil {
		return nil, err
	}
	if err := s.mailReceipt(ctx, m, p); err != nil {
		return nil, err
	}
	return p, nil
}

// monthOf reads the day received from a payment being created.
func monthOf(create *ent.PaymentCreate) string {
	d, _ := create.Mutation().ReceivedOn()
	return d.Format("2006-01")
}

// issue refreshes the line of the arrears list of m, the member as read
// and locked by lockMember, and numbers the journal entry's receipt: the
// next number of the year's sequence, whose row stays locked until the
// transaction ends, so numbers have no gaps and no duplicates. Every
// payment and reversal takes that lock: it is taken last, so that it is
// held as briefly as can be.
func (s *Service) issue(ctx context.Context, m *ent.Member, p *ent.Payment) (*ent.Receipt, error) {
	db := database.Client(ctx, s.db)
	if err := s.lockArrears(ctx, m); err != nil {
		return nil, err
	}
	if err := s.refreshArrear(ctx, m); err != nil {
		return nil, err
	}
	now := s.Now()
	year := now.Year()
	seq, err := database.NextInSequence(ctx, fmt.Sprintf("receipt:%d", year))
	if err != nil {
		return nil, err
	}
	return db.Receipt.Create().SetPaymentID(p.ID).SetYear(year).SetSeq(int(seq)).
		SetNumber(fmt.Sprintf("%d-%06d", year, seq)).SetIssuedAt(now).Save(ctx)
}

// Reverse cancels a payment by a reversing entry (a mistake, a refund): the
// debt is open again, and the entry gets its own receipt (an avoir). The
// original entry stays in the journal.
func (s *Service) Reverse(ctx context.Context, paymentID int, reason string, actorID int) (*ent.Payment, error) {
	if !textinput.Text(reason) {
		return nil, apperr.Invalid("reason", textinput.MessageKey, nil)
	}
	if strings.TrimSpace(reason) == "" {
		return nil, apperr.Invalid("reason", "error.required", nil)
	}
	var out *ent.Payment
	err := database.WithTx(ctx, s.db, func(ctx context.Context) error {
		var err error
		out, err = s.reverse(ctx, paymentID, strings.TrimSpace(reason), actorID)
		return err
	})
	return out, err
}

func (s *Service) reverse(ctx context.Context, paymentID int, reason string, actorID int) (*ent.Payment, error) {
	db := database.Client(ctx, s.db)
	p, err := db.Payment.Get(ctx, paymentID)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("payment %d: %w", paymentID, apperr.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	if p.Kind != payment.KindPayment || !p.Active {
		return nil, fmt.Errorf("payment %d is not an active payment: %w", paymentID, apperr.ErrConflict)
	}
	m, err := s.lockMember(ctx, p.MemberID)
	if err != nil {
		return nil, err
	}
	n, err := db.Payment.Update().Where(payment.ID(p.ID), payment.Active(true)).SetActive(false).Save(ctx)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, fmt.Errorf("payment %d reversed meanwhile: %w", paymentID, apperr.ErrConflict)
	}
	now := s.Now()
	create := db.Payment.Create().SetMemberID(p.MemberID).SetChargeID(p.ChargeID).SetKind(payment.KindReversal).
		SetAmount(-p.Amount).SetCurrency(p.Currency).SetMethod(p.Method).SetProvider(p.Provider).
		SetProviderPaymentIntent(p.ProviderPaymentIntent).SetReceivedOn(day(now)).SetMonth(day(now).Format("2006-01")).
		SetReversesID(p.ID).SetReason(reason).SetActive(false).SetCreatedAt(now)
	if actorID != 0 {
		create.SetRecordedByUserID(actorID)
	}
	rev, err := create.Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, fmt.Errorf("payment %d reversed meanwhile: %w", paymentID, apperr.ErrConflict)
	}
	if err != nil {
		return nil, err
	}
	if err := db.DuesCharge.UpdateOneID(p.ChargeID).SetStatus(duescharge.StatusOpen).ClearPaidAt().SetPaidMonth("").Exec(ctx); err != nil {
		return nil, err
	}
	if _, err := s.issue(ctx, m, rev); err != nil {
		return nil, err
	}
	return rev, nil
}

// reinstate makes a lapsed member active again once nothing is overdue;
// m is the member as read and locked by the payment (lockMember).
func (s *Service) reinstate(ctx context.Context, m *ent.Member) error {
	db := database.Client(ctx, s.db)
	if m.Status != member.StatusLapsed {
		return nil
	}
	overdue, err := db.DuesCharge.Query().Where(duescharge.MemberID(m.ID), duescharge.StatusEQ(duescharge.StatusOpen),
		duescharge.GraceUntilLT(day(s.Now()))).Exist(ctx)
	if err != nil || overdue {
		return err
	}
	n, err := db.Member.Update().Where(member.ID(m.ID), member.StatusEQ(member.StatusLapsed)).SetStatus(member.StatusActive).Save(ctx)
	if err != nil || n == 0 {
		return err
	}
	m.Status = member.StatusActive
	return db.MemberEvent.Create().SetMemberID(m.ID).SetKind("reinstated").
		SetFromStatus(string(member.StatusLapsed)).SetToStatus(string(member.StatusActive)).SetAt(s.Now()).Exec(ctx)
}

// Lapse moves to lapsed every active member with dues unpaid past their
// grace period; the daily job calls it. It returns how many lapsed.
func (s *Service) Lapse(ctx context.Context) (int, error) {
	today := day(s.Now())
	n := 0
	err := database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		behind := []predicate.Member{member.StatusEQ(member.StatusActive),
			member.HasDuesChargesWith(duescharge.StatusEQ(duescharge.StatusOpen), duescharge.GraceUntilLT(today))}
		ids, err := db.Member.Query().Where(behind...).IDs(ctx)
		if err != nil || len(ids) == 0 {
			return err
		}
		if s.sqlDB.Target.Dialect == database.Postgres {
			// Lock them (payments lock their member too), then read again:
			// a payment committed meanwhile is seen, and its member kept.
			if _, err := db.Member.Query().Where(member.IDIn(ids...)).ForUpdate().IDs(ctx); err != nil {
				return err
			}
			if ids, err = db.Member.Query().Where(append(behind, member.IDIn(ids...))...).IDs(ctx); err != nil {
				return err
			}
		}
		for start := 0; start < len(ids); start += 500 {
			batch := ids[start:min(start+500, len(ids))]
			if _, err := db.Member.Update().Where(member.IDIn(batch...), member.StatusEQ(member.StatusActive)).
				SetStatus(member.StatusLapsed).Save(ctx); err != nil {
				return err
			}
			events := make([]*ent.MemberEventCreate, len(batch))
			for i, id := range batch {
				events[i] = db.MemberEvent.Create().SetMemberID(id).SetKind("lapsed").
					SetFromStatus(string(member.StatusActive)).SetToStatus(string(member.StatusLapsed)).SetAt(s.Now())
			}
			if err := db.MemberEvent.CreateBulk(events...).Exec(ctx); err != nil {
				return err
			}
		}
		n = len(ids)
		return nil
	})
	return n, err
}

// mailReceipt queues the receipt of a payment to the member, its PDF made
// when the mail is sent (so the payment does not wait for it, nor hold the
// receipt numbers while it is made).
func (s *Service) mailReceipt(ctx context.Context, m *ent.Member, p *ent.Payment) error {
	if s.Mail == nil || m.Email == "" {
		return nil
	}
	to := mail.Recipient{Address: m.Email, Name: members.DisplayName(m), Lang: languageOf(m), Member: m}
	_, err := s.Mail.Queue(ctx, mail.Mail{
		Kind: "receipt", To: to, RelatedType: "payment", RelatedID: p.ID,
		Data:        map[string]any{"Amount": p.Amount, "Currency": p.Currency},
		Attachments: []mail.Attachment{{Name: "recu.pdf", ContentType: "application/pdf", Render: "receipt:" + strconv.Itoa(p.ID)}},
	})
	return err
}

// ReceiptOfPayment renders the receipt of a journal entry, named after its
// number: the attachment of the receipt mail.
func (s *Service) ReceiptOfPayment(ctx context.Context, paymentID int) (string, []byte, error) {
	r, err := database.Client(ctx, s.db).Receipt.Query().Where(receiptOfPayment(paymentID)).Only(ctx)
	if err != nil {
		return "", nil, err
	}
	return s.ReceiptPDF(ctx, r.Number, 0)
}

// ReceiptPDF renders the receipt of a journal entry. memberID, when not 0,
// must be the entry's member: a member downloads only their own receipts.
// It reads without a transaction: rendering must not hold SQLite's write
// lock, and an issued receipt never changes.
func (s *Service) ReceiptPDF(ctx context.Context, receiptNumber string, memberID int) (string, []byte, error) {
	r, err := database.Client(ctx, s.db).Receipt.Query().Where(receiptNumberIs(receiptNumber)).WithPayment().Only(ctx)
	if ent.IsNotFound(err) || err == nil && memberID != 0 && r.Edges.Payment.MemberID != memberID {
		return "", nil, fmt.Errorf("receipt %s: %w", receiptNumber, apperr.ErrNotFound)
	}
	if err != nil {
		return "", nil, err
	}
	pdf, err := s.renderReceipt(ctx, s.db, r.Edges.Payment, r)
	return "recu-" + r.Number + ".pdf", pdf, err
}

func (s *Service) renderReceipt(ctx context.Context, db *ent.Client, p *ent.Payment, r *ent.Receipt) ([]byte, error) {
	m, err := db.Member.Get(ctx, p.MemberID)
	if err != nil {
		return nil, err
	}
	c, err := db.DuesCharge.Query().Where(duescharge.ID(p.ChargeID)).WithPeriod().Only(ctx)
	if err != nil {
		return nil, err
	}
	assoc, err := s.Association(ctx)
	if err != nil {
		return nil, err
	}
	number := ""
	if m.Number != nil {
		number = *m.Number
	}
	rc := receipt.Receipt{
		Number: r.Number, IssuedAt: r.IssuedAt, Association: assoc,
		Member: Party{Name: members.DisplayName(m), Number: number, Address: m.Address, City: m.City},
		Period: fmt.Sprintf("Cotisation %d", c.Edges.Period.Year),
		Amount: p.Amount, Currency: p.Currency, Method: methodFR(p), ReceivedOn: p.ReceivedOn,
		Reversal: p.Kind == payment.KindReversal, Reason: p.Reason,
	}
	if rc.Reversal && p.ReversesID != nil {
		orig, err := db.Receipt.Query().Where(receiptOfPayment(*p.ReversesID)).Only(ctx)
		if err != nil {
			return nil, err
		}
		rc.ReversalOf = orig.Number
	}
	pdf, err := receipt.Render(rc)
	if errors.Is(err, receipt.ErrUnsupportedChar) {
		// The PDF fonts have no Arabic script: a name written in it is
		// replaced by the member number, which identifies the member on
		// the receipt as well.
		rc.Member.Name = "Membre n° " + number
		rc.Member.Address, rc.Member.City = "", ""
		pdf, err = receipt.Render(rc)
	}
	return pdf, err
}

// methodFR describes how a payment was made, for the receipt (in French,
// the language of the association's accounts).
func methodFR(p *ent.Payment) string {
	switch p.Method {
	case payment.MethodCheque:
		return fmt.Sprintf("Chèque n° %s, %s", p.ChequeNumber, p.Bank)
	case payment.MethodTransfer:
		return "Virement bancaire, référence " + p.TransferReference
	case payment.MethodCard:
		return "Carte bancaire, paiement en ligne"
	}
	return "Espèces"
}
