package pdfdoc

import (
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// pageSpec is a paper size with its margins, all in millimetres.
type pageSpec struct {
	landscape                bool
	width, height            float64 // portrait dimensions
	left, top, right, bottom float64
}

// TT 01/2018/TT-VPCP Đ9.2: forms 01–05 on A5, the book (06) on A4. The ISO
// sizes are given explicitly: fpdf's built-in "A5" is 148.5 mm wide.
var (
	pageA5          = pageSpec{false, 148, 210, 14, 9, 10, 11}
	pageA4Landscape = pageSpec{true, 210, 297, 10, 10, 10, 12}
)

// Body text sizes in points. A5 is small; 10 pt Tinos stays readable and lets
// a typical receipt fit on one page.
const (
	sizeBody   = 9.5
	sizeSmall  = 8
	sizeHeader = 9.5
	sizeTitle  = 11
	ptToMM     = 25.4 / 72
)

// lineHeight is the leading for a font size, in mm.
func lineHeight(size float64) float64 { return size * ptToMM * 1.25 }

// doc wraps an fpdf document with the helpers the forms share.
type doc struct {
	p                        *fpdf.Fpdf
	fs                       *fontSet
	pageW, pageH             float64
	left, top, right, bottom float64
	size                     float64 // current font size
	style                    string  // current font style
}

func newDoc(ps pageSpec, title string, created time.Time) (*doc, error) {
	fs, err := loadFonts()
	if err != nil {
		return nil, err
	}
	orientation := "P"
	if ps.landscape {
		orientation = "L"
	}
	p := fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: orientation,
		UnitStr:        "mm",
		Size:           fpdf.SizeType{Wd: ps.width, Ht: ps.height},
	})
	p.SetCatalogSort(true) // deterministic object order (fpdf ranges over maps)
	p.AliasNbPages("{nb}") // before the fonts: fpdf reserves subset slots for the alias
	fs.register(p)
	p.SetMargins(ps.left, ps.top, ps.right)
	p.SetAutoPageBreak(true, ps.bottom)
	p.SetCellMargin(cellMargin)
	p.SetLineWidth(0.2)
	p.SetTitle(fs.clean(title, false), true)
	p.SetCreator("motcua", true)
	p.SetLang("vi-VN")
	if !created.IsZero() {
		p.SetCreationDate(created)
		p.SetModificationDate(created)
	}
	d := &doc{p: p, fs: fs, left: ps.left, top: ps.top, right: ps.right, bottom: ps.bottom}
	d.pageW, d.pageH = p.GetPageSize()
	p.SetFooterFuncLpi(func(last bool) {
		// Multi-page forms number their pages; a one-page form does not.
		if last && p.PageNo() == 1 {
			return
		}
		p.SetY(-d.bottom + 2)
		p.SetFont(family, "I", sizeSmall)
		p.CellFormat(0, 4, fmt.Sprintf("Trang %d/{nb}", p.PageNo()), "", 0, "C", false, 0, "")
	})
	p.AddPage()
	d.font("", sizeBody)
	return d, nil
}

// render builds a document with build and writes it to w. fpdf panics on
// some malformed input; the panic becomes an error here so that one bad
// record cannot take the server down.
func render(w io.Writer, ps pageSpec, title string, created time.Time, build func(d *doc) error) (err error) {
	d, err := newDoc(ps, title, created)
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdfdoc: render %s: %v", title, r)
		}
	}()
	if err := build(d); err != nil {
		return err
	}
	if err := d.p.Output(w); err != nil {
		return fmt.Errorf("pdfdoc: render %s: %w", title, err)
	}
	return nil
}

func (d *doc) font(style string, size float64) {
	d.style, d.size = style, size
	d.p.SetFont(family, style, size)
}

func (d *doc) lh() float64 { return lineHeight(d.size) }

// bodyW is the printable width.
func (d *doc) bodyW() float64 { return d.pageW - d.left - d.right }

