package tally

import (
	"archive/zip"
	"encoding/csv"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Real instant-runoff elections, recounted from their published ballots
// and checked against their published results. Sources in
// testdata/README.md.

// TestLeithWalk2019ByElection recounts the City of Edinburgh Council
// by-election in Leith Walk ward of 11 April 2019: one vacancy, counted
// under the Scottish rules with one seat, which is instant-runoff.
// Published: 7,267 valid votes; the first preferences; "by the end of
// round 10, only 256 votes separated the leading candidates"; Rob Munn
// elected at stage 11.
func TestLeithWalk2019ByElection(t *testing.T) {
	e := readBLTFile(t, filepath.Join("testdata", "irv", "edinburgh_2019_by_election_leith_walk.blt"))
	if e.Seats != 1 || len(e.Candidates) != 11 {
		t.Fatalf("%d seats, %d candidates", e.Seats, len(e.Candidates))
	}
	firsts := map[string]int64{
		"MUNN": 2596, "SLATER": 1855, "GARDNER": 1123, "MCCROSKRIE": 777, "CALDWELL": 623,
		"ILLINGWORTH": 110, "ALEXANDER": 85, "JACOBSEN": 56, "SCOTT": 16, "STIRLING": 14, "LAIRD": 12,
	}
	munn, slater := candidate(t, e, "MUNN"), candidate(t, e, "SLATER")

	irv := mustCount(t, IRV, e, Options{})
	if irv.Ballots.Valid != 7267 || irv.Ballots.Invalid != 0 {
		t.Errorf("ballots %+v, declared 7,267 valid", irv.Ballots)
	}
	for name, want := range firsts {
		if got := irv.Stages[0].Votes[candidate(t, e, name)]; got != WholeVotes(want) {
			t.Errorf("%s: %s first preferences, declared %d", name, got, want)
		}
	}
	// Instant-runoff elects at stage 10, when Munn holds a majority of
	// the votes still in the count (3,021 of 5,786).
	if len(irv.Stages) != 10 || !slices.Equal(irv.Winners, []int{munn}) || irv.Stages[9].Elected[0].Reason != ReasonMajority {
		t.Fatalf("IRV: %d stages, winners %v", len(irv.Stages), irv.Winners)
	}
	if gap := irv.Stages[9].Votes[munn] - irv.Stages[9].Votes[slater]; gap != WholeVotes(256) {
		t.Errorf("stage 10: Munn leads Slater by %s, declared 256", gap)
	}
	if len(irv.Draws) != 0 {
		t.Errorf("lots drawn: %+v", irv.Draws)
	}

	// The declared count is the Scottish one: quota 3,634 of all valid
	// votes, so it goes on to stage 11, where Slater is excluded and Munn
	// reaches the quota. Its first ten stages are IRV's.
	stv := mustCount(t, STV, e, Options{})
	checkConservation(t, stv)
	if stv.Quota != WholeVotes(3634) || len(stv.Stages) != 11 || !slices.Equal(stv.Winners, []int{munn}) {
		t.Fatalf("STV: quota %s, %d stages, winners %v", stv.Quota, len(stv.Stages), stv.Winners)
	}
	if d := stv.Stages[10].Elected; len(d) != 1 || d[0].Candidate != munn || stv.Stages[10].Excluded[0].Candidate != slater {
		t.Errorf("stage 11: elected %+v, excluded %+v", d, stv.Stages[10].Excluded)
	}
	for i := range irv.Stages {
		if !slices.Equal(irv.Stages[i].Votes, stv.Stages[i].Votes) || irv.Stages[i].From != stv.Stages[i].From {
			t.Errorf("stage %d differs: IRV %v, STV %v", i+1, irv.Stages[i].Votes, stv.Stages[i].Votes)
		}
	}
}

// cvrBallot is one row of a cast vote record: the marks at each rank
// (a candidate, "undervote" or "overvote") and the number of ballots.
type cvrBallot struct {
	marks  []string
	weight int64
}

// readCVRXLSX reads the cast vote record of the City of Minneapolis
// (Election Systems & Software export, as kept by RCTab): one sheet, a
// header row, then per ballot the precinct, the 1st to 3rd choices and a
// count. Only the parts of the XLSX format that file uses are read: the
// shared strings and the cells of the first sheet.
func readCVRXLSX(t testing.TB, path string) []cvrBallot {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	open := func(name string) *xml.Decoder {
		f, err := z.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return xml.NewDecoder(f)
	}
	var shared []string
	d := open("xl/sharedStrings.xml")
	var text strings.Builder
	inT := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "si":
				text.Reset()
			case "t":
				inT = true
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "si":
				shared = append(shared, text.String())
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				text.Write(tok)
			}
		}
	}
	var out []cvrBallot
	d = open("xl/worksheets/sheet1.xml")
	var row map[string]string
	var col, typ string
	inV := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "row":
				row = map[string]string{}
			case "c":
				col, typ = "", ""
				for _, a := range tok.Attr {
					switch a.Name.Local {
					case "r":
						col = strings.TrimRight(a.Value, "0123456789")
					case "t":
						typ = a.Value
					}
				}
			case "v":
				inV = true
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "v":
				inV = false
			case "row":
				if row["A"] == "Precinct" {
					continue // the header
				}
				w := int64(1)
				if s, ok := row["E"]; ok {
					if w, err = strconv.ParseInt(s, 10, 64); err != nil {
						t.Fatalf("count %q", s)
					}
				}
				b := cvrBallot{weight: w}
				for _, c := range []string{"B", "C", "D"} {
					m, ok := row[c]
					if !ok {
						m = "undervote"
					}
					b.marks = append(b.marks, m)
				}
				out = append(out, b)
			}
		case xml.CharData:
			if !inV {
				continue
			}
			v := string(tok)
			if typ == "s" {
				i, err := strconv.Atoi(v)
				if err != nil || i < 0 || i >= len(shared) {
					t.Fatalf("shared string %q", v)
				}
				v = shared[i]
			}
			row[col] += v
		}
	}
	return out
}

