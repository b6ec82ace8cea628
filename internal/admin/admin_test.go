package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/motcua/motcua/internal/app/apptest"
)

func parse(t *testing.T, body string) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// fieldError returns the inline error of a form field, checking that it is
// linked to its input by aria-describedby and that the input is marked
// aria-invalid (roles: the fieldset).
func fieldError(t *testing.T, d *goquery.Document, name string) string {
	t.Helper()
	msg := strings.TrimSpace(d.Find("#err-" + name).Text())
	if msg == "" {
		return ""
	}
	in := d.Find(`[aria-describedby~="err-` + name + `"]`)
	if in.Length() == 0 || in.AttrOr("aria-invalid", "") != "true" {
		t.Errorf("field %s: error %q not linked to an aria-invalid control", name, msg)
	}
	return msg
}

func count(t *testing.T, e *apptest.Env, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.App.DB.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAdmin(t *testing.T) { adminJourney(t, apptest.Start(t)) }

func TestAdminPostgres(t *testing.T) {
	adminJourney(t, apptest.Start(t, apptest.Options{Postgres: true}))
}

// adminJourney: the root administrator manages agencies and users, creates
// a commune administrator, who is then confined to the commune.
func adminJourney(t *testing.T, e *apptest.Env) {
	admin := e.Login(t, "admin", "")
	st, body := e.Get(t, admin, "/quan-tri")
	if st != 200 || !strings.Contains(body, `href="/quan-tri/nguoi-dung"`) || !strings.Contains(body, `href="/quan-tri/nhat-ky"`) {
		t.Fatalf("/quan-tri = %d", st)
	}
	if !strings.Contains(body, `href="/quan-tri"`) {
		t.Error("menu item Quản trị missing for the administrator")
	}

	// The tree.
	st, body = e.Get(t, admin, "/quan-tri/co-quan")
	d := parse(t, body)
	if st != 200 || d.Find("tbody tr").Length() != 50 || !strings.Contains(body, "adm-depth-2") {
		t.Fatalf("agency tree: %d, %d rows", st, d.Find("tbody tr").Length())
	}

	// Invalid agency: every error next to its field, nothing saved.
	agencies := count(t, e, `SELECT COUNT(*) FROM agencies`)
	audits := count(t, e, `SELECT COUNT(*) FROM audit_log`)
	st, _, body = e.Post(t, admin, "/quan-tri/co-quan", url.Values{"code": {"mã sai"}, "name": {""}, "kind": {"x"}, "parent": {""},
		"email": {"khong-phai-email"}, "phone": {"abc"}, "office_hours": {"Thứ Hai 7h-11h"}})
	d = parse(t, body)
	if st != http.StatusUnprocessableEntity {
		t.Fatalf("invalid agency = %d", st)
	}
	for _, f := range []string{"code", "name", "kind", "parent", "email", "phone", "office_hours"} {
		if fieldError(t, d, f) == "" {
			t.Errorf("no error for %s", f)
		}
	}
	if d.Find("#f-code").AttrOr("value", "") != "mã sai" {
		t.Error("submitted values must be kept")
	}
	if n := count(t, e, `SELECT COUNT(*) FROM agencies`); n != agencies {
		t.Fatalf("agencies %d → %d after an invalid form", agencies, n)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM audit_log`); n != audits {
		t.Fatalf("audit %d → %d after an invalid form", audits, n)
	}

	// Create, then edit.
	st, loc, _ := e.Post(t, admin, "/quan-tri/co-quan", url.Values{"code": {"003.05.00.h27"}, "name": {"Phòng Tư pháp xã Thạch Khê"}, "kind": {"division"},
		"parent": {"003.00.00.H27"}, "phone": {"0239 3844 199"}, "office_hours": {"Mon-Fri 07:30-11:30,13:30-17:00"}})
	if st != http.StatusSeeOther || loc != "/quan-tri/co-quan/003.05.00.H27?ok=tao" {
		t.Fatalf("create agency = %d %s", st, loc)
	}
	st, body = e.Get(t, admin, loc)
	d = parse(t, body)
	if st != 200 || d.Find("#f-name").AttrOr("value", "") != "Phòng Tư pháp xã Thạch Khê" || d.Find(`#f-parent option[selected]`).AttrOr("value", "") != "003.00.00.H27" ||
		!strings.Contains(body, "Đã tạo.") {
		t.Fatalf("edit form after create: %d", st)
	}
	form := url.Values{"code": {"003.05.00.H27"}, "name": {"Phòng Tư pháp - Hộ tịch xã Thạch Khê"}, "short_name": {"Phòng TP-HT"}, "kind": {"division"},
		"parent": {"003.00.00.H27"}, "address": {"Xã Thạch Khê"}, "phone": {"0239 3844 198"}, "email": {"tp@thachkhe.example"}, "office_hours": {""}}
	if st, loc, _ := e.Post(t, admin, "/quan-tri/co-quan/003.05.00.H27", form); st != http.StatusSeeOther || !strings.HasSuffix(loc, "?ok=luu") {
		t.Fatalf("update agency = %d %s", st, loc)
	}
	var name, email string
	e.App.DB.QueryRow(context.Background(), `SELECT name, email FROM agencies WHERE code = '003.05.00.H27'`).Scan(&name, &email)
	if name != "Phòng Tư pháp - Hộ tịch xã Thạch Khê" || email != "tp@thachkhe.example" {
		t.Fatalf("after update: %q %q", name, email)
	}
	// An invalid edit changes nothing; moving under itself is refused.
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("name", "Tên mới")
	bad.Set("phone", "gọi tôi")
	st, _, body = e.Post(t, admin, "/quan-tri/co-quan/003.05.00.H27", bad)
	if st != http.StatusUnprocessableEntity || fieldError(t, parse(t, body), "phone") == "" {
		t.Fatalf("invalid update = %d", st)
	}
	bad.Set("phone", "")
	bad.Set("parent", "003.05.00.H27")
	st, _, body = e.Post(t, admin, "/quan-tri/co-quan/003.05.00.H27", bad)
	if st != http.StatusUnprocessableEntity || fieldError(t, parse(t, body), "parent") == "" {
		t.Fatalf("cycle = %d", st)
	}
	e.App.DB.QueryRow(context.Background(), `SELECT name FROM agencies WHERE code = '003.05.00.H27'`).Scan(&name)
	if name != "Phòng Tư pháp - Hộ tịch xã Thạch Khê" {
		t.Fatalf("invalid edits saved: %q", name)
	}
	// Deactivation: refused while units are active, then the public page disappears.
	st, _, body = e.Post(t, admin, "/quan-tri/co-quan/003.00.00.H27/ngung", nil)
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "đơn vị trực thuộc đang hoạt động") {
		t.Fatalf("deactivate parent = %d", st)
	}
	if st, _, _ := e.Post(t, admin, "/quan-tri/co-quan/003.05.00.H27/ngung", nil); st != http.StatusSeeOther {
		t.Fatalf("deactivate = %d", st)
	}
	if st, _ := e.Get(t, nil, "/co-quan/003.05.00.H27"); st != http.StatusNotFound {
		t.Fatalf("public page of an inactive agency = %d", st)
	}
	if st, _, _ := e.Post(t, admin, "/quan-tri/co-quan/003.05.00.H27/kich-hoat", nil); st != http.StatusSeeOther {
		t.Fatalf("reactivate = %d", st)
	}
	if st, _ := e.Get(t, nil, "/co-quan/003.05.00.H27"); st != http.StatusOK {
		t.Fatalf("public page after reactivation = %d", st)
	}
	if st, _, _ := e.Post(t, admin, "/quan-tri/co-quan/000.00.00.H27/ngung", nil); st != http.StatusUnprocessableEntity {
		t.Fatalf("deactivating one's own agency = %d", st)
	}

	// Users: an invalid form shows every error and saves nothing.
	users := count(t, e, `SELECT COUNT(*) FROM users`)
	st, _, body = e.Post(t, admin, "/quan-tri/nguoi-dung", url.Values{"username": {"Tên Sai"}, "full_name": {""}, "agency": {""}, "phone": {"x"},
		"email": {"sai"}, "password": {"ngan"}, "password_again": {"ngan"}})
	d = parse(t, body)
	if st != http.StatusUnprocessableEntity {
		t.Fatalf("invalid user = %d", st)
	}
	for _, f := range []string{"username", "full_name", "agency", "roles", "phone", "email", "password"} {
		if fieldError(t, d, f) == "" {
			t.Errorf("no error for %s", f)
		}
	}
	if d.Find(`input[type=password]`).FilterFunction(func(_ int, s *goquery.Selection) bool { return s.AttrOr("value", "") != "" }).Length() > 0 {
		t.Error("passwords must not be echoed back")
	}
	if n := count(t, e, `SELECT COUNT(*) FROM users`); n != users {
		t.Fatalf("users %d → %d after an invalid form", users, n)
	}
	st, _, body = e.Post(t, admin, "/quan-tri/nguoi-dung", url.Values{"username": {"qt.tinh"}, "full_name": {"Trùng"}, "agency": {"000.00.00.H27"},
		"roles": {"specialist"}, "password": {"MatKhau@2026x"}, "password_again": {"MatKhau@2026x"}})
	if st != http.StatusUnprocessableEntity || fieldError(t, parse(t, body), "username") == "" {
		t.Fatalf("duplicate user name = %d", st)
	}

	// The root administrator creates a commune administrator.
	pw := "QuanTriXa@2026"
	st, loc, _ = e.Post(t, admin, "/quan-tri/nguoi-dung", url.Values{"username": {"qt.thachkhe"}, "full_name": {"Phan Văn Quản"}, "title": {"Công chức Văn phòng"},
		"phone": {"0239 3844 100"}, "email": {"qt@thachkhe.example"}, "agency": {"003.00.00.H27"}, "roles": {"administrator"}, "password": {pw}, "password_again": {pw}})
	if st != http.StatusSeeOther || loc != "/quan-tri/nguoi-dung/qt.thachkhe?ok=tao" {
		t.Fatalf("create user = %d %s", st, loc)
	}
	// Edit: title and on-duty flag.
	st, loc, _ = e.Post(t, admin, "/quan-tri/nguoi-dung/motcua.xa.thachkhe2", url.Values{"full_name": {"Trần Văn Đạt"}, "title": {"Công chức Một cửa"},
		"phone": {"0239 3844 152"}, "agency": {"003.01.00.H27"}, "roles": {"one_stop_officer"}})
	if st != http.StatusSeeOther {
		t.Fatalf("update user = %d %s", st, loc)
	}
	var onDuty bool
	var title string
	e.App.DB.QueryRow(context.Background(), `SELECT title, on_duty FROM users WHERE username = 'motcua.xa.thachkhe2'`).Scan(&title, &onDuty)
	if title != "Công chức Một cửa" || onDuty {
		t.Fatalf("after update: %q on duty %v", title, onDuty)
	}
	// The list filters by agency (subtree), role and accent-insensitive text.
	_, body = e.Get(t, admin, "/quan-tri/nguoi-dung?co-quan=003.00.00.H27&vai-tro=one_stop_officer")
	if !strings.Contains(body, "motcua.xa.thachkhe1") || strings.Contains(body, "motcua.tinh1") || strings.Contains(body, "ld.xa.thachkhe") {
		t.Fatal("user list filter by agency and role")
	}
	_, body = e.Get(t, admin, "/quan-tri/nguoi-dung?q=huyen")
	if !strings.Contains(body, "motcua.xa.thachkhe1") || strings.Contains(body, "motcua.tinh2") {
		t.Fatal("user list text filter")
	}

	// The commune administrator is confined to the commune.
	qt := e.Login(t, "qt.thachkhe", pw)
	st, body = e.Get(t, qt, "/quan-tri/co-quan")
	if st != 200 || !strings.Contains(body, "003.01.00.H27") || strings.Contains(body, "001.00.00.H27") || strings.Contains(body, "000.00.01.H27") {
		t.Fatalf("commune tree = %d", st)
	}
	st, body = e.Get(t, qt, "/quan-tri/nguoi-dung")
	if st != 200 || !strings.Contains(body, "motcua.xa.thachkhe1") || strings.Contains(body, "thanhsen") || strings.Contains(body, "motcua.tinh1") {
		t.Fatalf("commune users = %d", st)
	}
	other := url.Values{"code": {"001.00.00.H27"}, "name": {"Chiếm quyền"}, "kind": {"commune"}, "parent": {"003.00.00.H27"}}
	for _, c := range []struct{ method, path string }{
		{"GET", "/quan-tri/co-quan/001.00.00.H27"},
		{"POST", "/quan-tri/co-quan/001.00.00.H27"},
		{"POST", "/quan-tri/co-quan/001.00.00.H27/ngung"},
		{"GET", "/quan-tri/co-quan/000.00.00.H27"},
		{"GET", "/quan-tri/nguoi-dung/motcua.phuong.thanhsen1"},
		{"POST", "/quan-tri/nguoi-dung/motcua.phuong.thanhsen1"},
		{"POST", "/quan-tri/nguoi-dung/motcua.phuong.thanhsen1/ngung"},
		{"GET", "/quan-tri/nguoi-dung/admin/mat-khau"},
		{"POST", "/quan-tri/nguoi-dung/admin/mat-khau"},
	} {
		var st int
		if c.method == "GET" {
			st, _ = e.Get(t, qt, c.path)
		} else {
			st, _, _ = e.Post(t, qt, c.path, url.Values{"full_name": {"X"}, "agency": {"003.00.00.H27"}, "roles": {"administrator"},
				"new_password": {"MatKhauMoi@2026"}, "new_password_again": {"MatKhauMoi@2026"}, "name": other["name"], "code": other["code"], "kind": other["kind"], "parent": other["parent"]})
		}
		if st != http.StatusNotFound {
			t.Errorf("%s %s by a commune administrator = %d, want 404", c.method, c.path, st)
		}
	}
	// Nothing outside the commune can be chosen: a parent or a user's agency
	// elsewhere is refused like a non-existent one.
	st, _, body = e.Post(t, qt, "/quan-tri/co-quan", url.Values{"code": {"001.09.00.H27"}, "name": {"Đơn vị lạ"}, "kind": {"division"}, "parent": {"001.00.00.H27"}})
	if st != http.StatusUnprocessableEntity || fieldError(t, parse(t, body), "parent") == "" {
		t.Fatalf("agency outside scope = %d", st)
	}
	st, _, body = e.Post(t, qt, "/quan-tri/co-quan", url.Values{"code": {"009.00.00.H27"}, "name": {"Gốc mới"}, "kind": {"province"}, "parent": {""}})
	if st != http.StatusUnprocessableEntity || fieldError(t, parse(t, body), "parent") == "" {
		t.Fatalf("new root = %d", st)
	}
	st, _, body = e.Post(t, qt, "/quan-tri/nguoi-dung", url.Values{"username": {"qt.moi"}, "full_name": {"Quản trị mới"}, "agency": {"000.00.00.H27"},
		"roles": {"administrator"}, "password": {"MatKhau@2026x"}, "password_again": {"MatKhau@2026x"}})
	if st != http.StatusUnprocessableEntity || fieldError(t, parse(t, body), "agency") == "" {
		t.Fatalf("administrator at the province by a commune administrator = %d", st)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM users WHERE username = 'qt.moi'`); n != 0 {
		t.Fatal("user created outside scope")
	}
	// The commune administrator cannot escalate through their own account.
	own := url.Values{"full_name": {"Phan Văn Quản"}, "agency": {"003.00.00.H27"}, "roles": {"administrator", "supervisor"}}
	st, _, body = e.Post(t, qt, "/quan-tri/nguoi-dung/qt.thachkhe", own)
	if st != http.StatusUnprocessableEntity || !strings.Contains(fieldError(t, parse(t, body), "roles"), "không thể tự thay đổi vai trò") {
		t.Fatalf("own roles = %d", st)
	}
	own.Set("roles", "administrator")
	own.Set("agency", "000.00.00.H27")
	if st, _, _ = e.Post(t, qt, "/quan-tri/nguoi-dung/qt.thachkhe", own); st != http.StatusUnprocessableEntity {
		t.Fatalf("own agency to the province = %d", st)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.username = 'qt.thachkhe'`); n != 1 {
		t.Fatalf("qt.thachkhe has %d roles", n)
	}
	// Their own profile can still be edited (roles and agency unchanged).
	own.Set("agency", "003.00.00.H27")
	own.Set("title", "Quản trị hệ thống xã")
	if st, _, body = e.Post(t, qt, "/quan-tri/nguoi-dung/qt.thachkhe", own); st != http.StatusSeeOther {
		t.Fatalf("own profile = %d %s", st, body)
	}
	if st, _, _ = e.Post(t, qt, "/quan-tri/nguoi-dung/qt.thachkhe/ngung", nil); st != http.StatusUnprocessableEntity {
		t.Fatalf("deactivating oneself = %d", st)
	}
	// Their own agency keeps its parent whatever is posted.
	st, _, _ = e.Post(t, qt, "/quan-tri/co-quan/003.00.00.H27", url.Values{"code": {"003.00.00.H27"}, "name": {"Ủy ban nhân dân xã Thạch Khê"},
		"kind": {"commune"}, "parent": {"003.01.00.H27"}})
	if st != http.StatusSeeOther {
		t.Fatalf("own agency = %d", st)
	}
	var parent string
	e.App.DB.QueryRow(context.Background(), `SELECT p.code FROM agencies a JOIN agencies p ON p.id = a.parent_id WHERE a.code = '003.00.00.H27'`).Scan(&parent)
	if parent != "000.00.00.H27" {
		t.Fatalf("own agency moved under %s", parent)
	}

	// Deactivation ends the user's sessions and refuses sign-in.
	officer := e.Login(t, "motcua.xa.thachkhe1", "")
	if st, _, _ := e.Post(t, qt, "/quan-tri/nguoi-dung/motcua.xa.thachkhe1/ngung", nil); st != http.StatusSeeOther {
		t.Fatalf("deactivate user = %d", st)
	}
	if st, _ := e.Get(t, officer, "/can-bo"); st != http.StatusSeeOther {
		t.Fatalf("session of a deactivated user = %d, want redirect to sign-in", st)
	}
	if st, _, _ := e.Post(t, nil, "/dang-nhap", url.Values{"username": {"motcua.xa.thachkhe1"}, "password": {"Motcua@2026"}}); st != http.StatusUnauthorized {
		t.Fatalf("sign-in of a deactivated user = %d", st)
	}
	if st, _, _ := e.Post(t, qt, "/quan-tri/nguoi-dung/motcua.xa.thachkhe1/kich-hoat", nil); st != http.StatusSeeOther {
		t.Fatal("reactivate user")
	}
	// Password reset: weak refused, then old sessions end and the new password works.
	cv := e.Login(t, "cv.tuphap.xa.thachkhe", "")
	st, _, body = e.Post(t, qt, "/quan-tri/nguoi-dung/cv.tuphap.xa.thachkhe/mat-khau", url.Values{"new_password": {"ngan"}, "new_password_again": {"ngan"}})
	if st != http.StatusUnprocessableEntity || fieldError(t, parse(t, body), "new_password") == "" {
		t.Fatalf("weak reset = %d", st)
	}
	st, _, _ = e.Post(t, qt, "/quan-tri/nguoi-dung/cv.tuphap.xa.thachkhe/mat-khau", url.Values{"new_password": {"MatKhauMoi@2026"}, "new_password_again": {"MatKhauMoi@2026"}})
	if st != http.StatusSeeOther {
		t.Fatalf("reset = %d", st)
	}
	if st, _ := e.Get(t, cv, "/can-bo"); st != http.StatusSeeOther {
		t.Fatalf("session after reset = %d", st)
	}
	cv = e.Login(t, "cv.tuphap.xa.thachkhe", "MatKhauMoi@2026")

	// Roles: a specialist has no administration; a supervisor sees the log only.
	if st, _ := e.Get(t, cv, "/quan-tri/co-quan"); st != http.StatusForbidden {
		t.Fatalf("specialist on /quan-tri/co-quan = %d", st)
	}
	sup := e.Login(t, "pct.xa.thachkhe", "")
	if st, _ := e.Get(t, sup, "/quan-tri/nguoi-dung"); st != http.StatusForbidden {
		t.Fatalf("supervisor on users = %d", st)
	}
	st, body = e.Get(t, sup, "/quan-tri/nhat-ky?doi-tuong=user")
	if st != 200 || !strings.Contains(body, "cv.tuphap.xa.thachkhe") || !strings.Contains(body, "user.password") || strings.Contains(body, "thanhsen") {
		t.Fatalf("commune supervisor's audit view = %d", st)
	}
	if strings.Contains(body, "login.fail") {
		t.Fatal("failed sign-ins (no agency) are for root administrators only")
	}

	// The audit viewer: filters, before/after, pagination, verification.
	st, body = e.Get(t, admin, "/quan-tri/nhat-ky?doi-tuong=agency&ma=003.05.00.H27")
	d = parse(t, body)
	if st != 200 || d.Find("ol.adm-audit > li").Length() != 4 { // create, update, deactivate, reactivate; nothing for the refused forms
		t.Fatalf("agency history = %d, %d entries", st, d.Find("ol.adm-audit > li").Length())
	}
	if !strings.Contains(body, "adm-changed") || !strings.Contains(body, "Phòng Tư pháp - Hộ tịch xã Thạch Khê") {
		t.Fatal("before/after table missing")
	}
	_, body = e.Get(t, admin, "/quan-tri/nhat-ky?hanh-dong=login.&nguoi=motcua.xa.thachkhe1")
	if !strings.Contains(body, "login.fail") {
		t.Fatal("the root administrator sees failed sign-ins")
	}
	st, body = e.Get(t, admin, "/quan-tri/nhat-ky")
	d = parse(t, body)
	older := d.Find(`a[rel=next]`).AttrOr("href", "")
	if st != 200 || d.Find("ol.adm-audit > li").Length() != 50 || older == "" {
		t.Fatalf("first audit page = %d, %d entries, older %q", st, d.Find("ol.adm-audit > li").Length(), older)
	}
	first := d.Find("ol.adm-audit > li strong").First().Text()
	st, body = e.Get(t, admin, older)
	d = parse(t, body)
	if st != 200 || d.Find("ol.adm-audit > li").Length() != 50 || d.Find("ol.adm-audit > li strong").First().Text() == first || d.Find(`a[rel=prev]`).Length() != 1 {
		t.Fatalf("second audit page = %d", st)
	}
	st, _ = e.Get(t, admin, "/quan-tri/nhat-ky?tu=31-12-2025")
	if st != http.StatusBadRequest {
		t.Fatalf("bad date = %d", st)
	}
	st, _, body = e.Post(t, sup, "/quan-tri/nhat-ky/kiem-tra", nil)
	if st != 200 || !strings.Contains(body, "Chuỗi nhật ký toàn vẹn.") {
		t.Fatalf("verify = %d", st)
	}

	// The public pages and the API show the commune's officers on duty.
	st, body = e.Get(t, nil, "/co-quan/003.01.00.H27")
	if st != 200 || !strings.Contains(body, "Lê Thị Huyền") || strings.Contains(body, "Trần Văn Đạt") {
		t.Fatalf("commune centre page = %d", st)
	}
	var api struct {
		OfficersOnDuty []map[string]string `json:"officers_on_duty"`
	}
	if st := e.JSON(t, "GET", "/api/v1/agencies/003.01.00.H27", "", nil, &api); st != 200 || len(api.OfficersOnDuty) != 1 || api.OfficersOnDuty[0]["full_name"] != "Lê Thị Huyền" {
		t.Fatalf("API officers = %d %+v", st, api)
	}
}
