package members

import (
	"context"
	"fmt"
	"strings"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mailmessage"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/session"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
)

// CheckErasure checks an erasure as Anonymise does, without erasing
// anything, so that the board confirms only an erasure that would be
// carried out. It returns the member, to name them.
func (s *Service) CheckErasure(ctx context.Context, memberID int, d Decision) (*ent.Member, error) {
	if err := checkErasureInput(d); err != nil {
		return nil, err
	}
	m, err := database.Client(ctx, s.db).Member.Get(ctx, memberID)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("member %d: %w", memberID, apperr.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return m, erasable(m)
}

func checkErasureInput(d Decision) error {
	if strings.TrimSpace(d.Reason) == "" {
		return apperr.Invalid("reason", "error.required", nil)
	}
	return nil
}

// erasable says whether a member's data may be erased: a former member's,
// once.
func erasable(m *ent.Member) error {
	if !Final(Status(m.Status)) {
		return apperr.Invalid("reason", "members.error.not_former", nil)
	}
	if m.AnonymisedAt != nil {
		return fmt.Errorf("member %d already anonymised: %w", m.ID, apperr.ErrConflict)
	}
	return nil
}

// Anonymise erases a former member's personal data at their request (law
// 09-08) while keeping what the accounts need: the number, category, dates,
// status and the history of decisions (and, later, payments and receipts).
// Their account is disabled, its sessions end and its email is replaced.
func (s *Service) Anonymise(ctx context.Context, memberID int, d Decision) error {
	if err := checkErasureInput(d); err != nil {
		return err
	}
	return database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		m, err := db.Member.Get(ctx, memberID)
		if ent.IsNotFound(err) {
			return fmt.Errorf("member %d: %w", memberID, apperr.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if err := erasable(m); err != nil {
			return err
		}
		placeholder := "—"
		upd := db.Member.UpdateOneID(memberID).
			SetFirstName(placeholder).SetLastName(placeholder).SetRepresentativeName("").
			SetEmail("").SetPhone("").SetAddress("").SetCity("").SetNationality("").SetBirthPlace("").
			ClearBirthDate().SetProfession("").SetConsentDirectory(false).SetConsentEmails(false).
			SetAnonymisedAt(s.Now())
		if m.Kind == member.KindOrganisation {
			// An organisation's name is not personal data; its
			// representative's is.
			upd.SetFirstName("").SetLastName("")
		}
		relist(upd, m)
		if err := upd.Exec(ctx); err != nil {
			return err
		}
		// The delivery log keeps that mail was sent, not to whom nor what.
		if err := db.MailMessage.Update().Where(mailmessage.MemberID(memberID)).
			SetToAddress("anonymised@invalid").SetToName("").SetSubject(placeholder).
			SetTextBody("").SetHTMLBody("").ClearAttachments().Exec(ctx); err != nil {
			return err
		}
		if m.UserID != nil {
			if _, err := db.Session.Delete().Where(session.UserID(*m.UserID)).Exec(ctx); err != nil {
				return err
			}
			if err := db.User.UpdateOneID(*m.UserID).SetDisabled(true).SetDisplayName("").
				SetEmail(fmt.Sprintf("anonymised-%d@invalid", *m.UserID)).Exec(ctx); err != nil {
				return err
			}
		}
		return db.MemberEvent.Create().SetMemberID(memberID).SetKind("anonymised").SetAt(s.Now()).
			SetByUserID(d.ActorID).SetReason(strings.TrimSpace(d.Reason)).
			SetDecisionReference(strings.TrimSpace(d.Reference)).Exec(ctx)
	})
}
