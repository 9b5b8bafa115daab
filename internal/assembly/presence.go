package assembly

import (
	"context"

	"github.com/omsn/majlis/ent/attendance"
	"github.com/omsn/majlis/ent/proxy"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/electorate"
	"github.com/omsn/majlis/internal/governance"
)

// Presence is who is at the meeting now, who is represented, and the
// quorum this makes by the statutes' rule. It is the one place the quorum
// of an assembly is counted: the chair's screen, the opening of the
// meeting and the opening of each vote all ask it.
type Presence struct {
	// Members counting for quorum: present in the room, present online,
	// represented by a proxy whose holder is present and counted.
	InPerson, Online, Represented int
	// OnlineCounts is the statutes' rule: whether online presence counts
	// toward the quorum at this kind of assembly.
	OnlineCounts bool
	// Counted is what the quorum rule counts; Basis the members it is a
	// share of (the roll's members counting for quorum).
	Counted, Basis int
	// NeedsQuorum is false when the rule asks none (a second convocation
	// that deliberates whatever the attendance); then Met is true.
	NeedsQuorum bool
	Quorum      governance.Fraction
	Required    int
	Met         bool

	// Votes: the voting members present (in person or online), the
	// proxies they hold from voting members not present, and so the votes
	// that may be cast (Electors). VotingMembers counts the roll's voting
	// members: the "all members" majority basis.
	VotersPresent, ProxiesHeld, Electors, VotingMembers int
}

// PresentOrRepresented is the voting members present or represented: the
// "present or represented" majority basis.
func (p Presence) PresentOrRepresented() int { return p.Electors }

// Presence counts the meeting as it stands and its quorum for a decision
// ("" for the meeting's own quorum, at its opening). A decision's own
// quorum (dissolution) applies at both convocations; otherwise a second
// convocation has its own quorum or none (governance.Assembly.QuorumFor).
// Before the roll is taken it counts on the roll as it would be drawn now.
func (s *Service) Presence(ctx context.Context, a *Assembly, d governance.Decision) (Presence, error) {
	lines, err := s.rollOrNow(ctx, a)
	if err != nil {
		return Presence{}, err
	}
	db := database.Client(ctx, s.db)
	stays, err := db.Attendance.Query().Where(attendance.AssemblyID(a.ID), attendance.LeftAtIsNil()).All(ctx)
	if err != nil {
		return Presence{}, err
	}
	proxies, err := db.Proxy.Query().Where(proxy.AssemblyID(a.ID), proxy.StateEQ(proxy.StateAccepted)).All(ctx)
	if err != nil {
		return Presence{}, err
	}
	rights := make(map[int]RollLine, len(lines))
	for _, l := range lines {
		rights[l.MemberID] = l
	}
	p := Presence{OnlineCounts: a.Rules.OnlineCountsForQuorum}
	for _, l := range lines {
		if l.CountsForQuorum {
			p.Basis++
		}
		if l.MayVote {
			p.VotingMembers++
		}
	}
	present := make(map[int]attendance.Mode, len(stays))
	for _, st := range stays {
		l, onRoll := rights[st.MemberID]
		if !onRoll {
			continue
		}
		present[st.MemberID] = st.Mode
		if l.MayVote {
			p.VotersPresent++
		}
		if !l.CountsForQuorum {
			continue
		}
		if st.Mode == attendance.ModeInPerson {
			p.InPerson++
		} else {
			p.Online++
		}
	}
	for _, px := range proxies {
		mode, holderHere := present[px.HolderMemberID]
		_, giverHere := present[px.GiverMemberID]
		giver, onRoll := rights[px.GiverMemberID]
		if !holderHere || giverHere || !onRoll {
			continue
		}
		if giver.MayVote && rights[px.HolderMemberID].MayVote {
			p.ProxiesHeld++
		}
		if giver.CountsForQuorum && (mode == attendance.ModeInPerson || p.OnlineCounts) {
			p.Represented++
		}
	}
	p.Electors = p.VotersPresent + p.ProxiesHeld
	p.Counted = p.InPerson + p.Represented
	if p.OnlineCounts {
		p.Counted += p.Online
	}
	q, needed := a.Rules.QuorumFor(d, a.Second())
	p.NeedsQuorum, p.Quorum = needed, q
	if !needed {
		p.Met = true
		return p, nil
	}
	p.Required = governance.Required(q, p.Basis, false)
	p.Met = governance.QuorumMet(p.Counted, p.Basis, q)
	return p, nil
}

// rollOrNow is the frozen roll, or the roll as the electorate would draw
// it now while it is not taken.
func (s *Service) rollOrNow(ctx context.Context, a *Assembly) ([]RollLine, error) {
	if a.RollTakenAt != nil {
		return s.Roll(ctx, a.ID)
	}
	roll, err := s.electorate.Roll(ctx, s.Now(), electorate.Rules{Version: a.Version, Assembly: governance.AssemblyKind(a.Kind)})
	if err != nil {
		return nil, err
	}
	return linesOf(roll), nil
}
