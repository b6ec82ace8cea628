package calendarui_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAPIErrorLanguage: the calendar API answers its errors in the
// request's language (?lang=en or the lang cookie) — a format translated,
// then filled with its values — and in unchanged Vietnamese otherwise.
func TestAPIErrorLanguage(t *testing.T) {
	e := start(t)
	const badStart = "/api/v1/calendar/deadline?start=bad&amount=3&unit=working_days"
	tests := []struct {
		path, cookie string
		status       int
		want         string
		field, fmsg  string // a field error expected with the message
	}{
		{badStart, "", 400, "Thời điểm bắt đầu (start) phải theo RFC 3339, ví dụ 2025-04-25T10:00:00+07:00.",
			"start", "Thời điểm bắt đầu (start) phải theo RFC 3339, ví dụ 2025-04-25T10:00:00+07:00."},
		{badStart + "&lang=vi", "en", 400, "Thời điểm bắt đầu (start) phải theo RFC 3339, ví dụ 2025-04-25T10:00:00+07:00.", "", ""},
		{badStart + "&lang=en", "", 400, "The start time (start) must follow RFC 3339, e.g. 2025-04-25T10:00:00+07:00.",
			"start", "The start time (start) must follow RFC 3339, e.g. 2025-04-25T10:00:00+07:00."},
		{badStart, "en", 400, "The start time (start) must follow RFC 3339, e.g. 2025-04-25T10:00:00+07:00.", "", ""},
		// Formats with values.
		{"/api/v1/calendar/abcd?lang=en", "", 400, `Invalid year "abcd" (4 digits are needed, e.g. 2026).`, "", ""},
		{"/api/v1/calendar/abcd", "", 400, `Năm "abcd" không hợp lệ (cần 4 chữ số, ví dụ 2026).`, "", ""},
		{"/api/v1/calendar/deadline?start=2035-04-25T10:00:00%2B07:00&amount=3&unit=working_days&lang=en", "", 400,
			"There is no working calendar for 2035 yet", "", ""},
		{"/api/v1/calendar/deadline?start=2025-04-25T10:00:00%2B07:00&amount=3&unit=working_days&agency=999.99.99.H99&lang=en", "", 404,
			"Agency not found.", "", ""},
		// A lunar month: its Vietnamese name, its number in English.
		{"/api/v1/calendar/solar?lunar=2025-12-30", "", 400, "Tháng Chạp năm âm lịch 2025 chỉ có 29 ngày.", "", ""},
		{"/api/v1/calendar/solar?lunar=2025-12-30&lang=en", "", 400, "Month 12 of lunar year 2025 has only 29 days.", "", ""},
		{"/api/v1/calendar/solar?lunar=2025-05-01&leap=true&lang=en", "", 400,
			"Lunar year 2025 (Ất Tỵ) has no leap month 5 (its leap month is 6).", "", ""},
	}
	for _, tc := range tests {
		req, _ := http.NewRequest("GET", e.URL+tc.path, nil)
		if tc.cookie != "" {
			req.AddCookie(&http.Cookie{Name: "lang", Value: tc.cookie})
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			Error struct {
				Code, Message string
				Fields        map[string]string
			}
		}
		json.NewDecoder(res.Body).Decode(&out)
		res.Body.Close()
		if res.StatusCode != tc.status || !strings.HasPrefix(out.Error.Message, tc.want) {
			t.Errorf("GET %s (cookie %q) = %d %q, want %d %q", tc.path, tc.cookie, res.StatusCode, out.Error.Message, tc.status, tc.want)
		}
		if tc.field != "" && out.Error.Fields[tc.field] != tc.fmsg {
			t.Errorf("GET %s: field %s = %q, want %q", tc.path, tc.field, out.Error.Fields[tc.field], tc.fmsg)
		}
	}
}

// TestAdminErrorLanguage: a failed change on the administration pages shows
// its message, values included, in the page language.
func TestAdminErrorLanguage(t *testing.T) {
	e := start(t)
	adm := e.Login(t, "admin", "")
	if st, _, _ := e.Post(t, adm, "/quan-tri/lich/tao", url.Values{"year": {"2027"}}); st != 303 {
		t.Fatalf("create: %d", st)
	}
	worked := url.Values{"date": {"2027-09-08"}, "kind": {"swap_work"}, "name": {"Thứ Tư?"}}
	// ?lang= also sets the language cookie of the client: both are explicit.
	for _, tc := range [][2]string{
		{"/quan-tri/lich/2027/ngay?lang=en", "An extra working day must be a Saturday or a Sunday (08/09/2027 is a Wednesday)."},
		{"/quan-tri/lich/2027/ngay?lang=vi", "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật (08/09/2027 là Thứ Tư)."},
	} {
		path, want := tc[0], tc[1]
		st, _, body := e.Post(t, adm, path, worked)
		if st != 422 || !strings.Contains(html.UnescapeString(body), want) {
			t.Errorf("POST %s = %d, want 422 with %q", path, st, want)
		}
	}
	for _, tc := range [][2]string{
		{"/quan-tri/lich/tao?lang=en", "The calendar of 2027 already exists."},
		{"/quan-tri/lich/tao?lang=vi", "Lịch năm 2027 đã có."},
	} {
		path, want := tc[0], tc[1]
		st, _, body := e.Post(t, adm, path, url.Values{"year": {"2027"}})
		if st != 409 || !strings.Contains(html.UnescapeString(body), want) {
			t.Errorf("POST %s = %d, want 409 with %q", path, st, want)
		}
	}
}
