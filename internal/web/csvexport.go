package web

import (
	"bufio"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// safeCell keeps a spreadsheet from running a cell as a formula: text
// typed in a public form ("=HYPERLINK(…)") is prefixed with an apostrophe,
// which Excel and LibreOffice show as plain text. Numbers, negative ones
// included, are left as they are.
func safeCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
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
// UTF-8 (the byte-order mark tells them). Rows are written as they are
// read, so memory stays flat; an error met half-way, after the status has
// gone, ends the file with a line saying so, and is logged.
func (s *Server) csvResponse(c *fiber.Ctx, name string, write func(csvRows) error) error {
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		_, _ = w.WriteString("\ufeff")
		cw := csv.NewWriter(w)
		if err := write(csvRows{cw}); err != nil {
			s.Log.Error("CSV export cut short", "file", name, "err", err)
			_ = cw.Write([]string{"# EXPORT INCOMPLETE: an error stopped it; download it again"})
		}
		cw.Flush()
	})
	return nil
}
