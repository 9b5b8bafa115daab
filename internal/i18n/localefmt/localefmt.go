// Package localefmt writes dates, numbers, amounts of money and percentages
// the way each language of the interface writes them, from CLDR data:
//
//	        sentence date     table date     amount             percent
//	fr      3 décembre 2026   03/12/2026     1 234,50 MAD       79,4 %
//	ar      3 دجنبر 2026      03‏/12‏/2026    1.234,50 MAD       79,4‎%‎
//	en      December 3, 2026  Dec 3, 2026    1,234.50 MAD       79.4%
//
// Arabic follows CLDR's ar-MA (Morocco): its month names (يناير … دجنبر)
// and Western (Latin) digits, its default numbering system there.
//
// Numbers come from golang.org/x/text/number, which carries CLDR's number
// symbols and patterns. golang.org/x/text has no public date formatter: its
// date package holds CLDR calendar data but exports nothing, and
// golang.org/x/text/unicode/cldr only decodes a CLDR archive that is not
// shipped with it (nothing is downloaded at run time). No maintained date
// library with CLDR data resolves through the module proxy here either, so
// the few calendar facts used (month names, and which CLDR pattern serves
// sentences and tables) are kept below as data, each copied from CLDR 42
// and checked by this package's tests.
//
// One deliberate departure: golang.org/x/text v0.43 embeds CLDR 32, which
// groups French digits with U+00A0; CLDR 34 and later use U+202F NARROW
// NO-BREAK SPACE, as French typography does. French group separators are
// therefore U+202F; the space before "%" and before the currency code stays
// U+00A0, as in current CLDR. Neither lets a figure break across lines.
package localefmt

