// Package database opens Majlis's database (embedded SQLite or PostgreSQL)
// from one URL and applies the versioned migrations shipped in the binary.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/lib/pq" // registers the "postgres" driver
	"modernc.org/sqlite"

	"github.com/omsn/majlis/ent"
)

func init() {
	// Ent and Atlas look SQLite up under the name "sqlite3"; the pure-Go
	// driver registers itself as "sqlite" only.
	sql.Register("sqlite3", &sqlite.Driver{})
}

// Dialect names the SQL dialect of a database URL.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = dialect.SQLite
	Postgres Dialect = dialect.Postgres
)

// Target is a parsed database URL: the dialect and the driver's own DSN.
type Target struct {
	Dialect Dialect
	DSN     string
	// Path is the SQLite file ("" for PostgreSQL or an in-memory database).
	Path string
}

// ParseURL understands sqlite:///relative/or/absolute/path.db,
// sqlite::memory:NAME (a named in-memory database, for tests) and
// postgres:// or postgresql:// URLs.
func ParseURL(raw string) (Target, error) {
	switch {
	case strings.HasPrefix(raw, "sqlite::memory:"):
		name := strings.TrimPrefix(raw, "sqlite::memory:")
		if name == "" {
			name = "majlis"
		}
		return Target{Dialect: SQLite, DSN: sqliteDSN("file:" + name + "?mode=memory&cache=shared")}, nil
	case strings.HasPrefix(raw, "sqlite://"):
		path := strings.TrimPrefix(raw, "sqlite://")
		if i := strings.IndexByte(path, '?'); i >= 0 {
			return Target{}, fmt.Errorf("sqlite URL %q: query parameters are not supported", raw)
		}
		// sqlite:///abs/path → "/abs/path"; sqlite://rel/path → "rel/path".
		if path == "" || path == "/" {
			return Target{}, fmt.Errorf("sqlite URL %q: missing file path", raw)
		}
		if strings.HasPrefix(path, "/./") {
			path = path[1:]
		}
		return Target{Dialect: SQLite, DSN: sqliteDSN("file:" + path), Path: path}, nil
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		u, err := url.Parse(raw)
		if err != nil {
			return Target{}, fmt.Errorf("postgres URL: %w", err)
		}
		if u.Host == "" {
			return Target{}, fmt.Errorf("postgres URL %q: missing host", redact(u))
		}
		if strings.Trim(u.Path, "/") == "" {
			return Target{}, fmt.Errorf("postgres URL %q: missing database name", redact(u))
		}
		return Target{Dialect: Postgres, DSN: postgresDSN(u)}, nil
	default:
		return Target{}, errors.New("database URL must start with sqlite:// or postgres://")
	}
}

// postgresDSN asks lib/pq to send parameters in binary when the URL does not
// say otherwise: a statement with parameters then takes one round trip to
// the server instead of two (parse-describe, then bind-execute), which is
// most of a short statement's cost. Only []byte parameters change format,
// and every such column is bytea.
func postgresDSN(u *url.URL) string {
	q := u.Query()
	if q.Get("binary_parameters") == "" {
		q.Set("binary_parameters", "yes")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// sqliteDSN adds the pragmas every connection needs: foreign keys (Ent
// refuses to migrate without them), a busy timeout so concurrent writers
// wait instead of failing, and WAL so readers never block the writer.
func sqliteDSN(base string) string {
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
}

func redact(u *url.URL) string {
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u = &url.URL{Scheme: u.Scheme, User: url.UserPassword(u.User.Username(), "xxxxx"), Host: u.Host, Path: u.Path}
		}
	}
	return u.String()
}

// Redacted returns the database URL with any password masked, for logs.
func Redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	return redact(u)
}

// DB is an open database: the raw pool (for migrations and health checks)
// and the Ent client on top of it.
type DB struct {
	Target Target
	SQL    *sql.DB
	Ent    *ent.Client
}

// Open connects to the database and checks that it answers. For SQLite the
// file's directory is created if missing.
func Open(ctx context.Context, raw string) (*DB, error) {
	t, err := ParseURL(raw)
	if err != nil {
		return nil, err
	}
	driverName := "postgres"
	if t.Dialect == SQLite {
		driverName = "sqlite3"
		if t.Path != "" {
			if err := os.MkdirAll(filepath.Dir(t.Path), 0o750); err != nil {
				return nil, fmt.Errorf("create database directory: %w", err)
			}
		}
	}
	db, err := sql.Open(driverName, t.DSN)
	if err != nil {
		return nil, err
	}
	if t.Dialect == SQLite {
		// One writer at a time is SQLite's model; a small pool keeps
		// readers concurrent under WAL without piling up busy writers.
		db.SetMaxOpenConns(8)
	} else {
		db.SetMaxOpenConns(25)
		db.SetMaxIdleConns(10)
		db.SetConnMaxIdleTime(5 * time.Minute)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("database unreachable: %w", err)
	}
	drv := entsql.OpenDB(string(t.Dialect), db)
	return &DB{Target: t, SQL: db, Ent: ent.NewClient(ent.Driver(drv))}, nil
}

// Close closes the Ent client and the pool under it.
func (d *DB) Close() error { return d.Ent.Close() }

// Ping reports whether the database answers within the context's deadline.
func (d *DB) Ping(ctx context.Context) error { return d.SQL.PingContext(ctx) }

// Optimize refreshes the query planner's statistics where the database does
// not do it by itself (SQLite; PostgreSQL's autovacuum already does).
func (d *DB) Optimize(ctx context.Context) error {
	if d.Target.Dialect != SQLite {
		return nil
	}
	_, err := d.SQL.ExecContext(ctx, "PRAGMA optimize")
	return err
}