// minneapolisElection turns the cast vote record into ballots, by the
// rules of a count: an "undervote" (no mark) or an "overvote" (more than
// one candidate) at a rank is skipped, a candidate ranked again is
// counted once, and undeclared write-ins ("UWI") are one candidate. With
// maxSkipped ≥ 0, a ballot ends where more than maxSkipped ranks in a
// row were left unmarked before the next mark (RCTab's
// maxSkippedRanksAllowed); with -1 skipped ranks never end it.
func minneapolisElection(t testing.TB, cvr []cvrBallot, candidates []string, maxSkipped int) *Election {
	t.Helper()
	index := map[string]int{}
	for i, c := range candidates {
		index[c] = i
	}
	e := &Election{Title: "2017 Minneapolis mayor", Candidates: candidates, Seats: 1}
	for _, b := range cvr {
		choices := []int{}
		last := 0
		for r, m := range b.marks {
			rank := r + 1
			if m == "undervote" {
				continue
			}
			if maxSkipped >= 0 && rank-last > maxSkipped+1 {
				break
			}
			last = rank
			if m == "overvote" {
				continue
			}
			if m == "UWI" {
				m = "Undeclared Write-ins"
			}
			c, ok := index[m]
			if !ok {
				t.Fatalf("unknown candidate %q in the cast vote record", m)
			}
			if !slices.Contains(choices, c) {
				choices = append(choices, c)
			}
		}
		e.Ballots = append(e.Ballots, Ballot{Weight: b.weight, Choices: choices})
	}
	return e
}

// rctabRounds reads the per-round votes of each candidate from an RCTab
// detailed report (CSV): the candidates in order, and votes[round][name].
func rctabRounds(t testing.TB, path string) ([]string, []map[string]int64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var rounds []map[string]int64
	in := false
	for _, rec := range recs {
		switch {
		case len(rec) > 0 && rec[0] == "Rounds":
			in = true
			rounds = make([]map[string]int64, (len(rec)-1)/3)
			for i := range rounds {
				rounds[i] = map[string]int64{}
			}
		case !in || len(rec) == 0 || rec[0] == "Eliminated" || rec[0] == "Elected":
		case rec[0] == "Active Ballots":
			in = false
		default:
			names = append(names, rec[0])
			for i := range rounds {
				v, err := strconv.ParseInt(rec[1+3*i], 10, 64)
				if err != nil {
					t.Fatalf("%s round %d: %q", rec[0], i+1, rec[1+3*i])
				}
				rounds[i][rec[0]] = v
			}
		}
	}
	if len(rounds) == 0 || len(names) == 0 {
		t.Fatal("no rounds in the RCTab report")
	}
	return names, rounds
}

