package pdfdoc

import (
	"strings"
	"unicode/utf8"
)

// column is one column of a ruled table.
type column struct {
	title string
	width float64 // mm; the last column with width 0 takes the rest
	align string  // "L", "C" or "R" for body cells
}

// table draws a ruled table that may run over several pages: each row is
// kept whole, and the header row is repeated at the top of every page
// (TT 01/2018 Mẫu 05 and 06 are long tables).
type table struct {
	d    *doc
	cols []column
	size float64 // font size of the body cells
	pad  float64 // vertical padding inside a cell, mm
}

func newTable(d *doc, size float64, cols ...column) *table {
	rest := d.bodyW()
	free := -1
	for i, c := range cols {
		if c.width == 0 {
			free = i
			continue
		}
		rest -= c.width
	}
	if free >= 0 {
		cols[free].width = max(rest, 10)
	}
	return &table{d: d, cols: cols, size: size, pad: 0.6}
}

// header draws the header row in bold, centred both ways.
func (t *table) header() {
	titles := make([]string, len(t.cols))
	for i, c := range t.cols {
		titles[i] = c.title
	}
	t.d.font("B", t.size)
	t.draw(titles, true, 1)
	t.d.font("", t.size)
}

// row draws one body row, breaking the page (and repeating the header)
// first if the row does not fit.
func (t *table) row(cells ...string) {
	t.d.font("", t.size)
	t.draw(cells, false, 1)
}

// rowMin is row with room for at least minLines lines, e.g. for a
// handwritten signature.
func (t *table) rowMin(minLines int, cells ...string) {
	t.d.font("", t.size)
	t.draw(cells, false, minLines)
}

func (t *table) draw(cells []string, isHeader bool, minLines int) {
	d, p := t.d, t.d.p
	lh := lineHeight(t.size)
	lines := make([][]string, len(t.cols))
	n := max(minLines, 1)
	for i, c := range t.cols {
		var text string
		if i < len(cells) {
			text = d.m(cells[i])
		}
		if text == "" {
			continue
		}
		lines[i] = d.wrap(text, c.width)
		n = max(n, len(lines[i]))
	}
	h := float64(n)*lh + 2*t.pad
	limit := d.pageH - d.bottom
	if !isHeader && p.GetY()+h > limit {
		p.AddPage()
		t.header()
		d.font("", t.size)
	}
	if p.GetY()+h > limit { // a row taller than a page: cut it and say so
		fit := max(int((limit-p.GetY()-2*t.pad)/lh), 1)
		for i := range lines {
			if len(lines[i]) > fit {
				lines[i] = append(lines[i][:fit-1:fit-1], strings.TrimSpace(lines[i][fit-1])+" …")
			}
		}
		n, h = fit, float64(fit)*lh+2*t.pad
	}
	y := p.GetY()
	x := d.left
	for i, c := range t.cols {
		p.Rect(x, y, c.width, h, "D")
		align := c.align
		top := y + t.pad
		if isHeader {
			align = "C"
			top += float64(n-len(lines[i])) * lh / 2
		}
		if align == "" {
			align = "L"
		}
		for j, ln := range lines[i] {
			p.SetXY(x, top+float64(j)*lh)
			p.CellFormat(c.width, lh, ln, "", 0, align, false, 0, "")
		}
		x += c.width
	}
	p.SetXY(d.left, y+h)
}

// start draws the header row, first moving to a new page unless the header
// and at least one two-line row fit.
func (t *table) start() {
	lh := lineHeight(t.size)
	t.d.ensure(5*lh + 4*t.pad)
	t.header()
}

// cellMargin is the horizontal padding inside table cells, mm.
const cellMargin = 1

// wrap splits text into lines that fit a cell w mm wide in the current font,
// breaking at spaces and line breaks. A word too long for a line, such as a
// dossier code, is broken after '-', '.', '/' or ',' if possible, otherwise
// anywhere (fpdf's SplitText would only do the latter).
func (d *doc) wrap(text string, w float64) []string {
	p := d.p
	avail := w - 2*cellMargin
	var lines []string
	for para := range strings.SplitSeq(text, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			cand := word
			if line != "" {
				cand = line + " " + word
			}
			if p.GetStringWidth(cand) <= avail {
				line = cand
				continue
			}
			if line != "" {
				lines = append(lines, line)
			}
			for p.GetStringWidth(word) > avail {
				cut := breakAt(word, func(s string) bool { return p.GetStringWidth(s) <= avail })
				lines = append(lines, word[:cut])
				word = word[cut:]
			}
			line = word
		}
		lines = append(lines, line)
	}
	return lines
}

// breakAt returns the byte length of the longest prefix of word that fits,
// preferring one that ends just after a punctuation mark; at least one rune.
func breakAt(word string, fits func(string) bool) int {
	best, bestPunct := 0, 0
	for i, r := range word {
		end := i + utf8.RuneLen(r)
		if !fits(word[:end]) {
			break
		}
		best = end
		if strings.ContainsRune("-./,;_", r) {
			bestPunct = end
		}
	}
	switch {
	case bestPunct > 0:
		return bestPunct
	case best > 0:
		return best
	}
	_, n := utf8.DecodeRuneInString(word)
	return n
}
