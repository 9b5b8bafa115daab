package worklist_test

import (
	"context"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/job"
	"github.com/omsn/majlis/ent/user"
	"github.com/omsn/majlis/ent/webhookevent"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/board"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/jobs"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/testdb"
	"github.com/omsn/majlis/internal/worklist"
)

// everyPage lets the person open every page: these tests look at the
// counts, the web tests at who sees which item.
func everyPage(string) bool { return true }

// itemsFor lists the items of the demo account with that email.
func itemsFor(t *testing.T, env *apptest.Env, email string) map[string]worklist.Item {
	t.Helper()
	u := env.DB.Ent.User.Query().Where(user.Email(email)).OnlyX(t.Context())
	items, err := env.Services.Worklist.For(t.Context(), worklist.Person{UserID: u.ID, May: everyPage})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]worklist.Item{}
	for _, it := range items {
		if _, dup := out[it.Key]; dup {
			t.Fatalf("item %s listed twice", it.Key)
		}
		out[it.Key] = it
	}
	return out
}

const secretaryGeneral = "salma.idrissi@omsn.example"

func TestApplicationsCountThoseStillToDecide(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		pending, err := env.Services.Members.PendingApplications(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := itemsFor(t, env, secretaryGeneral)["applications"]; got.Count != len(pending) || got.Count == 0 ||
			got.Link != "/board/applications" || got.Urgency != worklist.Waiting {
			t.Fatalf("applications item %+v, want %d waiting", got, len(pending))
		}
		sg := env.DB.Ent.User.Query().Where(user.Email(secretaryGeneral)).OnlyX(ctx)
		// Asking for more leaves the application to decide; rejecting it
		// decides it.
		if err := env.Services.Members.RequestInformation(ctx, pending[0].ID, members.Decision{ActorID: sg.ID, Reason: "Précisez."}); err != nil {
			t.Fatal(err)
		}
		if err := env.Services.Members.Reject(ctx, pending[1].ID, members.Decision{ActorID: sg.ID, Reason: "Hors objet."}); err != nil {
			t.Fatal(err)
		}
		if got := itemsFor(t, env, secretaryGeneral)["applications"].Count; got != len(pending)-1 {
			t.Fatalf("after one rejection: %d applications to decide, want %d", got, len(pending)-1)
		}
	})
}

func TestMandatesEndingCountsTermsEndingWithinTheHorizon(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		seats, err := env.Services.Board.Current(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var end time.Time
		held := 0
		for _, s := range seats {
			if s.Mandate != nil {
				held++
				end = s.Mandate.EndOn
			}
		}
		if held == 0 {
			t.Fatal("the demo board holds no seat")
		}
		for _, tc := range []struct {
			before int
			want   int
		}{{worklist.MandatesHorizon + 10, 0}, {worklist.MandatesHorizon - 10, held}, {1, held}} {
			env.Services.Board.Now = func() time.Time { return end.AddDate(0, 0, -tc.before) }
			got := itemsFor(t, env, secretaryGeneral)["mandates_ending"]
			if got.Count != tc.want || got.Days != worklist.MandatesHorizon {
				t.Errorf("%d days before the term ends: %d mandates ending (horizon %d), want %d", tc.before, got.Count, got.Days, tc.want)
			}
			if tc.want > 0 && (!got.Date.Equal(end) || got.Urgency != worklist.Waiting) {
				t.Errorf("%d days before the term ends: first end %s, urgency %s", tc.before, got.Date, got.Urgency)
			}
		}
	})
}

