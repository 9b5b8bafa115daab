package members

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/accounts"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/textinput"
)

// Identity is what the board keeps about a member beyond their status:
// names and contact, and what a declaration to the authorities asks of a
// board member (nationality, date and place of birth, profession, address).
type Identity struct {
	FirstName, LastName                  string
	OrganisationName, RepresentativeName string
	Email, Phone, Address, City          string
	Nationality, BirthPlace, Profession  string
	BirthDate                            *time.Time
}

// IdentityOf reads a member's identity, for the edit form.
func IdentityOf(m *ent.Member) Identity {
	return Identity{FirstName: m.FirstName, LastName: m.LastName, OrganisationName: m.OrganisationName,
		RepresentativeName: m.RepresentativeName, Email: m.Email, Phone: m.Phone, Address: m.Address, City: m.City,
		Nationality: m.Nationality, BirthPlace: m.BirthPlace, Profession: m.Profession, BirthDate: m.BirthDate}
}

// UpdateIdentity lets the board correct or complete a member's identity.
// The member's history records who changed which fields, and why; the
// values themselves stay out of it (personal data lives in one place, and
// erasure clears it there).
func (s *Service) UpdateIdentity(ctx context.Context, memberID int, in Identity, d Decision) error {
	trimAll(&in.FirstName, &in.LastName, &in.OrganisationName, &in.RepresentativeName, &in.Email, &in.Phone,
		&in.Address, &in.City, &in.Nationality, &in.BirthPlace, &in.Profession, &d.Reason)
	v := &apperr.ValidationError{}
	// Checked before lower-casing, which would turn invalid bytes into
	// replacement characters.
	emailOK := textinput.CheckLine(v, "email", in.Email)
	in.Email = strings.ToLower(in.Email)
	checkPhone(v, "phone", &in.Phone)
	optionalText(v, "address", in.Address, 300)
	optional(v, "city", in.City, 120)
	optional(v, "nationality", in.Nationality, 80)
	optional(v, "birth_place", in.BirthPlace, 120)
	optional(v, "profession", in.Profession, 200)
	textinput.CheckText(v, "reason", d.Reason)
	textinput.Lines(v, map[string]string{"first_name": in.FirstName, "last_name": in.LastName,
		"organisation_name": in.OrganisationName, "representative_name": in.RepresentativeName})
	if emailOK && in.Email != "" && !accounts.ValidEmail(in.Email) {
		v.Add("email", "error.email_invalid", nil)
	}
	if in.BirthDate != nil && (in.BirthDate.After(s.Now()) || in.BirthDate.Year() < 1900) {
		v.Add("birth_date", "error.date_invalid", nil)
	}
	if d.Reason == "" {
		v.Add("reason", "error.required", nil)
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
		if m.AnonymisedAt != nil {
			return fmt.Errorf("member %d was anonymised: %w", memberID, apperr.ErrConflict)
		}
		if m.Kind == member.KindOrganisation {
			required(v, "organisation_name", in.OrganisationName, 200)
			required(v, "representative_name", in.RepresentativeName, 200)
		} else {
			required(v, "first_name", in.FirstName, 100)
			required(v, "last_name", in.LastName, 100)
		}
		if err := v.OrNil(); err != nil {
			return err
		}
		before := IdentityOf(m)
		changed := changedFields(before, in)
		if len(changed) == 0 {
			return nil
		}
		// Stored addresses may differ from the form's only in case.
		emailChanged := !strings.EqualFold(before.Email, in.Email)
		if emailChanged {
			if err := s.checkEmailChange(ctx, d.ActorID, m); err != nil {
				return err
			}
		}
		upd := db.Member.UpdateOneID(memberID).SetFirstName(in.FirstName).SetLastName(in.LastName).
			SetOrganisationName(in.OrganisationName).SetRepresentativeName(in.RepresentativeName).
			SetEmail(in.Email).SetPhone(in.Phone).SetAddress(in.Address).SetCity(in.City).
			SetNationality(in.Nationality).SetBirthPlace(in.BirthPlace).SetProfession(in.Profession)
		relist(upd, m)
		if in.BirthDate != nil {
			upd.SetBirthDate(*in.BirthDate)
		} else {
			upd.ClearBirthDate()
		}
		if err := upd.Exec(ctx); err != nil {
			return err
		}
		if err := db.MemberEvent.Create().SetMemberID(memberID).SetKind("identity_updated").
			SetFromStatus(string(m.Status)).SetToStatus(string(m.Status)).SetAt(s.Now()).SetByUserID(d.ActorID).
			SetReason(d.Reason + " (" + strings.Join(changed, ", ") + ")").
			SetDecisionReference(strings.TrimSpace(d.Reference)).Exec(ctx); err != nil {
			return err
		}
		if emailChanged {
			return s.recordEmailChange(ctx, m, in.Email, d)
		}
		return nil
	})
}

// changedFields names the fields that differ, sorted.
func changedFields(a, b Identity) []string {
	var out []string
	for name, pair := range map[string][2]string{
		"first_name": {a.FirstName, b.FirstName}, "last_name": {a.LastName, b.LastName},
		"organisation_name": {a.OrganisationName, b.OrganisationName}, "representative_name": {a.RepresentativeName, b.RepresentativeName},
		"email": {a.Email, b.Email}, "phone": {a.Phone, b.Phone}, "address": {a.Address, b.Address}, "city": {a.City, b.City},
		"nationality": {a.Nationality, b.Nationality}, "birth_place": {a.BirthPlace, b.BirthPlace}, "profession": {a.Profession, b.Profession},
		"birth_date": {dateText(a.BirthDate), dateText(b.BirthDate)},
	} {
		if pair[0] != pair[1] {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func dateText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}
