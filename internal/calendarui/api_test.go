package calendarui_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/audit"
)

// clock is 21/11/2026 10:00 in Vietnam.
func clock() time.Time { return time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC) }

func start(t *testing.T) *apptest.Env {
	t.Helper()
	return apptest.Start(t, apptest.Options{Now: clock})
}

type apiYear struct {
	Year     int
	Official bool
	Notice   string
	DaysOff  []struct{ Date, Name, Kind, Basis string } `json:"days_off"`
	Extra    []struct{ Date, Name, Basis string }       `json:"extra_working_days"`
}

func TestAPIYear(t *testing.T) {
	e := start(t)
	var y apiYear
	if st := e.JSON(t, "GET", "/api/v1/calendar/2025", "", nil, &y); st != http.StatusOK {
		t.Fatalf("status %d", st)
	}
	if !y.Official || y.Year != 2025 || len(y.DaysOff) != 12 || len(y.Extra) != 1 || y.Extra[0].Date != "2025-04-26" {
		t.Errorf("2025 = %+v", y)
	}
	found := false
	for _, d := range y.DaysOff {
		if d.Date == "2025-05-02" && d.Kind == "swap_off" && strings.Contains(d.Basis, "6150/TB-BLĐTBXH") {
			found = true
		}
	}
	if !found {
		t.Errorf("2025-05-02 swap missing: %+v", y.DaysOff)
	}
	y = apiYear{}
	e.JSON(t, "GET", "/api/v1/calendar/2027", "", nil, &y)
	if y.Official || y.Notice != "chưa có thông báo chính thức" || len(y.DaysOff) == 0 || y.Extra == nil {
		t.Errorf("2027 = %+v", y)
	}
}

// apiError is the JSON error envelope.
type apiError struct {
	Error struct{ Code, Message string }
}

func TestAPIBadInput(t *testing.T) {
	e := start(t)
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/api/v1/calendar/abcd", 400, "Năm \"abcd\" không hợp lệ"},
		{"/api/v1/calendar/1900", 400, "ngoài phạm vi"},
		{"/api/v1/calendar/lunar/2025-02-30", 400, "không hợp lệ"},
		{"/api/v1/calendar/lunar/20250101", 400, "YYYY-MM-DD"},
		{"/api/v1/calendar/lunar/1700-01-01", 400, "1800–2199"},
		{"/api/v1/calendar/solar?lunar=2025-3-10", 400, "YYYY-MM-DD"},
		{"/api/v1/calendar/solar", 400, "không hợp lệ"},
		{"/api/v1/calendar/solar?lunar=2024-04-01&leap=true", 400, "không có tháng nhuận"},
		{"/api/v1/calendar/solar?lunar=2025-05-01&leap=true", 400, "nhuận tháng 6"},
		{"/api/v1/calendar/solar?lunar=2025-12-30", 400, "chỉ có 29 ngày"},
		{"/api/v1/calendar/solar?lunar=2025-03-10&leap=maybe", 400, "leap"},
		{"/api/v1/calendar/deadline?start=2025-04-25T10:00:00%2B07:00&amount=3&unit=weeks", 400, "Đơn vị thời hạn không hợp lệ"},
		{"/api/v1/calendar/deadline?start=2025-04-25T10:00:00%2B07:00&amount=-1&unit=working_days", 400, "không được là số âm"},
		{"/api/v1/calendar/deadline?start=2025-04-25T10:00:00%2B07:00&amount=ba&unit=working_days", 400, "số nguyên"},
		{"/api/v1/calendar/deadline?start=25/04/2025&amount=3&unit=working_days", 400, "RFC 3339"},
		{"/api/v1/calendar/deadline?amount=3&unit=working_days", 400, "RFC 3339"},
		{"/api/v1/calendar/deadline?start=2025-04-25T10:00:00%2B07:00&amount=3&unit=working_days&cutoff=25:00", 400, "Giờ chốt"},
		{"/api/v1/calendar/deadline?start=2035-04-25T10:00:00%2B07:00&amount=3&unit=working_days", 400, "Năm 2035 chưa có dữ liệu"},
		{"/api/v1/calendar/deadline?start=2029-12-20T10:00:00%2B07:00&amount=30&unit=working_days", 400, "vượt quá phạm vi"},
		{"/api/v1/calendar/deadline?start=2025-04-25T10:00:00%2B07:00&amount=3&unit=working_days&agency=999.99.99.H99", 404, "Không tìm thấy cơ quan"},
	}
	for _, tt := range tests {
		var out apiError
		st := e.JSON(t, "GET", tt.path, "", nil, &out)
		if st != tt.status || !strings.Contains(out.Error.Message, tt.want) {
			t.Errorf("GET %s = %d %+v; want %d containing %q", tt.path, st, out, tt.status, tt.want)
		}
		if tt.status == 400 && out.Error.Code != "invalid" {
			t.Errorf("GET %s: code %q", tt.path, out.Error.Code)
		}
	}
}

