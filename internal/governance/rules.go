package governance

// Rules are the governance rules of one statutes version. The JSON form
// (snake_case) is the storage format; Validate says whether a value may be
// stored as a draft.
type Rules struct {
	Categories  []Category                `json:"categories"`
	Dues        Dues                      `json:"dues"`
	Eligibility Eligibility               `json:"eligibility"`
	Board       Board                     `json:"board"`
	Assemblies  map[AssemblyKind]Assembly `json:"assemblies"`
	Proxies     Proxies                   `json:"proxies"`
	Ties        Ties                      `json:"ties"`
}

// Names holds a label in the three languages; French is required, the
// others fall back to it.
type Names struct {
	Fr string `json:"fr"`
	Ar string `json:"ar,omitempty"`
	En string `json:"en,omitempty"`
}

// In returns the label in a language, falling back to French.
func (n Names) In(lang string) string {
	switch {
	case lang == "ar" && n.Ar != "":
		return n.Ar
	case lang == "en" && n.En != "":
		return n.En
	}
	return n.Fr
}

// Category is a membership category (founding, active, honorary…).
type Category struct {
	// Code identifies the category in members' records and in field
	// paths: lower-case letters, digits and underscores.
	Code  string `json:"code"`
	Names Names  `json:"names"`
	// DuesAmount is the dues per period in the currency's smallest unit
	// (centimes for MAD).
	DuesAmount int64 `json:"dues_amount"`
	// MayVote: members of this category vote at general assemblies. Without
	// it they have a consultative voice only.
	MayVote bool `json:"may_vote"`
	// MayStand: members of this category may be elected to the board.
	MayStand bool `json:"may_stand"`
	// CountsForQuorum: members of this category are counted, present and
	// in the basis, when the quorum is checked.
	CountsForQuorum bool `json:"counts_for_quorum"`
	// ExemptFromDues: members owe no dues (honorary members) for any
	// period charged while they are in the category. A charge notified
	// before they entered it stays owed: until it is paid they are not in
	// good standing (see dues.Standing).
	ExemptFromDues bool `json:"exempt_from_dues"`
	// Organisation: the members are organisations acting through a named
	// representative (institutional members).
	Organisation bool `json:"organisation"`
}

// DuesPeriod says when a dues period starts.
type DuesPeriod string

// Dues periods.
const (
	// CalendarYear: dues cover January to December.
	CalendarYear DuesPeriod = "calendar_year"
	// Anniversary: dues cover a year from the date the member joined.
	Anniversary DuesPeriod = "anniversary"
)

// DefaultCurrency is the currency of dues when the rules name none.
const DefaultCurrency = "MAD"

// Dues are the rules of the membership fee.
type Dues struct {
	// Currency is an ISO 4217 code; empty means DefaultCurrency.
	Currency string     `json:"currency"`
	Period   DuesPeriod `json:"period"`
	// GraceDays is how long after a period starts a member who has not
	// paid stays in good standing before lapsing.
	GraceDays int `json:"grace_days"`
	// ProRata: a member joining during a calendar year pays for the months
	// left. Meaningless for anniversary periods, so refused with them.
	ProRata bool `json:"pro_rata"`
}

// CurrencyCode returns the currency of dues, DefaultCurrency if none is set.
func (d Dues) CurrencyCode() string {
	if d.Currency == "" {
		return DefaultCurrency
	}
	return d.Currency
}

// Eligibility says who may vote and who may stand for the board, beyond
// their category's rights.
type Eligibility struct {
	GoodStandingToVote        bool `json:"good_standing_to_vote"`
	GoodStandingToStand       bool `json:"good_standing_to_stand"`
	MinSeniorityMonthsToVote  int  `json:"min_seniority_months_to_vote"`
	MinSeniorityMonthsToStand int  `json:"min_seniority_months_to_stand"`
}

// Office is what a board position does; it decides the application roles
// a mandate confers.
type Office string

// Offices.
const (
	President        Office = "president"
	VicePresident    Office = "vice_president"
	SecretaryGeneral Office = "secretary_general"
	Treasurer        Office = "treasurer"
	Assessor         Office = "assessor"
)

// TitleKey is the translation key of the office's title ("office.treasurer"),
// for a mandate whose position the statutes in force no longer name.
func (o Office) TitleKey() string { return "office." + string(o) }

// Elector says who elects a position's holders.
type Elector string

// Electors.
const (
	// ElectedByAssembly: the general assembly elects the holder.
	ElectedByAssembly Elector = "assembly"
	// ElectedByBoard: the board distributes the office among its members.
	ElectedByBoard Elector = "board"
)

// Board is the executive board.
type Board struct {
	Positions []Position `json:"positions"`
}

