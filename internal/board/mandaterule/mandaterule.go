// Package mandaterule holds the one definition of a running mandate: the
// roles a mandate confers, the seats shown as held, the co-optations
// awaiting ratification, the terms ending soon and the mandates a board
// decision ends all use it.
//
// It is a package of its own, importing only the generated schema, so that
// authz (which computes roles from mandates) and board (which imports
// members, which checks permissions through authz) may both use it without
// an import cycle.
package mandaterule

import (
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/predicate"
)

// RunningOn selects the mandates running at t: started, not past the end
// of their term, and not ended early by then. Running is the same rule on a
// mandate already read.
func RunningOn(t time.Time) predicate.Mandate {
	return mandate.And(mandate.StartOnLTE(t), mandate.EndOnGT(t),
		mandate.Or(mandate.EndedOnIsNil(), mandate.EndedOnGT(t)))
}

// Running reports whether a mandate is running at t, by the rule of
// RunningOn.
func Running(m *ent.Mandate, t time.Time) bool {
	return !m.StartOn.After(t) && m.EndOn.After(t) && (m.EndedOn == nil || m.EndedOn.After(t))
}

// HeldOrDueOn selects the mandates running on a day or recorded to start
// after it: their term ends after the day and they were not ended by then.
// It is what an office gives a member's account now or soon, and what a
// board decision taking the member's rights away ends.
func HeldOrDueOn(t time.Time) predicate.Mandate {
	return mandate.And(mandate.EndOnGT(t), mandate.Or(mandate.EndedOnIsNil(), mandate.EndedOnGT(t)))
}
