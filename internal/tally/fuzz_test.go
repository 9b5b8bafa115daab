package tally

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func FuzzReadBLT(f *testing.F) {
	f.Add([]byte("3 2\n12 1 0\n88 1 3 2 0\n14 2 3 0\n8 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n"))
	f.Add([]byte("2 1\n-2\n1 2 1 0\n0\n\"A \"\"x\"\"\"\n\"B\" \"party\"\nTitle\n"))
	if files, _ := filepath.Glob(filepath.Join("testdata", "scotland", "*.blt")); len(files) > 0 {
		if b, err := os.ReadFile(files[0]); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := ReadBLT(bytes.NewReader(data))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteBLT(&buf, e); err != nil {
			t.Fatalf("cannot write what was read: %v", err)
		}
		again, err := ReadBLT(&buf)
		if err != nil {
			t.Fatalf("cannot read what was written: %v\n%s", err, buf.String())
		}
		if !reflect.DeepEqual(normalize(e), normalize(again)) {
			t.Fatalf("round trip changed the election")
		}
		if len(e.Candidates) <= 50 && len(e.Ballots) <= 200 {
			for _, m := range []Method{STV, Schulze} {
				if r, err := Count(m, e, Options{}); err == nil && m == STV {
					checkConservation(t, r)
				}
			}
		}
	})
}

// normalize makes empty and nil slices alike.
func normalize(e *Election) *Election {
	c := *e
	if len(c.Withdrawn) == 0 {
		c.Withdrawn = nil
	}
	c.Ballots = nil
	for _, b := range e.Ballots {
		if len(b.Choices) == 0 {
			b.Choices = nil
		}
		if len(b.Equal) == 0 {
			b.Equal = nil
		}
		c.Ballots = append(c.Ballots, b)
	}
	return &c
}

func FuzzReadBallotBox(f *testing.F) {
	for _, name := range []string{"stv.json", "two-round.json", "list.json"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "box", name)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"format":"majlis-ballot-box","version":1,"candidates":["A"],"ballots":[{"choices":["A","A"]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		box, err := ReadBallotBox(bytes.NewReader(data))
		if err != nil {
			return
		}
		e, opt := box.Election()
		if len(e.Candidates) > 50 || len(e.Ballots) > 200 {
			return
		}
		m := box.Method
		if m == "" {
			m = STV
		}
		if m == IRV {
			opt.Seats = 1
		}
		Count(m, e, opt) // must not panic; errors are fine
	})
}