func TestAPILunarSolar(t *testing.T) {
	e := start(t)
	var l struct {
		Solar string
		Lunar struct {
			Day, Month, Year int
			Leap             bool
		}
		CanChi string `json:"can_chi"`
		Text   string
	}
	if st := e.JSON(t, "GET", "/api/v1/calendar/lunar/2025-01-29", "", nil, &l); st != 200 {
		t.Fatalf("status %d", st)
	}
	if l.Solar != "2025-01-29" || l.Lunar.Day != 1 || l.Lunar.Month != 1 || l.Lunar.Year != 2025 || l.Lunar.Leap || l.CanChi != "Ất Tỵ" {
		t.Errorf("lunar = %+v", l)
	}
	e.JSON(t, "GET", "/api/v1/calendar/lunar/2025-08-01", "", nil, &l)
	if !l.Lunar.Leap || l.Lunar.Month != 6 || l.Text != "Mùng 8 tháng Sáu nhuận năm Ất Tỵ" {
		t.Errorf("leap month = %+v", l)
	}
	tests := map[string]string{
		"/api/v1/calendar/solar?lunar=2025-03-10":            "2025-04-07", // Giỗ Tổ 2025
		"/api/v1/calendar/solar?lunar=2026-01-01&leap=false": "2026-02-17", // Tết Bính Ngọ
		"/api/v1/calendar/solar?lunar=2025-06-01&leap=true":  "2025-07-25", // tháng 6 nhuận Ất Tỵ
		"/api/v1/calendar/solar?lunar=1985-01-01":            "1985-01-21",
	}
	for path, want := range tests {
		var s struct{ Solar string }
		if st := e.JSON(t, "GET", path, "", nil, &s); st != 200 || s.Solar != want {
			t.Errorf("GET %s = %d %q, want %q", path, st, s.Solar, want)
		}
	}
}

func TestAPIDeadline(t *testing.T) {
	e := start(t)
	type deadline struct {
		Start, Due     string
		EffectiveStart string `json:"effective_start"`
		OfficeHours    string `json:"office_hours"`
	}
	tests := []struct {
		query              string
		wantStart, wantDue string
	}{
		// Fri 25/4/2025 10:00 + 3 working days: Sat 26/4 (swap), Mon 28, Tue 29 → 10:00.
		{"start=2025-04-25T10:00:00%2B07:00&amount=3&unit=working_days", "2025-04-25T10:00:00+07:00", "2025-04-29T10:00:00+07:00"},
		// The same instant in UTC.
		{"start=2025-04-25T03:00:00Z&amount=3&unit=working_days", "2025-04-25T10:00:00+07:00", "2025-04-29T10:00:00+07:00"},
		// Fri 13/2/2026 15:30, cut-off 15:00: starts Mon 23/2 07:30, due Wed 25/2 17:00.
		{"start=2026-02-13T15:30:00%2B07:00&amount=3&unit=working_days&cutoff=15:00", "2026-02-23T07:30:00+07:00", "2026-02-25T17:00:00+07:00"},
		// 8 working hours from Fri 17/10/2025 14:00 → Mon 14:00.
		{"start=2025-10-17T14:00:00%2B07:00&amount=8&unit=working_hours", "2025-10-17T14:00:00+07:00", "2025-10-20T14:00:00+07:00"},
		// The provincial centre also opens Saturday morning (07:00–11:30,
		// 13:30–17:00 on weekdays): Fri 3 h (14:00–17:00) + Sat 4 h +
		// Mon 1 h (07:00–08:00) → Mon 08:00.
		{"start=2025-10-17T14:00:00%2B07:00&amount=8&unit=working_hours&agency=000.00.01.H27", "2025-10-17T14:00:00+07:00", "2025-10-20T08:00:00+07:00"},
		// 15 days from 20/4/2026 → Tue 5/5/2026, closing time.
		{"start=2026-04-20T09:00:00%2B07:00&amount=15&unit=days", "2026-04-20T09:00:00+07:00", "2026-05-05T17:00:00+07:00"},
		{"start=2025-07-31T10:00:00%2B07:00&amount=2&unit=months", "2025-07-31T10:00:00+07:00", "2025-09-30T17:00:00+07:00"},
	}
	for _, tt := range tests {
		var d deadline
		if st := e.JSON(t, "GET", "/api/v1/calendar/deadline?"+tt.query, "", nil, &d); st != 200 {
			t.Errorf("%s: status %d", tt.query, st)
			continue
		}
		if d.EffectiveStart != tt.wantStart || d.Due != tt.wantDue {
			t.Errorf("%s: start %s due %s; want %s, %s", tt.query, d.EffectiveStart, d.Due, tt.wantStart, tt.wantDue)
		}
	}
}

