// Package i18ntest checks that the interface strings of a module have an
// English translation. Each module's tests call CheckTemplates on its own
// templates, so a string added to a template without English fails there.
package i18ntest

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"text/template/parse"
	"unicode"

	"github.com/motcua/motcua/internal/i18n"
)

// translatedKeys are the dict keys whose values the shared partials
// translate ("input", "act_note", "act_text", "cat_select", "row_text"…:
// {{.V.T .Label}}, placeholder="{{$.V.T .Hint}}").
var translatedKeys = map[string]bool{"Label": true, "Hint": true}

// Use is one literal string passed to translation in a template.
type Use struct {
	File string // path in the file system given to TemplateStrings
	Line int
	Text string
}

// TemplateStrings parses the template files matching patterns in fsys and
// returns the literal strings they translate: the argument of .T, $.T,
// $v.T, .V.T and call .T (also the literals of an "or"/"and" argument, as in
// .T (or .Label "Ghi chú")), and the values of "Label" and "Hint" given to a
// partial with dict. Functions are not checked, so any template parses.
func TemplateStrings(fsys fs.FS, patterns ...string) ([]Use, error) {
	var out []Use
	for _, p := range patterns {
		files, err := fs.Glob(fsys, p)
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("i18ntest: no templates match %s", p)
		}
		for _, f := range files {
			b, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil, err
			}
			text := string(b)
			t := parse.New(f)
			t.Mode = parse.SkipFuncCheck
			trees := map[string]*parse.Tree{}
			if _, err := t.Parse(text, "", "", trees); err != nil {
				return nil, fmt.Errorf("i18ntest: %w", err)
			}
			names := make([]string, 0, len(trees))
			for n := range trees {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				w := walker{file: f, text: text}
				w.node(trees[n].Root)
				out = append(out, w.uses...)
			}
		}
	}
	return out, nil
}

type walker struct {
	file, text string
	uses       []Use
}

func (w *walker) add(n *parse.StringNode) {
	line := 1 + strings.Count(w.text[:min(int(n.Pos), len(w.text))], "\n")
	w.uses = append(w.uses, Use{File: w.file, Line: line, Text: n.Text})
}

func (w *walker) node(n parse.Node) {
	switch n := n.(type) {
	case nil:
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			w.node(c)
		}
	case *parse.ActionNode:
		w.node(n.Pipe)
	case *parse.IfNode:
		w.branch(&n.BranchNode)
	case *parse.RangeNode:
		w.branch(&n.BranchNode)
	case *parse.WithNode:
		w.branch(&n.BranchNode)
	case *parse.TemplateNode:
		w.node(n.Pipe)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			w.command(c)
		}
	case *parse.ChainNode:
		w.node(n.Node)
	}
}

func (w *walker) branch(b *parse.BranchNode) {
	w.node(b.Pipe)
	w.node(b.List)
	if b.ElseList != nil {
		w.node(b.ElseList)
	}
}

func (w *walker) command(c *parse.CommandNode) {
	args := c.Args
	if len(args) >= 2 && isIdent(args[0], "call") && isTranslator(args[1]) {
		args = args[1:]
	}
	switch {
	case len(args) >= 2 && isTranslator(args[0]):
		w.literals(args[1])
	case len(args) > 0 && isIdent(args[0], "dict"):
		for i := 1; i+1 < len(args); i += 2 {
			if k, ok := args[i].(*parse.StringNode); ok && translatedKeys[k.Text] {
				w.literals(args[i+1])
			}
		}
	}
	for _, a := range c.Args {
		w.node(a)
	}
}

// literals records the strings a translated argument can evaluate to: a
// literal, or the literal operands of or/and.
func (w *walker) literals(n parse.Node) {
	switch n := n.(type) {
	case *parse.StringNode:
		w.add(n)
	case *parse.PipeNode:
		if len(n.Cmds) != 1 || len(n.Decl) > 0 {
			return
		}
		c := n.Cmds[0]
		if len(c.Args) > 1 && (isIdent(c.Args[0], "or") || isIdent(c.Args[0], "and")) {
			for _, a := range c.Args[1:] {
				w.literals(a)
			}
		}
	}
}

