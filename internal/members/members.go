// Package members is the roster's use cases: applying to join, the board's
// decision on an application, and every later change of a member's status,
// each recorded in the member's history with who, when, why and the board
// decision it rests on.
package members

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/memberevent"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/authz"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/ratelimit"
	"github.com/omsn/majlis/internal/textinput"
)

// Categories gives the membership categories of the statutes in force (the
// statutes service implements it).
type Categories interface {
	CategoryExists(ctx context.Context, code string) (bool, error)
	CategoryOptions(ctx context.Context) ([]CategoryOption, error)
}

// CategoryOption is a membership category as a form offers it.
type CategoryOption struct {
	Code string
	// Names per language code (fr, ar, en).
	Names map[string]string
	// Organisation marks a category for organisations.
	Organisation bool
}

// Name returns the category's name in a language, falling back to French.
func (o CategoryOption) Name(lang string) string {
	if n := o.Names[lang]; n != "" {
		return n
	}
	return o.Names["fr"]
}

// CategoryOptions lists the categories an applicant may ask for.
func (s *Service) CategoryOptions(ctx context.Context) ([]CategoryOption, error) {
	return s.categories.CategoryOptions(ctx)
}

// Service is the members use cases.
type Service struct {
	db         *ent.Client
	hasher     *auth.Hasher
	categories Categories
	// Mail queues the messages decisions send (nil: none are sent).
	Mail mail.Queuer
	// OnApproved runs in the approval's transaction (ctx carries it), for
	// what admission starts elsewhere: the dues owed.
	OnApproved func(ctx context.Context, memberID int) error
	// OnImported runs in a roster import's transaction with the members it
	// wrote, for the same reason.
	OnImported func(ctx context.Context, memberIDs []int) error
	// Powers and Offices let the service check the decisions that protect
	// an office (see powers.go); without them those decisions are refused.
	Powers  Powers
	Offices Offices
	// Now is the clock, in UTC (replaced in tests).
	Now func() time.Time
	// ApplyLimits bounds the public form's applications.
	ApplyLimits ApplyLimits
	limiter     *ratelimit.Limiter
}

// NewService returns the members service.
func NewService(db *ent.Client, h *auth.Hasher, c Categories) *Service {
	s := &Service{db: db, hasher: h, categories: c, Now: auth.UTCNow, ApplyLimits: DefaultApplyLimits}
	// The limiter reads the service's clock, so tests move both at once.
	s.limiter = ratelimit.New(db, func() time.Time { return s.Now() })
	return s
}

// NumberSequence is the sequence member numbers are taken from.
const NumberSequence = "member_number"

// Application is what a visitor fills in to apply.
type Application struct {
	Kind               string // person or organisation
	FirstName          string
	LastName           string
	OrganisationName   string
	RepresentativeName string
	Email              string
	Phone              string
	City               string
	Profession         string
	// Category is the category asked for; the board decides.
	Category string
	// Motivation is why they want to join.
	Motivation string
	Password   string
	Language   string
	// ClientAddress is where the form was sent from, for ApplyLimits.
	ClientAddress string
}

// Decision is a board decision on an application or a member's status.
type Decision struct {
	// ActorID is the account of who records the decision.
	ActorID int
	// Reason explains it (required to reject, to ask for information and
	// for any change of status).
	Reason string
	// Reference names the board decision (minutes, date).
	Reference string
}

// RequestInformation asks an applicant for more before deciding.
func (s *Service) RequestInformation(ctx context.Context, memberID int, d Decision) error {
	if strings.TrimSpace(d.Reason) == "" {
		return apperr.Invalid("reason", "error.required", nil)
	}
	return s.decideApplication(ctx, memberID, d, member.ApplicationInfoRequested, "info_requested", nil)
}

// Reject turns an application down, with its reason.
func (s *Service) Reject(ctx context.Context, memberID int, d Decision) error {
	if err := checkRejectionInput(d); err != nil {
		return err
	}
	return s.decideApplication(ctx, memberID, d, member.ApplicationRejected, "rejected", nil)
}

