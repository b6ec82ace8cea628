package dossierui_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/app/apptest"
)

// tinyPDF is the smallest content the file store accepts as a PDF.
var tinyPDF = []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")

// postMultipart submits a form with files (field → name → content).
func postMultipart(t *testing.T, e *apptest.Env, c *http.Client, path string, form url.Values, files map[string]map[string][]byte) (int, string, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for field, fs := range files {
		for name, b := range fs {
			w, _ := mw.CreateFormFile(field, name)
			w.Write(b)
		}
	}
	mw.Close()
	req, _ := http.NewRequest("POST", e.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

func TestIntakeScans(t *testing.T) {
	e := start(t)
	c := e.Login(t, officer, "")
	// A file that is not a PDF/JPEG/PNG: refused next to its row, nothing created.
	f := intakeForm(t, e, c)
	st, _, body := postMultipart(t, e, c, "/can-bo/tiep-nhan", f, map[string]map[string][]byte{
		"d0_scan": {"to-khai.pdf": tinyPDF}, "d4_scan": {"cccd.txt": []byte("không phải ảnh")}})
	doc := parse(t, body)
	if st != http.StatusBadRequest || !strings.Contains(doc.Find("#e-d4").Text(), "PDF, JPEG hoặc PNG") {
		t.Fatalf("bad scan = %d\n%s", st, alerts(body))
	}
	if n := total(t, e, officer); n != 0 {
		t.Fatalf("%d dossiers created", n)
	}
	// The good scan is kept in the form, so the officer does not scan it again.
	sha, _ := doc.Find(`input[name="d0_sha"]`).Attr("value")
	if len(sha) != 64 || !strings.Contains(body, "to-khai.pdf") {
		t.Fatalf("the stored scan must be kept in the re-rendered form (sha %q)", sha)
	}
	f.Set("d0_sha", sha)
	f.Set("d0_shaname", "to-khai.pdf")
	f.Set("d4_store", "1") // the ID card is in the citizen's data store
	f.Del("d4_ticked")
	st, loc, body := postMultipart(t, e, c, "/can-bo/tiep-nhan", f, map[string]map[string][]byte{"d1_scan": {"giay-cu.pdf": append(tinyPDF, '1')}})
	if st != http.StatusSeeOther {
		t.Fatalf("receive with scans = %d\n%s", st, alerts(body))
	}
	code, _ := url.PathUnescape(strings.TrimPrefix(loc, "/can-bo/tiep-nhan/ket-qua/"))
	_, body = e.Get(t, c, "/can-bo/ho-so/"+url.PathEscape(code))
	doc = parse(t, body)
	links := doc.Find(`a[href^="/api/v1/files/"]`)
	if links.Length() != 2 {
		t.Fatalf("dossier page lists %d files, want 2", links.Length())
	}
	href, _ := links.First().Attr("href")
	res, err := c.Get(e.URL + href)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("scan download = %d", res.StatusCode)
	}
	// Out of scope: the file is not served to another commune.
	if res, err := e.Login(t, otherDesk, "").Get(e.URL + href); err != nil || res.StatusCode != http.StatusNotFound {
		t.Fatalf("scan for another commune = %v %v", res.StatusCode, err)
	}
}

// TestActionForms drives the less common actions through their forms:
// consultation and replies, a supplement during processing, an apology
// with a new date, a stop at the applicant's request.
func TestActionForms(t *testing.T) {
	e := start(t)
	oc, hc, sc := e.Login(t, officer, ""), e.Login(t, head, ""), e.Login(t, specialist, "")
	code := receive(t, e, oc)
	path := "/can-bo/ho-so/" + url.PathEscape(code)
	mustAct := func(c *http.Client, form url.Values) {
		t.Helper()
		if st, _, body := act(t, e, c, code, form); st != http.StatusSeeOther {
			t.Fatalf("%s = %d\n%s", form.Get("action"), st, alerts(body))
		}
	}
	mustAct(oc, url.Values{"action": {"forward"}})
	mustAct(hc, url.Values{"action": {"assign"}, "assignee": {userID(t, e, specialist)}})

	// Consult two units in parallel, 2 working days each.
	st, _, body := act(t, e, sc, code, url.Values{"action": {"consult"}, "parallel": {"1"}, "time_value": {"2"}, "time_unit": {"working_days"}, "role": {"specialist"}})
	if st != http.StatusBadRequest || parse(t, body).Find("#consult-agencies-err").Length() != 1 {
		t.Fatalf("consult without agencies = %d\n%s", st, alerts(body))
	}
	mustAct(sc, url.Values{"action": {"consult"}, "agencies": {"003.03.00.H27", "003.04.00.H27", ""}, "parallel": {"1"},
		"time_value": {"2"}, "time_unit": {"working_days"}, "role": {"specialist"}, "note": {"Xác minh tình trạng hôn nhân tại địa bàn"}})
	_, body = e.Get(t, sc, path)
	doc := parse(t, body)
	if !strings.Contains(body, "Đang lấy ý kiến") || doc.Find("#act-reply_consultation[open]").Length() != 1 {
		t.Fatalf("consulting: reply form must be first\n%s", alerts(body))
	}
	// The consulted unit answers from its own inbox.
	dc := e.Login(t, "cv.diachinh.xa.thachkhe", "")
	if _, body := e.Get(t, dc, "/can-bo/ho-so/cho-xu-ly"); !listed(t, body, code) {
		t.Fatal("the consulted specialist's inbox must list the dossier")
	}
	_, body = e.Get(t, dc, path)
	stepID, _ := parse(t, body).Find("#reply-step option").First().Attr("value")
	st, _, body = postMultipart(t, e, dc, path+"/thao-tac", url.Values{"action": {"reply_consultation"}, "version": {version(t, e, dc, code)},
		"step_id": {stepID}, "reply": {"Đương sự chưa đăng ký kết hôn tại địa phương."}}, map[string]map[string][]byte{"files": {"tra-loi.pdf": tinyPDF}})
	if st != http.StatusSeeOther {
		t.Fatalf("reply = %d\n%s", st, alerts(body))
	}
	// The lead specialist records the other reply, received on paper.
	_, body = e.Get(t, sc, path)
	stepID, _ = parse(t, body).Find("#reply-step option").First().Attr("value")
	mustAct(sc, url.Values{"action": {"reply_consultation"}, "step_id": {stepID}, "reply": {"Thống nhất."}})

	// A supplement during processing (once, itemised), received at the one-stop.
	mustAct(sc, url.Values{"action": {"request_supplement"}, "it0_content": {"Bản sao trích lục ly hôn"}, "it0_reason": {"Đương sự đã ly hôn năm 2020"}})
	if _, body := e.Get(t, oc, path); !strings.Contains(body, "Chờ bổ sung hồ sơ") || parse(t, body).Find("#act-supplement_received[open]").Length() != 1 {
		t.Fatal("the one-stop must be offered to receive the supplement")
	}
	st, _, body = postMultipart(t, e, oc, path+"/thao-tac", url.Values{"action": {"supplement_received"}, "version": {version(t, e, oc, code)},
		"note": {"Đã nhận bản sao trích lục"}}, map[string]map[string][]byte{"files": {"trich-luc.pdf": append(tinyPDF, '2')}})
	if st != http.StatusSeeOther {
		t.Fatalf("supplement received = %d\n%s", st, alerts(body))
	}
	if _, body := e.Get(t, sc, path); !strings.Contains(body, "Đã bổ sung hồ sơ") {
		t.Fatal("supplemented dossier")
	}

	// The leader apologises with a new date (Mẫu 04): a bad date is refused next to the field.
	lc := e.Login(t, leader, "")
	st, _, body = act(t, e, lc, code, url.Values{"action": {"apology"}, "reason": {"Chờ xác minh"}, "new_due_date": {"2026-11-20"}})
	if st != http.StatusBadRequest || parse(t, body).Find("#apology-new_due_date-err").Length() != 1 {
		t.Fatalf("apology with a past date = %d\n%s", st, alerts(body))
	}
	mustAct(lc, url.Values{"action": {"apology"}, "reason": {"Chờ kết quả xác minh"}, "new_due_date": {"2026-12-08"}})
	_, body = e.Get(t, lc, path)
	if !strings.Contains(body, "/forms/04.pdf") || !strings.Contains(body, "08/12/2026") {
		t.Fatalf("apology: Mẫu 04 and the new date must be shown\n%s", alerts(body))
	}

	// The applicant withdraws: the one-stop stops the dossier (Thông báo dừng).
	mustAct(oc, url.Values{"action": {"stop"}, "reason": {"Người nộp rút hồ sơ"}, "requested_at": {"2026-11-23T08:45"}, "refund": {"Hoàn trả 01 bộ hồ sơ giấy"}})
	_, body = e.Get(t, oc, path)
	if !strings.Contains(body, "/forms/dung.pdf") || !strings.Contains(body, "Người nộp rút hồ sơ") {
		t.Fatalf("stop: the notice must be linked\n%s", alerts(body))
	}
	// The history lists every action.
	for _, s := range []string{"Lấy ý kiến cơ quan liên quan", "Ghi nhận ý kiến trả lời", "Yêu cầu bổ sung hồ sơ", "Nhận hồ sơ bổ sung", "Xin lỗi và hẹn lại ngày trả", "Dừng giải quyết theo đề nghị"} {
		if !strings.Contains(parse(t, body).Find("#history").Text(), s) {
			t.Errorf("history lacks %q", s)
		}
	}
}

// TestIntakeAtProvincialCentre: a procedure settled by "the commune" received
// at the provincial centre asks which commune (ND 118 Đ14.2: receipt does not
// depend on where the applicant lives).
func TestIntakeAtProvincialCentre(t *testing.T) {
	e := start(t)
	c := e.Login(t, "motcua.tinh1", "")
	f := intakeForm(t, e, c)
	_, body := e.Get(t, c, "/can-bo/tiep-nhan?thu_tuc="+procCode)
	if parse(t, body).Find(`#f-handling_agency option[value="003.00.00.H27"]`).Length() != 1 {
		t.Fatal("the communes must be offered")
	}
	st, _, body := e.Post(t, c, "/can-bo/tiep-nhan", f)
	if st != http.StatusBadRequest || parse(t, body).Find("#err-handling_agency").Length() != 1 {
		t.Fatalf("without a commune = %d\n%s", st, alerts(body))
	}
	f.Set("handling_agency", "003.00.00.H27")
	st, loc, body := e.Post(t, c, "/can-bo/tiep-nhan", f)
	if st != http.StatusSeeOther || !strings.Contains(loc, "000.00.01.H27-261123-") {
		t.Fatalf("with a commune = %d %q\n%s", st, loc, alerts(body))
	}
	code, _ := url.PathUnescape(strings.TrimPrefix(loc, "/can-bo/tiep-nhan/ket-qua/"))
	// The commune's division head sees it once the centre passes it on.
	mustForward := url.Values{"action": {"forward"}}
	if st, _, body := act(t, e, c, code, mustForward); st != http.StatusSeeOther {
		t.Fatalf("forward = %d\n%s", st, alerts(body))
	}
	if _, body := e.Get(t, e.Login(t, head, ""), "/can-bo/ho-so/cho-xu-ly"); !listed(t, body, code) {
		t.Fatal("the commune's inbox must list the dossier received at the province")
	}
}
