// Package receipt renders payment receipts (reçus de cotisation) and their
// reversing documents (avoirs) as one-page A4 PDF files in French.
//
// The package is pure: it takes everything it prints in a Receipt value and
// returns bytes, so numbering, storage and delivery stay with the callers and
// a receipt can be re-rendered identically at any time, e.g. when a member
// asks for a copy. Rendering is deterministic for a given input, which lets
// callers store a hash of the document or compare two renders.
//
// Text is set in the PDF core fonts (Helvetica) through the Windows-1252
// code page: nothing is embedded or downloaded, the files stay small, and
// every word remains real, extractable text. The price is that only
// characters of that code page can be printed (Latin script with French
// accents and the usual punctuation); Render refuses other characters, such
// as Arabic script, instead of printing a mangled name on a document the
// member may have to show to others.
package receipt

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/unicode/norm"

	"github.com/omsn/majlis/internal/i18n/localefmt"
	"github.com/omsn/majlis/internal/money"
)

// Errors returned by Render; test for them with errors.Is.
var (
	// ErrInvalid: the receipt lacks something a receipt must state, or its
	// fields contradict each other.
	ErrInvalid = errors.New("receipt: invalid receipt")
	// ErrUnsupportedChar: a field holds a character the core PDF fonts
	// cannot print (anything outside Windows-1252, e.g. Arabic script).
	ErrUnsupportedChar = errors.New("receipt: character cannot be printed")
)

// Party identifies one side of a receipt. The association fills Name,
// Address, City, Email and RegistrationNumber; a member fills Name, Number,
// Address and City. Empty fields are simply not printed.
type Party struct {
	Name               string // person or organisation name, as it must appear
	Number             string // member number
	Address            string // street address; may span several lines
	City               string // also the place of issue for the association
	Email              string
	RegistrationNumber string // the association's legal registration reference
}

// Receipt is everything printed on one receipt or avoir. Callers translate
// and format nothing but Method: amounts and dates are formatted here so that
// every receipt writes them the same way.
type Receipt struct {
	Number      string    // receipt number, e.g. "2026-000123"
	IssuedAt    time.Time // date of issue; also the PDF's creation date
	Association Party     // the issuer
	Member      Party     // who paid
	Period      string    // what the payment is for, e.g. "Cotisation 2026"
	// Amount is in the currency's smallest unit (centimes). It is the sum
	// received and must be positive; for a reversal it is the sum cancelled,
	// given with either sign, and always printed as a negative amount.
	Amount     int64
	Currency   string    // ISO 4217 code, e.g. "MAD"
	Method     string    // already translated, e.g. "Chèque n° 1234567, Banque Populaire"
	ReceivedOn time.Time // date of payment
	Reversal   bool      // an avoir cancelling an earlier receipt
	ReversalOf string    // number of the cancelled receipt; required when Reversal
	Reason     string    // why the receipt is cancelled; optional, only when Reversal
}

// Footer printed at the bottom of every page. It states how the document was
// produced, since it carries no handwritten signature.
const footer = "Reçu délivré par Majlis — document généré électroniquement"

// Page geometry, in millimetres.
const (
	margin = 20.0
	lineH  = 5.5
)

// translators hold converters from UTF-8 to the encoding of the PDF core
// fonts. Building one costs more than the rest of a receipt, so they are
// reused; each keeps a buffer, so one render uses one at a time.
var translators = sync.Pool{New: func() any {
	return fpdf.New("P", "mm", "A4", "").UnicodeTranslatorFromDescriptor("")
}}

