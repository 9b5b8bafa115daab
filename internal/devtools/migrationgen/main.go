// Command migrationgen writes the next versioned migration for each dialect
// from the difference between the Ent schema and the migrations already in
// internal/database/migrations. With -check it writes nothing and fails if
// the schema and the migrations disagree (CI runs it). With -rehash it
// rewrites each directory's atlas.sum from the files present: after merging
// two branches that each added a migration, the files are both right and
// only the sum conflicts.
//
//	go run ./internal/devtools/migrationgen -name add_members
//	go run ./internal/devtools/migrationgen -check
//	go run ./internal/devtools/migrationgen -rehash
package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

	atlasmigrate "ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/sqltool"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"

	"github.com/omsn/majlis/ent/migrate"
	"github.com/omsn/majlis/internal/database"
)

func main() {
	name := flag.String("name", "", "name of the new migration (letters, digits, underscores)")
	check := flag.Bool("check", false, "fail if the schema needs a migration that is not there; write nothing")
	pgURL := flag.String("postgres", envOr("MAJLIS_DEV_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"),
		"PostgreSQL server where a scratch database is created to compute the diff")
	root := flag.String("dir", "internal/database/migrations", "migrations root (one sub-directory per dialect)")
	rehash := flag.Bool("rehash", false, "rewrite each dialect's atlas.sum from the migration files present")
	flag.Parse()
	if *rehash {
		for _, d := range []database.Dialect{database.SQLite, database.Postgres} {
			if err := rehashDir(filepath.Join(*root, database.MigrationsDirName(d))); err != nil {
				fatal(fmt.Sprintf("%s: %v", d, err))
			}
		}
		return
	}
	if !*check && *name == "" {
		fatal("-name is required (or -check)")
	}
	ctx := context.Background()
	stale := false
	for _, d := range []database.Dialect{database.SQLite, database.Postgres} {
		dir := filepath.Join(*root, database.MigrationsDirName(d))
		target := dir
		if *check {
			tmp, err := os.MkdirTemp("", "migrationgen-")
			if err != nil {
				fatal(err.Error())
			}
			defer os.RemoveAll(tmp)
			if err := os.CopyFS(tmp, os.DirFS(dir)); err != nil {
				fatal(err.Error())
			}
			target = tmp
		}
		before := countSQL(target)
		if err := diff(ctx, d, *pgURL, target, orDefault(*name, "drift")); err != nil {
			fatal(fmt.Sprintf("%s: %v", d, err))
		}
		after := countSQL(target)
		switch {
		case *check && after != before:
			fmt.Fprintf(os.Stderr, "%s: the Ent schema has changes with no migration; run: make migration name=...\n", d)
			stale = true
		case !*check && after != before:
			fmt.Printf("%s: new migration written in %s\n", d, dir)
		case !*check:
			fmt.Printf("%s: schema and migrations agree; nothing written\n", d)
		}
	}
	if stale {
		os.Exit(1)
	}
}

// diff replays the migration directory on an empty dev database and writes
// a new file with whatever the schema still needs.
func diff(ctx context.Context, d database.Dialect, pgURL, dir, name string) error {
	var (
		drv     dialect.Driver
		cleanup = func() {}
	)
	switch d {
	case database.SQLite:
		t, _ := database.ParseURL("sqlite::memory:migrationgen")
		db, err := sql.Open("sqlite3", t.DSN)
		if err != nil {
			return err
		}
		cleanup = func() { db.Close() }
		drv = entsql.OpenDB(dialect.SQLite, db)
	case database.Postgres:
		scratch, drop, err := scratchPostgres(ctx, pgURL)
		if err != nil {
			return err
		}
		cleanup = drop
		db, err := sql.Open("postgres", scratch)
		if err != nil {
			return err
		}
		defer db.Close()
		drv = entsql.OpenDB(dialect.Postgres, db)
	}
	defer cleanup()
	mdir, err := sqltool.NewGooseDir(dir)
	if err != nil {
		return err
	}
	if err := atlasmigrate.Validate(mdir); err != nil {
		return fmt.Errorf("%s: %w (was a migration file edited by hand?)", dir, err)
	}
	m, err := schema.NewMigrate(drv,
		schema.WithDir(mdir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(string(d)),
		schema.WithFormatter(sqltool.GooseFormatter),
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
	)
	if err != nil {
		return err
	}
	return m.NamedDiff(ctx, name, migrate.Tables...)
}

// rehashDir writes the directory's atlas.sum anew from its files.
func rehashDir(dir string) error {
	mdir, err := sqltool.NewGooseDir(dir)
	if err != nil {
		return err
	}
	sum, err := mdir.Checksum()
	if err != nil {
		return err
	}
	return atlasmigrate.WriteSumFile(mdir, sum)
}

// scratchPostgres creates an empty database on the server and returns its URL
// and a function that drops it.
func scratchPostgres(ctx context.Context, adminURL string) (string, func(), error) {
	admin, err := sql.Open("postgres", adminURL)
	if err != nil {
		return "", nil, err
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "majlis_migrationgen_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create scratch database (is PostgreSQL running? set -postgres): %w", err)
	}
	u, err := url.Parse(adminURL)
	if err != nil {
		admin.Close()
		return "", nil, err
	}
	u.Path = "/" + name
	// The extensions Migrate installs before the migrations run.
	if err := installExtensions(ctx, u.String()); err != nil {
		_, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
		return "", nil, err
	}
	return u.String(), func() {
		_, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	}, nil
}

func installExtensions(ctx context.Context, dbURL string) error {
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, ext := range database.PostgresExtensions {
		if _, err := db.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS "+ext); err != nil {
			return fmt.Errorf("install %s in the scratch database: %w", ext, err)
		}
	}
	return nil
}

func countSQL(dir string) int {
	n := 0
	_ = fs.WalkDir(os.DirFS(dir), ".", func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && filepath.Ext(p) == ".sql" {
			n++
		}
		return nil
	})
	return n
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func fatal(msg string) {
	fmt.Fprintln(os.Stderr, "migrationgen:", msg)
	os.Exit(2)
}
