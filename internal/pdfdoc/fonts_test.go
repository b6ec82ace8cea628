package pdfdoc

import (
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// vietnameseRunes returns every letter of the Vietnamese alphabet in both
// cases: A–Z (Vietnamese uses A–Y, F/J/W/Z appear in loanwords and names),
// Ă Â Đ Ê Ô Ơ Ư, every vowel with each of the five tone marks, and the whole
// Latin Extended Additional block U+1EA0–U+1EF9 that holds most of them.
func vietnameseRunes(t *testing.T) []rune {
	t.Helper()
	var rs []rune
	for r := 'A'; r <= 'Z'; r++ {
		rs = append(rs, r, r+'a'-'A')
	}
	rs = append(rs, []rune("ĂÂĐÊÔƠƯăâđêôơư")...)
	marks := []string{"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"} // huyền, sắc, hỏi, ngã, nặng
	for _, v := range "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY" {
		for _, m := range marks {
			c := []rune(norm.NFC.String(string(v) + m))
			if len(c) != 1 {
				t.Fatalf("%q + %U does not compose to one rune: %q", v, []rune(m)[0], string(c))
			}
			rs = append(rs, c[0])
		}
	}
	for r := rune(0x1EA0); r <= 0x1EF9; r++ {
		rs = append(rs, r)
	}
	return rs
}

func TestFontsCoverVietnamese(t *testing.T) {
	rs := vietnameseRunes(t)
	if len(rs) < 52+14+120+90 {
		t.Fatalf("only %d runes to check", len(rs))
	}
	var buf sfnt.Buffer
	for _, st := range fontStyles {
		b, err := fontFS.ReadFile(st.file)
		if err != nil {
			t.Fatal(err)
		}
		f, err := sfnt.Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", st.file, err)
		}
		var missing []rune
		for _, r := range rs {
			gi, err := f.GlyphIndex(&buf, r)
			if err != nil {
				t.Fatalf("%s %U: %v", st.file, r, err)
			}
			if gi == 0 {
				missing = append(missing, r)
			}
		}
		if len(missing) > 0 {
			t.Errorf("%s has no glyph for %d runes: %q", st.file, len(missing), string(missing))
		}
		name, _ := f.Name(&buf, sfnt.NameIDFull)
		if name == "" || name[:5] != "Tinos" {
			t.Errorf("%s is %q, want Tinos", st.file, name)
		}
	}
	if _, err := fontFS.ReadFile("fonts/OFL.txt"); err != nil {
		t.Errorf("the OFL text must ship with the fonts: %v", err)
	}
}

func TestClean(t *testing.T) {
	fs, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range vietnameseRunes(t) {
		if !fs.covered(r) {
			t.Errorf("%q (%U) not in the coverage set", r, r)
		}
	}
	tests := []struct {
		in        string
		multiline bool
		want      string
	}{
		{"Nguyễn Thị Hường", false, "Nguyễn Thị Hường"},
		{norm.NFD.String("Nguyễn Thị Hường"), false, "Nguyễn Thị Hường"},
		{"Hồ sơ 👍 đã nhận\U0001F600", false, "Hồ sơ  đã nhận"},
		{"dòng 1\r\ndòng 2\tcột", false, "dòng 1 dòng 2 cột"},
		{"dòng 1\r\ndòng 2", true, "dòng 1\ndòng 2"},
		{"a\u200bb\ufeffc\x00d", false, "abcd"},
		{"Tên 李小龍", false, "Tên ???"},
		{"Плохо", false, "Плохо"}, // Tinos has Cyrillic
		{"", false, ""},
	}
	for _, tt := range tests {
		if got := fs.clean(tt.in, tt.multiline); got != tt.want {
			t.Errorf("clean(%q, %v) = %q, want %q", tt.in, tt.multiline, got, tt.want)
		}
	}
}

func TestWrapBreaksLongCodes(t *testing.T) {
	err := render(discard{}, pageA4Landscape, "wrap", sampleDate, func(d *doc) error {
		d.font("", sizeSmall)
		lines := d.wrap("000.00.12.H42-260105-0001 Nguyễn Thị Hường", 30)
		if len(lines) < 2 || lines[0] != "000.00.12.H42-260105-" {
			t.Errorf("wrap = %q, want a break after the last '-'", lines)
		}
		for _, ln := range d.wrap("Đăng ký khai sinh có yếu tố nước ngoài\nlần hai", 25) {
			if w := d.p.GetStringWidth(ln); w > 25-2*cellMargin {
				t.Errorf("line %q is %.1f mm wide", ln, w)
			}
		}
		if got := d.wrap("", 20); len(got) != 1 || got[0] != "" {
			t.Errorf("wrap(\"\") = %q", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBaseRunes: the set every document embeds (so that documents share a
// cached font subset) holds every Vietnamese letter and only runes that all
// three styles can draw.
func TestBaseRunes(t *testing.T) {
	fs, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	base := map[rune]bool{}
	for _, r := range baseRunes {
		if base[r] {
			t.Errorf("%q twice in baseRunes", r)
		}
		base[r] = true
		if !fs.covered(r) {
			t.Errorf("base rune %q (%U) has no glyph in every style", r, r)
		}
	}
	for _, r := range vietnameseRunes(t) {
		if !base[r] {
			t.Errorf("Vietnamese letter %q (%U) missing from baseRunes", r, r)
		}
	}
}
