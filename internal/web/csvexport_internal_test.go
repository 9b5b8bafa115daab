package web

import "testing"

func TestCSVCellsCannotRunAsFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+212600000000":            "+212600000000", // a number, kept
		"-300.00":                  "-300.00",
		"-cmd":                     "'-cmd",
		"@SUM(A1)":                 "'@SUM(A1)",
		"Salma Idrissi":            "Salma Idrissi",
		"":                         "",
		"\tx":                      "'\tx",
	} {
		if got := safeCell(in); got != want {
			t.Errorf("safeCell(%q) = %q, want %q", in, got, want)
		}
	}
}