func isIdent(n parse.Node, name string) bool {
	id, ok := n.(*parse.IdentifierNode)
	return ok && id.Ident == name
}

// isTranslator reports whether n names the view's T method: .T, .V.T, $.T,
// $v.T or (…).T.
func isTranslator(n parse.Node) bool {
	var idents []string
	switch n := n.(type) {
	case *parse.FieldNode:
		idents = n.Ident
	case *parse.VariableNode:
		if len(n.Ident) < 2 {
			return false
		}
		idents = n.Ident
	case *parse.ChainNode:
		idents = n.Field
	}
	return len(idents) > 0 && idents[len(idents)-1] == "T"
}

// CheckTemplates fails t with every literal string translated in the
// templates matching patterns in fsys that has no English translation, and
// with every translation whose format verbs differ from its Vietnamese.
// Strings without a letter ("—", "%") need none.
func CheckTemplates(t testing.TB, fsys fs.FS, patterns ...string) {
	t.Helper()
	uses, err := TemplateStrings(fsys, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	if len(uses) == 0 {
		t.Fatalf("no translated strings found in %v", patterns)
	}
	seen := map[string]bool{}
	for _, u := range uses {
		if seen[u.Text] || !hasLetter(u.Text) {
			continue
		}
		seen[u.Text] = true
		if _, ok := i18n.Lookup(i18n.EN, u.Text); !ok {
			t.Errorf("%s:%d: no English for %q", u.File, u.Line, u.Text)
		}
	}
	CheckVerbs(t)
}

// CheckStrings fails t with every string of list that has no English
// translation (for strings built in Go: labels, titles, messages).
func CheckStrings(t testing.TB, what string, list ...string) {
	t.Helper()
	for _, s := range list {
		if _, ok := i18n.Lookup(i18n.EN, s); !ok && hasLetter(s) {
			t.Errorf("%s: no English for %q", what, s)
		}
	}
}

var verb = regexp.MustCompile(`%[-+# 0]*(\[\d+\])?(\d+|\*)?(\.(\d+|\*)?)?[a-zA-Z%]`)

// Verbs returns the format verbs of s in order (%% excluded).
func Verbs(s string) []string {
	var out []string
	for _, v := range verb.FindAllString(s, -1) {
		if v != "%%" {
			out = append(out, v)
		}
	}
	return out
}

// CheckVerbs fails t with every registered translation whose format verbs
// are not those of its Vietnamese text (in order, or as a set when the
// verbs carry explicit argument indexes).
func CheckVerbs(t testing.TB) {
	t.Helper()
	for vi, en := range i18n.English() {
		a, b := Verbs(vi), Verbs(en)
		if strings.Contains(vi, "%[") || strings.Contains(en, "%[") {
			slices.Sort(a)
			slices.Sort(b)
		}
		if !slices.Equal(a, b) {
			t.Errorf("format verbs differ: %q %v → %q %v", vi, a, en, b)
		}
	}
}

func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// vietnamese matches letters only Vietnamese uses (not English).
var vietnamese = regexp.MustCompile(`[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ]`)

// GoRules says which Go literals of a package reach the user through
// translation.
type GoRules struct {
	// Calls maps a callee ("apperr.Invalid", or a method or function name
	// such as "Check" or "render") to the index of its message argument. A
	// call with more arguments after a message (a format) is skipped: the
	// message is formatted before it can be translated — except for the
	// callees of FormatCalls (apperr's constructors, Validation.Addf and
	// Checkf), which keep the format and translate it before formatting:
	// their formats are always collected.
	Calls map[string]int
	// Returns lists functions and methods whose returned string literals
	// are shown translated (labels such as StepLabel).
	Returns []string
	// Fields lists struct fields whose literal values are shown translated
	// (Label: "…" in a composite literal).
	Fields []string
}

// ErrorCalls are the apperr constructors; their messages are shown through
// the layout's {{.T .Error}} and the field_error partial.
var ErrorCalls = map[string]int{
	"apperr.Invalid": 0, "apperr.NotFound": 0, "apperr.Conflict": 0, "apperr.Forbidden": 0,
	"apperr.Unauthorized": 0, "apperr.Unprocessable": 0, "apperr.TooMany": 0,
	"apperr.Errorf": 1, "apperr.FieldError": 2, "Addf": 1, "Checkf": 2, "apperr.Phrase": 0,
}

// FormatCalls are the callees that keep a Vietnamese format and its
// arguments and translate the format before filling it in
// (apperr.MessageIn, apperr.FieldsIn): their format is collected even when
// arguments follow, whether or not the rules list them.
var FormatCalls = map[string]int{
	"apperr.Invalid": 0, "apperr.NotFound": 0, "apperr.Conflict": 0, "apperr.Forbidden": 0,
	"apperr.Unauthorized": 0, "apperr.Unprocessable": 0, "apperr.TooMany": 0,
	"apperr.Errorf": 1, "apperr.FieldError": 2, "Addf": 1, "Checkf": 2, "apperr.Phrase": 0,
}

// GoStrings returns the Vietnamese string literals of the non-test Go files
// in dir that rules say are translated.
func GoStrings(dir string, rules GoRules) ([]Use, error) {
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	returns, fields := map[string]bool{}, map[string]bool{}
	for _, r := range rules.Returns {
		returns[r] = true
	}
	for _, f := range rules.Fields {
		fields[f] = true
	}
	var out []Use
	lit := func(e ast.Expr) {
		b, ok := e.(*ast.BasicLit)
		if !ok || b.Kind != token.STRING {
			return
		}
		s, err := strconv.Unquote(b.Value)
		if err != nil || !vietnamese.MatchString(s) {
			return
		}
		p := fset.Position(b.Pos())
		out = append(out, Use{File: filepath.Base(p.Filename), Line: p.Line, Text: s})
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			return nil, err
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if returns[n.Name.Name] && n.Body != nil {
					ast.Inspect(n.Body, func(m ast.Node) bool {
						if r, ok := m.(*ast.ReturnStmt); ok {
							for _, e := range r.Results {
								lit(e)
							}
						}
						return true
					})
				}
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && fields[k.Name] {
					lit(n.Value)
				}
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					if x, ok := fn.X.(*ast.Ident); ok {
						q := x.Name + "." + fn.Sel.Name
						if i, ok := FormatCalls[q]; ok {
							if i < len(n.Args) {
								lit(n.Args[i])
							}
							return true
						}
						if i, ok := rules.Calls[q]; ok {
							if i == len(n.Args)-1 {
								lit(n.Args[i])
							}
							return true
						}
					}
					name = fn.Sel.Name
				}
				if i, ok := FormatCalls[name]; ok && i < len(n.Args) {
					lit(n.Args[i])
					return true
				}
				if i, ok := rules.Calls[name]; ok && i < len(n.Args) {
					lit(n.Args[i])
				}
			}
			return true
		})
	}
	return out, nil
}

// CheckGo fails t with every literal GoStrings finds in dir that has no
// English translation.
func CheckGo(t testing.TB, dir string, rules GoRules) {
	t.Helper()
	uses, err := GoStrings(dir, rules)
	if err != nil {
		t.Fatal(err)
	}
	if len(uses) == 0 {
		t.Fatalf("no translated Go strings found in %s", dir)
	}
	seen := map[string]bool{}
	for _, u := range uses {
		if seen[u.Text] {
			continue
		}
		seen[u.Text] = true
		if _, ok := i18n.Lookup(i18n.EN, u.Text); !ok {
			t.Errorf("%s:%d: no English for %q", u.File, u.Line, u.Text)
		}
	}
}
