package pdfdoc_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/pdfdoc"
)

// Paper sizes in PDF points (TT 01/2018/TT-VPCP Đ9.2).
var (
	a5         = [2]float64{148 * 72 / 25.4, 210 * 72 / 25.4}
	a4Portrait = [2]float64{210 * 72 / 25.4, 297 * 72 / 25.4}
	a4Land     = [2]float64{a4Portrait[1], a4Portrait[0]}
)

type formCase struct {
	name   string
	render func(*bytes.Buffer) error
	size   [2]float64
	want   []string // in the text layer, NFC
}

// due dates and other values in the wording the forms print.
const (
	receiptDue  = "10 giờ 00 phút, ngày 13/01/2026"
	apologyDue  = "14 giờ 00 phút, ngày 20/01/2026"
	headerDate  = "Ninh Bình, ngày 05 tháng 01 năm 2026"
	nationLine  = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	mottoLine   = "Độc lập - Tự do - Hạnh phúc"
	sampleAgent = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
)

func formCases() []formCase {
	name := sampleApplicant.Name
	return []formCase{
		{"01-receipt", func(b *bytes.Buffer) error { return pdfdoc.WriteReceipt(b, sampleReceipt()) }, a5, []string{
			"Mẫu số 01", nationLine, mottoLine, headerDate, "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH", sampleAgent, "Số: 125/TTPVHCC",
			"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Mã hồ sơ: " + sampleCode, name, "037185001234",
			"Người được ủy quyền: Trần Văn Đức", sampleProcedure, "mã thủ tục: 1.001193",
			"Giấy tờ tùy thân của người đi đăng ký (hộ chiếu, căn cước)", "Số lượng hồ sơ: 01 bộ",
			"05 ngày làm việc", "15 giờ 20 phút, ngày 05/01/2026", "sau 15 giờ 00", receiptDue,
			"Qua dịch vụ bưu chính công ích", "Phí, lệ phí đã thu: 50.000 đồng", "biên lai số: 0001234",
			"Quyển số: 01, Số thứ tự: 125", "Quét mã để tra cứu", "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Lê Thị Ngọc Ánh",
		}},
		{"02-supplement", func(b *bytes.Buffer) error { return pdfdoc.WriteSupplementRequest(b, sampleSupplement()) }, a5, []string{
			"Mẫu số 02", nationLine, headerDate, "Số: 12/PBS", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", sampleCode, name, sampleProcedure,
			"1. Bổ sung bản sao giấy chứng nhận kết hôn của cha, mẹ", "Lý do: Hồ sơ chưa có giấy tờ chứng minh quan hệ hôn nhân",
			"2. Ký lại tờ khai đăng ký khai sinh", "3. Hợp pháp hóa lãnh sự giấy khai sinh do cơ quan nước ngoài cấp",
			"hướng dẫn đầy đủ, một lần", "Quá 15 ngày", "0229 3871 234", "NGƯỜI HƯỚNG DẪN",
		}},
		{"03-refusal", func(b *bytes.Buffer) error { return pdfdoc.WriteRefusal(b, sampleRefusal()) }, a5, []string{
			"Mẫu số 03", nationLine, headerDate, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", name, sampleProcedure,
			"1. Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã Đông Dư.",
			"2. Người nộp không có văn bản ủy quyền hợp lệ.",
		}},
		{"04-apology", func(b *bytes.Buffer) error { return pdfdoc.WriteApology(b, sampleApology()) }, a5, []string{
			"Mẫu số 04", nationLine, headerDate, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "Kính gửi: Ông/Bà " + name,
			sampleCode, sampleProcedure, "037185001234", receiptDue, apologyDue,
			"Cần xác minh thông tin hộ tịch tại cơ quan đại diện Việt Nam ở nước ngoài.", "GIÁM ĐỐC", "Phạm Quốc Hưng",
		}},
		{"05-control", func(b *bytes.Buffer) error { return pdfdoc.WriteControlSheet(b, sampleControl(14)) }, a5, []string{
			"Mẫu số 05", nationLine, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", sampleCode, sampleProcedure,
			"Sở Tư pháp tỉnh Ninh Bình", "Công an tỉnh Ninh Bình; Ủy ban nhân dân xã Đông Dư", receiptDue,
			"Thẩm định hồ sơ", "Trước hạn", "Đúng hạn", "Quá hạn", "Trang 2/2",
		}},
		{"stop-notice", func(b *bytes.Buffer) error { return pdfdoc.WriteStopNotice(b, sampleStop()) }, a5, []string{
			nationLine, headerDate, "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", "Kính gửi: Ông/Bà " + name, sampleCode, sampleProcedure,
			"Ngày 07/01/2026", "dừng giải quyết hồ sơ nêu trên kể từ ngày 05/01/2026", "Hoàn trả 01 bộ hồ sơ giấy",
		}},
		{"06-book", func(b *bytes.Buffer) error {
			return pdfdoc.WriteTrackingBook(b, sampleBook(), pdfdoc.Entries(sampleEntries(30)))
		}, a4Land, []string{
			"Mẫu số 06", nationLine, "SỔ THEO DÕI HỒ SƠ", "Quyển số 01 năm 2026", "Tên thủ tục hành chính", "Phương thức nhận kết quả",
			sampleCode, name, "Đỗ Thị Thủy Tiên", sampleProcedure, "05/01/2026", "08/01/2026", "Bưu chính công ích", "Trang 2/",
		}},
	}
}

