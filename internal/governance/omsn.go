package governance

import (
	"embed"
	"strings"
)

//go:embed text/omsn.*.md
var omsnText embed.FS

// OMSNText returns the demo statutes' articles as Markdown, keyed by
// language code (fr, ar, en). The text says in words what OMSN says in
// rules; a test keeps the two telling the same story.
func OMSNText() map[string]string {
	out := map[string]string{}
	for _, lang := range []string{"fr", "ar", "en"} {
		b, err := omsnText.ReadFile("text/omsn." + lang + ".md")
		if err != nil {
			panic(err) // embedded at build time: cannot happen
		}
		out[lang] = strings.TrimSpace(string(b)) + "\n"
	}
	return out
}

// OMSN returns the governance rules of the demo association, an
// OMSN-like observatory: four membership categories, a six-member board
// elected for three years, ¼ and ½ quorums with a second convocation,
// ⅔ for statutes and dissolution, two proxies per member at most. It is a
// new value on each call, so callers may change it freely.
func OMSN() Rules {
	simple := Majority{Fraction: Frac(1, 2), Basis: VotesCast, Strict: true}
	twoThirdsPresent := Majority{Fraction: Frac(2, 3), Basis: PresentOrRepresented}
	quarter := Frac(1, 4)
	dissolutionQuorum := Frac(1, 2)
	dissolution := twoThirdsPresent
	dissolution.Quorum = &dissolutionQuorum
	return Rules{
		Categories: []Category{
			{
				Code:       "founding",
				Names:      Names{Fr: "Membre fondateur", Ar: "عضو مؤسس", En: "Founding member"},
				DuesAmount: 500_00, MayVote: true, MayStand: true, CountsForQuorum: true,
			},
			{
				Code:       "active",
				Names:      Names{Fr: "Membre actif", Ar: "عضو نشيط", En: "Active member"},
				DuesAmount: 300_00, MayVote: true, MayStand: true, CountsForQuorum: true,
			},
			{
				// Honorary members have a consultative voice only, as
				// Moroccan and French statutes usually provide.
				Code:           "honorary",
				Names:          Names{Fr: "Membre d’honneur", Ar: "عضو شرفي", En: "Honorary member"},
				ExemptFromDues: true,
			},
			{
				// An organisation votes through its representative but
				// does not sit on the board.
				Code:       "institutional",
				Names:      Names{Fr: "Membre institutionnel", Ar: "عضو مؤسساتي", En: "Institutional member"},
				DuesAmount: 5_000_00, MayVote: true, CountsForQuorum: true, Organisation: true,
			},
		},
		Dues: Dues{Currency: DefaultCurrency, Period: CalendarYear, GraceDays: 90},
		Eligibility: Eligibility{
			GoodStandingToVote: true, GoodStandingToStand: true,
			MinSeniorityMonthsToVote: 6, MinSeniorityMonthsToStand: 12,
		},
		Board: Board{Positions: []Position{
			omsnPosition("president", President, 1, Names{Fr: "Président(e)", Ar: "الرئيس(ة)", En: "President"}),
			omsnPosition("vice_president", VicePresident, 1, Names{Fr: "Vice-président(e)", Ar: "نائب(ة) الرئيس", En: "Vice-president"}),
			omsnPosition("secretary_general", SecretaryGeneral, 1, Names{Fr: "Secrétaire général(e)", Ar: "الكاتب(ة) العام(ة)", En: "Secretary general"}),
			omsnPosition("treasurer", Treasurer, 1, Names{Fr: "Trésorier(ère)", Ar: "أمين(ة) المال", En: "Treasurer"}),
			omsnPosition("assessor", Assessor, 2, Names{Fr: "Assesseur(e)", Ar: "مستشار(ة)", En: "Assessor"}),
		}},
		Assemblies: map[AssemblyKind]Assembly{
			// The founders adopt the statutes and elect the first board
			// among themselves: no quorum, no second convocation.
			Constitutive: {
				NoticeDays:  15,
				Quorum:      Frac(0, 1),
				QuorumBasis: AllMembers,
				Majorities:  map[Decision]Majority{StatutesAmendment: simple, BoardElection: simple},
			},
			Ordinary: {
				NoticeDays:        15,
				Quorum:            Frac(1, 4),
				QuorumBasis:       MembersInGoodStanding,
				SecondConvocation: SecondConvocation{Allowed: true, DelayDays: 15},
				Majorities:        map[Decision]Majority{OrdinaryBusiness: simple, BoardElection: simple},
			},
			Extraordinary: {
				NoticeDays:        15,
				Quorum:            Frac(1, 2),
				QuorumBasis:       MembersInGoodStanding,
				SecondConvocation: SecondConvocation{Allowed: true, DelayDays: 15, Quorum: &quarter},
				Majorities: map[Decision]Majority{
					StatutesAmendment: twoThirdsPresent,
					Dissolution:       dissolution,
				},
			},
		},
		Proxies: Proxies{Allowed: true, MaxPerHolder: 2, DeadlineHours: 48},
		Ties:    Ties{Resolutions: PresidentCastingVote, Elections: OldestCandidate},
	}
}

func omsnPosition(code string, office Office, seats int, titles Names) Position {
	return Position{
		Code: code, Titles: titles, Office: office, Seats: seats,
		TermYears: 3, MaxRenewals: 1, ElectedBy: ElectedByAssembly,
	}
}
