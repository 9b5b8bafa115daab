package members

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/accounts"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/textinput"
)

// ImportProblem is what is wrong with one field of one row.
type ImportProblem struct {
	Line  int // line in the file, counting the header as line 1
	Field string
	Key   string // translation key
	Value string
}

// ImportReport says what an import found or did.
type ImportReport struct {
	Rows     int
	Problems []ImportProblem
	// Imported is the number of members written (0 in a dry run or when any
	// row has a problem: an import writes all rows or none).
	Imported int
	// Mapping is the column used for each field (-1: none).
	Mapping map[string]int
	Headers []string
}

// ImportOptions says how to import a roster.
type ImportOptions struct {
	// Mapping names, for a field, the header of its column; fields left
	// out are guessed from the headers.
	Mapping map[string]string
	// ActorID is the account importing.
	ActorID int
	// DryRun checks every row and writes nothing.
	DryRun bool
	// ChargeOpenPeriods charges the members written for the dues periods
	// already open (through OnImported); leave it off when the old roster's
	// members paid those dues before the import.
	ChargeOpenPeriods bool
	// Progress, if set, is told how far the import is, now and then.
	Progress func(ImportProgress)
	// OnWritten, if set, runs in the import's transaction (ctx carries it)
	// once every row is written, with the report: what records the
	// import's outcome then commits with the members, or not at all.
	OnWritten func(ctx context.Context, rep *ImportReport) error
}

// ImportProgress is how far an import is: rows checked, then rows written.
type ImportProgress struct {
	Checked, Written, Rows int
}

// progressEvery is how many rows pass between two progress reports.
const progressEvery = 500