// Render produces the PDF for r. The output depends only on r: the document's
// creation and modification dates are r.IssuedAt, and compression is always
// on, so rendering the same receipt twice yields identical bytes (with the
// same fpdf and Go versions, which both affect the compressed streams).
//
// Dates are printed in the location of the time values given, so callers
// should pass them in the association's time zone.
func Render(r Receipt) ([]byte, error) {
	if err := r.validate(); err != nil {
		return nil, err
	}

	mag := r.Amount
	if mag < 0 {
		mag = -mag
	}
	words, err := money.InWordsFR(mag, r.Currency)
	if err != nil {
		return nil, fmt.Errorf("%w: amount: %w", ErrInvalid, err)
	}
	shown := mag
	if r.Reversal {
		// An avoir's figures are negative, but its words say what it
		// cancels ("un avoir annulant trois cents dirhams"): "moins trois
		// cents dirhams" is no sum anyone received.
		shown = -mag
	}
	figures := localefmt.Money(shown, r.Currency, "fr")

	pdf := fpdf.New("P", "mm", "A4", "")
	tr := translators.Get().(func(string) string)
	defer translators.Put(tr)
	if err := r.clean(tr); err != nil {
		return nil, err
	}
	figures = printable(figures)

	title := "Reçu de cotisation n° " + r.Number
	if r.Reversal {
		title = "Avoir n° " + r.Number + " annulant le reçu n° " + r.ReversalOf
	}

	// Fixed metadata and dates keep the output byte-for-byte reproducible.
	// fpdf writes dates without a time zone, which readers take as UTC.
	pdf.SetCreationDate(r.IssuedAt.UTC())
	pdf.SetModificationDate(r.IssuedAt.UTC())
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	pdf.SetTitle(title, true)
	pdf.SetAuthor(r.Association.Name, true)
	pdf.SetCreator("Majlis", true)
	pdf.SetProducer("Majlis", true)
	pdf.SetLang("fr")

	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin+5)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-margin)
		pdf.SetFont("Helvetica", "I", 8)
		pdf.SetTextColor(100, 100, 100)
		pdf.CellFormat(0, 4, tr(footer), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetTextColor(0, 0, 0)

	// Issuer.
	a := r.Association
	pdf.SetFont("Helvetica", "B", 16)
	pdf.MultiCell(0, 7, tr(a.Name), "", "L", false)
	pdf.SetFont("Helvetica", "", 9.5)
	var id []string
	id = append(id, lines(a.Address)...)
	id = appendIf(id, "", a.City)
	id = appendIf(id, "Courriel\u00A0: ", a.Email)
	id = appendIf(id, "N° d’enregistrement\u00A0: ", a.RegistrationNumber)
	for _, l := range id {
		pdf.MultiCell(0, 4.5, tr(l), "", "L", false)
	}
	pdf.Ln(3)
	pdf.SetDrawColor(120, 120, 120)
	pdf.Line(margin, pdf.GetY(), 210-margin, pdf.GetY())

	// Title.
	pdf.Ln(10)
	pdf.SetFont("Helvetica", "B", 15)
	pdf.MultiCell(0, 7.5, tr(title), "", "C", false)
	pdf.Ln(8)

	// Member.
	m := r.Member
	field := func(label, value string) {
		if value == "" {
			return
		}
		pdf.SetFont("Helvetica", "", 11)
		pdf.Write(lineH, tr(label+"\u00A0: "))
		pdf.SetFont("Helvetica", "B", 11)
		pdf.Write(lineH, tr(value))
		pdf.Ln(lineH + 1)
	}
	field("Membre", m.Name)
	field("N° de membre", m.Number)
	field("Adresse", strings.Join(append(lines(m.Address), lines(m.City)...), ", "))
	pdf.Ln(5)

	// Amount, in figures and in words: the words are what make the figures
	// hard to alter.
	pdf.SetFont("Helvetica", "", 11)
	if r.Reversal {
		pdf.Write(lineH, tr("Montant annulé\u00A0: "))
	} else {
		pdf.Write(lineH, tr("Reçu la somme de "))
	}
	pdf.SetFont("Helvetica", "B", 11)
	pdf.Write(lineH, tr(figures))
	pdf.SetFont("Helvetica", "", 11)
	if r.Reversal {
		pdf.Write(lineH, tr(", soit un avoir annulant "))
	} else {
		pdf.Write(lineH, tr(", soit "))
	}
	pdf.SetFont("Helvetica", "I", 11)
	pdf.Write(lineH, tr(words))
	pdf.SetFont("Helvetica", "", 11)
	pdf.Write(lineH, ".")
	pdf.Ln(lineH + 5)

	field("Au titre de", r.Period)
	field("Mode de paiement", r.Method)
	field("Date du paiement", frenchDate(r.ReceivedOn))
	if r.Reversal {
		field("Motif de l’annulation", r.Reason)
	}

	// Place and date of issue.
	pdf.Ln(10)
	issued := "Fait le " + frenchDate(r.IssuedAt)
	if a.City != "" {
		issued = "Fait à " + a.City + ", le " + frenchDate(r.IssuedAt)
	}
	pdf.SetFont("Helvetica", "", 11)
	pdf.MultiCell(0, lineH, tr(issued), "", "R", false)

	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("receipt: rendering %s: %w", r.Number, err)
	}
	return buf.Bytes(), nil
}

