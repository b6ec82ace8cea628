package catalogui_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/procedure"
)

func doc(t *testing.T, body string) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

type apiError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func TestPublicPages(t *testing.T) {
	e := apptest.Start(t)
	// Home: a search box and the fields with counts.
	st, body := e.Get(t, nil, "/")
	if st != http.StatusOK {
		t.Fatalf("home = %d", st)
	}
	d := doc(t, body)
	if d.Find(`form[action="/thu-tuc"] input[name=q]`).Length() != 1 || d.Find(`label[for=q]`).Length() != 1 {
		t.Fatal("home has no labelled search box")
	}
	if !strings.Contains(d.Find(".tiles").Text(), "Hộ tịch") || d.Find(".tiles li").Length() != 11 {
		t.Fatalf("home fields: %q", d.Find(".tiles").Text())
	}
	// Results without accents.
	st, body = e.Get(t, nil, "/thu-tuc?q=dang+ky+khai+sinh")
	d = doc(t, body)
	first := d.Find("#ket-qua li a").First()
	if st != http.StatusOK || first.Text() != "Đăng ký khai sinh" {
		t.Fatalf("results = %d, first %q", st, first.Text())
	}
	href, _ := first.Attr("href")
	// Filters: field and level.
	_, body = e.Get(t, nil, "/thu-tuc?linh-vuc=LLTP&cap=tinh")
	if n := doc(t, body).Find("#ket-qua li").Length(); n != 1 {
		t.Fatalf("LLTP at province: %d results", n)
	}
	// The procedure page: documents with originals/copies and conditions, fees, time in words.
	st, body = e.Get(t, nil, href)
	d = doc(t, body)
	if st != http.StatusOK || d.Find("h1").Text() != "Đăng ký khai sinh" {
		t.Fatalf("procedure page = %d %q", st, d.Find("h1").Text())
	}
	text := d.Find("main").Text()
	for _, want := range []string{"Trong ngày", "Hồ sơ nhận sau 15 giờ", "Giấy chứng sinh", "Trường hợp trẻ em bị bỏ rơi", "10.000 đồng", "Miễn phí",
		"Luật Hộ tịch số 60/2014/QH13", "Toàn trình", "Trung tâm Phục vụ hành chính công tỉnh", "01/07/2025"} {
		if !strings.Contains(text, want) {
			t.Errorf("procedure page lacks %q", want)
		}
	}
	if n := d.Find("table.catalog-docs tbody tr").Length(); n != 8 {
		t.Errorf("documents rows = %d", n)
	}
	if d.Find("table.catalog-docs th").Length() < 4 {
		t.Error("documents table has no header cells")
	}
	// Print view: no navigation.
	_, body = e.Get(t, nil, href+"?in=1")
	if d := doc(t, body); d.Find("header.site").Length() != 0 || d.Find("body.print").Length() != 1 {
		t.Error("print view shows the site header")
	}
	// History.
	st, body = e.Get(t, nil, href+"/lich-su")
	if st != http.StatusOK || !strings.Contains(body, "Đang áp dụng") {
		t.Fatalf("history = %d", st)
	}
	// English.
	_, body = e.Get(t, nil, href+"?lang=en")
	if !strings.Contains(body, `<h2 id="thanh-phan">Documents</h2>`) || !strings.Contains(body, "Same day") {
		t.Error("English procedure page not translated")
	}
	// Unknown code: 404 page in Vietnamese.
	st, body = e.Get(t, nil, "/thu-tuc/9.999999")
	if st != http.StatusNotFound || !strings.Contains(body, "Không tìm thấy") {
		t.Fatalf("unknown = %d", st)
	}
	// Unknown form file: 404.
	if st, _ := e.Get(t, nil, "/bieu-mau/"+strings.Repeat("a", 64)); st != http.StatusNotFound {
		t.Fatalf("unknown form = %d", st)
	}
	if st, _ := e.Get(t, nil, "/thu-tuc?cap=huyen"); st != http.StatusBadRequest {
		t.Fatalf("bad level = %d", st)
	}
}