// Approve admits an applicant: a new member number from the sequence, the
// category decided by the board, status active from today.
func (s *Service) Approve(ctx context.Context, memberID int, category string, d Decision) error {
	ok, err := s.categories.CategoryExists(ctx, category)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.Invalid("category", "error.choice_invalid", nil)
	}
	return s.decideApplication(ctx, memberID, d, member.ApplicationApproved, "approved", func(ctx context.Context, m *ent.Member, upd *ent.MemberUpdateOne) error {
		prefix, err := s.numberPrefix(ctx)
		if err != nil {
			return err
		}
		n, err := database.NextInSequence(ctx, NumberSequence)
		if err != nil {
			return err
		}
		today := s.Now().Truncate(24 * time.Hour)
		number := FormatNumber(prefix, n)
		relist(upd.SetNumber(number).SetCategory(category).SetStatus(member.StatusActive).SetJoinedOn(today), m)
		return nil
	})
}

// numberPrefix is the association's member-number prefix ("OMSN-"), or
// none before the association is set up. A failure to read it is an error:
// numbering without the prefix would give numbers of another form.
func (s *Service) numberPrefix(ctx context.Context) (string, error) {
	a, err := database.Client(ctx, s.db).Association.Query().First(ctx)
	switch {
	case ent.IsNotFound(err):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("member number prefix: %w", err)
	}
	return a.MemberNumberPrefix, nil
}

// FormatNumber writes a member number: the prefix and at least five digits.
func FormatNumber(prefix string, n int64) string { return fmt.Sprintf("%s%05d", prefix, n) }

func (s *Service) decideApplication(ctx context.Context, memberID int, d Decision, to member.Application, kind string,
	more func(context.Context, *ent.Member, *ent.MemberUpdateOne) error) error {
	if err := checkDecision(d); err != nil {
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
		if err := undecided(m); err != nil {
			return err
		}
		// The update is conditional on the state just read, so two board
		// members deciding at once cannot both succeed.
		upd := db.Member.UpdateOneID(memberID).Where(member.ApplicationEQ(m.Application)).SetApplication(to)
		if more != nil {
			if err := more(ctx, m, upd); err != nil {
				return err
			}
		}
		updated, err := upd.Save(ctx)
		if ent.IsNotFound(err) {
			return fmt.Errorf("application of member %d changed meanwhile: %w", memberID, apperr.ErrConflict)
		}
		if err != nil {
			return err
		}
		if err := db.MemberEvent.Create().SetMemberID(memberID).SetKind(kind).
			SetFromStatus(string(m.Status)).SetToStatus(string(updated.Status)).
			SetAt(s.Now()).SetByUserID(d.ActorID).SetReason(strings.TrimSpace(d.Reason)).
			SetDecisionReference(strings.TrimSpace(d.Reference)).Exec(ctx); err != nil {
			return err
		}
		if to == member.ApplicationApproved && s.OnApproved != nil {
			if err := s.OnApproved(ctx, memberID); err != nil {
				return err
			}
		}
		data := map[string]any{"Reason": strings.TrimSpace(d.Reason)}
		if updated.Number != nil {
			data["Number"] = *updated.Number
			names, err := s.categoryNames(ctx, updated.Category)
			if err != nil {
				return err
			}
			data["Category"] = names
		}
		return s.notify(ctx, updated, "application_"+kind, data)
	})
}

// StatusChange is a board decision changing a member's status.
type StatusChange struct {
	Decision
	To Status
	// HeardOn is when the member was heard; required for an exclusion.
	HeardOn *time.Time
	// EndMandates confirms that the decision also ends the mandates the
	// member holds: a change that takes rights away from a member who
	// holds one is refused without it.
	EndMandates bool
}

