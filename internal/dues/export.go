package dues

import (
	"context"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/money"
)

// ExportedPayment is one of a member's payments as they read it in the
// export of their personal data: no identifiers, provider references,
// cheque keys or internal flags, the method and kind in words.
type ExportedPayment struct {
	ReceivedOn string `json:"received_on"`
	Kind       string `json:"kind"`
	// DuesYear is the year of the dues the payment settles.
	DuesYear int `json:"dues_year"`
	// Amount is in the currency's units ("300.00"), negative for a
	// reversal.
	Amount            string           `json:"amount"`
	Currency          string           `json:"currency"`
	Method            string           `json:"method"`
	ChequeNumber      string           `json:"cheque_number,omitempty"`
	Bank              string           `json:"bank,omitempty"`
	TransferReference string           `json:"transfer_reference,omitempty"`
	Reason            string           `json:"reason,omitempty"`
	Reversed          bool             `json:"reversed,omitempty"`
	Receipt           *ExportedReceipt `json:"receipt,omitempty"`
}

// ExportedReceipt is the receipt issued for a payment.
type ExportedReceipt struct {
	Number   string `json:"number"`
	IssuedOn string `json:"issued_on"`
}

// MethodKey is the translation key of a payment method.
func MethodKey(m payment.Method) string {
	switch m {
	case payment.MethodCash:
		return "dues.method_cash"
	case payment.MethodCheque:
		return "dues.method_cheque"
	case payment.MethodTransfer:
		return "dues.method_transfer"
	}
	return "dues.method_card"
}

// PaymentKindKey is the translation key of a kind of journal entry (a
// payment, or the reversal that cancels one).
func PaymentKindKey(k payment.Kind) string { return "payment_kind." + string(k) }

// ExportOwnPayments lists a member's payments and their receipts, oldest
// first, for the export of their personal data; t translates message keys
// into the reader's language.
func (s *Service) ExportOwnPayments(ctx context.Context, memberID int, t func(key string, args ...any) string) ([]ExportedPayment, error) {
	ps, err := database.Client(ctx, s.db).Payment.Query().Where(payment.MemberID(memberID)).
		WithReceipt().WithCharge(func(q *ent.DuesChargeQuery) { q.WithPeriod() }).
		Order(ent.Asc(payment.FieldReceivedOn), ent.Asc(payment.FieldCreatedAt)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ExportedPayment, 0, len(ps))
	for _, p := range ps {
		x := ExportedPayment{ReceivedOn: p.ReceivedOn.Format(time.DateOnly), Kind: t(PaymentKindKey(p.Kind)),
			Amount: money.Plain(p.Amount, p.Currency), Currency: p.Currency, Method: t(MethodKey(p.Method)),
			ChequeNumber: p.ChequeNumber, Bank: p.Bank, TransferReference: p.TransferReference, Reason: p.Reason,
			Reversed: p.Kind == payment.KindPayment && !p.Active}
		if c := p.Edges.Charge; c != nil && c.Edges.Period != nil {
			x.DuesYear = c.Edges.Period.Year
		}
		if r := p.Edges.Receipt; r != nil {
			x.Receipt = &ExportedReceipt{Number: r.Number, IssuedOn: r.IssuedAt.Format(time.DateOnly)}
		}
		out = append(out, x)
	}
	return out, nil
}
