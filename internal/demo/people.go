package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/statutes"
)

// Invented names, combined to make demo members; no real person is meant.
var (
	firstNames = []string{"Amina", "Omar", "Hajar", "Mehdi", "Khadija", "Anas", "Imane", "Reda", "Soukaina", "Yassine",
		"Meryem", "Hamza", "Ghita", "Ilyas", "Zineb", "Othmane", "Sanaa", "Adil", "Loubna", "Tarik"}
	lastNames = []string{"Bennani", "El Fassi", "Amrani", "Berrada", "Kettani", "Lahlou", "Skalli", "Tahiri", "Ouazzani", "Jebli",
		"Sqalli", "Benjelloun", "Alami", "Chami", "Naciri", "Filali", "Sebti", "Guessous", "Lamrani", "Hakimi"}
	organisations = []string{"Atlas Cloud SARL", "Université Numérique de Rabat (démo)", "Maghreb Data Labs", "Coopérative Logiciels Libres du Souss"}
)

// seedStatutesAndRoster adopts the demo statutes and fills the roster: the
// demo accounts as members and board officers, generated members in every
// status, and pending applications.
func seedStatutesAndRoster(ctx context.Context, tx *ent.Tx, accounts map[string]*ent.User, founded time.Time) error {
	st := statutes.NewService(tx.Client())
	text := governance.OMSNText()
	v, err := st.CreateDraft(ctx, statutes.Draft{
		Title:  "Statuts adoptés par l’assemblée générale constitutive",
		TextFr: text["fr"], TextAr: text["ar"], TextEn: text["en"],
		Rules: governance.OMSN(),
	})
	if err != nil {
		return err
	}
	if err := st.Adopt(ctx, v.ID, statutes.Adoption{AdoptedOn: founded, Reference: "AGC du 26 mars 2022, résolution 1",
		RecordedBy: accounts[AdminEmail].ID}); err != nil {
		return err
	}

	adminID := accounts[AdminEmail].ID
	add := func(first, last, org, email, category string, status member.Status, joined time.Time, userID *int) (*ent.Member, error) {
		n, err := database.NextInSequence(ctx, tx, members.NumberSequence)
		if err != nil {
			return nil, err
		}
		number := members.FormatNumber("OMSN-", n)
		kind := member.KindPerson
		rep := ""
		if org != "" {
			kind, rep = member.KindOrganisation, first+" "+last
			first, last = "", ""
		}
		m, err := tx.Member.Create().SetKind(kind).SetStatus(status).SetApplication(member.ApplicationApproved).
			SetNumber(number).SetCategory(category).SetFirstName(first).SetLastName(last).
			SetOrganisationName(org).SetRepresentativeName(rep).SetEmail(email).SetCity("Rabat").
			SetJoinedOn(joined).SetNillableUserID(userID).SetConsentDirectory(n%3 != 0).
			SetSearchText(members.Fold(strings.Join([]string{first, last, org, rep, email, number}, " "))).
			Save(ctx)
		if err != nil {
			return nil, err
		}
		err = tx.MemberEvent.Create().SetMemberID(m.ID).SetKind("approved").SetToStatus("active").
			SetAt(joined).SetByUserID(adminID).SetDecisionReference("Démonstration").Exec(ctx)
		if err == nil && status != member.StatusActive {
			heard := joined.AddDate(1, 0, 0)
			ev := tx.MemberEvent.Create().SetMemberID(m.ID).SetKind("status_changed").SetFromStatus("active").
				SetToStatus(string(status)).SetAt(joined.AddDate(1, 1, 0)).SetByUserID(adminID).
				SetReason("Décision du bureau (démonstration)").SetDecisionReference("Bureau, démonstration")
			if status == member.StatusExcluded {
				ev.SetHeardOn(heard)
			}
			err = ev.Exec(ctx)
		}
		return m, err
	}
	id := func(email string) *int { u := accounts[email]; return &u.ID }

	// The demo accounts: the secretary general, the treasurer, a member.
	officers := map[string]mandate.Office{
		"salma.idrissi@omsn.example":  mandate.OfficeSecretaryGeneral,
		"youssef.benali@omsn.example": mandate.OfficeTreasurer,
	}
	termEnd := founded.AddDate(3, 0, 0)
	for _, p := range people {
		first, last, _ := strings.Cut(p.DisplayName, " ")
		m, err := add(first, last, "", p.Email, "founding", member.StatusActive, founded, id(p.Email))
		if err != nil {
			return err
		}
		if office, ok := officers[p.Email]; ok {
			// A first term from the constitutive assembly, renewed at the
			// ordinary assembly three years later.
			for _, term := range [][2]time.Time{{founded, termEnd}, {termEnd, termEnd.AddDate(3, 0, 0)}} {
				src, ref := mandate.SourceConstitutive, "AGC du 26 mars 2022"
				if term[0] != founded {
					src, ref = mandate.SourceElected, "AGO du 26 mars 2025"
				}
				if err := tx.Mandate.Create().SetMemberID(m.ID).SetPosition(string(office)).SetOffice(office).
					SetStartOn(term[0]).SetEndOn(term[1]).SetSource(src).SetSourceReference(ref).Exec(ctx); err != nil {
					return err
				}
			}
		}
	}

	// Generated members in every status, and the rest of the board.
	statuses := []member.Status{member.StatusActive, member.StatusActive, member.StatusActive, member.StatusLapsed,
		member.StatusActive, member.StatusSuspended, member.StatusActive, member.StatusResigned, member.StatusActive,
		member.StatusExcluded, member.StatusActive, member.StatusDeceased}
	categories := []string{"active", "active", "founding", "active", "honorary", "active"}
	board := []mandate.Office{mandate.OfficePresident, mandate.OfficeVicePresident, mandate.OfficeAssessor, mandate.OfficeAssessor}
	positions := []string{"president", "vice_president", "assessor", "assessor"}
	for i := 0; i < 60; i++ {
		first, last := firstNames[i%len(firstNames)], lastNames[(i*7+3)%len(lastNames)]
		email := fmt.Sprintf("%s.%s.%d@membres.omsn.example", strings.ToLower(first), strings.ToLower(strings.ReplaceAll(last, " ", "")), i)
		status := statuses[i%len(statuses)]
		if i < len(board) {
			status = member.StatusActive
		}
		joined := founded.AddDate(0, i%40, i%28)
		m, err := add(first, last, "", email, categories[i%len(categories)], status, joined, nil)
		if err != nil {
			return err
		}
		if i < len(board) {
			if err := tx.Mandate.Create().SetMemberID(m.ID).SetPosition(positions[i]).SetOffice(board[i]).
				SetStartOn(termEnd).SetEndOn(termEnd.AddDate(3, 0, 0)).SetSource(mandate.SourceElected).
				SetSourceReference("AGO du 26 mars 2025").Exec(ctx); err != nil {
				return err
			}
		}
	}
	for i, org := range organisations {
		first, last := firstNames[(i+5)%len(firstNames)], lastNames[(i+11)%len(lastNames)]
		if _, err := add(first, last, org, fmt.Sprintf("contact%d@organisations.omsn.example", i), "institutional",
			member.StatusActive, founded.AddDate(1, i, 0), nil); err != nil {
			return err
		}
	}
	// Pending applications, without accounts (as if imported from paper forms).
	for i := 0; i < 4; i++ {
		first, last := firstNames[(i+13)%len(firstNames)], lastNames[(i+2)%len(lastNames)]
		email := fmt.Sprintf("candidat%d@exemple.omsn.example", i)
		m, err := tx.Member.Create().SetStatus(member.StatusApplicant).SetFirstName(first).SetLastName(last).
			SetEmail(email).SetCategory("active").SetCity("Casablanca").
			SetSearchText(members.Fold(first + " " + last + " " + email)).Save(ctx)
		if err != nil {
			return err
		}
		if err := tx.MemberEvent.Create().SetMemberID(m.ID).SetKind("applied").SetToStatus("applicant").
			SetReason("Je souhaite contribuer aux travaux de l’Observatoire.").Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}