// ImportCSV reads a roster in CSV (comma or semicolon, UTF-8 with or without
// a byte-order mark). Every row is checked before anything is written; in a
// dry run, or if any row has a problem, nothing is.
func (s *Service) ImportCSV(ctx context.Context, r io.Reader, opt ImportOptions) (*ImportReport, error) {
	mapping, actorID, dryRun := opt.Mapping, opt.ActorID, opt.DryRun
	progress := func(ImportProgress) {}
	if opt.Progress != nil {
		progress = opt.Progress
	}
	rows, err := readCSV(r)
	if err != nil {
		return nil, apperr.Invalid("file", "import.error.unreadable", map[string]any{"Detail": err.Error()})
	}
	if len(rows) < 2 {
		return nil, apperr.Invalid("file", "import.error.empty", nil)
	}
	rep := &ImportReport{Rows: len(rows) - 1, Headers: rows[0], Mapping: map[string]int{}}
	for _, f := range ImportFields {
		rep.Mapping[f] = -1
	}
	headers := headerFields()
	for i, h := range rows[0] {
		if f, ok := headers[word(h)]; ok && rep.Mapping[f] < 0 {
			rep.Mapping[f] = i
		}
	}
	for f, header := range mapping {
		if header == "" {
			continue
		}
		for i, h := range rows[0] {
			if h == header {
				rep.Mapping[f] = i
			}
		}
	}
	if rep.Mapping["email"] < 0 && rep.Mapping["last_name"] < 0 && rep.Mapping["organisation_name"] < 0 {
		return nil, apperr.Invalid("file", "import.error.no_columns", nil)
	}

	cats, err := s.categories.CategoryOptions(ctx)
	if err != nil {
		return nil, err
	}
	known := categoryWords(cats)
	prefix, err := s.numberPrefix(ctx)
	if err != nil {
		return nil, err
	}
	existingEmails, existingNumbers := map[string]bool{}, map[string]bool{}
	all, err := database.Client(ctx, s.db).Member.Query().Select(member.FieldEmail, member.FieldNumber).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range all {
		existingEmails[strings.ToLower(m.Email)] = true
		if m.Number != nil {
			existingNumbers[*m.Number] = true
		}
	}

	var parsed []importRow
	seenEmail, seenNumber := map[string]int{}, map[string]int{}
	for i, rec := range rows[1:] {
		line := i + 2
		row, probs := parseRow(rep.Mapping, rec, line, known)
		if row.Email != "" {
			switch {
			case existingEmails[row.Email]:
				probs = append(probs, ImportProblem{line, "email", "import.error.email_exists", row.Email})
			case seenEmail[row.Email] > 0:
				probs = append(probs, ImportProblem{line, "email", "import.error.duplicate_in_file", row.Email})
			}
			seenEmail[row.Email] = line
		}
		if row.Number != "" {
			switch {
			case existingNumbers[row.Number]:
				probs = append(probs, ImportProblem{line, "number", "import.error.number_exists", row.Number})
			case seenNumber[row.Number] > 0:
				probs = append(probs, ImportProblem{line, "number", "import.error.duplicate_in_file", row.Number})
			}
			seenNumber[row.Number] = line
			if !numberInRange(row.Number, prefix) {
				probs = append(probs, ImportProblem{line, "number", "import.error.number_range", row.Number})
			}
		}
		rep.Problems = append(rep.Problems, probs...)
		parsed = append(parsed, row)
		if (i+1)%progressEvery == 0 {
			progress(ImportProgress{Checked: i + 1, Rows: rep.Rows})
		}
	}
	progress(ImportProgress{Checked: rep.Rows, Rows: rep.Rows})
	if dryRun || len(rep.Problems) > 0 {
		return rep, nil
	}
	err = database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		// Legacy numbers keep the sequence above them, so a new number is
		// never one already given; the check above kept them in range.
		var highest int64
		for _, r := range parsed {
			if n, ok := numberValue(r.Number, prefix); ok && n > highest {
				highest = n
			}
		}
		if highest > 0 {
			if err := database.RaiseSequence(ctx, NumberSequence, highest); err != nil {
				return err
			}
		}
		const batch = 200
		written := make([]int, 0, len(parsed))
		for start := 0; start < len(parsed); start += batch {
			rows := parsed[start:min(start+batch, len(parsed))]
			// The batch's new numbers are reserved in one statement.
			var next int64
			if unnumbered := countUnnumbered(rows); unnumbered > 0 {
				first, err := database.ReserveInSequence(ctx, NumberSequence, unnumbered)
				if err != nil {
					return err
				}
				next = first
			}
			creates := make([]*ent.MemberCreate, 0, batch)
			for _, r := range rows {
				number := r.Number
				if number == "" {
					number = FormatNumber(prefix, next)
					next++
				}
				creates = append(creates, Listed(db.Member.Create().SetKind(r.Kind).SetStatus(r.Status).
					SetApplication(member.ApplicationApproved).SetNumber(number).SetCategory(r.Category).
					SetFirstName(r.FirstName).SetLastName(r.LastName).SetOrganisationName(r.Organisation).
					SetRepresentativeName(r.Representative).SetEmail(r.Email).SetPhone(r.Phone).SetCity(r.City).
					SetNillableJoinedOn(r.JoinedOn)))
			}
			ms, err := db.Member.CreateBulk(creates...).Save(ctx)
			if err != nil {
				return err
			}
			events := make([]*ent.MemberEventCreate, len(ms))
			for i, m := range ms {
				// The status comes from the old roster; no decision is
				// recorded here, so the event carries none.
				events[i] = db.MemberEvent.Create().SetMemberID(m.ID).SetKind("imported").
					SetAt(s.Now()).SetByUserID(actorID)
			}
			if err := db.MemberEvent.CreateBulk(events...).Exec(ctx); err != nil {
				return err
			}
			for _, m := range ms {
				written = append(written, m.ID)
			}
			progress(ImportProgress{Checked: rep.Rows, Written: start + len(ms), Rows: rep.Rows})
		}
		if opt.ChargeOpenPeriods && s.OnImported != nil {
			if err := s.OnImported(ctx, written); err != nil {
				return err
			}
		}
		rep.Imported = len(parsed)
		if opt.OnWritten != nil {
			return opt.OnWritten(ctx, rep)
		}
		return nil
	})
	if err != nil {
		rep.Imported = 0
		return nil, err
	}
	return rep, nil
}

// MaxImportedNumber is the highest legacy member number an import
// accepts. A number raises the sequence new members are numbered from, so
// one wrong cell (a phone number in the number column, a number made up to
// exhaust the sequence) would otherwise give every later member a number
// from there on, or none at all.
const MaxImportedNumber = 1_000_000_000

