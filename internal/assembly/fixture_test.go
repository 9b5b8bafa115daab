package assembly_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	dbassembly "github.com/omsn/majlis/ent/assembly"
	"github.com/omsn/majlis/ent/attendance"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/proxy"
	"github.com/omsn/majlis/internal/assembly"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/electorate"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/statutes"
)

// The tests' calendar: the OMSN statutes were adopted on 26 March 2022;
// today is 15 May 2026, after the 2026 grace period of dues.
func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var today = date(2026, 5, 15)

// fixture is an association under statutes whose rules a test may adjust
// before setup adopts them, with its services on one database.
type fixture struct {
	db         *database.DB
	statutes   *statutes.Service
	dues       *dues.Service
	electorate *electorate.Service
	assemblies *assembly.Service
	version    *statutes.Version
	serial     int
}

// setup adopts the OMSN statutes, changed by adjust if given.
func setup(t testing.TB, db *database.DB, adjust ...func(*governance.Rules)) *fixture {
	t.Helper()
	ctx := context.Background()
	rules := governance.OMSN()
	for _, a := range adjust {
		a(&rules)
	}
	f := &fixture{db: db, statutes: statutes.NewService(db.Ent)}
	f.statutes.Now = func() time.Time { return today }
	v, err := f.statutes.CreateDraft(ctx, statutes.Draft{TextFr: "Statuts", Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.statutes.Adopt(ctx, v.ID, statutes.Adoption{AdoptedOn: date(2022, 3, 26), Reference: "AGC"}); err != nil {
		t.Fatal(err)
	}
	if f.version, err = f.statutes.Get(ctx, v.ID); err != nil {
		t.Fatal(err)
	}
	f.dues = dues.NewService(db, f.statutes)
	f.dues.Now = func() time.Time { return today }
	f.electorate = electorate.NewService(db.Ent, f.statutes, f.dues)
	f.assemblies = assembly.NewService(db, f.statutes, f.electorate)
	f.assemblies.Now = func() time.Time { return today }
	return f
}

// member adds a member of a category, admitted on a day, with no dues
// owed (the statutes' dues are charged by the dues service only when a
// test asks).
func (f *fixture) member(t testing.TB, category string, joined time.Time) *ent.Member {
	t.Helper()
	f.serial++
	return f.db.Ent.Member.Create().SetNumber(fmt.Sprintf("T-%05d", f.serial)).SetCategory(category).
		SetStatus(member.StatusActive).SetFirstName("Membre").SetLastName(fmt.Sprint(f.serial)).
		SetEmail(fmt.Sprintf("m%d@example.org", f.serial)).SetJoinedOn(joined).SaveX(context.Background())
}

// members adds n active members admitted in 2023.
func (f *fixture) members(t testing.TB, n int) []*ent.Member {
	t.Helper()
	ms := make([]*ent.Member, n)
	for i := range ms {
		ms[i] = f.member(t, "active", date(2023, 1, 10))
	}
	return ms
}

// assembly stores an assembly of a kind in a state, pinned to the
// fixture's statutes, held a month from today, without going through the
// convening (which has its own tests).
func (f *fixture) assembly(t testing.TB, kind dbassembly.Kind, state dbassembly.State) *assembly.Assembly {
	t.Helper()
	ctx := context.Background()
	c := f.db.Ent.Assembly.Create().SetKind(kind).SetStatutesVersionID(f.version.ID).SetTitle("Assemblée").
		SetStartsAt(today.AddDate(0, 1, 0).Add(10 * time.Hour)).SetPlace("Rabat").SetState(state)
	if state != dbassembly.StateDraft {
		c.SetConvenedAt(today)
	}
	if state == dbassembly.StateOpen || state == dbassembly.StateClosed || state == dbassembly.StateAdjourned {
		c.SetOpenedAt(today)
	}
	if state == dbassembly.StateClosed {
		c.SetClosedAt(today)
	}
	row := c.SaveX(ctx)
	a, err := f.assemblies.Get(ctx, row.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// attend records a member present, in person or online, since today.
func (f *fixture) attend(t testing.TB, a *assembly.Assembly, m *ent.Member, mode attendance.Mode) {
	t.Helper()
	f.db.Ent.Attendance.Create().SetAssemblyID(a.ID).SetMemberID(m.ID).SetMode(mode).SetArrivedAt(today).
		ExecX(context.Background())
}

// proxy records an accepted proxy from giver to holder.
func (f *fixture) proxy(t testing.TB, a *assembly.Assembly, giver, holder *ent.Member) {
	t.Helper()
	f.db.Ent.Proxy.Create().SetAssemblyID(a.ID).SetGiverMemberID(giver.ID).SetHolderMemberID(holder.ID).
		SetState(proxy.StateAccepted).SetGivenAt(today).SetAnsweredAt(today).ExecX(context.Background())
}
