package tally

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// BallotBoxFormat is the value of the "format" member of a ballot box.
const BallotBoxFormat = "majlis-ballot-box"

// BallotBox is the JSON ballot box Majlis publishes after a secret
// election, so that anyone can recount it and each voter can find their
// ballot by its tracker. Version 1:
//
//	{
//	  "format": "majlis-ballot-box",
//	  "version": 1,
//	  "title": "Board election 2026",
//	  "method": "stv",                      // plurality, approval, two-round, irv, stv, schulze, list
//	  "seats": 3,
//	  "candidates": ["Amina", "Karim", "Salma", "Youssef"],
//	  "withdrawn": ["Youssef"],             // optional
//	  "tie": {"priority": ["Salma", "Amina"], "seed": 20260514},
//	  "runoff": {"threshold": 0.125},       // two-round only, optional
//	  "apportionment": "dhondt",            // list only: "dhondt" or "winner-takes-all" (default)
//	  "ballots": [
//	    {"tracker": "K7Q2-9XDM", "choices": ["Karim", "Amina"]},
//	    {"tracker": "B3LW-4RTA", "choices": []}
//	  ],
//	  "second_round": [ … ]                 // two-round only, once held
//	}
//
// "choices" name candidates: in order of preference for ranked methods,
// the marked candidates for plurality, approval and two-round, the one
// list for list votes; an empty list is a blank ballot. A ballot naming
// a candidate twice, or marking more than allowed, is kept and counted
// as invalid. "weight" (default 1) may group identical ballots of a box
// without trackers. "tie" gives the priority order and the seed of the
// lot (see TieRule). Members are checked strictly: an unknown member, an
// unknown candidate, a repeated tracker, a negative weight are errors
// with their line.
type BallotBox struct {
	Format        string        `json:"format"`
	Version       int           `json:"version"`
	Title         string        `json:"title,omitempty"`
	Method        Method        `json:"method,omitempty"`
	Seats         int           `json:"seats,omitempty"`
	Candidates    []string      `json:"candidates"`
	Withdrawn     []string      `json:"withdrawn,omitempty"`
	Tie           BoxTie        `json:"tie"`
	Runoff        *RunoffRule   `json:"runoff,omitempty"`
	Apportionment Apportionment `json:"apportionment,omitempty"`
	Ballots       []BoxBallot   `json:"ballots"`
	SecondRound   []BoxBallot   `json:"second_round,omitempty"`
}

// BoxTie is the tie rule of a ballot box, by candidate names.
type BoxTie struct {
	Priority []string `json:"priority,omitempty"`
	Seed     uint64   `json:"seed"`
}

// BoxBallot is one ballot of a ballot box (or Weight identical ones).
type BoxBallot struct {
	Tracker string   `json:"tracker,omitempty"`
	Choices []string `json:"choices"`
	Weight  int64    `json:"weight,omitempty"`
}

