package accounts_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/session"
	"github.com/omsn/majlis/ent/user"
	"github.com/omsn/majlis/internal/accounts"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"
)

const pw = "un-mot-de-passe"

var hasher = auth.NewHasher(auth.FastHashParams)

type rig struct {
	db       *database.DB
	svc      *accounts.Service
	sessions *auth.Sessions
}

func newRig(db *database.DB) *rig {
	return &rig{db: db, svc: accounts.NewService(db.Ent, hasher), sessions: auth.NewSessions(db.Ent, time.Hour, 24*time.Hour)}
}

func (r *rig) create(t *testing.T, email string, admin bool) *ent.User {
	t.Helper()
	u, err := r.svc.Create(context.Background(), accounts.NewAccount{Email: email, Password: pw, Admin: admin})
	if err != nil {
		t.Fatalf("create %s: %v", email, err)
	}
	return u
}

func (r *rig) session(t *testing.T, u *ent.User) (string, int) {
	t.Helper()
	ctx := context.Background()
	tok, err := r.sessions.Create(ctx, u.ID, auth.Client{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := r.sessions.Lookup(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	return tok, s.ID
}

func (r *rig) alive(tok string) bool {
	_, err := r.sessions.Lookup(context.Background(), tok)
	return err == nil
}

func (r *rig) reload(t *testing.T, u *ent.User) *ent.User {
	t.Helper()
	got, err := r.db.Ent.User.Get(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func (r *rig) users(t *testing.T) int {
	t.Helper()
	n, err := r.db.Ent.User.Query().Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// fields turns a validation error into "field=key" pairs, or fails.
func fields(t *testing.T, err error) map[string]apperr.Message {
	t.Helper()
	v, ok := apperr.AsValidation(err)
	if !ok {
		t.Fatalf("error %v is not a validation error", err)
	}
	return v.Fields
}

func TestCreatingAnAccountReportsEachBadFieldWithItsMessage(t *testing.T) {
	cases := map[string]struct {
		in        accounts.NewAccount
		field     string
		key       string
		dataKey   string
		dataValue int
	}{
		"not an email":          {accounts.NewAccount{Email: "salma", Password: pw}, "email", "error.email_invalid", "", 0},
		"no domain dot":         {accounts.NewAccount{Email: "salma@localhost", Password: pw}, "email", "error.email_invalid", "", 0},
		"display-name form":     {accounts.NewAccount{Email: "Salma <salma@example.ma>", Password: pw}, "email", "error.email_invalid", "", 0},
		"empty email":           {accounts.NewAccount{Email: "  ", Password: pw}, "email", "error.email_invalid", "", 0},
		"password too short":    {accounts.NewAccount{Email: "a@example.ma", Password: "123456789"}, "password", "error.password_too_short", "Min", auth.MinPasswordLength},
		"password too long":     {accounts.NewAccount{Email: "a@example.ma", Password: strings.Repeat("x", auth.MaxPasswordLength+1)}, "password", "error.password_too_long", "Max", auth.MaxPasswordLength},
		"unknown language":      {accounts.NewAccount{Email: "a@example.ma", Password: pw, Language: "de"}, "language", "error.language_unknown", "", 0},
		"region-tagged lang":    {accounts.NewAccount{Email: "a@example.ma", Password: pw, Language: "fr-MA"}, "language", "error.language_unknown", "", 0},
		"display name too long": {accounts.NewAccount{Email: "a@example.ma", Password: pw, DisplayName: strings.Repeat("س", 201)}, "display_name", "error.too_long", "Max", 200},
	}
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(db)
		for name, c := range cases {
			t.Run(name, func(t *testing.T) {
				u, err := r.svc.Create(context.Background(), c.in)
				if u != nil {
					t.Errorf("returned an account for bad input")
				}
				f := fields(t, err)
				if len(f) != 1 {
					t.Errorf("fields %v, want only %s", f, c.field)
				}
				m, ok := f[c.field]
				if !ok || m.Key != c.key {
					t.Fatalf("field %s: %+v, want %s", c.field, m, c.key)
				}
				if c.dataKey != "" && fmt.Sprint(m.Data[c.dataKey]) != fmt.Sprint(c.dataValue) {
					t.Errorf("message data %v, want %s=%d", m.Data, c.dataKey, c.dataValue)
				}
			})
		}
		if n := r.users(t); n != 0 {
			t.Errorf("bad input wrote %d accounts", n)
		}
	})
}

func TestCreatingAnAccountReportsEveryBadFieldAtOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(db)
		_, err := r.svc.Create(context.Background(), accounts.NewAccount{Email: "nope", Password: "short", Language: "xx"})
		f := fields(t, err)
		for _, k := range []string{"email", "password", "language"} {
			if _, ok := f[k]; !ok {
				t.Errorf("no message for %s (got %v)", k, f)
			}
		}
	})
}

func TestCreatingAnAccountNormalizesTheEmailAndDefaultsToFrench(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(db)
		u, err := r.svc.Create(context.Background(), accounts.NewAccount{
			Email: "  Salma.Idrissi@Example.MA ", DisplayName: "  Salma Idrissi ", Password: pw,
		})
		if err != nil {
			t.Fatal(err)
		}
		u = r.reload(t, u)
		if u.Email != "salma.idrissi@example.ma" || u.DisplayName != "Salma Idrissi" || u.PreferredLanguage != "fr" {
			t.Errorf("stored email %q name %q lang %q", u.Email, u.DisplayName, u.PreferredLanguage)
		}
		if u.IsAdmin || u.Disabled {
			t.Errorf("a plain account is admin=%v disabled=%v", u.IsAdmin, u.Disabled)
		}
		if u.PasswordHash == pw || !hasher.Verify(pw, u.PasswordHash) {
			t.Error("the password is not stored as a verifiable hash")
		}
	})
}