func TestTheDeclarationItemFollowsItsDeadlineAndFiling(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		d, err := env.Services.Board.DeclarationPack(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !d.Due() {
			t.Fatal("the demo has no change to declare")
		}
		// Within the month: due, by the deadline.
		env.Services.Board.Now = func() time.Time { return d.ChangedOn.AddDate(0, 0, 3) }
		if got := itemsFor(t, env, secretaryGeneral)["declaration"]; got.Count != 1 || !got.Date.Equal(d.Deadline) ||
			got.Urgency != worklist.Waiting || got.Detail != "work.declaration.due" {
			t.Fatalf("within the month: %+v", got)
		}
		// After it: late.
		env.Services.Board.Now = func() time.Time { return d.Deadline.AddDate(0, 0, 2) }
		if got := itemsFor(t, env, secretaryGeneral)["declaration"]; got.Count != 1 || got.Urgency != worklist.Late ||
			got.Detail != "work.declaration.late" {
			t.Fatalf("after the deadline: %+v", got)
		}
		// Filed: nothing left to declare.
		sg := env.DB.Ent.User.Query().Where(user.Email(secretaryGeneral)).OnlyX(ctx)
		if _, err := env.Services.Board.RecordFiling(ctx, board.Filing{CoversChangesOn: d.ChangedOn,
			FiledOn: d.Deadline.AddDate(0, 0, 1), Authority: "Préfecture de Rabat", ByUserID: sg.ID}); err != nil {
			t.Fatal(err)
		}
		if got := itemsFor(t, env, secretaryGeneral)["declaration"]; got.Count != 0 || got.Urgency != worklist.Calm ||
			got.Detail != "work.declaration.none" {
			t.Fatalf("once filed: %+v", got)
		}
	})
}

func TestArrearsCountAndSumTheTreasurersList(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		list, total, err := env.Services.Dues.Arrears(t.Context(), dues.ArrearsQuery{PerPage: 500})
		if err != nil {
			t.Fatal(err)
		}
		var owed int64
		for _, a := range list {
			owed += a.Owed
		}
		got := itemsFor(t, env, "youssef.benali@omsn.example")["arrears"]
		if total == 0 || got.Count != total || got.Amount != owed || got.Currency != list[0].Currency || got.Link != "/treasurer/arrears" {
			t.Fatalf("arrears item %+v, want %d members owing %d %s", got, total, owed, list[0].Currency)
		}
		// An empty list is a calm item with nothing owed.
		env.DB.Ent.Arrear.Delete().ExecX(t.Context())
		if got := itemsFor(t, env, "youssef.benali@omsn.example")["arrears"]; got.Count != 0 || got.Amount != 0 || got.Urgency != worklist.Calm {
			t.Fatalf("no arrears: %+v", got)
		}
	})
}

func TestFlaggedEventsCountOnlyRecentFlags(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		before := itemsFor(t, env, "youssef.benali@omsn.example")["flagged_events"].Count
		now := env.Services.Dues.Now()
		for i, ev := range []struct {
			outcome webhookevent.Outcome
			at      time.Time
		}{
			{webhookevent.OutcomeFlagged, now.Add(-time.Hour)},
			{webhookevent.OutcomeFlagged, now.AddDate(0, 0, -worklist.FlaggedHorizon+1)},
			{webhookevent.OutcomeFlagged, now.AddDate(0, 0, -worklist.FlaggedHorizon-1)},
			{webhookevent.OutcomeProcessed, now},
		} {
			env.DB.Ent.WebhookEvent.Create().SetProvider("stripe").SetEventID("evt_" + string(rune('a'+i))).
				SetType("checkout.session.completed").SetOutcome(ev.outcome).SetReceivedAt(ev.at).ExecX(ctx)
		}
		got := itemsFor(t, env, "youssef.benali@omsn.example")["flagged_events"]
		if got.Count != before+2 || got.Days != worklist.FlaggedHorizon || got.Link != "/treasurer#flagged" {
			t.Fatalf("flagged events item %+v, want %d", got, before+2)
		}
	})
}

func TestFailedJobsCountOnlyFailures(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		q := env.Services.Queue
		before := itemsFor(t, env, demo.AdminEmail)["failed_jobs"].Count
		for i, status := range []job.Status{job.StatusFailed, job.StatusFailed, job.StatusDone, job.StatusPending} {
			j, err := q.Enqueue(ctx, "test.noop", i, jobs.Options{UniqueKey: "test-" + string(rune('a'+i))})
			if err != nil {
				t.Fatal(err)
			}
			env.DB.Ent.Job.UpdateOne(j).SetStatus(status).ExecX(ctx)
		}
		got := itemsFor(t, env, demo.AdminEmail)["failed_jobs"]
		if got.Count != before+2 || got.Urgency != worklist.Late {
			t.Fatalf("failed jobs item %+v, want %d, late", got, before+2)
		}
	})
}