// TestMinneapolis2017Mayor recounts the election of the mayor of
// Minneapolis of 7 November 2017 (instant-runoff, three ranks, 105,928
// ballots) from the city's cast vote record, twice:
//
//   - by the city's rules, which skip an unmarked or overvoted rank
//     whatever comes before it, against the official result as
//     published: 104,522 votes for mayor (1,406 ballots with none),
//     Jacob Frey 26,116 first choices, Tom Hoch 20,125, Frey elected
//     with 46,716 votes in the last round, of which 26,116 named him as
//     first choice, 15,188 as second and 5,412 as third;
//   - by the rules of RCTab's test of the same file (a ballot ends after
//     two unmarked ranks in a row), against every round of RCTab's
//     expected report, but its round 2: RCTab first excludes the
//     undeclared write-ins alone, then excludes in one batch all the
//     candidates who together have fewer votes than the next one. Batch
//     exclusion excludes the same candidates as one at a time (none of
//     them can overtake a candidate outside the batch), so each later
//     round is the stage here where the same candidates are left.
func TestMinneapolis2017Mayor(t *testing.T) {
	dir := filepath.Join("testdata", "irv")
	names, rounds := rctabRounds(t, filepath.Join(dir, "2017_minneapolis_mayor_expected_detailed_report.csv"))
	cvr := readCVRXLSX(t, filepath.Join(dir, "2017_minneapolis_mayor_cvr.xlsx"))

	t.Run("official", func(t *testing.T) {
		e := minneapolisElection(t, cvr, names, -1)
		frey, hoch, dehn := slices.Index(names, "Jacob Frey"), slices.Index(names, "Tom Hoch"), slices.Index(names, "Raymond Dehn")
		r := mustCount(t, IRV, e, Options{})
		if r.Ballots != (BallotCount{Total: 105928, Valid: 104522, Blank: 1406}) {
			t.Errorf("ballots %+v", r.Ballots)
		}
		if v := r.Stages[0].Votes; v[frey] != WholeVotes(26116) || v[hoch] != WholeVotes(20125) {
			t.Errorf("first choices: Frey %s, Hoch %s", v[frey], v[hoch])
		}
		last := r.Stages[len(r.Stages)-1]
		if !slices.Equal(r.Winners, []int{frey}) || last.Votes[frey] != WholeVotes(46716) {
			t.Fatalf("winners %v, Frey %s in the last round", r.Winners, last.Votes[frey])
		}
		left := 0
		for _, v := range last.Votes {
			if v > 0 {
				left++
			}
		}
		if left != 2 || last.Votes[dehn] == 0 {
			t.Errorf("the last round has %d candidates", left)
		}
		// Frey's final votes are the ballots ranking him before Dehn. By
		// the choice that names him, counting only the choices that name
		// a candidate (a blank or overvoted rank moves the next one up; a
		// repeated candidate does not):
		var byRank [3]int64
		for k, b := range e.Ballots {
			i, j := slices.Index(b.Choices, frey), slices.Index(b.Choices, dehn)
			if i < 0 || j >= 0 && j < i {
				continue
			}
			var marked []string
			for _, m := range cvr[k].marks {
				if m != "undervote" && m != "overvote" {
					marked = append(marked, m)
				}
			}
			byRank[slices.Index(marked, "Jacob Frey")] += b.Weight
		}
		if byRank != [3]int64{26116, 15188, 5412} {
			t.Errorf("Frey's final votes by rank %v", byRank)
		}
	})

	t.Run("rctab", func(t *testing.T) {
		e := minneapolisElection(t, cvr, names, 1)
		r := mustCount(t, IRV, e, Options{})
		if r.Ballots.Valid != 104484 {
			t.Errorf("ballots %+v; RCTab's first round has 104,484 active", r.Ballots)
		}
		check := func(round int, s Stage) {
			t.Helper()
			for c, name := range names {
				want := rounds[round][name]
				if s.Votes[c] != WholeVotes(want) {
					t.Errorf("round %d, stage %d: %s has %s, RCTab %d", round+1, s.Number, name, s.Votes[c], want)
				}
			}
		}
		check(0, r.Stages[0])
		for round := 2; round < len(rounds); round++ {
			var left []string
			for _, name := range names {
				if rounds[round][name] > 0 {
					left = append(left, name)
				}
			}
			found := false
			for _, s := range r.Stages {
				var here []string
				for c, v := range s.Votes {
					if v > 0 {
						here = append(here, names[c])
					}
				}
				if slices.Equal(here, left) {
					check(round, s)
					found = true
					break
				}
			}
			if !found {
				t.Errorf("round %d: no stage leaves %v", round+1, left)
			}
		}
		if !slices.Equal(r.Winners, []int{slices.Index(names, "Jacob Frey")}) {
			t.Errorf("winners %v", r.Winners)
		}
		if n := len(rounds); n != 6 {
			t.Errorf("RCTab's report has %d rounds", n)
		}
	})
}
