package web

// The minutes: drafting, approval, publication, addenda.

// minutesRoutes lists this part's routes (see assemblyRoutes).
func (s *Server) minutesRoutes() []route {
	return nil
}
