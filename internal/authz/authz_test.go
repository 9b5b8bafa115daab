package authz

import (
	"sort"
	"testing"
)

// allowed is the reviewed specification of who may do what: for each
// permission, every role that holds it (directly or by inheritance). The
// test checks each role against each permission, so a policy change that
// widens or narrows access must be made here too, on purpose.
var allowed = map[Permission][]Role{
	"association:read":   {Visitor, Applicant, Member, Board, SecretaryGeneral, Treasurer, VicePresident, President, Admin},
	"board:read":         {Visitor, Applicant, Member, Board, SecretaryGeneral, Treasurer, VicePresident, President, Admin},
	"application:submit": {Visitor, Applicant, Member, Board, SecretaryGeneral, Treasurer, VicePresident, President, Admin},

	"application:read_own": {Applicant},
	"application:answer":   {Applicant},

	"profile:read":     {Member, Board, SecretaryGeneral, Treasurer, VicePresident, President},
	"profile:update":   {Member, Board, SecretaryGeneral, Treasurer, VicePresident, President},
	"directory:read":   {Member, Board, SecretaryGeneral, Treasurer, VicePresident, President},
	"dues:pay":         {Member, Board, SecretaryGeneral, Treasurer, VicePresident, President},
	"receipt:read_own": {Member, Board, SecretaryGeneral, Treasurer, VicePresident, President},
	"assembly:read":    {Member, Board, SecretaryGeneral, Treasurer, VicePresident, President},
	"assembly:attend":  {Member, Board, SecretaryGeneral, Treasurer, VicePresident, President},
	"proxy:give":       {Member, Board, SecretaryGeneral, Treasurer, VicePresident, President},
	"vote:cast":        {Member, Board, SecretaryGeneral, Treasurer, VicePresident, President},

	"roster:read":          {Board, SecretaryGeneral, Treasurer, VicePresident, President},
	"roster:update":        {Board, SecretaryGeneral, Treasurer, VicePresident, President},
	"roster:export":        {Board, SecretaryGeneral, Treasurer, VicePresident, President},
	"application:review":   {Board, SecretaryGeneral, Treasurer, VicePresident, President},
	"leave_request:review": {Board, SecretaryGeneral, Treasurer, VicePresident, President},
	"assembly:convene":     {Board, SecretaryGeneral, Treasurer, VicePresident, President},
	"attendance:record":    {Board, SecretaryGeneral, Treasurer, VicePresident, President},
	"vote:run":             {Board, SecretaryGeneral, Treasurer, VicePresident, President},
	"minutes:write":        {Board, SecretaryGeneral, Treasurer, VicePresident, President},
	"mail:read":            {Board, SecretaryGeneral, Treasurer, VicePresident, President, Admin},
	"statutes:read":        {Board, SecretaryGeneral, Treasurer, VicePresident, President, Admin},

	"application:decide": {SecretaryGeneral, President, Admin},
	"minutes:publish":    {SecretaryGeneral, President},
	"minutes:sign":       {President, VicePresident},
	"statutes:propose":   {SecretaryGeneral, President},
	"mandate:manage":     {SecretaryGeneral, President, Admin},
	// Suspending, excluding, marking resigned or deceased, and lifting a
	// suspension: decisions of the board (members.NeedsBoardDecision).
	"member:decide_status": {SecretaryGeneral, President, Admin},

	"dues:record":    {Treasurer},
	"dues:configure": {Treasurer},
	"receipt:issue":  {Treasurer},
	"payment:read":   {Treasurer},
	"payment:export": {Treasurer},

	"admin:access":       {Admin},
	"association:update": {Admin},
	"users:manage":       {Admin},
	"jobs:manage":        {Admin},
	"statutes:adopt":     {Admin},
}

func TestEachRoleHoldsExactlyTheSpecifiedPermissions(t *testing.T) {
	e, err := NewEnforcer()
	if err != nil {
		t.Fatal(err)
	}
	for perm, holders := range allowed {
		want := map[Role]bool{}
		for _, r := range holders {
			want[r] = true
		}
		for _, r := range AllRoles {
			if got := e.Allowed([]Role{r}, perm); got != want[r] {
				t.Errorf("%-18s %-22s allowed=%v, want %v", r, perm, got, want[r])
			}
		}
	}
}

func TestThePolicyGrantsNothingBeyondTheSpecification(t *testing.T) {
	e, err := NewEnforcer()
	if err != nil {
		t.Fatal(err)
	}
	perms, err := e.Permissions()
	if err != nil {
		t.Fatal(err)
	}
	var extra []string
	for _, p := range perms {
		if _, ok := allowed[p]; !ok {
			extra = append(extra, string(p))
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		t.Errorf("policy grants permissions the specification does not list: %v", extra)
	}
}

func TestAnyOfSeveralRolesSuffices(t *testing.T) {
	e, err := NewEnforcer()
	if err != nil {
		t.Fatal(err)
	}
	if !e.Allowed([]Role{Visitor, Admin}, "users:manage") {
		t.Error("visitor+admin must manage users")
	}
	if e.Allowed([]Role{Visitor, Member}, "users:manage") {
		t.Error("visitor+member must not manage users")
	}
	if e.Allowed(nil, "association:read") {
		t.Error("no roles must grant nothing")
	}
	if e.Allowed([]Role{"stranger"}, "association:read") {
		t.Error("an unknown role must grant nothing")
	}
}

func TestMalformedPermissionsAreRefused(t *testing.T) {
	e, err := NewEnforcer()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []Permission{"", "roster", ":read", "roster:", "users:manage:extra"} {
		if e.Allowed(AllRoles, p) {
			t.Errorf("%q must not be allowed", p)
		}
	}
}
