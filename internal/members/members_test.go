package members_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/authz"
	"github.com/omsn/majlis/internal/board"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/statutes"
	"github.com/omsn/majlis/internal/testdb"
)

// categories is the statutes' list of categories as the members service
// sees it.
type categories []string

func (c categories) CategoryExists(_ context.Context, code string) (bool, error) {
	for _, x := range c {
		if x == code {
			return true, nil
		}
	}
	return false, nil
}

func (c categories) CategoryOptions(context.Context) ([]members.CategoryOption, error) {
	out := make([]members.CategoryOption, len(c))
	for i, code := range c {
		// As in the demo statutes, institutional members are organisations.
		out[i] = members.CategoryOption{Code: code, Names: map[string]string{"fr": code}, Organisation: code == "institutional"}
	}
	return out, nil
}

var omsnCategories = categories{"founding", "active", "honorary", "institutional"}

func newService(t *testing.T, db *database.DB) *members.Service {
	t.Helper()
	if err := db.Ent.Association.Create().SetNameFr("OMSN").SetMemberNumberPrefix("OMSN-").Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := members.NewService(db.Ent, auth.NewHasher(auth.FastHashParams), omsnCategories)
	enf, err := authz.NewEnforcer()
	if err != nil {
		t.Fatal(err)
	}
	s.Powers = authz.NewAuthority(authz.NewResolver(db.Ent), enf)
	s.Offices = board.NewService(db.Ent, statutes.NewService(db.Ent))
	s.Mail = &mailbox{}
	return s
}

// decider returns an administrator's account, which may record every
// decision on a member's status.
func decider(t *testing.T, db *database.DB) int {
	t.Helper()
	return db.Ent.User.Create().SetEmail(fmt.Sprintf("admin-%d@example.ma", time.Now().UnixNano())).
		SetPasswordHash("x").SetIsAdmin(true).SaveX(context.Background()).ID
}

func application(email string) members.Application {
	return members.Application{
		Kind: "person", FirstName: "Salma", LastName: "Idrissi", Email: email,
		Category: "active", Motivation: "Je travaille sur la souveraineté des données.",
		Password: "a long enough password", Language: "fr",
	}
}

// apply applies with the email and follows the link mailed to it, as the
// applicant does.
func apply(t *testing.T, s *members.Service, email string) *ent.Member {
	t.Helper()
	in := application(email)
	in.ClientAddress = "client-of-" + email
	return applyAndConfirm(t, s, in)
}

func applyAndConfirm(t *testing.T, s *members.Service, in members.Application) *ent.Member {
	t.Helper()
	if err := s.Apply(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	m, err := s.ConfirmApplication(context.Background(), s.Mail.(*mailbox).confirmToken(t, in.Email))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestApplyingCreatesAnAccountAndAnApplicant(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		m := apply(t, s, "Salma@Example.ma")
		if m.Status != member.StatusApplicant || m.Application != member.ApplicationPending || m.Number != nil {
			t.Fatalf("applicant: %+v", m)
		}
		u, err := db.Ent.User.Get(ctx, *m.UserID)
		if err != nil || u.Email != "salma@example.ma" || u.IsAdmin {
			t.Fatalf("account: %+v %v", u, err)
		}
		h, _ := s.History(ctx, m.ID)
		if len(h) != 1 || h[0].Kind != "applied" || h[0].Reason == "" {
			t.Fatalf("history: %+v", h)
		}
		pending, _ := s.PendingApplications(ctx)
		if len(pending) != 1 || pending[0].ID != m.ID {
			t.Fatalf("pending: %v", pending)
		}
	})
}

func TestAnInvalidApplicationNamesEveryFieldAndWritesNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		apply(t, s, "taken@example.ma")
		in := application("TAKEN@example.ma")
		in.FirstName = ""
		in.Category = "emeritus"
		in.Password = "short"
		err := s.Apply(ctx, in)
		v, ok := apperr.AsValidation(err)
		if !ok {
			t.Fatalf("got %v", err)
		}
		want := map[string]string{"first_name": "error.required", "category": "error.choice_invalid",
			"password": "error.password_too_short"}
		for f, k := range want {
			if v.Fields[f].Key != k {
				t.Errorf("%s: %q, want %q", f, v.Fields[f].Key, k)
			}
		}
		if _, taken := v.Fields["email"]; taken {
			t.Error("the form tells that an account has the email")
		}
		// Valid account, invalid member: the account is not created either.
		in = application("fresh@example.ma")
		in.Kind = "robot"
		if err := s.Apply(ctx, in); err == nil {
			t.Fatal("an unknown kind was accepted")
		}
		if n, _ := db.Ent.User.Query().Count(ctx); n != 1 {
			t.Fatalf("%d accounts, want 1: a failed application left an account", n)
		}
		if n, _ := db.Ent.Member.Query().Count(ctx); n != 1 {
			t.Fatalf("%d members, want 1", n)
		}
	})
}

