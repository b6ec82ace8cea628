package dossierui

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/web"
)

var t0 = time.Date(2026, 11, 23, 2, 30, 0, 0, time.UTC) // 09:30 in Hà Nội

func fixtureProcedure() *procedure.Procedure {
	return &procedure.Procedure{Code: "1.004873", Name: "Cấp Giấy xác nhận tình trạng hôn nhân", FieldName: "Hộ tịch", Level: procedure.LevelCommune,
		HandlingAgency: procedure.AtCommune, TimeLimit: procedure.TimeLimit{Value: 3, Unit: procedure.WorkingDays}, Cutoff15h: true,
		Fees:      []procedure.Fee{{Kind: procedure.FeeCharge, Name: "Lệ phí", Amount: 10000, Case: "Công dân Việt Nam"}},
		Documents: []procedure.Document{{Name: "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", Originals: 1, Required: procedure.Mandatory}, {Name: "Bản án ly hôn", Copies: 1, Required: procedure.Conditional, Condition: "đã ly hôn"}}}
}

func fixtureDossier() *dossier.Dossier {
	d := &dossier.Dossier{Code: "003.01.00.H27-261123-0001", Status: workflow.Processing, StatusText: workflow.Processing.Label(),
		DVCQGStatus: 4, Version: 3, Channel: dossier.ChannelCounter,
		Procedure:       dossier.ProcedureInfo{Code: "1.004873", Name: "Cấp Giấy xác nhận tình trạng hôn nhân"},
		ReceivingAgency: dossier.AgencyRef{Code: "003.01.00.H27", Name: "Trung tâm Phục vụ hành chính công xã Thạch Khê"},
		HandlingAgency:  dossier.AgencyRef{Code: "003.00.00.H27", Name: "Ủy ban nhân dân xã Thạch Khê", Path: "/1/36/"},
		Applicant:       dossier.Applicant{Kind: dossier.KindPerson, Name: "Nguyễn Thị Ánh Tuyết", IDNumber: "042190000123", Phone: "0912345678", Address: "Thôn Đông, xã Thạch Khê"},
		Representative:  &dossier.Applicant{Kind: dossier.KindPerson, Name: "Trần Văn Đức"},
		Documents:       []dossier.DocumentItem{{Index: 0, Name: "Tờ khai", Mandatory: true, Ticked: true, Originals: 1}},
		Fees:            &dossier.Fees{Amount: 10000, Method: "cash", ReceiptNumber: "BL-12"},
		Delivery:        dossier.Delivery{Method: "counter"},
		ReceivedAt:      t0, DueAt: t0.Add(72 * time.Hour), OriginalDueAt: t0.Add(48 * time.Hour), SupplementDeadline: t0.Add(72 * time.Hour),
		Supplement: &dossier.Supplement{Items: []dossier.Item{{Content: "Bản sao giấy khai sinh", Reason: "mờ"}}, RequestedAt: t0},
		Apology:    &dossier.Apology{Reason: "Chờ xác minh", NewDueAt: t0.Add(72 * time.Hour)},
		Result:     &dossier.Result{DocumentCode: "15/XN-UBND", SignedAt: t0, SignedBy: "Nguyễn Xuân Bình"},
		Steps: []dossier.Step{
			{ID: 1, Seq: 1, Name: "Tiếp nhận, chuyển hồ sơ", Kind: workflow.KindReceive, Agency: dossier.AgencyRef{Name: "TTPVHCC xã Thạch Khê"}, Role: "one_stop_officer",
				Status: workflow.StepDone, StartedAt: t0, DueAt: t0.Add(time.Hour), FinishedAt: t0.Add(10 * time.Minute), FinishedName: "Lê Thị Huyền", Verdict: "early"},
			{ID: 2, Seq: 2, Name: "Phân công xử lý", Kind: workflow.KindAssign, Agency: dossier.AgencyRef{Name: "UBND xã Thạch Khê", Path: "/1/36/"}, Role: "division_head",
				Status: workflow.StepOpen, StartedAt: t0.Add(10 * time.Minute), DueAt: t0.Add(-time.Hour)},
			{ID: 3, Seq: 3, Name: "Thẩm định hồ sơ", Kind: workflow.KindAppraise, Agency: dossier.AgencyRef{Name: "UBND xã Thạch Khê", Path: "/1/36/"}, Role: "specialist",
				Status: workflow.StepPending},
			{ID: 4, Seq: 3, ParentID: 3, Name: "Lấy ý kiến", Kind: workflow.KindConsult, Agency: dossier.AgencyRef{Name: "Công an xã"}, Role: "specialist",
				Status: workflow.StepOpen, StartedAt: t0.Add(time.Hour), DueAt: t0.Add(50 * time.Hour)},
		},
		Files: []dossier.File{{SHA256: strings.Repeat("ab", 32), Kind: "document", DocIndex: 0, Size: 1234, MIME: "application/pdf", CreatedAt: t0}},
	}
	for _, a := range workflow.Actions {
		d.Actions = append(d.Actions, dossier.ActionOption{Action: a, Label: a.Label()})
	}
	d.Forms = map[string]string{}
	for _, f := range []string{"01", "02", "04", "05"} {
		d.Forms[f] = "/api/v1/dossiers/" + d.Code + "/forms/" + f + ".pdf"
	}
	return d
}

