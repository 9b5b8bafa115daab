package web

import "testing"

// The rule: a cell starting with = @ tab or CR is a formula and is
// prefixed; one starting with + or - is prefixed unless the rest is only
// digits and the punctuation of numbers and phone numbers, which names no
// function, cell or link.
func TestCSVCellsCannotRunAsFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"=1+1":                     "'=1+1",
		"+212600000000":            "+212600000000", // a phone number, kept
		"+212 6 12 34 56 78":       "+212 6 12 34 56 78",
		"+212-612-345678":          "+212-612-345678",
		"+(212) 6.12.34.56.78":     "+(212) 6.12.34.56.78",
		"-300.00":                  "-300.00", // a negative amount, kept
		"-300,00":                  "-300,00",
		"+":                        "'+",
		"-":                        "'-",
		"- ":                       "'- ",
		"+1+1":                     "'+1+1",
		"-2+3":                     "'-2+3",
		"+SUM(A1:A9)":              "'+SUM(A1:A9)",
		"+212 6 12 cmd":            "'+212 6 12 cmd",
		"-cmd":                     "'-cmd",
		"@SUM(A1)":                 "'@SUM(A1)",
		"Salma Idrissi":            "Salma Idrissi",
		"":                         "",
		"\tx":                      "'\tx",
		"\r=1":                     "'\r=1",
	} {
		if got := safeCell(in); got != want {
			t.Errorf("safeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEachLanguageGetsTheSeparatorsOfItsSpreadsheets(t *testing.T) {
	for lang, want := range map[string]csvDialect{
		"fr": {Comma: ';', Point: ","},
		"ar": {Comma: ';', Point: ","},
		"en": {Comma: ',', Point: "."},
	} {
		if got := csvDialectFor(lang); got != want {
			t.Errorf("%s: %+v, want %+v", lang, got, want)
		}
	}
}
