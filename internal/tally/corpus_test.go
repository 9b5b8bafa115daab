package tally

import (
	"os"
	"path/filepath"
	"testing"
)

// TestExternalBLTCorpus reads and counts by STV every .blt file under
// $TALLY_BLT_DIR (for instance the 1,100 Scottish ward profiles of
// github.com/mggg/scot-elex), checking that each parses and conserves
// its votes. It is skipped when the variable is not set.
func TestExternalBLTCorpus(t *testing.T) {
	dir := os.Getenv("TALLY_BLT_DIR")
	if dir == "" {
		t.Skip("TALLY_BLT_DIR not set")
	}
	n := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".blt" {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		e, err := ReadBLT(f)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		r, err := CountSTV(e, Options{})
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		checkConservation(t, r)
		if len(r.Winners) != min(e.Seats, len(e.Candidates)-len(e.Withdrawn)) {
			t.Errorf("%s: %d winners for %d seats", p, len(r.Winners), e.Seats)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d files counted", n)
}

// checkConservation checks that at every STV stage the candidates'
// votes, the non-transferable votes and the truncation loss add up to
// the valid votes.
func checkConservation(t *testing.T, r *Result) {
	t.Helper()
	want := WholeVotes(r.Ballots.Valid)
	for _, s := range r.Stages {
		sum := s.NonTransferable + s.Loss
		for _, v := range s.Votes {
			sum += v
		}
		if sum != want {
			t.Fatalf("%s stage %d: votes add up to %s, want %s", r.Title, s.Number, sum, want)
		}
		if s.Loss < 0 {
			t.Fatalf("stage %d: negative loss", s.Number)
		}
	}
}
