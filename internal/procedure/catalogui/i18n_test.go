package catalogui_test

import (
	"maps"
	"os"
	"testing"

	"github.com/motcua/motcua/internal/i18n/i18ntest"
	_ "github.com/motcua/motcua/internal/procedure/catalogui"
)

// TestEnglishForTemplates fails with every string the templates translate
// (.T "…", "Label"/"Hint" of a partial) that has no English.
func TestEnglishForTemplates(t *testing.T) {
	i18ntest.CheckTemplates(t, os.DirFS("."), "templates/*.html")
}

// TestEnglishForMessages fails with every Vietnamese message written in the
// Go code of the catalogue pages and API (errors and their formats, field
// errors, form messages, page titles) that has no English.
func TestEnglishForMessages(t *testing.T) {
	calls := maps.Clone(i18ntest.ErrorCalls)
	maps.Copy(calls, map[string]int{"Check": 2, "Add": 1, "fail": 0, "num": 2})
	i18ntest.CheckGo(t, ".", i18ntest.GoRules{Calls: calls, Fields: []string{"title", "Title", "Label"}})
	i18ntest.CheckVerbs(t)
}
