package calendar_test

import (
	"maps"
	"testing"

	_ "github.com/motcua/motcua/internal/calendarui" // the calendar module's English
	"github.com/motcua/motcua/internal/i18n/i18ntest"
)

// TestEnglishForMessages fails with every Vietnamese message of the
// calendar rules shown translated (errors and their formats, field errors,
// kind, unit and verdict names) that has no English. Holiday names, legal
// bases and notes of proposed years are data (stored and edited as
// Vietnamese text), not messages.
func TestEnglishForMessages(t *testing.T) {
	calls := maps.Clone(i18ntest.ErrorCalls)
	maps.Copy(calls, map[string]int{"Check": 2, "Add": 1})
	i18ntest.CheckGo(t, ".", i18ntest.GoRules{Calls: calls, Returns: []string{"Label"}})
	i18ntest.CheckVerbs(t)
}
