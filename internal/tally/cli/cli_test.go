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

func TestListThresholdFromTheCommandLine(t *testing.T) {
	// Liste D has 20,000 of 230,000 valid votes (8.7 %), under 10 %.
	code, out, errOut := run("--json", "--threshold", "0.1", "../testdata/box/list.json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		ListThreshold  float64        `json:"list_threshold"`
		BelowThreshold []string       `json:"below_threshold"`
		ListSeats      map[string]int `json:"list_seats"`
		Rounds         []struct {
			Excluded []struct{ Name, Reason string }
		} `json:"rounds"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.ListThreshold != 0.1 || !slices.Equal(rep.BelowThreshold, []string{"Liste D"}) {
		t.Errorf("threshold %v, below %v", rep.ListThreshold, rep.BelowThreshold)
	}
	if ex := rep.Rounds[0].Excluded; len(ex) != 1 || ex[0].Name != "Liste D" || ex[0].Reason != string(tally.ReasonBelowThreshold) {
		t.Errorf("round 1 excluded %+v", ex)
	}
	if rep.ListSeats["Liste A"] != 4 || rep.ListSeats["Liste B"] != 3 || rep.ListSeats["Liste C"] != 1 {
		t.Errorf("seats %v", rep.ListSeats)
	}
	code, out, _ = run("--threshold", "0.1", "../testdata/box/list.json")
	if code != ExitOK || !strings.Contains(out, "tally.summary.threshold Threshold=10") || !strings.Contains(out, "tally.excluded Name=Liste D Reason=tally.reason.below_threshold") {
		t.Errorf("exit %d\n%s", code, out)
	}
	for _, args := range [][]string{
		{"--threshold", "1.5", "../testdata/box/list.json"},
		{"--threshold", "-0.1", "../testdata/box/list.json"},
		{"--threshold", "five", "../testdata/box/list.json"},
		{"--threshold", "NaN", "../testdata/box/list.json"},
		{"--method", "stv", "--threshold", "0.05", ward5},
	} {
		if code, _, errOut := run(args...); code != ExitUsage || !strings.Contains(errOut, "tally.error.flag") {
			t.Errorf("%v: exit %d %q", args, code, errOut)
		}
	}
}

// TestRecountOfARealInstantRunoff counts the Leith Walk by-election of
// 2019 (one seat) by instant-runoff and by the Scottish rules.
func TestRecountOfARealInstantRunoff(t *testing.T) {
	const file = "../testdata/irv/edinburgh_2019_by_election_leith_walk.blt"
	type report struct {
		Winners []string `json:"winners"`
		Quota   float64  `json:"quota"`
		Rounds  []struct {
			Votes map[string]float64 `json:"votes"`
		} `json:"rounds"`
	}
	for _, tc := range []struct {
		args   []string
		rounds int
		quota  float64
	}{
		{[]string{"--method", "irv"}, 10, 0},
		{[]string{"--method", "stv"}, 11, 3634},
	} {
		code, out, errOut := run(append(tc.args, "--json", file)...)
		if code != ExitOK {
			t.Fatalf("%v: exit %d: %s", tc.args, code, errOut)
		}
		var rep report
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rep.Winners, []string{"Rob MUNN"}) || len(rep.Rounds) != tc.rounds || rep.Quota != tc.quota {
			t.Fatalf("%v: winners %v, %d rounds, quota %v", tc.args, rep.Winners, len(rep.Rounds), rep.Quota)
		}
		first, tenth := rep.Rounds[0].Votes, rep.Rounds[9].Votes
		if first["Rob MUNN"] != 2596 || first["Lorna SLATER"] != 1855 || tenth["Rob MUNN"]-tenth["Lorna SLATER"] != 256 {
			t.Errorf("%v: round 1 %v, round 10 %v", tc.args, first, tenth)
		}
	}
}

// TestEqualPreferencesInABLTFile: papers with equal first preferences
// are counted as invalid, equal later preferences end a paper, and a
// candidate both ranked and equal is an error with its line.
func TestEqualPreferencesInABLTFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "equal.blt")
	os.WriteFile(good, []byte("3 1\n2 1=2 0\n3 3 1=2 0\n4 1 0\n1 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n"), 0o644)
	code, out, errOut := run("--method", "irv", "--json", good)
	if code != ExitOK || !strings.Contains(out, `"invalid": 2`) || !strings.Contains(out, `"valid": 8`) {
		t.Fatalf("exit %d %s\n%s", code, errOut, out)
	}
	bad := filepath.Join(dir, "bad.blt")
	os.WriteFile(bad, []byte("3 1\n1 1 0\n2 2 1=2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n"), 0o644)
	if code, _, errOut := run("--method", "stv", bad); code != ExitBadInput || !strings.Contains(errOut, "Line=3 Reason=tally.error.repeated") {
		t.Errorf("exit %d %q", code, errOut)
	}
}
