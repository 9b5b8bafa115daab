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
	checkPhone(v, "phone", &p.Phone)
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

// Reader is who a personal-data export is written for: their language,
// and the translation of a message key into it (an i18n.Translator's T).
// The export speaks words, not the codes the database stores.
type Reader struct {
	Lang string
	T    func(key string, args ...any) string
}

// PersonalData is everything Majlis holds about a member, for the right of
// access (law 09-08): the account, the membership record and its history.
// It is written for people: no identifiers, hashes, foreign keys or
// internal flags, and every state in words.
type PersonalData struct {
	ExportedAt time.Time           `json:"exported_at"`
	Account    PersonalAccount     `json:"account"`
	Membership *ExportedMembership `json:"membership,omitempty"`
	History    []ExportedEvent     `json:"history"`
	// MemberID is the holder's member record, for the parts of the export
	// other domains add (the payments); it is not exported.
	MemberID int `json:"-"`
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

// ExportedMembership is the membership record as its holder reads it.
type ExportedMembership struct {
	Number             string `json:"number,omitempty"`
	Kind               string `json:"kind"`
	Status             string `json:"status"`
	Application        string `json:"application"`
	Category           string `json:"category"`
	FirstName          string `json:"first_name,omitempty"`
	LastName           string `json:"last_name,omitempty"`
	OrganisationName   string `json:"organisation_name,omitempty"`
	RepresentativeName string `json:"representative_name,omitempty"`
	Email              string `json:"email,omitempty"`
	Phone              string `json:"phone,omitempty"`
	Address            string `json:"address,omitempty"`
	City               string `json:"city,omitempty"`
	Country            string `json:"country,omitempty"`
	Nationality        string `json:"nationality,omitempty"`
	BirthDate          string `json:"birth_date,omitempty"`
	BirthPlace         string `json:"birth_place,omitempty"`
	Profession         string `json:"profession,omitempty"`
	JoinedOn           string `json:"joined_on,omitempty"`
	ListedInDirectory  bool   `json:"listed_in_directory"`
	AcceptsEmails      bool   `json:"accepts_association_emails"`
	AnonymisedOn       string `json:"anonymised_on,omitempty"`
}

// ExportedEvent is one step of the membership's history.
type ExportedEvent struct {
	At                time.Time `json:"at"`
	Event             string    `json:"event"`
	FromStatus        string    `json:"from_status,omitempty"`
	ToStatus          string    `json:"to_status,omitempty"`
	Reason            string    `json:"reason,omitempty"`
	DecisionReference string    `json:"decision_reference,omitempty"`
	HeardOn           string    `json:"heard_on,omitempty"`
}

// StatusKey is the translation key of a member status.
func StatusKey(s string) string { return "member_status." + s }

// EventKindKey is the translation key of a kind of history event.
func EventKindKey(kind string) string { return "member_event." + kind }

// ApplicationKey is the translation key of an application's state.
func ApplicationKey(a member.Application) string { return "application_state." + string(a) }

// KindKey is the translation key of a kind of member (person, organisation).
func KindKey(k member.Kind) string { return "member_kind." + string(k) }

// day writes a date as the export does, or "" for none.
func day(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

// ExportOwnData gathers the personal data of the account's holder.
func (s *Service) ExportOwnData(ctx context.Context, userID int, r Reader) (*PersonalData, error) {
	u, err := database.Client(ctx, s.db).User.Get(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("user %d: %w", userID, apperr.ErrNotFound)
	}
	out := &PersonalData{ExportedAt: s.Now(), Account: PersonalAccount{
		Email: u.Email, DisplayName: u.DisplayName, PreferredLanguage: u.PreferredLanguage,
		CreatedAt: u.CreatedAt, LastSignInAt: u.LastSignInAt,
	}, History: []ExportedEvent{}}
	m, err := database.Client(ctx, s.db).Member.Query().Where(member.UserID(userID)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return out, nil
	case err != nil:
		return nil, err
	}
	out.MemberID = m.ID
	category := m.Category
	cats, err := s.CategoryOptions(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range cats {
		if o.Code == m.Category {
			category = o.Name(r.Lang)
		}
	}
	em := &ExportedMembership{Kind: r.T(KindKey(m.Kind)), Status: r.T(StatusKey(string(m.Status))),
		Application: r.T(ApplicationKey(m.Application)), Category: category,
		FirstName: m.FirstName, LastName: m.LastName, OrganisationName: m.OrganisationName, RepresentativeName: m.RepresentativeName,
		Email: m.Email, Phone: m.Phone, Address: m.Address, City: m.City, Country: m.Country, Nationality: m.Nationality,
		BirthDate: day(m.BirthDate), BirthPlace: m.BirthPlace, Profession: m.Profession, JoinedOn: day(m.JoinedOn),
		ListedInDirectory: m.ConsentDirectory, AcceptsEmails: m.ConsentEmails, AnonymisedOn: day(m.AnonymisedAt)}
	if m.Number != nil {
		em.Number = *m.Number
	}
	out.Membership = em
	events, err := s.History(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		x := ExportedEvent{At: e.At, Event: r.T(EventKindKey(e.Kind)), Reason: e.Reason,
			DecisionReference: e.DecisionReference, HeardOn: day(e.HeardOn)}
		if e.FromStatus != "" {
			x.FromStatus = r.T(StatusKey(e.FromStatus))
		}
		if e.ToStatus != "" {
			x.ToStatus = r.T(StatusKey(e.ToStatus))
		}
		out.History = append(out.History, x)
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

// RequestToLeave records that a member asks to leave the association. The
// board then records the resignation (a board decision, with the dues the
// law says a leaving member still owes settled first).
func (s *Service) RequestToLeave(ctx context.Context, userID int, reason string) error {
	m, err := s.ForUser(ctx, userID)
	if err != nil {
		return err
	}
	if !MayLeave(m) {
		return fmt.Errorf("member %d is %s: %w", m.ID, m.Status, apperr.ErrConflict)
	}
	if !textinput.Text(reason) {
		return apperr.Invalid("reason", textinput.MessageKey, nil)
	}
	return database.Client(ctx, s.db).MemberEvent.Create().SetMemberID(m.ID).SetKind("leave_requested").
		SetFromStatus(string(m.Status)).SetAt(s.Now()).SetByUserID(userID).
		SetReason(strings.TrimSpace(reason)).Exec(ctx)
}
