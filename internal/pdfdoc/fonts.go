package pdfdoc

import (
	"embed"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// Tinos 1.33 (Debian fonts-croscore, SIL OFL 1.1, see fonts/OFL.txt) is
// metric-compatible with Times New Roman, the face ND 30/2020/NĐ-CP Phụ lục I
// prescribes for administrative documents, and covers all of Vietnamese.
// Liberation Serif 1.x must never replace it: it has no U+1EA0–U+1EF9 and
// prints tofu while pdftotext still reads the text correctly
// (shared/docs/dependencies.md §5.1).
//
//go:embed fonts/Tinos-Regular.ttf fonts/Tinos-Bold.ttf fonts/Tinos-Italic.ttf fonts/OFL.txt
var fontFS embed.FS

const family = "Tinos"

// fontStyle pairs an fpdf style letter with its embedded file.
type fontStyle struct {
	style, file string
}

var fontStyles = []fontStyle{
	{"", "fonts/Tinos-Regular.ttf"},
	{"B", "fonts/Tinos-Bold.ttf"},
	{"I", "fonts/Tinos-Italic.ttf"},
}

// fontSet is built once per process: the raw TTF bytes handed to fpdf and the
// set of runes that every style can draw.
type fontSet struct {
	ttf   [][]byte // in fontStyles order
	cover [1 << 16 / 64]uint64
}

var loadFonts = sync.OnceValues(func() (*fontSet, error) {
	fs := &fontSet{}
	for i := range fs.cover {
		fs.cover[i] = ^uint64(0)
	}
	var buf sfnt.Buffer
	for _, st := range fontStyles {
		b, err := fontFS.ReadFile(st.file)
		if err != nil {
			return nil, fmt.Errorf("pdfdoc: read %s: %w", st.file, err)
		}
		f, err := sfnt.Parse(b)
		if err != nil {
			return nil, fmt.Errorf("pdfdoc: parse %s: %w", st.file, err)
		}
		var has [1 << 16 / 64]uint64
		for r := rune(0x20); r <= 0xFFFF; r++ {
			if gi, err := f.GlyphIndex(&buf, r); err == nil && gi != 0 {
				has[r/64] |= 1 << (r % 64)
			}
		}
		for i := range fs.cover {
			fs.cover[i] &= has[i]
		}
		fs.ttf = append(fs.ttf, b)
	}
	return fs, nil
})

// covered reports whether every embedded style has a glyph for r.
func (fs *fontSet) covered(r rune) bool {
	return r >= 0 && r <= 0xFFFF && fs.cover[r/64]&(1<<(r%64)) != 0
}

// baseRunes are embedded in every document's font subsets whether drawn or
// not: printable ASCII, every Vietnamese letter in both cases (TCVN
// 6909:2001 precomposed) and the punctuation the forms print. With the same
// set in every document, the patched fpdf (third_party/fpdf/cache.go) cuts,
// measures and compresses each style's subset once per process instead of
// once per document; only a document that prints a rune outside the set
// (a foreign name) gets a subset of its own, cached in turn.
const baseRunes = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~" +
	"àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ" +
	"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ" +
	"–—‘’“”…•·°№×§"

// register adds the three Tinos styles to p. The patched fpdf parses each
// font once per process and shares the metrics; the base runes make every
// Vietnamese document use the same cached subsets (see the package
// documentation for the measured figures).
func (fs *fontSet) register(p *fpdf.Fpdf) {
	for i, st := range fontStyles {
		p.AddUTF8FontFromBytes(family, st.style, fs.ttf[i])
		p.AddUTF8Runes(family, st.style, baseRunes)
	}
}

// clean prepares user text for fpdf: NFC (ND 30/2020 and TCVN 6909:2001 call
// for precomposed Unicode; it also keeps diacritics on one glyph), tabs and
// line breaks to spaces (or kept when multiline), other control characters
// dropped, runes above U+FFFF dropped (fpdf panics on them) and runes the
// fonts cannot draw replaced by '?', so nothing prints as an invisible
// .notdef box.
func (fs *fontSet) clean(s string, multiline bool) string {
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	ok := true
	for _, r := range s {
		if r < 0x20 || r > 0x7E {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			if r == '\n' && multiline {
				b.WriteByte('\n')
			} else if r != '\r' {
				b.WriteByte(' ')
			}
		case r > 0xFFFF, r == utf8.RuneError, unicode.IsControl(r),
			unicode.Is(unicode.Cf, r): // zero-width joiners, BOM, bidi marks
			// dropped
		case !fs.covered(r):
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
