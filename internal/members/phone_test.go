package members_test

import (
	"testing"

	"github.com/omsn/majlis/internal/members"
)

func TestPhoneNumbersAreStoredInE164AfterReadingMoroccanForms(t *testing.T) {
	valid := map[string]string{
		"06 12 34 56 78":       "+212612345678",
		"0612345678":           "+212612345678",
		"+212 6 12 34 56 78":   "+212612345678",
		"00212612345678":       "+212612345678",
		"+212612345678":        "+212612345678",
		"06.12.34.56.78":       "+212612345678",
		"06-12-34-56-78":       "+212612345678",
		" 0712345678 ":         "+212712345678",
		"05 37 12 34 56":       "+212537123456", // a landline in Rabat
		"+33 6 12 34 56 78":    "+33612345678",  // France
		"0033 1 42 68 53 00":   "+33142685300",
		"+1 202 456 1111":      "+12024561111", // the United States
		"+34 612 34 56 78":     "+34612345678", // Spain
		"(+212) 6 12 34 56 78": "+212612345678",
	}
	for in, want := range valid {
		got, ok := members.NormalizePhone(in)
		if !ok || got != want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "12", "06 12 34", "061234567890", "not a phone", "+999 123 456", "+212 1 23 45 67 89", "+33 12"} {
		if got, ok := members.NormalizePhone(in); ok {
			t.Errorf("NormalizePhone(%q) accepted as %q", in, got)
		}
	}
}
