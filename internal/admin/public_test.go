package admin_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/motcua/motcua/internal/app/apptest"
)

// TestPublicAgencies: the agency list and pages, and the API, are public and
// publish officers on duty by name, title and phone only (ND 118 Đ9.8).
func TestPublicAgencies(t *testing.T) {
	e := apptest.Start(t)
	st, body := e.Get(t, nil, "/co-quan")
	d := parse(t, body)
	if st != 200 || d.Find("ul.results > li").Length() != 50 {
		t.Fatalf("/co-quan = %d, %d agencies", st, d.Find("ul.results > li").Length())
	}
	if d.Find(`nav a[href="/co-quan"]`).Length() != 1 {
		t.Error("menu item Cơ quan missing")
	}
	for _, want := range []string{"Thứ Hai – Thứ Sáu: 07:00–11:30, 13:30–17:00", "Thứ Bảy: 07:30–11:30", "Thứ Hai – Thứ Sáu: 07:30–11:30, 13:00–17:00", "0239 3600 555"} {
		if !strings.Contains(body, want) {
			t.Errorf("/co-quan lacks %q", want)
		}
	}
	// Accent-insensitive search.
	_, body = e.Get(t, nil, "/co-quan?q=thach+khe")
	if d := parse(t, body); d.Find("ul.results > li").Length() != 5 || !strings.Contains(body, "TTPVHCC xã Thạch Khê") && !strings.Contains(body, "Thạch Khê") {
		t.Fatalf("search: %d results", d.Find("ul.results > li").Length())
	}

	st, body = e.Get(t, nil, "/co-quan/000.00.01.H27")
	d = parse(t, body)
	if st != 200 {
		t.Fatalf("centre page = %d", st)
	}
	var names []string
	d.Find("section table tbody th").Each(func(_ int, s *goquery.Selection) { names = append(names, s.Text()) })
	sort.Strings(names)
	if want := []string{"Lê Văn Quang", "Nguyễn Thị Hồng", "Trần Thị Mai"}; !slices.Equal(names, want) { // motcua.tinh4 is off duty
		t.Fatalf("officers on duty %v, want %v", names, want)
	}
	if !strings.Contains(body, "Công chức Sở Tư pháp làm việc tại Trung tâm") || !strings.Contains(body, `href="tel:02393600561"`) {
		t.Fatal("officer title and phone must be public")
	}
	for _, private := range []string{"motcua.tinh1", "hatinh.gov.vn.example\">motcua", "motcua.tinh1@", "argon2", "one_stop_officer", "Võ Thị Kim Oanh"} {
		if strings.Contains(body, private) {
			t.Errorf("public page leaks %q", private)
		}
	}
	if st, _ := e.Get(t, nil, "/co-quan/999.99.99.H27"); st != http.StatusNotFound {
		t.Fatalf("unknown agency = %d", st)
	}
	_, body = e.Get(t, nil, "/co-quan/000.00.01.H27?lang=en")
	if !strings.Contains(body, "Monday – Friday: 07:00–11:30, 13:30–17:00") || !strings.Contains(body, "One-stop officer on duty") {
		t.Fatal("English agency page")
	}

	// API shapes.
	st, raw := e.Raw(t, "GET", "/api/v1/agencies", "", nil, nil)
	var list struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(raw, &list); err != nil || st != 200 || len(list.Items) != 50 {
		t.Fatalf("GET /api/v1/agencies = %d, %d items, %v", st, len(list.Items), err)
	}
	wantKeys := []string{"address", "code", "email", "kind", "name", "office_hours", "parent", "phone", "short_name"}
	for _, it := range list.Items {
		var keys []string
		for k := range it {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if !slices.Equal(keys, wantKeys) {
			t.Fatalf("item keys %v, want %v", keys, wantKeys)
		}
	}
	if it := list.Items[0]; it["code"] != "000.00.00.H27" || it["parent"] != "" || it["kind"] != "province" || it["office_hours"] != "Mon-Fri 07:30-11:30,13:00-17:00" {
		t.Fatalf("first item %v", it)
	}
	st, raw = e.Raw(t, "GET", "/api/v1/agencies/000.00.01.H27", "", nil, nil)
	var one map[string]json.RawMessage
	if err := json.Unmarshal(raw, &one); err != nil || st != 200 {
		t.Fatalf("GET /api/v1/agencies/{code} = %d %v", st, err)
	}
	var officers []map[string]string
	json.Unmarshal(one["officers_on_duty"], &officers)
	if len(officers) != 3 || len(one) != len(wantKeys)+1 {
		t.Fatalf("detail %s", raw)
	}
	for _, o := range officers {
		if len(o) != 3 || o["full_name"] == "" || o["title"] == "" || o["phone"] == "" {
			t.Fatalf("officer %v: want exactly full_name, title, phone", o)
		}
	}
	for _, private := range []string{"username", "motcua.tinh1", "role", "password"} {
		if strings.Contains(string(raw), private) {
			t.Errorf("API leaks %q", private)
		}
	}
	if strings.Contains(string(raw), "motcua.tinh1@") {
		t.Error("API leaks an officer's e-mail")
	}
	// A non-one-stop agency: an empty list, not null.
	st, raw = e.Raw(t, "GET", "/api/v1/agencies/000.00.10.H27", "", nil, nil)
	if st != 200 || !strings.Contains(string(raw), `"officers_on_duty":[]`) {
		t.Fatalf("department detail = %d %s", st, raw)
	}
	var errBody struct{ Error struct{ Code string } }
	if st := e.JSON(t, "GET", "/api/v1/agencies/khong-co", "", nil, &errBody); st != 404 || errBody.Error.Code != "not_found" {
		t.Fatalf("unknown agency API = %d %+v", st, errBody)
	}
	// Deactivated agencies are not public.
	admin := e.Login(t, "admin", "")
	if st, _, _ := e.Post(t, admin, "/quan-tri/co-quan/005.04.00.H27/ngung", url.Values{}); st != http.StatusSeeOther {
		t.Fatalf("deactivate = %d", st)
	}
	if st := e.JSON(t, "GET", "/api/v1/agencies/005.04.00.H27", "", nil, nil); st != 404 {
		t.Fatalf("inactive agency API = %d", st)
	}
	e.JSON(t, "GET", "/api/v1/agencies", "", nil, &list)
	if len(list.Items) != 49 {
		t.Fatalf("after deactivation: %d items", len(list.Items))
	}
}

// TestAuditVerifyReportsTampering edits an entry behind the triggers' back
// (SQLite only: drop the trigger) and expects the viewer to name it.
func TestAuditVerifyReportsTampering(t *testing.T) {
	e := apptest.Start(t)
	ctx := context.Background()
	if _, err := e.App.DB.Exec(ctx, `DROP TRIGGER audit_log_no_update`); err != nil {
		t.Fatal(err)
	}
	if _, err := e.App.DB.Exec(ctx, `UPDATE audit_log SET actor = 'ke-gian' WHERE seq = 3`); err != nil {
		t.Fatal(err)
	}
	admin := e.Login(t, "admin", "")
	st, _, body := e.Post(t, admin, "/quan-tri/nhat-ky/kiem-tra", nil)
	if st != 200 || !strings.Contains(body, "Chuỗi nhật ký bị phá vỡ tại mục") || !strings.Contains(body, "#3.") || !strings.Contains(body, "mục đã bị sửa") {
		t.Fatalf("tampered chain = %d", st)
	}
}
