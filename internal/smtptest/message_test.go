package smtptest_test

import (
	"bytes"
	"encoding/base64"
	"net/smtp"
	"strings"
	"testing"
	"time"

	"github.com/omsn/majlis/internal/smtptest"
)

// arabicQP is "مرحبا بالأعضاء، اجتماع الجمعية العامة يوم السبت." in UTF-8,
// quoted-printable with soft line breaks, as written by hand rather than by
// the encoder the parser's decoder mirrors.
const (
	arabicQP = "=D9=85=D8=B1=D8=AD=D8=A8=D8=A7 =D8=A8=D8=A7=D9=84=D8=A3=D8=B9=D8=B6=D8=A7=\n" +
		"=D8=A1=D8=8C =D8=A7=D8=AC=D8=AA=D9=85=D8=A7=D8=B9 =D8=A7=D9=84=D8=AC=D9=85=\n" +
		"=D8=B9=D9=8A=D8=A9 =D8=A7=D9=84=D8=B9=D8=A7=D9=85=D8=A9 =D9=8A=D9=88=D9=85 =\n" +
		"=D8=A7=D9=84=D8=B3=D8=A8=D8=AA."
	arabicText = "مرحبا بالأعضاء، اجتماع الجمعية العامة يوم السبت."
)

// deliver sends raw through net/smtp and returns what the server recorded.
func deliver(t *testing.T, raw string) smtptest.Message {
	t.Helper()
	s := smtptest.Start(t)
	if err := smtp.SendMail(s.Addr(), nil, "noreply@example.org", []string{"member@example.org"}, []byte(raw)); err != nil {
		t.Fatalf("SendMail: %v", err)
	}
	return s.Wait(t, 1, 5*time.Second)[0]
}

// wrap76 breaks base64 into lines of 76 characters, as RFC 2045 requires.
func wrap76(s string) string {
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\n")
		s = s[76:]
	}
	b.WriteString(s)
	return b.String()
}

func TestNestedMultipart(t *testing.T) {
	pdf := make([]byte, 600)
	for i := range pdf {
		pdf[i] = byte(i) // every byte value, including NUL, CR and LF
	}
	png := []byte("\x89PNG\r\n\x1a\nnot really an image")

	subject := "Convocation à l'assemblée générale — دعوة الجمعية العامة"
	half := len("Convocation à l'assemblée générale ")
	// A long subject folded into two encoded words, as senders do.
	subjectHeader := "=?UTF-8?B?" + base64.StdEncoding.EncodeToString([]byte(subject[:half])) + "?=\n" +
		" =?UTF-8?B?" + base64.StdEncoding.EncodeToString([]byte(subject[half:])) + "?="

	raw := "From: =?UTF-8?Q?Majlis_=E2=80=94_Bureau?= <noreply@example.org>\n" +
		"To: member@example.org\n" +
		"Subject: " + subjectHeader + "\n" +
		"MIME-Version: 1.0\n" +
		"Content-Type: multipart/mixed; boundary=\"mixed-b\"\n" +
		"\n" +
		"This is a multi-part message in MIME format.\n" +
		"--mixed-b\n" +
		"Content-Type: multipart/alternative; boundary=\"alt-b\"\n" +
		"\n" +
		"--alt-b\n" +
		"Content-Type: text/plain; charset=UTF-8\n" +
		"Content-Transfer-Encoding: quoted-printable\n" +
		"\n" +
		arabicQP + "\n" +
		"--alt-b\n" +
		"Content-Type: multipart/related; boundary=\"rel-b\"\n" +
		"\n" +
		"--rel-b\n" +
		"Content-Type: text/html; charset=UTF-8\n" +
		"Content-Transfer-Encoding: quoted-printable\n" +
		"\n" +
		"<p dir=3D\"rtl\">" + arabicQP + "</p><img src=3D\"cid:logo@majlis\">\n" +
		"--rel-b\n" +
		"Content-Type: image/png\n" +
		"Content-Transfer-Encoding: base64\n" +
		// Some senders put RFC 2047 encoded words in file names.
		"Content-Disposition: inline; filename=\"=?UTF-8?Q?logo_=C3=A9t=C3=A9.png?=\"\n" +
		"Content-ID: <logo@majlis>\n" +
		"\n" +
		wrap76(base64.StdEncoding.EncodeToString(png)) + "\n" +
		"--rel-b--\n" +
		"\n" +
		"--alt-b--\n" +
		"\n" +
		"--mixed-b\n" +
		"Content-Type: application/pdf; name=\"fallback.pdf\"\n" +
		"Content-Transfer-Encoding: base64\n" +
		"Content-Disposition: attachment; filename*=UTF-8''proc%C3%A8s-verbal%20%D9%85.pdf\n" +
		"\n" +
		wrap76(base64.StdEncoding.EncodeToString(pdf)) + "\n" +
		"--mixed-b--\n"

	m := deliver(t, raw)
	p, err := m.Parse()
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got := m.Subject(); got != subject {
		t.Errorf("Subject = %q, want %q", got, subject)
	}
	if got := m.DecodedHeader("From"); got != "Majlis — Bureau <noreply@example.org>" {
		t.Errorf("From header = %q", got)
	}
	// The line end before a boundary belongs to the boundary, so a part's
	// content has none at its end.
	if p.Text != arabicText {
		t.Errorf("Text = %q, want %q", p.Text, arabicText)
	}
	if want := "<p dir=\"rtl\">" + arabicText + "</p><img src=\"cid:logo@majlis\">"; p.HTML != want {
		t.Errorf("HTML = %q, want %q", p.HTML, want)
	}
	if m.Text() != p.Text || m.HTML() != p.HTML {
		t.Error("Text/HTML shortcuts disagree with Parse")
	}

	atts := m.Attachments()
	if len(atts) != 2 {
		t.Fatalf("got %d attachments, want the inline logo and the PDF: %+v", len(atts), atts)
	}
	logo, doc := atts[0], atts[1]
	if logo.Filename != "logo été.png" || logo.ContentType != "image/png" || !logo.Inline ||
		logo.ContentID != "logo@majlis" || !bytes.Equal(logo.Data, png) {
		t.Errorf("logo = %+v", logo)
	}
	if doc.Filename != "procès-verbal م.pdf" || doc.ContentType != "application/pdf" || doc.Inline {
		t.Errorf("attachment = %q %q inline=%v", doc.Filename, doc.ContentType, doc.Inline)
	}
	if !bytes.Equal(doc.Data, pdf) {
		t.Errorf("attachment data differs: got %d bytes, want %d", len(doc.Data), len(pdf))
	}
}

