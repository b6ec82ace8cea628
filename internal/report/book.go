package report

import (
	"io"
	"iter"
	"strings"

	"github.com/motcua/motcua/internal/pdfdoc"
)

// BookSheetName is the tab name of the tracking book export.
const BookSheetName = "Sổ theo dõi"

// WriteTrackingBook writes Mẫu số 06, Sổ theo dõi hồ sơ (TT 01/2018/TT-VPCP
// Đ9; 2025 BM.06), as an .xlsx workbook to w: the same book, columns and
// running STT as pdfdoc.WriteTrackingBook, with the dates as real Excel
// dates so that the book can be sorted and filtered. Entries are read one at
// a time; the first error from entries stops the export and is returned.
func WriteTrackingBook(w io.Writer, b pdfdoc.TrackingBook, entries iter.Seq2[pdfdoc.BookEntry, error]) error {
	kinds := []Kind{Int, Text, Text, Text, Text, Text, DateTime, DateTime, DateTime, Text, Text, Text}
	widths := []float64{7, 28, 40, 24, 32, 26, 17, 17, 17, 18, 12, 22}
	cols := make([]Column, len(pdfdoc.BookColumns))
	for i, title := range pdfdoc.BookColumns {
		cols[i] = Column{Title: title, Kind: kinds[i], Width: widths[i]}
	}
	var title []string
	if agency := strings.ToUpper(b.Header.Agency); agency != "" {
		title = append(title, agency)
	}
	title = append(title, "SỔ THEO DÕI HỒ SƠ", b.Title())
	rows := func(yield func([]any, error) bool) {
		seq := 0
		for e, err := range entries {
			if err != nil {
				yield(nil, err)
				return
			}
			if e.Seq > 0 {
				seq = e.Seq
			} else {
				seq++
			}
			row := []any{
				seq, e.DossierCode, e.ProcedureName, e.ApplicantName, e.AddressPhone(), e.LeadAgency,
				e.ReceivedAt, e.DueAt, e.ReturnedAt, e.DeliveryMethod, nil, e.Note,
			}
			if !yield(row, nil) {
				return
			}
		}
	}
	return WriteXLSX(w, Sheet{Name: BookSheetName, Title: title, Columns: cols, Rows: rows})
}
