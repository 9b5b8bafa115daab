package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"path"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"

	"github.com/omsn/majlis/internal/i18n"
	"github.com/omsn/majlis/internal/i18n/localefmt"
)

// templates holds, per kind of message, <kind>.txt and <kind>.html, each
// defining "body", rendered inside layout.txt and layout.html.
//
//go:embed templates
var templates embed.FS

// renderData is what the templates see.
type renderData struct {
	Data        map[string]any
	Association Identity
	Lang, Dir   string
	// Name is the recipient's name, for the greeting.
	Name        string
	BaseURL     string
	Unsubscribe string
	tr          *i18n.Translator
}

// T translates a message key in the recipient's language.
func (d renderData) T(key string, args ...any) string { return d.tr.T(key, args...) }

// AssociationName is the association's name in the recipient's language.
func (d renderData) AssociationName() string { return d.Association.In(d.Lang) }

// rendered is a message ready to store.
type rendered struct {
	Subject, Text, HTML string
}

// The layouts, by path: each kind's body is rendered inside them.
const (
	textLayout = "templates/layout.txt"
	htmlLayout = "templates/layout.html"
)

type kindTemplates struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

var (
	parsedMu sync.Mutex
	parsed   = map[string]*kindTemplates{}
)

// Kinds lists the kinds of message there are templates for.
func Kinds() []string {
	entries, _ := fs.Glob(templates, "templates/*.txt")
	var out []string
	for _, e := range entries {
		k := strings.TrimSuffix(path.Base(e), ".txt")
		if k != strings.TrimSuffix(path.Base(textLayout), ".txt") {
			out = append(out, k)
		}
	}
	return out
}

func templatesOf(kind string) (*kindTemplates, error) {
	parsedMu.Lock()
	defer parsedMu.Unlock()
	if k, ok := parsed[kind]; ok {
		return k, nil
	}
	text, err := texttemplate.ParseFS(templates, textLayout, "templates/"+kind+".txt")
	if err != nil {
		return nil, fmt.Errorf("mail %s: text template: %w", kind, err)
	}
	html, err := htmltemplate.ParseFS(templates, htmlLayout, "templates/"+kind+".html")
	if err != nil {
		return nil, fmt.Errorf("mail %s: html template: %w", kind, err)
	}
	k := &kindTemplates{text: text.Option("missingkey=error"), html: html.Option("missingkey=error")}
	parsed[kind] = k
	return k, nil
}

// render writes a message's subject and both parts in one language.
func render(tr *i18n.Translator, kind string, d renderData) (rendered, error) {
	k, err := templatesOf(kind)
	if err != nil {
		return rendered{}, err
	}
	d.tr = tr
	var text, html bytes.Buffer
	if err := k.text.ExecuteTemplate(&text, path.Base(textLayout), d); err != nil {
		return rendered{}, fmt.Errorf("mail %s: %w", kind, err)
	}
	if err := k.html.ExecuteTemplate(&html, path.Base(htmlLayout), d); err != nil {
		return rendered{}, fmt.Errorf("mail %s: %w", kind, err)
	}
	subject := tr.T("email."+kind+".subject", d.Data)
	return rendered{Subject: subject, Text: text.String(), HTML: html.String()}, nil
}

// In picks a label in the recipient's language from labels keyed by
// language (category and position names), falling back to French.
func (d renderData) In(labels map[string]string) string {
	if s := labels[d.Lang]; s != "" {
		return s
	}
	return labels["fr"]
}

// Money writes an amount (in the smallest unit) in the recipient's
// language, as pages do.
func (d renderData) Money(amount int64, currency string) string {
	return localefmt.Isolate(localefmt.Money(amount, currency, d.Lang), d.Lang)
}

// Date writes a day as a sentence does, in the recipient's language
// ("3 décembre 2026"). A message's data has travelled through the job
// queue as JSON, so the day may come as a time or as its ISO text; text
// that is not a date is shown as it is.
func (d renderData) Date(v any) string {
	var t time.Time
	switch v := v.(type) {
	case time.Time:
		t = v
	case string:
		p, err := time.Parse(time.DateOnly, v)
		if err != nil {
			if p, err = time.Parse(time.RFC3339Nano, v); err != nil {
				return v
			}
		}
		t = p
	default:
		return fmt.Sprint(v)
	}
	return localefmt.Isolate(localefmt.Date(t, d.Lang), d.Lang)
}

// Link makes an absolute link to a page of the app.
func (d renderData) Link(p string) string { return d.BaseURL + p }
