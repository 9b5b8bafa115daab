package mail

// MemberOfToken exposes the token check to the tests.
var MemberOfToken = memberOfToken
