package admin_test

import (
	"maps"
	"os"
	"slices"
	"testing"

	"github.com/motcua/motcua/internal/admin"
	"github.com/motcua/motcua/internal/i18n/i18ntest"
)

// TestEnglishForTemplates fails with every string the templates translate
// (.T "…", "Label"/"Hint" of a partial) that has no English.
func TestEnglishForTemplates(t *testing.T) {
	i18ntest.CheckTemplates(t, os.DirFS("."), "templates/*.html")
}

// TestEnglishForMessages fails with every Vietnamese message written in the
// Go code of the administration pages (errors and their formats, field
// errors, page titles, menu labels, audit action names) that has no
// English.
func TestEnglishForMessages(t *testing.T) {
	calls := maps.Clone(i18ntest.ErrorCalls)
	maps.Copy(calls, map[string]int{"Check": 2, "Add": 1})
	i18ntest.CheckGo(t, ".", i18ntest.GoRules{Calls: calls, Fields: []string{"Label", "title", "Message"}})
	i18ntest.CheckStrings(t, "audit actions", slices.Sorted(maps.Values(admin.ActionNames))...)
	i18ntest.CheckVerbs(t)
}