func fixturePages() map[string]any {
	d := fixtureDossier()
	dp := &dossierPage{D: d, Can: map[workflow.Action]bool{}, Actions: d.Actions, First: d.Actions[0].Action, Now: t0,
		Assign:   &assignChoice{Step: &d.Steps[2], Users: []option{{"7", "Nguyễn Thị Linh — Công chức Tư pháp - Hộ tịch"}}},
		Agencies: []option{{"003.03.00.H27", "· Phòng Kinh tế xã Thạch Khê"}}, Consults: []*dossier.Step{&d.Steps[3]},
		History: []dossier.HistoryEntry{{At: t0, Actor: "Lê Thị Huyền", Action: "intake.receive", To: workflow.Received}, {At: t0, Actor: "x", Action: "forward", To: workflow.Processing}},
		Forms:   formsOf(d), Control: controlRows(d, t0),
		Messages: []notify.Delivery{{Event: "received", EventLabel: "Đã tiếp nhận hồ sơ", Channel: "sms", To: "+84912345678", StatusLabel: "Đã gửi", CreatedAt: t0}},
		Files:    []fileRow{{File: d.Files[0], Item: "Tờ khai", URL: "/api/v1/files/" + d.Files[0].SHA256}}}
	received := fixtureDossier()
	received.Status, received.BookYear, received.BookNo = workflow.Received, 2026, 42
	supp := fixtureDossier()
	supp.Code, supp.Status, supp.Reasons = "PBS-003.01.00.H27-261123-0001", workflow.IntakeSupplement, []dossier.Item{{Content: "Tờ khai", Reason: "chưa ký"}}
	supp.DueAt = time.Time{}
	refused := fixtureDossier()
	refused.Code, refused.Status, refused.Reasons = "PTC-003.01.00.H27-261123-0001", workflow.Refused, []dossier.Item{{Content: "Không thuộc thẩm quyền"}}
	hits := &procedure.Results{Total: 2, Items: []procedure.Hit{{Code: "1.004873", Name: "Cấp Giấy xác nhận tình trạng hôn nhân", Level: procedure.LevelCommune},
		{Code: "1.001193", Name: "Đăng ký khai sinh", Immediate: true}}}
	summaries := []dossier.Summary{
		{Code: "A-1", StatusText: "Đang giải quyết", ProcedureName: "Khai sinh", ApplicantName: "An", StepName: "Thẩm định", StepDueAt: t0, DueAt: t0, Late: true, Assigned: true},
		{Code: "A-2", StatusText: "Đã tiếp nhận", ProcedureName: "Kết hôn", ApplicantName: "Bình", StepDueAt: t0, NearDue: true},
		{Code: "A-3", StatusText: "Đã tiếp nhận", ProcedureName: "Khai tử", ApplicantName: "Chi"},
	}
	pv := &dossier.ProcessView{ProcedureCode: "1.004873", ProcedureName: "Cấp Giấy xác nhận tình trạng hôn nhân",
		Limit: workflow.Limit{Value: 3, Unit: workflow.UnitWorkingDays}, Default: true}
	def := workflow.DefaultProcess(pv.Limit, false)
	return map[string]any{
		"intake":                &intakePage{Query: "ket hon", Results: hits, Idem: newIdem()},
		"intake/proc":           &intakePage{Proc: fixtureProcedure(), Idem: newIdem(), FocusChecklist: true, Communes: []option{{"003.00.00.H27", "UBND xã Thạch Khê"}}, Uploaded: map[int][]uploaded{0: {{strings.Repeat("cd", 32), "to-khai.pdf"}}}, Store: map[int]bool{1: true}},
		"intake_result":         &resultPage{D: received, Forms: formsOf(received)},
		"intake_result/supp":    &resultPage{D: supp, Forms: []formLink{{"02", formLabels["02"], "/x.pdf"}}},
		"intake_result/refused": &resultPage{D: refused, Forms: []formLink{{"03", formLabels["03"], "/y.pdf"}}},
		"inbox":                 &inboxPage{Items: summaries, Late: 1, NearDue: 1, Mine: 1},
		"inbox/empty":           &inboxPage{},
		"list":                  &listPage{Page: &dossier.Page{Items: summaries, Page: 2, PerPage: 3, Total: 9}, Statuses: statusOptions(), Agencies: []option{{"003.01.00.H27", "TTPVHCC"}}, Prev: "/p", Next: "/n"},
		"dossier":               dp,
		"dossier/none":          &dossierPage{D: received, Control: controlRows(received, t0)},
		"process":               &processPage{View: pv, Rows: append(rowsOf(def.Steps), stepRow{}), Agencies: []option{{"003.00.00.H27", "UBND xã"}}, Kinds: workflow.StepKinds, Roles: []account.Role{account.RoleSpecialist}, Hours: 24, SumOK: true, Limit: pv.Limit.String()},
		"process_list":          hits,
		"book":                  &bookPage{Agencies: []option{{"003.01.00.H27", "TTPVHCC xã Thạch Khê"}}, Agency: "003.01.00.H27", Year: 2026, Years: []int{2026, 2025}, Endpoint: bookEndpoint},
		"book/none":             &bookPage{Year: 2026},
	}
}

