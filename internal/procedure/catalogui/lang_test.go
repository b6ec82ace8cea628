package catalogui_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/procedure"
)

// TestErrorsWithValuesInRequestLanguage checks that errors carrying a value
// (an unknown agency code, a repeated procedure code, a file that cannot be
// read) come back in English with ?lang=en and unchanged in Vietnamese
// (?lang=vi: the signed-in client keeps the language chosen last in a
// cookie): in the API, on the admin procedure form and in the import report.
func TestErrorsWithValuesInRequestLanguage(t *testing.T) {
	e := apptest.Start(t)
	// API: an unknown receiving agency.
	for _, tc := range []struct{ lang, want string }{
		{"", "Không có cơ quan tiếp nhận mã KHONG.CO."},
		{"&lang=en", "There is no receiving agency with the code KHONG.CO."},
	} {
		var eb apiError
		if st := e.JSON(t, "GET", "/api/v1/procedures?agency=KHONG.CO"+tc.lang, "", nil, &eb); st != 400 || eb.Error.Message != tc.want {
			t.Errorf("API%s = %d %q, want %q", tc.lang, st, eb.Error.Message, tc.want)
		}
	}

	c := e.Login(t, "admin", "")
	// The admin form: an unknown deciding agency, a document name too long.
	f := validForm()
	f.Set("handling_agency", "KHONG.CO")
	f.Set("doc_0_name", strings.Repeat("x", 5001))
	for _, tc := range []struct {
		query                string
		agency, docName, top string
	}{
		{"?lang=vi", "Không có cơ quan mã KHONG.CO.", "Tên giấy tờ quá dài (tối đa 5000 ký tự).", "Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu."},
		{"?lang=en", "There is no agency with the code KHONG.CO.", "The document name is too long (at most 5000 characters).", "Some data is not valid; please check the marked fields."},
	} {
		st, _, body := postMultipart(t, c, e.URL+"/quan-tri/thu-tuc/moi"+tc.query, f, nil)
		d := doc(t, body)
		if st != http.StatusBadRequest {
			t.Fatalf("form%s = %d", tc.query, st)
		}
		if !strings.Contains(body, tc.top) {
			t.Errorf("form%s: no %q above the form", tc.query, tc.top)
		}
		if got := strings.TrimSpace(d.Find("#err-handling_agency").Text()); got != tc.agency {
			t.Errorf("form%s: deciding agency error %q, want %q", tc.query, got, tc.agency)
		}
		if got := strings.TrimSpace(d.Find("#err-doc_0_name").Text()); got != tc.docName {
			t.Errorf("form%s: document name error %q, want %q", tc.query, got, tc.docName)
		}
	}
	// A text file uploaded as a blank form next to a number that is not one:
	// both errors on the re-rendered form are in the page's language.
	f = validForm()
	f.Set("fee_0_amount", "mười nghìn")
	st, _, body := postMultipart(t, c, e.URL+"/quan-tri/thu-tuc/moi?lang=en", f, map[string][2]string{"doc_0_upload": {"x.pdf", "<html>"}})
	d := doc(t, body)
	if st != http.StatusBadRequest || strings.TrimSpace(d.Find("#err-doc_0_form_file").Text()) != "The form file must be PDF, DOC, DOCX or ODT." ||
		strings.TrimSpace(d.Find("#err-fee_0_amount").Text()) != "The amount must be a number of đồng, e.g. 10000." {
		t.Errorf("upload in English = %d %q %q", st, d.Find("#err-doc_0_form_file").Text(), d.Find("#err-fee_0_amount").Text())
	}

	// Import: a bad deciding agency, a repeated procedure code and, for the
	// documents of the code it replaced, a code not on the procedures sheet.
	res, err := c.Get(e.URL + "/quan-tri/thu-tuc/xuat?dinh-dang=xlsx")
	if err != nil {
		t.Fatal(err)
	}
	xlsx, _ := io.ReadAll(res.Body)
	res.Body.Close()
	x, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	first, _ := x.GetCellValue(procedure.SheetProcs, "A2")
	third, _ := x.GetCellValue(procedure.SheetProcs, "A4")
	x.SetCellValue(procedure.SheetProcs, "E3", "KHONG.CO")
	x.SetCellValue(procedure.SheetProcs, "A4", first)
	var broken bytes.Buffer
	x.Write(&broken)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"?lang=vi", []string{"Không có cơ quan mã KHONG.CO.", "Mã thủ tục trùng với dòng 2.", "Mã thủ tục không có trong trang “Thủ tục”.",
			"Tệp có "}},
		{"?lang=en", []string{"There is no agency with the code KHONG.CO.", "The procedure code repeats that of line 2.",
			"The procedure code is not on the “Thủ tục” sheet.", "The file has "}},
	} {
		st, _, body := postMultipart(t, c, e.URL+"/quan-tri/thu-tuc/nhap-xuat"+tc.query, nil, map[string][2]string{"tep": {"danh-muc.xlsx", broken.String()}})
		d := doc(t, body)
		if st != http.StatusUnprocessableEntity {
			t.Fatalf("import%s = %d", tc.query, st)
		}
		text := d.Find("main").Text()
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("import%s: no %q in the report", tc.query, w)
			}
		}
		var codes []string
		d.Find("#loi ~ .table-wrap tbody tr td:nth-child(3)").Each(func(_ int, s *goquery.Selection) { codes = append(codes, s.Text()) })
		if !strings.Contains(strings.Join(codes, " "), third) {
			t.Errorf("import%s: the rows of %s are not listed: %v", tc.query, third, codes)
		}
	}
	// A file that cannot be read at all.
	for _, tc := range []struct{ name, data, query, want string }{
		{"x.csv", "a,b", "?lang=vi", "Không nhập được tệp: tệp phải có đuôi .json hoặc .xlsx."},
		{"x.csv", "a,b", "?lang=en", "The file could not be imported: the file name must end in .json or .xlsx."},
		{"x.json", `{"fields": {}}`, "?lang=vi", `Không nhập được tệp: JSON không hợp lệ: cần "[", gặp {.`},
		{"x.json", `{"fields": {}}`, "?lang=en", `The file could not be imported: invalid JSON: expected "[", found {.`},
		{"x.xlsx", "PK", "?lang=en", "The file could not be imported: the Excel (.xlsx) file could not be read."},
	} {
		st, _, body := postMultipart(t, c, e.URL+"/quan-tri/thu-tuc/nhap-xuat"+tc.query, nil, map[string][2]string{"tep": {tc.name, tc.data}})
		if got := strings.TrimSpace(doc(t, body).Find("#err-tep").Text()); st != http.StatusBadRequest || got != tc.want {
			t.Errorf("%s%s = %d %q, want %q", tc.name, tc.query, st, got, tc.want)
		}
	}
}
