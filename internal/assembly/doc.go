// Package assembly runs general assemblies by the statutes: convening
// (agenda, documents, the notice period, convocations), the electoral roll
// frozen at the statutes' cut-off, proxies, the attendance register, the
// quorum, votes on resolutions in the three modes, and the minutes.
//
// An assembly is pinned to the statutes version in force when it is
// convened: every rule it applies comes from Assembly.Rules, read from that
// version, never from the version in force later. Its life is
//
//	draft → convened → open → closed
//	             ↘ cancelled   ↘ adjourned (quorum missed; a second convocation follows)
//
// and once closed nothing of it changes: corrections are addenda to the
// minutes. Every change goes through Service.change, which locks the
// assembly's row, refuses a closed or cancelled assembly, and runs in one
// transaction.
//
// Files by subject: assembly.go (loading, guards), roll.go (the electoral
// roll), presence.go (who is present, represented, and the quorum); the
// convening, proxies, attendance, votes and minutes each have their own.
package assembly
