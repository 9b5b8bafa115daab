package board

import (
	"context"
	"time"

	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/members"
)

// ReminderDays are how many days before a mandate's end its holder is
// reminded: time enough to prepare the election, then to convene it.
var ReminderDays = []int{90, 30, 7}

// RemindMandatesEnding mails each holder whose mandate ends exactly
// ReminderDays from day. The daily job calls it once a day (its unique key
// is the date), so each reminder goes once. It returns how many were queued.
func (s *Service) RemindMandatesEnding(ctx context.Context, day time.Time) (int, error) {
	if s.Mail == nil {
		return 0, nil
	}
	st, err := s.statutes.InForce(ctx)
	if err != nil {
		return 0, err
	}
	today := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	n := 0
	err = database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		for _, days := range ReminderDays {
			end := today.AddDate(0, 0, days)
			ending, err := db.Mandate.Query().
				Where(mandate.EndOnGTE(end), mandate.EndOnLT(end.AddDate(0, 0, 1)), mandate.EndedOnIsNil()).
				WithMember().All(ctx)
			if err != nil {
				return err
			}
			for _, md := range ending {
				m := md.Edges.Member
				if m == nil || m.Email == "" {
					continue
				}
				title := map[string]string{"fr": md.Position}
				if p, ok := st.Rules.Position(md.Position); ok {
					title = map[string]string{"fr": p.Titles.Fr, "ar": p.Titles.Ar, "en": p.Titles.En}
				}
				to := mail.Recipient{Address: m.Email, Name: members.DisplayName(m), MemberID: m.ID}
				if _, err := s.Mail.Queue(ctx, mail.Mail{
					Kind: "mandate_ending", To: to, RelatedType: "mandate", RelatedID: md.ID,
					Data: map[string]any{"Position": title, "EndOn": md.EndOn.Format(time.DateOnly), "Days": days},
				}); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	return n, err
}