// Position is an office of the executive board.
type Position struct {
	// Code identifies the position in mandates and field paths.
	Code   string `json:"code"`
	Titles Names  `json:"titles"`
	Office Office `json:"office"`
	// Seats is how many members hold the position at once.
	Seats     int `json:"seats"`
	TermYears int `json:"term_years"`
	// MaxRenewals is how many times a holder may be renewed in a row
	// (Unlimited: no limit).
	MaxRenewals int     `json:"max_renewals"`
	ElectedBy   Elector `json:"elected_by"`
}

// Unlimited is the MaxRenewals of a position renewable without limit.
const Unlimited = -1

// AssemblyKind is a kind of general assembly.
type AssemblyKind string

// Assembly kinds; the rules must define all three.
const (
	Constitutive  AssemblyKind = "constitutive"
	Ordinary      AssemblyKind = "ordinary"
	Extraordinary AssemblyKind = "extraordinary"
)

// AssemblyKinds lists the kinds in display order.
var AssemblyKinds = []AssemblyKind{Constitutive, Ordinary, Extraordinary}

// QuorumBasis says which members the quorum is a share of.
type QuorumBasis string

// Quorum bases. Only members of a category that CountsForQuorum count.
const (
	MembersInGoodStanding QuorumBasis = "members_in_good_standing"
	VotingMembers         QuorumBasis = "voting_members"
	AllMembers            QuorumBasis = "all_members"
)

// Decision is a kind of decision an assembly takes.
type Decision string

// Decisions.
const (
	OrdinaryBusiness  Decision = "ordinary_business"
	BoardElection     Decision = "board_election"
	StatutesAmendment Decision = "statutes_amendment"
	Dissolution       Decision = "dissolution"
	// Ratification is the ratification of a board member co-opted
	// between assemblies (MajorityFor).
	Ratification Decision = "ratification"
)

// Decisions lists the decision kinds in display order.
var Decisions = []Decision{OrdinaryBusiness, BoardElection, StatutesAmendment, Dissolution}

// requiredDecisions are the decisions each kind of assembly must have a
// majority for: the constitutive assembly adopts the statutes and elects
// the first board.
var requiredDecisions = map[AssemblyKind][]Decision{
	Constitutive:  {StatutesAmendment, BoardElection},
	Ordinary:      {OrdinaryBusiness, BoardElection},
	Extraordinary: {StatutesAmendment, Dissolution},
}

// Assembly holds the rules of one kind of general assembly.
type Assembly struct {
	// NoticeDays is how many days before the meeting the notice is sent.
	NoticeDays int `json:"notice_days"`
	// Quorum is the share of QuorumBasis present or represented needed
	// at the first convocation; 0 means no quorum.
	Quorum            Fraction          `json:"quorum"`
	QuorumBasis       QuorumBasis       `json:"quorum_basis"`
	SecondConvocation SecondConvocation `json:"second_convocation"`
	// Majorities holds the majority each decision needs.
	Majorities map[Decision]Majority `json:"majorities"`
	// AbstentionsCountAsCast: abstentions are votes cast, so they weigh
	// like votes against under a votes_cast basis.
	AbstentionsCountAsCast bool `json:"abstentions_count_as_cast"`
	// RollCutoff is when the electoral roll is taken; empty means at the
	// convocation (Cutoff).
	RollCutoff RollCutoff `json:"roll_cutoff,omitempty"`
	// OnlineCountsForQuorum: members attending online count toward the
	// quorum like members present in the room.
	OnlineCountsForQuorum bool `json:"online_counts_for_quorum"`
	// VotingModes are the modes the chair may choose for a vote on a
	// resolution; none listed means all of them (AllowsMode).
	VotingModes []VotingMode `json:"voting_modes,omitempty"`
}

// RollCutoff says when an assembly's electoral roll is taken.
type RollCutoff string

// Roll cut-offs.
const (
	RollAtConvocation RollCutoff = "convocation"
	RollAtOpening     RollCutoff = "opening"
)

// Cutoff returns when the roll is taken: at the convocation unless the
// statutes say at the opening.
func (a Assembly) Cutoff() RollCutoff {
	if a.RollCutoff == RollAtOpening {
		return RollAtOpening
	}
	return RollAtConvocation
}

// VotingMode is a way an assembly votes on a resolution.
type VotingMode string

// Voting modes.
const (
	ShowOfHands  VotingMode = "show_of_hands"
	RollCall     VotingMode = "roll_call"
	SecretBallot VotingMode = "secret"
)

// VotingModesAll lists the voting modes in display order.
var VotingModesAll = []VotingMode{ShowOfHands, RollCall, SecretBallot}