func TestAPI(t *testing.T) {
	e := apptest.Start(t)
	var list struct {
		Items []struct {
			Code  string `json:"code"`
			Name  string `json:"name"`
			Field struct {
				Code string `json:"code"`
				Name string `json:"name"`
			} `json:"field"`
			Level     string `json:"level"`
			TimeLimit struct {
				Value int    `json:"value"`
				Unit  string `json:"unit"`
			} `json:"time_limit"`
			OnlineLevel string `json:"online_level"`
		} `json:"items"`
		Total int `json:"total"`
	}
	if st := e.JSON(t, "GET", "/api/v1/procedures?q=dang+ky&field=HT&level=commune&page=1", "", nil, &list); st != 200 {
		t.Fatalf("list = %d", st)
	}
	if list.Total == 0 || list.Items[0].Field.Code != "HT" || list.Items[0].Field.Name != "Hộ tịch" || list.Items[0].Level == "" ||
		list.Items[0].TimeLimit.Unit == "" || list.Items[0].OnlineLevel == "" {
		t.Fatalf("list = %+v", list)
	}
	// Exact keys of an item.
	_, raw := e.Raw(t, "GET", "/api/v1/procedures?q=1.001193", "", nil, nil)
	var generic struct {
		Items []map[string]any `json:"items"`
		Total int              `json:"total"`
	}
	json.Unmarshal(raw, &generic)
	for _, k := range []string{"code", "name", "field", "level", "time_limit", "online_level"} {
		if _, ok := generic.Items[0][k]; !ok {
			t.Errorf("item lacks %q: %s", k, raw)
		}
	}
	var p struct {
		Code              string                        `json:"code"`
		Version           int                           `json:"version"`
		EffectiveFrom     string                        `json:"effective_from"`
		InForce           bool                          `json:"in_force"`
		ReceivingAgencies []struct{ Code, Name string } `json:"receiving_agencies"`
		Documents         []struct {
			ID        int64  `json:"id"`
			Name      string `json:"name"`
			Originals int    `json:"originals"`
			Required  string `json:"required"`
			Condition string `json:"condition"`
		} `json:"documents"`
		Fees   []struct{ Amount int64 } `json:"fees"`
		Result struct{ Code, Name string }
	}
	if st := e.JSON(t, "GET", "/api/v1/procedures/1.001193", "", nil, &p); st != 200 {
		t.Fatalf("detail = %d", st)
	}
	if p.Version != 1 || p.EffectiveFrom != "2025-07-01" || !p.InForce || len(p.Documents) != 8 || p.Documents[0].ID == 0 ||
		len(p.Fees) != 3 || p.Result.Code != "KQ.1.001193" || len(p.ReceivingAgencies) != 2 || p.ReceivingAgencies[0].Name == "" {
		t.Fatalf("detail = %+v", p)
	}
	var fields struct {
		Items []struct {
			Code       string `json:"code"`
			Procedures int    `json:"procedures"`
		} `json:"items"`
	}
	if st := e.JSON(t, "GET", "/api/v1/fields", "", nil, &fields); st != 200 || len(fields.Items) != 11 {
		t.Fatalf("fields = %d %+v", st, fields)
	}
	// Errors: JSON envelope with Vietnamese messages.
	for _, tc := range []struct {
		path   string
		status int
		code   string
	}{
		{"/api/v1/procedures/9.999999", 404, "not_found"},
		{"/api/v1/procedures?page=0", 400, "invalid"},
		{"/api/v1/procedures?per_page=1000", 400, "invalid"},
		{"/api/v1/procedures?level=district", 400, "invalid"},
		{"/api/v1/procedures?agency=KHONG.CO", 400, "invalid"},
		{"/api/v1/procedures/1.001193?at=2025-13-01", 400, "invalid"},
		{"/api/v1/procedures/1.001193?at=2025-06-30", 404, "not_found"},
		{"/api/v1/procedures/1.001193?version=2", 404, "not_found"},
	} {
		var eb apiError
		if st := e.JSON(t, "GET", tc.path, "", nil, &eb); st != tc.status || eb.Error.Code != tc.code || eb.Error.Message == "" {
			t.Errorf("%s = %d %+v", tc.path, st, eb)
		}
	}
	// The OpenAPI description is served and names the catalog paths.
	st, spec := e.Raw(t, "GET", "/api/openapi.yaml", "", nil, nil)
	if st != 200 || !bytes.Contains(spec, []byte("/api/v1/procedures/{code}:")) || !bytes.HasPrefix(spec, []byte("openapi: 3.0")) {
		t.Fatalf("openapi = %d", st)
	}
}

