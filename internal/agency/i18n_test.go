package agency_test

import (
	"maps"
	"testing"

	"github.com/motcua/motcua/internal/i18n/i18ntest"
	_ "github.com/motcua/motcua/internal/web" // English of the core packages
)

// TestEnglishForMessages fails with every Vietnamese message of the agency
// package shown translated (errors and their formats, field errors, agency
// kind names) that has no English.
func TestEnglishForMessages(t *testing.T) {
	calls := maps.Clone(i18ntest.ErrorCalls)
	maps.Copy(calls, map[string]int{"Check": 2, "Add": 1})
	i18ntest.CheckGo(t, ".", i18ntest.GoRules{Calls: calls, Returns: []string{"Label"}, Fields: []string{"Message", "Format"}})
	i18ntest.CheckStrings(t, "field errors", "Mã định danh đã tồn tại.", "Không tìm thấy cơ quan cấp trên.",
		"Không thể chọn chính cơ quan này hoặc đơn vị cấp dưới làm cơ quan cấp trên.")
	i18ntest.CheckVerbs(t)
}
