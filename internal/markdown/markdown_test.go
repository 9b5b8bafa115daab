package markdown

import (
	"strings"
	"testing"
)

func TestMarkdownIsRenderedWithoutRawHTMLOrScriptLinks(t *testing.T) {
	got := string(ToHTML("## Article 1\n\nTexte <script>alert(1)</script> [x](javascript:alert(1)) **gras**"))
	for _, want := range []string{"<h2>Article 1</h2>", "<strong>gras</strong>"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in %s", want, got)
		}
	}
	for _, bad := range []string{"<script", "javascript:"} {
		if strings.Contains(got, bad) {
			t.Errorf("unsafe %q kept in %s", bad, got)
		}
	}
}
