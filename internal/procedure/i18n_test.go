package procedure_test

import (
	"maps"
	"testing"

	"github.com/motcua/motcua/internal/i18n/i18ntest"
	_ "github.com/motcua/motcua/internal/procedure/catalogui" // the catalogue module's English
)

// TestEnglishForMessages fails with every Vietnamese message of the
// procedure catalogue shown translated (errors and their formats, the
// problems of a procedure shown on the admin form and in API errors — formats
// with their values —, the import's row errors and why a file cannot be
// read, level, unit and time-limit labels) that has no English.
func TestEnglishForMessages(t *testing.T) {
	calls := maps.Clone(i18ntest.ErrorCalls)
	maps.Copy(calls, map[string]int{"Check": 2, "Add": 1, "add": 1, "addDoc": 1, "addFee": 1, "bad": 4})
	i18ntest.CheckGo(t, ".", i18ntest.GoRules{Calls: calls, Returns: []string{"Label"}, Fields: []string{"Message", "Format"}})
	// Formats without a letter only Vietnamese uses, which CheckGo does not
	// collect: the place of a row error and a sheet's read error.
	i18ntest.CheckStrings(t, "row errors", "%s (mã %s), cột “%s”: %s", "%s (mã %s): %s", "%s, cột “%s”: %s", "Trang “%s”, dòng %d",
		"trang “%s”: %s")
	i18ntest.CheckVerbs(t)
}