// AllowsMode reports whether the chair may put a resolution to the vote
// in mode m.
func (a Assembly) AllowsMode(m VotingMode) bool {
	if len(a.VotingModes) == 0 {
		for _, k := range VotingModesAll {
			if k == m {
				return true
			}
		}
		return false
	}
	for _, k := range a.VotingModes {
		if k == m {
			return true
		}
	}
	return false
}

// MajorityFor returns the majority a decision needs. The ratification of
// a co-opted board member takes the ordinary business majority unless the
// statutes give it its own.
func (a Assembly) MajorityFor(d Decision) (Majority, bool) {
	if m, ok := a.Majorities[d]; ok {
		return m, true
	}
	if d == Ratification {
		m, ok := a.Majorities[OrdinaryBusiness]
		return m, ok
	}
	return Majority{}, false
}

// SecondConvocation is what happens when the first meeting misses its
// quorum.
type SecondConvocation struct {
	Allowed bool `json:"allowed"`
	// DelayDays is the least number of days between the two meetings.
	DelayDays int `json:"delay_days"`
	// Quorum applies to every decision of the second meeting; nil means
	// the meeting deliberates whatever the attendance.
	Quorum *Fraction `json:"quorum"`
}

// MajorityBasis says what a majority is a share of.
type MajorityBasis string

// Majority bases.
const (
	VotesCast            MajorityBasis = "votes_cast"
	PresentOrRepresented MajorityBasis = "present_or_represented"
	AllMembersBasis      MajorityBasis = "all_members"
)

// Majority is the share of votes a decision needs.
type Majority struct {
	Fraction Fraction      `json:"fraction"`
	Basis    MajorityBasis `json:"basis"`
	// Strict: "more than" the fraction (a simple majority is more than ½);
	// otherwise "at least" (⅔ of votes cast usually means at least ⅔).
	Strict bool `json:"strict"`
	// Quorum, when set, replaces the assembly's quorum for this decision at
	// both convocations (dissolution often needs half of the members).
	Quorum *Fraction `json:"quorum,omitempty"`
}

// QuorumFor returns the quorum a decision needs at the first or the second
// convocation, and false when none is needed. A decision's own quorum
// applies at both convocations: "dissolution needs half of the members"
// admits no exception. Otherwise the second convocation has its own,
// usually lower, quorum or none ("the second assembly deliberates validly
// whatever the number present").
func (a Assembly) QuorumFor(d Decision, second bool) (Fraction, bool) {
	q := a.Quorum
	switch m, ok := a.Majorities[d]; {
	case ok && m.Quorum != nil:
		q = *m.Quorum
	case second && a.SecondConvocation.Quorum == nil:
		return Fraction{}, false
	case second:
		q = *a.SecondConvocation.Quorum
	}
	if q.Num == 0 {
		return Fraction{}, false
	}
	return q, true
}

// Proxies are the rules of voting by proxy. A proxy holder cannot pass a
// proxy on (no chains): that is not configurable.
type Proxies struct {
	Allowed bool `json:"allowed"`
	// MaxPerHolder is how many proxies one member may hold.
	MaxPerHolder int `json:"max_per_holder"`
	// DeadlineHours is how long before the meeting a proxy must be given.
	DeadlineHours int `json:"deadline_hours"`
}

// ResolutionTie says how a tied resolution is decided.
type ResolutionTie string

// Tie-breaks for resolutions.
const (
	PresidentCastingVote ResolutionTie = "president_casting_vote"
	TieRejected          ResolutionTie = "rejected"
	ResolutionByLot      ResolutionTie = "lot"
)

// ElectionTie says which of tied candidates is elected.
type ElectionTie string

// Tie-breaks for elections; lots are drawn reproducibly by the tally.
const (
	OldestCandidate ElectionTie = "oldest"
	MostSenior      ElectionTie = "seniority"
	ElectionByLot   ElectionTie = "lot"
)

// Ties are the tie-break rules.
type Ties struct {
	Resolutions ResolutionTie `json:"resolutions"`
	Elections   ElectionTie   `json:"elections"`
}

// Category returns the category with that code.
func (r Rules) Category(code string) (Category, bool) {
	for _, c := range r.Categories {
		if c.Code == code {
			return c, true
		}
	}
	return Category{}, false
}

// Position returns the board position with that code.
func (r Rules) Position(code string) (Position, bool) {
	for _, p := range r.Board.Positions {
		if p.Code == code {
			return p, true
		}
	}
	return Position{}, false
}

// Assembly returns the rules of a kind of assembly.
func (r Rules) Assembly(kind AssemblyKind) (Assembly, bool) {
	a, ok := r.Assemblies[kind]
	return a, ok
}
