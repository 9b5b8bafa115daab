package members

// Status is a member's standing in the association.
type Status string

// The statuses, from the statutes' lifecycle:
// applicant → active ↔ lapsed → suspended → resigned | excluded | deceased.
const (
	Applicant Status = "applicant"
	Active    Status = "active"
	Lapsed    Status = "lapsed"
	Suspended Status = "suspended"
	Resigned  Status = "resigned"
	Excluded  Status = "excluded"
	Deceased  Status = "deceased"
)

// transitions lists, for each status, the statuses a board decision (or
// the dues job, for lapsed) may move a member to. Leaving applicant happens
// only through Approve, never through ChangeStatus.
var transitions = map[Status][]Status{
	Active:    {Lapsed, Suspended, Resigned, Excluded, Deceased},
	Lapsed:    {Active, Suspended, Resigned, Excluded, Deceased},
	Suspended: {Active, Resigned, Excluded, Deceased},
}

// CanChange reports whether a member may go from one status to another.
func CanChange(from, to Status) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Final reports whether a status ends membership for good.
func Final(s Status) bool { return s == Resigned || s == Excluded || s == Deceased }
