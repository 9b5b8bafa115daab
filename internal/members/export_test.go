package members

// SetSearchCandidates changes how many members a roster search collects
// before it falls back to counting and paging without them, and returns a
// function that restores the previous value.
func SetSearchCandidates(n int) (restore func()) {
	old := searchCandidates
	searchCandidates = n
	return func() { searchCandidates = old }
}
