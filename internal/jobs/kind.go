package jobs

import "strings"

// KindKey is the translation key naming a kind of job for people
// ("job_kind.mail_send" for "mail.send", "job_kind.daily_dues_lapse" for
// the daily step "dues_lapse"): the kind itself is a code. Every kind a
// worker handles has its key in every language (a test in internal/app
// checks it); a page shows OtherKindKey for a kind it has no words for.
func KindKey(kind string) string {
	return "job_kind." + strings.NewReplacer(".", "_", ":", "_", "-", "_").Replace(kind)
}

// OtherKindKey names a kind of job that has no words of its own, such as
// one left in the queue by an older version.
const OtherKindKey = "job_kind.other"
