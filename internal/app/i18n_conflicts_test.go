package app_test

import (
	"testing"

	_ "github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/i18n"
)

// TestNoConflictingEnglish fails with every Vietnamese string that two
// registrations translate differently. All modules share one table, so the
// English shown would depend on the order packages initialise. Where the
// meaning is the same, use one English wording; where the Vietnamese is used
// in different senses, make the Vietnamese strings distinct.
func TestNoConflictingEnglish(t *testing.T) {
	for _, c := range i18n.Conflicts() {
		t.Errorf("different English for %s", c)
	}
}
