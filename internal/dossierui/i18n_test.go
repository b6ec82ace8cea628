package dossierui_test

import (
	"os"
	"testing"

	_ "github.com/motcua/motcua/internal/dossierui"
	"github.com/motcua/motcua/internal/i18n/i18ntest"
)

// TestEnglishForTemplates fails with every string the templates translate
// (.T "…", "Label"/"Hint" of a partial) that has no English.
func TestEnglishForTemplates(t *testing.T) {
	i18ntest.CheckTemplates(t, os.DirFS("."), "templates/*.html")
}
