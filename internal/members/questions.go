package members

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/memberevent"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/board/mandaterule"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/mail"
)

// InformationAnswer is an applicant's answer to the board's question, with
// the application's fields as the applicant corrects them.
type InformationAnswer struct {
	Answer                               string
	FirstName, LastName                  string
	OrganisationName, RepresentativeName string
	Phone, City, Profession              string
}

// FieldChange is one field an applicant corrected in answering the board:
// its name (the form's) and its value before and after.
type FieldChange struct {
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// ChangesOf reads the corrections an answer recorded (none for any other
// event).
func ChangesOf(e *ent.MemberEvent) []FieldChange {
	var out []FieldChange
	if len(e.Changes) > 0 {
		// Written by AnswerInformationRequest only; an unreadable value
		// shows no corrections rather than failing the page.
		_ = json.Unmarshal(e.Changes, &out)
	}
	return out
}

// AnswerFormOf fills an answer form with the application as it stands.
func AnswerFormOf(m *ent.Member) InformationAnswer {
	return InformationAnswer{FirstName: m.FirstName, LastName: m.LastName,
		OrganisationName: m.OrganisationName, RepresentativeName: m.RepresentativeName,
		Phone: m.Phone, City: m.City, Profession: m.Profession}
}

// MayAnswer reports whether an applicant may answer the board now: only
// while the board asks for information.
func MayAnswer(m *ent.Member) bool {
	return m.Status == member.StatusApplicant && m.Application == member.ApplicationInfoRequested
}

// BoardQuestion returns the board's last question on an application, or
// nil if none was asked.
func (s *Service) BoardQuestion(ctx context.Context, memberID int) (*ent.MemberEvent, error) {
	e, err := database.Client(ctx, s.db).MemberEvent.Query().
		Where(memberevent.MemberID(memberID), memberevent.Kind("info_requested")).
		Order(ent.Desc(memberevent.FieldAt), ent.Desc(memberevent.FieldID)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return e, err
}

// AnswerInformationRequest records the applicant's answer to the board's
// question and their corrections, and puts the application back in the
// board's queue. The row is chosen by the account, never by an id from the
// request, and only while the board asks for information. The board
// member who asked (or else the secretary general) is mailed, in the same
// transaction.
func (s *Service) AnswerInformationRequest(ctx context.Context, userID int, a InformationAnswer) error {
	trimAll(&a.Answer, &a.FirstName, &a.LastName, &a.OrganisationName, &a.RepresentativeName,
		&a.Phone, &a.City, &a.Profession)
	return database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		m, err := s.ForUser(ctx, userID)
		if err != nil {
			return err
		}
		if !MayAnswer(m) {
			return fmt.Errorf("application of member %d is %s: %w", m.ID, m.Application, apperr.ErrConflict)
		}
		v := &apperr.ValidationError{}
		if a.Answer == "" {
			v.Add("answer", "error.required", nil)
		}
		optionalText(v, "answer", a.Answer, 2000)
		if m.Kind == member.KindOrganisation {
			required(v, "organisation_name", a.OrganisationName, 200)
			required(v, "representative_name", a.RepresentativeName, 200)
			a.FirstName, a.LastName = m.FirstName, m.LastName
		} else {
			required(v, "first_name", a.FirstName, 100)
			required(v, "last_name", a.LastName, 100)
			a.OrganisationName, a.RepresentativeName = m.OrganisationName, m.RepresentativeName
		}
		optional(v, "phone", a.Phone, 40)
		optional(v, "city", a.City, 120)
		optional(v, "profession", a.Profession, 200)
		if err := v.OrNil(); err != nil {
			return err
		}
		changes, err := json.Marshal(answerChanges(m, a))
		if err != nil {
			return err
		}
		// Conditional on the state just read: answered twice at once, or
		// decided meanwhile, only one change wins.
		n, err := db.Member.Update().Where(member.ID(m.ID), member.ApplicationEQ(member.ApplicationInfoRequested)).
			SetApplication(member.ApplicationPending).
			SetFirstName(a.FirstName).SetLastName(a.LastName).
			SetOrganisationName(a.OrganisationName).SetRepresentativeName(a.RepresentativeName).
			SetPhone(a.Phone).SetCity(a.City).SetProfession(a.Profession).
			SetSearchText(searchText(a.FirstName, a.LastName, a.OrganisationName, a.RepresentativeName, m.Email, "")).
			Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("application of member %d changed meanwhile: %w", m.ID, apperr.ErrConflict)
		}
		if err := db.MemberEvent.Create().SetMemberID(m.ID).SetKind("info_answered").
			SetFromStatus(string(m.Status)).SetToStatus(string(m.Status)).SetAt(s.Now()).SetByUserID(userID).
			SetReason(a.Answer).SetChanges(changes).Exec(ctx); err != nil {
			return err
		}
		q, err := s.BoardQuestion(ctx, m.ID)
		if err != nil {
			return err
		}
		var asker *ent.User
		if q != nil && q.ByUserID != nil {
			if asker, err = db.User.Get(ctx, *q.ByUserID); err != nil && !ent.IsNotFound(err) {
				return err
			}
			if asker != nil && asker.Disabled {
				asker = nil
			}
		}
		if asker == nil {
			if asker, err = s.officeHolderAccount(ctx, mandate.OfficeSecretaryGeneral); err != nil || asker == nil {
				return err
			}
		}
		updated, err := db.Member.Get(ctx, m.ID)
		if err != nil {
			return err
		}
		return s.mailAccount(ctx, asker, "application_answered", map[string]any{
			"Applicant": DisplayName(updated), "Path": "/board/applications/" + strconv.Itoa(m.ID),
			"Answer": a.Answer, "Changed": len(answerChanges(m, a)),
		}, "application", m.ID)
	})
}

