package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"text/template"
	"text/template/parse"

	"github.com/omsn/majlis/views"
)

// layoutNamespace is the one name by which the base layout reaches a view
// model (page.Layout).
const layoutNamespace = "Layout"

// A view model that declared its own Layout would take the layout's place
// in every page it renders: no type of the package but page may declare a
// field or method of that name.
func TestNoViewModelShadowsTheLayoutNamespace(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.TypeSpec:
				st, ok := n.Type.(*ast.StructType)
				if !ok {
					return true
				}
				checked++
				for _, field := range st.Fields.List {
					for _, id := range field.Names {
						if id.Name == layoutNamespace {
							t.Errorf("%s: type %s declares a field %s, which hides the layout's data from the base layout",
								fset.Position(id.Pos()), n.Name.Name, layoutNamespace)
						}
					}
					if len(field.Names) == 0 && embeddedName(field.Type) == layoutNamespace {
						t.Errorf("%s: type %s embeds a type named %s, which hides the layout's data",
							fset.Position(field.Pos()), n.Name.Name, layoutNamespace)
					}
				}
			case *ast.FuncDecl:
				if n.Recv != nil && n.Name.Name == layoutNamespace {
					if recv := embeddedName(n.Recv.List[0].Type); recv != "page" {
						t.Errorf("%s: type %s declares a method %s, which hides the layout's data",
							fset.Position(n.Pos()), recv, layoutNamespace)
					}
				}
			}
			return true
		})
	}
	if checked < 20 {
		t.Fatalf("only %d struct types found: the check reads the wrong files", checked)
	}
}

// embeddedName is the bare type name of T, *T or pkg.T.
func embeddedName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return embeddedName(e.X)
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.Ident:
		return e.Name
	}
	return ""
}

// The base layout reaches the page's data only as .Layout.… (or
// $.Layout.…), so that the namespace rule above is enough to keep any view
// from changing the head, the navigation or the footer.
func TestTheBaseLayoutReadsOnlyTheLayoutNamespace(t *testing.T) {
	src, err := fs.ReadFile(views.Templates, "layouts/base.html")
	if err != nil {
		t.Fatal(err)
	}
	funcs := template.FuncMap{"embed": func() string { return "" }}
	for name, fn := range layoutFuncs("test") {
		funcs[name] = fn
	}
	tmpl, err := template.New("base").Funcs(funcs).Parse(string(src))
	if err != nil {
		t.Fatal(err)
	}
	reads := 0
	var walk func(n parse.Node, dotIsPage bool)
	checkPipe := func(p *parse.PipeNode, dotIsPage bool) {
		if p == nil {
			return
		}
		for _, cmd := range p.Cmds {
			for _, arg := range cmd.Args {
				walk(arg, dotIsPage)
			}
		}
	}
	walk = func(n parse.Node, dotIsPage bool) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return
			}
			for _, c := range n.Nodes {
				walk(c, dotIsPage)
			}
		case *parse.ActionNode:
			checkPipe(n.Pipe, dotIsPage)
		case *parse.IfNode:
			checkPipe(n.Pipe, dotIsPage)
			walk(n.List, dotIsPage)
			walk(n.ElseList, dotIsPage)
		case *parse.RangeNode:
			checkPipe(n.Pipe, dotIsPage)
			walk(n.List, false)
			walk(n.ElseList, dotIsPage)
		case *parse.WithNode:
			checkPipe(n.Pipe, dotIsPage)
			walk(n.List, false)
			walk(n.ElseList, dotIsPage)
		case *parse.TemplateNode:
			checkPipe(n.Pipe, dotIsPage)
		case *parse.PipeNode:
			checkPipe(n, dotIsPage)
		case *parse.ChainNode:
			walk(n.Node, dotIsPage)
		case *parse.FieldNode:
			if dotIsPage {
				reads++
				if n.Ident[0] != layoutNamespace {
					t.Errorf("the base layout reads .%s from the page; it must read .%s.%s", strings.Join(n.Ident, "."),
						layoutNamespace, strings.Join(n.Ident, "."))
				}
			}
		case *parse.VariableNode:
			if n.Ident[0] == "$" {
				reads++
				if len(n.Ident) < 2 || n.Ident[1] != layoutNamespace {
					t.Errorf("the base layout reads %s from the page; it must go through $.%s", n, layoutNamespace)
				}
			}
		case *parse.DotNode:
			if dotIsPage {
				t.Errorf("the base layout passes the whole page (.) on; pass .%s", layoutNamespace)
			}
		}
	}
	walk(tmpl.Tree.Root, true)
	if reads < 10 {
		t.Fatalf("only %d reads of the page found in the layout: the check walks the wrong tree", reads)
	}
}

// The asset URLs are short: the file and the version, whatever the page.
func TestAssetURLsCarryOnlyTheVersion(t *testing.T) {
	asset := layoutFuncs("1.4.0 (abc)")["asset"].(func(string) string)
	if got := asset("css/majlis.css"); got != "/static/css/majlis.css?v=1.4.0+%28abc%29" {
		t.Fatalf("asset URL %q", got)
	}
}
