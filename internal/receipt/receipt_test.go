package receipt_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/omsn/majlis/internal/receipt"
)

var casablanca = time.FixedZone("Africa/Casablanca", 3600)

var omsn = receipt.Party{
	Name:               "Organisation Marocaine des Sciences et du Numérique",
	Address:            "12, rue Ibn Toumert\nQuartier Hassan",
	City:               "Rabat",
	Email:              "tresorerie@omsn.ma",
	RegistrationNumber: "RC-2019/0457",
}

// sample is an ordinary receipt for an individual member.
func sample() receipt.Receipt {
	return receipt.Receipt{
		Number:      "2026-000123",
		IssuedAt:    time.Date(2026, 2, 1, 10, 30, 0, 0, casablanca),
		Association: omsn,
		Member: receipt.Party{
			Name:    "Aïcha Laâbi",
			Number:  "M-0042",
			Address: "7, avenue Mohammed V",
			City:    "Fès",
		},
		Period:     "Cotisation 2026",
		Amount:     30050,
		Currency:   "MAD",
		Method:     "Chèque n° 1234567, Banque Populaire",
		ReceivedOn: time.Date(2026, 1, 28, 0, 0, 0, 0, casablanca),
	}
}

// pdfText extracts the text of a PDF with pdftotext and collapses every run
// of white space (line breaks, no-break spaces) into one space, so that
// assertions do not depend on where lines wrap.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("MAJLIS_TEST_REQUIRE_PDFTOTEXT") != "" {
			t.Fatalf("pdftotext is required (MAJLIS_TEST_REQUIRE_PDFTOTEXT is set) but not found: %v", err)
		}
		t.Skip("pdftotext not found; install poppler-utils to run text-extraction tests")
	}
	file := filepath.Join(t.TempDir(), "receipt.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-q", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return collapse(string(out))
}

func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

func TestRenderText(t *testing.T) {
	org := sample()
	org.Number = "2026-000200"
	org.Member = receipt.Party{
		Name:   "Coopérative Agricole Féminine Tifawine pour la Valorisation de l’Arganier et des Produits du Terroir de l’Anti-Atlas",
		Number: "O-0007",
		City:   "Taroudant",
	}
	org.Amount = 125000
	org.Method = "Virement bancaire, référence VIR-2026-0042-ÉTÉ"
	org.Period = "Cotisation annuelle 2026 des personnes morales (associations, coopératives et entreprises adhérentes)"
	org.IssuedAt = time.Date(2026, 3, 15, 9, 0, 0, 0, casablanca)

	reversal := sample()
	reversal.Number = "2026-000124"
	reversal.Reversal = true
	reversal.ReversalOf = "2026-000123"
	reversal.Reason = "Chèque rejeté pour défaut de provision"
	reversal.Amount = 30050
	reversal.IssuedAt = time.Date(2026, 2, 10, 16, 0, 0, 0, casablanca)

	large := sample()
	large.Number = "2026-000300"
	large.Amount = 100000000
	large.Association.City = ""
	large.Method = "Espèces"

	euro := sample()
	euro.Number = "2026-000301"
	euro.Amount = 8000
	euro.Currency = "EUR"
	// Decomposed accents (as some keyboards and browsers send them) must
	// print like composed ones.
	euro.Member.Name = "Ai\u0308cha Laa\u0302bi"

	tests := []struct {
		name    string
		r       receipt.Receipt
		want    []string
		notWant []string
	}{
		{
			name: "individual",
			r:    sample(),
			want: []string{
				"Organisation Marocaine des Sciences et du Numérique",
				"12, rue Ibn Toumert", "Quartier Hassan", "Rabat",
				"tresorerie@omsn.ma", "N° d’enregistrement : RC-2019/0457",
				"Reçu de cotisation n° 2026-000123",
				"Membre : Aïcha Laâbi", "N° de membre : M-0042",
				"7, avenue Mohammed V, Fès",
				"Reçu la somme de 300,50 MAD, soit trois cents dirhams et cinquante centimes.",
				"Au titre de : Cotisation 2026",
				"Mode de paiement : Chèque n° 1234567, Banque Populaire",
				"Date du paiement : 28 janvier 2026",
				"Fait à Rabat, le 1er février 2026",
				"Reçu délivré par Majlis — document généré électroniquement",
			},
			notWant: []string{"Avoir", "moins", "-300"},
		},
		{
			name: "organisation with long names",
			r:    org,
			want: []string{
				"Reçu de cotisation n° 2026-000200",
				"Coopérative Agricole Féminine Tifawine pour la Valorisation de l’Arganier et des Produits du Terroir de l’Anti-Atlas",
				"N° de membre : O-0007",
				"Reçu la somme de 1 250,00 MAD, soit mille deux cent cinquante dirhams.",
				"Cotisation annuelle 2026 des personnes morales (associations, coopératives et entreprises adhérentes)",
				"Virement bancaire, référence VIR-2026-0042-ÉTÉ",
				"Fait à Rabat, le 15 mars 2026",
			},
			notWant: []string{"1.250"},
		},
		{
			name: "reversal",
			r:    reversal,
			want: []string{
				"Avoir n° 2026-000124 annulant le reçu n° 2026-000123",
				"Membre : Aïcha Laâbi",
				"Montant annulé : -300,50 MAD, soit un avoir annulant trois cents dirhams et cinquante centimes.",
				"Motif de l’annulation : Chèque rejeté pour défaut de provision",
				"Au titre de : Cotisation 2026",
				"Mode de paiement : Chèque n° 1234567, Banque Populaire",
				"Fait à Rabat, le 10 février 2026",
			},
			notWant: []string{"Reçu de cotisation", "Reçu la somme", "moins"},
		},
		{
			name: "large amount without place of issue",
			r:    large,
			want: []string{
				"Reçu la somme de 1 000 000,00 MAD, soit un million de dirhams.",
				"Mode de paiement : Espèces",
				"Fait le 1er février 2026",
			},
			notWant: []string{"Fait à"},
		},
		{
			name: "euro and decomposed accents",
			r:    euro,
			want: []string{
				"Membre : Aïcha Laâbi",
				"Reçu la somme de 80,00 EUR, soit quatre-vingts euros.",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := receipt.Render(tt.r)
			if err != nil {
				t.Fatal(err)
			}
			text := pdfText(t, out)
			for _, w := range tt.want {
				if !strings.Contains(text, collapse(w)) {
					t.Errorf("text lacks %q\ntext: %s", w, text)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(text, w) {
					t.Errorf("text contains %q\ntext: %s", w, text)
				}
			}
		})
	}
}

func TestRenderDeterministic(t *testing.T) {
	a, err := receipt.Render(sample())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(a, []byte("%PDF-")) {
		t.Fatalf("output starts with %q, want %%PDF-", a[:min(len(a), 8)])
	}
	// fpdf stamps the current time unless told otherwise, the one
	// clock-dependent part of its output. 10:30 at UTC+1 is 09:30 UTC.
	for _, d := range []string{"/CreationDate (D:20260201093000)", "/ModDate (D:20260201093000)"} {
		if !bytes.Contains(a, []byte(d)) {
			t.Errorf("output lacks %s: dates not taken from IssuedAt", d)
		}
	}
	if len(a) > 20_000 {
		// Compression on, no embedded fonts: a receipt is a few kilobytes.
		t.Errorf("receipt is %d bytes; compression or fonts changed?", len(a))
	}

	b, err := receipt.Render(sample())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same receipt differ")
	}

	// Concurrent renders share nothing either.
	var wg sync.WaitGroup
	outs := make([][]byte, 8)
	for i := range outs {
		wg.Go(func() {
			out, err := receipt.Render(sample())
			if err != nil {
				t.Error(err)
			}
			outs[i] = out
		})
	}
	wg.Wait()
	for i, out := range outs {
		if !bytes.Equal(a, out) {
			t.Errorf("concurrent render %d differs", i)
		}
	}

	other := sample()
	other.IssuedAt = other.IssuedAt.Add(24 * time.Hour)
	c, err := receipt.Render(other)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, c) {
		t.Error("changing IssuedAt did not change the document")
	}
}