func TestAnOrganisationAppliesWithItsRepresentative(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newService(t, db)
		in := application("contact@datacenter.example")
		in.Kind, in.FirstName, in.LastName, in.Category = "organisation", "", "", "institutional"
		err := s.Apply(context.Background(), in)
		v, ok := apperr.AsValidation(err)
		if !ok || v.Fields["organisation_name"].Key != "error.required" || v.Fields["representative_name"].Key != "error.required" {
			t.Fatalf("got %v", err)
		}
		in.OrganisationName, in.RepresentativeName = "Atlas Datacenter SA", "Karim Tazi"
		if m := applyAndConfirm(t, s, in); members.DisplayName(m) != "Atlas Datacenter SA" {
			t.Fatalf("%v", m)
		}
	})
}

func TestApprovalGivesTheNextNumberTheCategoryAndActiveStatus(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		s.Now = func() time.Time { return time.Date(2026, 11, 20, 15, 4, 0, 0, time.UTC) }
		a, b := apply(t, s, "a@example.ma"), apply(t, s, "b@example.ma")
		d := members.Decision{ActorID: 1, Reference: "Bureau du 2026-11-20"}
		if err := s.Approve(ctx, b.ID, "founding", d); err != nil {
			t.Fatal(err)
		}
		if err := s.Approve(ctx, a.ID, "active", d); err != nil {
			t.Fatal(err)
		}
		gotB, _ := s.Get(ctx, b.ID)
		gotA, _ := s.Get(ctx, a.ID)
		if *gotB.Number != "OMSN-00001" || *gotA.Number != "OMSN-00002" {
			t.Fatalf("numbers %s, %s", *gotB.Number, *gotA.Number)
		}
		if gotA.Status != member.StatusActive || gotA.Category != "active" || gotA.JoinedOn.Format("2006-01-02") != "2026-11-20" {
			t.Fatalf("approved member: %+v", gotA)
		}
		if err := s.Approve(ctx, a.ID, "active", d); !errors.Is(err, apperr.ErrConflict) {
			t.Fatalf("approving twice: %v, want a conflict", err)
		}
		if err := s.Approve(ctx, apply(t, s, "c@example.ma").ID, "emeritus", d); err == nil {
			t.Fatal("an unknown category was accepted")
		}
	})
}

// Numbers are never reused: a rolled-back approval gives its number back,
// a completed one never does, and concurrent approvals get distinct numbers.
func TestConcurrentApprovalsGetDistinctNumbers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		const n = 8
		ids := make([]int, n)
		for i := range ids {
			ids[i] = apply(t, s, fmt.Sprintf("m%d@example.ma", i)).ID
		}
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for _, id := range ids {
			wg.Add(1)
			go func(id int) {
				defer wg.Done()
				errs <- s.Approve(ctx, id, "active", members.Decision{ActorID: 1})
			}(id)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		nums, err := db.Ent.Member.Query().Where(member.NumberNotNil()).Select(member.FieldNumber).Strings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, x := range nums {
			seen[x] = true
		}
		if len(seen) != n {
			t.Fatalf("%d distinct numbers for %d approvals: %v", len(seen), n, nums)
		}
	})
}

func TestRejectionAndInformationRequestNeedAReason(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		m := apply(t, s, "a@example.ma")
		if err := s.Reject(ctx, m.ID, members.Decision{ActorID: 1}); err == nil {
			t.Fatal("a rejection without reason was accepted")
		}
		if err := s.RequestInformation(ctx, m.ID, members.Decision{ActorID: 1, Reason: "Merci de préciser votre activité."}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Get(ctx, m.ID); got.Application != member.ApplicationInfoRequested {
			t.Fatalf("application %s", got.Application)
		}
		if err := s.Reject(ctx, m.ID, members.Decision{ActorID: 1, Reason: "Hors de l’objet de l’association."}); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Get(ctx, m.ID)
		if got.Application != member.ApplicationRejected || got.Number != nil {
			t.Fatalf("rejected: %+v", got)
		}
		if err := s.Approve(ctx, m.ID, "active", members.Decision{ActorID: 1}); !errors.Is(err, apperr.ErrConflict) {
			t.Fatalf("approving a rejected application: %v", err)
		}
		h, _ := s.History(ctx, m.ID)
		if len(h) != 3 || h[1].Kind != "info_requested" || h[2].Kind != "rejected" || h[2].Reason == "" {
			t.Fatalf("history %+v", h)
		}
	})
}

