package main

import (
	"os"

	"github.com/omsn/majlis/internal/i18n"
	tallycli "github.com/omsn/majlis/internal/tally/cli"
)

// tally recounts a BLT file or a published ballot box:
//
//	majlis tally --method plurality|approval|two-round|irv|stv|schulze|list [--seats N] [--seed S] [--json] FILE
//
// The report is in the user's language, taken from MAJLIS_LANG or LANG
// (fr, ar or en; French otherwise).
func tally(args []string) int {
	cat, err := i18n.Load(nil)
	if err != nil {
		os.Stderr.WriteString("majlis tally: " + err.Error() + "\n")
		return 1
	}
	lang := i18n.NormalizeCode(os.Getenv("MAJLIS_LANG"))
	if !i18n.Supported(lang) {
		lang = i18n.NormalizeCode(os.Getenv("LANG"))
	}
	return tallycli.Run(args, os.Stdout, os.Stderr, reportTranslator{cat.Translator(lang)})
}

// reportTranslator adapts the app's translator to the recount report's.
type reportTranslator struct{ tr *i18n.Translator }

func (r reportTranslator) T(key string, data map[string]any) string { return r.tr.T(key, data) }
