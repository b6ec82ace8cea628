package dossierui_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/motcua/motcua/internal/app/apptest"
)

// monday is 09:00 on Monday 23/11/2026 in Hà Tĩnh: a working day, before
// the 15:00 cut-off.
var monday = time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)

const (
	officer    = "motcua.xa.thachkhe1"   // one-stop officer, TTPVHCC xã Thạch Khê
	head       = "tp.xa.thachkhe"        // division head, xã Thạch Khê
	specialist = "cv.tuphap.xa.thachkhe" // specialist, xã Thạch Khê
	leader     = "ld.xa.thachkhe"        // agency leader, UBND xã Thạch Khê
	otherDesk  = "motcua.xa.dongtien1"   // one-stop officer of another commune
	otherSpec  = "cv.tuphap.xa.dongtien" // specialist of another commune
	procCode   = "1.004873"              // Cấp Giấy xác nhận tình trạng hôn nhân (3 working days)
	procName   = "Cấp Giấy xác nhận tình trạng hôn nhân"
)

func start(t *testing.T) *apptest.Env {
	t.Helper()
	return apptest.Start(t, apptest.Options{Now: func() time.Time { return monday }})
}

// bothDatabases runs f on SQLite and, when MOTCUA_TEST_DATABASE_URL is set,
// on PostgreSQL.
func bothDatabases(t *testing.T, f func(t *testing.T, e *apptest.Env)) {
	t.Run("sqlite", func(t *testing.T) { f(t, start(t)) })
	t.Run("postgres", func(t *testing.T) {
		f(t, apptest.Start(t, apptest.Options{Postgres: true, Now: func() time.Time { return monday }}))
	})
}

func parse(t *testing.T, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// intakeForm opens the intake page of the procedure and returns a valid
// "receive" form with its idempotency key.
func intakeForm(t *testing.T, e *apptest.Env, c *http.Client) url.Values {
	t.Helper()
	st, body := e.Get(t, c, "/can-bo/tiep-nhan?thu_tuc="+procCode)
	if st != http.StatusOK {
		t.Fatalf("intake page = %d", st)
	}
	idem, ok := parse(t, body).Find(`input[name="idem"]`).Attr("value")
	if !ok || idem == "" {
		t.Fatal("no idempotency key in the form")
	}
	return url.Values{"idem": {idem}, "procedure": {procCode}, "d0_ticked": {"1"}, "d0_originals": {"1"}, "d0_copies": {"0"},
		"d4_ticked": {"1"}, "d4_originals": {"1"}, "d4_copies": {"0"},
		"applicant_kind": {"person"}, "applicant_id": {"042190001234"}, "applicant_name": {"Nguyễn Thị Ánh Tuyết"},
		"applicant_birth_date": {"1990-05-12"}, "applicant_phone": {"0912345678"}, "applicant_address": {"Thôn Đông, xã Thạch Khê"},
		"fee_amount": {"10000"}, "fee_method": {"cash"}, "fee_receipt": {"0001234"}, "delivery": {"counter"}, "channel": {"counter"},
		"decision": {"receive"}}
}

// receive receives a dossier at the counter and returns its code.
func receive(t *testing.T, e *apptest.Env, c *http.Client) string {
	t.Helper()
	st, loc, body := e.Post(t, c, "/can-bo/tiep-nhan", intakeForm(t, e, c))
	if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/can-bo/tiep-nhan/ket-qua/") {
		t.Fatalf("receive = %d %q\n%s", st, loc, alerts(body))
	}
	code, _ := url.PathUnescape(strings.TrimPrefix(loc, "/can-bo/tiep-nhan/ket-qua/"))
	return code
}

// alerts returns the messages of a page (for failure output).
func alerts(body string) string {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		return body
	}
	var out []string
	doc.Find(".alert, .field-error").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		out = append(out, id+": "+strings.TrimSpace(s.Text()))
	})
	return strings.Join(out, "\n")
}

