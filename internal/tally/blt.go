package tally

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// ParseError is a fault in a file of ballots: its line (1-based; 0 when
// the fault has no line) and a reason. Code names the reason for
// translation ("tally.error.<code>") and Args fill its message.
type ParseError struct {
	Line int
	Code string
	Args map[string]any
	msg  string
}

func (e *ParseError) Error() string {
	if e.Line == 0 {
		return e.msg
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.msg)
}

func parseErr(line int, code string, args map[string]any, format string, a ...any) *ParseError {
	return &ParseError{Line: line, Code: code, Args: args, msg: fmt.Sprintf(format, a...)}
}

// maxLine bounds a line of a BLT file.
const maxLine = 1 << 20

// ReadBLT reads a ballot file in the BLT format of STV counting
// programs (OpenSTV, eSTV, the Scottish councils' published preference
// profiles):
//
//	4 2              candidates, seats
//	-3               optional: withdrawn candidates, negated
//	12 1 3 2 0       weight, preferences by candidate number, 0
//	3 2 1=4 3 0      equal preferences: 1 and 4 share the second
//	5 0              a blank ballot
//	0                end of the ballots
//	"Amina"          the candidates' names, in order
//	…
//	"Board 2026"     the title
//
// Names are in double quotes, a quote inside doubled (""), one per
// line; further quoted strings on a name's line (a party, as some
// councils publish) are ignored. An unquoted line is taken whole as a
// name or title. A preference naming no
// candidate, a repeated preference, a missing 0, a weight that is not a
// positive whole number, a missing name or title are errors with their
// line number.
//
// Candidates joined by "=" share one preference. Under the Scottish
// rules the paper is then void for uncertainty from that preference on
// (see Ballot.Equal): the preferences before it are read into Choices,
// the equal candidates into Equal, and the preferences after it are
// checked like any other but dropped, since nothing can count them.
// Equal first preferences ("1=2 3") make an invalid ballot, counted
// apart, not an error of the file.
func ReadBLT(r io.Reader) (*Election, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	line := 0
	next := func() (string, bool, error) {
		for sc.Scan() {
			line++
			t := strings.TrimSpace(sc.Text())
			if t != "" {
				return t, true, nil
			}
		}
		if err := sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				return "", false, parseErr(line+1, "line_too_long", nil, "line longer than %d bytes", maxLine)
			}
			return "", false, err
		}
		return "", false, nil
	}
	t, ok, err := next()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, parseErr(1, "empty", nil, "the file is empty")
	}
	head := strings.Fields(t)
	if len(head) != 2 {
		return nil, parseErr(line, "header", nil, "the first line must give the number of candidates and of seats")
	}
	n, err1 := strconv.Atoi(head[0])
	seats, err2 := strconv.Atoi(head[1])
	if err1 != nil || err2 != nil || n < 1 || n > MaxCandidates || seats < 1 || seats > MaxCandidates {
		return nil, parseErr(line, "header", nil, "the first line must give the number of candidates and of seats")
	}
	e := &Election{Seats: seats}
	t, ok, err = next()
	if err != nil {
		return nil, err
	}
	if ok && strings.HasPrefix(t, "-") {
		seen := map[int]bool{}
		for _, f := range strings.Fields(t) {
			c, err := strconv.Atoi(f)
			if err != nil || c >= 0 || -c > n || seen[-c] {
				return nil, parseErr(line, "withdrawn", map[string]any{"Token": f}, "%q is not a withdrawn candidate", f)
			}
			seen[-c] = true
			e.Withdrawn = append(e.Withdrawn, -c-1)
		}
		t, ok, err = next()
		if err != nil {
			return nil, err
		}
	}
	var prefs []int // one backing array for every ballot
	// A ballot's preferences are prefs[start:mid]; its equal candidates,
	// if any, prefs[mid:end].
	type span struct{ weight, start, mid, end int64 }
	var spans []span
	seen := make([]int, n+1) // seen[c] == line when c was ranked on that line
	for {
		if !ok {
			return nil, parseErr(line, "truncated", nil, "the file ends before the line 0 that closes the ballots")
		}
		if t == "0" {
			break
		}
		f := strings.Fields(t)
		w, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return nil, parseErr(line, "weight", map[string]any{"Token": f[0]}, "weight %q is not a whole number", f[0])
		}
		if w <= 0 {
			return nil, parseErr(line, "weight_negative", map[string]any{"Token": f[0]}, "weight %q is not positive", f[0])
		}
		if f[len(f)-1] != "0" || len(f) < 2 {
			return nil, parseErr(line, "terminator", nil, "the ballot does not end with 0")
		}
		start := int64(len(prefs))
		mid, end := int64(-1), int64(-1)
		for _, tok := range f[1 : len(f)-1] {
			group := strings.Split(tok, "=")
			for _, part := range group {
				c, err := strconv.Atoi(part)
				switch {
				case err != nil:
					return nil, parseErr(line, "preference", map[string]any{"Token": tok}, "preference %q is not a whole number", tok)
				case c == 0 && len(group) == 1:
					return nil, parseErr(line, "terminator_early", nil, "a preference follows the 0 that ends the ballot")
				case c <= 0 || c > n:
					return nil, parseErr(line, "unknown_candidate", map[string]any{"Token": part, "N": n}, "preference %s names no candidate (there are %d)", part, n)
				case seen[c] == line:
					return nil, parseErr(line, "repeated", map[string]any{"Token": part}, "candidate %s is ranked twice", part)
				}
				seen[c] = line
				if end < 0 {
					prefs = append(prefs, c-1)
				}
			}
			if len(group) > 1 && end < 0 {
				// The first equal preference ends what can be counted.
				mid, end = int64(len(prefs)-len(group)), int64(len(prefs))
			}
		}
		if end < 0 {
			mid, end = int64(len(prefs)), int64(len(prefs))
		}
		spans = append(spans, span{w, start, mid, end})
		t, ok, err = next()
		if err != nil {
			return nil, err
		}
	}
	e.Ballots = make([]Ballot, len(spans))
	for i, s := range spans {
		e.Ballots[i] = Ballot{Weight: s.weight, Choices: prefs[s.start:s.mid:s.mid]}
		if s.end > s.mid {
			e.Ballots[i].Equal = prefs[s.mid:s.end:s.end]
		}
	}
	// Names then the title, quoted strings one after another.
	var texts []string
	var lines []int
	for {
		t, ok, err = next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if strings.ContainsRune(t, '\r') {
			// A carriage return alone breaks a line on old systems: a name
			// holding one cannot be written back, so the file is refused.
			return nil, parseErr(line, "line_break", nil, "a carriage return inside a name or the title")
		}
		parts, err := quoted(t)
		if err != nil {
			return nil, parseErr(line, "quote", nil, "%s", err)
		}
		texts = append(texts, parts[0])
		lines = append(lines, line)
	}
	if len(texts) < n {
		return nil, parseErr(line, "names", map[string]any{"N": n, "Found": len(texts)}, "%d candidate names expected, %d found", n, len(texts))
	}
	if len(texts) == n {
		return nil, parseErr(line, "title", nil, "the title is missing after the candidates' names")
	}
	if len(texts) > n+1 {
		return nil, parseErr(lines[n+1], "extra", nil, "unexpected text after the title")
	}
	names := map[string]int{}
	for i, name := range texts[:n] {
		if name == "" {
			return nil, parseErr(lines[i], "name_empty", nil, "a candidate's name is empty")
		}
		if _, dup := names[name]; dup {
			return nil, parseErr(lines[i], "name_repeated", map[string]any{"Name": name}, "two candidates are named %q", name)
		}
		names[name] = i
	}
	e.Candidates = texts[:n:n]
	e.Title = texts[n]
	return e, nil
}

