package procedure_test

import (
	"maps"
	"testing"

	"github.com/motcua/motcua/internal/i18n/i18ntest"
	_ "github.com/motcua/motcua/internal/procedure/catalogui" // the catalogue module's English
)

// TestEnglishForMessages fails with every Vietnamese message of the
// procedure catalogue shown translated (errors and their formats, the
// problems of a procedure shown on the admin form and in API errors, level,
// unit and time-limit labels) that has no English.
func TestEnglishForMessages(t *testing.T) {
	calls := maps.Clone(i18ntest.ErrorCalls)
	maps.Copy(calls, map[string]int{"Check": 2, "Add": 1, "add": 1, "addDoc": 1, "addFee": 1})
	i18ntest.CheckGo(t, ".", i18ntest.GoRules{Calls: calls, Returns: []string{"Label"}, Fields: []string{"Message"}})
	i18ntest.CheckVerbs(t)
}