func TestPublicPages(t *testing.T) {
	e := start(t)
	c := e.Client()
	res, err := c.Get(e.URL + "/lich")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/lich/2026" {
		t.Errorf("/lich → %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	st, body := e.Get(t, nil, "/lich/2025")
	for _, want := range []string{"Lịch làm việc năm", "Ất Tỵ", "Tháng 4", "Ngày Chiến thắng (30/4)", "Làm bù", "6150/TB-BLĐTBXH", `<th scope="col">T2</th>`, "/lich/lich.css?v="} {
		if st != 200 || !strings.Contains(body, want) {
			t.Errorf("/lich/2025: status %d, missing %q", st, want)
		}
	}
	if strings.Contains(body, "chưa có thông báo chính thức") {
		t.Error("2025 is official")
	}
	_, body = e.Get(t, nil, "/lich/2027")
	if !strings.Contains(body, "chưa có thông báo chính thức") {
		t.Error("2027 banner missing")
	}
	// Today (21/11/2026) is highlighted; 24/11/2026 is off.
	_, body = e.Get(t, nil, "/lich/2026")
	if !strings.Contains(body, `class="weekend today"`) || !strings.Contains(body, "Ngày Văn hóa Việt Nam") {
		t.Error("2026 page: today or 24/11 missing")
	}
	if st, _ := e.Get(t, nil, "/lich/12"); st != 400 {
		t.Errorf("/lich/12 = %d", st)
	}
	if st, body := e.Get(t, nil, "/lich/lich.css"); st != 200 || !strings.Contains(body, ".cal-month") {
		t.Errorf("css = %d", st)
	}
	// English.
	_, body = e.Get(t, nil, "/lich/2025?lang=en")
	if !strings.Contains(body, "Days off") {
		t.Error("English page")
	}
}

func TestAdminEditsCalendar(t *testing.T) {
	e := start(t)
	adm := e.Login(t, "admin", "")
	st, body := e.Get(t, adm, "/quan-tri/lich")
	if st != 200 || !strings.Contains(body, "2026") || !strings.Contains(body, "Chính thức") {
		t.Fatalf("list: %d", st)
	}
	// Create 2027 (from the proposal) and add a swap pair.
	if st, loc, _ := e.Post(t, adm, "/quan-tri/lich/tao", url.Values{"year": {"2027"}}); st != 303 || loc != "/quan-tri/lich/2027?ok=tao" {
		t.Fatalf("create: %d %s", st, loc)
	}
	if st, _, body := e.Post(t, adm, "/quan-tri/lich/tao", url.Values{"year": {"2027"}}); st != 409 || !strings.Contains(body, "đã có") {
		t.Errorf("create twice: %d", st)
	}
	add := url.Values{"date": {"2027-04-30"}, "kind": {"holiday"}, "name": {"x"}}
	if st, _, body := e.Post(t, adm, "/quan-tri/lich/2027/ngay", add); st != 409 || !strings.Contains(body, "đã có trong lịch") {
		t.Errorf("duplicate day: %d", st)
	}
	add = url.Values{"date": {"2027-09-06"}, "kind": {"swap_off"}, "name": {"Nghỉ hoán đổi (làm bù thứ Bảy 11/9/2027)"}, "basis": {"Thông báo giả định"}}
	if st, loc, _ := e.Post(t, adm, "/quan-tri/lich/2027/ngay", add); st != 303 || !strings.HasSuffix(loc, "ok=them") {
		t.Fatalf("add: %d %s", st, loc)
	}
	add = url.Values{"date": {"2027-09-08"}, "kind": {"swap_work"}, "name": {"Thứ Tư?"}}
	st, _, body = e.Post(t, adm, "/quan-tri/lich/2027/ngay", add)
	if st != 422 || !strings.Contains(body, "thứ Bảy hoặc Chủ nhật") || !strings.Contains(body, `value="2027-09-08"`) {
		t.Errorf("weekday worked: %d", st)
	}
	st, _, body = e.Post(t, adm, "/quan-tri/lich/2027/ngay", url.Values{"date": {"2026-09-08"}, "kind": {""}, "name": {""}})
	if st != 422 || !strings.Contains(body, `id="err-date"`) || !strings.Contains(body, `id="err-kind"`) || !strings.Contains(body, `id="err-name"`) {
		t.Errorf("field errors: %d", st)
	}
	e.Post(t, adm, "/quan-tri/lich/2027/ngay", url.Values{"date": {"2027-09-11"}, "kind": {"swap_work"}, "name": {"Làm bù cho ngày nghỉ 06/9/2027"}})
	if st, loc, _ := e.Post(t, adm, "/quan-tri/lich/2027/trang-thai", url.Values{"official": {"1"}, "note": {"Thông báo …"}}); st != 303 || !strings.HasSuffix(loc, "ok=trang-thai") {
		t.Errorf("status: %d %s", st, loc)
	}
	var y apiYear
	e.JSON(t, "GET", "/api/v1/calendar/2027", "", nil, &y)
	if !y.Official || len(y.Extra) != 1 || y.Extra[0].Date != "2027-09-11" {
		t.Errorf("2027 after edits = %+v", y)
	}
	// The deadline API sees the change at once: Fri 3/9/2027 is off
	// (proposed Quốc khánh), Mon 6/9 swapped off, Sat 11/9 worked.
	var d struct{ Due string }
	e.JSON(t, "GET", "/api/v1/calendar/deadline?start=2027-09-02T10:00:00%2B07:00&amount=3&unit=working_days", "", nil, &d)
	// Working days after Thu 2/9 (holiday: the clock starts Tue 7/9 07:30):
	// Tue 7, Wed 8, Thu 9 → Thu 9/9 17:00.
	if d.Due != "2027-09-09T17:00:00+07:00" {
		t.Errorf("due = %s", d.Due)
	}
	st, body = e.Get(t, adm, "/quan-tri/lich/2027")
	if st != 200 || !strings.Contains(body, "Nghỉ hoán đổi (làm bù thứ Bảy 11/9/2027)") || !strings.Contains(body, "/quan-tri/lich/2027/ngay/2027-09-06/xoa") {
		t.Errorf("year page: %d", st)
	}
	if st, loc, _ := e.Post(t, adm, "/quan-tri/lich/2027/ngay/2027-09-06/xoa", nil); st != 303 || !strings.HasSuffix(loc, "ok=xoa-ngay") {
		t.Errorf("remove: %d %s", st, loc)
	}
	// Export, change, import back.
	st, csvBody := e.Get(t, adm, "/quan-tri/lich/xuat?tu=2027&dang=csv")
	if st != 200 || !strings.Contains(csvBody, "2027,2027-09-11,work,swap_work,") {
		t.Fatalf("export csv: %d %s", st, csvBody)
	}
	st, jsonBody := e.Get(t, adm, "/quan-tri/lich/xuat?tu=2025&den=2026&dang=json")
	if st != 200 || !strings.Contains(jsonBody, `"year": 2026`) {
		t.Errorf("export json: %d", st)
	}
	csvBody = strings.Replace(csvBody, "2027,2027-09-11,work,swap_work,Làm bù cho ngày nghỉ 06/9/2027,", "2027,2027-09-18,work,swap_work,Làm bù (nhập từ CSV),", 1)
	if st, loc := upload(t, e, adm, "lich.csv", csvBody); st != 303 || loc != "/quan-tri/lich?ok=nhap" {
		t.Fatalf("import: %d %s", st, loc)
	}
	y = apiYear{}
	e.JSON(t, "GET", "/api/v1/calendar/2027", "", nil, &y)
	if len(y.Extra) != 1 || y.Extra[0].Date != "2027-09-18" {
		t.Errorf("after import: %+v", y.Extra)
	}
	if st, _ := upload(t, e, adm, "lich.csv", "a,b\n"); st != 422 {
		t.Errorf("bad import: %d", st)
	}
	// Delete the year: back to the proposal.
	if st, loc, _ := e.Post(t, adm, "/quan-tri/lich/2027/xoa", nil); st != 303 || loc != "/quan-tri/lich?ok=xoa" {
		t.Errorf("delete: %d %s", st, loc)
	}
	// Every change is in the audit log.
	var n int
	e.App.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE entity = 'calendar_year' AND actor = 'admin'`).Scan(&n)
	if n != 7 { // create, add, add, status, remove, import, delete
		t.Errorf("audit entries by admin = %d, want 7", n)
	}
}

func TestAdminAccess(t *testing.T) {
	e := start(t)
	// Anonymous: sign-in page for GET, 401 for POST.
	res, err := e.Client().Get(e.URL + "/quan-tri/lich")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 303 || !strings.HasPrefix(res.Header.Get("Location"), "/dang-nhap") {
		t.Errorf("anonymous GET = %d", res.StatusCode)
	}
	if st, _, _ := e.Post(t, nil, "/quan-tri/lich/tao", url.Values{"year": {"2027"}}); st != 401 {
		t.Errorf("anonymous POST = %d", st)
	}
	// A one-stop officer is not an administrator.
	officer := e.Login(t, "motcua.tinh1", "")
	if st, _ := e.Get(t, officer, "/quan-tri/lich"); st != 403 {
		t.Errorf("officer GET = %d", st)
	}
	// An administrator of a department may look but not edit.
	ctx := context.Background()
	dept, err := e.App.Agencies.ByCode(ctx, "000.00.10.H27")
	if err != nil {
		t.Fatal(err)
	}
	u := &account.User{Username: "qt.stp", FullName: "Quản trị Sở Tư pháp", AgencyID: dept.ID, Roles: []account.Role{account.RoleAdministrator}}
	if err := e.App.Accounts.Create(ctx, audit.System, u, "Quantri@2026-stp"); err != nil {
		t.Fatal(err)
	}
	sub := e.Login(t, "qt.stp", "Quantri@2026-stp")
	if st, body := e.Get(t, sub, "/quan-tri/lich"); st != 200 || !strings.Contains(body, "Bạn chỉ được xem") || strings.Contains(body, `action="/quan-tri/lich/nhap"`) {
		t.Errorf("department admin GET = %d", st)
	}
	if st, _, body := e.Post(t, sub, "/quan-tri/lich/tao", url.Values{"year": {"2027"}}); st != 403 || !strings.Contains(body, "cấp tỉnh") {
		t.Errorf("department admin POST = %d", st)
	}
}

func upload(t *testing.T, e *apptest.Env, c *http.Client, name, content string) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	io.WriteString(fw, content)
	mw.Close()
	req, _ := http.NewRequest("POST", e.URL+"/quan-tri/lich/nhap", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode, res.Header.Get("Location")
}

// The API and an administrator's edit on PostgreSQL (skipped unless
// MOTCUA_TEST_DATABASE_URL is set).
func TestOnPostgres(t *testing.T) {
	e := apptest.Start(t, apptest.Options{Postgres: true, Now: clock})
	var d struct{ Due string }
	if st := e.JSON(t, "GET", "/api/v1/calendar/deadline?start=2025-04-25T10:00:00%2B07:00&amount=3&unit=working_days", "", nil, &d); st != 200 || d.Due != "2025-04-29T10:00:00+07:00" {
		t.Errorf("deadline = %d %s", st, d.Due)
	}
	adm := e.Login(t, "admin", "")
	if st, _, _ := e.Post(t, adm, "/quan-tri/lich/tao", url.Values{"year": {"2027"}}); st != 303 {
		t.Fatalf("create: %d", st)
	}
	if st, _, _ := e.Post(t, adm, "/quan-tri/lich/2027/ngay", url.Values{"date": {"2027-12-31"}, "kind": {"bridge"}, "name": {"Nghỉ thêm"}}); st != 303 {
		t.Fatalf("add: %d", st)
	}
	var y apiYear
	e.JSON(t, "GET", "/api/v1/calendar/2027", "", nil, &y)
	if n := len(y.DaysOff); n == 0 || y.DaysOff[n-1].Date != "2027-12-31" {
		t.Errorf("2027 = %+v", y.DaysOff)
	}
}
