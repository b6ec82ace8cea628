package citizen_test

import (
	"maps"
	"os"
	"testing"

	_ "github.com/motcua/motcua/internal/citizen"
	"github.com/motcua/motcua/internal/i18n/i18ntest"
)

// TestEnglishForTemplates fails with every string the templates translate
// (.T "…", "Label"/"Hint" of a partial) that has no English.
func TestEnglishForTemplates(t *testing.T) {
	i18ntest.CheckTemplates(t, os.DirFS("."), "templates/*.html", "templates/*.tmpl")
}

// TestEnglishForMessages fails with every Vietnamese message written in the
// Go code and shown translated (errors, field errors, page titles, flash
// messages, labels, timeline titles) that has no English.
func TestEnglishForMessages(t *testing.T) {
	calls := maps.Clone(i18ntest.ErrorCalls)
	maps.Copy(calls, map[string]int{"Check": 2, "Add": 1, "fieldErr": 1, "render": 4, "add": 1})
	i18ntest.CheckGo(t, ".", i18ntest.GoRules{
		Calls:   calls,
		Returns: []string{"StepLabel", "DeliveryLabel", "SourceLabel", "FormTitle", "StateText", "flashText"},
		Fields:  []string{"Label", "Title"},
	})
}
