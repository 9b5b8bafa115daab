package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent/accounttoken"
	"github.com/omsn/majlis/internal/authz"
)

// access says who may call a route: anyone, any signed-in account, or the
// holders of a permission (decided by the Casbin policy in policies/).
type access struct {
	kind accessKind
	perm authz.Permission
}

type accessKind int

const (
	accessUndeclared accessKind = iota
	accessPublic
	accessSignedIn
	accessPermission
)

var (
	// public routes are open to everyone, signed in or not.
	public = access{kind: accessPublic}
	// signedIn routes serve the caller's own account, whatever their roles.
	signedIn = access{kind: accessSignedIn}
)

// can requires a permission, e.g. can("roster:read").
func can(p authz.Permission) access { return access{kind: accessPermission, perm: p} }

// String describes the access for logs and the route listing.
func (a access) String() string {
	switch a.kind {
	case accessPublic:
		return "public"
	case accessSignedIn:
		return "signed-in"
	case accessPermission:
		return string(a.perm)
	}
	return "UNDECLARED"
}

// route is one line of the route table.
type route struct {
	Method  string
	Path    string
	Access  access
	Handler fiber.Handler
}

// routes is the one table of every route and who may call it. Every route
// of the application is registered from here (a test checks it).
func (s *Server) routes() []route {
	return append(s.baseRoutes(), s.assemblyRoutes()...)
}

