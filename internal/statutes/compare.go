package statutes

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// LineKind says whether a line is in both versions or only one.
type LineKind string

// Line kinds.
const (
	Same    LineKind = "same"
	Removed LineKind = "removed"
	Added   LineKind = "added"
)

// DiffLine is one line of a comparison of two texts.
type DiffLine struct {
	Kind LineKind
	Text string
}

// CompareText compares two texts line by line.
func CompareText(a, b string) []DiffLine {
	dmp := diffmatchpatch.New()
	ca, cb, lines := dmp.DiffLinesToChars(a, b)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(ca, cb, false), lines)
	var out []DiffLine
	for _, d := range diffs {
		kind := Same
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			kind = Removed
		case diffmatchpatch.DiffInsert:
			kind = Added
		}
		for _, l := range strings.SplitAfter(d.Text, "\n") {
			if l == "" {
				continue
			}
			out = append(out, DiffLine{Kind: kind, Text: strings.TrimSuffix(l, "\n")})
		}
	}
	return out
}

// RuleChange is one governance rule that differs between two versions.
type RuleChange struct {
	Path     string // e.g. categories.active.dues_amount
	Old, New string // "" when absent
}

// CompareRules lists the rules that differ, by path, in a stable order.
// Categories and positions are matched by code, not by place in the list.
func CompareRules(a, b Rules) []RuleChange {
	fa, fb := flatten(a), flatten(b)
	keys := map[string]bool{}
	for k := range fa {
		keys[k] = true
	}
	for k := range fb {
		keys[k] = true
	}
	var out []RuleChange
	for k := range keys {
		if fa[k] != fb[k] {
			out = append(out, RuleChange{Path: k, Old: fa[k], New: fb[k]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func flatten(r Rules) map[string]string {
	out := map[string]string{}
	for _, c := range r.Categories {
		flattenInto(out, "categories."+c.Code, c)
	}
	for _, p := range r.Positions {
		flattenInto(out, "positions."+p.Code, p)
	}
	return out
}

// flattenInto writes every leaf of v (through its JSON form) under prefix.
func flattenInto(out map[string]string, prefix string, v any) {
	raw, _ := json.Marshal(v)
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		out[prefix] = string(raw)
		return
	}
	var walk func(string, any)
	walk = func(p string, x any) {
		if mm, ok := x.(map[string]any); ok {
			for k, y := range mm {
				walk(p+"."+k, y)
			}
			return
		}
		out[p] = fmt.Sprint(x)
	}
	walk(prefix, m)
}
