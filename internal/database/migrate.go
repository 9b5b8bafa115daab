package database

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"strconv"
	"strings"

	"github.com/pressly/goose/v3"
)

// Migrations holds one directory of versioned SQL files per dialect,
// generated from the Ent schema by `make migration`.
//
//go:embed migrations
var Migrations embed.FS

// MigrationsFS returns the migration files of one dialect.
func MigrationsFS(d Dialect) (fs.FS, error) {
	return fs.Sub(Migrations, "migrations/"+MigrationsDirName(d))
}

// MigrationsDirName is the directory under migrations/ for a dialect.
func MigrationsDirName(d Dialect) string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// PostgresExtensions are the extensions the PostgreSQL schema needs (the
// roster search's trigram index). Atlas, which writes the migrations, does
// not manage extensions, so Migrate installs them first; pg_trgm is a
// trusted extension, which the database's owner may install.
var PostgresExtensions = []string{"pg_trgm"}

// Migrate applies every pending migration and returns how many ran.
func (d *DB) Migrate(ctx context.Context, log *slog.Logger) (int, error) {
	if d.Target.Dialect == Postgres {
		for _, ext := range PostgresExtensions {
			if _, err := d.SQL.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS "+ext); err != nil {
				return 0, fmt.Errorf("install the PostgreSQL extension %s (the database's owner may; PostgreSQL 13 or later): %w", ext, err)
			}
		}
	}
	p, err := d.migrationProvider()
	if err != nil {
		return 0, err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return len(results), fmt.Errorf("migrations: %w", err)
	}
	for _, r := range results {
		log.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
	}
	return len(results), nil
}

// PendingMigrations reports how many migrations have not been applied.
func (d *DB) PendingMigrations(ctx context.Context) (int, error) {
	p, err := d.migrationProvider()
	if err != nil {
		return 0, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range st {
		if s.State == goose.StatePending {
			n++
		}
	}
	return n, nil
}

// LatestMigration returns the version of the newest migration embedded for
// the dialect (the number that starts its file name).
func LatestMigration(d Dialect) (int64, error) {
	fsys, err := MigrationsFS(d)
	if err != nil {
		return 0, err
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return 0, err
	}
	var latest int64
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		if !ok || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		v, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("migration %s: %w", e.Name(), err)
		}
		latest = max(latest, v)
	}
	return latest, nil
}

// CheckSchema returns an error unless the database's schema is at least at
// the newest embedded migration. It only reads (unlike goose's status, which
// creates its version table), so a readiness probe may call it.
func (d *DB) CheckSchema(ctx context.Context) error {
	want, err := LatestMigration(d.Target.Dialect)
	if err != nil {
		return err
	}
	var have sql.NullInt64
	if err := d.SQL.QueryRowContext(ctx, "SELECT MAX(version_id) FROM "+goose.DefaultTablename+" WHERE is_applied").Scan(&have); err != nil {
		return fmt.Errorf("read the schema version (never migrated?): %w", err)
	}
	if !have.Valid || have.Int64 < want {
		return fmt.Errorf("schema at migration %d, this build needs %d: run majlis migrate", have.Int64, want)
	}
	return nil
}

func (d *DB) migrationProvider() (*goose.Provider, error) {
	fsys, err := MigrationsFS(d.Target.Dialect)
	if err != nil {
		return nil, err
	}
	gd := goose.DialectSQLite3
	if d.Target.Dialect == Postgres {
		gd = goose.DialectPostgres
	}
	p, err := goose.NewProvider(gd, d.SQL, fsys)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}
