package smtptest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"slices"
	"strings"
	"time"
)

// maxDepth bounds multipart nesting, so a malformed message cannot make the
// parser recurse without end. Real mail nests three or four levels.
const maxDepth = 20

// Message is one message the server accepted: its envelope, the DATA bytes
// exactly as received, and how the session was protected. The envelope is
// kept apart from the headers because a sender can put Bcc recipients in RCPT
// TO only, and tests must see them.
type Message struct {
	// From is the reverse path of MAIL FROM, without angle brackets; empty
	// for a bounce (MAIL FROM:<>).
	From string
	// To lists the accepted RCPT TO addresses, in order; refused ones are
	// not included.
	To []string
	// Raw is the DATA payload after dot-unstuffing, with its CRLF line ends.
	Raw []byte
	// TLS reports whether the session was encrypted (STARTTLS or implicit
	// TLS) when the message was sent.
	TLS bool
	// AuthUser is the user that authenticated the session, or empty.
	AuthUser string
	// ReceivedAt is when the server accepted the message, for tests of
	// retry delays and ordering.
	ReceivedAt time.Time
	// Header is the parsed top-level header, nil if Raw has none that
	// net/mail can read. Values are as on the wire: use DecodedHeader or
	// Subject for RFC 2047 encoded words.
	Header mail.Header
}

// Attachment is a leaf part of a message that is not its text or HTML body:
// a part marked as attachment, or one with a file name, or of any other
// media type.
type Attachment struct {
	// Filename comes from Content-Disposition's filename or, failing that,
	// Content-Type's name, with RFC 2231 and RFC 2047 encodings decoded.
	Filename string
	// ContentType is the media type without parameters, such as
	// "application/pdf".
	ContentType string
	// Inline reports Content-Disposition: inline, as for images embedded in
	// the HTML body of a multipart/related.
	Inline bool
	// ContentID is the Content-ID without angle brackets, which the HTML
	// body references as "cid:" URLs.
	ContentID string
	// Data is the content with its transfer encoding removed.
	Data []byte
}

// Parsed is the decoded content of a message's body.
type Parsed struct {
	// Text is the first text/plain part that is not an attachment,
	// converted to UTF-8 and with its transfer encoding removed.
	Text string
	// HTML is the first text/html part that is not an attachment, decoded
	// likewise.
	HTML string
	// Attachments lists the other leaf parts, in message order.
	Attachments []Attachment
}

func (m Message) clone() Message {
	c := m
	c.To = slices.Clone(m.To)
	c.Raw = bytes.Clone(m.Raw)
	if m.Header != nil {
		c.Header = make(mail.Header, len(m.Header))
		for k, v := range maps.All(m.Header) {
			c.Header[k] = slices.Clone(v)
		}
	}
	return c
}

// DecodedHeader returns the first value of the named header with RFC 2047
// encoded words decoded, which is how a mail client would display it. If the
// value cannot be decoded it is returned as on the wire, so the difference
// shows in the test's failure message.
func (m Message) DecodedHeader(name string) string {
	if m.Header == nil {
		return ""
	}
	v := m.Header.Get(name)
	dec := new(mime.WordDecoder)
	out, err := dec.DecodeHeader(v)
	if err != nil {
		return v
	}
	return out
}

// Subject returns the decoded Subject header.
func (m Message) Subject() string { return m.DecodedHeader("Subject") }

// Text returns the decoded text/plain body, or "" if there is none or the
// message cannot be parsed; use Parse to see the error.
func (m Message) Text() string {
	p, _ := m.Parse()
	return p.Text
}

// HTML returns the decoded text/html body, or "" if there is none or the
// message cannot be parsed; use Parse to see the error.
func (m Message) HTML() string {
	p, _ := m.Parse()
	return p.HTML
}

// Attachments returns the decoded attachments and inline parts, or those
// found before a parse error; use Parse to see the error.
func (m Message) Attachments() []Attachment {
	p, _ := m.Parse()
	return p.Attachments
}

