package members

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold prepares text for accent-insensitive search: lower case, with Latin
// accents and Arabic vowel marks (harakat, tatweel) removed, so "Chraïbi"
// matches "chraibi" and "مُحَمَّد" matches "محمد".
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), runes.Remove(runes.Predicate(isTatweel)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(strings.Join(strings.Fields(out), " "))
}

func isTatweel(r rune) bool { return r == 'ـ' }
