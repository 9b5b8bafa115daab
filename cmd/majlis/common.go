package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/omsn/majlis/internal/app"
	"github.com/omsn/majlis/internal/config"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/members"
)

// setup loads the configuration, opens the database and applies pending
// migrations; every command that touches data starts here. Failures are
// printed naming their cause and end the program with status 1.
func setup(ctx context.Context, args []string) (*config.Config, *slog.Logger, *database.DB, bool) {
	cfg, err := config.Load(os.Getenv, args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "majlis: configuration: %v\n", err)
		return nil, nil, nil, false
	}
	log := app.NewLogger(cfg, os.Stderr)
	db, err := database.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		fmt.Fprintf(os.Stderr, "majlis: database %s: %v\n", database.Redacted(cfg.DatabaseURL), err)
		return nil, nil, nil, false
	}
	if _, err := db.Migrate(ctx, log); err != nil {
		fmt.Fprintf(os.Stderr, "majlis: %v\n", err)
		_ = db.Close()
		return nil, nil, nil, false
	}
	// The roster's sort keys are computed in Go (CLDR collation), so the
	// migration that added them leaves them to be filled here.
	if n, err := members.FillSortKeys(ctx, db.Ent); err != nil {
		fmt.Fprintf(os.Stderr, "majlis: members' sort keys: %v\n", err)
		_ = db.Close()
		return nil, nil, nil, false
	} else if n > 0 {
		log.Info("members' sort keys filled", "members", n)
	}
	return cfg, log, db, true
}
