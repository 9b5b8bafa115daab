package money

import (
	"strings"
	"testing"
)

// TestIntegerFRRules checks spelling rules on every number below 100 000 and
// on a stride of larger ones up to three million: the table tests pin exact
// output, this guards against a rule that holds for the sampled values only.
func TestIntegerFRRules(t *testing.T) {
	seen := make(map[string]int64, 130_000)
	for n := int64(0); n <= 3_000_000; n++ {
		if n > 100_000 {
			n += 96 // 97 is prime, so every last-three-digit ending comes up
		}
		w := integerFR(n)
		if prev, dup := seen[w]; dup {
			t.Fatalf("%d and %d are both written %q", prev, n, w)
		}
		seen[w] = n
		if w == "" || strings.Contains(w, "  ") || strings.TrimSpace(w) != w {
			t.Fatalf("%d: badly spaced %q", n, w)
		}
		words := strings.Fields(w)
		for i, word := range words {
			next := ""
			if i+1 < len(words) {
				next = words[i+1]
			}
			switch {
			case word == "un" && (next == "mille" || next == "cent") && (i == 0 || strings.HasPrefix(words[i-1], "milli")):
				// "mille", "un million mille", but "vingt et un mille", "cent un mille".
				t.Fatalf("%d: %q says %q", n, w, "un "+next)
			case (word == "cents" || strings.HasSuffix(word, "vingts")) &&
				next != "" && next != "millions" && next != "million":
				// Plural s only when no numeral follows.
				t.Fatalf("%d: %q has %q followed by %q", n, w, word, next)
			case word == "mille" && strings.HasSuffix(w, "milles"):
				t.Fatalf("%d: %q pluralises mille", n, w)
			case strings.Contains(word, "vingt-et") || strings.Contains(word, "-et-"):
				t.Fatalf("%d: %q hyphenates et", n, w)
			case strings.Contains(word, "cent-") || strings.Contains(word, "-cent") ||
				strings.Contains(word, "mille-") || strings.Contains(word, "-mille"):
				// Traditional spelling: no hyphen around cent and mille.
				t.Fatalf("%d: %q hyphenates cent or mille", n, w)
			}
			if word == "et" && strings.HasPrefix(next, "un") && i > 0 && words[i-1] == "quatre-vingt" {
				t.Fatalf("%d: %q says quatre-vingt et", n, w)
			}
		}
		if n >= 100 && n%100 == 0 && n < 1000 && n > 100 && !strings.HasSuffix(w, "cents") {
			t.Fatalf("%d: %q lacks the plural s of cents", n, w)
		}
		if n%100 == 80 && !strings.HasSuffix(w, "quatre-vingts") {
			t.Fatalf("%d: %q lacks the plural s of quatre-vingts", n, w)
		}
	}
}
