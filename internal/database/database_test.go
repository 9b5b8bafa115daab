package database_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestParseURL(t *testing.T) {
	cases := []struct {
		in      string
		dialect database.Dialect
		path    string
		wantErr string
	}{
		{in: "sqlite://data/majlis.db", dialect: database.SQLite, path: "data/majlis.db"},
		{in: "sqlite:///var/lib/majlis/m.db", dialect: database.SQLite, path: "/var/lib/majlis/m.db"},
		{in: "postgres://u:p@db.example:5432/majlis?sslmode=require", dialect: database.Postgres},
		{in: "postgresql://localhost/majlis", dialect: database.Postgres},
		{in: "sqlite://", wantErr: "missing file path"},
		{in: "sqlite://x.db?mode=ro", wantErr: "query parameters"},
		{in: "postgres://localhost", wantErr: "missing database name"},
		{in: "postgres:///majlis", wantErr: "missing host"},
		{in: "mysql://localhost/majlis", wantErr: "must start with"},
		{in: "", wantErr: "must start with"},
	}
	for _, c := range cases {
		got, err := database.ParseURL(c.in)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("ParseURL(%q) error %v, want %q", c.in, err, c.wantErr)
			}
			continue
		}
		if err != nil || got.Dialect != c.dialect || got.Path != c.path {
			t.Errorf("ParseURL(%q) = %+v, %v", c.in, got, err)
		}
	}
}

func TestRedactedHidesThePassword(t *testing.T) {
	got := database.Redacted("postgres://majlis:s3cret@db/majlis")
	if strings.Contains(got, "s3cret") || !strings.Contains(got, "majlis@db") && !strings.Contains(got, "majlis:xxxxx@db") {
		t.Fatalf("got %q", got)
	}
}

func TestOpeningAnUnreachableDatabaseSaysSo(t *testing.T) {
	_, err := database.Open(context.Background(), "postgres://nobody@127.0.0.1:1/majlis?sslmode=disable&connect_timeout=2")
	if err == nil || !strings.Contains(err.Error(), "database unreachable") {
		t.Fatalf("got %v", err)
	}
}

func TestSQLiteFileAndItsDirectoryAreCreated(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "dir")
	db, err := database.Open(context.Background(), "sqlite://"+filepath.Join(dir, "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background(), quiet); err != nil {
		t.Fatal(err)
	}
}

func TestMigrationsApplyOnceAndLeaveNothingPending(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		n, err := db.Migrate(ctx, quiet)
		if err != nil || n != 0 {
			t.Fatalf("second migrate ran %d migrations, err %v", n, err)
		}
		pending, err := db.PendingMigrations(ctx)
		if err != nil || pending != 0 {
			t.Fatalf("pending %d, err %v", pending, err)
		}
	})
}

// The database itself keeps the invariants, whatever the code does.
func TestTheDatabaseEnforcesTheSchemaInvariants(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		mk := func() error {
			return db.Ent.Association.Create().SetNameFr("Association").Exec(ctx)
		}
		if err := mk(); err != nil {
			t.Fatal(err)
		}
		if err := mk(); !ent.IsConstraintError(err) {
			t.Errorf("a second association: got %v, want a constraint error", err)
		}
		_, err := db.SQL.ExecContext(ctx, "UPDATE associations SET singleton = false")
		if err == nil {
			t.Error("singleton = false must violate the check constraint")
		}

		user := func(email, lang string) error {
			return db.Ent.User.Create().SetEmail(email).SetPasswordHash("x").SetPreferredLanguage(lang).Exec(ctx)
		}
		if err := user("a@example.ma", "fr"); err != nil {
			t.Fatal(err)
		}
		if err := user("a@example.ma", "ar"); !ent.IsConstraintError(err) {
			t.Errorf("duplicate email: got %v", err)
		}
		if err := user("b@example.ma", "de"); err == nil {
			t.Error("an unknown language must violate the check constraint")
		}

		u, err := db.Ent.User.Create().SetEmail("c@example.ma").SetPasswordHash("x").Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Ent.Session.Create().SetTokenHash("h1").SetUserID(u.ID).SetExpiresAt(u.CreatedAt).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.Ent.Session.Create().SetTokenHash("h1").SetUserID(u.ID).SetExpiresAt(u.CreatedAt).Exec(ctx); !ent.IsConstraintError(err) {
			t.Errorf("duplicate session token: got %v", err)
		}
		if err := db.Ent.Session.Create().SetTokenHash("h2").SetUserID(999999).SetExpiresAt(u.CreatedAt).Exec(ctx); err == nil {
			t.Error("a session of no user must violate the foreign key")
		}
		// Deleting a user deletes its sessions (ON DELETE CASCADE).
		if err := db.Ent.User.DeleteOneID(u.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if n, _ := db.Ent.Session.Query().Count(ctx); n != 0 {
			t.Errorf("%d sessions left after their user was deleted", n)
		}
	})
}

func TestWithTxWritesAllOrNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		err := database.WithTx(ctx, db.Ent, func(ctx context.Context) error {
			tx := database.Client(ctx, db.Ent)
			if err := tx.User.Create().SetEmail("x@example.ma").SetPasswordHash("x").Exec(ctx); err != nil {
				return err
			}
			return tx.User.Create().SetEmail("x@example.ma").SetPasswordHash("y").Exec(ctx)
		})
		if err == nil {
			t.Fatal("the duplicate must fail the transaction")
		}
		if n, _ := db.Ent.User.Query().Count(ctx); n != 0 {
			t.Fatalf("%d users written by a failed transaction", n)
		}
	})
}

func TestPostgresParametersTravelInOneRoundTripUnlessTheURLSaysOtherwise(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:p@db.example:5432/majlis?sslmode=require":   "binary_parameters=yes&sslmode=require",
		"postgres://localhost/majlis":                             "binary_parameters=yes",
		"postgres://localhost/majlis?binary_parameters=no":        "binary_parameters=no",
		"postgresql://localhost/majlis?binary_parameters=yes&x=1": "binary_parameters=yes&x=1",
	} {
		got, err := database.ParseURL(in)
		if err != nil {
			t.Fatal(err)
		}
		if _, q, _ := strings.Cut(got.DSN, "?"); q != want {
			t.Errorf("ParseURL(%q).DSN query = %q, want %q", in, q, want)
		}
	}
}
