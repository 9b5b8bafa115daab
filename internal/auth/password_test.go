package auth_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/omsn/majlis/internal/auth"
)

func TestAHashVerifiesOnlyItsOwnPassword(t *testing.T) {
	h := auth.NewHasher(auth.FastHashParams)
	hash, err := h.Hash("un mot de passe solide")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(hash, "un mot de passe solide") {
		t.Fatal("the hash contains the password in clear")
	}
	if !strings.HasPrefix(hash, "$argon2id$") {
		t.Errorf("hash %q is not an argon2id hash", hash)
	}
	if !h.Verify("un mot de passe solide", hash) {
		t.Error("the right password does not verify")
	}
	for _, wrong := range []string{"", "un mot de passe solid", "Un mot de passe solide", "un mot de passe solide "} {
		if h.Verify(wrong, hash) {
			t.Errorf("wrong password %q verifies", wrong)
		}
	}
}

func TestHashingTheSamePasswordTwiceGivesDifferentHashes(t *testing.T) {
	h := auth.NewHasher(auth.FastHashParams)
	a, _ := h.Hash("same password here")
	b, _ := h.Hash("same password here")
	if a == b {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	if !h.Verify("same password here", a) || !h.Verify("same password here", b) {
		t.Fatal("salted hashes do not verify")
	}
}

func TestVerifyingAgainstAMalformedHashFails(t *testing.T) {
	h := auth.NewHasher(auth.FastHashParams)
	for _, bad := range []string{"", "plain", "$argon2id$v=19$m=64,t=1,p=1$broken", "$2a$10$abcdefghijklmnopqrstuv"} {
		if h.Verify("anything at all", bad) {
			t.Errorf("Verify accepted malformed hash %q", bad)
		}
	}
	h.VerifyNothing("anything at all") // must neither panic nor succeed
}

func TestAHashMadeWithOtherParametersStillVerifies(t *testing.T) {
	// Raising the cost later must not lock existing accounts out.
	old, err := auth.NewHasher(auth.FastHashParams).Hash("password-of-yesterday")
	if err != nil {
		t.Fatal(err)
	}
	if !auth.NewHasher(auth.ProductionHashParams).Verify("password-of-yesterday", old) {
		t.Fatal("a hash made with other parameters no longer verifies")
	}
}

func TestNewPasswordLengthIsCountedInCharacters(t *testing.T) {
	cases := map[string]struct {
		pw   string
		want error
	}{
		"empty":                    {"", auth.ErrPasswordTooShort},
		"one under the minimum":    {strings.Repeat("a", auth.MinPasswordLength-1), auth.ErrPasswordTooShort},
		"exactly the minimum":      {strings.Repeat("a", auth.MinPasswordLength), nil},
		"exactly the maximum":      {strings.Repeat("a", auth.MaxPasswordLength), nil},
		"one over the maximum":     {strings.Repeat("a", auth.MaxPasswordLength+1), auth.ErrPasswordTooLong},
		"arabic letters, enough":   {strings.Repeat("س", auth.MinPasswordLength), nil},
		"multibyte, too short":     {strings.Repeat("é", auth.MinPasswordLength-1), auth.ErrPasswordTooShort},
		"multibyte max in letters": {strings.Repeat("é", auth.MaxPasswordLength), nil},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if err := auth.CheckPasswordShape(c.pw); !errors.Is(err, c.want) || (c.want == nil && err != nil) {
				t.Fatalf("CheckPasswordShape(%d runes) = %v, want %v", len([]rune(c.pw)), err, c.want)
			}
		})
	}
}
