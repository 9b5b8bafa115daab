package members

import (
	"context"
	"fmt"
	"strings"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/members/statusset"
)

// MaxBulk is the most members one bulk action may change: enough for any
// real reclassification, small enough for one transaction.
const MaxBulk = 10_000

// CategoryChange is a board decision moving members to another category.
type CategoryChange struct {
	Decision
	// MemberIDs are the members chosen on the roster.
	MemberIDs []int
	// Category is the new category code (of the statutes in force).
	Category string
}

// ChangeCategory moves members to another membership category, all or
// none, recording the decision in each member's history. Members already
// in the category are left alone; applicants and former members cannot be
// reclassified. It returns how many members changed.
//
// Dues charges already issued keep their amount: a charge is the debt as
// notified, and the new category's dues apply from the next period.
func (s *Service) ChangeCategory(ctx context.Context, c CategoryChange) (int, error) {
	c.Reason = strings.TrimSpace(c.Reason)
	v := &apperr.ValidationError{}
	if len(c.MemberIDs) == 0 {
		v.Add("ids", "roster.error.none_selected", nil)
	}
	if len(c.MemberIDs) > MaxBulk {
		v.Add("ids", "roster.error.too_many", map[string]any{"Max": MaxBulk})
	}
	if c.Reason == "" {
		v.Add("reason", "error.required", nil)
	}
	if ok, err := s.categories.CategoryExists(ctx, c.Category); err != nil {
		return 0, err
	} else if !ok {
		v.Add("category", "error.choice_invalid", nil)
	}
	if err := v.OrNil(); err != nil {
		return 0, err
	}
	changed := 0
	err := database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		changed = 0
		ms, err := db.Member.Query().Where(member.IDIn(c.MemberIDs...)).Order(ent.Asc(member.FieldID)).All(ctx)
		if err != nil {
			return err
		}
		if want := len(uniqueInts(c.MemberIDs)); len(ms) != want {
			return fmt.Errorf("%d of %d members not found: %w", want-len(ms), want, apperr.ErrNotFound)
		}
		events := make([]*ent.MemberEventCreate, 0, len(ms))
		var ids []int
		for _, m := range ms {
			if m.Category == c.Category {
				continue
			}
			if m.Status == member.StatusApplicant || Final(Status(m.Status)) {
				return apperr.Invalid("ids", "roster.error.not_reclassifiable", map[string]any{"Name": DisplayName(m)})
			}
			ids = append(ids, m.ID)
			// No status on the entry: the history shows status changes
			// with an arrow, and the status did not change.
			events = append(events, db.MemberEvent.Create().SetMemberID(m.ID).SetKind("category_changed").
				SetAt(s.Now()).SetByUserID(c.ActorID).
				SetReason(fmt.Sprintf("%s (%s → %s)", c.Reason, m.Category, c.Category)).
				SetDecisionReference(strings.TrimSpace(c.Reference)))
		}
		// SQLite allows 32,766 variables per statement: write in chunks.
		const chunk = 500
		for start := 0; start < len(ids); start += chunk {
			end := min(start+chunk, len(ids))
			// The status condition repeats the check above against a
			// status change committed meanwhile.
			n, err := db.Member.Update().Where(member.IDIn(ids[start:end]...),
				statusset.Current.Where()).
				SetCategory(c.Category).Save(ctx)
			if err != nil {
				return err
			}
			if n != end-start {
				return fmt.Errorf("members changed status meanwhile: %w", apperr.ErrConflict)
			}
			if err := db.MemberEvent.CreateBulk(events[start:end]...).Exec(ctx); err != nil {
				return err
			}
		}
		changed = len(ids)
		return nil
	})
	return changed, err
}

func uniqueInts(xs []int) map[int]bool {
	seen := make(map[int]bool, len(xs))
	for _, x := range xs {
		seen[x] = true
	}
	return seen
}

// Selection returns the admitted members among ids, in the roster's name
// order (for exporting the members ticked on the roster).
func (s *Service) Selection(ctx context.Context, ids []int) ([]*ent.Member, error) {
	if len(ids) > MaxBulk {
		return nil, apperr.Invalid("ids", "roster.error.too_many", map[string]any{"Max": MaxBulk})
	}
	return database.Client(ctx, s.db).Member.Query().Where(member.IDIn(ids...), member.StatusNEQ(member.StatusApplicant)).
		Order(ent.Asc(member.FieldLastName), ent.Asc(member.FieldFirstName), ent.Asc(member.FieldOrganisationName),
			ent.Asc(member.FieldID)).All(ctx)
}
