package web

// Convening an assembly: its agenda, documents, convocations and roll.

// conveneRoutes lists this part's routes (see assemblyRoutes).
func (s *Server) conveneRoutes() []route {
	return nil
}
