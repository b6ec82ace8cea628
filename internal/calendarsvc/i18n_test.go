package calendarsvc_test

import (
	"testing"

	_ "github.com/motcua/motcua/internal/calendarui" // the calendar module's English
	"github.com/motcua/motcua/internal/i18n/i18ntest"
)

// TestEnglishForMessages fails with every Vietnamese error message of the
// calendar service that has no English.
func TestEnglishForMessages(t *testing.T) {
	i18ntest.CheckGo(t, ".", i18ntest.GoRules{Calls: i18ntest.ErrorCalls})
	i18ntest.CheckVerbs(t)
}
