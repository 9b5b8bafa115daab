package web

// Live updates of an assembly's pages, by server-sent events.

// liveRoutes lists this part's routes (see assemblyRoutes).
func (s *Server) liveRoutes() []route {
	return nil
}