// quoted splits a line into its double-quoted strings ("" stands for a
// quote). A line that does not start with a quote is one string.
// It never returns an empty list without an error.
func quoted(t string) ([]string, error) {
	if !strings.HasPrefix(t, `"`) {
		return []string{t}, nil
	}
	var out []string
	for len(t) > 0 {
		if t[0] != '"' {
			return nil, errors.New("text outside quotes")
		}
		var b strings.Builder
		i := 1
		for {
			if i >= len(t) {
				return nil, errors.New("a quote is not closed")
			}
			if t[i] == '"' {
				if i+1 < len(t) && t[i+1] == '"' {
					b.WriteByte('"')
					i += 2
					continue
				}
				break
			}
			b.WriteByte(t[i])
			i++
		}
		out = append(out, b.String())
		t = strings.TrimLeft(t[i+1:], " \t")
	}
	return out, nil
}

// WriteBLT writes e in the BLT format ReadBLT reads, a ballot's Equal
// candidates joined by "=" after its Choices. Ballots naming no
// candidate, ranking one twice, or with a single Equal candidate cannot
// be written.
func WriteBLT(w io.Writer, e *Election) error {
	n := len(e.Candidates)
	if n == 0 {
		return inputErr("no candidates")
	}
	seats := max(e.Seats, 1)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%d %d\n", n, seats)
	if len(e.Withdrawn) > 0 {
		for i, c := range e.Withdrawn {
			if c < 0 || c >= n {
				return inputErr("withdrawn candidate %d does not exist", c+1)
			}
			if i > 0 {
				bw.WriteByte(' ')
			}
			fmt.Fprintf(bw, "-%d", c+1)
		}
		bw.WriteByte('\n')
	}
	seen := make([]int, n)
	var buf []byte
	for i, b := range e.Ballots {
		if b.Weight < 0 {
			return inputErr("ballot %d has a negative weight", i+1)
		}
		if b.Weight == 0 {
			continue
		}
		buf = strconv.AppendInt(buf[:0], b.Weight, 10)
		if len(b.Equal) == 1 {
			return inputErr("ballot %d is invalid: one candidate cannot be ranked equal with nobody", i+1)
		}
		for j, c := range append(slices.Clip(b.Choices), b.Equal...) {
			if c < 0 || c >= n || seen[c] == i+1 {
				return inputErr("ballot %d is invalid: it names no candidate or ranks one twice", i+1)
			}
			seen[c] = i + 1
			if j > len(b.Choices) {
				buf = append(buf, '=')
			} else {
				buf = append(buf, ' ')
			}
			buf = strconv.AppendInt(buf, int64(c+1), 10)
		}
		buf = append(buf, " 0\n"...)
		bw.Write(buf)
	}
	bw.WriteString("0\n")
	for _, name := range append(slicesClone(e.Candidates), e.Title) {
		if strings.ContainsAny(name, "\r\n") {
			return inputErr("a name or title holds a line break")
		}
		bw.WriteString(`"` + strings.ReplaceAll(name, `"`, `""`) + "\"\n")
	}
	return bw.Flush()
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

// IsBallotBox reports whether data looks like a JSON ballot box rather
// than a BLT file.
func IsBallotBox(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	t = bytes.TrimPrefix(t, []byte("\ufeff"))
	return len(t) > 0 && t[0] == '{'
}