func multipartBody(t *testing.T, fields url.Values, files map[string][2]string) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for field, f := range files {
		w, _ := mw.CreateFormFile(field, f[0])
		w.Write([]byte(f[1]))
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func postMultipart(t *testing.T, c *http.Client, u string, fields url.Values, files map[string][2]string) (int, string, string) {
	t.Helper()
	body, ct := multipartBody(t, fields, files)
	res, err := c.Post(u, ct, body)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

func countVersions(t *testing.T, e *apptest.Env) int {
	t.Helper()
	var n int
	if err := e.App.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM procedure_versions`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// validForm is a complete new procedure as the admin form submits it.
func validForm() url.Values {
	return url.Values{
		"action": {"save"}, "code": {"9.000100"}, "name": {"Cấp giấy xác nhận thử nghiệm"}, "field": {"HT"}, "level": {"commune"},
		"online_level": {"partial"}, "handling_agency": {"@commune"}, "receiving": {"@commune_center", "001.01.00.H27"},
		"time_value": {"3"}, "time_unit": {"working_days"}, "cutoff_15h": {"1"}, "result_name": {"Giấy xác nhận"},
		"legal_basis": {"Luật A\nNghị định B"}, "effective_from": {"2026-01-01"},
		"doc_count": {"3"}, "doc_0_name": {"Tờ khai"}, "doc_0_originals": {"1"}, "doc_0_copies": {"0"}, "doc_0_required": {"mandatory"},
		"doc_1_name": {""}, "doc_1_originals": {"1"}, "doc_1_copies": {"0"}, "doc_1_required": {"mandatory"},
		"doc_2_name": {"Giấy ủy quyền"}, "doc_2_originals": {"0"}, "doc_2_copies": {"1"}, "doc_2_required": {"conditional"}, "doc_2_condition": {"Khi ủy quyền"},
		"fee_count": {"1"}, "fee_0_kind": {"le_phi"}, "fee_0_name": {"Lệ phí"}, "fee_0_amount": {"10.000"}, "fee_0_case": {""},
	}
}

func TestAdminProcedureForms(t *testing.T) {
	e := apptest.Start(t)
	c := e.Login(t, "admin", "")
	// Anonymous: sent to sign in; a non-root administrator: 403; a non-admin: 403.
	if st, _ := e.Get(t, nil, "/quan-tri/thu-tuc"); st != http.StatusSeeOther {
		t.Fatalf("anonymous = %d", st)
	}
	if st, _ := e.Get(t, e.Login(t, "motcua.tinh1", ""), "/quan-tri/thu-tuc"); st != http.StatusForbidden {
		t.Fatalf("officer = %d", st)
	}
	st, body := e.Get(t, c, "/quan-tri/thu-tuc")
	if st != http.StatusOK || !strings.Contains(body, "1.001193") {
		t.Fatalf("admin list = %d", st)
	}
	// The new form renders; "add row" re-renders with one more document row.
	st, body = e.Get(t, c, "/quan-tri/thu-tuc/moi")
	if st != 200 || doc(t, body).Find(`input[name=doc_0_name]`).Length() != 1 {
		t.Fatalf("new form = %d", st)
	}
	f := validForm()
	f.Set("action", "add_doc")
	st, _, body = postMultipart(t, c, e.URL+"/quan-tri/thu-tuc/moi", f, nil)
	if st != 200 || doc(t, body).Find(`input[name=doc_3_name]`).Length() != 1 || doc(t, body).Find(`input[name=doc_0_name]`).AttrOr("value", "") != "Tờ khai" {
		t.Fatalf("add row = %d", st)
	}
	before := countVersions(t, e)
	// Errors next to the fields, nothing saved.
	f = validForm()
	f.Set("name", "")
	f.Set("doc_2_condition", "")
	f.Set("fee_0_amount", "mười nghìn")
	st, _, body = postMultipart(t, c, e.URL+"/quan-tri/thu-tuc/moi", f, nil)
	d := doc(t, body)
	if st != http.StatusBadRequest {
		t.Fatalf("invalid save = %d", st)
	}
	for _, name := range []string{"name", "doc_1_condition", "fee_0_amount"} { // blank row 1 dropped: row 2 is now 1
		in := d.Find(`[name=` + name + `]`)
		if in.AttrOr("aria-invalid", "") != "true" || in.AttrOr("aria-describedby", "") != "err-"+name || d.Find("#err-"+name).Text() == "" {
			t.Errorf("%s: no inline error (%q)", name, d.Find("#err-"+name).Text())
		}
	}
	if d.Find(`[name=doc_0_name]`).AttrOr("value", "") != "Tờ khai" {
		t.Error("typed values lost on error")
	}
	if countVersions(t, e) != before {
		t.Fatal("an invalid procedure was saved")
	}
	// Valid: saved with an uploaded blank form, redirected to the edit page.
	pdf := "%PDF-1.4 mẫu tờ khai"
	st, loc, _ := postMultipart(t, c, e.URL+"/quan-tri/thu-tuc/moi", validForm(), map[string][2]string{"doc_0_upload": {"To khai.pdf", pdf}})
	if st != http.StatusSeeOther || loc != "/quan-tri/thu-tuc/9.000100?da-luu=1" {
		t.Fatalf("save = %d %q", st, loc)
	}
	svc := e.App.Service("procedures").(*procedure.Service)
	p, err := svc.Latest(context.Background(), "9.000100")
	if err != nil || len(p.Documents) != 2 || p.Fees[0].Amount != 10000 || p.Documents[0].FormFile == nil || len(p.ReceivingAgencies) != 2 {
		t.Fatalf("saved = %+v %v", p, err)
	}
	// The blank form downloads publicly.
	res, err := http.Get(e.URL + "/bieu-mau/" + p.Documents[0].FormFile.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || string(b) != pdf || res.Header.Get("Content-Type") != procedure.TypePDF || !strings.Contains(res.Header.Get("Content-Disposition"), "To%20khai.pdf") {
		t.Fatalf("download = %d %q %v", res.StatusCode, b, res.Header)
	}
	// A text file is refused next to its row.
	f = validForm()
	f.Set("code", "9.000101")
	st, _, body = postMultipart(t, c, e.URL+"/quan-tri/thu-tuc/moi", f, map[string][2]string{"doc_0_upload": {"x.pdf", "<html>"}})
	if st != http.StatusBadRequest || !strings.Contains(doc(t, body).Find("#err-doc_0_form_file").Text(), "PDF") {
		t.Fatalf("bad upload = %d", st)
	}
	// Edit = a new version from the chosen date; the form keeps the file.
	st, body = e.Get(t, c, "/quan-tri/thu-tuc/9.000100?da-luu=1")
	d = doc(t, body)
	if st != 200 || !strings.Contains(d.Find(".flash").Text(), "Đã lưu") {
		t.Fatalf("edit page = %d", st)
	}
	edit := url.Values{"action": {"save"}}
	d.Find("form.catalog-form input, form.catalog-form textarea, form.catalog-form select").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		typ, _ := s.Attr("type")
		switch {
		case name == "" || name == "action" || typ == "file":
		case typ == "checkbox":
			if _, ok := s.Attr("checked"); ok {
				edit.Add(name, s.AttrOr("value", ""))
			}
		case goquery.NodeName(s) == "select":
			edit.Set(name, s.Find("option[selected]").AttrOr("value", ""))
		case goquery.NodeName(s) == "textarea":
			edit.Set(name, s.Text())
		default:
			edit.Set(name, s.AttrOr("value", ""))
		}
	})
	if edit.Get("base_version") != "1" || edit.Get("doc_0_form_file") == "" {
		t.Fatalf("edit form = %v", edit)
	}
	st, loc, _ = postMultipart(t, c, e.URL+"/quan-tri/thu-tuc/9.000100", edit, nil)
	if st != http.StatusSeeOther || !strings.HasSuffix(loc, "da-luu=0") {
		t.Fatalf("unchanged edit = %d %s", st, loc)
	}
	edit.Set("fee_0_amount", "20000")
	edit.Set("effective_from", "2026-06-01")
	st, loc, _ = postMultipart(t, c, e.URL+"/quan-tri/thu-tuc/9.000100", edit, nil)
	if st != http.StatusSeeOther || !strings.HasSuffix(loc, "da-luu=1") {
		t.Fatalf("edit = %d %s", st, loc)
	}
	p, _ = svc.Latest(context.Background(), "9.000100")
	if p.Version != 2 || p.Fees[0].Amount != 20000 || p.Documents[0].FormFile == nil {
		t.Fatalf("v2 = %+v", p)
	}
	// A stale form (base version 1) is refused.
	edit.Set("fee_0_amount", "30000")
	if st, _, body = postMultipart(t, c, e.URL+"/quan-tri/thu-tuc/9.000100", edit, nil); st != http.StatusConflict || !strings.Contains(body, "người khác sửa") {
		t.Fatalf("stale edit = %d", st)
	}
	// Retire: bad date shows the error; then retired.
	st, _, body = e.Post(t, c, "/quan-tri/thu-tuc/9.000100/bai-bo", url.Values{"effective_until": {"2020-01-01"}})
	if st != http.StatusBadRequest || doc(t, body).Find("#err-effective_until").Text() == "" {
		t.Fatalf("bad retire = %d", st)
	}
	if st, loc, _ := e.Post(t, c, "/quan-tri/thu-tuc/9.000100/bai-bo", url.Values{"effective_until": {"2026-07-01"}, "retire_note": {"QĐ bãi bỏ"}}); st != http.StatusSeeOther || !strings.HasSuffix(loc, "bai-bo=1") {
		t.Fatalf("retire = %d", st)
	}
	// Every change is audited with before/after, and the chain verifies.
	var n int
	e.App.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE entity = 'procedure' AND entity_key = '9.000100'`).Scan(&n)
	if n != 3 {
		t.Fatalf("audit entries = %d", n)
	}
	if _, err := audit.Verify(context.Background(), e.App.DB); err != nil {
		t.Fatal(err)
	}
	// Fields: create with an error, then valid; rename.
	st, _, body = e.Post(t, c, "/quan-tri/linh-vuc/moi", url.Values{"code": {"x"}, "name": {""}})
	if d := doc(t, body); st != http.StatusBadRequest || d.Find("#err-code").Text() == "" || d.Find("#err-name").Text() == "" {
		t.Fatalf("bad field = %d", st)
	}
	if st, _, _ := e.Post(t, c, "/quan-tri/linh-vuc/moi", url.Values{"code": {"TN"}, "name": {"Thử nghiệm"}}); st != http.StatusSeeOther {
		t.Fatalf("field = %d", st)
	}
	if st, _, _ := e.Post(t, c, "/quan-tri/linh-vuc/TN", url.Values{"name": {"Thử nghiệm (đổi tên)"}}); st != http.StatusSeeOther {
		t.Fatalf("rename = %d", st)
	}
	if _, body := e.Get(t, c, "/quan-tri/linh-vuc/TN"); !strings.Contains(body, "Thử nghiệm (đổi tên)") {
		t.Fatal("rename not shown")
	}
}

func TestAdminImportExport(t *testing.T) {
	e := apptest.Start(t)
	c := e.Login(t, "admin", "")
	// Export XLSX, break a cell, import: refused with the row, nothing written.
	res, err := c.Get(e.URL + "/quan-tri/thu-tuc/xuat?dinh-dang=xlsx")
	if err != nil {
		t.Fatal(err)
	}
	xlsx, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("export = %d", res.StatusCode)
	}
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue(procedure.SheetProcs, "B2", "")
	f.SetCellValue(procedure.SheetProcs, "E3", "KHONG.CO")
	var broken bytes.Buffer
	f.Write(&broken)
	before := countVersions(t, e)
	st, _, body := postMultipart(t, c, e.URL+"/quan-tri/thu-tuc/nhap-xuat", nil, map[string][2]string{"tep": {"danh-muc.xlsx", broken.String()}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "Vui lòng nhập tên thủ tục") || !strings.Contains(body, "KHONG.CO") {
		t.Fatalf("bad import = %d", st)
	}
	if rows := doc(t, body).Find("#loi ~ .table-wrap tbody tr").Length(); rows != 2 {
		t.Fatalf("error rows = %d", rows)
	}
	if countVersions(t, e) != before {
		t.Fatal("refused import wrote")
	}
	// The unbroken export imports with nothing to change.
	st, _, body = postMultipart(t, c, e.URL+"/quan-tri/thu-tuc/nhap-xuat", nil, map[string][2]string{"tep": {"danh-muc.xlsx", string(xlsx)}})
	if st != 200 || !strings.Contains(body, "Đã nhập danh mục") {
		t.Fatalf("import = %d", st)
	}
	// JSON export; a wrong extension and a corrupt file are refused.
	res, _ = c.Get(e.URL + "/quan-tri/thu-tuc/xuat?dinh-dang=json")
	j, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var cat procedure.Catalog
	if err := json.Unmarshal(j, &cat); err != nil || len(cat.Procedures) != 46 {
		t.Fatalf("json export: %v %d", err, len(cat.Procedures))
	}
	if st, _, body := postMultipart(t, c, e.URL+"/quan-tri/thu-tuc/nhap-xuat", nil, map[string][2]string{"tep": {"x.csv", "a,b"}}); st != 400 || !strings.Contains(body, ".json") {
		t.Fatalf("csv = %d", st)
	}
	if st, _, _ := postMultipart(t, c, e.URL+"/quan-tri/thu-tuc/nhap-xuat", nil, map[string][2]string{"tep": {"x.json", "{"}}); st != 400 {
		t.Fatalf("corrupt json = %d", st)
	}
	if st, _ := e.Get(t, c, "/quan-tri/thu-tuc/xuat?dinh-dang=csv"); st != 400 {
		t.Fatalf("export csv = %d", st)
	}
}