// ChangeStatus moves a member along the lifecycle, recording the decision.
// A change that takes rights away or lifts a suspension is a decision of
// the board (NeedsBoardDecision): only an account holding
// authz.DecideStatus records it, and it cites the decision. Taking rights
// away from a member who holds a mandate ends that mandate by the same
// decision, in the same transaction, recorded in the member's history and
// on the mandate.
func (s *Service) ChangeStatus(ctx context.Context, memberID int, c StatusChange) error {
	if err := checkDecision(c.Decision); err != nil {
		return err
	}
	trimAll(&c.Reason, &c.Reference)
	return database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		m, err := db.Member.Get(ctx, memberID)
		if ent.IsNotFound(err) {
			return fmt.Errorf("member %d: %w", memberID, apperr.ErrNotFound)
		}
		if err != nil {
			return err
		}
		from := Status(m.Status)
		if !CanChange(from, c.To) {
			return apperr.Invalid("to", "members.error.transition", map[string]any{"From": string(from), "To": string(c.To)})
		}
		decision := NeedsBoardDecision(from, c.To)
		if decision {
			ok, err := s.may(ctx, c.ActorID, authz.DecideStatus)
			if err != nil {
				return err
			}
			if !ok {
				return forbidden("account %d may not move member %d from %s to %s", c.ActorID, memberID, from, c.To)
			}
		}
		v := &apperr.ValidationError{}
		if c.Reason == "" {
			v.Add("reason", "error.required", nil)
		}
		if decision && c.Reference == "" {
			v.Add("reference", "error.required", nil)
		}
		if c.To == Excluded && c.HeardOn == nil {
			v.Add("heard_on", "members.error.hearing_required", nil)
		}
		on := s.today()
		var held []*ent.Mandate
		if RemovesRights(c.To) {
			if held, err = s.mandatesFrom(ctx, memberID, on); err != nil {
				return err
			}
			if len(held) > 0 && !c.EndMandates {
				v.Add("end_mandates", "members.error.mandates_must_end", map[string]any{"Positions": positionsOf(held)})
			}
		}
		if err := v.OrNil(); err != nil {
			return err
		}
		n, err := db.Member.Update().Where(member.ID(memberID), member.StatusEQ(m.Status)).
			SetStatus(member.Status(c.To)).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("status of member %d changed meanwhile: %w", memberID, apperr.ErrConflict)
		}
		if err := db.MemberEvent.Create().SetMemberID(memberID).SetKind("status_changed").
			SetFromStatus(string(from)).SetToStatus(string(c.To)).SetAt(s.Now()).SetByUserID(c.ActorID).
			SetReason(c.Reason).SetDecisionReference(c.Reference).
			SetNillableHeardOn(c.HeardOn).Exec(ctx); err != nil {
			return err
		}
		if len(held) == 0 {
			return nil
		}
		ended, err := s.Offices.EndMandatesByDecision(ctx, memberID, on, c.Reference)
		if err != nil {
			return err
		}
		for _, md := range ended {
			if err := db.MemberEvent.Create().SetMemberID(memberID).SetKind("mandate_ended").
				SetAt(s.Now()).SetByUserID(c.ActorID).
				SetReason(c.Reason + " (" + md.Position + ")").SetDecisionReference(c.Reference).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
}

// positionsOf names the positions of mandates, for a message.
func positionsOf(ms []*ent.Mandate) string {
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Position
	}
	return strings.Join(names, ", ")
}

// ForUser returns the member record of an account, or ErrNotFound.
func (s *Service) ForUser(ctx context.Context, userID int) (*ent.Member, error) {
	m, err := database.Client(ctx, s.db).Member.Query().Where(member.UserID(userID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("member of user %d: %w", userID, apperr.ErrNotFound)
	}
	return m, err
}

// Get returns a member by id.
func (s *Service) Get(ctx context.Context, id int) (*ent.Member, error) {
	m, err := database.Client(ctx, s.db).Member.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("member %d: %w", id, apperr.ErrNotFound)
	}
	return m, err
}

// History returns a member's events, oldest first.
func (s *Service) History(ctx context.Context, memberID int) ([]*ent.MemberEvent, error) {
	return database.Client(ctx, s.db).MemberEvent.Query().Where(memberevent.MemberID(memberID)).
		Order(ent.Asc(memberevent.FieldAt), ent.Asc(memberevent.FieldID)).All(ctx)
}

