package pdfdoc

import (
	"fmt"
	"io"
	"iter"
	"strconv"
	"time"
)

// TrackingBook describes one volume of Mẫu số 06, Sổ theo dõi hồ sơ
// (TT 01/2018/TT-VPCP Đ9; 2025 BM.06). An agency keeps one book per year;
// its sequence numbers run on from 1 to the year's end, and a new volume in
// the same year continues the last number (TT 01/2018 Đ10.2). An electronic
// book is allowed; this prints it on A4 landscape, and package report
// exports the same book as XLSX.
type TrackingBook struct {
	// Header names the agency; Number, Place and Date are not printed.
	Header Header
	Volume string // Quyển số
	Year   int
}

// BookEntry is one row of the tracking book.
type BookEntry struct {
	// Seq is the sequence number (STT). Zero continues from the previous
	// row (the first row of a book without one gets 1).
	Seq            int
	DossierCode    string
	ProcedureName  string
	ApplicantName  string
	Address        string
	Phone          string
	LeadAgency     string // cơ quan chủ trì giải quyết
	ReceivedAt     time.Time
	DueAt          time.Time
	ReturnedAt     time.Time // zero while the result has not been returned
	DeliveryMethod string    // phương thức nhận kết quả, e.g. "Trực tiếp", "Bưu chính công ích"
	Note           string
}

// Entries adapts a slice to the iterator the book writers take.
func Entries(s []BookEntry) iter.Seq2[BookEntry, error] {
	return func(yield func(BookEntry, error) bool) {
		for _, e := range s {
			if !yield(e, nil) {
				return
			}
		}
	}
}

// BookColumns are the column titles of the tracking book, in order (2025
// BM.06), shared by the PDF and the XLSX versions.
var BookColumns = []string{
	"STT",
	"Mã hồ sơ",
	"Tên thủ tục hành chính",
	"Tên người nộp hồ sơ",
	"Địa chỉ, số điện thoại",
	"Cơ quan chủ trì giải quyết",
	"Ngày nhận hồ sơ",
	"Ngày hẹn trả kết quả",
	"Ngày trả kết quả",
	"Phương thức nhận kết quả",
	"Ký nhận",
	"Ghi chú",
}

// Title is the book's title line, e.g. "Quyển số 01 năm 2026".
func (b TrackingBook) Title() string {
	year := "……"
	if b.Year > 0 {
		year = strconv.Itoa(b.Year)
	}
	return fmt.Sprintf("Quyển số %s năm %s", orBlank(b.Volume), year)
}

// AddressPhone joins the address and phone number as the book prints them.
func (e BookEntry) AddressPhone() string {
	switch {
	case e.Phone == "":
		return e.Address
	case e.Address == "":
		return "ĐT: " + e.Phone
	}
	return e.Address + "; ĐT: " + e.Phone
}

// WriteTrackingBook renders Mẫu số 06 on A4 landscape and writes the PDF to
// w. Entries are read one at a time, so they can come straight from a
// database cursor; the first error from entries stops the rendering and is
// returned. fpdf keeps the pages in memory until the end (about 10 rows,
// 12 kB, a page).
func WriteTrackingBook(w io.Writer, b TrackingBook, entries iter.Seq2[BookEntry, error]) error {
	return render(w, pageA4Landscape, "Sổ theo dõi hồ sơ", b.Header.Date, func(d *doc) error {
		d.formNumber("Mẫu số 06")
		d.header(b.Header, false)
		d.title("Sổ theo dõi hồ sơ", b.Title())
		widths := []float64{10, 32, 0, 27, 34, 27, 17, 17, 17, 21, 16, 20}
		aligns := []string{"C", "L", "L", "L", "L", "L", "C", "C", "C", "L", "L", "L"}
		cols := make([]column, len(BookColumns))
		for i, title := range BookColumns {
			cols[i] = column{title: title, width: widths[i], align: aligns[i]}
		}
		t := newTable(d, sizeSmall, cols...)
		t.start()
		seq := 0
		for e, err := range entries {
			if err != nil {
				return fmt.Errorf("pdfdoc: tracking book: %w", err)
			}
			if e.Seq > 0 {
				seq = e.Seq
			} else {
				seq++
			}
			t.rowMin(2,
				strconv.Itoa(seq),
				e.DossierCode,
				e.ProcedureName,
				e.ApplicantName,
				e.AddressPhone(),
				e.LeadAgency,
				dateTimeLines(e.ReceivedAt),
				dateTimeLines(e.DueAt),
				dateTimeLines(e.ReturnedAt),
				e.DeliveryMethod,
				"",
				e.Note,
			)
		}
		return nil
	})
}