func TestAnEmailAlreadyTakenInAnyCaseIsReportedOnTheEmailField(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(db)
		first := r.create(t, "salma@example.ma", false)
		for _, dup := range []string{"salma@example.ma", "SALMA@Example.ma", "  Salma@example.MA"} {
			u, err := r.svc.Create(context.Background(), accounts.NewAccount{Email: dup, Password: "another-password", DisplayName: "Intruder"})
			if u != nil {
				t.Errorf("%q: an account was returned", dup)
			}
			f := fields(t, err)
			if m := f["email"]; m.Key != "error.email_taken" || len(f) != 1 {
				t.Errorf("%q: fields %v, want email: error.email_taken", dup, f)
			}
		}
		if n := r.users(t); n != 1 {
			t.Fatalf("%d accounts stored, want 1", n)
		}
		if got := r.reload(t, first); got.DisplayName != "" || !hasher.Verify(pw, got.PasswordHash) {
			t.Error("the existing account was changed by the duplicate")
		}
	})
}

func TestChangingThePasswordRefusesAWrongCurrentPassword(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(db)
		u := r.create(t, "salma@example.ma", false)
		cur, curID := r.session(t, u)
		other, _ := r.session(t, u)
		err := r.svc.ChangePassword(context.Background(), u.ID, curID, "not-my-password", "brand-new-password", "brand-new-password")
		if f := fields(t, err); f["current_password"].Key != "error.password_wrong" || len(f) != 1 {
			t.Fatalf("fields %v, want current_password: error.password_wrong", f)
		}
		if got := r.reload(t, u); !hasher.Verify(pw, got.PasswordHash) {
			t.Error("the password changed despite the wrong current password")
		}
		if !r.alive(cur) || !r.alive(other) {
			t.Error("a refused change ended sessions")
		}
	})
}

func TestChangingThePasswordReportsEachBadNewPassword(t *testing.T) {
	cases := map[string]struct {
		next, confirm, field, key string
	}{
		"mismatch":  {"brand-new-password", "brand-new-passwork", "confirm_password", "error.password_mismatch"},
		"too short": {"short", "short", "new_password", "error.password_too_short"},
		"too long":  {strings.Repeat("p", 257), strings.Repeat("p", 257), "new_password", "error.password_too_long"},
	}
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(db)
		u := r.create(t, "salma@example.ma", false)
		_, curID := r.session(t, u)
		for name, c := range cases {
			t.Run(name, func(t *testing.T) {
				err := r.svc.ChangePassword(context.Background(), u.ID, curID, pw, c.next, c.confirm)
				if f := fields(t, err); f[c.field].Key != c.key || len(f) != 1 {
					t.Fatalf("fields %v, want %s: %s", f, c.field, c.key)
				}
				if got := r.reload(t, u); !hasher.Verify(pw, got.PasswordHash) {
					t.Error("the password changed")
				}
			})
		}
	})
}

