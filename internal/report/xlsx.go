package report

import (
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh on hosts without /usr/share/zoneinfo
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

// Kind says how the values of a column are written and displayed.
type Kind int8

// Column kinds.
const (
	// Text cells take a string (or anything, printed with fmt) and wrap.
	Text Kind = iota
	// Int cells take any integer type.
	Int
	// Money cells take an amount in đồng (any integer type), shown with
	// thousands separators.
	Money
	// Date cells take a time.Time, stored as an Excel date and shown as
	// dd/mm/yyyy in Asia/Ho_Chi_Minh time. The zero time leaves the cell
	// empty.
	Date
	// DateTime is Date with the time of day (dd/mm/yyyy hh:mm).
	DateTime
)

// Column describes one column of a sheet.
type Column struct {
	Title string
	Kind  Kind
	// Width is the column width in Excel character units; 0 picks a
	// width from the kind and the title.
	Width float64
}

// Sheet is one worksheet: optional title lines, a bold header row with the
// column titles (frozen while scrolling), then one row per element of Rows.
type Sheet struct {
	// Name is the sheet tab name, at most 31 characters and none of
	// : \ / ? * [ ]. Vietnamese is fine ("Sổ theo dõi").
	Name string
	// Title lines go above the header, merged across the columns; the
	// first is bold.
	Title   []string
	Columns []Column
	// Rows yields the cells of each row in column order. A nil cell is
	// left empty. The first error stops the export and is returned.
	Rows iter.Seq2[[]any, error]
}

// maxCellChars is Excel's limit on the length of a cell.
const maxCellChars = 32767

var vnZone = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		return time.FixedZone("ICT", 7*60*60)
	}
	return loc
}()

// WriteXLSX writes the sheets as one .xlsx workbook to w. Rows are streamed
// to temporary storage with excelize's StreamWriter, so a sheet of many
// thousands of rows does not build a cell tree in memory; the workbook is
// assembled and written to w at the end.
func WriteXLSX(w io.Writer, sheets ...Sheet) (err error) {
	if len(sheets) == 0 {
		return errors.New("report: no sheet to write")
	}
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("report: %w", cerr)
		}
	}()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, s := range sheets {
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), s.Name)
		} else {
			_, err = f.NewSheet(s.Name)
		}
		if err != nil {
			return fmt.Errorf("report: sheet %q: %w", s.Name, err)
		}
		if err := writeSheet(f, st, s); err != nil {
			return fmt.Errorf("report: sheet %q: %w", s.Name, err)
		}
	}
	// No SetActiveSheet: the first sheet already is, and the call would
	// parse the streamed sheet back into memory.
	if err := f.Write(w); err != nil {
		return fmt.Errorf("report: write: %w", err)
	}
	return nil
}

// styles are the cell style IDs shared by all sheets of a workbook.
type styles struct {
	title, subtitle, header int
	byKind                  [DateTime + 1]int
}

func newStyles(f *excelize.File) (*styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1},
		{Type: "bottom", Color: "000000", Style: 1},
	}
	font := &excelize.Font{Family: "Times New Roman", Size: 11}
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	dateFmt, dateTimeFmt := "dd/mm/yyyy", "dd/mm/yyyy hh:mm"
	center := &excelize.Alignment{Horizontal: "center", Vertical: "top"}
	st := &styles{}
	defs := []struct {
		dst   *int
		style excelize.Style
	}{
		{&st.title, excelize.Style{
			Font:      &excelize.Font{Family: font.Family, Size: 13, Bold: true},
			Alignment: &excelize.Alignment{Horizontal: "center"},
		}},
		{&st.subtitle, excelize.Style{
			Font:      &excelize.Font{Family: font.Family, Size: 11, Italic: true},
			Alignment: &excelize.Alignment{Horizontal: "center"},
		}},
		{&st.header, excelize.Style{
			Font:      &excelize.Font{Family: font.Family, Size: 11, Bold: true},
			Border:    border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		}},
		{&st.byKind[Text], excelize.Style{Font: font, Border: border, Alignment: top}},
		{&st.byKind[Int], excelize.Style{Font: font, Border: border, Alignment: center, NumFmt: 1}}, // 0
		{&st.byKind[Money], excelize.Style{Font: font, Border: border, Alignment: top, NumFmt: 3}},  // #,##0
		{&st.byKind[Date], excelize.Style{Font: font, Border: border, Alignment: center, CustomNumFmt: &dateFmt}},
		{&st.byKind[DateTime], excelize.Style{Font: font, Border: border, Alignment: center, CustomNumFmt: &dateTimeFmt}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return nil, fmt.Errorf("report: style: %w", err)
		}
		*d.dst = id
	}
	return st, nil
}