// validate checks what a receipt must state. It rejects contradictions too,
// such as a cancelled-receipt number on an ordinary receipt, because they
// point to a mistake upstream that should not reach a printed document.
func (r *Receipt) validate() error {
	var missing []string
	for _, f := range []struct{ name, value string }{
		{"Number", r.Number},
		{"Association.Name", r.Association.Name},
		{"Member.Name", r.Member.Name},
		{"Period", r.Period},
		{"Currency", r.Currency},
	} {
		if strings.TrimSpace(f.value) == "" {
			missing = append(missing, f.name)
		}
	}
	if r.IssuedAt.IsZero() {
		// A zero date would also make fpdf stamp the current time and break
		// reproducibility.
		missing = append(missing, "IssuedAt")
	}
	if r.ReceivedOn.IsZero() {
		missing = append(missing, "ReceivedOn")
	}
	if r.Reversal && strings.TrimSpace(r.ReversalOf) == "" {
		missing = append(missing, "ReversalOf")
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: missing %s", ErrInvalid, strings.Join(missing, ", "))
	}
	switch {
	case r.Amount == 0 || r.Amount == math.MinInt64:
		return fmt.Errorf("%w: amount %d", ErrInvalid, r.Amount)
	case r.Amount < 0 && !r.Reversal:
		return fmt.Errorf("%w: negative amount %d on a receipt that is not a reversal", ErrInvalid, r.Amount)
	case !r.Reversal && (r.ReversalOf != "" || r.Reason != ""):
		return fmt.Errorf("%w: ReversalOf or Reason set on a receipt that is not a reversal", ErrInvalid)
	}
	return nil
}

// clean normalises every printed field and checks that tr, the Windows-1252
// translator of the document, can print it.
func (r *Receipt) clean(tr func(string) string) error {
	multi := map[*string]bool{&r.Association.Address: true, &r.Member.Address: true}
	for _, f := range []struct {
		name string
		p    *string
	}{
		{"Number", &r.Number},
		{"Association.Name", &r.Association.Name},
		{"Association.Address", &r.Association.Address},
		{"Association.City", &r.Association.City},
		{"Association.Email", &r.Association.Email},
		{"Association.RegistrationNumber", &r.Association.RegistrationNumber},
		{"Member.Name", &r.Member.Name},
		{"Member.Number", &r.Member.Number},
		{"Member.Address", &r.Member.Address},
		{"Member.City", &r.Member.City},
		{"Period", &r.Period},
		{"Method", &r.Method},
		{"ReversalOf", &r.ReversalOf},
		{"Reason", &r.Reason},
	} {
		s := printable(*f.p)
		if multi[f.p] {
			s = strings.Join(lines(s), "\n")
		} else {
			s = strings.Join(strings.Fields(s), " ")
		}
		for _, c := range s {
			if c == '\n' || c >= ' ' && c < 0x7F {
				continue
			}
			// The translator writes '.' for what the code page lacks.
			if c < 0xA0 || tr(string(c)) == "." {
				return fmt.Errorf("%w: %U %q in %s", ErrUnsupportedChar, c, c, f.name)
			}
		}
		*f.p = s
	}
	return nil
}

// printable composes accents (a decomposed "ï" is two code points, the
// second absent from Windows-1252) and replaces typographic characters that
// the code page lacks by their closest equivalent: the narrow no-break space
// French figures use (localefmt) becomes a no-break space.
func printable(s string) string {
	return spaceReplacer.Replace(norm.NFC.String(s))
}

var spaceReplacer = strings.NewReplacer(
	"\u202F", "\u00A0", // narrow no-break space
	"\u2009", "\u00A0", // thin space
	"\u2007", "\u00A0", // figure space
	"\u2011", "-", // non-breaking hyphen
	"\u2212", "-", // minus sign
	"\t", " ",
	"\r\n", "\n",
	"\r", "\n",
)

// lines splits a multi-line field into its non-empty, trimmed lines.
func lines(s string) []string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func appendIf(list []string, label, value string) []string {
	if value == "" {
		return list
	}
	return append(list, label+value)
}

// frenchDate writes t as sentences do in French, "2 janvier 2026" and
// "1er janvier 2026", as every page and mail does.
func frenchDate(t time.Time) string { return localefmt.Date(t, "fr") }