func TestChangingThePasswordEndsOtherSessionsButKeepsTheCurrentOne(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(db)
		u := r.create(t, "salma@example.ma", false)
		bystander := r.create(t, "youssef@example.ma", false)
		cur, curID := r.session(t, u)
		other1, _ := r.session(t, u)
		other2, _ := r.session(t, u)
		theirs, _ := r.session(t, bystander)
		before := r.reload(t, u).PasswordChangedAt
		time.Sleep(5 * time.Millisecond)
		if err := r.svc.ChangePassword(context.Background(), u.ID, curID, pw, "brand-new-password", "brand-new-password"); err != nil {
			t.Fatal(err)
		}
		got := r.reload(t, u)
		if !hasher.Verify("brand-new-password", got.PasswordHash) || hasher.Verify(pw, got.PasswordHash) {
			t.Error("the new password is not the one stored")
		}
		if !got.PasswordChangedAt.After(before) {
			t.Errorf("password_changed_at %v not moved on from %v", got.PasswordChangedAt, before)
		}
		if !r.alive(cur) {
			t.Error("the current session ended")
		}
		if r.alive(other1) || r.alive(other2) {
			t.Error("another session of the account survived the change")
		}
		if !r.alive(theirs) {
			t.Error("another account's session ended")
		}
	})
}

// failSessionDeletes makes every deletion of sessions fail, to check that
// a use case's other writes are rolled back with it.
func failSessionDeletes(db *database.DB) {
	db.Ent.Session.Use(func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if m.Op().Is(ent.OpDelete | ent.OpDeleteOne) {
				return nil, errors.New("sessions table unavailable")
			}
			return next.Mutate(ctx, m)
		})
	})
}

func TestAPasswordChangeWhoseSessionsCannotEndIsNotSaved(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(db)
		u := r.create(t, "salma@example.ma", false)
		_, curID := r.session(t, u)
		other, _ := r.session(t, u)
		failSessionDeletes(db)
		if err := r.svc.ChangePassword(context.Background(), u.ID, curID, pw, "brand-new-password", "brand-new-password"); err == nil {
			t.Fatal("ChangePassword succeeded although the sessions could not be ended")
		}
		if got := r.reload(t, u); !hasher.Verify(pw, got.PasswordHash) {
			t.Error("the new password was saved while the old sessions live on")
		}
		if !r.alive(other) {
			t.Error("other session ended")
		}
	})
}

func TestChangingThePasswordOfAnUnknownAccountIsNotFound(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(db)
		err := r.svc.ChangePassword(context.Background(), 4242, 1, pw, "brand-new-password", "brand-new-password")
		if !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})
}

func TestDisablingAnAccountEndsItsSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(db)
		admin := r.create(t, "admin@example.ma", true)
		u := r.create(t, "salma@example.ma", false)
		s1, _ := r.session(t, u)
		s2, _ := r.session(t, u)
		adminSess, _ := r.session(t, admin)
		if err := r.svc.SetDisabled(context.Background(), admin.ID, u.ID, true); err != nil {
			t.Fatal(err)
		}
		if !r.reload(t, u).Disabled {
			t.Fatal("the account is not disabled")
		}
		if n, err := db.Ent.Session.Query().Where(session.UserID(u.ID)).Count(context.Background()); err != nil || n != 0 {
			t.Errorf("%d sessions of the disabled account still stored (%v)", n, err)
		}
		if r.alive(s1) || r.alive(s2) {
			t.Error("a session of the disabled account still works")
		}
		if !r.alive(adminSess) {
			t.Error("the administrator's own session ended")
		}
		// Enabling it again lets it sign in, but old sessions stay ended.
		if err := r.svc.SetDisabled(context.Background(), admin.ID, u.ID, false); err != nil {
			t.Fatal(err)
		}
		if r.reload(t, u).Disabled {
			t.Fatal("the account is still disabled")
		}
		if r.alive(s1) {
			t.Error("re-enabling revived an old session")
		}
	})
}

