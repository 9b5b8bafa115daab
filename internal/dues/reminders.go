package dues

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/kventry"
	"github.com/omsn/majlis/ent/remindersent"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/members/statusset"
)

// DefaultReminderSteps are the reminders before the treasurer sets any:
// two weeks before the grace period ends, on its last day, then two weeks
// and six weeks after.
var DefaultReminderSteps = []int{-14, 0, 14, 42}

const reminderStepsKey = "dues:reminder_steps"

// ReminderSteps returns the reminder schedule, in days relative to the end
// of the grace period (negative: before it), in order.
func (s *Service) ReminderSteps(ctx context.Context) ([]int, error) {
	e, err := database.Client(ctx, s.db).KVEntry.Query().Where(kventry.Key(reminderStepsKey)).Only(ctx)
	if ent.IsNotFound(err) {
		return append([]int(nil), DefaultReminderSteps...), nil
	}
	if err != nil {
		return nil, err
	}
	return ParseSteps(string(e.Value))
}

// ParseSteps reads a schedule written "-14, 0, 14, 42".
func ParseSteps(text string) ([]int, error) {
	var out []int
	seen := map[int]bool{}
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		n, err := strconv.Atoi(f)
		if err != nil || n < -365 || n > 365 {
			return nil, apperr.Invalid("steps", "dues.error.steps", nil)
		}
		if !seen[n] {
			out = append(out, n)
			seen[n] = true
		}
	}
	if len(out) > 10 {
		return nil, apperr.Invalid("steps", "dues.error.steps", nil)
	}
	sort.Ints(out)
	return out, nil
}

// SetReminderSteps saves the schedule the treasurer chose.
func (s *Service) SetReminderSteps(ctx context.Context, text string) error {
	steps, err := ParseSteps(text)
	if err != nil {
		return err
	}
	parts := make([]string, len(steps))
	for i, n := range steps {
		parts[i] = strconv.Itoa(n)
	}
	return database.Client(ctx, s.db).KVEntry.Create().SetKey(reminderStepsKey).SetValue([]byte(strings.Join(parts, ","))).
		OnConflictColumns(kventry.FieldKey).UpdateValue().Exec(ctx)
}

// SendReminders queues the reminders due on a day: for each step, the
// unpaid charges whose grace period ends step days before (or after) it,
// within the week, that were not reminded at that step. A debt paid stops
// its reminders, since only open charges are read. It returns how many.
func (s *Service) SendReminders(ctx context.Context, on time.Time) (int, error) {
	if s.Mail == nil {
		return 0, nil
	}
	steps, err := s.ReminderSteps(ctx)
	if err != nil {
		return 0, err
	}
	today := day(on)
	n := 0
	for _, step := range steps {
		// The grace period ends on deadline for those reminded today at
		// this step; a week's window covers days the job did not run.
		deadline := today.AddDate(0, 0, -step)
		err := database.WithTx(ctx, s.db, func(ctx context.Context) error {
			db := database.Client(ctx, s.db)
			cs, err := db.DuesCharge.Query().Where(duescharge.StatusEQ(duescharge.StatusOpen),
				duescharge.HasMemberWith(statusset.Current.Where()),
				duescharge.GraceUntilLTE(deadline), duescharge.GraceUntilGT(deadline.AddDate(0, 0, -7))).
				WithMember().WithPeriod().All(ctx)
			if err != nil {
				return err
			}
			for _, c := range cs {
				m := c.Edges.Member
				if m.Email == "" {
					continue
				}
				err := db.ReminderSent.Create().SetChargeID(c.ID).SetOffsetDays(step).SetSentAt(s.Now()).
					OnConflictColumns(remindersent.FieldChargeID, remindersent.FieldOffsetDays).DoNothing().Exec(ctx)
				if errors.Is(err, sql.ErrNoRows) {
					continue // reminded at this step already
				}
				if err != nil {
					return err
				}
				if _, err := s.Mail.Queue(ctx, mail.Mail{
					Kind: "dues_reminder", Class: mail.Transactional, RelatedType: "charge", RelatedID: c.ID,
					To: mail.Recipient{Address: m.Email, Name: members.DisplayName(m), Member: m},
					Data: map[string]any{"Year": c.Edges.Period.Year, "Amount": c.Amount, "Currency": c.Currency,
						"Deadline": c.GraceUntil.Format(time.DateOnly), "Overdue": step > 0},
				}); err != nil {
					return fmt.Errorf("reminder for charge %d: %w", c.ID, err)
				}
				n++
			}
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