// listed reports whether a list page has a row for the dossier.
func listed(t *testing.T, body, code string) bool {
	t.Helper()
	found := false
	parse(t, body).Find("tbody a").Each(func(_ int, s *goquery.Selection) {
		found = found || strings.TrimSpace(s.Text()) == code
	})
	return found
}

// total counts the dossiers the user can list.
func total(t *testing.T, e *apptest.Env, user string) int {
	t.Helper()
	var out struct{ Total int }
	if st := e.JSON(t, "GET", "/api/v1/dossiers", e.Token(t, user, ""), nil, &out); st != http.StatusOK {
		t.Fatalf("list = %d", st)
	}
	return out.Total
}

// version reads the dossier version posted by the page's action forms.
func version(t *testing.T, e *apptest.Env, c *http.Client, code string) string {
	t.Helper()
	st, body := e.Get(t, c, "/can-bo/ho-so/"+url.PathEscape(code))
	if st != http.StatusOK {
		t.Fatalf("dossier page = %d", st)
	}
	v, ok := parse(t, body).Find(`input[name="version"]`).Attr("value")
	if !ok {
		t.Fatalf("no action form on the dossier page of %s", code)
	}
	return v
}

func act(t *testing.T, e *apptest.Env, c *http.Client, code string, form url.Values) (int, string, string) {
	t.Helper()
	if form.Get("version") == "" {
		form.Set("version", version(t, e, c, code))
	}
	return e.Post(t, c, "/can-bo/ho-so/"+url.PathEscape(code)+"/thao-tac", form)
}