func TestSinglePartQuotedPrintable(t *testing.T) {
	raw := "From: noreply@example.org\n" +
		"To: member@example.org\n" +
		"Subject: =?UTF-8?Q?Cotisation_2026_=E2=80=94_=D8=B4=D9=83=D8=B1=D8=A7?=\n" +
		"MIME-Version: 1.0\n" +
		"Content-Type: text/plain; charset=\"utf-8\"\n" +
		"Content-Transfer-Encoding: quoted-printable\n" +
		"\n" +
		arabicQP + "\n"
	m := deliver(t, raw)
	if got := m.Subject(); got != "Cotisation 2026 — شكرا" {
		t.Errorf("Subject = %q", got)
	}
	if got := m.Text(); got != arabicText+"\r\n" {
		t.Errorf("Text = %q, want %q", got, arabicText+"\r\n")
	}
	if m.HTML() != "" || len(m.Attachments()) != 0 {
		t.Errorf("single text part produced HTML %q and %d attachments", m.HTML(), len(m.Attachments()))
	}
}

func TestSinglePartHTMLBase64Latin1(t *testing.T) {
	// "Réunion" in ISO-8859-1: é is the single byte 0xE9.
	body := base64.StdEncoding.EncodeToString([]byte("<b>R\xe9union</b>"))
	raw := "From: noreply@example.org\n" +
		"Subject: plain ascii\n" +
		"Content-Type: text/html; charset=ISO-8859-1\n" +
		"Content-Transfer-Encoding: base64\n" +
		"\n" +
		body + "\n"
	m := deliver(t, raw)
	if got := m.HTML(); got != "<b>Réunion</b>" {
		t.Errorf("HTML = %q", got)
	}
	if m.Text() != "" {
		t.Errorf("Text = %q, want none", m.Text())
	}
}

func TestNoContentTypeIsASCIIText(t *testing.T) {
	m := deliver(t, simpleMessage)
	p, err := m.Parse()
	if err != nil {
		t.Fatal(err)
	}
	if p.Text != "Plain body.\r\n" || p.HTML != "" || len(p.Attachments) != 0 {
		t.Errorf("Parse = %+v", p)
	}
}

func TestParseErrors(t *testing.T) {
	for name, raw := range map[string]string{
		"unknown transfer encoding":  "Subject: x\nContent-Transfer-Encoding: x-rot13\n\nbody\n",
		"multipart without boundary": "Subject: x\nContent-Type: multipart/mixed\n\nbody\n",
		"unterminated multipart": "Subject: x\nContent-Type: multipart/mixed; boundary=b\n\n" +
			"--b\nContent-Type: text/plain\n\ntext\n",
		"bad base64": "Subject: x\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n@@@@\n",
	} {
		t.Run(name, func(t *testing.T) {
			m := deliver(t, raw)
			if _, err := m.Parse(); err == nil {
				t.Error("Parse accepted a malformed message")
			}
		})
	}
}
