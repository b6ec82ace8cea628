package calendarui_test

import (
	"maps"
	"os"
	"testing"

	_ "github.com/motcua/motcua/internal/calendarui"
	"github.com/motcua/motcua/internal/i18n/i18ntest"
)

// TestEnglishForTemplates fails with every string the templates translate
// (.T "…", "Label"/"Hint" of a partial) that has no English.
func TestEnglishForTemplates(t *testing.T) {
	i18ntest.CheckTemplates(t, os.DirFS("."), "templates/*.html", "templates/*/*.html")
}

// TestEnglishForMessages fails with every Vietnamese message written in the
// Go code of the calendar pages and API (errors and their formats, field
// errors, page titles, status labels) that has no English.
func TestEnglishForMessages(t *testing.T) {
	calls := maps.Clone(i18ntest.ErrorCalls)
	maps.Copy(calls, map[string]int{"Check": 2, "Add": 1})
	i18ntest.CheckGo(t, ".", i18ntest.GoRules{Calls: calls, Returns: []string{"statusOf"}, Fields: []string{"title", "Title"}})
	i18ntest.CheckVerbs(t)
}
