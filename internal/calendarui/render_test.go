package calendarui

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/calendarsvc"
	"github.com/motcua/motcua/internal/web"
)

// TestRenderEveryTemplate renders each page of the module with fixture data,
// in Vietnamese and English, with and without field errors.
func TestRenderEveryTemplate(t *testing.T) {
	pages := mustPages()
	today := calendar.NewDate(2026, 11, 21)
	y25, _ := calendar.Official(2025)
	p27, _ := calendar.Propose(2027)
	me := &account.Principal{UserID: 1, Username: "admin", FullName: "Quản trị hệ thống", AgencyPath: "/1/", Roles: []account.Role{account.RoleAdministrator}}
	stored := adminYearData{YearPage: buildYear(y25, today), Stored: true, CanEdit: true, Status: "Chính thức", Badge: "ok",
		Kinds: []kindOption{{Value: "holiday", Label: "Nghỉ: Ngày lễ, tết"}, {Value: "swap_work", Label: "Làm việc: Làm bù", Selected: true}}}
	proposal := adminYearData{YearPage: buildYear(p27, today), Source: "proposal", CanEdit: true, Status: "Đề xuất tự động (chưa có thông báo chính thức)", Badge: "warn"}
	list := adminListData{CanEdit: true, ThisYr: 2026, CSS: CSSURL, Years: []yearRow{
		{YearInfo: calendarsvc.YearInfo{Year: 2027, DaysOff: 15}, Status: "Đề xuất tự động (chưa có thông báo chính thức)", Badge: "warn"},
		{YearInfo: calendarsvc.YearInfo{Year: 2026, Stored: true, Official: true, DaysOff: 15, Extra: 2, UpdatedAt: time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC)}, Status: "Chính thức", Badge: "ok"},
	}}
	cases := []struct {
		name string
		data any
		form url.Values
		errs map[string]string
		want []string
	}{
		{"calendar_year", buildYear(y25, today), nil, nil,
			[]string{"Ất Tỵ", `id="thang-4"`, "Làm bù", "Ngày Chiến thắng (30/4)", "6150/TB-BLĐTBXH", "/lich/2024", "/lich/2026", `<span class="lun" aria-hidden="true">1/4</span>`}},
		{"calendar_year", buildYear(p27, today), nil, nil, []string{"chưa có thông báo chính thức", "Đinh Mùi"}},
		{"calendar_admin", list, url.Values{"year": {"x"}}, map[string]string{"year": "Năm \"x\" không hợp lệ"},
			[]string{`action="/quan-tri/lich/tao"`, `enctype="multipart/form-data"`, "năm nay", "/quan-tri/lich/2027", "09:00 01/11/2026"}},
		{"calendar_admin", adminListData{ThisYr: 2026}, nil, nil, []string{"Bạn chỉ được xem"}},
		{"calendar_admin_year", stored, url.Values{"date": {"2025-04-28"}, "kind": {"swap_work"}}, map[string]string{"day": "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.", "name": "Vui lòng nhập tên ngày."},
			[]string{`action="/quan-tri/lich/2025/ngay"`, "/quan-tri/lich/2025/ngay/2025-05-02/xoa", `value="2025-04-28"`, `value="swap_work" selected`, "checked", "/quan-tri/lich/2025/xoa"}},
		{"calendar_admin_year", proposal, nil, nil, []string{"chưa có lịch riêng", `name="year" value="2027"`}},
	}
	rendered := map[string]bool{}
	for _, tc := range cases {
		for _, lang := range []string{"vi", "en"} {
			v := &web.View{Title: tc.name, Lang: lang, User: me, SiteName: "motcua", Path: "/x", Data: tc.data, Form: tc.form, Errors: tc.errs}
			rec := httptest.NewRecorder()
			pages.Render(rec, 200, tc.name, v)
			body := rec.Body.String()
			for _, bad := range []string{"<no value>", "%!", "ZgotmplZ"} {
				if strings.Contains(body, bad) {
					t.Errorf("%s/%s: output contains %q", tc.name, lang, bad)
				}
			}
			if lang == "vi" {
				for _, w := range tc.want {
					if !strings.Contains(body, w) {
						t.Errorf("%s: missing %q", tc.name, w)
					}
				}
			}
			for field := range tc.errs {
				if !strings.Contains(body, `id="err-`+field+`"`) {
					t.Errorf("%s/%s: no error shown for %s", tc.name, lang, field)
				}
			}
		}
		rendered[tc.name] = true
	}
	for _, n := range pages.Names() {
		if !rendered[n] {
			t.Errorf("template %s is not rendered by this test", n)
		}
	}
}

func TestMonthGrid(t *testing.T) {
	y, _ := calendar.Official(2025)
	p := buildYear(y, calendar.NewDate(2025, 4, 30))
	apr := p.Months[3]
	// April 2025 starts on a Tuesday: one padding cell, then 1/4.
	if apr.Weeks[0][0].Day != 0 || apr.Weeks[0][1].Day != 1 {
		t.Errorf("first week of April: %+v", apr.Weeks[0])
	}
	var got []string
	for _, w := range apr.Weeks {
		for _, c := range w {
			if c.Status == "off" || c.Status == "work" || c.Today {
				got = append(got, c.Date+" "+c.Status+" "+c.Tag)
			}
		}
	}
	want := "2025-04-07 off Nghỉ,2025-04-26 work Làm bù,2025-04-30 off Nghỉ"
	if strings.Join(got, ",") != want {
		t.Errorf("April 2025 marks = %v", got)
	}
	// The lunar month 6 nhuận of 2025 begins on 25/7.
	for _, w := range p.Months[6].Weeks {
		for _, c := range w {
			if c.Date == "2025-07-25" && c.Lunar != "1/6n" {
				t.Errorf("25/7/2025 lunar = %q", c.Lunar)
			}
		}
	}
}
