package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"golang.org/x/term"

	"github.com/omsn/majlis/internal/accounts"
	"github.com/omsn/majlis/internal/app"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/demo"
)

func migrate(args []string) int {
	ctx := context.Background()
	_, log, db, ok := setup(ctx, args)
	if !ok {
		return 1
	}
	defer db.Close()
	log.Info("database is up to date")
	return 0
}

func seed(args []string) int {
	if len(args) == 0 || args[0] != "--demo" {
		fmt.Fprintln(os.Stderr, "usage: majlis seed --demo")
		return 2
	}
	ctx := context.Background()
	cfg, log, db, ok := setup(ctx, args[1:])
	if !ok {
		return 1
	}
	defer db.Close()
	svc, err := app.NewServices(ctx, cfg, log, db, app.Options{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "majlis: %v\n", err)
		return 1
	}
	seeded, err := demo.Seed(ctx, db.Ent, svc.Hasher)
	if err != nil {
		fmt.Fprintf(os.Stderr, "majlis: demo seed: %v\n", err)
		return 1
	}
	if seeded {
		log.Info("demo association created", "email", demo.AdminEmail, "password", demo.AdminPassword)
	} else {
		log.Info("an association already exists; nothing seeded")
	}
	return 0
}

// admin create makes an administrator account: the first one after
// installing, or another later.
func admin(args []string) int {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(os.Stderr, "usage: majlis admin create --email EMAIL [--name NAME] [--password-stdin]")
		return 2
	}
	fs := flag.NewFlagSet("admin create", flag.ContinueOnError)
	email := fs.String("email", "", "email address of the administrator (required)")
	name := fs.String("name", "", "display name")
	lang := fs.String("language", "fr", "preferred language: fr, ar or en")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if *email == "" {
		fmt.Fprintln(os.Stderr, "majlis admin create: --email is required")
		return 2
	}
	password, err := readPassword(*fromStdin)
	if err != nil {
		fmt.Fprintf(os.Stderr, "majlis admin create: %v\n", err)
		return 1
	}
	ctx := context.Background()
	cfg, log, db, ok := setup(ctx, fs.Args())
	if !ok {
		return 1
	}
	defer db.Close()
	svc, err := app.NewServices(ctx, cfg, log, db, app.Options{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "majlis: %v\n", err)
		return 1
	}
	u, err := svc.Accounts.Create(ctx, accounts.NewAccount{
		Email: *email, DisplayName: *name, Password: password, Language: *lang, Admin: true,
	})
	if v, isInvalid := apperr.AsValidation(err); isInvalid {
		for field, m := range v.Fields {
			fmt.Fprintf(os.Stderr, "majlis admin create: %s: %s\n", field, describe(m))
		}
		return 1
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "majlis admin create: %v\n", err)
		return 1
	}
	log.Info("administrator created", "email", u.Email, "id", u.ID)
	return 0
}

// describe renders a validation message for the terminal, in English.
func describe(m apperr.Message) string {
	switch m.Key {
	case "error.email_invalid":
		return "not a valid email address"
	case "error.email_taken":
		return "an account already uses this email address"
	case "error.password_too_short":
		return fmt.Sprintf("the password must be at least %v characters long", m.Data["Min"])
	case "error.password_too_long":
		return fmt.Sprintf("the password cannot be longer than %v characters", m.Data["Max"])
	case "error.language_unknown":
		return "language must be fr, ar or en"
	}
	return m.Key
}

// readPassword reads the password from stdin (--password-stdin, or when
// stdin is not a terminal) or asks for it twice at the terminal.
func readPassword(fromStdin bool) (string, error) {
	fd := int(os.Stdin.Fd())
	if fromStdin || !term.IsTerminal(fd) {
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			return "", errors.New("no password on standard input")
		}
		return line, nil
	}
	fmt.Fprint(os.Stderr, "Password: ")
	p1, err := term.ReadPassword(fd)
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return "", err
	}
	fmt.Fprint(os.Stderr, "Password again: ")
	p2, err := term.ReadPassword(fd)
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return "", err
	}
	if string(p1) != string(p2) {
		return "", errors.New("the two passwords differ")
	}
	return string(p1), nil
}

func version() int {
	fmt.Printf("majlis %s (%s, %s/%s)\n", app.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return 0
}
