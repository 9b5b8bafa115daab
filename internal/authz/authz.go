// Package authz decides whether a set of roles may use a permission, from
// the Casbin model and policy embedded in package policies, and computes a
// user's roles from the database.
package authz

import (
	"context"
	"fmt"
	"strings"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	stringadapter "github.com/casbin/casbin/v2/persist/string-adapter"

	"github.com/omsn/majlis/ent"
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

// RolesFor computes a user's roles from what the database says now. A nil
// user (not signed in) is a visitor. Membership status and board mandates
// will add roles here as those parts of the data arrive.
func RolesFor(_ context.Context, u *ent.User) []Role {
	roles := []Role{Visitor}
	if u == nil {
		return roles
	}
	if u.IsAdmin {
		roles = append(roles, Admin)
	}
	return roles
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
