// Package statusset names the sets of membership statuses the rules of the
// association speak of. Each set is written here once; queries, checks and
// view models use it rather than listing statuses again, so that a rule
// ("who owes dues", "who has a member's rights") has one answer everywhere.
//
// It is a package of its own, importing only the generated schema, so that
// every package that needs a set (accounts, authz, board, dues, members,
// electorate) may import it without a cycle.
package statusset

import (
	"slices"

	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/predicate"
)

// Set is a named set of membership statuses. The sets below are never
// modified.
type Set []member.Status

// Has reports whether a status is in the set.
func (s Set) Has(st member.Status) bool { return slices.Contains(s, st) }

// Where selects the members whose status is in the set.
func (s Set) Where() predicate.Member { return member.StatusIn(s...) }

var (
	// WithRights are the members who have a member's rights: active ones,
	// and lapsed ones (behind with their dues, they are still members).
	// They sign in as members, appear in the directory, may hold office,
	// and may vote or stand when the statutes' other conditions hold.
	WithRights = Set{member.StatusActive, member.StatusLapsed}

	// Current are the members the board admitted who have not left:
	// those WithRights and the suspended ones. They owe dues (charged,
	// reminded, on the arrears list, lapsed), may be reclassified, may be
	// invited to create a sign-in, and may ask to leave.
	Current = Set{member.StatusActive, member.StatusLapsed, member.StatusSuspended}
)
