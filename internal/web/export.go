package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"

	"github.com/omsn/majlis/internal/money"
)

// An export is a table the treasurer or the board downloads for a
// spreadsheet, as CSV or as an Excel workbook (.xlsx). Its columns have
// translated headers and typed cells, so that each format writes them the
// way spreadsheets read them: amounts as numbers, dates as dates.
type export struct {
	// File is the download's name, without its extension.
	File string
	// Sheet is the translation key of the workbook's sheet name.
	Sheet   string
	Columns []exportColumn
	// Fill writes the rows. For CSV it runs after the handler returned,
	// while the body streams: it must not read the request.
	Fill func(exportRows) error
}

type exportColumn struct {
	// Header is a translation key.
	Header string
	Kind   cellKind
	// Width is the column's width in the workbook, in characters.
	Width float64
}

type cellKind int

const (
	textCell   cellKind = iota // a string, never evaluated
	moneyCell                  // an amount (moneyValue)
	numberCell                 // an int
	dateCell                   // a day (time.Time; the zero time is an empty cell)
)

// moneyValue is an amount in the currency's smallest unit.
type moneyValue struct {
	Amount   int64
	Currency string
}

// exportRows takes the rows of an export, one value per column: a string,
// a moneyValue, an int or a time.Time, as the column's kind says.
type exportRows interface {
	Row(cells ...any) error
}

// Export formats, as the routes name them.
const (
	formatCSV  = "csv"
	formatXLSX = "xlsx"
)

// sendExport answers with the export as CSV or xlsx, headers in the
// page's language.
func (s *Server) sendExport(c *fiber.Ctx, format string, e export) error {
	tr := s.translator(c)
	headers := make([]string, len(e.Columns))
	for i, col := range e.Columns {
		headers[i] = tr.T(col.Header)
	}
	if format == formatXLSX {
		return s.sendXLSX(c, e, tr.T(e.Sheet), headers)
	}
	dialect := csvDialectFor(tr.Code)
	return s.csvResponse(c, e.File+".csv", func(w csvRows) error {
		if err := w.Write(headers); err != nil {
			return err
		}
		return e.Fill(csvExportRows{w: w, dialect: dialect, columns: e.Columns})
	})
}

type csvExportRows struct {
	w       csvRows
	dialect csvDialect
	columns []exportColumn
}

// Row writes amounts with the dialect's decimal mark and no grouping
// (what a spreadsheet reads as a number), dates as ISO days (which every
// spreadsheet reads as a date, whatever its regional settings).
func (r csvExportRows) Row(cells ...any) error {
	out := make([]string, len(cells))
	for i, v := range cells {
		switch v := v.(type) {
		case string:
			out[i] = v
		case moneyValue:
			out[i] = strings.Replace(money.Plain(v.Amount, v.Currency), ".", r.dialect.Point, 1)
		case int:
			out[i] = strconv.Itoa(v)
		case time.Time:
			if !v.IsZero() {
				out[i] = v.Format(time.DateOnly)
			}
		default:
			return fmt.Errorf("export: cell %d of type %T", i, v)
		}
	}
	return r.w.Write(out)
}

// xlsxContentType is the media type of an Excel workbook.
const xlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// sendXLSX builds the workbook, then sends it: an error on the way is a
// plain error page, not half a file. Text goes in string cells, which no
// spreadsheet evaluates, so no apostrophe is needed against formulas: a
// phone number "+212…" or "=1+1" shows as typed.
func (s *Server) sendXLSX(c *fiber.Ctx, e export, sheet string, headers []string) error {
	f := excelize.NewFile()
	defer f.Close()
	name := sheetName(sheet)
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	// 4 is "#,##0.00" and 14 the short date of the reader's regional
	// settings: Excel and LibreOffice show each in the reader's own way.
	amount, err := f.NewStyle(&excelize.Style{NumFmt: 4})
	if err != nil {
		return err
	}
	day, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	for i, col := range e.Columns {
		w := col.Width
		if w == 0 {
			w = 14
		}
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(headers))
	for i, h := range headers {
		head[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	rows := &xlsxExportRows{sw: sw, next: 2, amount: amount, day: day}
	if err := e.Fill(rows); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, xlsxContentType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+e.File+`.xlsx"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}

type xlsxExportRows struct {
	sw          *excelize.StreamWriter
	next        int
	amount, day int
}

// Row writes typed cells: amounts as numbers in the currency's unit, dates
// as dates, text as text.
func (r *xlsxExportRows) Row(cells ...any) error {
	out := make([]any, len(cells))
	for i, v := range cells {
		switch v := v.(type) {
		case string:
			out[i] = excelize.Cell{Value: v}
		case moneyValue:
			scale := 1.0
			for range money.Decimals(v.Currency) {
				scale *= 10
			}
			out[i] = excelize.Cell{StyleID: r.amount, Value: float64(v.Amount) / scale}
		case int:
			out[i] = excelize.Cell{Value: v}
		case time.Time:
			if !v.IsZero() {
				out[i] = excelize.Cell{StyleID: r.day, Value: v}
			}
		default:
			return fmt.Errorf("export: cell %d of type %T", i, v)
		}
	}
	cell, err := excelize.CoordinatesToCellName(1, r.next)
	if err != nil {
		return err
	}
	r.next++
	return r.sw.SetRow(cell, out)
}

// sheetName makes a sheet's name of a title: at most 31 characters, none of
// those Excel refuses.
func sheetName(title string) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return ' '
		}
		return r
	}, title)
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	if strings.TrimSpace(name) == "" {
		return "Sheet1"
	}
	return name
}
