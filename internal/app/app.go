// Package app assembles a running Majlis from its configuration: logger,
// database, migrations, services and the web server. The command line and
// the tests build the same thing through it.
package app

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/alexedwards/argon2id"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/kventry"
	"github.com/omsn/majlis/internal/accounts"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/assembly"
	"github.com/omsn/majlis/internal/association"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/authz"
	"github.com/omsn/majlis/internal/board"
	"github.com/omsn/majlis/internal/config"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/electorate"
	"github.com/omsn/majlis/internal/i18n"
	"github.com/omsn/majlis/internal/jobs"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/payments"
	"github.com/omsn/majlis/internal/reqctx"
	"github.com/omsn/majlis/internal/statutes"
	"github.com/omsn/majlis/internal/web"
	"github.com/omsn/majlis/internal/worklist"
)

// Version is set at build time (-ldflags "-X …/internal/app.Version=…").
var Version = "dev"

// NewLogger returns the structured logger the configuration asks for.
func NewLogger(c *config.Config, w io.Writer) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(strings.ToUpper(c.LogLevel)))
	opts := &slog.HandlerOptions{Level: lvl}
	// Lines logged with a request's context carry its request id.
	if c.LogFormat == "json" {
		return slog.New(reqctx.LogHandler(slog.NewJSONHandler(w, opts)))
	}
	return slog.New(reqctx.LogHandler(slog.NewTextHandler(w, opts)))
}

// Services are the use cases built on one database.
type Services struct {
	Hasher      *auth.Hasher
	Sessions    *auth.Sessions
	Throttle    *auth.Throttle
	Auth        *auth.Authenticator
	Accounts    *accounts.Service
	Association *association.Service
	Roles       *authz.Resolver
	Enforcer    *authz.Enforcer
	Statutes    *statutes.Service
	Members     *members.Service
	Imports     *members.ImportRuns
	Board       *board.Service
	Links       *accounts.Links
	Catalog     *i18n.Catalog
	Queue       *jobs.Queue
	Mailer      *mail.Mailer
	Dues        *dues.Service
	// Electorate decides who may vote, stand and count for quorum.
	Electorate *electorate.Service
	// Assemblies runs the general assemblies.
	Assemblies *assembly.Service
	// Worklist says what waits for each person on their home page.
	Worklist *worklist.Service
}

// Options tune the services; zero values mean production settings.
type Options struct {
	HashParams *argon2id.Params
	Throttle   *auth.ThrottlePolicy
}

// NewServices wires the services on a database.
func NewServices(ctx context.Context, c *config.Config, log *slog.Logger, store *database.DB, o Options) (*Services, error) {
	db := store.Ent
	params := o.HashParams
	if params == nil {
		params = auth.ProductionHashParams
	}
	policy := auth.DefaultThrottlePolicy
	if o.Throttle != nil {
		policy = *o.Throttle
	}
	h := auth.NewHasher(params)
	sess := auth.NewSessions(db, c.SessionIdle, c.SessionMax)
	thr := auth.NewThrottle(db, policy, sess.Now)
	st := statutes.NewService(db)
	catalog, err := i18n.Load(log)
	if err != nil {
		return nil, err
	}
	unsubscribeKey, err := SharedSecret(ctx, db, "unsubscribe")
	if err != nil {
		return nil, err
	}
	if thr.DeviceKey, err = SharedSecret(ctx, db, "sign-in-device"); err != nil {
		return nil, err
	}
	assoc := association.NewService(db)
	queue := jobs.NewQueue(db)
	mailer, err := mail.NewMailer(db, queue, catalog,
		mail.Settings{From: c.MailFrom, BaseURL: c.BaseURL, UnsubscribeKey: unsubscribeKey}, MailIdentity(assoc))
	if err != nil {
		return nil, err
	}
	svc := &Services{
		Statutes:    st,
		Members:     members.NewService(db, h, st),
		Board:       board.NewService(db, st),
		Hasher:      h,
		Sessions:    sess,
		Throttle:    thr,
		Auth:        auth.NewAuthenticator(db, h, sess, thr),
		Accounts:    accounts.NewService(db, h),
		Links:       accounts.NewLinks(db, h, mailer, c.BaseURL),
		Association: assoc,
		Roles:       authz.NewResolver(db),
		Catalog:     catalog,
		Queue:       queue,
		Mailer:      mailer,
	}
	svc.Accounts.Throttle, svc.Links.Throttle = thr, thr
	svc.Members.Mail = mailer
	svc.Imports = members.NewImportRuns(store, svc.Members, queue, log)
	svc.Board.Mail = mailer
	// The decisions that protect an office check the actor's permissions
	// and the member's mandates themselves, whatever route led to them.
	if svc.Enforcer, err = authz.NewEnforcer(); err != nil {
		return nil, err
	}
	authority := authz.NewAuthority(svc.Roles, svc.Enforcer)
	svc.Members.Powers, svc.Members.Offices = authority, svc.Board
	svc.Links.Powers, svc.Links.Offices = authority, svc.Board
	svc.Dues = dues.NewService(store, st)
	svc.Electorate = electorate.NewService(store.Ent, st, svc.Dues)
	svc.Assemblies = assembly.NewService(store, st, svc.Electorate)
	svc.Dues.Mail, svc.Dues.BaseURL, svc.Dues.Association = mailer, c.BaseURL, ReceiptIdentity(assoc)
	if c.StripeSecretKey != "" {
		if svc.Dues.Provider, err = payments.NewStripe(c.StripeSecretKey, c.StripeWebhookSecret, c.StripeAPIURL); err != nil {
			return nil, err
		}
	}
	// A member admitted while a dues period is open owes its dues from
	// the day of admission, charged in the approval's transaction.
	svc.Members.OnApproved = svc.Dues.ChargeMember
	svc.Members.OnImported = svc.Dues.ChargeMembers
	svc.Worklist = worklist.New(worklist.Standard(svc.Members, svc.Board, svc.Dues, svc.Queue)...)
	return svc, nil
}

