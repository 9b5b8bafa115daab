package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"text/template"

	"github.com/omsn/majlis/internal/tally"
)

// keyTranslator returns the key and its data, so tests see what would
// be translated.
type keyTranslator struct{}

func (keyTranslator) T(key string, data map[string]any) string {
	if len(data) == 0 {
		return key
	}
	keys := make([]string, 0, len(data))
	for k := range data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(key)
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%v", k, data[k])
	}
	return b.String()
}

func run(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := Run(args, &out, &errOut, keyTranslator{})
	return code, out.String(), errOut.String()
}

const ward5 = "../testdata/scotland/edinburgh_2022_ward5.blt"

func TestRecountOfARealWardAsJSON(t *testing.T) {
	code, out, errOut := run("--method", "stv", "--json", ward5)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Winners []string `json:"winners"`
		Rounds  []struct {
			Stage   int                `json:"stage"`
			Votes   map[string]float64 `json:"votes"`
			Elected []struct{ Name string }
		} `json:"rounds"`
		Quota float64 `json:"quota"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	want := []string{"Hal OSLER", "Vicky NICOLSON", "Max MITCHELL", "Jule BANDEL"}
	for i, w := range want {
		if i >= len(rep.Winners) || !strings.HasPrefix(rep.Winners[i], w) {
			t.Fatalf("winners %q", rep.Winners)
		}
	}
	if len(rep.Rounds) != 10 || rep.Quota != 2684 {
		t.Errorf("%d rounds, quota %v", len(rep.Rounds), rep.Quota)
	}
}

func TestTextReportIsAlignedAndTranslated(t *testing.T) {
	code, out, errOut := run(ward5, "--seats", "4")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"tally.stage Action=", "tally.column.votes", "tally.row.loss", "tally.winner Name=Hal OSLER", "3117.00000"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Every row of a table has the same width.
	var width int
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "  ") {
			w := len([]rune(l))
			if width == 0 || strings.Contains(l, "tally.column.candidate") {
				width = w
			} else if w != width {
				t.Fatalf("misaligned row %q (%d, want %d)", l, w, width)
			}
		}
	}
}

func TestEveryMethodRunsOnTheBallotBoxes(t *testing.T) {
	for _, m := range tally.Methods {
		for _, box := range []string{"stv.json", "two-round.json", "list.json"} {
			args := []string{"--method", string(m), "--json", filepath.Join("..", "testdata", "box", box)}
			if code, _, errOut := run(args...); code != ExitOK {
				t.Errorf("%s on %s: exit %d: %s", m, box, code, errOut)
			}
		}
	}
}

func TestBallotBoxDefaultsAndSchulzeRanking(t *testing.T) {
	code, out, _ := run("--json", "../testdata/box/stv.json")
	if code != ExitOK || !strings.Contains(out, `"method": "stv"`) || !strings.Contains(out, `"invalid": 1`) || !strings.Contains(out, `"seed": 20260514`) {
		t.Fatalf("exit %d\n%s", code, out)
	}
	code, out, _ = run("--method", "schulze", "--json", "../testdata/box/stv.json")
	var rep struct {
		Ranking [][]string `json:"ranking"`
	}
	if code != ExitOK || json.Unmarshal([]byte(out), &rep) != nil || len(rep.Ranking) == 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	code, out, _ = run("--json", "--seed", "99", "../testdata/box/list.json")
	if code != ExitOK || !strings.Contains(out, `"seed": 99`) || !strings.Contains(out, `"Liste A": 4`) {
		t.Fatalf("exit %d\n%s", code, out)
	}
	code, out, _ = run("../testdata/box/two-round.json")
	if code != ExitOK || !strings.Contains(out, "tally.winner Name=Karim") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

func TestBadInputExitsNonZeroWithLineAndReason(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(s), 0o644)
		return p
	}
	cases := map[string]struct {
		file, content string
		want          string
	}{
		"wrong candidate count": {"a.blt", "2 1\n1 3 0\n0\n\"A\"\n\"B\"\n\"T\"\n", "Line=2 Reason=tally.error.unknown_candidate"},
		"repeated preference":   {"b.blt", "2 1\n1 1 1 0\n0\n\"A\"\n\"B\"\n\"T\"\n", "Line=2 Reason=tally.error.repeated"},
		"missing terminator":    {"c.blt", "2 1\n1 1 2\n0\n\"A\"\n\"B\"\n\"T\"\n", "Line=2 Reason=tally.error.terminator"},
		"negative weight":       {"d.blt", "2 1\n-1 1 0\n", "Line=2 Reason=tally.error.withdrawn"},
		"negative weight later": {"e.blt", "2 1\n1 1 0\n-1 1 0\n0\n", "Line=3 Reason=tally.error.weight_negative"},
		"truncated":             {"f.blt", "2 1\n1 1 0\n", "Line=2 Reason=tally.error.truncated"},
		"names missing":         {"g.blt", "2 1\n1 1 0\n0\n\"A\"\n", "Reason=tally.error.names"},
		"unknown name in a box": {"h.json", "{\"format\":\"majlis-ballot-box\",\"version\":1,\"candidates\":[\"A\"],\n\"ballots\":[\n{\"choices\":[\"A\"]},\n{\"choices\":[\"Z\"]}]}", "Line=4 Reason=tally.error.unknown_name"},
		"truncated box":         {"i.json", "{\"format\":\"majlis-ballot-box\",\n\"version\":1,", "tally.error.truncated_json"},
	}
	for name, tc := range cases {
		code, _, errOut := run("--method", "stv", write(tc.file, tc.content))
		if code != ExitBadInput || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: exit %d, %q; want %q", name, code, errOut, tc.want)
		}
	}
	for _, args := range [][]string{{}, {"--method", "borda", ward5}, {"--seats", "x", ward5}, {"--seed", "-1", ward5}, {ward5, ward5}} {
		if code, _, errOut := run(args...); code != ExitUsage || !strings.Contains(errOut, "tally.usage") {
			t.Errorf("%v: exit %d %q", args, code, errOut)
		}
	}
	if code, _, errOut := run("--method", "irv", "--seats", "2", ward5); code != ExitBadInput || !strings.Contains(errOut, "tally.error.count") {
		t.Errorf("irv with 2 seats: %d %q", code, errOut)
	}
	if code, _, _ := run(filepath.Join(dir, "absent.blt")); code != ExitBadInput {
		t.Errorf("missing file: %d", code)
	}
}

// messageLine is one line of a flat message file.
var messageLine = regexp.MustCompile(`^"(tally\.[^"]+)" = "((?:[^"\\]|\\.)*)"$`)

func readMessages(t *testing.T, lang string) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "i18n", "locales", "tally."+lang+".toml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		m := messageLine.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("%s: unreadable line %q", lang, l)
		}
		out[m[1]] = m[2]
	}
	return out
}

// TestEveryMessageExistsInEveryLanguage checks the three message files
// against each other and against every key the report can build.
func TestEveryMessageExistsInEveryLanguage(t *testing.T) {
	fr := readMessages(t, "fr")
	needed := []string{}
	for _, m := range tally.Methods {
		needed = append(needed, "tally.method."+string(m))
	}
	for _, r := range []tally.Reason{tally.ReasonQuota, tally.ReasonMajority, tally.ReasonMostVotes, tally.ReasonRemainingSeats,
		tally.ReasonLastCandidate, tally.ReasonFewestVotes, tally.ReasonQualified, tally.ReasonHighestAverage, tally.ReasonSchulze,
		tally.ReasonEarlierStage, tally.ReasonTiePriority, tally.ReasonTieLot, tally.ReasonWithdrawn} {
		needed = append(needed, "tally.reason."+string(r))
	}
	needed = append(needed, "tally.action."+string(tally.ActionFirstCount), "tally.action."+string(tally.ActionSecondRound))
	// Every error code of the readers.
	code := regexp.MustCompile(`, "([a-z_]+)", (?:nil|map\[)`)
	srcs, _ := filepath.Glob(filepath.Join("..", "*.go"))
	for _, s := range srcs {
		b, _ := os.ReadFile(s)
		for _, m := range code.FindAllStringSubmatch(string(b), -1) {
			needed = append(needed, "tally.error."+m[1])
		}
	}
	if !slices.Contains(needed, "tally.error.truncated_json") {
		t.Fatal("the scan of error codes missed some")
	}
	for _, k := range needed {
		if _, ok := fr[k]; !ok {
			t.Errorf("fr lacks %q", k)
		}
	}
	field := regexp.MustCompile(`\{\{\.[A-Za-z]+\}\}`)
	for _, lang := range []string{"ar", "en"} {
		other := readMessages(t, lang)
		for k, v := range fr {
			o, ok := other[k]
			if !ok {
				t.Errorf("%s lacks %q", lang, k)
				continue
			}
			a, b := field.FindAllString(v, -1), field.FindAllString(o, -1)
			slices.Sort(a)
			slices.Sort(b)
			if !slices.Equal(a, b) {
				t.Errorf("%s %q uses %v, fr uses %v", lang, k, b, a)
			}
		}
		for k := range other {
			if _, ok := fr[k]; !ok {
				t.Errorf("%s has %q, not in fr", lang, k)
			}
		}
	}
	for k, v := range fr {
		if _, err := template.New(k).Parse(v); err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
}
