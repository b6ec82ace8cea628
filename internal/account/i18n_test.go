package account_test

import (
	"maps"
	"testing"

	"github.com/motcua/motcua/internal/i18n/i18ntest"
	_ "github.com/motcua/motcua/internal/web" // English of the core packages
)

// TestEnglishForMessages fails with every Vietnamese message of the account
// package shown translated (errors and their formats, field errors, the
// password rule, role names) that has no English.
func TestEnglishForMessages(t *testing.T) {
	calls := maps.Clone(i18ntest.ErrorCalls)
	maps.Copy(calls, map[string]int{"Check": 2, "Add": 1})
	i18ntest.CheckGo(t, ".", i18ntest.GoRules{Calls: calls, Returns: []string{"ValidatePassword", "Label"}, Fields: []string{"Message"}})
	i18ntest.CheckStrings(t, "field errors", "Tên đăng nhập đã tồn tại.", "Mật khẩu hiện tại không đúng.")
	i18ntest.CheckVerbs(t)
}