func writeSheet(f *excelize.File, st *styles, s Sheet) error {
	if len(s.Columns) == 0 {
		return errors.New("no columns")
	}
	sw, err := f.NewStreamWriter(s.Name)
	if err != nil {
		return err
	}
	last, err := excelize.ColumnNumberToName(len(s.Columns))
	if err != nil {
		return err
	}
	// Column widths and panes must precede the first row.
	for i, c := range s.Columns {
		if err := sw.SetColWidth(i+1, i+1, columnWidth(c)); err != nil {
			return err
		}
	}
	headerRow := len(s.Title) + 1
	if len(s.Title) > 0 {
		headerRow++ // a blank row between the title and the table
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: headerRow, TopLeftCell: fmt.Sprintf("A%d", headerRow+1), ActivePane: "bottomLeft",
	}); err != nil {
		return err
	}

	for i, line := range s.Title {
		style := st.subtitle
		if i == 0 {
			style = st.title
		}
		cell := fmt.Sprintf("A%d", i+1)
		if err := sw.SetRow(cell, []any{excelize.Cell{StyleID: style, Value: cleanText(line)}}); err != nil {
			return err
		}
		if err := sw.MergeCell(cell, fmt.Sprintf("%s%d", last, i+1)); err != nil {
			return err
		}
	}
	header := make([]any, len(s.Columns))
	for i, c := range s.Columns {
		header[i] = excelize.Cell{StyleID: st.header, Value: cleanText(c.Title)}
	}
	if err := sw.SetRow(fmt.Sprintf("A%d", headerRow), header, excelize.RowOpts{Height: 32}); err != nil {
		return err
	}

	row := headerRow
	if s.Rows != nil {
		cells := make([]any, len(s.Columns))
		for values, err := range s.Rows {
			if err != nil {
				return err
			}
			row++
			for i, c := range s.Columns {
				var v any
				if i < len(values) {
					v = values[i]
				}
				cv, err := cellValue(c.Kind, v)
				if err != nil {
					return fmt.Errorf("row %d, column %q: %w", row, c.Title, err)
				}
				cells[i] = excelize.Cell{StyleID: st.byKind[c.Kind], Value: cv}
			}
			if err := sw.SetRow(fmt.Sprintf("A%d", row), cells); err != nil {
				return err
			}
		}
	}
	return sw.Flush()
}

// columnWidth is the width of a column: its own, or one suited to its kind
// and wide enough for the longest word of its title.
func columnWidth(c Column) float64 {
	if c.Width > 0 {
		return c.Width
	}
	w := map[Kind]float64{Text: 20, Int: 8, Money: 14, Date: 12, DateTime: 17}[c.Kind]
	for word := range strings.FieldsSeq(c.Title) {
		w = max(w, float64(utf8.RuneCountInString(word))+2)
	}
	return w
}

// cellValue converts v for a column of kind k.
func cellValue(k Kind, v any) (any, error) {
	switch k {
	case Date, DateTime:
		switch t := v.(type) {
		case nil:
			return nil, nil
		case time.Time:
			if t.IsZero() {
				return nil, nil
			}
			// Excel has no zones: store the wall-clock time in Hà Nội.
			return t.In(vnZone), nil
		}
		return nil, fmt.Errorf("want time.Time, got %T", v)
	case Int, Money:
		switch v.(type) {
		case nil, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
			return v, nil
		}
		return nil, fmt.Errorf("want an integer, got %T", v)
	}
	switch s := v.(type) {
	case nil:
		return nil, nil
	case string:
		if s == "" {
			return nil, nil
		}
		return cleanText(s), nil
	case fmt.Stringer:
		return cleanText(s.String()), nil
	}
	return cleanText(fmt.Sprint(v)), nil
}

// cleanText normalises to NFC, drops the control characters XML 1.0 cannot
// carry (they would corrupt the file) and cuts the text to Excel's cell
// limit.
func cleanText(s string) string {
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	if strings.IndexFunc(s, badRune) >= 0 {
		s = strings.Map(func(r rune) rune {
			if badRune(r) {
				return -1
			}
			return r
		}, s)
	}
	if utf8.RuneCountInString(s) > maxCellChars {
		s = string([]rune(s)[:maxCellChars-1]) + "…"
	}
	return s
}

func badRune(r rune) bool {
	return (unicode.IsControl(r) && r != '\n' && r != '\t') || r == '\uFFFE' || r == '\uFFFF' || r == utf8.RuneError
}
