package web_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/ent/webhookevent"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/money"
	"github.com/omsn/majlis/internal/payments"
	"github.com/omsn/majlis/internal/testdb"
)

// treasurerIn signs the demo treasurer in, reading pages in lang.
func treasurerIn(t *testing.T, env *apptest.Env, lang string) *apptest.Client {
	t.Helper()
	c := env.Client(t)
	c.SignIn(youssef, demo.AdminPassword)
	if r := c.Post("/language", url.Values{"lang": {lang}, "next": {"/treasurer"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("language %s: %d", lang, r.Status)
	}
	return c
}

// plain is a message as a file (not a page) carries it.
func plain(lang, key string, args ...any) string { return catalog.Translator(lang).T(key, args...) }

func readCSV(t *testing.T, body string, comma rune) [][]string {
	t.Helper()
	if !strings.HasPrefix(body, "\ufeff") {
		t.Fatal("no UTF-8 byte-order mark")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	r.Comma = comma
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v", err)
	}
	return rows
}

func TestTheTreasurerFindsAMemberByPartOfTheNameOrTheNumber(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		tr := treasurerIn(t, env, "fr")
		nadia := db.Ent.Member.Query().Where(member.Email(plainMember)).OnlyX(ctx)

		// Part of a name, in any case: one member found opens the account.
		r := tr.Get("/treasurer/member?q=CHRAIB")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `id="member-name">Nadia Chraibi`) {
			t.Fatalf("search by part of the name: %d", r.Status)
		}
		// The exact number, as before.
		if r := tr.Get("/treasurer/member?q=" + url.QueryEscape(*nadia.Number)); !strings.Contains(r.Body, `id="member-name">Nadia Chraibi`) {
			t.Fatal("search by number does not open the account")
		}
		// Accents do not matter: "laabi" finds the Laâbi family, listed.
		laabi := db.Ent.Member.Query().Where(member.LastName("Laâbi"), member.NumberNotNil()).AllX(ctx)
		r = tr.Get("/treasurer/member?q=laabi")
		if len(laabi) == 0 || r.Status != http.StatusOK {
			t.Fatalf("accent-insensitive search: %d (%d Laâbi in the demo)", r.Status, len(laabi))
		}
		if len(laabi) > 1 {
			if !strings.Contains(r.Body, `id="matches"`) {
				t.Fatal("several matches are not listed")
			}
			for _, m := range laabi {
				if !strings.Contains(r.Body, `href="/treasurer/member?number=`+*m.Number+`"`) {
					t.Errorf("%s is not among the matches", *m.Number)
				}
			}
		} else if !strings.Contains(r.Body, `id="member-name">`) {
			t.Fatal("the one Laâbi is not opened")
		}
		// No match says so at the field.
		r = tr.Get("/treasurer/member?q=zzzzqx")
		if !strings.Contains(r.Body, `id="q-error"`) || !strings.Contains(r.Body, text("fr", "treasury.find.none", "Query", "zzzzqx")) {
			t.Fatal("a search without result does not say so")
		}
	})
}

func TestMemberSuggestionsAreForTheTreasurerOnlyAndCarryNameAndNumber(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		nadia := db.Ent.Member.Query().Where(member.Email(plainMember)).OnlyX(ctx)
		for who, email := range map[string]string{"member": plainMember, "secretary general": secretaryGeneral} {
			c := env.Client(t)
			c.SignIn(email, demo.AdminPassword)
			if r := c.Get("/treasurer/members.json?q=chr"); r.Status != http.StatusForbidden {
				t.Errorf("the %s reads the suggestions: %d", who, r.Status)
			}
		}
		if r := env.Client(t).Get("/treasurer/members.json?q=chr"); r.Status == http.StatusOK {
			t.Error("a visitor reads the suggestions")
		}
		tr := treasurerIn(t, env, "fr")
		r := tr.Get("/treasurer/members.json?q=chraib")
		if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("suggestions: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		var got []map[string]any
		if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0]["number"] != *nadia.Number || got[0]["name"] != "Nadia Chraibi" || len(got[0]) != 2 {
			t.Fatalf("suggestions: %v (want the number and the name, nothing else)", got)
		}
		if r := tr.Get("/treasurer/members.json?q=c"); r.Body != "[]" {
			t.Fatalf("one letter suggests %s", r.Body)
		}
		// The page wires the box to its suggestions.
		page := tr.Get("/treasurer/member")
		if !strings.Contains(page.Body, `data-member-search="/treasurer/members.json"`) || !strings.Contains(page.Body, `data-suggestions="member-suggestions"`) ||
			!strings.Contains(page.Body, `id="member-suggestions" class="suggestions" role="listbox"`) {
			t.Fatal("the search box has no suggestions")
		}
	})
}