// s cleans single-line text; m keeps line breaks.
func (d *doc) s(text string) string { return d.fs.clean(text, false) }
func (d *doc) m(text string) string { return d.fs.clean(text, true) }

// ensure starts a new page unless h mm fit above the bottom margin.
func (d *doc) ensure(h float64) {
	if d.p.GetY()+h > d.pageH-d.bottom {
		d.p.AddPage()
	}
}

// formNumber prints "Mẫu số 01" at the top right, above the national header.
func (d *doc) formNumber(label string) {
	if label == "" {
		return
	}
	d.font("B", sizeSmall+0.5)
	d.p.CellFormat(0, d.lh(), d.s(label), "", 1, "R", false, 0, "")
}

// nationalHeader draws the agency block (left) and the quốc hiệu and tiêu ngữ
// (right) with the place-and-date line, per ND 30/2020/NĐ-CP Phụ lục I:
// agency names upper case, the issuing agency bold with a short rule under it;
// "Độc lập - Tự do - Hạnh phúc" bold and underlined by a rule as long as
// itself; the place and date in italics.
func (d *doc) nationalHeader(h Header) { d.header(h, true) }

// header draws the national header; a register (the tracking book) has no
// document number and no place-and-date line.
func (d *doc) header(h Header, letter bool) {
	p := d.p
	y0 := p.GetY()
	leftW := d.bodyW() * 0.44
	rightW := d.bodyW() - leftW
	lh := lineHeight(sizeHeader)

	// Left: parent agency, agency, rule, number.
	p.SetXY(d.left, y0)
	if h.ParentAgency != "" {
		d.fitted("", strings.ToUpper(d.s(h.ParentAgency)), d.left, leftW)
	}
	agency := strings.ToUpper(d.s(h.Agency))
	if agency == "" {
		agency = blank
	}
	d.fitted("B", agency, d.left, leftW)
	ruleY := p.GetY() + 0.6
	ruleW := min(leftW/3, p.GetStringWidth(agency))
	p.Line(d.left+(leftW-ruleW)/2, ruleY, d.left+(leftW+ruleW)/2, ruleY)
	p.SetXY(d.left, ruleY+1.2)
	if letter {
		d.font("", sizeHeader)
		p.MultiCell(leftW, lh, "Số: "+orBlank(d.s(h.Number)), "", "C", false)
	}
	leftBottom := p.GetY()

	// Right: national name and motto, shrunk to fit the column if needed.
	xr := d.left + leftW
	p.SetXY(xr, y0)
	const nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	size := float64(sizeHeader)
	d.font("B", size)
	for p.GetStringWidth(nation)+2 > rightW && size > 7 {
		size -= 0.5
		d.font("B", size)
	}
	p.CellFormat(rightW, lh, nation, "", 2, "C", false, 0, "")
	const motto = "Độc lập - Tự do - Hạnh phúc"
	d.font("B", sizeHeader+0.5)
	p.SetX(xr)
	p.CellFormat(rightW, lh, motto, "", 2, "C", false, 0, "")
	mw := p.GetStringWidth(motto)
	ruleY = p.GetY() + 0.4
	p.Line(xr+(rightW-mw)/2, ruleY, xr+(rightW+mw)/2, ruleY)
	p.SetXY(xr, ruleY+1.8)
	if letter {
		d.font("I", sizeHeader)
		place := d.s(h.Place)
		if place == "" {
			place = "……"
		}
		p.MultiCell(rightW, lh, place+", "+dateLong(h.Date), "", "C", false)
	}

	p.SetXY(d.left, max(leftBottom, p.GetY())+3)
	d.font("", sizeBody)
}

// fitted prints text centred in a column at the header size, shrinking it
// by up to 1.5 pt to keep it on one line before letting it wrap.
func (d *doc) fitted(style, text string, x, w float64) {
	p := d.p
	size := float64(sizeHeader)
	d.font(style, size)
	for p.GetStringWidth(text)+2 > w && size > sizeHeader-1.5 {
		size -= 0.25
		d.font(style, size)
	}
	p.SetX(x)
	p.MultiCell(w, lineHeight(sizeHeader), text, "", "C", false)
}

