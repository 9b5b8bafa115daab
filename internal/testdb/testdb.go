// Package testdb gives each test a fresh, migrated database, on SQLite and
// again on PostgreSQL, so every test that touches data runs on both.
//
// PostgreSQL is found through MAJLIS_TEST_DATABASE_URL (a URL to a server's
// maintenance database; each test creates and drops its own database there),
// or the local server at 127.0.0.1:5432. When none answers, the PostgreSQL
// runs are skipped — unless MAJLIS_TEST_REQUIRE_POSTGRES=1 (set by CI), which
// turns the skip into a failure.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/omsn/majlis/internal/database"
)

// DefaultPostgresURL is tried when MAJLIS_TEST_DATABASE_URL is unset.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

var (
	pgOnce   sync.Once
	pgURL    string
	pgReason string
)

// postgresServer returns the admin URL of a reachable server, or "" and why.
func postgresServer() (string, string) {
	pgOnce.Do(func() {
		u := os.Getenv("MAJLIS_TEST_DATABASE_URL")
		if u == "" {
			u = DefaultPostgresURL
		}
		db, err := sql.Open("postgres", u)
		if err != nil {
			pgReason = err.Error()
			return
		}
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		if err := db.PingContext(ctx); err != nil {
			pgReason = "PostgreSQL unreachable at " + database.Redacted(u) + ": " + err.Error()
			return
		}
		pgURL = u
	})
	return pgURL, pgReason
}

// Each runs fn as two subtests, "sqlite" and "postgres", each on a new,
// migrated database that is removed when the subtest ends.
func Each(t *testing.T, fn func(t *testing.T, db *database.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a migrated database in a fresh file.
func SQLite(t testing.TB) *database.DB {
	t.Helper()
	return open(t, "sqlite://"+filepath.Join(t.TempDir(), "test.db"))
}

// Postgres returns a migrated database created for this test on the
// PostgreSQL server, dropped at cleanup. It skips (or fails, when required)
// if no server is reachable.
func Postgres(t testing.TB) *database.DB {
	t.Helper()
	admin, reason := postgresServer()
	if admin == "" {
		if os.Getenv("MAJLIS_TEST_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL is required (MAJLIS_TEST_REQUIRE_POSTGRES=1): %s", reason)
		}
		t.Skip(reason)
	}
	u, drop := CreateDatabase(t, admin)
	t.Cleanup(drop)
	return open(t, u)
}

// CreateDatabase creates an empty database on the server and returns its
// URL and a function that drops it.
func CreateDatabase(t testing.TB, adminURL string) (string, func()) {
	t.Helper()
	admin, err := sql.Open("postgres", adminURL)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	name := "majlis_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		t.Fatalf("create test database: %v", err)
	}
	u, err := url.Parse(adminURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String(), func() {
		defer admin.Close()
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
	}
}

func open(t testing.TB, u string) *database.DB {
	t.Helper()
	ctx := context.Background()
	db, err := database.Open(ctx, u)
	if err != nil {
		t.Fatalf("open %s: %v", database.Redacted(u), err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if _, err := db.Migrate(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}