func TestAnAccountIsNotDisabledWhenItsSessionsCannotBeEnded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(db)
		admin := r.create(t, "admin@example.ma", true)
		u := r.create(t, "salma@example.ma", false)
		r.session(t, u)
		failSessionDeletes(db)
		if err := r.svc.SetDisabled(context.Background(), admin.ID, u.ID, true); err == nil {
			t.Fatal("SetDisabled succeeded although the sessions could not be ended")
		}
		if r.reload(t, u).Disabled {
			t.Error("the account was disabled without its sessions ending: not one transaction")
		}
	})
}

func TestAnAdministratorCannotDisableTheirOwnAccount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(db)
		admin := r.create(t, "admin@example.ma", true)
		tok, _ := r.session(t, admin)
		err := r.svc.SetDisabled(context.Background(), admin.ID, admin.ID, true)
		if !errors.Is(err, apperr.ErrForbidden) {
			t.Fatalf("err = %v, want ErrForbidden", err)
		}
		if r.reload(t, admin).Disabled || !r.alive(tok) {
			t.Error("the administrator disabled themself or lost their session")
		}
	})
}

func TestDisablingAnUnknownAccountIsNotFound(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(db)
		admin := r.create(t, "admin@example.ma", true)
		if err := r.svc.SetDisabled(context.Background(), admin.ID, 4242, true); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})
}

func TestSetLanguageStoresASupportedLanguageOnly(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(db)
		u := r.create(t, "salma@example.ma", false)
		ctx := context.Background()
		for _, lang := range []string{"ar", "en", "fr"} {
			if err := r.svc.SetLanguage(ctx, u.ID, lang); err != nil {
				t.Fatalf("SetLanguage(%s): %v", lang, err)
			}
			if got := r.reload(t, u).PreferredLanguage; got != lang {
				t.Fatalf("stored %q, want %q", got, lang)
			}
		}
		for _, bad := range []string{"", "de", "AR", "ar-MA", "fr'; --"} {
			err := r.svc.SetLanguage(ctx, u.ID, bad)
			if f := fields(t, err); f["lang"].Key != "error.language_unknown" {
				t.Errorf("SetLanguage(%q): fields %v, want lang: error.language_unknown", bad, f)
			}
		}
		if got := r.reload(t, u).PreferredLanguage; got != "fr" {
			t.Errorf("a refused language changed the stored one to %q", got)
		}
	})
}

func TestListPutsAdministratorsFirstThenSortsByEmail(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := newRig(db)
		ctx := context.Background()
		for _, e := range []string{"zineb@example.ma", "amine@example.ma"} {
			r.create(t, e, false)
		}
		r.create(t, "zz-admin@example.ma", true)
		off := r.create(t, "b-admin@example.ma", true)
		list, err := r.svc.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, u := range list {
			got = append(got, u.Email)
		}
		want := "[b-admin@example.ma zz-admin@example.ma amine@example.ma zineb@example.ma]"
		if fmt.Sprint(got) != want {
			t.Errorf("List = %v, want %s", got, want)
		}
		if err := db.Ent.User.Update().Where(user.ID(off.ID)).SetDisabled(true).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if n, err := r.svc.CountAdmins(ctx); err != nil || n != 1 {
			t.Errorf("CountAdmins = %d, %v; want 1 (disabled administrators do not count)", n, err)
		}
	})
}

func TestValidEmailAcceptsOnlyPlainAddresses(t *testing.T) {
	cases := map[string]bool{
		"salma@example.ma":                 true,
		"salma.idrissi+omsn@ex.co.ma":      true,
		"":                                 false,
		"salma":                            false,
		"salma@":                           false,
		"@example.ma":                      false,
		"salma@localhost":                  false,
		"Salma <salma@example.ma>":         false,
		"salma@example.ma, x@y.ma":         false,
		"salma @example.ma":                false,
		strings.Repeat("a", 250) + "@x.ma": false,
	}
	for in, want := range cases {
		if got := accounts.ValidEmail(in); got != want {
			t.Errorf("ValidEmail(%q) = %v, want %v", in, got, want)
		}
	}
}
