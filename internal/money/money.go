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
)

// decimals lists the currencies whose smallest unit is not a hundredth of the
// main unit (ISO 4217 minor units). Every other code has two decimals, which
// covers MAD, EUR and USD, the currencies the association actually handles.
var decimals = map[string]int{
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
	"CLP": 0, "ISK": 0, "JPY": 0, "KRW": 0, "VND": 0, "XAF": 0, "XOF": 0,
}

// Decimals returns how many decimal digits the currency's smallest unit
// represents, so that callers parsing user input scale it the same way
// Format and InWordsFR read it back. Unknown codes are assumed to have two.
func Decimals(currency string) int {
	if d, ok := decimals[normCurrency(currency)]; ok {
		return d
	}
	return 2
}

// normCurrency lets callers pass codes as stored or typed ("mad", " MAD ").
func normCurrency(currency string) string {
	return strings.ToUpper(strings.TrimSpace(currency))
}

// Separators used by Format. The French grouping separator is the narrow
// no-break space recommended by French typography (and CLDR), so that an
// amount never breaks across lines; the space before the currency code is a
// no-break space for the same reason.
const (
	narrowNBSP = "\u202F"
	nbsp       = "\u00A0"
)

// Format writes amount (in the currency's smallest unit) in figures followed
// by the currency code:
//
//	fr: "1 250,00 MAD"  (U+202F between groups, U+00A0 before the code)
//	en: "1,250.00 MAD"
//	ar: "1,250.00 MAD"
//
// Arabic uses Western (Latin) digits with the English separators because that
// is how amounts are written in Morocco, on bank documents and in Arabic text
// alike; Eastern Arabic digits would look foreign to members. In right-to-left
// pages callers should isolate the result (for example in a <bdi> element) so
// the minus sign and the code stay where they belong.
//
// The code always follows the number, in every language, so that the three
// versions of a page show the same thing. Negative amounts get a leading
// ASCII hyphen-minus, which every font and every text extractor handles.
// lang may be a full tag ("fr-MA"); anything other than en or ar is treated
// as French, the application's default language. An empty currency gives the
// number alone.
func Format(amount int64, currency string, lang string) string {
	code := normCurrency(currency)
	group, point, space := ",", ".", " "
	if baseLang(lang) == "fr" {
		group, point, space = narrowNBSP, ",", nbsp
	}

	neg := amount < 0
	// Negating through uint64 keeps math.MinInt64 correct.
	mag := uint64(amount)
	if neg {
		mag = -mag
	}
	d := Decimals(code)
	scale := uint64(1)
	for range d {
		scale *= 10
	}
	units, frac := mag/scale, mag%scale

	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	digits := strconv.FormatUint(units, 10)
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(c)
	}
	if d > 0 {
		b.WriteString(point)
		f := strconv.FormatUint(frac, 10)
		b.WriteString(strings.Repeat("0", d-len(f)))
		b.WriteString(f)
	}
	if code != "" {
		b.WriteString(space)
		b.WriteString(code)
	}
	return b.String()
}

// baseLang reduces a language tag to its primary subtag and falls back to
// French, the application's default.
func baseLang(lang string) string {
	l := strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	switch l {
	case "en", "ar":
		return l
	}
	return "fr"
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
