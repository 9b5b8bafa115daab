// Package apperr is Majlis's error vocabulary. Services return these errors;
// the web layer maps them to a status code and a translated message in one
// place. Messages are translation keys, never text, so services stay free of
// language concerns.
package apperr

import (
	"errors"
	"sort"
)

// Sentinels for the outcomes that imply a 4xx answer. Wrap them with
// fmt.Errorf("…: %w", apperr.ErrNotFound) to add context for the logs.
var (
	ErrNotFound  = errors.New("not found")
	ErrForbidden = errors.New("forbidden")
	ErrConflict  = errors.New("conflict")
)

// Message is a translation key with the values its text needs.
type Message struct {
	Key  string
	Data map[string]any
}

// ValidationError says which input fields are wrong and why.
type ValidationError struct {
	// Fields maps a form field name to its message.
	Fields map[string]Message
}

// Invalid returns a ValidationError for one field.
func Invalid(field, key string, data map[string]any) *ValidationError {
	return &ValidationError{Fields: map[string]Message{field: {Key: key, Data: data}}}
}

// Add records a problem with a field; the first problem of a field wins.
func (v *ValidationError) Add(field, key string, data map[string]any) {
	if v.Fields == nil {
		v.Fields = map[string]Message{}
	}
	if _, seen := v.Fields[field]; !seen {
		v.Fields[field] = Message{Key: key, Data: data}
	}
}

// OrNil returns v if it holds any problem, else nil, so a validator can
// `return v.OrNil()` without returning a typed nil.
func (v *ValidationError) OrNil() error {
	if v == nil || len(v.Fields) == 0 {
		return nil
	}
	return v
}

func (v *ValidationError) Error() string {
	names := make([]string, 0, len(v.Fields))
	for f, m := range v.Fields {
		names = append(names, f+": "+m.Key)
	}
	sort.Strings(names)
	s := "invalid input"
	for _, n := range names {
		s += "; " + n
	}
	return s
}

// AsValidation returns the ValidationError inside err, if any.
func AsValidation(err error) (*ValidationError, bool) {
	var v *ValidationError
	ok := errors.As(err, &v)
	return v, ok
}
