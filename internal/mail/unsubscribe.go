package mail

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
)

func nowUTC() time.Time { return time.Now().UTC() }

// UnsubscribeToken is the key of a member's unsubscribe link: the member's
// id signed with the association's key, so that the link works without
// signing in (as mail clients' one-click unsubscribe requires) and cannot
// be forged for another member.
func UnsubscribeToken(key []byte, memberID int) string {
	b := binary.BigEndian.AppendUint64(nil, uint64(memberID))
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("unsubscribe:"))
	mac.Write(b)
	return base64.RawURLEncoding.EncodeToString(append(b, mac.Sum(nil)[:16]...))
}

// memberOfToken checks a token and returns the member it names.
func memberOfToken(key []byte, token string) (int, error) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != 8+16 {
		return 0, errors.New("malformed unsubscribe token")
	}
	id := int(binary.BigEndian.Uint64(raw[:8]))
	if !hmac.Equal([]byte(UnsubscribeToken(key, id)), []byte(token)) {
		return 0, errors.New("forged unsubscribe token")
	}
	return id, nil
}

// Unsubscribe withdraws a member's consent to the association's optional
// emails, from the link of a message. Statutory notices still go out.
func (m *Mailer) Unsubscribe(ctx context.Context, token string) error {
	id, err := memberOfToken(m.settings.UnsubscribeKey, token)
	if err != nil {
		return fmt.Errorf("%v: %w", err, apperr.ErrNotFound)
	}
	err = database.Client(ctx, m.db).Member.UpdateOneID(id).SetConsentEmails(false).Exec(ctx)
	if ent.IsNotFound(err) {
		return fmt.Errorf("member %d: %w", id, apperr.ErrNotFound)
	}
	return err
}