func TestStatusChangesFollowTheLifecycleAndAreRecorded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		m := apply(t, s, "a@example.ma")
		admin := decider(t, db)
		change := func(to members.Status, heard *time.Time, ref string) error {
			return s.ChangeStatus(ctx, m.ID, members.StatusChange{
				Decision: members.Decision{ActorID: admin, Reason: "Décision du bureau", Reference: ref}, To: to, HeardOn: heard})
		}
		if err := change(members.Suspended, nil, ""); err == nil {
			t.Fatal("an applicant was suspended without being admitted")
		}
		if err := s.Approve(ctx, m.ID, "active", members.Decision{ActorID: 1}); err != nil {
			t.Fatal(err)
		}
		for _, to := range []members.Status{members.Lapsed, members.Active, members.Suspended} {
			if err := change(to, nil, "Bureau du 2026-09-01"); err != nil {
				t.Fatalf("→ %s: %v", to, err)
			}
		}
		err := change(members.Excluded, nil, "")
		v, ok := apperr.AsValidation(err)
		if !ok || v.Fields["heard_on"].Key == "" || v.Fields["reference"].Key == "" {
			t.Fatalf("exclusion without hearing: %v", err)
		}
		heard := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
		if err := change(members.Excluded, &heard, "Bureau du 2026-10-15, décision 4"); err != nil {
			t.Fatal(err)
		}
		if err := change(members.Active, nil, ""); err == nil {
			t.Fatal("an excluded member came back")
		}
		h, _ := s.History(ctx, m.ID)
		last := h[len(h)-1]
		if last.ToStatus != "excluded" || last.FromStatus != "suspended" || last.HeardOn == nil || last.DecisionReference == "" {
			t.Fatalf("last event %+v", last)
		}
	})
}

// The database refuses an exclusion event without a hearing date, even if
// some code path forgot the check.
func TestTheDatabaseRefusesAnExclusionWithoutHearing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newService(t, db)
		m := apply(t, s, "a@example.ma")
		err := db.Ent.MemberEvent.Create().SetMemberID(m.ID).SetKind("status_changed").SetToStatus("excluded").Exec(context.Background())
		if err == nil {
			t.Fatal("the check constraint did not refuse it")
		}
	})
}

func TestLifecycleTransitions(t *testing.T) {
	all := []members.Status{members.Applicant, members.Active, members.Lapsed, members.Suspended, members.Resigned, members.Excluded, members.Deceased}
	allowed := map[[2]members.Status]bool{
		{members.Active, members.Lapsed}: true, {members.Active, members.Suspended}: true, {members.Active, members.Resigned}: true,
		{members.Active, members.Excluded}: true, {members.Active, members.Deceased}: true,
		{members.Lapsed, members.Active}: true, {members.Lapsed, members.Suspended}: true, {members.Lapsed, members.Resigned}: true,
		{members.Lapsed, members.Excluded}: true, {members.Lapsed, members.Deceased}: true,
		{members.Suspended, members.Active}: true, {members.Suspended, members.Resigned}: true,
		{members.Suspended, members.Excluded}: true, {members.Suspended, members.Deceased}: true,
	}
	for _, from := range all {
		for _, to := range all {
			if got := members.CanChange(from, to); got != allowed[[2]members.Status{from, to}] {
				t.Errorf("%s → %s: %v", from, to, got)
			}
		}
	}
}

func TestFoldMakesSearchAccentInsensitive(t *testing.T) {
	cases := map[string]string{
		"Chraïbi":          "chraibi",
		"  Élodie   NOËL ": "elodie noel",
		"مُحَمَّد":         "محمد",
		"عبـــد الله":      "عبد الله",
		"OMSN-00042":       "omsn-00042",
	}
	for in, want := range cases {
		if got := members.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
