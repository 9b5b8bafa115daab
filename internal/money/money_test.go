package money_test

import (
	"errors"
	"math"
	"testing"

	"github.com/omsn/majlis/internal/money"
)

func TestFormat(t *testing.T) {
	const (
		nn = "\u202F" // narrow no-break space, French grouping
		nb = "\u00A0" // no-break space before the code, in every language
	)
	tests := []struct {
		amount   int64
		currency string
		lang     string
		want     string
	}{
		{0, "MAD", "fr", "0,00" + nb + "MAD"},
		{5, "MAD", "fr", "0,05" + nb + "MAD"},
		{125000, "MAD", "fr", "1" + nn + "250,00" + nb + "MAD"},
		{125000, "MAD", "en", "1,250.00" + nb + "MAD"},
		{125000, "MAD", "ar", "1.250,00" + nb + "MAD"}, // CLDR ar-MA: Latin digits, "." groups, "," decimals
		{-125000, "MAD", "fr", "-1" + nn + "250,00" + nb + "MAD"},
		{-125000, "MAD", "en", "-1,250.00" + nb + "MAD"},
		{-1, "MAD", "en", "-0.01" + nb + "MAD"},
		{99, "MAD", "en", "0.99" + nb + "MAD"},
		{99999, "MAD", "en", "999.99" + nb + "MAD"},
		{100000, "MAD", "en", "1,000.00" + nb + "MAD"},
		{30050, "EUR", "fr", "300,50" + nb + "EUR"},
		{123456789012, "MAD", "en", "1,234,567,890.12" + nb + "MAD"},
		{123456789012, "MAD", "fr", "1" + nn + "234" + nn + "567" + nn + "890,12" + nb + "MAD"},
		{math.MaxInt64, "USD", "en", "92,233,720,368,547,758.07" + nb + "USD"},
		{math.MinInt64, "USD", "en", "-92,233,720,368,547,758.08" + nb + "USD"},
		{1500, "JPY", "en", "1,500" + nb + "JPY"},
		{1234, "TND", "fr", "1,234" + nb + "TND"},
		{1234567, "TND", "en", "1,234.567" + nb + "TND"},
		{100, "", "en", "1.00"},
		{100, "", "fr", "1,00"},
		{100, " mad ", "fr-MA", "1,00" + nb + "MAD"},
		{100, "MAD", "EN_us", "1.00" + nb + "MAD"},
		{100, "MAD", "ar-MA", "1,00" + nb + "MAD"},
		{-100, "MAD", "ar", "\u200e-1,00" + nb + "MAD"}, // CLDR ar-MA minus carries a left-to-right mark
		{100, "MAD", "de", "1,00" + nb + "MAD"},         // unknown language: French
		{100, "MAD", "", "1,00" + nb + "MAD"},
	}
	for _, tt := range tests {
		if got := money.Format(tt.amount, tt.currency, tt.lang); got != tt.want {
			t.Errorf("Format(%d, %q, %q) = %q, want %q", tt.amount, tt.currency, tt.lang, got, tt.want)
		}
	}
}

func TestDecimals(t *testing.T) {
	for code, want := range map[string]int{"MAD": 2, "EUR": 2, "USD": 2, "GBP": 2, "jpy": 0, "TND": 3, "": 2} {
		if got := money.Decimals(code); got != want {
			t.Errorf("Decimals(%q) = %d, want %d", code, got, want)
		}
	}
}

