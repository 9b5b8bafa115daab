package members_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/memberevent"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/testdb"
)

func bulkMembers(t *testing.T, db *database.DB, statuses ...member.Status) []*ent.Member {
	t.Helper()
	var out []*ent.Member
	for i, st := range statuses {
		out = append(out, db.Ent.Member.Create().SetStatus(st).SetCategory("active").SetFirstName("Membre").
			SetLastName(fmt.Sprint("N", i)).SetNumber(fmt.Sprintf("B-%03d", i)).SaveX(context.Background()))
	}
	return out
}

func idsOf(ms []*ent.Member) []int {
	ids := make([]int, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	return ids
}

func TestTheBoardMovesASelectionToAnotherCategoryWithTheDecisionInEachHistory(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newService(t, db)
		ctx := context.Background()
		ms := bulkMembers(t, db, member.StatusActive, member.StatusLapsed, member.StatusSuspended)
		db.Ent.Member.UpdateOne(ms[2]).SetCategory("founding").ExecX(ctx)
		n, err := s.ChangeCategory(ctx, members.CategoryChange{MemberIDs: append(idsOf(ms), ms[0].ID), Category: "founding",
			Decision: members.Decision{ActorID: 7, Reason: "Membres du premier bureau", Reference: "Bureau du 3 octobre 2026"}})
		if err != nil {
			t.Fatal(err)
		}
		// The third was already a founding member.
		if n != 2 {
			t.Fatalf("%d changed, want 2", n)
		}
		for _, m := range ms {
			if got := db.Ent.Member.GetX(ctx, m.ID); got.Category != "founding" {
				t.Errorf("member %d is %s", m.ID, got.Category)
			}
		}
		evs := db.Ent.MemberEvent.Query().Where(memberevent.Kind("category_changed")).AllX(ctx)
		if len(evs) != 2 {
			t.Fatalf("%d history entries, want 2", len(evs))
		}
		for _, e := range evs {
			if e.Reason != "Membres du premier bureau (active → founding)" || e.DecisionReference != "Bureau du 3 octobre 2026" ||
				e.ByUserID == nil || *e.ByUserID != 7 {
				t.Errorf("history entry %+v", e)
			}
		}
	})
}

func TestABulkCategoryChangeIsAllOrNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newService(t, db)
		ctx := context.Background()
		ms := bulkMembers(t, db, member.StatusActive, member.StatusResigned)
		ok := members.Decision{Reason: "Reclassement"}

		_, err := s.ChangeCategory(ctx, members.CategoryChange{MemberIDs: idsOf(ms), Category: "honorary", Decision: ok})
		if v, isV := apperr.AsValidation(err); !isV || v.Fields["ids"].Key != "roster.error.not_reclassifiable" {
			t.Fatalf("a former member in the selection: %v", err)
		}
		if got := db.Ent.Member.GetX(ctx, ms[0].ID); got.Category != "active" {
			t.Fatal("the active member was changed although the action failed")
		}
		if n := db.Ent.MemberEvent.Query().CountX(ctx); n != 0 {
			t.Fatalf("%d history entries written by a failed action", n)
		}

		_, err = s.ChangeCategory(ctx, members.CategoryChange{Category: "patron"})
		v, isV := apperr.AsValidation(err)
		if !isV || v.Fields["ids"].Key != "roster.error.none_selected" || v.Fields["category"].Key != "error.choice_invalid" ||
			v.Fields["reason"].Key != "error.required" {
			t.Fatalf("empty action: %v", err)
		}
		_, err = s.ChangeCategory(ctx, members.CategoryChange{MemberIDs: []int{ms[0].ID, 999999}, Category: "honorary", Decision: ok})
		if !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("unknown member: %v", err)
		}
		if got := db.Ent.Member.GetX(ctx, ms[0].ID); got.Category != "active" {
			t.Fatal("the known member was changed although the action failed")
		}
	})
}
