// Package electorate decides who may vote, who may stand for the board and
// who counts for quorum, on a day, by the statutes in force on that day.
// Assemblies and elections ask it; nothing else writes these rules.
//
// One function decides for one member (decide); the roll of all members
// and the answer for one member both go through it, so they cannot differ.
// The roll is read in a fixed number of queries, whatever the number of
// members: the statutes version, the members, the members behind with
// their dues.
//
// A member's status and category are the ones recorded now: the roll is
// drawn for an assembly to come, or recently held, and an assembly freezes
// the roll it used. Seniority, dues and the statutes are read on the day.
package electorate

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/predicate"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/members/statusset"
	"github.com/omsn/majlis/internal/statutes"
)

// The reasons a right is refused, as translation keys.
const (
	// ReasonNotAMember: not a member with a member's rights on the day
	// (applicant, suspended, left, or admitted after the day).
	ReasonNotAMember = "eligibility.not_a_member"
	// ReasonCategory: the member's category does not give the right.
	ReasonCategory = "eligibility.category"
	// ReasonSeniority: a member for less time than the statutes ask.
	ReasonSeniority = "eligibility.seniority"
	// ReasonDues: not in good standing with dues (dues.StandingOn).
	ReasonDues = "eligibility.dues"
)

// Eligibility is one right of one member: granted, or the reason why not.
type Eligibility struct {
	Eligible bool
	// Reason is a translation key when not eligible (Reason* constants).
	Reason string
}

// Rights are a member's rights on a day.
type Rights struct {
	MemberID int
	// Vote: may vote at a general assembly.
	Vote Eligibility
	// Stand: may stand for the board.
	Stand Eligibility
	// Quorum: counts in the basis of the quorum (governance.QuorumBasis).
	Quorum Eligibility
}

// Rules say which statutes and which assembly a roll is drawn for.
type Rules struct {
	// Version is the statutes version to apply; nil means the version in
	// force on the day (statutes.InForceOn).
	Version *statutes.Version
	// Assembly is the kind of assembly whose quorum basis decides who
	// counts for quorum; "" means the ordinary assembly.
	Assembly governance.AssemblyKind
}

// Roll is every current member's rights on a day, by member id.
type Roll struct {
	On      time.Time
	Version *statutes.Version
	// QuorumBasis is who counts for quorum under Version's rules.
	QuorumBasis governance.QuorumBasis
	// Members are the current ones (statusset.Current), sorted by id:
	// applicants and members who left may do none of it, and are not
	// listed.
	Members []Rights
}

// Of returns a member's rights, or false if the member is not on the roll.
func (r *Roll) Of(memberID int) (Rights, bool) {
	i := sort.Search(len(r.Members), func(i int) bool { return r.Members[i].MemberID >= memberID })
	if i < len(r.Members) && r.Members[i].MemberID == memberID {
		return r.Members[i], true
	}
	return Rights{}, false
}

// Counts returns how many members may vote, may stand and count for quorum.
func (r *Roll) Counts() (vote, stand, quorum int) {
	for _, m := range r.Members {
		if m.Vote.Eligible {
			vote++
		}
		if m.Stand.Eligible {
			stand++
		}
		if m.Quorum.Eligible {
			quorum++
		}
	}
	return vote, stand, quorum
}

// Service is the electorate's use cases.
type Service struct {
	db       *ent.Client
	statutes *statutes.Service
	dues     *dues.Service
}

// NewService returns the electorate service.
func NewService(db *ent.Client, st *statutes.Service, d *dues.Service) *Service {
	return &Service{db: db, statutes: st, dues: d}
}

// Roll returns every current member's right to vote, to stand and to
// count for quorum on a day, each with its reason, in three queries (two
// when rules name the version).
func (s *Service) Roll(ctx context.Context, on time.Time, rules Rules) (*Roll, error) {
	return s.roll(ctx, on, rules, statusset.Current.Where())
}

// RightsOf returns one member's rights on a day, by the same rule as Roll
// (an applicant or a member who left may do none of it).
func (s *Service) RightsOf(ctx context.Context, memberID int, on time.Time, rules Rules) (Rights, error) {
	r, err := s.roll(ctx, on, rules, member.ID(memberID))
	if err != nil {
		return Rights{}, err
	}
	if len(r.Members) == 0 {
		return Rights{}, fmt.Errorf("member %d: %w", memberID, apperr.ErrNotFound)
	}
	return r.Members[0], nil
}

