package catalogui

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/web"
)

// fixtureProcedure is a version with every part filled.
func fixtureProcedure() *procedure.Procedure {
	return &procedure.Procedure{
		Code: "1.001193", Name: "Đăng ký khai sinh", Field: "HT", FieldName: "Hộ tịch", Level: procedure.LevelCommune,
		HandlingAgency: procedure.AtCommune, ReceivingAgencies: []string{procedure.AtCommuneCenter, procedure.AtCenter, "001.01.00.H27"},
		TimeLimit: procedure.TimeLimit{Value: 0, Unit: procedure.WorkingDays}, Immediate: true, Cutoff15h: true,
		Fees: []procedure.Fee{{Kind: procedure.FeeCharge, Name: "Lệ phí", Amount: 0, Case: "Đúng hạn"}, {Kind: procedure.FeeFee, Name: "Phí bản sao", Amount: 8000, Case: "Mỗi bản"}},
		Documents: []procedure.Document{
			{ID: 1, Name: "Tờ khai", Originals: 1, Required: procedure.Mandatory, Form: "Mẫu TT 04/2020", FormFile: &procedure.FormFile{SHA256: strings.Repeat("ab", 32), Name: "To khai.pdf", Type: procedure.TypePDF, Size: 10}},
			{ID: 2, Name: "Giấy ủy quyền", Copies: 1, Required: procedure.Conditional, Condition: "Khi ủy quyền"},
		},
		Result: procedure.Result{Code: "KQ.1.001193", Name: "Giấy khai sinh"}, OnlineLevel: procedure.OnlineFull,
		LegalBasis: []string{"Luật Hộ tịch 2014"}, Applicants: "Công dân", Where: "TTPVHCC", StepsNote: "Trả ngay",
		EffectiveFrom: "2025-07-01", EffectiveUntil: "2026-07-01", ID: 1, VersionID: 3, Version: 2, CreatedAt: time.Now(), CreatedBy: "admin",
	}
}

func fixtureHits() *procedure.Results {
	p := fixtureProcedure()
	return &procedure.Results{Total: 45, Page: 2, PerPage: 20, Items: []procedure.Hit{{Code: p.Code, Name: p.Name, FieldCode: "HT", FieldName: "Hộ tịch",
		Level: p.Level, TimeLimit: procedure.TimeLimit{Value: 5, Unit: procedure.WorkingDays}, OnlineLevel: procedure.OnlinePartial, Version: 2, EffectiveFrom: "2025-07-01"}}}
}