func TestFormsRender(t *testing.T) {
	dir := t.TempDir()
	pdftotext := pdfTool(t, "pdftotext")
	for _, tc := range formCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			if err := tc.render(&b); err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
				t.Fatalf("output does not start with %%PDF-: %q", b.Bytes()[:min(16, b.Len())])
			}
			checkPageSize(t, b.Bytes(), tc.size)
			if pdftotext == "" {
				return
			}
			text := pdfText(t, pdftotext, dir, tc.name, b.Bytes())
			for _, want := range tc.want {
				if !strings.Contains(text, squash(want)) {
					t.Errorf("text layer lacks %q\n--- text ---\n%s", want, text)
				}
			}
		})
	}
}

func TestControlSheetRepeatsHeader(t *testing.T) {
	pdftotext := pdfTool(t, "pdftotext")
	var b bytes.Buffer
	if err := pdfdoc.WriteControlSheet(&b, sampleControl(40)); err != nil {
		t.Fatal(err)
	}
	pages := pageCount(b.Bytes())
	if pages < 3 {
		t.Fatalf("40 steps on %d pages, want several", pages)
	}
	if pdftotext == "" {
		return
	}
	text := pdfText(t, pdftotext, t.TempDir(), "control", b.Bytes())
	if got := strings.Count(text, "Bước xử lý"); got != pages {
		t.Errorf("table header printed %d times on %d pages", got, pages)
	}
	for i := 1; i <= 40; i++ { // every hand-over is printed
		if !strings.Contains(text, fmt.Sprintf(" %d ", i)) {
			t.Errorf("row %d missing", i)
		}
	}
}

func TestTrackingBookLarge(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	entries := sampleEntries(n)
	entries[0].Seq = 1001 // a second volume continues the year's numbering
	var b bytes.Buffer
	if err := pdfdoc.WriteTrackingBook(&b, sampleBook(), pdfdoc.Entries(entries)); err != nil {
		t.Fatal(err)
	}
	pages := pageCount(b.Bytes())
	if pages < n/15 || pages > n/5 {
		t.Errorf("%d rows on %d pages", n, pages)
	}
	t.Logf("%d rows: %d pages, %d kB", n, pages, b.Len()/1024)
	pdftotext := pdfTool(t, "pdftotext")
	if pdftotext == "" {
		return
	}
	text := pdfText(t, pdftotext, t.TempDir(), "book", b.Bytes())
	last := strconv.Itoa(1000 + n)
	for _, want := range []string{" 1001 ", " 1002 ", " " + last + " ", fmt.Sprintf("Trang %d/%d", pages, pages)} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if got := strings.Count(text, "Phương thức nhận kết quả"); got != pages {
		t.Errorf("header row printed %d times on %d pages", got, pages)
	}
}

