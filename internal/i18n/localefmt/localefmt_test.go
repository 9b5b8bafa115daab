package localefmt_test

import (
	"testing"
	"time"

	"github.com/omsn/majlis/internal/i18n/localefmt"
)

// The expected strings are CLDR 42's (as ICU 72 writes them), except the
// French group separator, which is U+202F as in CLDR 34 and later (see the
// package comment).
const (
	nb  = "\u00A0" // NO-BREAK SPACE: before "%" in French, before a currency code
	nn  = "\u202F" // NARROW NO-BREAK SPACE: French digit groups, English "PM"
	rlm = "\u200F" // RIGHT-TO-LEFT MARK in CLDR ar numeric dates
	lrm = "\u200E" // LEFT-TO-RIGHT MARK around CLDR ar-MA percent and minus signs
)

var moment = time.Date(2026, time.December, 3, 14, 5, 0, 0, time.UTC)

func TestDatesFollowEachLanguagesCLDRPatterns(t *testing.T) {
	tests := []struct {
		name, lang, got, want string
	}{
		{"fr sentence", "fr", localefmt.Date(moment, "fr"), "3 décembre 2026"},
		{"fr table", "fr", localefmt.TableDate(moment, "fr"), "03/12/2026"},
		{"fr date-time", "fr", localefmt.DateTime(moment, "fr"), "3 décembre 2026 à 14:05"},
		{"fr table date-time", "fr", localefmt.TableDateTime(moment, "fr"), "03/12/2026 14:05"},
		{"ar sentence", "ar", localefmt.Date(moment, "ar"), "3 دجنبر 2026"},
		{"ar table", "ar", localefmt.TableDate(moment, "ar"), "03" + rlm + "/12" + rlm + "/2026"},
		{"ar date-time", "ar", localefmt.DateTime(moment, "ar"), "3 دجنبر 2026 في 14:05"},
		{"ar table date-time", "ar", localefmt.TableDateTime(moment, "ar"), "03" + rlm + "/12" + rlm + "/2026، 14:05"},
		{"en sentence", "en", localefmt.Date(moment, "en"), "December 3, 2026"},
		{"en table", "en", localefmt.TableDate(moment, "en"), "Dec 3, 2026"},
		{"en date-time", "en", localefmt.DateTime(moment, "en"), "December 3, 2026 at 2:05" + nn + "PM"},
		{"en table date-time", "en", localefmt.TableDateTime(moment, "en"), "Dec 3, 2026, 2:05" + nn + "PM"},
		{"region is dropped", "fr-MA", localefmt.Date(moment, "fr-MA"), "3 décembre 2026"},
		{"unknown language is French", "de", localefmt.Date(moment, "de"), "3 décembre 2026"},
		{"fr first of the month is an ordinal", "fr", localefmt.Date(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "fr"), "1er janvier 2026"},
		{"fr table keeps the figure", "fr", localefmt.TableDate(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "fr"), "01/01/2026"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

// CLDR ar-MA's months are the ones used in Morocco (يناير … دجنبر), not the
// Middle-Eastern ones (كانون الثاني …) nor ar's default (ديسمبر).
func TestArabicMonthsAreMoroccos(t *testing.T) {
	want := []string{"يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"}
	for i, w := range want {
		if got := localefmt.Month(time.Month(i+1), "ar"); got != w {
			t.Errorf("month %d: got %q, want %q", i+1, got, w)
		}
	}
	fr := []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	for i, w := range fr {
		if got := localefmt.Month(time.Month(i+1), "fr"); got != w {
			t.Errorf("fr month %d: got %q, want %q", i+1, got, w)
		}
	}
}

func TestArabicUsesLatinDigits(t *testing.T) {
	for _, s := range []string{
		localefmt.Date(moment, "ar"), localefmt.TableDateTime(moment, "ar"),
		localefmt.Money(123450, "MAD", "ar"), localefmt.Percent(0.794, "ar"), localefmt.Int(1234, "ar"),
	} {
		for _, r := range s {
			if r >= '\u0660' && r <= '\u0669' || r >= '\u06F0' && r <= '\u06F9' {
				t.Errorf("%q has an Eastern Arabic digit", s)
			}
		}
	}
}

func TestNumbersMoneyAndPercentFollowCLDR(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"fr money groups with U+202F, code after U+00A0", localefmt.Money(123450, "MAD", "fr"), "1" + nn + "234,50" + nb + "MAD"},
		{"fr big money", localefmt.Money(7830000, "MAD", "fr"), "78" + nn + "300,00" + nb + "MAD"},
		{"fr negative money", localefmt.Money(-50000, "MAD", "fr"), "-500,00" + nb + "MAD"},
		{"fr percent has U+00A0 before %", localefmt.Percent(0.794, "fr"), "79,4" + nb + "%"},
		{"fr whole percent", localefmt.Percent(0.5, "fr"), "50" + nb + "%"},
		{"fr int", localefmt.Int(1234, "fr"), "1" + nn + "234"},
		{"fr decimal", localefmt.Decimal(1234.5, 2, "fr"), "1" + nn + "234,50"},
		{"fr small int", localefmt.Int(42, "fr"), "42"},
		{"ar money", localefmt.Money(123450, "MAD", "ar"), "1.234,50" + nb + "MAD"},
		{"ar negative money", localefmt.Money(-1400, "MAD", "ar"), lrm + "-14,00" + nb + "MAD"},
		{"ar percent", localefmt.Percent(0.794, "ar"), "79,4" + lrm + "%" + lrm},
		{"ar int", localefmt.Int(1234, "ar"), "1.234"},
		{"ar negative int", localefmt.Int(-14, "ar"), lrm + "-14"},
		{"en money", localefmt.Money(123450, "MAD", "en"), "1,234.50" + nb + "MAD"},
		{"en percent", localefmt.Percent(0.794, "en"), "79.4%"},
		{"en int", localefmt.Int(1234, "en"), "1,234"},
		{"three-decimal currency", localefmt.Money(1234567, "TND", "fr"), "1" + nn + "234,567" + nb + "TND"},
		{"no currency", localefmt.Money(30000, "", "fr"), "300,00"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
