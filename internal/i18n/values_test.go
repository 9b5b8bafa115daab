package i18n

import (
	"testing"
	"time"

	"github.com/omsn/majlis/internal/i18n/localefmt"
)

// A message's days and amounts are written in the message's language, and
// in Arabic each value is isolated from the words around it.
func TestMessagesWriteDaysAndAmountsInTheirLanguage(t *testing.T) {
	c := catalog(t)
	day := time.Date(2026, time.December, 3, 0, 0, 0, 0, time.UTC)
	owed := localefmt.Amount{Minor: 30000, Currency: "MAD"}
	tests := []struct {
		lang, key string
		data      map[string]any
		want      string
	}{
		{"fr", "statutes.error.adoption_before_in_force", map[string]any{"Date": day},
			"La version en vigueur a été adoptée le 3 décembre 2026 : une nouvelle version ne peut pas avoir été adoptée avant."},
		{"en", "statutes.error.adoption_before_in_force", map[string]any{"Date": day},
			"The version in force was adopted on December 3, 2026: a new version cannot have been adopted before it."},
		{"ar", "statutes.error.adoption_before_in_force", map[string]any{"Date": day},
			"اعتُمدت الصيغة السارية بتاريخ \u20683 دجنبر 2026\u2069: لا يمكن أن تكون صيغة جديدة قد اعتُمدت قبلها."},
		{"fr", "dues.error.amount_owed", map[string]any{"Owed": owed},
			"Le montant doit être exactement ce qui est dû : 300,00\u00a0MAD."},
		{"ar", "dues.error.amount_owed", map[string]any{"Owed": owed},
			"يجب أن يساوي المبلغ المستحق تمامًا: \u2068300,00\u00a0MAD\u2069."},
	}
	for _, tt := range tests {
		if got := c.Translator(tt.lang).T(tt.key, tt.data); got != tt.want {
			t.Errorf("%s %s:\n got %q\nwant %q", tt.lang, tt.key, got, tt.want)
		}
	}
}

// A year is not a quantity: integers go into messages as they are.
func TestMessagesLeaveIntegersUngrouped(t *testing.T) {
	c := catalog(t)
	if got := c.Translator("fr").T("email.dues_reminder.subject", "Year", 2026); got != "Votre cotisation 2026" {
		t.Errorf("got %q", got)
	}
}