func TestTrackingBookEntriesError(t *testing.T) {
	boom := errors.New("cursor closed")
	entries := func(yield func(pdfdoc.BookEntry, error) bool) {
		if !yield(pdfdoc.BookEntry{DossierCode: "X"}, nil) {
			return
		}
		yield(pdfdoc.BookEntry{}, boom)
	}
	var b bytes.Buffer
	err := pdfdoc.WriteTrackingBook(&b, sampleBook(), entries)
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want %v", err, boom)
	}
	if b.Len() != 0 {
		t.Errorf("%d bytes written despite the error", b.Len())
	}
}

func TestFormsValidate(t *testing.T) {
	noItems := sampleSupplement()
	noItems.Items = nil
	emptyItem := sampleSupplement()
	emptyItem.Items = append(emptyItem.Items, pdfdoc.SupplementItem{Reason: "?"})
	noReason := sampleRefusal()
	noReason.Reasons = nil
	backwards := sampleApology()
	backwards.NewDueAt = backwards.OriginalDueAt.Add(-time.Hour)
	noDate := sampleApology()
	noDate.NewDueAt = time.Time{}
	tests := []struct {
		name  string
		err   error
		field string
	}{
		{"supplement without items", pdfdoc.WriteSupplementRequest(&bytes.Buffer{}, noItems), "items"},
		{"supplement with an empty item", pdfdoc.WriteSupplementRequest(&bytes.Buffer{}, emptyItem), "items[3].content"},
		{"refusal without reason", pdfdoc.WriteRefusal(&bytes.Buffer{}, noReason), "reasons"},
		{"apology moving the date back", pdfdoc.WriteApology(&bytes.Buffer{}, backwards), "new_due_at"},
		{"apology without new date", pdfdoc.WriteApology(&bytes.Buffer{}, noDate), "new_due_at"},
	}
	for _, tt := range tests {
		var e *apperr.Error
		if !errors.As(tt.err, &e) || e.Code != apperr.CodeInvalid {
			t.Errorf("%s: err = %v, want an invalid apperr", tt.name, tt.err)
			continue
		}
		if _, ok := e.Fields[tt.field]; !ok {
			t.Errorf("%s: fields %v lack %q", tt.name, e.Fields, tt.field)
		}
	}
}

