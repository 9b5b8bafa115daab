package dues

import (
	"github.com/omsn/majlis/ent/predicate"
	entreceipt "github.com/omsn/majlis/ent/receipt"
)

func receiptNumberIs(n string) predicate.Receipt { return entreceipt.Number(n) }

func receiptOfPayment(id int) predicate.Receipt { return entreceipt.PaymentID(id) }
