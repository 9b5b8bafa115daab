package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/omsn/majlis/internal/tally"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// report is the JSON form of a count, by candidate names.
type report struct {
	Title       string                      `json:"title,omitempty"`
	Method      tally.Method                `json:"method"`
	Seats       int                         `json:"seats"`
	Candidates  []string                    `json:"candidates"`
	Withdrawn   []string                    `json:"withdrawn,omitempty"`
	Ballots     tally.BallotCount           `json:"ballots"`
	SecondRound *tally.BallotCount          `json:"second_round_ballots,omitempty"`
	Quota       *tally.Votes                `json:"quota,omitempty"`
	Tie         reportTie                   `json:"tie"`
	Draws       []reportDraw                `json:"draws,omitempty"`
	Winners     []string                    `json:"winners"`
	Complete    bool                        `json:"complete"`
	Qualified   []string                    `json:"qualified,omitempty"`
	Rounds      []reportRound               `json:"rounds"`
	Ranking     [][]string                  `json:"ranking,omitempty"`
	Pairwise    map[string]map[string]int64 `json:"pairwise,omitempty"`
	Strongest   map[string]map[string]int64 `json:"strongest,omitempty"`
	ListSeats   map[string]int              `json:"list_seats,omitempty"`
	// ListThreshold and BelowThreshold: the electoral threshold of a
	// list vote and the lists under it.
	ListThreshold  float64  `json:"list_threshold,omitempty"`
	BelowThreshold []string `json:"below_threshold,omitempty"`
}

type reportTie struct {
	Priority []string `json:"priority,omitempty"`
	Seed     uint64   `json:"seed"`
}

type reportDraw struct {
	Stage    int      `json:"stage"`
	Among    []string `json:"among"`
	Chosen   string   `json:"chosen"`
	Favoured bool     `json:"favoured"`
}

type reportRound struct {
	Stage           int                    `json:"stage"`
	Action          tally.Action           `json:"action"`
	From            string                 `json:"from,omitempty"`
	TransferValue   *tally.Votes           `json:"transfer_value,omitempty"`
	Votes           map[string]tally.Votes `json:"votes"`
	Transfers       map[string]tally.Votes `json:"transfers,omitempty"`
	NonTransferable tally.Votes            `json:"non_transferable"`
	Loss            tally.Votes            `json:"loss"`
	Elected         []reportDecision       `json:"elected"`
	Excluded        []reportDecision       `json:"excluded"`
	Qualified       []reportDecision       `json:"qualified,omitempty"`
}

type reportDecision struct {
	Name   string       `json:"name"`
	Reason tally.Reason `json:"reason"`
}