func TestTheAccountPageSpeaksOfTheMemberAndProposesTheOldestDebt(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		tr := treasurerIn(t, env, "fr")
		// A member behind for 2026, who owes 2027 too once it is opened.
		m := db.Ent.Member.Query().Where(member.StatusEQ(member.StatusLapsed),
			member.HasDuesChargesWith(duescharge.StatusEQ(duescharge.StatusOpen))).FirstX(ctx)
		if _, _, err := env.Services.Dues.OpenPeriod(ctx, 2027, 0); err != nil {
			t.Fatal(err)
		}
		open := db.Ent.DuesCharge.Query().Where(duescharge.MemberID(m.ID), duescharge.StatusEQ(duescharge.StatusOpen)).
			Order(ent.Asc(duescharge.FieldCoversFrom)).AllX(ctx)
		if len(open) < 2 {
			t.Fatalf("%d open debts, want two", len(open))
		}
		r := tr.Get("/treasurer/member?number=" + url.QueryEscape(*m.Number))
		if r.Status != http.StatusOK {
			t.Fatalf("account: %d", r.Status)
		}
		selected := regexp.MustCompile(`<option value="(\d+)" selected>`).FindStringSubmatch(r.Body)
		if selected == nil || selected[1] != itoa(open[0].ID) {
			t.Fatalf("proposed %v, want the oldest debt %d", selected, open[0].ID)
		}
		standing := regexp.MustCompile(`(?s)<p id="standing">(.*?)</p>`).FindStringSubmatch(r.Body)
		name := strings.TrimSpace(m.FirstName + " " + m.LastName)
		if standing == nil || !strings.Contains(standing[1], name+" n’est pas à jour") || strings.Contains(standing[1], "Vous") {
			t.Fatalf("standing: %q, want it to speak of %s", standing, name)
		}
		// Nadia, in good standing: her name, not "vous".
		nadia := db.Ent.Member.Query().Where(member.Email(plainMember)).OnlyX(ctx)
		db.Ent.DuesCharge.Delete().Where(duescharge.MemberID(nadia.ID), duescharge.StatusEQ(duescharge.StatusOpen)).ExecX(ctx)
		r = tr.Get("/treasurer/member?number=" + url.QueryEscape(*nadia.Number))
		mustSay(t, r.Body, "fr", "treasury.account.good", "Name", "Nadia Chraibi")
		mustSay(t, r.Body, "fr", "treasury.account.nothing_owed", "Name", "Nadia Chraibi")
		if strings.Contains(r.Body, text("fr", "dues.in_good_standing")) {
			t.Error("the treasurer's page says \"vous\" to the treasurer about the member")
		}
	})
}

func TestFlaggedEventsShowTheirAmountsAsMoney(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		db.Ent.WebhookEvent.Create().SetProvider("stripe").SetEventID("evt_mismatch").SetType("checkout.session.completed").
			SetOutcome(webhookevent.OutcomeFlagged).SetReason("paid 250.00 MAD, asked 500.00 MAD").
			SetFlag(&payments.Flag{Code: payments.FlagAmountMismatch, Ref: "cs_test_1", Amounts: map[string]payments.Amount{
				payments.FlagPaid: {Value: 25000, Currency: "MAD"}, payments.FlagAsked: {Value: 50000, Currency: "MAD"}}}).
			ExecX(ctx)
		for _, lang := range languages {
			r := treasurerIn(t, env, lang).Get("/treasurer")
			mustSay(t, r.Body, lang, "treasury.flag.amount_mismatch", "Paid", money.Format(25000, "MAD", lang), "Asked", money.Format(50000, "MAD", lang))
			mustSay(t, r.Body, lang, "treasury.event.checkout_session_completed")
			if strings.Contains(r.Body, "25000") || strings.Contains(r.Body, "50000") {
				t.Errorf("%s: the flag prints centimes", lang)
			}
		}
	})
}

