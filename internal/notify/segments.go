package notify

import (
	"strings"
	"unicode"
	"unicode/utf16"

	"golang.org/x/text/unicode/norm"
)

// SMS encodings (3GPP TS 23.038).
const (
	GSM7 = "GSM-7" // 160 characters in one segment, 153 per part when concatenated
	UCS2 = "UCS-2" // 70 characters in one segment, 67 per part when concatenated
)

// MaxSMSSegments is the budget of one SMS notification. Vietnamese with
// diacritics needs UCS-2, so two segments hold 134 characters; a rendered
// text that needs more is sent without diacritics (GSM-7: 306 characters in
// two segments) rather than in three or more paid segments.
const MaxSMSSegments = 2

// gsmBasic is the GSM 03.38 default alphabet (one septet each); gsmExt are
// the extension characters, sent as ESC + char (two septets each).
const (
	gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExt   = "^{}\\[~]|€\f"
)

// Segments returns how many SMS segments text needs and in which encoding:
// GSM-7 when every character is in the GSM default alphabet or its extension
// table (extension characters count twice), else UCS-2 (counted in UTF-16
// code units, so an emoji counts twice). An empty text needs 0 segments.
func Segments(text string) (n int, encoding string) {
	septets, gsm := 0, true
	for _, r := range text {
		if strings.ContainsRune(gsmBasic, r) {
			septets++
		} else if strings.ContainsRune(gsmExt, r) {
			septets += 2
		} else {
			gsm = false
			break
		}
	}
	if gsm {
		return parts(septets, 160, 153), GSM7
	}
	return parts(len(utf16.Encode([]rune(text))), 70, 67), UCS2
}

func parts(units, single, multi int) int {
	switch {
	case units == 0:
		return 0
	case units <= single:
		return 1
	}
	return (units + multi - 1) / multi
}

// Unaccent returns text without Vietnamese diacritics and in the GSM
// alphabet: marks removed, đ/Đ → d/D, typographic quotes and dashes made
// plain, anything else outside the alphabet replaced by "?".
func Unaccent(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range norm.NFD.String(text) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ':
			r = 'd'
		case r == 'Đ':
			r = 'D'
		case r == '‘' || r == '’' || r == '‚' || r == '′':
			r = '\''
		case r == '“' || r == '”' || r == '„' || r == '″':
			r = '"'
		case r == '–' || r == '—' || r == '−' || r == '‐':
			r = '-'
		case r == '…':
			b.WriteString("...")
			continue
		case r == '\u00a0' || r == '\t':
			r = ' '
		case r == '•':
			r = '-'
		}
		if !strings.ContainsRune(gsmBasic, r) && !strings.ContainsRune(gsmExt, r) {
			r = '?'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// SMSText chooses what to send for a rendered SMS: the text itself when it
// fits in MaxSMSSegments, else its unaccented form. It returns the text, its
// segment count and its encoding.
func SMSText(text string) (string, int, string) {
	text = strings.ReplaceAll(strings.TrimSpace(text), "\r\n", "\n")
	if n, enc := Segments(text); n <= MaxSMSSegments {
		return text, n, enc
	}
	folded := Unaccent(text)
	n, enc := Segments(folded)
	return folded, n, enc
}
