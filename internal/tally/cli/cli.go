// Package cli is the recount tool, majlis tally: it reads a BLT file or
// a JSON ballot box, counts it by the method asked and prints the count
// stage by stage, for people in their language or as one JSON object.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/omsn/majlis/internal/tally"
)

// Translator renders a message of the tally.* keys in the user's
// language; data fills the message's {{.Name}} fields.
type Translator interface {
	T(key string, data map[string]any) string
}

// Exit statuses of Run.
const (
	ExitOK       = 0
	ExitBadInput = 1 // the file cannot be read or counted
	ExitUsage    = 2 // the command line is wrong
)

// Run is majlis tally. args are the arguments after "tally":
//
//	--method plurality|approval|two-round|irv|stv|schulze|list
//	[--seats N] [--seed S] [--threshold F] [--json] FILE
//
// FILE is a BLT file or a JSON ballot box ("-" reads standard input).
// The method defaults to the ballot box's, then to stv; the seats to the
// file's (one for irv); the seed of the lot to the ballot box's.
// --threshold, for a list vote only, is the electoral threshold as a
// share of the valid ballots (0.05 for 5 %; see tally.Options). It
// prints the count on stdout and returns an exit status; messages about
// bad input go to stderr.
func Run(args []string, stdout, stderr io.Writer, tr Translator) int {
	fs := flag.NewFlagSet("tally", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	method := fs.String("method", "", "")
	seats := fs.Int("seats", 0, "")
	seed := fs.String("seed", "", "")
	threshold := fs.String("threshold", "", "")
	asJSON := fs.Bool("json", false, "")
	usage := func(key string, data map[string]any) int {
		fmt.Fprintln(stderr, tr.T(key, data))
		fmt.Fprintln(stderr, tr.T("tally.usage", nil))
		return ExitUsage
	}
	// Flags may come before or after the file.
	var files []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprintln(stdout, tr.T("tally.usage", nil))
				return ExitOK
			}
			return usage("tally.error.flag", map[string]any{"Reason": err.Error()})
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(files) != 1 {
		return usage("tally.error.one_file", nil)
	}
	var m tally.Method
	if *method != "" {
		var ok bool
		if m, ok = tally.ParseMethod(*method); !ok {
			return usage("tally.error.method", map[string]any{"Method": *method})
		}
	}
	if *seats < 0 {
		return usage("tally.error.seats", map[string]any{"Seats": *seats})
	}
	var thresholdVal float64
	if *threshold != "" {
		// A flag error, whose reason the translation shows as given: no
		// message of its own is needed.
		v, err := strconv.ParseFloat(*threshold, 64)
		if err != nil || !(v >= 0 && v <= 1) {
			return usage("tally.error.flag", map[string]any{"Reason": fmt.Sprintf("--threshold %s: a share of the valid ballots between 0 and 1 is expected (0.05 for 5 %%)", *threshold)})
		}
		thresholdVal = v
	}
	var seedVal uint64
	if *seed != "" {
		v, err := strconv.ParseUint(*seed, 10, 64)
		if err != nil {
			return usage("tally.error.seed", map[string]any{"Seed": *seed})
		}
		seedVal = v
	}

	file := files[0]
	var data []byte
	var err error
	if file == "-" {
		data, err = io.ReadAll(os.Stdin)
	} else {
		data, err = os.ReadFile(file)
	}
	if err != nil {
		fmt.Fprintln(stderr, tr.T("tally.error.read", map[string]any{"File": file, "Reason": err.Error()}))
		return ExitBadInput
	}
	e, opt, fileMethod, err := load(data)
	if err != nil {
		fmt.Fprintln(stderr, parseMessage(tr, file, err))
		return ExitBadInput
	}
	if m == "" {
		m = fileMethod
	}
	if m == "" {
		m = tally.STV
	}
	if *threshold != "" && m != tally.List {
		return usage("tally.error.flag", map[string]any{"Reason": fmt.Sprintf("--threshold applies to a list vote, not to %s", m)})
	}
	if *threshold != "" {
		opt.ListThreshold = thresholdVal
	}
	opt.Seats = *seats
	if m == tally.IRV && *seats == 0 {
		opt.Seats = 1
	}
	if *seed != "" {
		opt.Tie.Seed = seedVal
	}
	r, err := tally.Count(m, e, opt)
	if err != nil {
		fmt.Fprintln(stderr, tr.T("tally.error.count", map[string]any{"File": file, "Reason": err.Error()}))
		return ExitBadInput
	}
	if *asJSON {
		err = writeJSON(stdout, r)
	} else {
		err = writeText(stdout, r, tr)
	}
	if err != nil {
		fmt.Fprintln(stderr, tr.T("tally.error.write", map[string]any{"Reason": err.Error()}))
		return ExitBadInput
	}
	return ExitOK
}

// load reads a ballot box or a BLT file.
func load(data []byte) (*tally.Election, tally.Options, tally.Method, error) {
	if tally.IsBallotBox(data) {
		box, err := tally.ReadBallotBox(bytesReader(data))
		if err != nil {
			return nil, tally.Options{}, "", err
		}
		e, opt := box.Election()
		return e, opt, box.Method, nil
	}
	e, err := tally.ReadBLT(bytesReader(data))
	return e, tally.Options{}, "", err
}

// parseMessage translates a reading error, with its line when known.
func parseMessage(tr Translator, file string, err error) string {
	var pe *tally.ParseError
	if !errors.As(err, &pe) {
		return tr.T("tally.error.read", map[string]any{"File": file, "Reason": err.Error()})
	}
	data := map[string]any{}
	for k, v := range pe.Args {
		data[k] = v
	}
	reason := tr.T("tally.error."+pe.Code, data)
	if pe.Line == 0 {
		return tr.T("tally.error.file", map[string]any{"File": file, "Reason": reason})
	}
	return tr.T("tally.error.line", map[string]any{"File": file, "Line": pe.Line, "Reason": reason})
}