func TestTheChartNamesMonthsAndAmountsAndSaysWhenAYearHasNoPayment(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		for lang, month := range map[string]string{"fr": "janv.", "ar": "يناير", "en": "Jan"} {
			r := treasurerIn(t, env, lang).Get("/treasurer?year=2026")
			chart := regexp.MustCompile(`(?s)<svg class="chart".*?</svg>`).FindString(r.Body)
			if chart == "" || !strings.Contains(chart, ">"+month+"</text>") {
				t.Errorf("%s: the chart has no month names (%s)", lang, month)
			}
			if ticks := regexp.MustCompile(`<text [^>]*text-anchor="end"[^>]*>[^<]*MAD\x{2069}?</text>`).FindAllString(chart, -1); len(ticks) != 5 {
				t.Errorf("%s: %d amounts on the axis, want 5", lang, len(ticks))
			}
		}
		if _, _, err := env.Services.Dues.OpenPeriod(ctx, 2027, 0); err != nil {
			t.Fatal(err)
		}
		r := treasurerIn(t, env, "fr").Get("/treasurer?year=2027")
		mustSay(t, r.Body, "fr", "treasury.chart.empty", "Year", 2027)
		if strings.Contains(r.Body, `id="chart"`) {
			t.Error("an empty year still draws a chart")
		}
	})
}

func TestCSVExportsFollowTheLanguagesSpreadsheets(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		amount := regexp.MustCompile(`^-?\d+,\d{2}$`)
		fr := readCSV(t, treasurerIn(t, env, "fr").Get("/treasurer/arrears.csv?sort=name&dir=asc").Body, ';')
		if len(fr) < 2 || fr[0][0] != plain("fr", "membership.number") || fr[0][5] != plain("fr", "treasurer.owed") {
			t.Fatalf("French headers: %v", fr[0])
		}
		for _, row := range fr[1:] {
			if !amount.MatchString(row[5]) || !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(row[7]) {
				t.Fatalf("French row: %v (amounts with a decimal comma, ISO days)", row)
			}
			if strings.Contains(row[4], "_") || row[4] == "lapsed" || row[4] == "active" {
				t.Fatalf("a status code in the export: %v", row)
			}
		}
		en := readCSV(t, treasurerIn(t, env, "en").Get("/treasurer/arrears.csv?sort=name&dir=asc").Body, ',')
		if en[0][0] != plain("en", "membership.number") || !regexp.MustCompile(`^\d+\.\d{2}$`).MatchString(en[1][5]) {
			t.Fatalf("English: %v %v", en[0], en[1])
		}
		ar := readCSV(t, treasurerIn(t, env, "ar").Get("/treasurer/arrears.csv?sort=name&dir=asc").Body, ';')
		if ar[0][0] != plain("ar", "membership.number") || !amount.MatchString(ar[1][5]) {
			t.Fatalf("Arabic: %v %v", ar[0], ar[1])
		}
	})
}

