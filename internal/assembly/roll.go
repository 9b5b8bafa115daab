package assembly

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/rollentry"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/electorate"
	"github.com/omsn/majlis/internal/governance"
)

// KeyRollTaken: the roll of this assembly is taken already; it is frozen.
const KeyRollTaken = "assembly.error.roll_taken"

// RollLine is one member's line of the roll: their rights at the cut-off.
type RollLine struct {
	MemberID        int
	MayVote         bool
	CountsForQuorum bool
	// Reason is the electorate's translation key when MayVote is false
	// (electorate.Reason*).
	Reason string
}

// linesOf turns the electorate's roll into roll lines.
func linesOf(roll *electorate.Roll) []RollLine {
	lines := make([]RollLine, len(roll.Members))
	for i, r := range roll.Members {
		lines[i] = RollLine{MemberID: r.MemberID, MayVote: r.Vote.Eligible, CountsForQuorum: r.Quorum.Eligible, Reason: r.Vote.Reason}
	}
	return lines
}

// rollBatch bounds the rows of one INSERT: PostgreSQL takes at most 65,535
// parameters in a statement, and a line has five.
const rollBatch = 2000

// TakeRoll freezes the assembly's electoral roll at a moment: every
// current member's rights by the electorate's bulk roll, under the
// assembly's pinned statutes version and kind, stored line by line with
// the roll's hash. It runs in the caller's transaction if there is one
// (the convocation or the opening takes the roll, as the statutes' cut-off
// says), and refuses a roll taken already.
func (s *Service) TakeRoll(ctx context.Context, a *Assembly, at time.Time) error {
	if a.RollTakenAt != nil {
		return apperr.Invalid("assembly", KeyRollTaken, nil)
	}
	return database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		roll, err := s.electorate.Roll(ctx, at, electorate.Rules{Version: a.Version, Assembly: governance.AssemblyKind(a.Kind)})
		if err != nil {
			return err
		}
		lines := linesOf(roll)
		for start := 0; start < len(lines); start += rollBatch {
			end := min(start+rollBatch, len(lines))
			builders := make([]*ent.RollEntryCreate, 0, end-start)
			for _, l := range lines[start:end] {
				builders = append(builders, db.RollEntry.Create().SetAssemblyID(a.ID).SetMemberID(l.MemberID).
					SetMayVote(l.MayVote).SetCountsForQuorum(l.CountsForQuorum).SetReason(l.Reason))
			}
			if err := db.RollEntry.CreateBulk(builders...).Exec(ctx); err != nil {
				return err
			}
		}
		hash := RollHash(a.ID, at, lines)
		row, err := db.Assembly.UpdateOneID(a.ID).SetRollTakenAt(at).SetRollHash(hash).Save(ctx)
		if err != nil {
			return err
		}
		a.Assembly = row
		return nil
	})
}

// RollHash is the SHA-256, in hex, of a roll's canonical form: the
// assembly, the moment it was taken, then one line per member in the
// order of their ids — "member id, may vote, counts for quorum, reason".
// Anyone holding the roll can recompute it; a changed line changes it.
func RollHash(assemblyID int, at time.Time, lines []RollLine) string {
	h := sha256.New()
	fmt.Fprintf(h, "majlis-roll-v1\nassembly %d\ntaken %s\n", assemblyID, at.UTC().Format(time.RFC3339Nano))
	for _, l := range lines {
		writeLine(h, l)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func writeLine(w io.Writer, l RollLine) {
	fmt.Fprintf(w, "%d,%t,%t,%s\n", l.MemberID, l.MayVote, l.CountsForQuorum, l.Reason)
}

// Roll returns the frozen roll of an assembly, by member id; empty while
// it is not taken.
func (s *Service) Roll(ctx context.Context, assemblyID int) ([]RollLine, error) {
	rows, err := database.Client(ctx, s.db).RollEntry.Query().Where(rollentry.AssemblyID(assemblyID)).
		Order(ent.Asc(rollentry.FieldMemberID)).All(ctx)
	if err != nil {
		return nil, err
	}
	lines := make([]RollLine, len(rows))
	for i, r := range rows {
		lines[i] = RollLine{MemberID: r.MemberID, MayVote: r.MayVote, CountsForQuorum: r.CountsForQuorum, Reason: r.Reason}
	}
	return lines, nil
}

// RollIntact reports whether the stored roll still has the hash taken
// with it.
func (s *Service) RollIntact(ctx context.Context, a *Assembly) (bool, error) {
	if a.RollTakenAt == nil {
		return false, nil
	}
	lines, err := s.Roll(ctx, a.ID)
	if err != nil {
		return false, err
	}
	return RollHash(a.ID, *a.RollTakenAt, lines) == a.RollHash, nil
}

// Standing is a member's place on an assembly's roll.
type Standing struct {
	RollLine
	// OnRoll: the member is on the roll (a current member); Frozen: the
	// roll is taken, so the answer is final; otherwise it is the answer
	// the roll would give now, and may change until the cut-off.
	OnRoll bool
	Frozen bool
	// Cutoff is when the roll is (or was) taken: the convocation, or the
	// opening, as the statutes say; zero when it is not known yet (a draft
	// whose roll is taken at its convocation).
	Cutoff time.Time
	// MayRegain: not entitled to vote only for dues, and the cut-off is
	// still ahead: paying before it restores the right.
	MayRegain bool
}

// StandingOf says whether a member is on an assembly's roll and may vote,
// and why not: from the frozen roll once it is taken, else by the
// electorate's rule as it stands now.
func (s *Service) StandingOf(ctx context.Context, a *Assembly, memberID int) (Standing, error) {
	st := Standing{}
	switch {
	case a.RollTakenAt != nil:
		st.Cutoff, st.Frozen = *a.RollTakenAt, true
	case a.Rules.Cutoff() == governance.RollAtOpening:
		st.Cutoff = a.StartsAt
	}
	if st.Frozen {
		e, err := database.Client(ctx, s.db).RollEntry.Query().
			Where(rollentry.AssemblyID(a.ID), rollentry.MemberID(memberID)).Only(ctx)
		if ent.IsNotFound(err) {
			st.MemberID, st.Reason = memberID, electorate.ReasonNotAMember
			return st, nil
		}
		if err != nil {
			return st, err
		}
		st.RollLine = RollLine{MemberID: e.MemberID, MayVote: e.MayVote, CountsForQuorum: e.CountsForQuorum, Reason: e.Reason}
		st.OnRoll = true
		return st, nil
	}
	on := s.Now()
	r, err := s.electorate.RightsOf(ctx, memberID, on, electorate.Rules{Version: a.Version, Assembly: governance.AssemblyKind(a.Kind)})
	if err != nil {
		return st, err
	}
	st.RollLine = RollLine{MemberID: memberID, MayVote: r.Vote.Eligible, CountsForQuorum: r.Quorum.Eligible, Reason: r.Vote.Reason}
	st.OnRoll = r.Vote.Reason != electorate.ReasonNotAMember
	st.MayRegain = !r.Vote.Eligible && r.Vote.Reason == electorate.ReasonDues
	return st, nil
}
