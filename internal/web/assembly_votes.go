package web

// The votes on resolutions: opening, casting in three modes, closing, results.

// voteRoutes lists this part's routes (see assemblyRoutes).
func (s *Server) voteRoutes() []route {
	return nil
}
