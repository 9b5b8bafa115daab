// Package money formats amounts of money for people: in figures for screens
// and documents, and in French words for receipts, where the amount written
// out in full is what makes a receipt hard to alter.
//
// Amounts are plain int64 values counted in the currency's smallest unit
// (centimes for the dirham and the euro, cents for the dollar). Integers keep
// sums exact; a dedicated named type was deliberately not introduced so that
// amounts move between the database, forms and this package without
// conversions.
package money

import (
	"strconv"
	"strings"

	"github.com/omsn/majlis/internal/i18n/localefmt"
)

// Decimals returns how many decimal digits the currency's smallest unit
// represents, so that callers parsing user input scale it the same way
// Format and InWordsFR read it back. Unknown codes are assumed to have two.
func Decimals(currency string) int { return localefmt.MinorUnits(currency) }

// normCurrency lets callers pass codes as stored or typed ("mad", " MAD ").
func normCurrency(currency string) string {
	return strings.ToUpper(strings.TrimSpace(currency))
}

// Format writes amount (in the currency's smallest unit) in figures followed
// by the currency code, in lang's convention: "1 234,50 MAD" in French. It is
// localefmt.Money, kept here so every amount the application writes reads
// the same.
func Format(amount int64, currency string, lang string) string {
	return localefmt.Money(amount, currency, lang)
}

// Parse reads an amount typed in a form — "300", "300.50", "300,50",
// "1 200" — as an integer of the currency's smallest unit. Signs and more
// decimals than the currency has are refused.
func Parse(s, currency string) (int64, bool) {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", ",", ".").Replace(strings.TrimSpace(s))
	d := Decimals(currency)
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > d || whole == "" || strings.ContainsAny(whole, "+-") {
		return 0, false
	}
	frac += strings.Repeat("0", d-len(frac))
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	return n, err == nil && n >= 0
}

// Plain writes an amount of the smallest unit as a form shows it back —
// "300.00" — without grouping or currency, so that Parse reads it again.
func Plain(amount int64, currency string) string {
	d := Decimals(currency)
	sign := ""
	if amount < 0 {
		sign, amount = "-", -amount
	}
	if d == 0 {
		return sign + strconv.FormatInt(amount, 10)
	}
	unit := int64(1)
	for range d {
		unit *= 10
	}
	f := strconv.FormatInt(amount%unit, 10)
	return sign + strconv.FormatInt(amount/unit, 10) + "." + strings.Repeat("0", d-len(f)) + f
}