// answerChanges lists what an answer corrects, in the form's order.
func answerChanges(m *ent.Member, a InformationAnswer) []FieldChange {
	out := []FieldChange{}
	for _, f := range []struct{ name, from, to string }{
		{"first_name", m.FirstName, a.FirstName}, {"last_name", m.LastName, a.LastName},
		{"organisation_name", m.OrganisationName, a.OrganisationName},
		{"representative_name", m.RepresentativeName, a.RepresentativeName},
		{"phone", m.Phone, a.Phone}, {"city", m.City, a.City}, {"profession", m.Profession, a.Profession},
	} {
		if f.from != f.to {
			out = append(out, FieldChange{Field: f.name, From: f.from, To: f.to})
		}
	}
	return out
}

// officeHolderAccount returns the sign-in account of whoever holds an
// office of the board today, or nil when the office is vacant or its
// holder has no usable account.
func (s *Service) officeHolderAccount(ctx context.Context, office mandate.Office) (*ent.User, error) {
	now := s.Now()
	md, err := database.Client(ctx, s.db).Mandate.Query().
		Where(mandate.OfficeEQ(office), mandaterule.RunningOn(now)).
		WithMember(func(q *ent.MemberQuery) { q.WithAccount() }).
		Order(ent.Asc(mandate.FieldStartOn)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if md.Edges.Member == nil || md.Edges.Member.Edges.Account == nil || md.Edges.Member.Edges.Account.Disabled {
		return nil, nil
	}
	return md.Edges.Member.Edges.Account, nil
}

// mailAccount queues a message to an account, in its language, in the
// transaction ctx carries. Without a mailer nothing is sent.
func (s *Service) mailAccount(ctx context.Context, u *ent.User, kind string, data map[string]any, relType string, relID int) error {
	if s.Mail == nil || u == nil {
		return nil
	}
	_, err := s.Mail.Queue(ctx, mail.Mail{
		Kind: kind, To: mail.Recipient{Address: u.Email, Name: u.DisplayName, UserID: u.ID},
		Data: data, RelatedType: relType, RelatedID: relID,
	})
	return err
}