func TestInWordsFR(t *testing.T) {
	const nine = "neuf cent quatre-vingt-dix-neuf"
	tests := []struct {
		amount   int64 // smallest unit
		currency string
		want     string
	}{
		// Whole dirhams: amount is in centimes, hence the *100.
		{0, "MAD", "zéro dirham"},
		{1 * 100, "MAD", "un dirham"},
		{2 * 100, "MAD", "deux dirhams"},
		{10 * 100, "MAD", "dix dirhams"},
		{11 * 100, "MAD", "onze dirhams"},
		{16 * 100, "MAD", "seize dirhams"},
		{17 * 100, "MAD", "dix-sept dirhams"},
		{19 * 100, "MAD", "dix-neuf dirhams"},
		{20 * 100, "MAD", "vingt dirhams"},
		{21 * 100, "MAD", "vingt et un dirhams"},
		{22 * 100, "MAD", "vingt-deux dirhams"},
		{31 * 100, "MAD", "trente et un dirhams"},
		{45 * 100, "MAD", "quarante-cinq dirhams"},
		{61 * 100, "MAD", "soixante et un dirhams"},
		{69 * 100, "MAD", "soixante-neuf dirhams"},
		{70 * 100, "MAD", "soixante-dix dirhams"},
		{71 * 100, "MAD", "soixante et onze dirhams"},
		{72 * 100, "MAD", "soixante-douze dirhams"},
		{77 * 100, "MAD", "soixante-dix-sept dirhams"},
		{80 * 100, "MAD", "quatre-vingts dirhams"},
		{81 * 100, "MAD", "quatre-vingt-un dirhams"},
		{89 * 100, "MAD", "quatre-vingt-neuf dirhams"},
		{90 * 100, "MAD", "quatre-vingt-dix dirhams"},
		{91 * 100, "MAD", "quatre-vingt-onze dirhams"},
		{99 * 100, "MAD", "quatre-vingt-dix-neuf dirhams"},
		{100 * 100, "MAD", "cent dirhams"},
		{101 * 100, "MAD", "cent un dirhams"},
		{121 * 100, "MAD", "cent vingt et un dirhams"},
		{180 * 100, "MAD", "cent quatre-vingts dirhams"},
		{200 * 100, "MAD", "deux cents dirhams"},
		{201 * 100, "MAD", "deux cent un dirhams"},
		{280 * 100, "MAD", "deux cent quatre-vingts dirhams"},
		{300 * 100, "MAD", "trois cents dirhams"},
		{322 * 100, "MAD", "trois cent vingt-deux dirhams"},
		{999 * 100, "MAD", nine + " dirhams"},
		{1000 * 100, "MAD", "mille dirhams"},
		{1001 * 100, "MAD", "mille un dirhams"},
		{1100 * 100, "MAD", "mille cent dirhams"},
		{2000 * 100, "MAD", "deux mille dirhams"},
		{5000 * 100, "MAD", "cinq mille dirhams"},
		{21000 * 100, "MAD", "vingt et un mille dirhams"},
		{80000 * 100, "MAD", "quatre-vingt mille dirhams"},
		{81000 * 100, "MAD", "quatre-vingt-un mille dirhams"},
		{200000 * 100, "MAD", "deux cent mille dirhams"},
		{280000 * 100, "MAD", "deux cent quatre-vingt mille dirhams"},
		{1000000 * 100, "MAD", "un million de dirhams"},
		{2000000 * 100, "MAD", "deux millions de dirhams"},
		{1000001 * 100, "MAD", "un million un dirhams"},
		{1001000 * 100, "MAD", "un million mille dirhams"},
		{1234567 * 100, "MAD", "un million deux cent trente-quatre mille cinq cent soixante-sept dirhams"},
		{80000000 * 100, "MAD", "quatre-vingts millions de dirhams"},
		{200000000 * 100, "MAD", "deux cents millions de dirhams"},
		{201000000 * 100, "MAD", "deux cent un millions de dirhams"},
		{1e9 * 100, "MAD", "un milliard de dirhams"},
		{1002000000 * 100, "MAD", "un milliard deux millions de dirhams"},
		{2000000001 * 100, "MAD", "deux milliards un dirhams"},
		{999999999999 * 100, "MAD", nine + " milliards " + nine + " millions " + nine + " mille " + nine + " dirhams"},

		// Centimes.
		{1, "MAD", "un centime"},
		{50, "MAD", "cinquante centimes"},
		{99, "MAD", "quatre-vingt-dix-neuf centimes"},
		{101, "MAD", "un dirham et un centime"},
		{180, "MAD", "un dirham et quatre-vingts centimes"},
		{2121, "MAD", "vingt et un dirhams et vingt et un centimes"},
		{30050, "MAD", "trois cents dirhams et cinquante centimes"},
		{100000050, "MAD", "un million de dirhams et cinquante centimes"},
		{99999999999999, "MAD", nine + " milliards " + nine + " millions " + nine + " mille " + nine + " dirhams et quatre-vingt-dix-neuf centimes"},

		// Other currencies.
		{100, "EUR", "un euro"},
		{250, "EUR", "deux euros et cinquante centimes"},
		{101, "USD", "un dollar et un cent"},
		{20005, "USD", "deux cents dollars et cinq cents"},
		{100, "mad", "un dirham"},
		{1050, "GBP", "dix GBP et cinquante centièmes"},
		{1, "GBP", "un centième"},
		{1500, "JPY", "mille cinq cents JPY"},
		{1001, "TND", "un TND et un millième"},
	}
	for _, tt := range tests {
		got, err := money.InWordsFR(tt.amount, tt.currency)
		if err != nil || got != tt.want {
			t.Errorf("InWordsFR(%d, %q) = %q, %v; want %q", tt.amount, tt.currency, got, err, tt.want)
		}
	}
}