// TestHostileText feeds text fpdf cannot take as is: NFD, emoji (fpdf
// panics above U+FFFF), control characters and script the font lacks.
func TestHostileText(t *testing.T) {
	r := sampleReceipt()
	r.Applicant.Name = norm.NFD.String("Nguyễn Thị Hường") + " 👩‍👧"
	r.Applicant.Address = "Số 1\tngõ 2\r\nphố 3\x00 李"
	r.ProcedureName = "\U0001F4C4 " + norm.NFD.String(sampleProcedure)
	r.Documents = append(r.Documents, pdfdoc.ReceiptDocument{Name: strings.Repeat("Giấy_tờ_rất_dài_không_có_khoảng_trắng", 6), Copies: 1})
	var b bytes.Buffer
	if err := pdfdoc.WriteReceipt(&b, r); err != nil {
		t.Fatal(err)
	}
	pdftotext := pdfTool(t, "pdftotext")
	if pdftotext == "" {
		return
	}
	text := pdfText(t, pdftotext, t.TempDir(), "hostile", b.Bytes())
	for _, want := range []string{"Nguyễn Thị Hường", sampleProcedure, "Số 1 ngõ 2 phố 3 ?"} {
		if !strings.Contains(text, squash(want)) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

func TestReceiptMinimal(t *testing.T) {
	// Everything optional left out: the form still prints, with blanks to
	// fill in by hand.
	var b bytes.Buffer
	if err := pdfdoc.WriteReceipt(&b, pdfdoc.Receipt{}); err != nil {
		t.Fatal(err)
	}
	if n := pageCount(b.Bytes()); n != 1 {
		t.Errorf("empty receipt on %d pages", n)
	}
	pdftotext := pdfTool(t, "pdftotext")
	if pdftotext == "" {
		return
	}
	text := pdfText(t, pdftotext, t.TempDir(), "minimal", b.Bytes())
	for _, want := range []string{"ngày …… tháng …… năm ……", "…… giờ …… phút", "Mã hồ sơ: ……"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Quét mã") {
		t.Error("QR caption printed without a tracking URL")
	}
}

// TestFontSubsetCache renders, at the same time, receipts whose text stays
// within the base runes and receipts with letters outside them (which get a
// font subset of their own): each prints its own names, and a Vietnamese
// receipt is byte-identical before and after the others.
func TestFontSubsetCache(t *testing.T) {
	var first bytes.Buffer
	if err := pdfdoc.WriteReceipt(&first, sampleReceipt()); err != nil {
		t.Fatal(err)
	}
	names := []string{"Łukasz Øster Ñandú", "Ωmega Ærø Škoda", "Nguyễn Thị Ngọc Trâm", "Đặng Hữu Phước"}
	out := make([]bytes.Buffer, len(names))
	errs := make(chan error, len(names))
	for i, n := range names {
		go func() {
			r := sampleReceipt()
			r.Applicant.Name = n
			errs <- pdfdoc.WriteReceipt(&out[i], r)
		}()
	}
	for range names {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	var again bytes.Buffer
	if err := pdfdoc.WriteReceipt(&again, sampleReceipt()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), again.Bytes()) {
		t.Error("a receipt differs after receipts with other letters were rendered")
	}
	pdftotext := pdfTool(t, "pdftotext")
	if pdftotext == "" {
		return
	}
	dir := t.TempDir()
	for i, n := range names {
		if text := pdfText(t, pdftotext, dir, fmt.Sprint("subset", i), out[i].Bytes()); !strings.Contains(text, n) {
			t.Errorf("receipt %d lacks %q:\n%s", i, n, text)
		}
	}
}

func TestOutputIsDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := pdfdoc.WriteReceipt(&a, sampleReceipt()); err != nil {
		t.Fatal(err)
	}
	if err := pdfdoc.WriteReceipt(&b, sampleReceipt()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two renderings of the same receipt differ")
	}
}

// pdfTool returns the path of a poppler tool, or "" to skip the checks that
// need it. With MOTCUA_REQUIRE_PDFTOOLS=1 (set in CI) a missing tool fails
// the test instead.
func pdfTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("MOTCUA_REQUIRE_PDFTOOLS") == "1" {
		t.Fatalf("%s not found and MOTCUA_REQUIRE_PDFTOOLS=1 (install poppler-utils)", name)
	}
	t.Logf("%s not found: skipping the text-layer checks", name)
	return ""
}

// pdfText returns the text layer of pdf in content order (-raw: the default
// mode drops the hyphen of "260105-" at the end of a table line),
// NFC-normalised and squashed so that wrapped lines compare like one.
func pdfText(t *testing.T, pdftotext, dir, name string, pdf []byte) string {
	t.Helper()
	in := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-raw", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return " " + squash(string(out)) + " "
}

var spaceRun = regexp.MustCompile(`\s+`)

// squash NFC-normalises s, collapses white space and joins words broken
// after a hyphen at the end of a table line.
func squash(s string) string {
	s = spaceRun.ReplaceAllString(norm.NFC.String(s), " ")
	return strings.ReplaceAll(s, "- ", "-")
}

var mediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]`)

func checkPageSize(t *testing.T, pdf []byte, want [2]float64) {
	t.Helper()
	m := mediaBox.FindAllSubmatch(pdf, -1)
	if len(m) == 0 {
		t.Fatal("no /MediaBox")
	}
	for _, box := range m {
		w, _ := strconv.ParseFloat(string(box[1]), 64)
		h, _ := strconv.ParseFloat(string(box[2]), 64)
		if abs(w-want[0]) > 0.5 || abs(h-want[1]) > 0.5 {
			t.Errorf("MediaBox %.2f×%.2f pt, want %.2f×%.2f", w, h, want[0], want[1])
		}
	}
}

var pagesCount = regexp.MustCompile(`/Type /Pages\s*/Kids \[[^\]]*\]\s*/Count (\d+)`)

// pageCount reads the page count from the page tree that fpdf writes.
func pageCount(pdf []byte) int {
	m := pagesCount.FindSubmatch(pdf)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
