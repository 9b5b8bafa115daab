package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/session"
	"github.com/omsn/majlis/ent/user"
	"github.com/omsn/majlis/internal/database"
)

// ErrNoSession means the token names no live session: never issued, expired,
// revoked, or its account was disabled.
var ErrNoSession = errors.New("no such session")

// Sessions stores signed-in browsers in the database, so they survive a
// restart and are shared by every app instance.
type Sessions struct {
	db *ent.Client
	// Idle ends a session unused for this long; Max ends it this long after
	// sign-in whatever happens.
	Idle, Max time.Duration
	// Now is the clock (replaced in tests). It must return UTC: SQLite
	// stores times as text, so deadlines written in different offsets would
	// not compare correctly.
	Now func() time.Time
}

// NewSessions returns a session store with the given lifetimes.
func NewSessions(db *ent.Client, idle, max time.Duration) *Sessions {
	return &Sessions{db: db, Idle: idle, Max: max, Now: UTCNow}
}

// now is the clock in UTC, whatever zone it reports (see UTCNow).
func (s *Sessions) now() time.Time { return s.Now().UTC() }

// touchEvery limits how often a request writes last_seen_at.
const touchEvery = time.Minute

// Client describes where a session was opened, shown to its owner, and
// who is signing in, for the throttle.
type Client struct {
	IP        string
	UserAgent string
	// Device is the device cookie the browser sent, if any (see
	// Throttle.DeviceCookie). It is not stored with the session.
	Device string
}

// Create opens a new session for the user and returns the token for the
// cookie. Only the token's hash is stored.
func (s *Sessions) Create(ctx context.Context, userID int, c Client) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	now := s.now()
	err := database.Client(ctx, s.db).Session.Create().
		SetTokenHash(hashToken(token)).
		SetUserID(userID).
		SetCreatedAt(now).
		SetLastSeenAt(now).
		SetExpiresAt(s.expiry(now, now)).
		SetIP(truncate(c.IP, 64)).
		SetUserAgent(truncate(c.UserAgent, 300)).
		Exec(ctx)
	if err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	return token, nil
}

// Lookup returns the live session for a token with its user, extending the
// idle deadline at most once a minute. Expired sessions are deleted on sight.
func (s *Sessions) Lookup(ctx context.Context, token string) (*ent.Session, error) {
	if token == "" || len(token) > 100 {
		return nil, ErrNoSession
	}
	sess, err := database.Client(ctx, s.db).Session.Query().
		Where(session.TokenHash(hashToken(token))).
		WithUser().
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrNoSession
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	if !now.Before(sess.ExpiresAt) || sess.Edges.User.Disabled {
		if err := database.Client(ctx, s.db).Session.DeleteOneID(sess.ID).Exec(ctx); err != nil && !ent.IsNotFound(err) {
			return nil, fmt.Errorf("delete ended session: %w", err)
		}
		return nil, ErrNoSession
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		exp := s.expiry(sess.CreatedAt, now)
		// A failed write would silently shorten the session to its old
		// idle deadline: it is an error like any other.
		if err := database.Client(ctx, s.db).Session.UpdateOneID(sess.ID).SetLastSeenAt(now).SetExpiresAt(exp).Exec(ctx); err != nil && !ent.IsNotFound(err) {
			return nil, fmt.Errorf("record session activity: %w", err)
		}
		sess.LastSeenAt, sess.ExpiresAt = now, exp
	}
	return sess, nil
}

// Revoke ends the session with this token (sign out).
func (s *Sessions) Revoke(ctx context.Context, token string) error {
	_, err := database.Client(ctx, s.db).Session.Delete().Where(session.TokenHash(hashToken(token))).Exec(ctx)
	return err
}

// RevokeAll ends every session of a user except the one with keepID (0 keeps
// none) and returns how many ended.
func (s *Sessions) RevokeAll(ctx context.Context, userID, keepID int) (int, error) {
	return revokeAll(ctx, s.db, userID, keepID)
}

func revokeAll(ctx context.Context, db *ent.Client, userID, keepID int) (int, error) {
	q := db.Session.Delete().Where(session.UserID(userID))
	if keepID != 0 {
		q = q.Where(session.IDNEQ(keepID))
	}
	return q.Exec(ctx)
}

// List returns a user's live sessions, most recently used first.
func (s *Sessions) List(ctx context.Context, userID int) ([]*ent.Session, error) {
	return database.Client(ctx, s.db).Session.Query().
		Where(session.UserID(userID), session.ExpiresAtGT(s.now()), session.HasUserWith(user.Disabled(false))).
		Order(ent.Desc(session.FieldLastSeenAt)).
		All(ctx)
}

// PurgeExpired deletes sessions past their deadline.
func (s *Sessions) PurgeExpired(ctx context.Context) (int, error) {
	return database.Client(ctx, s.db).Session.Delete().Where(session.ExpiresAtLTE(s.now())).Exec(ctx)
}

func (s *Sessions) expiry(created, now time.Time) time.Time {
	idle := now.Add(s.Idle)
	if hard := created.Add(s.Max); hard.Before(idle) {
		return hard
	}
	return idle
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// truncate cuts s to at most n bytes (the schema's limits count bytes)
// without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// UTCNow is the wall clock in UTC. Every time Majlis writes is in UTC, so
// that comparisons in SQL hold on SQLite (which compares times as text) and
// across a change of the server's offset (Morocco changes it around Ramadan).
func UTCNow() time.Time { return time.Now().UTC() }
