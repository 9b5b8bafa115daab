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

// applicants are the pending applications' names.
var applicants = [4][2]string{{"Hamza", "Amrani"}, {"Ghita", "Berrada"}, {"Ilyas", "Kettani"}, {"Zineb", "Lahlou"}}

// secretaryGeneral is the demo account that records the board's decisions.
const secretaryGeneral = "salma.idrissi@omsn.example"

// seedStatutesAndRoster adopts the demo statutes and fills the roster: the
// demo accounts as members and board officers, about two hundred generated
// members in every status and category with their histories, the board of
// both terms, and pending applications.
func seedStatutesAndRoster(ctx context.Context, db *ent.Client, accounts map[string]*ent.User, founded time.Time) error {
	tx := database.Client(ctx, db)
	st := statutes.NewService(db)
	rules := governance.OMSN()
	text := governance.OMSNText()
	v, err := st.CreateDraft(ctx, statutes.Draft{
		Title:  "Statuts adoptés par l’assemblée générale constitutive",
		TextFr: text["fr"], TextAr: text["ar"], TextEn: text["en"],
		Rules: rules,
	})
	if err != nil {
		return err
	}
	if err := st.Adopt(ctx, v.ID, statutes.Adoption{AdoptedOn: founded, Reference: "AGC du 26 mars 2022, résolution 1",
		RecordedBy: accounts[AdminEmail].ID}); err != nil {
		return err
	}

	var taken []string
	for _, a := range applicants {
		taken = append(taken, a[0]+" "+a[1])
	}
	var roster []*seedMember
	for _, p := range people {
		// The demo accounts: founders, and for two of them officers.
		first, last, _ := strings.Cut(p.DisplayName, " ")
		taken = append(taken, p.DisplayName)
		roster = append(roster, &seedMember{first: first, last: last, email: p.Email, category: "founding",
			city: "Rabat", country: "MA", status: member.StatusActive, joined: founded,
			userID: &accounts[p.Email].ID, approvedBy: "AGC du 26 mars 2022"})
	}
	generated := generateRoster(founded, taken, rules)
	officers := pickBoard(generated)
	writeHistories(generated, officers.members(), rules)
	roster = append(roster, generated...)

	ids, err := insertRoster(ctx, db, roster, accounts[AdminEmail].ID, accounts[secretaryGeneral].ID)
	if err != nil {
		return err
	}
	idOf := func(m *seedMember) int { return ids[m] }
	// people lists the secretary general, then the treasurer.
	if err := insertBoard(ctx, db, founded, officers, idOf, idOf(roster[0]), idOf(roster[1])); err != nil {
		return err
	}
	// Pending applications, without accounts (as if imported from paper forms).
	for i := 0; i < 4; i++ {
		first, last := applicants[i][0], applicants[i][1]
		email := fmt.Sprintf("candidat%d@exemple.omsn.example", i)
		m, err := members.Listed(tx.Member.Create().SetStatus(member.StatusApplicant).SetFirstName(first).SetLastName(last).
			SetEmail(email).SetCategory("active").SetCity("Casablanca")).Save(ctx)
		if err != nil {
			return err
		}
		if err := tx.MemberEvent.Create().SetMemberID(m.ID).SetKind("applied").SetToStatus("applicant").
			SetReason("Je souhaite contribuer aux travaux de l’Observatoire.").Exec(ctx); err != nil {
			return err
		}
	}
	return seedDues(ctx, db, rules, accounts["youssef.benali@omsn.example"].ID)
}

// insertBatch is how many rows one INSERT carries: few enough to stay far
// below SQLite's and PostgreSQL's limits on bound parameters.
const insertBatch = 100

