// Package auth signs people in: password hashing, server-side sessions and
// the throttling of repeated failures. It knows nothing of HTTP.
package auth

import (
	"errors"
	"sync"

	"github.com/alexedwards/argon2id"
)

// Hasher hashes and checks passwords with argon2id.
type Hasher struct {
	params *argon2id.Params
	// dummy is a hash checked when an email is unknown, so that a failed
	// sign-in takes as long whether or not the account exists. It is made
	// on first use: hashing at start would cost 19 MiB and tens of ms.
	dummyOnce sync.Once
	dummy     string
}

// ProductionHashParams follow OWASP's argon2id recommendation (19 MiB, 2
// iterations, 1 lane): strong, and cheap enough for a small server.
var ProductionHashParams = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// FastHashParams are for tests only: weak, but quick under -race.
var FastHashParams = &argon2id.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// NewHasher returns a Hasher using the given parameters.
func NewHasher(params *argon2id.Params) *Hasher {
	return &Hasher{params: params}
}

// Hash returns the encoded argon2id hash of a password.
func (h *Hasher) Hash(password string) (string, error) {
	return argon2id.CreateHash(password, h.params)
}

// Verify reports whether password matches the encoded hash.
func (h *Hasher) Verify(password, hash string) bool {
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	return err == nil && ok
}

// VerifyNothing spends the time of a real check and always fails.
func (h *Hasher) VerifyNothing(password string) {
	h.dummyOnce.Do(func() {
		// An error leaves dummy empty; the comparison below then fails
		// fast, which only weakens timing, never the answer.
		h.dummy, _ = argon2id.CreateHash("majlis-dummy-password-for-timing", h.params)
	})
	_, _ = argon2id.ComparePasswordAndHash(password, h.dummy)
}

// Password rules.
const (
	MinPasswordLength = 10
	MaxPasswordLength = 256
)

// Errors about a new password's shape.
var (
	ErrPasswordTooShort = errors.New("password too short")
	ErrPasswordTooLong  = errors.New("password too long")
)

// CheckPasswordShape checks a new password's length (in characters).
func CheckPasswordShape(pw string) error {
	n := len([]rune(pw))
	switch {
	case n < MinPasswordLength:
		return ErrPasswordTooShort
	case n > MaxPasswordLength:
		return ErrPasswordTooLong
	}
	return nil
}
