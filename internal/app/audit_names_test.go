package app_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/admin"
	"github.com/motcua/motcua/internal/calendarsvc"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/i18n"
)

// dynamicActions are the actions recorded with a computed name, by the
// files that compute them. A new call of audit.Record whose action is not a
// literal fails the test until its file and its actions are listed here.
var dynamicActions = map[string]func() []string{
	"calendarsvc/edit.go": func() []string {
		return []string{calendarsvc.ActionSeed, calendarsvc.ActionCreate, calendarsvc.ActionImport, calendarsvc.ActionStatus,
			calendarsvc.ActionDelete, calendarsvc.ActionDayAdd, calendarsvc.ActionDayRemove}
	},
	"citizen/oidc.go": func() []string { return []string{"citizen.signin", "citizen.signup"} },
	"dossier/act.go": func() []string {
		var out []string
		for _, a := range append(workflow.Actions, workflow.ActClose) {
			out = append(out, "dossier."+string(a))
		}
		return out
	},
	"dossier/intake.go": func() []string {
		return []string{"dossier.intake." + dossier.DecisionReceive, "dossier.intake." + dossier.DecisionRequestSupplement,
			"dossier.intake." + dossier.DecisionRefuse}
	},
	"dossier/online.go": func() []string {
		var out []string
		for _, a := range []string{"accept", "request_changes", "resubmit", "refuse", "withdraw"} {
			out = append(out, "dossier.online."+a)
		}
		return out
	},
}

// TestAuditActionsHaveNames reads every audit.Record call under internal/
// and checks each action has a Vietnamese name in admin.ActionNames (the
// audit viewer) and an English translation of that name.
func TestAuditActionsHaveNames(t *testing.T) {
	actions := map[string]string{} // action → where
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "apptest") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(path, ".."+string(filepath.Separator)))
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := c.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Record" || len(c.Args) < 4 {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "audit" {
				return true
			}
			where := fset.Position(c.Pos()).String()
			if lit, ok := c.Args[3].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				actions[s] = where
				return true
			}
			list, ok := dynamicActions[rel]
			if !ok {
				t.Errorf("%s: audit.Record with a computed action; list its actions in dynamicActions", where)
				return true
			}
			for _, a := range list() {
				actions[a] = where
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(actions) < 20 {
		t.Fatalf("only %d actions found: is the scan reading internal/?", len(actions))
	}
	for a, where := range actions {
		name, ok := admin.ActionNames[a]
		if !ok {
			t.Errorf("%s: action %q has no name in admin.ActionNames", where, a)
			continue
		}
		if _, ok := i18n.Lookup(i18n.EN, name); !ok {
			t.Errorf("action %q: no English for its name %q", a, name)
		}
	}
	for a := range admin.ActionNames {
		if _, ok := actions[a]; !ok {
			t.Errorf("admin.ActionNames names %q, which nothing records", a)
		}
	}
}
