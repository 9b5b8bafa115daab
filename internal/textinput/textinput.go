// Package textinput is the one rule for what text people may type or
// import: valid UTF-8 without control characters. A NUL or a CR LF in a
// name would be stored by SQLite and then break every mail to that member
// (a header cannot hold it); PostgreSQL refuses NUL and invalid UTF-8 with
// an error. Every service checks its text inputs here before anything else,
// so both databases answer the same: a message at the field.
package textinput

import (
	"unicode"
	"unicode/utf8"

	"github.com/omsn/majlis/internal/apperr"
)

// MessageKey is the translated message shown at a field that breaks the
// rule.
const MessageKey = "error.control_characters"

// Line reports whether s may be a single-line value (a name, an email, a
// search): valid UTF-8 and no control character at all.
func Line(s string) bool { return valid(s, false) }

// Text reports whether s may be a multi-line value (a motivation, the text
// of the statutes): valid UTF-8, and of the control characters only line
// feed, carriage return and tab.
func Text(s string) bool { return valid(s, true) }

func valid(s string, multiline bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !unicode.IsControl(r) {
			continue
		}
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		return false
	}
	return true
}

// CheckLine adds the rule's message to v for field when s is not a valid
// single-line value, and reports whether it was.
func CheckLine(v *apperr.ValidationError, field, s string) bool {
	if Line(s) {
		return true
	}
	v.Add(field, MessageKey, nil)
	return false
}

// CheckText adds the rule's message to v for field when s is not a valid
// multi-line value, and reports whether it was.
func CheckText(v *apperr.ValidationError, field, s string) bool {
	if Text(s) {
		return true
	}
	v.Add(field, MessageKey, nil)
	return false
}

// Lines checks several single-line fields at once, by form field name.
func Lines(v *apperr.ValidationError, fields map[string]string) {
	for f, s := range fields {
		CheckLine(v, f, s)
	}
}

// InvalidLine returns a validation error for field when s is not a valid
// single-line value, else nil: for a lone input such as a search box.
func InvalidLine(field, s string) error {
	if Line(s) {
		return nil
	}
	return apperr.Invalid(field, MessageKey, nil)
}