// insertRoster creates the members with numbers in roster order, then
// their histories: the approval, and the steps that led to their status.
// It returns each member's ID.
func insertRoster(ctx context.Context, db *ent.Client, roster []*seedMember, adminID, boardUserID int) (map[*seedMember]int, error) {
	tx := database.Client(ctx, db)
	// Reserve the numbers at once: the first, then raise the sequence past
	// the last, so that later admissions continue after the demo roster.
	first, err := database.NextInSequence(ctx, members.NumberSequence)
	if err != nil {
		return nil, err
	}
	if err := database.RaiseSequence(ctx, members.NumberSequence, first+int64(len(roster))-1); err != nil {
		return nil, err
	}
	ids := make(map[*seedMember]int, len(roster))
	for start := 0; start < len(roster); start += insertBatch {
		batch := roster[start:min(start+insertBatch, len(roster))]
		creates := make([]*ent.MemberCreate, len(batch))
		for i, m := range batch {
			n := first + int64(start+i)
			number := members.FormatNumber("OMSN-", n)
			kind := member.KindPerson
			if m.org != "" {
				kind = member.KindOrganisation
			}
			creates[i] = members.Listed(tx.Member.Create().SetKind(kind).SetStatus(m.status).SetApplication(member.ApplicationApproved).
				SetNumber(number).SetCategory(m.category).SetFirstName(m.first).SetLastName(m.last).
				SetOrganisationName(m.org).SetRepresentativeName(m.rep).SetEmail(m.email).SetPhone(m.phone).
				SetCity(m.city).SetCountry(m.country).SetProfession(m.profession).
				SetJoinedOn(m.joined).SetNillableUserID(m.userID).
				SetConsentDirectory(n%3 != 0).SetConsentEmails(m.userID == nil && n%4 != 0))
		}
		saved, err := tx.Member.CreateBulk(creates...).Save(ctx)
		if err != nil {
			return nil, err
		}
		for i, m := range batch {
			ids[m] = saved[i].ID
		}
	}

	var events []*ent.MemberEventCreate
	for _, m := range roster {
		approver := boardUserID
		if m.category == "founding" {
			approver = adminID // the founders were recorded at installation
		}
		events = append(events, tx.MemberEvent.Create().SetMemberID(ids[m]).SetKind("approved").
			SetFromStatus("applicant").SetToStatus("active").SetAt(m.joined).SetByUserID(approver).
			SetDecisionReference(m.approvedBy))
		for _, s := range m.steps {
			e := tx.MemberEvent.Create().SetMemberID(ids[m]).SetKind(s.kind).SetFromStatus(s.from).SetToStatus(s.to).
				SetAt(s.at).SetReason(s.reason).SetDecisionReference(s.reference).SetNillableHeardOn(s.heardOn)
			if s.byBoard {
				e.SetByUserID(boardUserID)
			}
			events = append(events, e)
		}
	}
	for start := 0; start < len(events); start += insertBatch {
		if err := tx.MemberEvent.CreateBulk(events[start:min(start+insertBatch, len(events))]...).Exec(ctx); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// insertBoard records the board's two terms. The constitutive assembly
// elected the first board for three years; its vice-president stepped down
// in 2023 and the board co-opted a successor, ratified by the next
// assembly. The 2025 ordinary assembly renewed the president, the
// vice-president, the secretary general and the treasurer once (the OMSN
// statutes allow one renewal in a row) and elected two new assessors.
func insertBoard(ctx context.Context, db *ent.Client, founded time.Time, b demoBoard, idOf func(*seedMember) int,
	secretaryGeneralID, treasurerID int) error {
	tx := database.Client(ctx, db)
	second := founded.AddDate(3, 0, 0) // the AGO of 26 March 2025
	end := second.AddDate(3, 0, 0)
	stepDown := time.Date(2023, time.September, 30, 0, 0, 0, 0, time.UTC)
	coOpted := boardMeeting(2023, time.October)
	type term struct {
		memberID          int
		office            mandate.Office
		start, end        time.Time
		source            mandate.Source
		reference         string
		endedOn, ratified *time.Time
	}
	agc, ago := "AGC du 26 mars 2022", "AGO du "+frDate(second)
	terms := []term{
		{idOf(b.president), mandate.OfficePresident, founded, second, mandate.SourceConstitutive, agc, nil, nil},
		{idOf(b.firstVice), mandate.OfficeVicePresident, founded, second, mandate.SourceConstitutive, agc, &stepDown, nil},
		{idOf(b.coOptedVice), mandate.OfficeVicePresident, coOpted, second, mandate.SourceCoOpted,
			"Bureau du " + frDate(coOpted), nil, &ago2024},
		{secretaryGeneralID, mandate.OfficeSecretaryGeneral, founded, second, mandate.SourceConstitutive, agc, nil, nil},
		{treasurerID, mandate.OfficeTreasurer, founded, second, mandate.SourceConstitutive, agc, nil, nil},
		{idOf(b.assessors2022[0]), mandate.OfficeAssessor, founded, second, mandate.SourceConstitutive, agc, nil, nil},
		{idOf(b.assessors2022[1]), mandate.OfficeAssessor, founded, second, mandate.SourceConstitutive, agc, nil, nil},
		{idOf(b.president), mandate.OfficePresident, second, end, mandate.SourceElected, ago, nil, nil},
		{idOf(b.coOptedVice), mandate.OfficeVicePresident, second, end, mandate.SourceElected, ago, nil, nil},
		{secretaryGeneralID, mandate.OfficeSecretaryGeneral, second, end, mandate.SourceElected, ago, nil, nil},
		{treasurerID, mandate.OfficeTreasurer, second, end, mandate.SourceElected, ago, nil, nil},
		{idOf(b.assessors2025[0]), mandate.OfficeAssessor, second, end, mandate.SourceElected, ago, nil, nil},
		{idOf(b.assessors2025[1]), mandate.OfficeAssessor, second, end, mandate.SourceElected, ago, nil, nil},
	}
	creates := make([]*ent.MandateCreate, len(terms))
	for i, t := range terms {
		// Position codes are the office names in the OMSN statutes.
		creates[i] = tx.Mandate.Create().SetMemberID(t.memberID).SetPosition(string(t.office)).SetOffice(t.office).
			SetStartOn(t.start).SetEndOn(t.end).SetSource(t.source).SetSourceReference(t.reference).
			SetNillableEndedOn(t.endedOn).SetNillableRatifiedOn(t.ratified)
		if t.ratified != nil {
			creates[i].SetRatificationReference("AGO du " + frDate(*t.ratified))
		}
	}
	return tx.Mandate.CreateBulk(creates...).Exec(ctx)
}
