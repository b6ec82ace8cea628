// Package textfold normalises Vietnamese text: NFC on the way in, and an
// accent- and case-insensitive fold for search ("Đăng Ký" → "dang ky").
//
// Why not the database: SQLite FTS5's remove_diacritics never folds đ/Đ
// (U+0111/U+0110 have no decomposition) and PostgreSQL unaccent differs in
// edge cases; folding in Go gives the same results on both databases
// (shared/docs/dependencies.md §1.5).
package textfold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode normalisation form C with surrounding white space
// trimmed. Every piece of text entering the system passes through it.
func NFC(s string) string {
	s = strings.TrimSpace(s)
	if norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
}

// Fold lower-cases s, removes all combining marks, maps đ/Đ to d and collapses
// every run of non-letter, non-digit characters to a single space.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // suppress leading space
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		b.WriteRune(r)
		space = false
	}
	out := b.String()
	return strings.TrimRight(out, " ")
}

// Words returns the folded words of s.
func Words(s string) []string { return strings.Fields(Fold(s)) }

// StripAstral removes runes above U+FFFF (emoji), which PDF fonts cannot show.
func StripAstral(s string) string {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r > 0xFFFF {
			return strings.Map(func(r rune) rune {
				if r > 0xFFFF {
					return -1
				}
				return r
			}, s)
		}
		i += n
	}
	return s
}