// Parse walks the MIME structure of Raw, through nested multiparts
// (multipart/mixed holding multipart/alternative, multipart/related, and so
// on), removes quoted-printable and base64 transfer encodings, and sorts the
// leaves into text body, HTML body and attachments. A message without
// Content-Type is text/plain in US-ASCII, as RFC 2045 says. On error it
// returns what it decoded before the error.
func (m Message) Parse() (Parsed, error) {
	var p Parsed
	msg, err := mail.ReadMessage(bytes.NewReader(m.Raw))
	if err != nil {
		return p, fmt.Errorf("smtptest: read header: %w", err)
	}
	w := walker{out: &p}
	err = w.walk(textproto.MIMEHeader(msg.Header), msg.Body, 0)
	return p, err
}

type walker struct {
	out      *Parsed
	seenText bool
	seenHTML bool
}

func (w *walker) walk(h textproto.MIMEHeader, body io.Reader, depth int) error {
	if depth > maxDepth {
		return errors.New("smtptest: multipart nested too deeply")
	}
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain; charset=us-ascii"
	}
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil && mediaType == "" {
		return fmt.Errorf("smtptest: Content-Type %q: %w", ct, err)
	}

	if strings.HasPrefix(mediaType, "multipart/") {
		boundary := params["boundary"]
		if boundary == "" {
			return fmt.Errorf("smtptest: %s without boundary", mediaType)
		}
		mr := multipart.NewReader(body, boundary)
		for {
			// NextRawPart, unlike NextPart, leaves quoted-printable encoded
			// so that every transfer encoding goes through decodeTransfer.
			part, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("smtptest: %s: %w", mediaType, err)
			}
			if err := w.walk(part.Header, part, depth+1); err != nil {
				return err
			}
		}
	}

	data, err := decodeTransfer(h.Get("Content-Transfer-Encoding"), body)
	if err != nil {
		return fmt.Errorf("smtptest: %s part: %w", mediaType, err)
	}

	disposition, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	filename := dparams["filename"]
	if filename == "" {
		filename = params["name"]
	}
	filename = decodeWords(filename)

	isBody := disposition != "attachment" && filename == "" &&
		(mediaType == "text/plain" || mediaType == "text/html")
	switch {
	case isBody && mediaType == "text/plain" && !w.seenText:
		w.seenText = true
		w.out.Text = toUTF8(params["charset"], data)
	case isBody && mediaType == "text/html" && !w.seenHTML:
		w.seenHTML = true
		w.out.HTML = toUTF8(params["charset"], data)
	default:
		w.out.Attachments = append(w.out.Attachments, Attachment{
			Filename:    filename,
			ContentType: mediaType,
			Inline:      disposition == "inline",
			ContentID:   strings.Trim(strings.TrimSpace(h.Get("Content-ID")), "<>"),
			Data:        data,
		})
	}
	return nil
}

// decodeTransfer removes a Content-Transfer-Encoding. An unknown encoding is
// an error rather than raw bytes, so a sender that invents one fails.
func decodeTransfer(cte string, r io.Reader) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "", "7bit", "8bit", "binary":
		return io.ReadAll(r)
	case "quoted-printable":
		return io.ReadAll(quotedprintable.NewReader(r))
	case "base64":
		// The decoder skips the CR and LF of wrapped lines.
		return io.ReadAll(base64.NewDecoder(base64.StdEncoding, r))
	default:
		return nil, fmt.Errorf("unknown Content-Transfer-Encoding %q", cte)
	}
}

// decodeWords decodes RFC 2047 encoded words, which some senders put in
// file names although RFC 2231 is the standard way.
func decodeWords(s string) string {
	out, err := new(mime.WordDecoder).DecodeHeader(s)
	if err != nil {
		return s
	}
	return out
}

// toUTF8 converts text in the charsets the standard library can handle
// without extra packages. UTF-8 and ASCII pass through; ISO-8859-1 is mapped
// byte by byte; anything else is returned unchanged, which a test comparing
// against UTF-8 text will notice.
func toUTF8(charset string, data []byte) string {
	switch strings.ToLower(charset) {
	case "iso-8859-1", "latin1", "iso8859-1":
		var b strings.Builder
		b.Grow(len(data))
		for _, c := range data {
			b.WriteRune(rune(c))
		}
		return b.String()
	default:
		return string(data)
	}
}
