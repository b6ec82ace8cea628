package notify_test

import (
	"maps"
	"os"
	"testing"

	"github.com/motcua/motcua/internal/i18n/i18ntest"
	_ "github.com/motcua/motcua/internal/notify"
)

// TestEnglishForTemplates fails with every string the templates translate
// (.T "…", "Label"/"Hint" of a partial) that has no English.
func TestEnglishForTemplates(t *testing.T) {
	i18ntest.CheckTemplates(t, os.DirFS("."), "templates/*.html")
}

// TestEnglishForMessages fails with every Vietnamese message written in the
// Go code of the notification module and shown translated (errors and their
// formats, template field errors, the SMS segment line, event, channel and
// status names, page titles) that has no English. The default message
// templates are the Vietnamese texts sent to citizens and staff, and the
// delivery notes are stored in the log: neither is interface text.
func TestEnglishForMessages(t *testing.T) {
	calls := maps.Clone(i18ntest.ErrorCalls)
	maps.Copy(calls, map[string]int{"Check": 2, "Add": 1, "NewView": 1})
	i18ntest.CheckGo(t, ".", i18ntest.GoRules{Calls: calls, Returns: []string{"Label"}, Fields: []string{"Format", "Flash"}})
	i18ntest.CheckStrings(t, "template errors", "không có biến %q.", "văn bản sau khi điền quá dài.",
		"Mẫu thông báo chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu.")
	i18ntest.CheckVerbs(t)
}