func TestSpreadsheetCellsAreTypedAndOnlyFormulasAreGuarded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		ms := db.Ent.Member.Query().Where(member.StatusEQ(member.StatusActive), member.NumberNotNil()).Order(ent.Asc(member.FieldNumber)).Limit(2).AllX(ctx)
		phone, formula := ms[0], ms[1]
		db.Ent.Member.UpdateOne(phone).SetPhone("+212 6 12 34 56 78").ExecX(ctx)
		db.Ent.Member.UpdateOne(formula).SetCity("=1+1").ExecX(ctx)
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword) // reads French

		// CSV: the phone number is left alone, the formula is prefixed.
		rows := readCSV(t, sg.Get("/board/members.csv?sort=number&status=active").Body, ';')
		byNumber := map[string][]string{}
		for _, row := range rows[1:] {
			byNumber[row[0]] = row
		}
		if got := byNumber[*phone.Number][7]; got != "+212 6 12 34 56 78" {
			t.Errorf("CSV phone %q, want it as typed", got)
		}
		if got := byNumber[*formula.Number][8]; got != "'=1+1" {
			t.Errorf("CSV formula %q, want it guarded", got)
		}

		// xlsx: text cells as typed, no apostrophe; header bold and frozen.
		r := sg.Get("/board/members.xlsx?sort=number&status=active")
		if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Fatalf("roster xlsx: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		f := openXLSX(t, r.Body)
		sheet := f.GetSheetName(0)
		xrows, err := f.GetRows(sheet)
		if err != nil || len(xrows) < 3 || xrows[0][0] != plain("fr", "membership.number") {
			t.Fatalf("roster rows: %v %v", err, xrows[:1])
		}
		headerBoldAndFrozen(t, f, sheet)
		checked := 0
		defer func() {
			if checked != 2 {
				t.Errorf("checked %d of the two members in the workbook", checked)
			}
		}()
		for i, row := range xrows {
			if len(row) == 0 {
				continue
			}
			if row[0] == *phone.Number || row[0] == *formula.Number {
				checked++
			}
			cell := func(col string) string { return col + itoa(i+1) }
			switch row[0] {
			case *phone.Number:
				v, _ := f.GetCellValue(sheet, cell("H"))
				typ, _ := f.GetCellType(sheet, cell("H"))
				if v != "+212 6 12 34 56 78" || !textCell(typ) {
					t.Errorf("xlsx phone %q (type %v), want the text as typed", v, typ)
				}
			case *formula.Number:
				v, _ := f.GetCellValue(sheet, cell("I"))
				typ, _ := f.GetCellType(sheet, cell("I"))
				fx, _ := f.GetCellFormula(sheet, cell("I"))
				if v != "=1+1" || fx != "" || !textCell(typ) {
					t.Errorf("xlsx formula cell %q (formula %q, type %v), want text", v, fx, typ)
				}
			}
			if i > 0 {
				joinedIsDate(t, f, sheet, cell("L"))
			}
		}

		// The arrears: amounts are numbers with two decimals.
		a := openXLSX(t, treasurerIn(t, env, "fr").Get("/treasurer/arrears.xlsx").Body)
		as := a.GetSheetName(0)
		headerBoldAndFrozen(t, a, as)
		raw, _ := a.GetCellValue(as, "F2", excelize.Options{RawCellValue: true})
		typ, _ := a.GetCellType(as, "F2")
		if textCell(typ) || !regexp.MustCompile(`^\d+(\.\d+)?$`).MatchString(raw) {
			t.Fatalf("owed %q (type %v), want a number", raw, typ)
		}
		if n := numFmt(t, a, as, "F2"); n != 4 {
			t.Errorf("owed number format %d, want 4 (#,##0.00)", n)
		}
		if n := numFmt(t, a, as, "H2"); n != 14 {
			t.Errorf("since number format %d, want 14 (a date)", n)
		}
	})
}

func openXLSX(t *testing.T, body string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func textCell(t excelize.CellType) bool {
	return t == excelize.CellTypeSharedString || t == excelize.CellTypeInlineString
}

func numFmt(t *testing.T, f *excelize.File, sheet, cell string) int {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return st.NumFmt
}

func headerBoldAndFrozen(t *testing.T, f *excelize.File, sheet string) {
	t.Helper()
	id, _ := f.GetCellStyle(sheet, "A1")
	st, err := f.GetStyle(id)
	if err != nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header not bold: %+v %v", st, err)
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v %v", panes, err)
	}
}

func joinedIsDate(t *testing.T, f *excelize.File, sheet, cell string) {
	t.Helper()
	raw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if raw == "" {
		return
	}
	if n := numFmt(t, f, sheet, cell); n != 14 || !regexp.MustCompile(`^\d+(\.\d+)?$`).MatchString(raw) {
		t.Errorf("%s = %q (format %d), want a date serial", cell, raw, n)
	}
}

