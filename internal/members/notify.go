package members

import (
	"context"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/mail"
)

// notify tells an applicant or a member what the board decided, in the
// transaction of the decision: the mail is queued with it or not at all.
// Without a mailer (some tests) nothing is sent.
func (s *Service) notify(ctx context.Context, m *ent.Member, kind string, data map[string]any) error {
	if s.Mail == nil || m.Email == "" {
		return nil
	}
	to := mail.Recipient{Address: m.Email, Name: DisplayName(m), MemberID: m.ID}
	if m.UserID != nil {
		to.UserID = *m.UserID
	}
	_, err := s.Mail.Queue(ctx, mail.Mail{
		Kind: kind, To: to, Data: data, RelatedType: "application", RelatedID: m.ID,
	})
	return err
}

// categoryNames returns a category's names by language, for a message.
func (s *Service) categoryNames(ctx context.Context, code string) (map[string]string, error) {
	opts, err := s.categories.CategoryOptions(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range opts {
		if o.Code == code {
			return o.Names, nil
		}
	}
	return map[string]string{"fr": code}, nil
}
