// Command majlis runs Majlis, the association-governance application.
//
//	majlis [serve] [--demo]      start the web server (migrates first)
//	majlis migrate               apply pending database migrations
//	majlis seed --demo           create the demo association if none exists
//	majlis admin create --email E [--name N] [--password-stdin]
//	majlis tally --method M [--seats N] [--seed S] [--json] FILE   recount an election
//	majlis stripe-confirm         development: complete the last payment page as Stripe would
//	majlis version
//
// Settings come from MAJLIS_* environment variables (see README.md); flags
// override them.
package main

import (
	"fmt"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(args)
	case "migrate":
		return migrate(args)
	case "seed":
		return seed(args)
	case "admin":
		return admin(args)
	case "version":
		return version()
	case "tally":
		return tally(args)
	case "stripe-confirm":
		return stripeConfirm(args)
	case "help", "-h", "--help":
		usage()
		return 0
	default:
		fmt.Fprintf(os.Stderr, "majlis: unknown command %q\n\n", cmd)
		usage()
		return 2
	}
}

func usage() {
	fmt.Fprint(os.Stderr, `Usage:
  majlis [serve] [--demo] [--addr host:port] [--database-url URL] [--base-url URL]
  majlis migrate
  majlis seed --demo
  majlis admin create --email EMAIL [--name NAME] [--password-stdin]
  majlis tally --method plurality|approval|two-round|irv|stv|schulze|list [--seats N] [--seed S] [--json] FILE
  majlis stripe-confirm        (development, test keys: complete the last payment page as Stripe would)
  majlis version

Environment: MAJLIS_DATABASE_URL (default sqlite://data/majlis.db), MAJLIS_ADDR (default :8080),
MAJLIS_BASE_URL, MAJLIS_LOG_LEVEL, MAJLIS_LOG_FORMAT, MAJLIS_SESSION_IDLE, MAJLIS_SESSION_MAX,
MAJLIS_TRUSTED_PROXIES, MAJLIS_DEMO. See README.md.
`)
}
