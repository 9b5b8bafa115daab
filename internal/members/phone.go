package members

import (
	"strings"

	"github.com/nyaruka/phonenumbers"

	"github.com/omsn/majlis/internal/apperr"
)

// phoneRegion is the country a number without an international prefix is
// read in: members write Moroccan numbers as "06 12 34 56 78".
const phoneRegion = "MA"

// NormalizePhone reads a phone number as people write it and returns it in
// E.164 ("+212612345678"), the one form stored: Moroccan numbers in their
// national form ("0612345678", "06 12 34 56 78") or international form
// ("+212 6 12 34 56 78", "00212612345678"), and foreign numbers with "+"
// (or "00") and their country code. It reports false for anything that is
// not a valid number of its country (the numbering plans come from
// libphonenumber's metadata).
func NormalizePhone(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	n, err := phonenumbers.Parse(s, phoneRegion)
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", false
	}
	return phonenumbers.Format(n, phonenumbers.E164), true
}

// checkPhone checks an optional phone field and, when it is valid, puts
// its E.164 form in place of what was typed. An invalid number is left as
// typed, with the field's message.
func checkPhone(v *apperr.ValidationError, field string, phone *string) {
	if *phone == "" {
		return
	}
	optional(v, field, *phone, 40)
	if _, bad := v.Fields[field]; bad {
		return
	}
	if e164, ok := NormalizePhone(*phone); ok {
		*phone = e164
	} else {
		v.Add(field, "phone.error.invalid", nil)
	}
}
