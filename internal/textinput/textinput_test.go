package textinput_test

import (
	"testing"

	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/textinput"
)

func TestTheRuleRefusesControlCharactersAndInvalidUTF8(t *testing.T) {
	cases := []struct {
		in         string
		line, text bool
	}{
		{"", true, true},
		{"Salma Idrissi", true, true},
		{"سلمى الإدريسي", true, true},
		{"Émilie d’Arc — Rabat", true, true},
		{"a\x00b", false, false},
		{"Salma\r\nBcc: x@example.org", false, true},
		{"line one\nline two", false, true},
		{"col\tcol", false, true},
		{"\xff", false, false},
		{"caf\xc3", false, false},
		{"bell\a", false, false},
		{"esc\x1b[31m", false, false},
		{"del\x7f", false, false},
		{"c1\u0085", false, false},
		{"text\r\nwith\x00nul", false, false},
	}
	for _, c := range cases {
		if got := textinput.Line(c.in); got != c.line {
			t.Errorf("Line(%q) = %v, want %v", c.in, got, c.line)
		}
		if got := textinput.Text(c.in); got != c.text {
			t.Errorf("Text(%q) = %v, want %v", c.in, got, c.text)
		}
	}
}

func TestTheRuleNamesTheFieldWithItsMessage(t *testing.T) {
	v := &apperr.ValidationError{}
	textinput.Lines(v, map[string]string{"first_name": "a\x00", "last_name": "Idrissi"})
	textinput.CheckText(v, "motivation", "ok\nfine")
	textinput.CheckText(v, "reason", "\xff")
	if len(v.Fields) != 2 || v.Fields["first_name"].Key != textinput.MessageKey || v.Fields["reason"].Key != textinput.MessageKey {
		t.Fatalf("fields: %+v", v.Fields)
	}
	err := textinput.InvalidLine("q", "%\x00")
	if got, ok := apperr.AsValidation(err); !ok || got.Fields["q"].Key != textinput.MessageKey {
		t.Fatalf("search: %v", err)
	}
	if textinput.InvalidLine("q", "idrissi") != nil {
		t.Fatal("a plain search was refused")
	}
}