// TestRenderEveryTemplate renders each page with fixture data in both
// languages and checks the accessibility basics: every visible form control
// has a label, ids are unique, invalid fields point at their message.
func TestRenderEveryTemplate(t *testing.T) {
	pages := web.MustPages(templateFS, "templates/*.html")
	fx := fixturePages()
	seen := map[string]bool{}
	for key, data := range fx {
		name, _, _ := strings.Cut(key, "/")
		seen[name] = true
		for _, lang := range []string{"vi", "en"} {
			for _, withErrors := range []bool{false, true} {
				v := &web.View{Title: "Kiểm thử", Lang: lang, SiteName: "motcua", Data: data, Path: "/x",
					User: &account.Principal{FullName: "Lê Thị Huyền", Roles: []account.Role{account.RoleOneStopOfficer}}}
				if withErrors {
					v.Form = url.Values{"action": {"assign"}, "applicant_id": {"12"}, "q": {"x"}}
					v.Errors = map[string]string{"applicant_id": "Số định danh cá nhân phải gồm đúng 12 chữ số.", "documents.0": "Thiếu thành phần hồ sơ bắt buộc",
						"assignee": "Vui lòng chọn người được phân công.", "steps.0.name": "Vui lòng nhập tên bước.", "steps": "Tổng thời gian không khớp", "items": "Thiếu nội dung", "trang_thai": "Sai"}
					v.Error = "Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu."
				}
				rec := httptest.NewRecorder()
				pages.Render(rec, 200, name, v)
				if rec.Code != 200 {
					t.Fatalf("%s %s: status %d", key, lang, rec.Code)
				}
				checkHTML(t, key+" "+lang, rec.Body.String())
			}
		}
	}
	for _, n := range pages.Names() {
		if !seen[n] {
			t.Errorf("template %s has no fixture", n)
		}
	}
}

func checkHTML(t *testing.T, name, body string) {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	ids := map[string]bool{}
	doc.Find("[id]").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		if ids[id] {
			t.Errorf("%s: duplicate id %q", name, id)
		}
		ids[id] = true
	})
	doc.Find("input, select, textarea").Each(func(_ int, s *goquery.Selection) {
		typ, _ := s.Attr("type")
		if typ == "hidden" || typ == "submit" {
			return
		}
		id, _ := s.Attr("id")
		labelled := s.ParentsFiltered("label").Length() > 0 || (id != "" && doc.Find(`label[for="`+id+`"]`).Length() > 0)
		if !labelled {
			n, _ := s.Attr("name")
			t.Errorf("%s: control %q (id %q) has no label", name, n, id)
		}
		if inv, ok := s.Attr("aria-invalid"); ok && inv == "true" {
			ref, _ := s.Attr("aria-describedby")
			if ref == "" || doc.Find("#"+ref).Length() == 0 {
				t.Errorf("%s: invalid control %q points at missing message %q", name, id, ref)
			}
		}
	})
	doc.Find("table").Each(func(_ int, s *goquery.Selection) {
		if s.Find("th").Length() == 0 {
			t.Errorf("%s: table without header cells", name)
		}
	})
	if strings.Contains(body, "<no value>") {
		t.Errorf("%s: <no value> in output", name)
	}
}

// TestEnglish checks the options and actions built in Go have an English
// translation (the templates' strings: TestEnglishForTemplates).
func TestEnglish(t *testing.T) {
	for _, o := range append(append(statusOptions(), feeMethods...), deliveryMethods...) {
		if i18n.T("en", o.Label) == o.Label {
			t.Errorf("no English for option %q", o.Label)
		}
	}
	for _, a := range workflow.Actions {
		if i18n.T("en", a.Label()) == a.Label() {
			t.Errorf("no English for action %q", a.Label())
		}
	}
}
