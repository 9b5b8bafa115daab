// Package i18n translates Majlis into French (the default), Arabic and
// English. Messages live in locales/*.<lang>.toml, one flat key per message,
// in go-i18n's format; their text may use Go template syntax ({{.Name}}).
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"sort"
	"strings"
	"time"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"

	"github.com/omsn/majlis/internal/i18n/localefmt"
)

//go:embed locales/*.toml
var locales embed.FS

// Default is the language used when nothing else decides.
const Default = "fr"

// Language is one language the interface speaks.
type Language struct {
	Code string // BCP 47 code: fr, ar, en
	Name string // its name in itself
	Dir  string // text direction: ltr or rtl
}

// Languages lists the supported languages, default first.
var Languages = []Language{
	{Code: "fr", Name: "Français", Dir: "ltr"},
	{Code: "ar", Name: "العربية", Dir: "rtl"},
	{Code: "en", Name: "English", Dir: "ltr"},
}

var matcher = language.NewMatcher([]language.Tag{language.French, language.Arabic, language.English})

// Supported reports whether code is one of Languages.
func Supported(code string) bool {
	for _, l := range Languages {
		if l.Code == code {
			return true
		}
	}
	return false
}

// Negotiate picks the best supported language for an Accept-Language header.
func Negotiate(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Default
	}
	_, idx, conf := matcher.Match(tags...)
	if conf == language.No {
		return Default
	}
	return Languages[idx].Code
}

// Catalog holds every message in every language.
type Catalog struct {
	bundle      *goi18n.Bundle
	translators map[string]*Translator
	keys        map[string]map[string]bool
}

// Load reads the embedded message files.
func Load(log *slog.Logger) (*Catalog, error) {
	return LoadFS(locales, log)
}

// LoadFS reads message files from fsys (its locales/*.toml).
func LoadFS(fsys fs.FS, log *slog.Logger) (*Catalog, error) {
	b := goi18n.NewBundle(language.French)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &Catalog{bundle: b, translators: map[string]*Translator{}, keys: map[string]map[string]bool{}}
	files, err := fs.Glob(fsys, "locales/*.toml")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		mf, err := b.LoadMessageFileFS(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		lang := mf.Tag.String()
		if !Supported(lang) {
			return nil, fmt.Errorf("%s: language %q is not supported", f, lang)
		}
		if c.keys[lang] == nil {
			c.keys[lang] = map[string]bool{}
		}
		for _, m := range mf.Messages {
			c.keys[lang][m.ID] = true
		}
	}
	for _, l := range Languages {
		c.translators[l.Code] = &Translator{Language: l, loc: goi18n.NewLocalizer(b, l.Code), log: log}
	}
	return c, nil
}

// Translator returns the translator for a language code, or for the
// default language if the code is not supported.
func (c *Catalog) Translator(code string) *Translator {
	if t, ok := c.translators[code]; ok {
		return t
	}
	return c.translators[Default]
}

// Keys returns the message keys defined for a language, sorted.
func (c *Catalog) Keys(code string) []string {
	out := make([]string, 0, len(c.keys[code]))
	for k := range c.keys[code] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Has reports whether the key exists in that language.
func (c *Catalog) Has(code, key string) bool { return c.keys[code][key] }

// Translator renders messages in one language.
type Translator struct {
	Language
	loc *goi18n.Localizer
	log *slog.Logger
}

// T returns the message for key. Template values come either as one
// map[string]any or as name/value pairs: T("hello", "Name", "Salma").
// A missing key is logged and shown as the key itself, never as a blank.
func (t *Translator) T(key string, args ...any) string {
	data := t.values(templateData(args))
	msg, err := t.loc.Localize(&goi18n.LocalizeConfig{MessageID: key, TemplateData: data})
	if err != nil {
		if t.log != nil {
			t.log.Warn("translation missing", "lang", t.Code, "key", key, "err", err)
		}
		return key
	}
	return msg
}

// templateData builds the values of a message from T's arguments.
func templateData(args []any) map[string]any {
	if len(args) == 1 {
		if m, ok := args[0].(map[string]any); ok {
			return m
		}
	}
	if len(args) == 0 {
		return nil
	}
	m := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok {
			m[k] = args[i+1]
		}
	}
	return m
}

// values writes a message's dates and amounts in the translator's language
// (a time.Time is a day, as sentences write it), and in Arabic isolates each
// text value so a Latin name, an email or a figure neither reverses nor
// drifts from the words around it. Integers are left as they are: a year or
// a version number must not be grouped like a quantity. The caller's map is
// left alone.
func (t *Translator) values(data map[string]any) map[string]any {
	if len(data) == 0 {
		return data
	}
	out := make(map[string]any, len(data))
	for k, v := range data {
		var s string
		switch v := v.(type) {
		case time.Time:
			s = localefmt.Date(v, t.Code)
		case localefmt.Amount:
			s = localefmt.Money(v.Minor, v.Currency, t.Code)
		case string:
			s = v
		default:
			out[k] = v
			continue
		}
		out[k] = localefmt.Isolate(s, t.Code)
	}
	return out
}

// Direction returns "rtl" or "ltr" for a language code.
func Direction(code string) string {
	for _, l := range Languages {
		if l.Code == code {
			return l.Dir
		}
	}
	return "ltr"
}

// NormalizeCode lower-cases a code and drops any region (fr-MA → fr).
func NormalizeCode(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	return s
}