func TestInWordsFRErrors(t *testing.T) {
	tests := []struct {
		amount   int64
		currency string
		want     error
	}{
		{-1, "MAD", money.ErrNegative},
		{math.MinInt64, "MAD", money.ErrNegative},
		{1e12 * 100, "MAD", money.ErrTooLarge},
		{math.MaxInt64, "MAD", money.ErrTooLarge},
		{1e12, "JPY", money.ErrTooLarge},
		{100, "", money.ErrCurrency},
		{100, "DH", money.ErrCurrency},
		{100, "M4D", money.ErrCurrency},
		{100, "DIRHAM", money.ErrCurrency},
	}
	for _, tt := range tests {
		got, err := money.InWordsFR(tt.amount, tt.currency)
		if !errors.Is(err, tt.want) {
			t.Errorf("InWordsFR(%d, %q) = %q, %v; want error %v", tt.amount, tt.currency, got, err, tt.want)
		}
		if got != "" {
			t.Errorf("InWordsFR(%d, %q) returned %q alongside an error", tt.amount, tt.currency, got)
		}
	}
}

func BenchmarkInWordsFR(b *testing.B) {
	for b.Loop() {
		if _, err := money.InWordsFR(123456789, "MAD"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestParseReadsWhatPeopleTypeAndPlainWritesItBack(t *testing.T) {
	for in, want := range map[string]int64{"300": 30000, "300.5": 30050, "300,50": 30050, "1 200": 120000, " 0 ": 0, "1\u00a0200,00": 120000} {
		if got, ok := money.Parse(in, "MAD"); !ok || got != want {
			t.Errorf("Parse(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "-5", "+5", "3.456", "abc", "1.2.3", ",5"} {
		if got, ok := money.Parse(in, "MAD"); ok {
			t.Errorf("Parse(%q) = %d, accepted", in, got)
		}
	}
	if got, ok := money.Parse("1.250", "TND"); !ok || got != 1250 {
		t.Errorf("three decimals: %d %v", got, ok)
	}
	if _, ok := money.Parse("12.5", "JPY"); ok {
		t.Error("decimals accepted for a currency without them")
	}
	for _, c := range []struct {
		amount   int64
		currency string
		want     string
	}{{30050, "MAD", "300.50"}, {5, "MAD", "0.05"}, {1250, "TND", "1.250"}, {1200, "JPY", "1200"}, {-150, "EUR", "-1.50"}} {
		if got := money.Plain(c.amount, c.currency); got != c.want {
			t.Errorf("Plain(%d, %s) = %q, want %q", c.amount, c.currency, got, c.want)
		}
		if c.amount >= 0 {
			if back, ok := money.Parse(money.Plain(c.amount, c.currency), c.currency); !ok || back != c.amount {
				t.Errorf("round trip of %d %s: %d", c.amount, c.currency, back)
			}
		}
	}
}
