package web

// assemblyRoutes is the table of the general assemblies' routes, in the
// order of an assembly's life: convening it, the meeting (proxies,
// attendance, quorum, the floor), its votes, its minutes. Each part's
// routes sit beside its handlers.
func (s *Server) assemblyRoutes() []route {
	var rs []route
	rs = append(rs, s.conveneRoutes()...)
	rs = append(rs, s.meetingRoutes()...)
	rs = append(rs, s.voteRoutes()...)
	rs = append(rs, s.minutesRoutes()...)
	rs = append(rs, s.liveRoutes()...)
	return rs
}