// TestRenderEveryTemplate renders every page of the package with fixture
// data, in Vietnamese and English, anonymous and signed in, with and without
// field errors, so a template error fails here rather than in production.
func TestRenderEveryTemplate(t *testing.T) {
	srv := web.NewServer(web.Options{Version: "test"}, nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	h := &Handler{srv: srv, pages: web.MustPages(templateFS, "templates/*.html")}
	fields := []procedure.Field{{Code: "HT", Name: "Hộ tịch", Count: 14}, {Code: "CT", Name: "Chứng thực", Count: 5}}
	p := fixtureProcedure()
	hist := []procedure.VersionInfo{{Version: 2, Name: p.Name, EffectiveFrom: "2026-01-01"}, {Version: 1, Name: p.Name, EffectiveFrom: "2025-07-01", EffectiveUntil: "2026-01-01", Note: "Nhập"}}
	form := &procForm{Code: p.Code, P: p, Status: "Đang áp dụng", History: hist, Receiving: map[string]bool{procedure.AtCenter: true},
		Docs: []docRow{{Name: "Tờ khai", Originals: "1", Copies: "0", Required: "mandatory", FileSHA: strings.Repeat("ab", 32), FileName: "a.pdf"}, blankDoc()},
		Fees: []feeRow{{Kind: "le_phi", Name: "Lệ phí", Amount: "10000"}, blankFee()}, Fields: fields,
		Handling: []Option{{procedure.AtCommune, "UBND xã"}}, Receivers: []Option{{procedure.AtCenter, "TTPVHCC tỉnh"}},
		Levels: options(procedure.Levels, procedure.Level.Label), Units: options(procedure.Units, procedure.Unit.Label),
		Onlines: options(procedure.OnlineLevels, procedure.OnlineLevel.Label), Requirements: options(procedure.Requirements, procedure.Requirement.Label),
		FeeKinds: options(procedure.FeeKinds, procedure.FeeKind.Label), MinDate: "2025-07-01", Today: "2026-03-10"}
	newForm := *form
	newForm.New, newForm.P, newForm.Code = true, nil, ""
	report := &procedure.ImportReport{Created: 1, Updated: 2, UpdatedCodes: []string{"1.001193"}, Unchanged: 43}
	badReport := &procedure.ImportReport{Errors: []procedure.RowError{{Sheet: procedure.SheetProcs, Row: 3, Code: "1.001193", Column: "Tên thủ tục", Message: apperr.Text{Format: "Vui lòng nhập tên thủ tục."}}}}
	cases := map[string][]any{
		"home":   {homePage{Fields: fields, Total: 19}, homePage{}},
		"search": {searchPage{Query: "dang ky", Fields: fields, Results: fixtureHits(), Prev: "/thu-tuc?q=x", Next: "/thu-tuc?q=x&trang=3"}, searchPage{Results: &procedure.Results{}}},
		"procedure": {
			showPage{P: p, Today: "2026-03-10", InForce: true, Agencies: agencyNames{"001.01.00.H27": "TTPVHCC phường Thành Sen"}, Links: []Link{{Label: "Nộp trực tuyến", Href: "/nop"}}, CanEdit: true, Upcoming: "2026-07-01", Latest: 3},
			showPage{P: p, Today: "2027-01-01", Ended: true, Viewing: true, Agencies: agencyNames{}},
			showPage{P: &procedure.Procedure{Code: "x", Name: "Rỗng", EffectiveFrom: "2030-01-01"}, Today: "2026-03-10"},
		},
		"history":         {historyPage{Code: p.Code, Name: p.Name, Versions: hist, Today: "2026-03-10"}},
		"admin_list":      {adminListPage{Query: "x", Fields: fields, Results: fixtureHits(), Today: "2026-03-10", Prev: "/a", Next: "/b"}, adminListPage{Results: &procedure.Results{}}},
		"admin_procedure": {form, &newForm},
		"admin_field":     {fieldPage{New: true}, fieldPage{Code: "HT"}},
		"admin_import":    {importPage{}, importPage{Report: report, FileName: "a.xlsx"}, importPage{Report: badReport, Rows: importRows(badReport, func(s string) string { return s })}, importPage{Fatal: "Tệp hỏng."}},
	}
	var names []string
	for n := range cases {
		names = append(names, n)
	}
	sort.Strings(names)
	got := h.pages.Names()
	sort.Strings(got)
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Fatalf("templates %v, fixtures for %v", got, names)
	}
	user := &account.Principal{UserID: 1, Username: "admin", FullName: "Quản trị", AgencyPath: "/1/", Roles: []account.Role{account.RoleAdministrator}}
	for _, name := range names {
		for i, data := range cases[name] {
			for _, lang := range []string{"vi", "en"} {
				for _, signedIn := range []bool{false, true} {
					r := httptest.NewRequest(http.MethodGet, "/x?lang="+lang+"&in=1", nil)
					if signedIn {
						r = r.WithContext(account.WithPrincipal(r.Context(), user))
					}
					v := srv.NewView(r, "Tiêu đề", data)
					v.Form = url.Values{"name": {"Tên"}, "effective_from": {"2026-03-10"}, "immediate": {"1"}}
					v.Errors = map[string]string{"name": "Vui lòng nhập tên thủ tục.", "doc_0_name": "Thiếu", "fee_0_amount": "Sai", "receiving_agencies": "Chọn",
						"doc_0_form_file": "Sai loại tệp", "effective_until": "Sai ngày", "code": "Sai mã"}
					w := httptest.NewRecorder()
					func() {
						defer func() {
							if p := recover(); p != nil {
								t.Fatalf("%s #%d (%s, signed in %v): %v", name, i, lang, signedIn, p)
							}
						}()
						h.pages.Render(w, http.StatusOK, name, v)
					}()
					if body := w.Body.String(); !strings.Contains(body, "</html>") || strings.Contains(body, "<no value>") {
						t.Errorf("%s #%d (%s): incomplete or has <no value>", name, i, lang)
					}
				}
			}
		}
	}
}
