package web

import (
	"bufio"
	"encoding/csv"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// safeCell keeps a spreadsheet from running a CSV cell as a formula (CSV
// injection): text typed in a public form ("=HYPERLINK(…)") is prefixed
// with an apostrophe, which Excel and LibreOffice show as plain text.
//
// A cell is prefixed when it starts with one of the characters OWASP
// lists as starting a formula (= + - @ tab CR), unless it is a number or a
// phone number: a "+" or "-" followed only by digits, spaces and the
// punctuation of numbers and phone numbers (. , ( ) - /), as in
// "+212 6 12 34 56 78" or "-300,00". Such a cell names no function, cell
// or external link, so even a spreadsheet that evaluates it can compute
// nothing from it, and prefixing it would spoil a phone number or a
// negative amount. "=", "@", tab and CR always start a formula ("=1+1").
func safeCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if (s[0] == '+' || s[0] == '-') && len(s) > 1 && onlyNumberPunctuation(s[1:]) {
		return s
	}
	return "'" + s
}

// onlyNumberPunctuation reports whether s holds at least one digit and
// nothing but digits, spaces and . , ( ) - /.
func onlyNumberPunctuation(s string) bool {
	digit := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case strings.ContainsRune(" .,()-/", r):
		default:
			return false
		}
	}
	return digit
}

// csvDialect is how a spreadsheet in a language's usual regional settings
// reads a CSV file: its field separator and its decimal mark.
//
//   - French: ";" and ",". Excel set up for France (or Morocco in French)
//     takes ";" as the list separator and reads "1234,50" as a number.
//   - English: "," and ".".
//   - Arabic: ";" and ",", like French. In Morocco, Arabic-speaking users
//     run Excel with the Moroccan regional settings (fr-MA, ar-MA), whose
//     list separator is ";" and decimal mark ","; a comma-separated file
//     opens there as one column.
type csvDialect struct {
	Comma rune
	Point string
}

func csvDialectFor(lang string) csvDialect {
	if lang == "en" {
		return csvDialect{Comma: ',', Point: "."}
	}
	return csvDialect{Comma: ';', Point: ","}
}

// csvRows writes rows with every cell made safe.
type csvRows struct{ w *csv.Writer }

// Write writes one row.
func (r csvRows) Write(row []string) error {
	safe := make([]string, len(row))
	for i, c := range row {
		safe[i] = safeCell(c)
	}
	return r.w.Write(safe)
}

// csvResponse streams a CSV download that Excel and LibreOffice open as
// UTF-8 (the byte-order mark tells them), with the field separator of the
// page's language (csvDialectFor). Rows are written as they are read, so
// memory stays flat; an error met half-way, after the status has gone,
// ends the file with a line saying so, and is logged.
func (s *Server) csvResponse(c *fiber.Ctx, name string, write func(csvRows) error) error {
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	comma := csvDialectFor(s.translator(c).Code).Comma
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		_, _ = w.WriteString("\ufeff")
		cw := csv.NewWriter(w)
		cw.Comma = comma
		if err := write(csvRows{cw}); err != nil {
			s.Log.Error("CSV export cut short", "file", name, "err", err)
			_ = cw.Write([]string{"# EXPORT INCOMPLETE: an error stopped it; download it again"})
		}
		cw.Flush()
	})
	return nil
}