// ReceiptIdentity presents the association on receipts. A receipt is
// evidence of who received the money: when the association cannot be read
// (a database error, or none set up yet) no receipt is made, rather than
// one naming another issuer.
func ReceiptIdentity(a *association.Service) func(context.Context) (dues.Party, error) {
	return func(ctx context.Context) (dues.Party, error) {
		as, err := a.Get(ctx)
		if err != nil {
			return dues.Party{}, fmt.Errorf("receipt issuer: %w", err)
		}
		return dues.Party{Name: as.NameFr, Address: as.SeatAddress, City: as.SeatCity, Email: as.Email,
			RegistrationNumber: as.RegistrationNumber}, nil
	}
}

// MailIdentity presents the association in messages, read afresh each time
// so that an administrator's change shows in the next message.
func MailIdentity(a *association.Service) func(context.Context) (mail.Identity, error) {
	return func(ctx context.Context) (mail.Identity, error) {
		as, err := a.Get(ctx)
		if errors.Is(err, apperr.ErrNotFound) {
			// Before the association is set up, messages still go out.
			return mail.Identity{Name: map[string]string{"fr": "Majlis"}}, nil
		}
		if err != nil {
			return mail.Identity{}, fmt.Errorf("mail identity: %w", err)
		}
		address := strings.TrimSpace(strings.Join([]string{as.SeatAddress, as.SeatCity}, ", "))
		return mail.Identity{
			Name:    map[string]string{"fr": as.NameFr, "ar": as.NameAr, "en": as.NameEn},
			Email:   as.Email,
			Address: strings.Trim(address, ", "),
			Website: as.Website,
		}, nil
	}
}

// NewWeb builds the web server on the services.
func NewWeb(ctx context.Context, c *config.Config, log *slog.Logger, db *database.DB, svc *Services) (*web.Server, error) {
	catalog := svc.Catalog
	enf := svc.Enforcer
	key, err := SharedSecret(ctx, db.Ent, "csrf")
	if err != nil {
		return nil, err
	}
	return web.New(web.Deps{
		Config: c, Log: log, DB: db, I18n: catalog, Enforcer: enf, Roles: svc.Roles,
		Auth: svc.Auth, Sessions: svc.Sessions, Accounts: svc.Accounts, Association: svc.Association,
		Members: svc.Members, Imports: svc.Imports, Statutes: svc.Statutes, Board: svc.Board,
		Links: svc.Links, Queue: svc.Queue, Mailer: svc.Mailer, Dues: svc.Dues, Worklist: svc.Worklist,
		Assemblies: svc.Assemblies,
		CSRFKey:    key, Version: Version,
	})
}

// SharedSecret returns a random 32-byte key stored in the database under a
// name, creating it on first use. Every instance sharing the database gets
// the same key, and none needs to be configured.
func SharedSecret(ctx context.Context, db *ent.Client, name string) ([]byte, error) {
	k := "secret:" + name
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	// Two instances starting together may race: the unique key lets one
	// insert win and both then read the same value.
	err := db.KVEntry.Create().SetKey(k).SetValue(fresh).OnConflictColumns(kventry.FieldKey).DoNothing().Exec(ctx)
	// On conflict nothing is inserted and the driver reports "no rows".
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store %s secret: %w", name, err)
	}
	e, err := db.KVEntry.Query().Where(kventry.Key(k)).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("read %s secret: %w", name, err)
	}
	return e.Value, nil
}
