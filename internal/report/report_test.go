package report_test

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/pdfdoc"
	"github.com/motcua/motcua/internal/report"
)

var ict = time.FixedZone("ICT", 7*60*60)

func sampleBook() pdfdoc.TrackingBook {
	return pdfdoc.TrackingBook{
		Header: pdfdoc.Header{ParentAgency: "Ủy ban nhân dân tỉnh Ninh Bình", Agency: "Trung tâm Phục vụ hành chính công"},
		Volume: "01",
		Year:   2026,
	}
}

func sampleEntries() []pdfdoc.BookEntry {
	recv := time.Date(2026, 1, 5, 1, 30, 0, 0, time.UTC) // 08:30 in Hà Nội
	return []pdfdoc.BookEntry{
		{
			DossierCode:    "000.00.12.H42-260105-0001",
			ProcedureName:  "Đăng ký khai sinh có yếu tố nước ngoài",
			ApplicantName:  norm.NFD.String("Nguyễn Thị Hường"), // NFD in, NFC out
			Address:        "Thôn Đông Dư, xã Đông Dư, tỉnh Ninh Bình",
			Phone:          "0912 345 678",
			LeadAgency:     "Ủy ban nhân dân xã Đông Dư",
			ReceivedAt:     recv,
			DueAt:          time.Date(2026, 1, 13, 10, 0, 0, 0, ict),
			ReturnedAt:     time.Date(2026, 1, 12, 15, 45, 0, 0, ict),
			DeliveryMethod: "Bưu chính công ích",
			Note:           "Hồ sơ liên thông\x01",
		},
		{
			DossierCode:   "000.00.12.H42-260105-0002",
			ProcedureName: "Đăng ký thường trú",
			ApplicantName: "Trần Văn Đức",
			ReceivedAt:    recv.Add(time.Hour),
			DueAt:         recv.Add(72 * time.Hour),
		},
	}
}

func TestTrackingBookRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteTrackingBook(&buf, sampleBook(), pdfdoc.Entries(sampleEntries())); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !cmp.Equal(got, []string{"Sổ theo dõi"}) {
		t.Fatalf("sheets = %q", got)
	}
	rows, err := f.GetRows(report.BookSheetName)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 7 {
		t.Fatalf("%d rows, want 3 title + blank + header + 2: %q", len(rows), rows)
	}
	wantTitle := [][]string{{"TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"}, {"SỔ THEO DÕI HỒ SƠ"}, {"Quyển số 01 năm 2026"}}
	if diff := cmp.Diff(wantTitle, [][]string{trim(rows[0]), trim(rows[1]), trim(rows[2])}); diff != "" {
		t.Errorf("title (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(pdfdoc.BookColumns, rows[4]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	want := []string{
		"1", "000.00.12.H42-260105-0001", "Đăng ký khai sinh có yếu tố nước ngoài", "Nguyễn Thị Hường",
		"Thôn Đông Dư, xã Đông Dư, tỉnh Ninh Bình; ĐT: 0912 345 678", "Ủy ban nhân dân xã Đông Dư",
		"05/01/2026 08:30", "13/01/2026 10:00", "12/01/2026 15:45", "Bưu chính công ích", "", "Hồ sơ liên thông",
	}
	if diff := cmp.Diff(want, rows[5]); diff != "" {
		t.Errorf("first entry (-want +got):\n%s", diff)
	}
	// The second entry has no return date: that cell stays empty.
	if got := rows[6]; got[0] != "2" || got[3] != "Trần Văn Đức" || len(got) > 8 && got[8] != "" {
		t.Errorf("second entry = %q", got)
	}

	// The header is bold, and dates are numbers (Excel serial days) in Hà
	// Nội wall-clock time, not text.
	styleID, err := f.GetCellStyle(report.BookSheetName, "B5")
	if err != nil {
		t.Fatal(err)
	}
	style, err := f.GetStyle(styleID)
	if err != nil {
		t.Fatal(err)
	}
	if style.Font == nil || !style.Font.Bold {
		t.Errorf("header style %+v is not bold", style.Font)
	}
	raw, err := f.GetCellValue(report.BookSheetName, "G6", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Fatalf("G6 = %q, want an Excel date serial: %v", raw, err)
	}
	got, err := excelize.ExcelDateToTime(serial, false)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 1, 5, 8, 30, 0, 0, time.UTC); got.Sub(want).Abs() > time.Second {
		t.Errorf("G6 is %v, want %v (Hà Nội wall clock)", got, want)
	}
	if typ, _ := f.GetCellType(report.BookSheetName, "A6"); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
		t.Errorf("STT stored as text (%v)", typ)
	}
	if w, _ := f.GetColWidth(report.BookSheetName, "C"); w < 30 {
		t.Errorf("procedure column width %.1f, want a wide column", w)
	}
	panes, err := f.GetPanes(report.BookSheetName)
	if err != nil || !panes.Freeze || panes.YSplit != 5 {
		t.Errorf("panes = %+v, %v: want the header row frozen", panes, err)
	}
}

