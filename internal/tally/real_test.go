package tally

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readBLTFile(t testing.TB, path string) *Election {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e, err := ReadBLT(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return e
}

// candidate finds a candidate by a part of its name.
func candidate(t *testing.T, e *Election, part string) int {
	t.Helper()
	for i, n := range e.Candidates {
		if strings.Contains(n, part) {
			return i
		}
	}
	t.Fatalf("no candidate %q in %s", part, e.Title)
	return -1
}

// TestEdinburgh2022DeclaredResults recounts five wards of the City of
// Edinburgh Council election of 2022 from their published preference
// profiles and checks the declared results: who was elected, in which
// order and at which stage, and (where published) every stage's votes
// in whole votes. Sources in testdata/README.md.
func TestEdinburgh2022DeclaredResults(t *testing.T) {
	type elected struct {
		name  string
		stage int
	}
	cases := []struct {
		file    string
		quota   int64
		elected []elected
		// stages: per candidate, the declared votes at stages 1, 2, …
		stages map[string][]int64
	}{
		{file: "edinburgh_2022_ward1.blt", quota: 2782,
			elected: []elected{{"LANG", 1}, {"WORK", 1}, {"Louise YOUNG", 2}, {"YOUNIE", 8}}},
		{file: "edinburgh_2022_ward2.blt",
			elected: []elected{{"BRUCE", 1}, {"GARDINER", 1}, {"JENKINSON", 7}, {"GLASGOW", 9}}},
		{file: "edinburgh_2022_ward5.blt",
			elected: []elected{{"OSLER", 1}, {"NICOLSON", 7}, {"MITCHELL", 7}, {"BANDEL", 10}},
			stages: map[string][]int64{
				"OSLER":    {3117},
				"NICOLSON": {2641, 2657, 2659, 2663, 2668, 2683, 2937},
				"MITCHELL": {1836, 1878, 1879, 1884, 1897, 2644, 2768},
				"BANDEL":   {1714, 1740, 1740, 1741, 1752, 1768, 2222, 2380, 2384, 2959},
			}},
		{file: "edinburgh_2022_ward11.blt",
			elected: []elected{{"MOWAT", 1}, {"MILLER", 7}, {"MCFARLANE", 11}, {"GRAHAM", 13}}},
		{file: "edinburgh_2022_ward12.blt",
			elected: []elected{{"RAE", 1}, {"MCNEESE-MECHAN", 1}, {"DALGLEISH", 6}, {"CALDWELL", 12}},
			stages: map[string][]int64{
				"RAE":       {2847},
				"DALGLEISH": {2058, 2184, 2186, 2186, 2196, 2224},
				"CALDWELL":  {1317, 1400, 1402, 1413, 1433, 1446, 1456, 1469, 1506, 1563, 1995, 2513},
				"MUNN":      {1132, 1405, 1447, 1449, 1459, 1485, 1488, 1534, 1580, 1633, 1648},
				"FOMBO":     {763, 766, 766, 770, 796, 797, 799, 811, 819, 833},
			}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			e := readBLTFile(t, filepath.Join("testdata", "scotland", tc.file))
			r, err := CountSTV(e, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkConservation(t, r)
			if tc.quota != 0 && r.Quota != WholeVotes(tc.quota) {
				t.Errorf("quota %s, declared %d", r.Quota, tc.quota)
			}
			stageOf := map[int]int{}
			for _, s := range r.Stages {
				for _, d := range s.Elected {
					stageOf[d.Candidate] = s.Number
				}
			}
			if len(r.Winners) != len(tc.elected) {
				t.Fatalf("%d elected, declared %d", len(r.Winners), len(tc.elected))
			}
			for i, want := range tc.elected {
				c := candidate(t, e, want.name)
				if r.Winners[i] != c || stageOf[c] != want.stage {
					t.Errorf("elected #%d: %s at stage %d; declared %s at stage %d",
						i+1, e.Candidates[r.Winners[i]], stageOf[r.Winners[i]], want.name, want.stage)
				}
			}
			for name, votes := range tc.stages {
				c := candidate(t, e, name)
				for i, want := range votes {
					got := r.Stages[i].Votes[c]
					// Wikipedia's tables round some wards' figures to
					// the nearest vote and truncate others.
					rounded, truncated := (int64(got)+Scale/2)/Scale, int64(got)/Scale
					if rounded != want && truncated != want {
						t.Errorf("%s at stage %d: %s, declared %d", name, i+1, got.Fixed(), want)
					}
				}
			}
		})
	}
}

// TestRealWardsForOneSeatIRVEqualsSTV counts the Edinburgh wards for one
// seat both ways.
func TestRealWardsForOneSeatIRVEqualsSTV(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "scotland", "*.blt"))
	if len(files) == 0 {
		t.Fatal("no test files")
	}
	for _, f := range files {
		e := readBLTFile(t, f)
		irv, err := CountIRV(e, Options{Seats: 1})
		if err != nil {
			t.Fatal(err)
		}
		stv, err := CountSTV(e, Options{Seats: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(irv.Winners) != 1 || irv.Winners[0] != stv.Winners[0] {
			t.Errorf("%s: IRV %v, STV %v", f, irv.Winners, stv.Winners)
		}
	}
}
