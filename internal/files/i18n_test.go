package files_test

import (
	"testing"

	"github.com/motcua/motcua/internal/i18n/i18ntest"
	_ "github.com/motcua/motcua/internal/web" // English of the core packages
)

// TestEnglishForMessages fails with every Vietnamese error message of the
// files package (uploads and downloads) that has no English.
func TestEnglishForMessages(t *testing.T) {
	i18ntest.CheckGo(t, ".", i18ntest.GoRules{Calls: i18ntest.ErrorCalls})
	i18ntest.CheckVerbs(t)
}
