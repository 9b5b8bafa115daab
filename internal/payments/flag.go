package payments

// Flag says why a provider's event was not recorded and needs the
// treasurer's attention, in a form each page can put in its own words: a
// code naming the situation and its arguments. Amounts stay in the
// currency's smallest unit, with their currency, so that the page formats
// them as money in the reader's language ("250,00 MAD"), never as the raw
// centimes the provider sent.
type Flag struct {
	// Code names the situation; see the Flag… constants.
	Code string `json:"code"`
	// Amounts are the sums at stake, by role (FlagPaid, FlagAsked…).
	Amounts map[string]Amount `json:"amounts,omitempty"`
	// Ref is the provider's reference the treasurer looks up in its
	// dashboard (a payment page or a payment), if any.
	Ref string `json:"ref,omitempty"`
}

// Amount is a sum of money in the currency's smallest unit.
type Amount struct {
	Value    int64  `json:"value"`
	Currency string `json:"currency"`
}

// Codes of Flag.
const (
	FlagUnknownPage     = "unknown_page"      // a payment on a page the application did not open
	FlagAmountMismatch  = "amount_mismatch"   // paid another sum than the page asked
	FlagAlreadyPaid     = "already_paid"      // the debt was paid meanwhile: refund the member
	FlagOwedChanged     = "owed_changed"      // the debt no longer owes what was paid
	FlagWrongMember     = "wrong_member"      // the page's member is not the debt's
	FlagRefundNoPayment = "refund_no_payment" // a refund naming no payment
	FlagRefundUnknown   = "refund_unknown"    // a refund of a payment not in the journal
	FlagPartialRefund   = "partial_refund"    // a refund of part of a payment
	FlagDispute         = "dispute"           // the member disputes a payment with their bank
)

// Roles of Flag.Amounts.
const (
	FlagPaid     = "Paid"
	FlagAsked    = "Asked"
	FlagOwed     = "Owed"
	FlagRefunded = "Refunded"
	FlagDisputed = "Disputed"
)