import (
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Space characters the formats use; tests name them.
const (
	NBSP       = "\u00A0" // before "%" (fr) and before a currency code
	NarrowNBSP = "\u202F" // between groups of French digits; before AM/PM (en)
	RLM        = "\u200F" // keeps an Arabic numeric date's order in CLDR's ar patterns
)

// lang is one supported language's CLDR data.
type lang struct {
	tag     language.Tag
	months  [12]string // CLDR months, format context, wide
	short   [12]string // CLDR months, format context, abbreviated ("" when unused)
	long    func(d, m, y string) string
	table   func(dd, mm, y, mon, d string) string
	at      string // joins a sentence date to its time (CLDR dateTimeFormat long)
	tableAt string // joins a table date to its time (CLDR dateTimeFormat medium/short)
	clock   func(t time.Time) string
	printer *message.Printer
}

var langs = map[string]*lang{}

func init() {
	fr := &lang{
		tag:    language.French,
		months: [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		// CLDR fr dateFormats: long "d MMMM y", short "dd/MM/y". French
		// writes the first day as an ordinal, "1er", which the pattern
		// cannot say; sentences follow French usage there.
		long: func(d, m, y string) string {
			if d == "1" {
				d = "1er"
			}
			return d + " " + m + " " + y
		},
		table: func(dd, mm, y, _, _ string) string { return dd + "/" + mm + "/" + y },
		// CLDR fr dateTimeFormats: long "{1} 'à' {0}", short "{1} {0}".
		at: " à ", tableAt: " ",
		clock: func(t time.Time) string { return t.Format("15:04") },
	}
	ar := &lang{
		tag:    language.MustParse("ar-MA"),
		months: [12]string{"يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"},
		// CLDR ar-MA dateFormats: long "d MMMM y"; tables take medium
		// "dd‏/MM‏/y" (two-digit day and month line up in a column).
		long:  func(d, m, y string) string { return d + " " + m + " " + y },
		table: func(dd, mm, y, _, _ string) string { return dd + RLM + "/" + mm + RLM + "/" + y },
		// CLDR ar dateTimeFormats: long "{1} في {0}", medium "{1}، {0}".
		at: " في ", tableAt: "، ",
		clock: func(t time.Time) string { return t.Format("15:04") },
	}
	en := &lang{
		tag:    language.English,
		months: [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		short:  [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		// CLDR en dateFormats: long "MMMM d, y"; tables take medium
		// "MMM d, y", since short "M/d/yy" drops the century.
		long:  func(d, m, y string) string { return m + " " + d + ", " + y },
		table: func(_, _, y, mon, d string) string { return mon + " " + d + ", " + y },
		// CLDR en dateTimeFormats: long "{1} 'at' {0}", medium "{1}, {0}";
		// timeFormats short "h:mm a" with U+202F before the day period.
		at: " at ", tableAt: ", ",
		clock: func(t time.Time) string { return t.Format("3:04") + NarrowNBSP + t.Format("PM") },
	}
	for code, l := range map[string]*lang{"fr": fr, "ar": ar, "en": en} {
		l.printer = message.NewPrinter(l.tag)
		langs[code] = l
	}
}

// of returns a language's data; codes may carry a region ("fr-MA"), and
// anything unknown is French, the application's default.
func of(code string) *lang {
	c := strings.ToLower(strings.TrimSpace(code))
	if i := strings.IndexAny(c, "-_"); i >= 0 {
		c = c[:i]
	}
	if l, ok := langs[c]; ok {
		return l
	}
	return langs["fr"]
}

// Date writes a day as sentences do: "3 décembre 2026".
func Date(t time.Time, code string) string {
	l := of(code)
	return l.long(itoa(t.Day()), l.months[t.Month()-1], itoa(t.Year()))
}

// TableDate writes a day compactly, for tables and lists: "03/12/2026".
func TableDate(t time.Time, code string) string {
	l := of(code)
	return l.table(t.Format("02"), t.Format("01"), itoa(t.Year()), l.short[t.Month()-1], itoa(t.Day()))
}

// DateTime writes a moment to the minute as sentences do:
// "3 décembre 2026 à 14:05".
func DateTime(t time.Time, code string) string {
	l := of(code)
	return Date(t, code) + l.at + l.clock(t)
}

// TableDateTime writes a moment to the minute for tables:
// "03/12/2026 14:05".
func TableDateTime(t time.Time, code string) string {
	l := of(code)
	return TableDate(t, code) + l.tableAt + l.clock(t)
}

// Month writes a month's name: "décembre".
func Month(m time.Month, code string) string {
	if m < time.January || m > time.December {
		return ""
	}
	return of(code).months[m-1]
}

// Int writes a whole number with the language's grouping: "1 234".
func Int(n int64, code string) string {
	l := of(code)
	return l.fixSpaces(l.printer.Sprint(number.Decimal(n)))
}

// Decimal writes a number with exactly digits decimals: "1 234,50".
func Decimal(f float64, digits int, code string) string {
	l := of(code)
	return l.fixSpaces(l.printer.Sprint(number.Decimal(f, number.MinFractionDigits(digits), number.MaxFractionDigits(digits))))
}

// Percent writes a fraction (0.794) as a percentage with at most one
// decimal: "79,4 %".
func Percent(fraction float64, code string) string {
	l := of(code)
	return l.fixSpaces(l.printer.Sprint(number.Percent(fraction, number.MaxFractionDigits(1))))
}

// Money writes an amount counted in the currency's smallest unit, followed
// by the currency's code: "1 234,50 MAD". The code follows the figures in
// every language, so the three versions of a page show the same thing. An
// empty currency gives the figures alone.
func Money(minor int64, currency, code string) string {
	cur := strings.ToUpper(strings.TrimSpace(currency))
	d := MinorUnits(cur)
	l := of(code)
	// The magnitude is formatted from its integer parts so that no amount
	// goes through a float's rounding.
	neg := minor < 0
	mag := uint64(minor)
	if neg {
		mag = -mag
	}
	scale := uint64(1)
	for range d {
		scale *= 10
	}
	units, frac := mag/scale, mag%scale
	s := l.fixSpaces(l.printer.Sprint(number.Decimal(units)))
	if d > 0 {
		f := itoa64(frac)
		s += l.decimalSeparator() + strings.Repeat("0", d-len(f)) + f
	}
	if neg {
		s = l.minus() + s
	}
	if cur != "" {
		s += NBSP + cur
	}
	return s
}

// decimalSeparator is the language's CLDR decimal symbol.
func (l *lang) decimalSeparator() string {
	s := l.printer.Sprint(number.Decimal(1.5, number.MinFractionDigits(1)))
	return strings.Trim(s, "0123456789")
}

// minus is the language's CLDR minus sign, with its bidi mark in Arabic.
func (l *lang) minus() string {
	s := l.printer.Sprint(number.Decimal(-1))
	return strings.TrimSuffix(s, "1")
}

// fixSpaces moves French grouping to U+202F (see the package comment).
func (l *lang) fixSpaces(s string) string {
	if l.tag != language.French || !strings.Contains(s, NBSP) {
		return s
	}
	r := []rune(s)
	for i := 1; i+1 < len(r); i++ {
		if r[i] == '\u00A0' && isDigit(r[i-1]) && isDigit(r[i+1]) {
			r[i] = '\u202F'
		}
	}
	return string(r)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func itoa(n int) string { return strconv.Itoa(n) }

func itoa64(n uint64) string { return strconv.FormatUint(n, 10) }

// minorUnits lists the currencies whose smallest unit is not a hundredth of
// the main unit (ISO 4217 minor units). Every other code has two decimals,
// which covers MAD, EUR and USD, the currencies the association handles.
var minorUnits = map[string]int{
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
	"CLP": 0, "ISK": 0, "JPY": 0, "KRW": 0, "VND": 0, "XAF": 0, "XOF": 0,
}

// MinorUnits returns how many decimal digits a currency's smallest unit
// stands for (ISO 4217); unknown codes have two.
func MinorUnits(currency string) int {
	if d, ok := minorUnits[strings.ToUpper(strings.TrimSpace(currency))]; ok {
		return d
	}
	return 2
}

// Amount is an amount of money as a message's value: the translator writes
// it with Money in the message's language.
type Amount struct {
	Minor    int64
	Currency string
}

// Bidirectional isolates (Unicode UAX #9): the plain-text form of HTML's
// <bdi>, usable where markup is not, in attributes, inside translated
// sentences, in mail subjects and bodies.
const (
	FSI = "\u2068" // FIRST STRONG ISOLATE
	PDI = "\u2069" // POP DIRECTIONAL ISOLATE
)

// Isolate wraps s in FSI…PDI in right-to-left languages, so that an email,
// a date, an amount or a Latin name keeps its own order and stays beside
// its label; other languages get s unchanged.
func Isolate(s, code string) string {
	if s == "" || of(code).tag != langs["ar"].tag {
		return s
	}
	return FSI + s + PDI
}