func TestRenderRejects(t *testing.T) {
	tests := []struct {
		name   string
		change func(*receipt.Receipt)
		want   error
	}{
		{"no number", func(r *receipt.Receipt) { r.Number = " " }, receipt.ErrInvalid},
		{"no association", func(r *receipt.Receipt) { r.Association.Name = "" }, receipt.ErrInvalid},
		{"no member", func(r *receipt.Receipt) { r.Member.Name = "" }, receipt.ErrInvalid},
		{"no period", func(r *receipt.Receipt) { r.Period = "" }, receipt.ErrInvalid},
		{"no currency", func(r *receipt.Receipt) { r.Currency = "" }, receipt.ErrInvalid},
		{"bad currency", func(r *receipt.Receipt) { r.Currency = "DH" }, receipt.ErrInvalid},
		{"no issue date", func(r *receipt.Receipt) { r.IssuedAt = time.Time{} }, receipt.ErrInvalid},
		{"no payment date", func(r *receipt.Receipt) { r.ReceivedOn = time.Time{} }, receipt.ErrInvalid},
		{"zero amount", func(r *receipt.Receipt) { r.Amount = 0 }, receipt.ErrInvalid},
		{"negative amount", func(r *receipt.Receipt) { r.Amount = -100 }, receipt.ErrInvalid},
		{"amount too large", func(r *receipt.Receipt) { r.Amount = 1 << 62 }, receipt.ErrInvalid},
		{"reversal without original", func(r *receipt.Receipt) { r.Reversal = true }, receipt.ErrInvalid},
		{"reason without reversal", func(r *receipt.Receipt) { r.Reason = "erreur" }, receipt.ErrInvalid},
		{"original without reversal", func(r *receipt.Receipt) { r.ReversalOf = "2026-000001" }, receipt.ErrInvalid},
		{"arabic name", func(r *receipt.Receipt) { r.Member.Name = "عائشة العابي" }, receipt.ErrUnsupportedChar},
		{"emoji in method", func(r *receipt.Receipt) { r.Method = "Espèces 💵" }, receipt.ErrUnsupportedChar},
		{"control character", func(r *receipt.Receipt) { r.Period = "Cotisation\x002026" }, receipt.ErrUnsupportedChar},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sample()
			tt.change(&r)
			out, err := receipt.Render(r)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Render() error = %v, want %v", err, tt.want)
			}
			if out != nil {
				t.Error("Render returned a document alongside an error")
			}
		})
	}
}

func TestRenderReversalSign(t *testing.T) {
	// A reversal may carry the cancelled amount with either sign; the
	// document is the same.
	pos := sample()
	pos.Reversal, pos.ReversalOf = true, "2026-000001"
	neg := pos
	neg.Amount = -pos.Amount
	a, err := receipt.Render(pos)
	if err != nil {
		t.Fatal(err)
	}
	b, err := receipt.Render(neg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("a reversal renders differently depending on the amount's sign")
	}
}

func BenchmarkRender(b *testing.B) {
	r := sample()
	for b.Loop() {
		if _, err := receipt.Render(r); err != nil {
			b.Fatal(err)
		}
	}
}