func trim(row []string) []string {
	for len(row) > 0 && row[len(row)-1] == "" {
		row = row[:len(row)-1]
	}
	return row
}

func TestWriteXLSXGeneric(t *testing.T) {
	type fee struct {
		name string
		vnd  int64
		due  time.Time
	}
	fees := []fee{
		{"Lệ phí đăng ký khai sinh", 8000, time.Date(2026, 3, 1, 0, 0, 0, 0, ict)},
		{"Phí chứng thực", 2000, time.Time{}},
	}
	rows := func(yield func([]any, error) bool) {
		for _, f := range fees {
			if !yield([]any{f.name, f.vnd, f.due}, nil) {
				return
			}
		}
	}
	var buf bytes.Buffer
	err := report.WriteXLSX(&buf,
		report.Sheet{
			Name:    "Phí, lệ phí",
			Title:   []string{"Bảng phí"},
			Columns: []report.Column{{Title: "Tên"}, {Title: "Mức thu (đồng)", Kind: report.Money}, {Title: "Hạn nộp", Kind: report.Date}},
			Rows:    rows,
		},
		report.Sheet{
			Name:    "Tổng hợp",
			Columns: []report.Column{{Title: "Chỉ tiêu"}, {Title: "Số lượng", Kind: report.Int}},
			Rows: func(yield func([]any, error) bool) {
				yield([]any{"Hồ sơ đúng hạn", 42}, nil)
			},
		},
	)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if diff := cmp.Diff([]string{"Phí, lệ phí", "Tổng hợp"}, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	got, _ := f.GetRows("Phí, lệ phí")
	want := [][]string{{"Bảng phí"}, nil, {"Tên", "Mức thu (đồng)", "Hạn nộp"}, {"Lệ phí đăng ký khai sinh", "8,000", "01/03/2026"}, {"Phí chứng thực", "2,000"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	got, _ = f.GetRows("Tổng hợp")
	if diff := cmp.Diff([][]string{{"Chỉ tiêu", "Số lượng"}, {"Hồ sơ đúng hạn", "42"}}, got); diff != "" {
		t.Errorf("second sheet (-want +got):\n%s", diff)
	}
}

func TestWriteXLSXErrors(t *testing.T) {
	boom := errors.New("query failed")
	tests := []struct {
		name  string
		sheet report.Sheet
		want  string
	}{
		{"row error", report.Sheet{Name: "A", Columns: []report.Column{{Title: "x"}},
			Rows: func(yield func([]any, error) bool) { yield(nil, boom) }}, "query failed"},
		{"wrong type for a date", report.Sheet{Name: "A", Columns: []report.Column{{Title: "Ngày", Kind: report.Date}},
			Rows: func(yield func([]any, error) bool) { yield([]any{"05/01/2026"}, nil) }}, "want time.Time"},
		{"bad sheet name", report.Sheet{Name: "a/b", Columns: []report.Column{{Title: "x"}}}, "sheet"},
		{"no columns", report.Sheet{Name: "A"}, "no columns"},
	}
	for _, tt := range tests {
		err := report.WriteXLSX(&bytes.Buffer{}, tt.sheet)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tt.name, err, tt.want)
		}
	}
	err := report.WriteXLSX(&bytes.Buffer{}, report.Sheet{Name: "A", Columns: []report.Column{{Title: "x"}},
		Rows: func(yield func([]any, error) bool) { yield(nil, boom) }})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want it to wrap %v", err, boom)
	}
}

func TestTrackingBookLarge(t *testing.T) {
	n := 10000
	if testing.Short() {
		n = 1000
	}
	base := sampleEntries()[0]
	entries := func(yield func(pdfdoc.BookEntry, error) bool) {
		for i := range n {
			e := base
			e.DossierCode = fmt.Sprintf("000.00.12.H42-260105-%04d", i+1)
			if !yield(e, nil) {
				return
			}
		}
	}
	var buf bytes.Buffer
	if err := report.WriteTrackingBook(&buf, sampleBook(), entries); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d rows: %d kB", n, buf.Len()/1024)
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	last, err := f.GetCellValue(report.BookSheetName, fmt.Sprintf("A%d", 5+n))
	if err != nil || last != strconv.Itoa(n) {
		t.Errorf("last STT = %q, %v; want %d", last, err, n)
	}
}

func BenchmarkTrackingBook(b *testing.B) {
	base := sampleEntries()[0]
	entries := make([]pdfdoc.BookEntry, 1000)
	for i := range entries {
		entries[i] = base
	}
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := report.WriteTrackingBook(&buf, sampleBook(), pdfdoc.Entries(entries)); err != nil {
			b.Fatal(err)
		}
	}
}
