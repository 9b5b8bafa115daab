package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func catalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEveryLanguageHasTheSameKeys(t *testing.T) {
	c := catalog(t)
	ref := c.Keys(Default)
	if len(ref) == 0 {
		t.Fatal("no French messages loaded")
	}
	for _, l := range Languages {
		for _, k := range ref {
			if !c.Has(l.Code, k) {
				t.Errorf("%s: missing %q", l.Code, k)
			}
		}
		for _, k := range c.Keys(l.Code) {
			if !c.Has(Default, k) {
				t.Errorf("%s: %q is not in the French file", l.Code, k)
			}
		}
	}
}

// templateKey finds {{.T "key"}} and {{$.T "key" …}} in templates.
var templateKey = regexp.MustCompile(`\.T\s+"([^"]+)"`)

// TestEveryKeyUsedInTemplatesExistsInEveryLanguage scans views/ for
// translation keys and checks each against the three languages.
func TestEveryKeyUsedInTemplatesExistsInEveryLanguage(t *testing.T) {
	c := catalog(t)
	root := filepath.Join("..", "..", "views")
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range templateKey.FindAllStringSubmatch(string(b), -1) {
			n++
			for _, l := range Languages {
				if !c.Has(l.Code, m[1]) {
					t.Errorf("%s uses %q, missing in %s", p, m[1], l.Code)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("found only %d keys in templates: is the pattern still right?", n)
	}
}

// keyShape is a string literal that looks like a message key of a known
// namespace ("error.email_invalid", "flash.signed_out", "nav.home").
var keyShape = regexp.MustCompile(`^[a-z]+(\.[a-z0-9_]+)+$`)

// TestEveryKeyUsedInGoCodeExistsInEveryLanguage parses the Go sources and
// checks every string literal shaped like a key of a namespace the catalog
// uses (the part before the first dot).
func TestEveryKeyUsedInGoCodeExistsInEveryLanguage(t *testing.T) {
	c := catalog(t)
	namespaces := map[string]bool{}
	for _, k := range c.Keys(Default) {
		namespaces[strings.SplitN(k, ".", 2)[0]] = true
	}
	root := filepath.Join("..", "..")
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "ent" && filepath.Dir(p) == root || strings.HasPrefix(d.Name(), ".")) && p != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(node ast.Node) bool {
			lit, ok := node.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !keyShape.MatchString(s) || !namespaces[strings.SplitN(s, ".", 2)[0]] {
				return true
			}
			n++
			for _, l := range Languages {
				if !c.Has(l.Code, s) {
					t.Errorf("%s uses %q, missing in %s", p, s, l.Code)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("found only %d keys in Go code: is the scan still right?", n)
	}
}

func TestMessagesFillTheirValues(t *testing.T) {
	c := catalog(t)
	got := c.Translator("en").T("error.password_too_short", "Min", 10)
	if got != "The password must be at least 10 characters long." {
		t.Fatalf("got %q", got)
	}
	got = c.Translator("fr").T("error.password_too_short", map[string]any{"Min": 12})
	if !strings.Contains(got, "12") {
		t.Fatalf("got %q", got)
	}
}

func TestAMissingKeyShowsTheKeyNotABlank(t *testing.T) {
	if got := catalog(t).Translator("ar").T("no.such.key"); got != "no.such.key" {
		t.Fatalf("got %q", got)
	}
}

func TestUnknownLanguageFallsBackToFrench(t *testing.T) {
	tr := catalog(t).Translator("xx")
	if tr.Code != "fr" || tr.T("nav.home") != "Accueil" {
		t.Fatalf("got %s %q", tr.Code, tr.T("nav.home"))
	}
}

func TestAcceptLanguageNegotiation(t *testing.T) {
	cases := map[string]string{
		"":                             "fr",
		"ar":                           "ar",
		"ar-MA,ar;q=0.9,fr;q=0.8":      "ar",
		"en-GB,en;q=0.9":               "en",
		"de-DE,de;q=0.9":               "fr",
		"de;q=0.9,en;q=0.5":            "en",
		"fr-CA":                        "fr",
		"zz-invalid-!!":                "fr",
		"es;q=1.0, ar;q=0.2, en;q=0.1": "ar",
	}
	for header, want := range cases {
		if got := Negotiate(header); got != want {
			t.Errorf("Negotiate(%q) = %s, want %s", header, got, want)
		}
	}
}

func TestArabicIsRightToLeft(t *testing.T) {
	if Direction("ar") != "rtl" || Direction("fr") != "ltr" || Direction("en") != "ltr" {
		t.Fatal("directions")
	}
}