// MayVote decides whether a member may vote at an assembly held on a day,
// by the statutes in force that day: a member with a member's rights, of a
// category that votes, with the seniority and the good standing the
// statutes ask for.
func (s *Service) MayVote(ctx context.Context, memberID int, on time.Time) (Eligibility, error) {
	r, err := s.RightsOf(ctx, memberID, on, Rules{})
	return r.Vote, err
}

// MayStand decides whether a member may stand for the board on a day, by
// the statutes in force that day.
func (s *Service) MayStand(ctx context.Context, memberID int, on time.Time) (Eligibility, error) {
	r, err := s.RightsOf(ctx, memberID, on, Rules{})
	return r.Stand, err
}

// roll decides for the members where selects.
func (s *Service) roll(ctx context.Context, on time.Time, rules Rules, where predicate.Member) (*Roll, error) {
	on = day(on)
	v := rules.Version
	if v == nil {
		var err error
		if v, err = s.statutes.InForceOn(ctx, on); err != nil {
			return nil, err
		}
	}
	kind := rules.Assembly
	if kind == "" {
		kind = governance.Ordinary
	}
	assembly, _ := v.Rules.Assembly(kind)
	out := &Roll{On: on, Version: v, QuorumBasis: assembly.QuorumBasis}
	// Four columns into a small struct, not whole members: a roll of
	// 100,000 members would otherwise allocate them all. No ORDER BY:
	// SQLite then reads the columns from the index on (category, status,
	// joined_on), which holds the id too, rather than the table's much
	// wider rows; sorting in memory is cheaper.
	var ms []facts
	if err := database.Client(ctx, s.db).Member.Query().Where(where).
		Select(member.FieldID, member.FieldStatus, member.FieldCategory, member.FieldJoinedOn).Scan(ctx, &ms); err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return out, nil
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].ID < ms[j].ID })
	var charges []predicate.DuesCharge
	if len(ms) == 1 {
		charges = append(charges, duescharge.MemberID(ms[0].ID))
	}
	behind, err := s.dues.BehindOn(ctx, on, charges...)
	if err != nil {
		return nil, err
	}
	out.Members = make([]Rights, len(ms))
	for i := range ms {
		out.Members[i] = decide(v.Rules, out.QuorumBasis, &ms[i], behind[ms[i].ID], on)
	}
	return out, nil
}

// facts are what decide reads of a member.
type facts struct {
	ID       int           `json:"id"`
	Status   member.Status `json:"status"`
	Category string        `json:"category"`
	JoinedOn *time.Time    `json:"joined_on"`
}

// decide is the rule, for one member, who was behind with their dues on the
// day or not.
func decide(r governance.Rules, basis governance.QuorumBasis, m *facts, behind bool, on time.Time) Rights {
	out := Rights{MemberID: m.ID}
	if !statusset.WithRights.Has(m.Status) || m.JoinedOn != nil && day(*m.JoinedOn).After(on) {
		no := Eligibility{Reason: ReasonNotAMember}
		out.Vote, out.Stand, out.Quorum = no, no, no
		return out
	}
	cat, ok := r.Category(m.Category)
	right := func(byCategory bool, months int, goodStanding bool) Eligibility {
		switch {
		case !ok || !byCategory:
			return Eligibility{Reason: ReasonCategory}
		case months > 0 && (m.JoinedOn == nil || day(*m.JoinedOn).AddDate(0, months, 0).After(on)):
			return Eligibility{Reason: ReasonSeniority}
		case goodStanding && behind:
			return Eligibility{Reason: ReasonDues}
		}
		return Eligibility{Eligible: true}
	}
	e := r.Eligibility
	out.Vote = right(cat.MayVote, e.MinSeniorityMonthsToVote, e.GoodStandingToVote)
	out.Stand = right(cat.MayStand, e.MinSeniorityMonthsToStand, e.GoodStandingToStand)
	switch {
	case !ok || !cat.CountsForQuorum:
		out.Quorum = Eligibility{Reason: ReasonCategory}
	case basis == governance.VotingMembers:
		out.Quorum = out.Vote
	case basis == governance.MembersInGoodStanding && behind:
		out.Quorum = Eligibility{Reason: ReasonDues}
	default:
		out.Quorum = Eligibility{Eligible: true}
	}
	return out
}

// day truncates a time to its date, in UTC.
func day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