// ReadBallotBox reads and checks a JSON ballot box.
func ReadBallotBox(r io.Reader) (*BallotBox, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var box BallotBox
	if err := dec.Decode(&box); err != nil {
		return nil, jsonErr(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, parseErr(lineAt(data, int(dec.InputOffset())), "extra", nil, "unexpected text after the ballot box")
	}
	if err := box.check(data); err != nil {
		return nil, err
	}
	return &box, nil
}

func (b *BallotBox) check(data []byte) error {
	if b.Format != BallotBoxFormat {
		return parseErr(0, "box_format", nil, "not a ballot box: \"format\" must be %q", BallotBoxFormat)
	}
	if b.Version != 1 {
		return parseErr(0, "box_version", map[string]any{"Version": b.Version}, "ballot box version %d is not supported", b.Version)
	}
	if b.Method != "" {
		if _, ok := ParseMethod(string(b.Method)); !ok {
			return parseErr(0, "box_method", map[string]any{"Method": string(b.Method)}, "unknown method %q", b.Method)
		}
	}
	if len(b.Candidates) == 0 || len(b.Candidates) > MaxCandidates {
		return parseErr(0, "box_candidates", nil, "the ballot box must list between 1 and %d candidates", MaxCandidates)
	}
	if b.Seats < 0 || b.Seats > MaxCandidates {
		return parseErr(0, "box_seats", nil, "the number of seats is out of range")
	}
	switch b.Apportionment {
	case "", WinnerTakesAll, DHondt:
	default:
		return parseErr(0, "box_apportionment", map[string]any{"Name": string(b.Apportionment)}, "unknown apportionment %q", b.Apportionment)
	}
	if b.Runoff != nil && !(b.Runoff.Threshold >= 0 && b.Runoff.Threshold <= 1) {
		return parseErr(0, "box_threshold", nil, "the threshold of the second round must lie between 0 and 1")
	}
	index := make(map[string]int, len(b.Candidates))
	for i, c := range b.Candidates {
		if strings.TrimSpace(c) == "" {
			return parseErr(0, "name_empty", nil, "a candidate's name is empty")
		}
		if _, dup := index[c]; dup {
			return parseErr(0, "name_repeated", map[string]any{"Name": c}, "two candidates are named %q", c)
		}
		index[c] = i
	}
	known := func(names []string, code string) error {
		seen := map[string]bool{}
		for _, name := range names {
			if _, ok := index[name]; !ok {
				return parseErr(0, "unknown_name", map[string]any{"Name": name}, "%q is not a candidate", name)
			}
			if seen[name] {
				return parseErr(0, code, map[string]any{"Name": name}, "%q is named twice", name)
			}
			seen[name] = true
		}
		return nil
	}
	if err := known(b.Withdrawn, "name_repeated"); err != nil {
		return err
	}
	if err := known(b.Tie.Priority, "name_repeated"); err != nil {
		return err
	}
	trackers := map[string]bool{}
	for _, part := range []struct {
		key     string
		ballots []BoxBallot
	}{{"ballots", b.Ballots}, {"second_round", b.SecondRound}} {
		key, ballots := part.key, part.ballots
		var lines []int
		for i, bal := range ballots {
			bad := func() int {
				if lines == nil {
					lines = elementLines(data, key)
				}
				if i < len(lines) {
					return lines[i]
				}
				return 0
			}
			if bal.Weight < 0 || bal.Weight > maxWeight {
				return parseErr(bad(), "weight_negative", map[string]any{"Token": bal.Weight}, "the weight %d is out of range", bal.Weight)
			}
			for _, name := range bal.Choices {
				if _, ok := index[name]; !ok {
					return parseErr(bad(), "unknown_name", map[string]any{"Name": name}, "%q is not a candidate", name)
				}
			}
			if t := bal.Tracker; t != "" {
				if trackers[key+"\x00"+t] {
					return parseErr(bad(), "tracker_repeated", map[string]any{"Tracker": t}, "tracker %q appears twice", t)
				}
				trackers[key+"\x00"+t] = true
			}
		}
	}
	return nil
}

// Election turns the box into an election and the options of its count.
func (b *BallotBox) Election() (*Election, Options) {
	index := make(map[string]int, len(b.Candidates))
	for i, c := range b.Candidates {
		index[c] = i
	}
	ids := func(names []string) []int {
		out := make([]int, len(names))
		for i, n := range names {
			out[i] = index[n]
		}
		return out
	}
	ballots := func(bs []BoxBallot) []Ballot {
		out := make([]Ballot, len(bs))
		for i, bal := range bs {
			w := bal.Weight
			if w == 0 {
				w = 1
			}
			out[i] = Ballot{Weight: w, Choices: ids(bal.Choices)}
		}
		return out
	}
	e := &Election{
		Title:      b.Title,
		Candidates: append([]string(nil), b.Candidates...),
		Withdrawn:  ids(b.Withdrawn),
		Seats:      b.Seats,
		Ballots:    ballots(b.Ballots),
	}
	opt := Options{
		Tie:           TieRule{Priority: ids(b.Tie.Priority), Seed: b.Tie.Seed},
		Apportionment: b.Apportionment,
	}
	if b.Runoff != nil {
		opt.Runoff = *b.Runoff
	}
	if b.SecondRound != nil {
		opt.SecondRound = ballots(b.SecondRound)
	}
	return e, opt
}

// WriteBallotBox writes b as indented JSON.
func WriteBallotBox(w io.Writer, b *BallotBox) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(b)
}

// jsonErr turns a decoding error into a ParseError with its line.
func jsonErr(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return parseErr(lineAt(data, int(syn.Offset)), "json", map[string]any{"Reason": syn.Error()}, "%s", syn.Error())
	case errors.As(err, &typ):
		return parseErr(lineAt(data, int(typ.Offset)), "json", map[string]any{"Reason": typ.Error()}, "%s", typ.Error())
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return parseErr(lineAt(data, len(data)), "truncated_json", nil, "the ballot box is truncated")
	}
	return parseErr(0, "json", map[string]any{"Reason": err.Error()}, "%s", err.Error())
}

// lineAt returns the line of byte offset off.
func lineAt(data []byte, off int) int {
	off = min(max(off, 0), len(data))
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// elementLines returns the line where each element of the top-level
// array member key begins.
func elementLines(data []byte, key string) []int {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil
		}
		if k != key {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return nil
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return nil
		}
		var lines []int
		for dec.More() {
			off := int(dec.InputOffset())
			for off < len(data) && strings.IndexByte(" \t\r\n,", data[off]) >= 0 {
				off++
			}
			lines = append(lines, lineAt(data, off))
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return lines
			}
		}
		return lines
	}
	return nil
}