func writeJSON(w io.Writer, r *tally.Result) error {
	name := func(c int) string { return r.Candidates[c] }
	namesOf := func(cs []int) []string {
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = name(c)
		}
		return out
	}
	decisions := func(ds []tally.Decision) []reportDecision {
		out := []reportDecision{}
		for _, d := range ds {
			out = append(out, reportDecision{Name: name(d.Candidate), Reason: d.Reason})
		}
		return out
	}
	withdrawn := make([]bool, len(r.Candidates))
	for _, c := range r.Withdrawn {
		withdrawn[c] = true
	}
	rep := report{
		Title:       r.Title,
		Method:      r.Method,
		Seats:       r.Seats,
		Candidates:  r.Candidates,
		Withdrawn:   namesOf(r.Withdrawn),
		Ballots:     r.Ballots,
		SecondRound: r.SecondRound,
		Tie:         reportTie{Priority: namesOf(r.Tie.Priority), Seed: r.Tie.Seed},
		Winners:     namesOf(r.Winners),
		Complete:    r.Complete,
		Qualified:   namesOf(r.Qualified),
		Rounds:      []reportRound{},

		ListThreshold:  r.ListThreshold,
		BelowThreshold: namesOf(r.BelowThreshold),
	}
	if r.Method == tally.STV && r.Quota > 0 {
		rep.Quota = &r.Quota
	}
	for _, d := range r.Draws {
		rep.Draws = append(rep.Draws, reportDraw{Stage: d.Stage, Among: namesOf(d.Among), Chosen: name(d.Chosen), Favoured: d.Favoured})
	}
	for _, s := range r.Stages {
		rr := reportRound{
			Stage:           s.Number,
			Action:          s.Action,
			Votes:           map[string]tally.Votes{},
			NonTransferable: s.NonTransferable,
			Loss:            s.Loss,
			Elected:         decisions(s.Elected),
			Excluded:        decisions(s.Excluded),
		}
		if s.Qualified != nil {
			rr.Qualified = decisions(s.Qualified)
		}
		if s.From >= 0 {
			rr.From = name(s.From)
		}
		if s.Action == tally.ActionSurplus {
			tv := s.TransferValue
			rr.TransferValue = &tv
		}
		for c, v := range s.Votes {
			if !withdrawn[c] {
				rr.Votes[name(c)] = v
			}
		}
		if s.Transfers != nil {
			rr.Transfers = map[string]tally.Votes{}
			for c, v := range s.Transfers {
				if v != 0 {
					rr.Transfers[name(c)] = v
				}
			}
		}
		rep.Rounds = append(rep.Rounds, rr)
	}
	for _, tier := range r.Ranking {
		rep.Ranking = append(rep.Ranking, namesOf(tier))
	}
	matrix := func(m [][]int64) map[string]map[string]int64 {
		if m == nil {
			return nil
		}
		out := map[string]map[string]int64{}
		for i, row := range m {
			if withdrawn[i] {
				continue
			}
			out[name(i)] = map[string]int64{}
			for j, v := range row {
				if i != j && !withdrawn[j] {
					out[name(i)][name(j)] = v
				}
			}
		}
		return out
	}
	rep.Pairwise = matrix(r.Pairwise)
	rep.Strongest = matrix(r.Strongest)
	if r.ListSeats != nil {
		rep.ListSeats = map[string]int{}
		for c, n := range r.ListSeats {
			if !withdrawn[c] {
				rep.ListSeats[name(c)] = n
			}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// writeText prints the count for people: a summary, an aligned table
// per stage, the decisions, then the winners.
func writeText(w io.Writer, r *tally.Result, tr Translator) error {
	var b strings.Builder
	line := func(key string, data map[string]any) {
		b.WriteString(tr.T(key, data))
		b.WriteByte('\n')
	}
	name := func(c int) string { return r.Candidates[c] }
	join := func(cs []int) string {
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = name(c)
		}
		return strings.Join(out, ", ")
	}
	withdrawn := make([]bool, len(r.Candidates))
	for _, c := range r.Withdrawn {
		withdrawn[c] = true
	}
	fixed := r.Method == tally.STV
	num := func(v tally.Votes) string {
		if fixed {
			return v.Fixed()
		}
		return v.String()
	}
	signed := func(v tally.Votes) string {
		if v > 0 {
			return "+" + num(v)
		}
		return num(v)
	}

	if r.Title != "" {
		line("tally.title", map[string]any{"Title": r.Title})
	}
	line("tally.summary.method", map[string]any{"Method": tr.T("tally.method."+string(r.Method), nil)})
	line("tally.summary.seats", map[string]any{"Seats": r.Seats})
	line("tally.summary.ballots", map[string]any{"Total": r.Ballots.Total, "Valid": r.Ballots.Valid, "Blank": r.Ballots.Blank, "Invalid": r.Ballots.Invalid})
	if s := r.SecondRound; s != nil {
		line("tally.summary.second_round_ballots", map[string]any{"Total": s.Total, "Valid": s.Valid, "Blank": s.Blank, "Invalid": s.Invalid})
	}
	if len(r.Withdrawn) > 0 {
		line("tally.summary.withdrawn", map[string]any{"Names": join(r.Withdrawn)})
	}
	if r.Method == tally.STV && r.Quota > 0 {
		line("tally.summary.quota", map[string]any{"Quota": r.Quota.String()})
	}
	if len(r.Tie.Priority) > 0 {
		line("tally.summary.priority", map[string]any{"Names": join(r.Tie.Priority)})
	}
	if r.ListThreshold > 0 {
		// In per cent, from the millionths the count compared.
		pct := math.Round(r.ListThreshold*1e6) / 1e4
		line("tally.summary.threshold", map[string]any{"Threshold": strconv.FormatFloat(pct, 'f', -1, 64)})
	}
	line("tally.summary.seed", map[string]any{"Seed": r.Tie.Seed})

	labelVotes := "tally.column.votes"
	for _, s := range r.Stages {
		b.WriteByte('\n')
		action := ""
		switch s.Action {
		case tally.ActionSurplus:
			action = tr.T("tally.action.surplus", map[string]any{"Name": name(s.From), "Value": s.TransferValue.Fixed()})
		case tally.ActionExclusion:
			action = tr.T("tally.action.exclusion", map[string]any{"Name": name(s.From)})
		case tally.ActionSeat:
			action = tr.T("tally.action.seat", map[string]any{"Seat": s.Number - 1})
			labelVotes = "tally.column.average"
		default:
			action = tr.T("tally.action."+string(s.Action), nil)
		}
		line("tally.stage", map[string]any{"N": s.Number, "Action": action})
		rows := [][]string{{tr.T("tally.column.candidate", nil), tr.T(labelVotes, nil)}}
		if s.Transfers != nil {
			rows[0] = append(rows[0], tr.T("tally.column.transfer", nil))
		}
		for c, v := range s.Votes {
			if withdrawn[c] {
				continue
			}
			row := []string{name(c), num(v)}
			if s.Transfers != nil {
				row = append(row, signed(s.Transfers[c]))
			}
			rows = append(rows, row)
		}
		if r.Method == tally.STV || r.Method == tally.IRV {
			row := []string{tr.T("tally.row.non_transferable", nil), num(s.NonTransferable)}
			if s.Transfers != nil {
				row = append(row, signed(s.NonTransferableGain))
			}
			rows = append(rows, row)
		}
		if r.Method == tally.STV {
			row := []string{tr.T("tally.row.loss", nil), num(s.Loss)}
			if s.Transfers != nil {
				row = append(row, "")
			}
			rows = append(rows, row)
		}
		table(&b, rows)
		for _, d := range s.Elected {
			line("tally.elected", map[string]any{"Name": name(d.Candidate), "Reason": tr.T("tally.reason."+string(d.Reason), nil)})
		}
		for _, d := range s.Excluded {
			line("tally.excluded", map[string]any{"Name": name(d.Candidate), "Reason": tr.T("tally.reason."+string(d.Reason), nil)})
		}
		for _, d := range s.Qualified {
			line("tally.qualified", map[string]any{"Name": name(d.Candidate), "Reason": tr.T("tally.reason."+string(d.Reason), nil)})
		}
	}
	if r.Ranking != nil {
		b.WriteByte('\n')
		line("tally.ranking", nil)
		for i, tier := range r.Ranking {
			line("tally.ranking_tier", map[string]any{"Rank": i + 1, "Names": join(tier)})
		}
		for _, m := range []struct {
			key string
			m   [][]int64
		}{{"tally.pairwise", r.Pairwise}, {"tally.strongest", r.Strongest}} {
			b.WriteByte('\n')
			line(m.key, nil)
			head := []string{""}
			for j := range r.Candidates {
				if !withdrawn[j] {
					head = append(head, strconv.Itoa(j+1))
				}
			}
			rows := [][]string{head}
			for i, row := range m.m {
				if withdrawn[i] {
					continue
				}
				cells := []string{strconv.Itoa(i+1) + ". " + name(i)}
				for j, v := range row {
					if withdrawn[j] {
						continue
					}
					if i == j {
						cells = append(cells, "-")
					} else {
						cells = append(cells, strconv.FormatInt(v, 10))
					}
				}
				rows = append(rows, cells)
			}
			table(&b, rows)
		}
	}
	if len(r.Draws) > 0 {
		b.WriteByte('\n')
		for _, d := range r.Draws {
			line("tally.draw", map[string]any{"Stage": d.Stage, "Among": join(d.Among), "Chosen": name(d.Chosen)})
		}
	}
	b.WriteByte('\n')
	if r.ListSeats != nil {
		for c, n := range r.ListSeats {
			if n > 0 {
				line("tally.list_seats", map[string]any{"Name": name(c), "Seats": n})
			}
		}
	}
	if len(r.Qualified) > 0 && !r.Complete {
		line("tally.second_round_pending", map[string]any{"Names": join(r.Qualified)})
	}
	if len(r.Winners) == 0 {
		line("tally.no_winner", nil)
	} else {
		line("tally.winners", nil)
		for i, c := range r.Winners {
			line("tally.winner", map[string]any{"Rank": i + 1, "Name": name(c)})
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// table writes rows aligned: the first column to the left, the others
// to the right, widths counted in characters.
func table(b *strings.Builder, rows [][]string) {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	for _, row := range rows {
		b.WriteString("  ")
		for i, cell := range row {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell))
			if i == 0 {
				b.WriteString(cell + pad)
			} else {
				b.WriteString("  " + pad + cell)
			}
		}
		b.WriteString("\n")
	}
}
