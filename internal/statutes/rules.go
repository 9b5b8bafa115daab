package statutes

import (
	"fmt"

	"github.com/omsn/majlis/internal/apperr"
)

// Names holds a label in the three languages.
type Names struct {
	Fr string `json:"fr"`
	Ar string `json:"ar,omitempty"`
	En string `json:"en,omitempty"`
}

// In returns the label in a language, falling back to French.
func (n Names) In(lang string) string {
	switch {
	case lang == "ar" && n.Ar != "":
		return n.Ar
	case lang == "en" && n.En != "":
		return n.En
	}
	return n.Fr
}

// Map returns the names keyed by language code.
func (n Names) Map() map[string]string { return map[string]string{"fr": n.Fr, "ar": n.Ar, "en": n.En} }

// Category is a membership category.
type Category struct {
	Code  string `json:"code"`
	Names Names  `json:"names"`
	// DuesAmount is the dues per period in the currency's smallest unit.
	DuesAmount      int64 `json:"dues_amount"`
	MayVote         bool  `json:"may_vote"`
	MayStand        bool  `json:"may_stand"`
	CountsForQuorum bool  `json:"counts_for_quorum"`
	Organisation    bool  `json:"organisation,omitempty"`
}

// Position is an office of the executive board.
type Position struct {
	Code   string `json:"code"`
	Titles Names  `json:"titles"`
	// Office decides the roles a mandate confers: president,
	// vice_president, secretary_general, treasurer or assessor.
	Office    string `json:"office"`
	Seats     int    `json:"seats"`
	TermYears int    `json:"term_years"`
	// MaxRenewals is how many times a mandate may be renewed (-1: no limit).
	MaxRenewals int `json:"max_renewals"`
}

// Rules are the governance rules the software enforces. This first part
// covers membership and the board; assemblies, dues and proxies are added
// with the issues that use them.
type Rules struct {
	Categories []Category `json:"categories"`
	Positions  []Position `json:"positions"`
}

// Offices a position may have.
var offices = map[string]bool{"president": true, "vice_president": true, "secretary_general": true, "treasurer": true, "assessor": true}

// Validate checks the rules; each problem names its field as a dotted path
// (categories.2.code, positions.0.seats…).
func (r Rules) Validate() error {
	v := &apperr.ValidationError{}
	if len(r.Categories) == 0 {
		v.Add("categories", "statutes.error.no_category", nil)
	}
	codes := map[string]bool{}
	voting := false
	for i, c := range r.Categories {
		f := fmt.Sprintf("categories.%d", i)
		switch {
		case c.Code == "":
			v.Add(f+".code", "error.required", nil)
		case codes[c.Code]:
			v.Add(f+".code", "statutes.error.duplicate_code", nil)
		}
		codes[c.Code] = true
		if c.Names.Fr == "" {
			v.Add(f+".names.fr", "error.required", nil)
		}
		if c.DuesAmount < 0 {
			v.Add(f+".dues_amount", "statutes.error.negative", nil)
		}
		voting = voting || c.MayVote
	}
	if len(r.Categories) > 0 && !voting {
		v.Add("categories", "statutes.error.no_voting_category", nil)
	}
	pcodes := map[string]bool{}
	president := false
	for i, p := range r.Positions {
		f := fmt.Sprintf("positions.%d", i)
		switch {
		case p.Code == "":
			v.Add(f+".code", "error.required", nil)
		case pcodes[p.Code]:
			v.Add(f+".code", "statutes.error.duplicate_code", nil)
		}
		pcodes[p.Code] = true
		if p.Titles.Fr == "" {
			v.Add(f+".titles.fr", "error.required", nil)
		}
		if !offices[p.Office] {
			v.Add(f+".office", "error.choice_invalid", nil)
		}
		if p.Seats < 1 {
			v.Add(f+".seats", "statutes.error.positive", nil)
		}
		if p.TermYears < 1 {
			v.Add(f+".term_years", "statutes.error.positive", nil)
		}
		if p.MaxRenewals < -1 {
			v.Add(f+".max_renewals", "statutes.error.negative", nil)
		}
		president = president || p.Office == "president"
	}
	if !president {
		v.Add("positions", "statutes.error.no_president", nil)
	}
	return v.OrNil()
}

// Category returns the category with that code.
func (r Rules) Category(code string) (Category, bool) {
	for _, c := range r.Categories {
		if c.Code == code {
			return c, true
		}
	}
	return Category{}, false
}

// Position returns the board position with that code.
func (r Rules) Position(code string) (Position, bool) {
	for _, p := range r.Positions {
		if p.Code == code {
			return p, true
		}
	}
	return Position{}, false
}
