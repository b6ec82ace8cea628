package web_test

import (
	"os"
	"testing"

	"github.com/motcua/motcua/internal/i18n/i18ntest"
	_ "github.com/motcua/motcua/internal/web"
)

// TestEnglishForTemplates fails with every string the templates translate
// (.T "…", "Label"/"Hint" of a partial) that has no English.
func TestEnglishForTemplates(t *testing.T) {
	i18ntest.CheckTemplates(t, os.DirFS("."), "templates/*.html", "templates/*/*.html")
}

// TestEnglishForMessages fails with every Vietnamese message of the web
// layer and the core packages it shows (account, agency, files) that has no
// English, formats of apperr constructors included.
func TestEnglishForMessages(t *testing.T) {
	for _, dir := range []string{".", "../account", "../agency", "../files"} {
		i18ntest.CheckGo(t, dir, i18ntest.GoRules{Calls: i18ntest.ErrorCalls})
	}
}
