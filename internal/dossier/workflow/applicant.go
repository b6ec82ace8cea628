package workflow

import (
	"regexp"
	"strings"
	"time"
)

var (
	digits12 = regexp.MustCompile(`^[0-9]{12}$`)
	taxRE    = regexp.MustCompile(`^[0-9]{10}([0-9]{3})?$`)
	phoneRE  = regexp.MustCompile(`^\+?[0-9][0-9 .()-]{7,18}$`)
	emailRE  = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// ValidPersonalID reports whether s is a personal identification number
// (số định danh cá nhân, printed on the chip ID card): exactly 12 digits.
func ValidPersonalID(s string) bool { return digits12.MatchString(s) }

// NormalizeTaxCode removes the branch hyphen ("0101234567-001" →
// "0101234567001") and spaces.
func NormalizeTaxCode(s string) string {
	return strings.NewReplacer("-", "", " ", "").Replace(s)
}

// ValidTaxCode reports whether s (normalised) is an enterprise or
// organisation tax code (mã số thuế, which is also the enterprise code):
// 10 digits, or 13 for a branch / dependent unit.
func ValidTaxCode(s string) bool { return taxRE.MatchString(s) }

// ValidPhone reports whether s looks like a phone number.
func ValidPhone(s string) bool { return phoneRE.MatchString(s) }

// ValidEmail reports whether s looks like an e-mail address.
func ValidEmail(s string) bool { return len(s) <= 200 && emailRE.MatchString(s) }

// ValidBirthDate reports whether s is a past date "YYYY-MM-DD" after 1900.
func ValidBirthDate(s string, now time.Time) bool {
	t, err := time.Parse("2006-01-02", s)
	return err == nil && t.Year() >= 1900 && !t.After(now)
}

// Initials masks a name for public tracking: "Nguyễn Văn An" → "N. V. A.".
func Initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		r := []rune(w)
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strings.ToUpper(string(r[0])))
		b.WriteByte('.')
	}
	return b.String()
}