func TestAMembersOwnDuesSayTheirStandingAndWhatTheyOwe(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		d := env.Services.Dues
		// A demo member behind with their dues, given an account.
		list, _, err := d.Arrears(ctx, dues.ArrearsQuery{PerPage: 500})
		if err != nil {
			t.Fatal(err)
		}
		var behind *ent.Member
		for _, a := range list {
			if m := env.DB.Ent.Member.GetX(ctx, a.MemberID); m.UserID == nil && m.Email != "" {
				behind = m
				break
			}
		}
		if behind == nil {
			t.Fatal("no demo member behind without an account")
		}
		u := env.DB.Ent.User.Create().SetEmail(behind.Email).SetPasswordHash("x").SaveX(ctx)
		env.DB.Ent.Member.UpdateOne(behind).SetUserID(u.ID).ExecX(ctx)
		st, err := d.StandingOn(ctx, behind.ID, d.Now())
		if err != nil {
			t.Fatal(err)
		}
		unpaid, err := d.UnpaidOf(ctx, behind.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := itemsFor(t, env, behind.Email)["own_dues"]
		if st.Good || got.Urgency != worklist.Late || got.Amount != st.Owed || got.Count != unpaid.Charges ||
			got.Detail != "work.own_dues.behind" || got.Link != "/membership/dues" {
			t.Fatalf("a member behind: %+v (standing %+v)", got, st)
		}

		// A member in good standing with nothing to pay is calm.
		nadia := itemsFor(t, env, "nadia.chraibi@omsn.example")["own_dues"]
		if nadia.Urgency != worklist.Calm || nadia.Detail != "work.own_dues.good" || nadia.Count != 0 {
			t.Fatalf("a member in good standing: %+v", nadia)
		}
		// The administrator, who is no member, has no dues item.
		if _, ok := itemsFor(t, env, demo.AdminEmail)["own_dues"]; ok {
			t.Fatal("the administrator, no member, is shown dues")
		}
	})
}

func TestAnItemIsCountedOnlyForWhoMayOpenItsPage(t *testing.T) {
	s := worklist.New(worklist.Source{Key: "secret", Link: "/board/secret?x=1#y",
		Count: func(context.Context, worklist.Person) (worklist.Item, bool, error) {
			t.Fatal("counted for someone who may not open its page")
			return worklist.Item{}, false, nil
		}},
		worklist.Source{Key: "open", Link: "/open", Count: func(context.Context, worklist.Person) (worklist.Item, bool, error) {
			return worklist.Item{Label: "work.open", Count: 2}, true, nil
		}})
	var asked []string
	items, err := s.For(context.Background(), worklist.Person{UserID: 1, May: func(p string) bool {
		asked = append(asked, p)
		return p == "/open"
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Key != "open" || items[0].Link != "/open" || items[0].Urgency != worklist.Waiting {
		t.Fatalf("items %+v", items)
	}
	if len(asked) != 2 || asked[0] != "/board/secret" {
		t.Fatalf("the route table was asked for %v", asked)
	}
	// A visitor has no items at all.
	if items, _ := s.For(context.Background(), worklist.Person{May: func(string) bool { return true }}); items != nil {
		t.Fatalf("a visitor's items: %+v", items)
	}
}

func TestLeaveRequestsCountThoseTheBoardHasNotDecided(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		before := itemsFor(t, env, secretaryGeneral)["leave_requests"]
		if before.Link != "/board/leave-requests" {
			t.Fatalf("leave requests item %+v", before)
		}
		nadia := env.DB.Ent.User.Query().Where(user.Email("nadia.chraibi@omsn.example")).OnlyX(ctx)
		if err := env.Services.Members.RequestToLeave(ctx, nadia.ID, "Je pars à l’étranger"); err != nil {
			t.Fatal(err)
		}
		if got := itemsFor(t, env, secretaryGeneral)["leave_requests"]; got.Count != before.Count+1 || got.Urgency != worklist.Waiting {
			t.Fatalf("after a request: %+v, want %d waiting", got, before.Count+1)
		}
		if err := env.Services.Members.WithdrawLeaveRequest(ctx, nadia.ID); err != nil {
			t.Fatal(err)
		}
		if got := itemsFor(t, env, secretaryGeneral)["leave_requests"].Count; got != before.Count {
			t.Fatalf("after the withdrawal: %d requests, want %d", got, before.Count)
		}
	})
}
