package web

// The meeting: proxies, the attendance register, the quorum, the floor.

// meetingRoutes lists this part's routes (see assemblyRoutes).
func (s *Server) meetingRoutes() []route {
	return nil
}
