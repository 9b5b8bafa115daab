package money

import (
	"errors"
	"fmt"
	"strings"
)

// Errors returned by InWordsFR; test for them with errors.Is.
var (
	// ErrNegative: a receipt states a sum received, which cannot be negative;
	// documents that cancel a payment word the magnitude themselves.
	ErrNegative = errors.New("money: negative amount cannot be written in words")
	// ErrTooLarge: the amount reaches a thousand milliards of main units,
	// beyond the scales written out here (and far beyond any dues).
	ErrTooLarge = errors.New("money: amount too large to be written in words")
	// ErrCurrency: the currency is not a three-letter code, so there is no
	// name to write after the number.
	ErrCurrency = errors.New("money: invalid currency code")
)

// maxWordsUnits bounds the main-unit part InWordsFR accepts: up to
// 999 999 999 999, i.e. "neuf cent quatre-vingt-dix-neuf milliards …".
// Larger scales (billion, billiard) would only invite the long-scale versus
// short-scale confusion on a legal document.
const maxWordsUnits = 999_999_999_999

// currencyName holds the French names of a currency and its subunit, singular
// and plural. All of them are masculine, so "un" never becomes "une".
type currencyName struct {
	one, many       string
	subOne, subMany string
}

var currencyNames = map[string]currencyName{
	"MAD": {"dirham", "dirhams", "centime", "centimes"},
	"EUR": {"euro", "euros", "centime", "centimes"},
	"USD": {"dollar", "dollars", "cent", "cents"},
}

// InWordsFR writes amount, counted in the currency's smallest unit, in French
// words as required on receipts: 30050 MAD gives
// "trois cents dirhams et cinquante centimes".
//
// It follows the traditional (pre-1990) spelling, still the usual one on
// financial documents: hyphens join only tens and units below one hundred
// ("trois cent vingt-deux", "quatre-vingt-dix-sept"), "et" joins un and onze
// to vingt…soixante ("vingt et un", "soixante et onze") but not to
// quatre-vingt ("quatre-vingt-un"); "vingt" and "cent" take an s when
// multiplied and not followed by another numeral ("quatre-vingts",
// "deux cents", "deux cents millions", but "quatre-vingt mille",
// "deux cent un"); "mille" never varies and is never preceded by "un";
// "million" and "milliard" are nouns, so they take an s and need "de" before
// the currency when nothing follows ("un million de dirhams").
//
// Zero and one take the singular ("zéro dirham", "un dirham"). An amount
// below one main unit is written with the subunit alone ("un centime"
// rather than "zéro dirham et un centime"): that is how one says it, and the
// figures printed next to it leave no doubt.
//
// MAD, EUR and USD have French names (dirham/centime, euro/centime,
// dollar/cent). Any other three-letter code is written as is after the
// number, with the subunit called "centième(s)" (or "millième(s)" for
// three-decimal currencies), e.g. "dix GBP et cinquante centièmes".
//
// Negative amounts, amounts of a thousand milliards of main units or more,
// and invalid codes return an error (ErrNegative, ErrTooLarge, ErrCurrency).
func InWordsFR(amount int64, currency string) (string, error) {
	code := normCurrency(currency)
	if len(code) != 3 || strings.Trim(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return "", fmt.Errorf("%w: %q", ErrCurrency, currency)
	}
	if amount < 0 {
		return "", fmt.Errorf("%w: %d", ErrNegative, amount)
	}
	d := Decimals(code)
	scale := int64(1)
	for range d {
		scale *= 10
	}
	units, frac := amount/scale, amount%scale
	if units > maxWordsUnits {
		return "", fmt.Errorf("%w: %d", ErrTooLarge, amount)
	}

	name, known := currencyNames[code]
	if !known {
		sub := "centième"
		if d == 3 {
			sub = "millième"
		}
		name = currencyName{code, code, sub, sub + "s"}
	}

	main := ""
	if units > 0 || frac == 0 {
		w := integerFR(units)
		noun := name.many
		if units <= 1 {
			noun = name.one
		}
		// "million" and "milliard" are nouns: "un million de dirhams".
		if strings.HasSuffix(w, "million") || strings.HasSuffix(w, "millions") ||
			strings.HasSuffix(w, "milliard") || strings.HasSuffix(w, "milliards") {
			noun = "de " + noun
		}
		main = w + " " + noun
	}
	if frac == 0 {
		return main, nil
	}
	sub := integerFR(frac) + " " + name.subMany
	if frac == 1 {
		sub = "un " + name.subOne
	}
	if main == "" {
		return sub, nil
	}
	return main + " et " + sub, nil
}

var unitsFR = [...]string{
	"zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
	"dix", "onze", "douze", "treize", "quatorze", "quinze", "seize",
	"dix-sept", "dix-huit", "dix-neuf",
}

// tensFR is indexed by the tens digit, from 2 (vingt) to 6 (soixante).
var tensFR = [...]string{2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}

// integerFR writes 0 ≤ n ≤ maxWordsUnits in words.
func integerFR(n int64) string {
	if n == 0 {
		return unitsFR[0]
	}
	milliards := int(n / 1_000_000_000)
	millions := int(n / 1_000_000 % 1000)
	thousands := int(n / 1000 % 1000)
	rest := int(n % 1000)

	var parts []string
	// Before million and milliard (nouns) vingt and cent keep their s, as
	// they are not followed by another numeral.
	if milliards > 0 {
		parts = append(parts, below1000FR(milliards, true)+" milliard"+plural(milliards))
	}
	if millions > 0 {
		parts = append(parts, below1000FR(millions, true)+" million"+plural(millions))
	}
	if thousands == 1 {
		parts = append(parts, "mille")
	} else if thousands > 1 {
		// mille is a numeral: "quatre-vingt mille", "deux cent mille".
		parts = append(parts, below1000FR(thousands, false)+" mille")
	}
	if rest > 0 {
		parts = append(parts, below1000FR(rest, true))
	}
	return strings.Join(parts, " ")
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

// below1000FR writes 1 ≤ n ≤ 999. final says that no other numeral follows,
// which is when "vingt" and "cent" may take their plural s.
func below1000FR(n int, final bool) string {
	h, r := n/100, n%100
	var s string
	switch {
	case h == 0:
		return below100FR(r, final)
	case h == 1:
		s = "cent"
	default:
		s = unitsFR[h] + " cent"
		if r == 0 && final {
			s += "s"
		}
	}
	if r > 0 {
		s += " " + below100FR(r, final)
	}
	return s
}

// below100FR writes 1 ≤ n ≤ 99; see below1000FR for final.
func below100FR(n int, final bool) string {
	if n < len(unitsFR) {
		return unitsFR[n]
	}
	t, u := n/10, n%10
	switch t {
	case 7: // soixante-dix … soixante-dix-neuf
		if u == 1 {
			return "soixante et onze"
		}
		return "soixante-" + unitsFR[10+u]
	case 8:
		if u == 0 {
			if final {
				return "quatre-vingts"
			}
			return "quatre-vingt"
		}
		return "quatre-vingt-" + unitsFR[u]
	case 9:
		return "quatre-vingt-" + unitsFR[10+u]
	}
	switch u {
	case 0:
		return tensFR[t]
	case 1:
		return tensFR[t] + " et un"
	}
	return tensFR[t] + "-" + unitsFR[u]
}
