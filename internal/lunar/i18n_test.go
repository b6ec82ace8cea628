package lunar_test

import (
	"testing"

	_ "github.com/motcua/motcua/internal/calendarui" // the calendar module's English
	"github.com/motcua/motcua/internal/i18n/i18ntest"
)

// TestEnglishForMessages fails with every Vietnamese error message of the
// lunar calendar (shown by the calendar API) that has no English. Can-chi
// and month names are proper names and stay Vietnamese.
func TestEnglishForMessages(t *testing.T) {
	i18ntest.CheckGo(t, ".", i18ntest.GoRules{Calls: i18ntest.ErrorCalls})
	i18ntest.CheckStrings(t, "lunar month formats", "tháng âm lịch %d", "tháng âm lịch %d nhuận")
	i18ntest.CheckVerbs(t)
}