func userID(t *testing.T, e *apptest.Env, name string) string {
	t.Helper()
	u, err := e.App.Accounts.ByUsername(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(u.ID)
}

func TestNavAndRoles(t *testing.T) {
	e := start(t)
	_, body := e.Get(t, e.Login(t, officer, ""), "/can-bo")
	for _, s := range []string{"Tiếp nhận hồ sơ", "Hồ sơ chờ xử lý", "Tra cứu hồ sơ (cán bộ)", "Sổ theo dõi"} {
		if !strings.Contains(body, s) {
			t.Errorf("officer's menu lacks %q", s)
		}
	}
	if strings.Contains(body, `href="/quan-tri/quy-trinh"`) {
		t.Error("officer must not see the process editor")
	}
	sc := e.Login(t, specialist, "")
	_, body = e.Get(t, sc, "/can-bo")
	if strings.Contains(body, `href="/can-bo/tiep-nhan"`) || !strings.Contains(body, "Hồ sơ chờ xử lý") {
		t.Error("specialist's menu: no intake, but the inbox")
	}
	if st, _ := e.Get(t, sc, "/can-bo/tiep-nhan"); st != http.StatusForbidden {
		t.Errorf("specialist on intake = %d, want 403", st)
	}
	if st, _ := e.Get(t, sc, "/quan-tri/quy-trinh"); st != http.StatusForbidden {
		t.Errorf("specialist on process editor = %d, want 403", st)
	}
	if st, _ := e.Get(t, nil, "/can-bo/ho-so/cho-xu-ly"); st != http.StatusSeeOther {
		t.Errorf("anonymous inbox = %d, want 303 to sign-in", st)
	}
	_, body = e.Get(t, e.Login(t, "qt.tinh", ""), "/can-bo")
	if !strings.Contains(body, `href="/quan-tri/quy-trinh"`) {
		t.Error("administrator's menu lacks Quy trình")
	}
}

func TestIntakeSearchAndChecklist(t *testing.T) {
	e := start(t)
	c := e.Login(t, officer, "")
	st, body := e.Get(t, c, "/can-bo/tiep-nhan")
	if st != http.StatusOK || parse(t, body).Find("#q[autofocus]").Length() != 1 {
		t.Fatalf("intake page = %d, want the search box focused", st)
	}
	// Without accents, several hits: a list whose first link is focused.
	st, body = e.Get(t, c, "/can-bo/tiep-nhan?q=dang+ky+khai+sinh")
	if st != http.StatusOK || !strings.Contains(body, "Đăng ký khai sinh") || parse(t, body).Find(".results a[autofocus]").Length() != 1 {
		t.Fatalf("search = %d", st)
	}
	// A code finds its procedure and goes straight to the checklist.
	res, err := c.Get(e.URL + "/can-bo/tiep-nhan?q=" + procCode)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/can-bo/tiep-nhan?thu_tuc="+procCode {
		t.Fatalf("search by code = %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = e.Get(t, c, "/can-bo/tiep-nhan?thu_tuc="+procCode)
	doc := parse(t, body)
	if n := doc.Find(".checklist tbody tr").Length(); n != 7 {
		t.Errorf("checklist rows = %d, want 7", n)
	}
	if v, _ := doc.Find("#f-fee_amount").Attr("value"); v != "10000" {
		t.Errorf("fee pre-filled = %q, want 10000", v)
	}
	if doc.Find("#d0-ticked[autofocus]").Length() != 1 {
		t.Error("the first checklist item must have the focus")
	}
	if st, _ := e.Get(t, c, "/can-bo/tiep-nhan?thu_tuc=9.999999"); st != http.StatusNotFound {
		t.Errorf("unknown procedure = %d", st)
	}
}

func TestIntakeRefusesInvalidInput(t *testing.T) {
	e := start(t)
	c := e.Login(t, officer, "")
	cases := []struct {
		name   string
		edit   func(url.Values)
		status int
		fields []string // ids of the messages expected next to fields
	}{
		{"id and name", func(f url.Values) { f.Set("applicant_id", "12345"); f.Set("applicant_name", "") }, 400, []string{"err-applicant_id", "err-applicant_name"}},
		{"mandatory document", func(f url.Values) { f.Del("d4_ticked") }, 422, []string{"e-d4"}},
		{"fee not a number", func(f url.Values) { f.Set("fee_amount", "mười nghìn") }, 400, []string{"err-fee_amount"}},
		{"postal without slip", func(f url.Values) { f.Set("channel", "post") }, 400, []string{"err-post_slip"}},
		{"post delivery without address", func(f url.Values) { f.Set("delivery", "post") }, 400, []string{"err-delivery_address"}},
		{"bad originals", func(f url.Values) { f.Set("d0_originals", "-2") }, 400, []string{"e-d0"}},
		{"supplement without items", func(f url.Values) { f.Set("decision", "request_supplement") }, 400, []string{"err-items"}},
		{"refusal without reason", func(f url.Values) { f.Set("decision", "refuse") }, 400, []string{"err-refuse_reason"}},
	}
	for _, tc := range cases {
		f := intakeForm(t, e, c)
		tc.edit(f)
		st, _, body := e.Post(t, c, "/can-bo/tiep-nhan", f)
		if st != tc.status {
			t.Errorf("%s: status %d, want %d\n%s", tc.name, st, tc.status, alerts(body))
			continue
		}
		doc := parse(t, body)
		for _, id := range tc.fields {
			msg := doc.Find("#" + id)
			if msg.Length() != 1 || strings.TrimSpace(msg.Text()) == "" {
				t.Errorf("%s: no message #%s\n%s", tc.name, id, alerts(body))
			}
			if doc.Find(`[aria-describedby="`+id+`"]`).Length() == 0 && id != "err-items" {
				t.Errorf("%s: no field points at #%s", tc.name, id)
			}
		}
		// A summary at the top links to the fields, its first link focused.
		if doc.Find("#error-summary a[autofocus]").Length() != 1 {
			t.Errorf("%s: no focused error summary", tc.name)
		}
		// The typed values come back.
		if v, _ := doc.Find(`#f-applicant_phone`).Attr("value"); v != "0912345678" {
			t.Errorf("%s: typed phone lost: %q", tc.name, v)
		}
	}
	if n := total(t, e, officer); n != 0 {
		t.Fatalf("%d dossiers created by invalid forms", n)
	}
}

func TestIntakeReceiveIsIdempotent(t *testing.T) { bothDatabases(t, testIntakeReceiveIsIdempotent) }

func testIntakeReceiveIsIdempotent(t *testing.T, e *apptest.Env) {
	c := e.Login(t, officer, "")
	f := intakeForm(t, e, c)
	st1, loc1, _ := e.Post(t, c, "/can-bo/tiep-nhan", f)
	st2, loc2, _ := e.Post(t, c, "/can-bo/tiep-nhan", f) // a double click
	if st1 != http.StatusSeeOther || st2 != http.StatusSeeOther || loc1 != loc2 {
		t.Fatalf("double submit: %d %q, %d %q", st1, loc1, st2, loc2)
	}
	if n := total(t, e, officer); n != 1 {
		t.Fatalf("double submit created %d dossiers", n)
	}
	st, body := e.Get(t, c, loc1)
	doc := parse(t, body)
	code := strings.TrimSpace(doc.Find("#dossier-code").Text())
	if st != http.StatusOK || !regexp.MustCompile(`^003\.01\.00\.H27-261123-\d{4}$`).MatchString(code) {
		t.Fatalf("result page = %d, code %q", st, code)
	}
	// 3 working days from Monday 09:00; Tuesday 24/11/2026 is the new
	// Ngày Văn hóa Việt Nam holiday (calendar data 2026), so Friday 09:00.
	if due := doc.Find("#due-at").Text(); !strings.Contains(due, "09:00 27/11/2026") {
		t.Errorf("due = %q, want 09:00 27/11/2026", due)
	}
	href, _ := doc.Find("#print-form").Attr("href")
	if doc.Find("#print-form[autofocus]").Length() != 1 || href != "/api/v1/dossiers/"+code+"/forms/01.pdf" {
		t.Fatalf("print link %q must be focused", href)
	}
	res, err := c.Get(e.URL + href)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("receipt = %d %q", res.StatusCode, b[:min(len(b), 20)])
	}
	// A new form render has a new key: a second dossier.
	if _, loc3, _ := e.Post(t, c, "/can-bo/tiep-nhan", intakeForm(t, e, c)); loc3 == loc1 {
		t.Fatal("a new form must create a new dossier")
	}
}

func TestIntakeSupplementAndRefusal(t *testing.T) {
	e := start(t)
	c := e.Login(t, officer, "")
	f := intakeForm(t, e, c)
	f.Del("d4_ticked")
	f.Set("decision", "request_supplement")
	f.Set("sd4_reason", "Chưa xuất trình thẻ Căn cước")
	f.Set("sx0_content", "Tờ khai ký đủ họ tên")
	st, loc, body := e.Post(t, c, "/can-bo/tiep-nhan", f)
	if st != http.StatusSeeOther || !strings.Contains(loc, "PBS-003.01.00.H27-261123-") {
		t.Fatalf("supplement = %d %q\n%s", st, loc, alerts(body))
	}
	_, body = e.Get(t, c, loc)
	if !strings.Contains(body, "Đã lập Phiếu yêu cầu bổ sung") || !strings.Contains(body, "Chưa xuất trình thẻ Căn cước") ||
		!strings.Contains(body, "/forms/02.pdf") {
		t.Errorf("supplement result page:\n%s", alerts(body))
	}
	f = intakeForm(t, e, c)
	f.Set("decision", "refuse")
	f.Set("refuse_reason", "Thủ tục không thuộc thẩm quyền của UBND xã")
	st, loc, _ = e.Post(t, c, "/can-bo/tiep-nhan", f)
	if st != http.StatusSeeOther || !strings.Contains(loc, "PTC-") {
		t.Fatalf("refusal = %d %q", st, loc)
	}
	if _, body = e.Get(t, c, loc); !strings.Contains(body, "/forms/03.pdf") || !strings.Contains(body, "không thuộc thẩm quyền") {
		t.Error("refusal page must link Mẫu 03 and show the reason")
	}
}

func TestDossierPageScope(t *testing.T) {
	e := start(t)
	code := receive(t, e, e.Login(t, officer, ""))
	for _, u := range []string{otherDesk, otherSpec} {
		if st, _ := e.Get(t, e.Login(t, u, ""), "/can-bo/ho-so/"+url.PathEscape(code)); st != http.StatusNotFound {
			t.Errorf("%s (another commune) = %d, want 404", u, st)
		}
		st, _, _ := e.Post(t, e.Login(t, u, ""), "/can-bo/ho-so/"+url.PathEscape(code)+"/thao-tac", url.Values{"action": {"forward"}, "version": {"1"}})
		if st != http.StatusNotFound {
			t.Errorf("%s acting = %d, want 404", u, st)
		}
		for _, q := range []string{"", "?q=" + url.QueryEscape(code)} {
			_, body := e.Get(t, e.Login(t, u, ""), "/can-bo/ho-so"+q)
			if listed(t, body, code) {
				t.Errorf("%s lists a dossier of another commune", u)
			}
		}
	}
	if st, _ := e.Get(t, e.Login(t, officer, ""), "/can-bo/ho-so/khong-phai-ma"); st != http.StatusNotFound {
		t.Errorf("garbage code = %d", st)
	}
}

func TestDossierActions(t *testing.T) { bothDatabases(t, testDossierActions) }

func testDossierActions(t *testing.T, e *apptest.Env) {
	oc := e.Login(t, officer, "")
	code := receive(t, e, oc)
	path := "/can-bo/ho-so/" + url.PathEscape(code)
	st, body := e.Get(t, oc, path)
	doc := parse(t, body)
	if st != http.StatusOK || doc.Find("#act-forward[open]").Length() != 1 || doc.Find("#control-sheet tbody tr").Length() != 1 {
		t.Fatalf("dossier page = %d: the forward form must be open and the control sheet have the receipt", st)
	}
	for _, s := range []string{procName, "Nguyễn Thị Ánh Tuyết", "Mã trạng thái DVCQG", "/forms/01.pdf", "/forms/05.pdf"} {
		if !strings.Contains(body, s) {
			t.Errorf("dossier page lacks %q", s)
		}
	}
	v := version(t, e, oc, code)

	// A stale page: 409 with a clear message, nothing changed.
	st, _, body = act(t, e, oc, code, url.Values{"action": {"forward"}, "version": {"999"}})
	if st != http.StatusConflict || !strings.Contains(body, "Hồ sơ đã được người khác cập nhật, vui lòng tải lại trang") {
		t.Fatalf("stale = %d\n%s", st, alerts(body))
	}
	// Not allowed now: refused with the rule, nothing changed.
	st, _, body = act(t, e, oc, code, url.Values{"action": {"sign"}, "version": {v}})
	if st != http.StatusUnprocessableEntity && st != http.StatusForbidden {
		t.Fatalf("sign at the counter = %d\n%s", st, alerts(body))
	}
	if version(t, e, oc, code) != v {
		t.Fatal("a refused action changed the dossier")
	}
	if st, loc, body := act(t, e, oc, code, url.Values{"action": {"forward"}, "note": {"Chuyển UBND xã"}}); st != http.StatusSeeOther {
		t.Fatalf("forward = %d %q\n%s", st, loc, alerts(body))
	}

	hc := e.Login(t, head, "")
	if _, body := e.Get(t, hc, "/can-bo/ho-so/cho-xu-ly"); !strings.Contains(body, code) {
		t.Fatal("the division head's inbox must list the dossier")
	}
	// Assign without a person: a field error, nothing changed.
	v = version(t, e, hc, code)
	st, _, body = act(t, e, hc, code, url.Values{"action": {"assign"}, "version": {v}})
	if st != http.StatusBadRequest || parse(t, body).Find("#assign-assignee-err").Length() != 1 || parse(t, body).Find("#act-assign[open]").Length() != 1 {
		t.Fatalf("assign without assignee = %d\n%s", st, alerts(body))
	}
	if version(t, e, hc, code) != v {
		t.Fatal("a refused assignment changed the dossier")
	}
	_, body = e.Get(t, hc, path)
	if parse(t, body).Find(`#assign-assignee option[value="`+userID(t, e, specialist)+`"]`).Length() != 1 {
		t.Fatal("the specialist must be offered for the assignment")
	}
	if st, _, body := act(t, e, hc, code, url.Values{"action": {"assign"}, "assignee": {userID(t, e, specialist)}}); st != http.StatusSeeOther {
		t.Fatalf("assign = %d\n%s", st, alerts(body))
	}

	sc := e.Login(t, specialist, "")
	_, body = e.Get(t, sc, "/can-bo/ho-so/cho-xu-ly")
	if !strings.Contains(body, code) || !strings.Contains(body, "Được phân công") {
		t.Fatal("the specialist's inbox must list the assigned dossier")
	}
	// Supplement without items: refused next to the field.
	st, _, body = act(t, e, sc, code, url.Values{"action": {"request_supplement"}})
	if st != http.StatusBadRequest || parse(t, body).Find("#supp-items-err").Length() != 1 {
		t.Fatalf("supplement without items = %d\n%s", st, alerts(body))
	}
	if st, _, body := act(t, e, sc, code, url.Values{"action": {"attach_result"}, "result_code": {"15/XN-UBND"}}); st != http.StatusSeeOther {
		t.Fatalf("attach result = %d\n%s", st, alerts(body))
	}
	if st, _, body := act(t, e, sc, code, url.Values{"action": {"forward"}}); st != http.StatusSeeOther {
		t.Fatalf("specialist forward = %d\n%s", st, alerts(body))
	}
	_, body = e.Get(t, sc, path)
	if !strings.Contains(body, "15/XN-UBND") {
		t.Error("the result code must be shown")
	}
}

func TestListFilters(t *testing.T) {
	e := start(t)
	oc := e.Login(t, officer, "")
	code := receive(t, e, oc)
	for q, want := range map[string]bool{
		"":                                      true,
		"?q=" + url.QueryEscape(code):           true,
		"?q=nguyen+thi+anh":                     true,
		"?trang_thai=received":                  true,
		"?trang_thai=returned":                  false,
		"?thu_tuc=" + procCode:                  true,
		"?co_quan=003.01.00.H27":                true,
		"?han_truoc=2026-11-26":                 false,
		"?han_truoc=2026-11-27&trang_thai=open": true,
	} {
		st, body := e.Get(t, oc, "/can-bo/ho-so"+q)
		if got := listed(t, body, code); st != http.StatusOK || got != want {
			t.Errorf("list%s = %d, lists the dossier: %v, want %v", q, st, got, want)
		}
	}
	if st, body := e.Get(t, oc, "/can-bo/ho-so?han_truoc=hom-qua"); st != http.StatusBadRequest || !strings.Contains(body, "err-han_truoc") {
		t.Errorf("bad date = %d", st)
	}
}

func TestTrackingBookPage(t *testing.T) {
	e := start(t)
	oc := e.Login(t, officer, "")
	receive(t, e, oc)
	st, body := e.Get(t, oc, "/can-bo/so-theo-doi")
	doc := parse(t, body)
	action, _ := doc.Find("form").Last().Attr("action")
	if st != http.StatusOK || doc.Find(`#f-agency option[value="003.01.00.H27"][selected]`).Length() != 1 {
		t.Fatalf("book page = %d", st)
	}
	for _, format := range []string{"pdf", "xlsx"} {
		res, err := oc.Get(e.URL + action + "?agency=003.01.00.H27&year=2026&format=" + format)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), "."+format) {
			t.Errorf("book %s = %d %s", format, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
	if st, _ := e.Get(t, e.Login(t, specialist, ""), "/can-bo/so-theo-doi"); st != http.StatusForbidden {
		t.Errorf("specialist on the book = %d", st)
	}
}

func TestProcessEditor(t *testing.T) {
	e := start(t)
	ac := e.Login(t, "qt.tinh", "")
	if st, body := e.Get(t, ac, "/quan-tri/quy-trinh?q=tinh+trang+hon+nhan"); st != http.StatusOK || !strings.Contains(body, "/quan-tri/quy-trinh/"+procCode) {
		t.Fatalf("process search = %d", st)
	}
	st, body := e.Get(t, ac, "/quan-tri/quy-trinh/"+procCode)
	doc := parse(t, body)
	if st != http.StatusOK || !strings.Contains(body, "Mặc định") {
		t.Fatalf("editor = %d", st)
	}
	form := url.Values{}
	doc.Find("form input, form select").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		typ, _ := s.Attr("type")
		if name == "" || typ == "checkbox" {
			return
		}
		if s.Is("select") {
			v, _ := s.Find("option[selected]").Attr("value")
			if v == "" {
				v, _ = s.Find("option").First().Attr("value")
			}
			form.Set(name, v)
			return
		}
		v, _ := s.Attr("value")
		form.Set(name, v)
	})
	// The default split of 3 working days (24 hours) gives the appraisal 14
	// hours; 3 breaks the sum.
	if form.Get("s2_value") != "14" || form.Get("s2_unit") != "working_hours" {
		t.Fatalf("default appraisal = %s %s", form.Get("s2_value"), form.Get("s2_unit"))
	}
	form.Set("s2_value", "3")
	form.Set("action", "save")
	st, _, body = e.Post(t, ac, "/quan-tri/quy-trinh/"+procCode, form)
	if st != http.StatusBadRequest || parse(t, body).Find("#err-steps").Length() != 1 {
		t.Fatalf("wrong sum = %d\n%s", st, alerts(body))
	}
	if _, body := e.Get(t, ac, "/quan-tri/quy-trinh/"+procCode); !strings.Contains(body, "Mặc định") {
		t.Fatal("a refused process must not be saved")
	}
	// A time that is not a number is a field error on its row.
	form.Set("s2_value", "x")
	if st, _, body = e.Post(t, ac, "/quan-tri/quy-trinh/"+procCode, form); st != http.StatusBadRequest || parse(t, body).Find("#e2-time").Length() != 1 {
		t.Fatalf("bad time = %d\n%s", st, alerts(body))
	}
	// Reorder by renumbering (review before assignment), check, then save.
	form.Set("s2_value", "14")
	form.Set("s1_order", "4")
	form.Set("s3_order", "2")
	form.Set("action", "check")
	if st, _, body = e.Post(t, ac, "/quan-tri/quy-trinh/"+procCode, form); st != http.StatusOK || !strings.Contains(body, "Quy trình hợp lệ") {
		t.Fatalf("check = %d\n%s", st, alerts(body))
	}
	form.Set("action", "save")
	if st, loc, body := e.Post(t, ac, "/quan-tri/quy-trinh/"+procCode, form); st != http.StatusSeeOther {
		t.Fatalf("save = %d %q\n%s", st, loc, alerts(body))
	}
	_, body = e.Get(t, ac, "/quan-tri/quy-trinh/"+procCode+"?da_luu=1")
	if !strings.Contains(body, "Đã xây dựng") || !strings.Contains(body, "Đã lưu quy trình") {
		t.Fatal("the saved process must be shown")
	}
	if v, _ := parse(t, body).Find("#s1-name").Attr("value"); v != "Xem xét, trình ký" {
		t.Errorf("second step after reordering = %q", v)
	}
}
