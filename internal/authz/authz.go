// Package authz decides whether a set of roles may use a permission, from
// the Casbin model and policy embedded in package policies, and computes a
// user's roles from the database.
package authz

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	stringadapter "github.com/casbin/casbin/v2/persist/string-adapter"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/board/mandaterule"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/members/statusset"
	"github.com/omsn/majlis/policies"
)

// Role is a role of the association's life.
type Role string

// The roles. A request's roles are computed, never stored.
const (
	Visitor          Role = "visitor"
	Applicant        Role = "applicant"
	Member           Role = "member"
	Board            Role = "board"
	SecretaryGeneral Role = "secretary_general"
	Treasurer        Role = "treasurer"
	VicePresident    Role = "vice_president"
	President        Role = "president"
	Admin            Role = "admin"
)

// AllRoles lists every role, for tests and documentation.
var AllRoles = []Role{Visitor, Applicant, Member, Board, SecretaryGeneral, Treasurer, VicePresident, President, Admin}

// Permission is "resource:action", for example "roster:read".
type Permission string

// Split returns the resource and the action.
func (p Permission) Split() (resource, action string) {
	resource, action, _ = strings.Cut(string(p), ":")
	return resource, action
}

// Enforcer answers permission questions. It is safe for concurrent use.
type Enforcer struct{ e *casbin.SyncedEnforcer }

// NewEnforcer loads the embedded model and policy.
func NewEnforcer() (*Enforcer, error) {
	m, err := model.NewModelFromString(policies.Model)
	if err != nil {
		return nil, fmt.Errorf("casbin model: %w", err)
	}
	e, err := casbin.NewSyncedEnforcer(m, stringadapter.NewAdapter(stripComments(policies.Policy)))
	if err != nil {
		return nil, fmt.Errorf("casbin policy: %w", err)
	}
	return &Enforcer{e: e}, nil
}

// Allowed reports whether any of the roles grants the permission.
func (en *Enforcer) Allowed(roles []Role, p Permission) bool {
	res, act := p.Split()
	for _, r := range roles {
		ok, err := en.e.Enforce(string(r), res, act)
		if err == nil && ok {
			return true
		}
	}
	return false
}

// Permissions lists every permission the policy grants to anyone.
func (en *Enforcer) Permissions() ([]Permission, error) {
	rules, err := en.e.GetPolicy()
	if err != nil {
		return nil, err
	}
	seen := map[Permission]bool{}
	var out []Permission
	for _, r := range rules {
		p := Permission(r[1] + ":" + r[2])
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out, nil
}

// stripComments drops comment and blank lines, which the string adapter
// would otherwise read as rules.
func stripComments(csv string) string {
	var b strings.Builder
	for _, line := range strings.Split(csv, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		b.WriteString(t)
		b.WriteByte('\n')
	}
	return b.String()
}

// Resolver computes a user's roles from what the database says now: the
// administrator flag, the membership status, and the board mandates running
// today. Nothing is cached or stored, so a mandate that ends at midnight
// stops conferring its roles at midnight, on every instance.
type Resolver struct {
	db *ent.Client
	// Now is the clock, in UTC.
	Now func() time.Time
}

// NewResolver returns a role resolver on the database.
func NewResolver(db *ent.Client) *Resolver {
	return &Resolver{db: db, Now: func() time.Time { return time.Now().UTC() }}
}

// officeRoles maps a mandate's office to the roles it confers (beyond
// board, which every office confers).
var officeRoles = map[mandate.Office]Role{
	mandate.OfficePresident:        President,
	mandate.OfficeVicePresident:    VicePresident,
	mandate.OfficeSecretaryGeneral: SecretaryGeneral,
	mandate.OfficeTreasurer:        Treasurer,
}

// RolesFor returns the roles of a user; a nil user (not signed in) is a
// visitor.
func (r *Resolver) RolesFor(ctx context.Context, u *ent.User) ([]Role, error) {
	roles := []Role{Visitor}
	if u == nil {
		return roles, nil
	}
	if u.IsAdmin {
		roles = append(roles, Admin)
	}
	now := r.Now()
	m, err := database.Client(ctx, r.db).Member.Query().Where(member.UserID(u.ID)).
		WithMandates(func(q *ent.MandateQuery) { q.Where(mandaterule.RunningOn(now)) }).Only(ctx)
	if ent.IsNotFound(err) {
		return roles, nil
	}
	if err != nil {
		return nil, err
	}
	switch {
	case m.Status == member.StatusApplicant:
		return append(roles, Applicant), nil
	case statusset.WithRights.Has(m.Status):
		roles = append(roles, Member)
	default:
		// Suspended and former members keep only what a visitor has.
		return roles, nil
	}
	if len(m.Edges.Mandates) > 0 {
		roles = append(roles, Board)
	}
	for _, md := range m.Edges.Mandates {
		if role, ok := officeRoles[md.Office]; ok && !Has(roles, role) {
			roles = append(roles, role)
		}
	}
	return roles, nil
}

// Has reports whether roles contains r.
func Has(roles []Role, r Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

// Permissions the services check themselves, on the row a change concerns:
// the route's permission lets a board member ask, the service decides
// whether this member's case is reserved to an office.
const (
	// ManageMandates is needed to change the email of a member who has an
	// account or holds a mandate, and to invite a member who holds one.
	ManageMandates Permission = "mandate:manage"
	// DecideStatus is needed for a change of status that takes rights away
	// or lifts a suspension.
	DecideStatus Permission = "member:decide_status"
)

// Authority answers whether an account holds a permission now, with its
// roles computed as a request's would be. Services use it for the rules
// that depend on the row, so that the check does not rest on the route
// alone.
type Authority struct {
	roles    *Resolver
	enforcer *Enforcer
}

// NewAuthority returns an authority on a resolver and an enforcer.
func NewAuthority(r *Resolver, e *Enforcer) *Authority { return &Authority{roles: r, enforcer: e} }

// UserMay reports whether the account holds the permission today. An
// unknown or disabled account holds none.
func (a *Authority) UserMay(ctx context.Context, userID int, p Permission) (bool, error) {
	u, err := database.Client(ctx, a.roles.db).User.Get(ctx, userID)
	if ent.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if u.Disabled {
		return false, nil
	}
	roles, err := a.roles.RolesFor(ctx, u)
	if err != nil {
		return false, err
	}
	return a.enforcer.Allowed(roles, p), nil
}