func TestTheJournalNamesReceiptsAndTakesADateRange(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		tr := treasurerIn(t, env, "fr")
		m := db.Ent.Member.Query().Where(member.StatusEQ(member.StatusLapsed), member.HasDuesChargesWith(duescharge.StatusEQ(duescharge.StatusOpen))).FirstX(ctx)
		charge := db.Ent.DuesCharge.Query().Where(duescharge.MemberID(m.ID), duescharge.StatusEQ(duescharge.StatusOpen)).FirstX(ctx)
		if r := tr.Post("/treasurer/payments", url.Values{"number": {*m.Number}, "charge_id": {itoa(charge.ID)}, "method": {"cash"},
			"amount": {money.Plain(charge.Amount, charge.Currency)}, "received_on": {"2026-11-20"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("record: %d", r.Status)
		}
		p := db.Ent.Payment.Query().Where(payment.ChargeID(charge.ID)).WithReceipt().OnlyX(ctx)
		if r := tr.Post("/treasurer/payments/"+itoa(p.ID)+"/reverse", url.Values{"number": {*m.Number}, "reason": {"Erreur de saisie"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("reverse: %d", r.Status)
		}
		rev := db.Ent.Payment.Query().Where(payment.ReversesID(p.ID)).WithReceipt().OnlyX(ctx)

		// The form, linked from the dashboard.
		if r := tr.Get("/treasurer"); !strings.Contains(r.Body, `href="/treasurer/journal?year=`) {
			t.Fatal("the dashboard does not link the journal's form")
		}
		form := tr.Get("/treasurer/journal?year=2026")
		if !strings.Contains(form.Body, `id="from" name="from" type="date" dir="ltr" value="2026-01-01"`) ||
			!strings.Contains(form.Body, `value="2026-12-31"`) || !strings.Contains(form.Body, `formaction="/treasurer/journal.xlsx"`) {
			t.Fatal("the journal's form does not propose the year")
		}

		rows := readCSV(t, tr.Get("/treasurer/journal.csv?from=2026-01-01&to=2026-12-31").Body, ';')
		if rows[0][1] != plain("fr", "treasury.column.receipt") {
			t.Fatalf("headers %v", rows[0])
		}
		var paid, reversed []string
		for _, row := range rows[1:] {
			switch row[1] {
			case p.Edges.Receipt.Number:
				paid = row
			case rev.Edges.Receipt.Number:
				reversed = row
			}
		}
		if paid == nil || reversed == nil || reversed[10] != p.Edges.Receipt.Number || reversed[2] != plain("fr", "treasury.kind.reversal") ||
			!strings.HasPrefix(reversed[8], "-") || !strings.Contains(reversed[8], ",") {
			t.Fatalf("payment %v, reversal %v: want receipt numbers, the reversed receipt named", paid, reversed)
		}
		// The last day is included; the reversal (recorded today) is not in November.
		nov := readCSV(t, tr.Get("/treasurer/journal.csv?from=2026-11-20&to=2026-11-20").Body, ';')
		found := false
		for _, row := range nov[1:] {
			found = found || row[1] == p.Edges.Receipt.Number
			if row[1] == rev.Edges.Receipt.Number && !rev.ReceivedOn.Equal(p.ReceivedOn) {
				t.Error("an entry after the span is in the journal")
			}
		}
		if !found {
			t.Error("the last day of the span is left out")
		}
		// The workbook has the same entries, receipt numbers as text.
		x := openXLSX(t, tr.Get("/treasurer/journal.xlsx?from=2026-01-01&to=2026-12-31").Body)
		xr, _ := x.GetRows(x.GetSheetName(0))
		if len(xr) != len(rows) {
			t.Errorf("xlsx has %d rows, CSV %d", len(xr), len(rows))
		}

		// A wrong span: the form again, the errors at their fields.
		r := tr.Get("/treasurer/journal.csv?from=2026-12-31&to=2026-01-01")
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="to-error"`) {
			t.Fatalf("end before start: %d", r.Status)
		}
		mustSay(t, r.Body, "fr", "treasury.journal.error.order")
		r = tr.Get("/treasurer/journal.xlsx?from=31/12/2026&to=")
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="from-error"`) || !strings.Contains(r.Body, `id="to-error"`) ||
			!strings.Contains(r.Body, `value="31/12/2026"`) {
			t.Fatalf("invalid days: %d", r.Status)
		}
	})
}
