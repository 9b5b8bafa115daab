package accounts_test

import (
	"context"
	"testing"

	"github.com/omsn/majlis/ent/accounttoken"
	"github.com/omsn/majlis/internal/accounts"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/textinput"
)

// The password forms refuse control characters and invalid UTF-8 at the
// field, before anything reaches the database.
func TestPasswordFormsRefuseControlCharactersAtTheField(t *testing.T) {
	l := accounts.NewLinks(nil, nil, nil, nil)
	_, err := l.SetPasswordWithLink(context.Background(), accounttoken.PurposePasswordReset, "token",
		"a long enough\x00password", "a long enough\x00password")
	if v, ok := apperr.AsValidation(err); !ok || v.Fields["new_password"].Key != textinput.MessageKey {
		t.Fatalf("new password: %v", err)
	}
	err = l.RequestPasswordReset(context.Background(), "\xff\x00@example.ma")
	if v, ok := apperr.AsValidation(err); !ok || v.Fields["email"].Key != textinput.MessageKey {
		t.Fatalf("forgot: %v", err)
	}
}