// baseRoutes is the table of everything but the general assemblies, whose
// routes live beside their handlers (assembly_routes.go).
func (s *Server) baseRoutes() []route {
	return []route{
		// Operations and assets.
		{fiber.MethodGet, "/healthz", public, s.healthz},
		{fiber.MethodGet, "/readyz", public, s.readyz},
		{fiber.MethodGet, "/static/*", public, s.staticAsset},

		// The public site.
		{fiber.MethodGet, "/", public, s.showHome},
		{fiber.MethodPost, "/language", public, s.switchLanguage},
		{fiber.MethodGet, "/statutes", can("association:read"), s.showStatutes},
		{fiber.MethodGet, "/board", can("board:read"), s.showBoard},

		// Joining the association.
		{fiber.MethodGet, "/apply", can("application:submit"), s.showApplication},
		{fiber.MethodPost, "/apply", can("application:submit"), s.submitApplication},
		{fiber.MethodGet, "/apply/sent", public, s.showApplicationSent},
		{fiber.MethodGet, "/apply/confirm/:token", public, s.showConfirmApplication},
		{fiber.MethodPost, "/apply/confirm/:token", public, s.confirmApplication},
		{fiber.MethodGet, "/membership", signedIn, s.showMembership},
		{fiber.MethodGet, "/membership/data.json", signedIn, s.downloadOwnData},
		{fiber.MethodGet, "/membership/profile", can("profile:update"), s.showProfile},
		{fiber.MethodPost, "/membership/profile", can("profile:update"), s.saveProfile},
		{fiber.MethodPost, "/membership/leave", can("profile:update"), s.requestToLeave},
		{fiber.MethodPost, "/membership/leave/withdraw", can("profile:update"), s.withdrawLeaveRequest},
		{fiber.MethodPost, "/membership/application/answer", can("application:answer"), s.answerBoardQuestion},
		{fiber.MethodGet, "/directory", can("directory:read"), s.showDirectory},

		// Dues: the member's side, the provider's webhook, the treasurer's side.
		{fiber.MethodGet, "/membership/dues", can("dues:pay"), s.showMemberDues},
		{fiber.MethodPost, "/membership/dues/:id/pay", can("dues:pay"), s.payDues},
		{fiber.MethodGet, "/membership/receipts/:number", can("receipt:read_own"), s.downloadOwnReceipt},
		{fiber.MethodPost, "/webhooks/stripe", public, s.stripeWebhook},
		{fiber.MethodGet, "/treasurer", can("payment:read"), s.showTreasurer},
		{fiber.MethodGet, "/treasurer/arrears", can("payment:read"), s.showArrears},
		{fiber.MethodGet, "/treasurer/arrears.csv", can("payment:export"), s.exportArrears},
		{fiber.MethodGet, "/treasurer/arrears.xlsx", can("payment:export"), s.exportArrears},
		{fiber.MethodGet, "/treasurer/journal", can("payment:export"), s.showJournal},
		{fiber.MethodGet, "/treasurer/journal.csv", can("payment:export"), s.exportJournal},
		{fiber.MethodGet, "/treasurer/journal.xlsx", can("payment:export"), s.exportJournal},
		{fiber.MethodPost, "/treasurer/periods", can("dues:configure"), s.openPeriod},
		{fiber.MethodPost, "/treasurer/reminders", can("dues:configure"), s.saveReminderSteps},
		{fiber.MethodGet, "/treasurer/member", can("dues:record"), s.showMemberAccount},
		{fiber.MethodGet, "/treasurer/members.json", can("dues:record"), s.suggestMembers},
		{fiber.MethodPost, "/treasurer/payments", can("dues:record"), s.recordPayment},
		{fiber.MethodPost, "/treasurer/payments/:id/reverse", can("dues:record"), s.reversePayment},
		{fiber.MethodGet, "/treasurer/receipts/:number", can("receipt:issue"), s.downloadReceipt},

		// The board's review of applications.
		{fiber.MethodGet, "/board/applications", can("application:review"), s.listApplications},
		{fiber.MethodGet, "/board/applications/:id", can("application:review"), s.showApplicationForReview},
		{fiber.MethodPost, "/board/applications/:id/request-information", can("application:review"), s.requestInformation},
		{fiber.MethodPost, "/board/applications/:id/approve", can("application:decide"), s.approveApplication},
		{fiber.MethodPost, "/board/applications/:id/reject", can("application:decide"), s.rejectApplication},

		// Members' requests to leave: the board reads them; recording the
		// resignation is a decision of the board (the service checks it too).
		{fiber.MethodGet, "/board/leave-requests", can("leave_request:review"), s.listLeaveRequests},
		{fiber.MethodGet, "/board/leave-requests/:id", can("leave_request:review"), s.showLeaveRequest},
		{fiber.MethodPost, "/board/leave-requests/:id/accept", can("member:decide_status"), s.acceptLeaveRequest},

		// The roster.
		{fiber.MethodGet, "/board/members", can("roster:read"), s.showRoster},
		{fiber.MethodGet, "/board/members.csv", can("roster:export"), s.exportRoster},
		{fiber.MethodGet, "/board/members.xlsx", can("roster:export"), s.exportRoster},
		{fiber.MethodPost, "/board/members/bulk/category", can("roster:update"), s.changeCategoryInBulk},
		{fiber.MethodPost, "/board/members/bulk/export", can("roster:export"), s.exportSelection},
		{fiber.MethodGet, "/board/members/:id", can("roster:read"), s.showMember},
		{fiber.MethodPost, "/board/members/:id/status", can("roster:update"), s.changeMemberStatus},
		{fiber.MethodPost, "/board/members/:id/anonymise", can("roster:update"), s.anonymiseMember},
		{fiber.MethodPost, "/board/members/:id/invite", can("roster:update"), s.inviteMember},
		{fiber.MethodPost, "/board/members/:id/identity", can("roster:update"), s.updateMemberIdentity},
		{fiber.MethodGet, "/board/mail", can("mail:read"), s.showMailLog},
		{fiber.MethodGet, "/board/mail/:id", can("mail:read"), s.showMailMessage},
		{fiber.MethodGet, "/board/import", can("roster:update"), s.showImport},
		{fiber.MethodGet, "/board/import/sample.csv", can("roster:update"), s.downloadImportSample},
		{fiber.MethodPost, "/board/import", can("roster:update"), s.importRoster},
		{fiber.MethodGet, "/board/import/runs/:id", can("roster:update"), s.showImportRun},

		// Versions of the statutes.
		{fiber.MethodGet, "/board/statutes", can("statutes:read"), s.listStatutesVersions},
		{fiber.MethodGet, "/board/statutes/compare", can("statutes:read"), s.compareStatutes},
		{fiber.MethodGet, "/board/statutes/new", can("statutes:propose"), s.newStatutesDraft},
		{fiber.MethodPost, "/board/statutes", can("statutes:propose"), s.saveStatutesDraft},
		{fiber.MethodGet, "/board/statutes/:id", can("statutes:read"), s.showStatutesVersion},
		{fiber.MethodPost, "/board/statutes/:id", can("statutes:propose"), s.saveStatutesDraft},
		{fiber.MethodPost, "/board/statutes/:id/adopt", can("statutes:adopt"), s.adoptStatutes},

		// Offices of the board.
		{fiber.MethodGet, "/board/mandates", can("roster:read"), s.showMandates},
		{fiber.MethodPost, "/board/mandates", can("mandate:manage"), s.recordMandate},
		{fiber.MethodPost, "/board/mandates/:id/end", can("mandate:manage"), s.endMandate},
		{fiber.MethodPost, "/board/mandates/:id/ratification", can("mandate:manage"), s.decideRatification},
		{fiber.MethodGet, "/board/declaration", can("roster:read"), s.showDeclaration},
		// Recording the filing belongs with the mandates it declares.
		{fiber.MethodPost, "/board/declaration", can("mandate:manage"), s.recordFiling},

		// Signing in and out.
		{fiber.MethodGet, "/password/forgot", public, s.showForgotPassword},
		{fiber.MethodPost, "/password/forgot", public, s.requestPasswordReset},
		{fiber.MethodGet, "/password/reset/:token", public, s.showSetPassword(accounttoken.PurposePasswordReset)},
		{fiber.MethodPost, "/password/reset/:token", public, s.setPasswordWithLink(accounttoken.PurposePasswordReset)},
		{fiber.MethodGet, "/invitation/:token", public, s.showSetPassword(accounttoken.PurposeInvitation)},
		{fiber.MethodPost, "/invitation/:token", public, s.setPasswordWithLink(accounttoken.PurposeInvitation)},
		{fiber.MethodGet, "/unsubscribe/:token", public, s.showUnsubscribe},
		{fiber.MethodPost, "/unsubscribe/:token", public, s.unsubscribe},
		{fiber.MethodGet, "/sign-in", public, s.showSignIn},
		{fiber.MethodPost, "/sign-in", public, s.signIn},
		{fiber.MethodPost, "/sign-out", signedIn, s.signOut},

		// One's own account.
		{fiber.MethodGet, "/account", signedIn, s.showAccount},
		{fiber.MethodGet, "/account/password", signedIn, s.showChangePassword},
		{fiber.MethodPost, "/account/password", signedIn, s.changePassword},
		{fiber.MethodPost, "/account/sessions/sign-out-others", signedIn, s.signOutOtherSessions},
		{fiber.MethodPost, "/account/sessions/sign-out-everywhere", signedIn, s.signOutEverywhere},

		// Administration of the installation.
		{fiber.MethodGet, "/admin/association", can("association:update"), s.showAssociationForm},
		{fiber.MethodPost, "/admin/association", can("association:update"), s.saveAssociation},
		{fiber.MethodGet, "/admin/users", can("users:manage"), s.listUsers},
		{fiber.MethodPost, "/admin/users/:id/disable", can("users:manage"), s.disableUser},
		{fiber.MethodGet, "/admin/jobs", can("jobs:manage"), s.showJobs},
		{fiber.MethodPost, "/admin/jobs/:id/retry", can("jobs:manage"), s.retryJob},
		{fiber.MethodPost, "/admin/users/:id/enable", can("users:manage"), s.enableUser},
	}
}

// RouteInfo describes one line of the route table, for tests and docs.
type RouteInfo struct {
	Method string
	Path   string
	// Access is "public", "signed-in", a permission such as "roster:read",
	// or "UNDECLARED" (which the server treats as closed).
	Access string
}

// RouteTable lists the route table.
func (s *Server) RouteTable() []RouteInfo {
	rs := s.routes()
	out := make([]RouteInfo, len(rs))
	for i, r := range rs {
		out[i] = RouteInfo{Method: r.Method, Path: r.Path, Access: r.Access.String()}
	}
	return out
}

// Permission returns the permission a route requires, if any.
func (r RouteInfo) Permission() (authz.Permission, bool) {
	switch r.Access {
	case "public", "signed-in", "UNDECLARED":
		return "", false
	}
	return authz.Permission(r.Access), true
}