// numberValue reads the sequence value of a member number: the integer
// after the association's prefix. A number that is not of that form ("A-12",
// "2019/7") is kept as it is and does not touch the sequence.
func numberValue(number, prefix string) (n int64, counts bool) {
	n, err := strconv.ParseInt(strings.TrimPrefix(number, prefix), 10, 64)
	switch {
	case err == nil:
		return n, true
	case errors.Is(err, strconv.ErrRange):
		// An integer, too large (or small) for 64 bits.
		return MaxImportedNumber + 1, true
	}
	return 0, false
}

// numberInRange reports whether a legacy number may be imported: either it
// does not count in the sequence, or it is written with digits only and its
// value is at most MaxImportedNumber (a sign, as in a phone number's
// "+212…", does not make a member number).
func numberInRange(number, prefix string) bool {
	n, counts := numberValue(number, prefix)
	if !counts {
		return true
	}
	digits := strings.TrimPrefix(number, prefix)
	return digits[0] != '+' && digits[0] != '-' && n <= MaxImportedNumber
}

// countUnnumbered counts the rows that need a new member number.
func countUnnumbered(rows []importRow) int64 {
	var n int64
	for _, r := range rows {
		if r.Number == "" {
			n++
		}
	}
	return n
}

type importRow struct {
	Number, FirstName, LastName, Organisation, Representative, Email, Phone, City, Category string
	Kind                                                                                    member.Kind
	Status                                                                                  member.Status
	JoinedOn                                                                                *time.Time
}

func parseRow(mapping map[string]int, rec []string, line int, categories map[string]string) (importRow, []ImportProblem) {
	var probs []ImportProblem
	bad := func(field, key, value string) { probs = append(probs, ImportProblem{line, field, key, value}) }
	refused := map[string]bool{}
	get := func(f string) string {
		if i := mapping[f]; i >= 0 && i < len(rec) {
			cell := strings.TrimSpace(rec[i])
			// A cell that breaks the text rule is reported once, without
			// its bytes, and read as empty so it reaches no query.
			if !textinput.Line(cell) {
				if !refused[f] {
					refused[f] = true
					bad(f, textinput.MessageKey, "")
				}
				return ""
			}
			return cell
		}
		return ""
	}
	r := importRow{Number: get("number"), FirstName: get("first_name"), LastName: get("last_name"),
		Organisation: get("organisation_name"), Representative: get("representative_name"),
		Email: strings.ToLower(get("email")), Phone: get("phone"), City: get("city"),
		Kind: member.KindPerson, Status: member.StatusActive}
	if k := get("kind"); k != "" {
		if kind, ok := kindWords()[word(k)]; ok {
			r.Kind = kind
		} else {
			bad("kind", "import.error.kind", k)
		}
	}
	if r.Kind == member.KindOrganisation && r.Organisation == "" || r.Kind == member.KindPerson && r.LastName == "" {
		bad("name", "import.error.name_missing", "")
	}
	if r.Phone != "" {
		if e164, ok := NormalizePhone(r.Phone); ok {
			r.Phone = e164
		} else {
			bad("phone", "import.error.phone", r.Phone)
		}
	}
	if r.Email != "" && !accounts.ValidEmail(r.Email) {
		bad("email", "import.error.email", r.Email)
	}
	cat := get("category")
	if code, ok := categories[word(cat)]; ok {
		r.Category = code
	} else {
		bad("category", "import.error.category_accepted", cat)
	}
	if st := get("status"); st != "" {
		if s, ok := statusWords()[word(st)]; ok {
			r.Status = member.Status(s)
		} else {
			bad("status", "import.error.status_accepted", st)
		}
	}
	if d := get("joined_on"); d != "" {
		t, err := parseImportDate(d)
		if err != nil {
			bad("joined_on", "import.error.date", d)
		} else {
			r.JoinedOn = &t
		}
	}
	return r, probs
}

func parseImportDate(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("unknown date format")
}

// readCSV reads the whole file, guessing the separator (comma or semicolon,
// as French spreadsheets write) from the first line.
func readCSV(r io.Reader) ([][]string, error) {
	data, err := io.ReadAll(io.LimitReader(r, 50<<20))
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	first, _, _ := bufio.NewReader(bytes.NewReader(data)).ReadLine()
	cr := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%w", err)
	}
	return rows, nil
}