// PendingApplications lists applications awaiting a decision, oldest first.
func (s *Service) PendingApplications(ctx context.Context) ([]*ent.Member, error) {
	return database.Client(ctx, s.db).Member.Query().Where(awaitingDecision()).
		Order(ent.Asc(member.FieldCreatedAt)).All(ctx)
}

// DisplayName is how a member is named on pages.
func DisplayName(m *ent.Member) string {
	return displayName(string(m.Kind), m.FirstName, m.LastName, m.OrganisationName)
}

func displayName(kind, first, last, org string) string {
	if kind == "organisation" {
		return org
	}
	return strings.TrimSpace(first + " " + last)
}

func searchText(parts ...string) string {
	return Fold(strings.Join(parts, " "))
}

func required(v *apperr.ValidationError, field, val string, max int) {
	if val == "" {
		v.Add(field, "error.required", nil)
		return
	}
	optional(v, field, val, max)
}

// optional checks a single-line field: no control characters (the one
// rule of textinput) and at most max characters.
func optional(v *apperr.ValidationError, field, val string, max int) {
	if textinput.CheckLine(v, field, val) && utf8.RuneCountInString(val) > max {
		v.Add(field, "error.too_long", map[string]any{"Max": max})
	}
}

// optionalText checks a multi-line field (an address, a motivation): line
// breaks and tabs are allowed, other control characters are not.
func optionalText(v *apperr.ValidationError, field, val string, max int) {
	if textinput.CheckText(v, field, val) && utf8.RuneCountInString(val) > max {
		v.Add(field, "error.too_long", map[string]any{"Max": max})
	}
}

// CheckRejection checks a rejection as Reject does, without deciding
// anything, so that the board is asked to confirm only a rejection that
// would be recorded. It returns the applicant, to name them.
func (s *Service) CheckRejection(ctx context.Context, memberID int, d Decision) (*ent.Member, error) {
	if err := checkRejectionInput(d); err != nil {
		return nil, err
	}
	m, err := database.Client(ctx, s.db).Member.Get(ctx, memberID)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("member %d: %w", memberID, apperr.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return m, undecided(m)
}

// undecided says whether an application still awaits the board's decision.
func undecided(m *ent.Member) error {
	if m.Application == member.ApplicationApproved || m.Application == member.ApplicationRejected {
		// Decided already (perhaps by another board member a moment ago).
		return fmt.Errorf("application of member %d already %s: %w", m.ID, m.Application, apperr.ErrConflict)
	}
	return nil
}

func checkRejectionInput(d Decision) error {
	if strings.TrimSpace(d.Reason) == "" {
		return apperr.Invalid("reason", "error.required", nil)
	}
	return checkDecision(d)
}

// checkDecision applies the text rule to a decision's reason and
// reference.
func checkDecision(d Decision) error {
	v := &apperr.ValidationError{}
	textinput.CheckText(v, "reason", d.Reason)
	textinput.CheckLine(v, "reference", d.Reference)
	return v.OrNil()
}

func trimAll(ps ...*string) {
	for _, p := range ps {
		*p = strings.TrimSpace(*p)
	}
}

func trimApplication(in Application) Application {
	trimAll(&in.Kind, &in.FirstName, &in.LastName, &in.OrganisationName, &in.RepresentativeName, &in.Email,
		&in.Phone, &in.City, &in.Profession, &in.Category, &in.Motivation, &in.Language)
	return in
}

// ByNumber returns the member with that number.
func (s *Service) ByNumber(ctx context.Context, number string) (*ent.Member, error) {
	if err := textinput.InvalidLine("number", number); err != nil {
		return nil, err
	}
	m, err := database.Client(ctx, s.db).Member.Query().Where(member.Number(strings.TrimSpace(number))).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("member %q: %w", number, apperr.ErrNotFound)
	}
	return m, err
}
