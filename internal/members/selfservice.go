package members

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/members/statusset"
	"github.com/omsn/majlis/internal/textinput"
)

// Profile is what members may change themselves.
type Profile struct {
	Phone, Address, City, Profession string
	// ConsentDirectory lists the member in the members' directory;
	// ConsentEmails accepts the association's non-statutory emails.
	ConsentDirectory, ConsentEmails bool
}

// UpdateOwnProfile changes the profile of the member linked to userID, and
// only that one: the row is chosen by the account, never by an id from the
// request.
func (s *Service) UpdateOwnProfile(ctx context.Context, userID int, p Profile) error {
	trimAll(&p.Phone, &p.Address, &p.City, &p.Profession)
	v := &apperr.ValidationError{}
	optional(v, "phone", p.Phone, 40)
	optionalText(v, "address", p.Address, 300)
	optional(v, "city", p.City, 120)
	optional(v, "profession", p.Profession, 200)
	if err := v.OrNil(); err != nil {
		return err
	}
	n, err := database.Client(ctx, s.db).Member.Update().Where(member.UserID(userID)).
		SetPhone(p.Phone).SetAddress(p.Address).SetCity(p.City).SetProfession(p.Profession).
		SetConsentDirectory(p.ConsentDirectory).SetConsentEmails(p.ConsentEmails).Save(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("member of user %d: %w", userID, apperr.ErrNotFound)
	}
	return nil
}

// PersonalData is everything Majlis holds about a member, for the right of
// access (law 09-08): the account, the membership record and its history.
type PersonalData struct {
	ExportedAt time.Time          `json:"exported_at"`
	Account    PersonalAccount    `json:"account"`
	Membership *ent.Member        `json:"membership"`
	History    []*ent.MemberEvent `json:"history"`
}

// PersonalAccount is the account part of PersonalData (never the password
// hash).
type PersonalAccount struct {
	Email             string     `json:"email"`
	DisplayName       string     `json:"display_name"`
	PreferredLanguage string     `json:"preferred_language"`
	CreatedAt         time.Time  `json:"created_at"`
	LastSignInAt      *time.Time `json:"last_sign_in_at,omitempty"`
}

// ExportOwnData gathers the personal data of the account's holder.
func (s *Service) ExportOwnData(ctx context.Context, userID int) (*PersonalData, error) {
	u, err := database.Client(ctx, s.db).User.Get(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("user %d: %w", userID, apperr.ErrNotFound)
	}
	out := &PersonalData{ExportedAt: s.Now(), Account: PersonalAccount{
		Email: u.Email, DisplayName: u.DisplayName, PreferredLanguage: u.PreferredLanguage,
		CreatedAt: u.CreatedAt, LastSignInAt: u.LastSignInAt,
	}}
	m, err := database.Client(ctx, s.db).Member.Query().Where(member.UserID(userID)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return out, nil
	case err != nil:
		return nil, err
	}
	out.Membership = m
	if out.History, err = s.History(ctx, m.ID); err != nil {
		return nil, err
	}
	return out, nil
}

// directoryLimit is the most members one directory page lists.
const directoryLimit = 500

// Directory lists the members who agreed to appear in it, among those in
// the association today, by name; search narrows it. The search matches
// only what the directory shows (name, city, profession), never an email
// or a member number it hides.
func (s *Service) Directory(ctx context.Context, search string) ([]*ent.Member, error) {
	if err := textinput.InvalidLine("q", search); err != nil {
		return nil, err
	}
	q := database.Client(ctx, s.db).Member.Query().Where(member.ConsentDirectory(true),
		statusset.WithRights.Where(), member.AnonymisedAtIsNil()).
		Order(ent.Asc(member.FieldLastName), ent.Asc(member.FieldFirstName), ent.Asc(member.FieldOrganisationName))
	words := strings.Fields(Fold(search))
	if len(words) == 0 {
		return q.Limit(directoryLimit).All(ctx)
	}
	// The shown fields are folded here, as search_text is, so the search
	// ignores case and accents the same way; only consenting members are
	// read.
	all, err := q.All(ctx)
	if err != nil {
		return nil, err
	}
	out := []*ent.Member{}
	for _, m := range all {
		if matchesAll(Fold(DisplayName(m)+" "+m.City+" "+m.Profession), words) {
			out = append(out, m)
			if len(out) == directoryLimit {
				break
			}
		}
	}
	return out, nil
}

func matchesAll(text string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// MayLeave reports whether a member may ask to leave: any current member,
// suspended ones included (the page offers the form on the same rule).
func MayLeave(m *ent.Member) bool { return statusset.Current.Has(m.Status) }
