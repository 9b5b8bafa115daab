package main

import (
	"net"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// serveUntilReady runs `majlis serve` on the configured database, waits for
// /readyz, then stops it with SIGTERM as an init system would, and returns
// the exit status.
func serveUntilReady(t *testing.T, args ...string) int {
	t.Helper()
	addr := freeAddr(t)
	t.Setenv("MAJLIS_ADDR", addr)
	done := make(chan int, 1)
	go func() { done <- run(append([]string{"serve"}, args...)) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case code := <-done:
			t.Fatalf("serve exited early with status %d", code)
		default:
		}
		res, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("/readyz never answered 200")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		return code
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop after SIGTERM")
	}
	return -1
}

// The app starts, stops on SIGTERM and starts again on the same database
// (second start: migrations already applied, demo already seeded, CSRF key
// already stored).
func TestServeStartsStopsAndRestartsOnTheSameDatabase(t *testing.T) {
	t.Setenv("MAJLIS_DATABASE_URL", "sqlite://"+filepath.Join(t.TempDir(), "m.db"))
	t.Setenv("MAJLIS_LOG_LEVEL", "error")
	if code := serveUntilReady(t, "--demo"); code != 0 {
		t.Fatalf("first run exited %d", code)
	}
	if code := serveUntilReady(t, "--demo"); code != 0 {
		t.Fatalf("restart exited %d", code)
	}
}

func TestCommandsExitStatus(t *testing.T) {
	db := "sqlite://" + filepath.Join(t.TempDir(), "m.db")
	t.Setenv("MAJLIS_LOG_LEVEL", "error")
	cases := []struct {
		name string
		env  string
		args []string
		want int
	}{
		{"migrate", db, []string{"migrate"}, 0},
		{"migrate again", db, []string{"migrate"}, 0},
		{"seed", db, []string{"seed", "--demo"}, 0},
		{"seed again changes nothing", db, []string{"seed", "--demo"}, 0},
		{"seed without --demo", db, []string{"seed"}, 2},
		{"version", db, []string{"version"}, 0},
		{"unknown command", db, []string{"frobnicate"}, 2},
		{"malformed database URL", "mysql://x/y", []string{"migrate"}, 1},
		{"unreachable database", "postgres://nobody@127.0.0.1:1/x?sslmode=disable&connect_timeout=1", []string{"migrate"}, 1},
		{"admin without email", db, []string{"admin", "create"}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("MAJLIS_DATABASE_URL", c.env)
			if got := run(c.args); got != c.want {
				t.Fatalf("majlis %v exited %d, want %d", c.args, got, c.want)
			}
		})
	}
}

func TestAdminCreateReadsThePasswordFromStdin(t *testing.T) {
	t.Setenv("MAJLIS_DATABASE_URL", "sqlite://"+filepath.Join(t.TempDir(), "m.db"))
	t.Setenv("MAJLIS_LOG_LEVEL", "error")
	withStdin(t, "a long enough password\n", func() {
		if got := run([]string{"admin", "create", "--email", "Secretariat@OMSN.example", "--password-stdin"}); got != 0 {
			t.Fatalf("exit %d", got)
		}
	})
	// The same email (in another case) is refused.
	withStdin(t, "another long password\n", func() {
		if got := run([]string{"admin", "create", "--email", "secretariat@omsn.example", "--password-stdin"}); got != 1 {
			t.Fatalf("duplicate: exit %d, want 1", got)
		}
	})
	withStdin(t, "short\n", func() {
		if got := run([]string{"admin", "create", "--email", "other@omsn.example", "--password-stdin"}); got != 1 {
			t.Fatalf("short password: exit %d, want 1", got)
		}
	})
}

func withStdin(t *testing.T, input string, fn func()) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.WriteString(input); err != nil {
		t.Fatal(err)
	}
	w.Close()
	old := os.Stdin
	os.Stdin = r
	defer func() { os.Stdin = old; r.Close() }()
	fn()
}

func TestTallyRecountsABLTFile(t *testing.T) {
	file := filepath.Join("..", "..", "internal", "tally", "testdata", "scotland", "edinburgh_2022_ward1.blt")
	if got := run([]string{"tally", "--method", "stv", "--json", file}); got != 0 {
		t.Fatalf("tally exited %d", got)
	}
	if got := run([]string{"tally", "--method", "nope", file}); got == 0 {
		t.Fatal("an unknown method must fail")
	}
	if got := run([]string{"tally", "--method", "stv", filepath.Join(t.TempDir(), "missing.blt")}); got == 0 {
		t.Fatal("a missing file must fail")
	}
}