// title prints the form title in bold capitals and optional centred bold
// lines under it.
func (d *doc) title(title string, sub ...string) {
	d.font("B", sizeTitle)
	d.p.MultiCell(0, lineHeight(sizeTitle), strings.ToUpper(d.s(title)), "", "C", false)
	for _, s := range sub {
		if s == "" {
			continue
		}
		d.font("B", sizeBody)
		d.p.MultiCell(0, d.lh(), d.s(s), "", "C", false)
	}
	d.p.Ln(2)
	d.font("", sizeBody)
}

// span is a run of inline text in one style.
type span struct {
	style, text string
}

func plain(s string) span { return span{"", s} }
func bold(s string) span  { return span{"B", s} }
func ital(s string) span  { return span{"I", s} }

// line writes spans as one flowing paragraph that wraps at the right margin,
// then moves to the next line.
func (d *doc) line(spans ...span) {
	d.p.SetX(d.left)
	d.write(spans)
}

// item writes a numbered entry with a hanging indent: label sits in the
// margin and wrapped lines align with the text.
func (d *doc) item(label string, spans ...span) {
	const indent = 6
	p := d.p
	p.SetX(d.left)
	d.font("B", d.size)
	p.CellFormat(indent, d.lh(), label, "", 0, "L", false, 0, "")
	p.SetLeftMargin(d.left + indent)
	d.write(spans)
	p.SetLeftMargin(d.left)
	p.SetX(d.left)
}

func (d *doc) write(spans []span) {
	p := d.p
	size := d.size
	for _, sp := range spans {
		if sp.text == "" {
			continue
		}
		p.SetFont(family, sp.style, size)
		p.Write(lineHeight(size), d.s(sp.text))
	}
	d.font("", size)
	p.Ln(lineHeight(size))
}

// field writes "Label: value" with the value in bold, or a dotted blank.
func (d *doc) field(label, value string) {
	d.line(plain(label+": "), bold(orBlank(value)))
}

// para writes a justified paragraph, keeping the line breaks in text.
func (d *doc) para(text, align string) {
	d.p.SetX(d.left)
	d.p.MultiCell(0, d.lh(), d.m(text), "", align, false)
	d.p.Ln(0.8)
}

// signBlock is one signature column.
type signBlock struct {
	title, hint, name string
}

// signatures draws signature columns side by side: the title in bold
// capitals, the hint in italics, room for a handwritten signature (or a
// seal), then the printed name in bold. The block is kept on one page.
func (d *doc) signatures(blocks ...signBlock) {
	if len(blocks) == 0 {
		return
	}
	p := d.p
	lh := lineHeight(sizeBody)
	space := 16.0
	d.ensure(3*lh + space + lh + 2)
	p.Ln(2)
	y0 := p.GetY()
	colW := d.bodyW() / float64(len(blocks))
	if len(blocks) == 1 { // a single signer signs on the right half
		colW = d.bodyW() / 2
	}
	bottom := y0
	for i, b := range blocks {
		x := d.left + float64(i)*colW
		if len(blocks) == 1 {
			x = d.left + colW
		}
		p.SetXY(x, y0)
		d.font("B", sizeBody)
		p.MultiCell(colW, lh, strings.ToUpper(d.s(b.title)), "", "C", false)
		if b.hint != "" {
			p.SetX(x)
			d.font("I", sizeBody-1)
			p.MultiCell(colW, lh, d.s(b.hint), "", "C", false)
		}
		p.SetXY(x, p.GetY()+space)
		d.font("B", sizeBody)
		if b.name != "" {
			p.MultiCell(colW, lh, d.s(b.name), "", "C", false)
		}
		bottom = max(bottom, p.GetY())
	}
	p.SetXY(d.left, bottom)
	d.font("", sizeBody)
}
