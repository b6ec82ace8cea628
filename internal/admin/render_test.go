package admin

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/web"
)

// TestRenderEveryTemplate renders each page of the module with fixture data,
// in Vietnamese and English, with and without field errors.
func TestRenderEveryTemplate(t *testing.T) {
	h := &Handler{pages: web.MustPages(templateFS, "templates/*.html")}
	now := time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC)
	root := &agency.Agency{ID: 1, Code: "000.00.00.H27", Name: "Ủy ban nhân dân tỉnh Hà Tĩnh", ShortName: "UBND tỉnh", Kind: agency.KindProvince, Path: "/1/", Active: true}
	centre := &agency.Agency{ID: 2, Code: "000.00.01.H27", Name: "Trung tâm Phục vụ hành chính công tỉnh", Kind: agency.KindCenter, ParentID: 1, ParentCode: root.Code,
		Path: "/1/2/", Address: "Số 02A Nguyễn Chí Thanh", Phone: "0239 3600 555", Email: "ttpvhcc@example.vn", OfficeHours: "Mon-Fri 07:00-11:30,13:30-17:00; Sat 07:30-11:30", Depth: 1, Active: true}
	user := &account.User{ID: 5, Username: "motcua.tinh1", FullName: "Nguyễn Thị Hoa", Title: "Công chức một cửa", Phone: "0912 345 678", Email: "hoa@example.vn",
		AgencyID: 2, AgencyCode: centre.Code, AgencyName: centre.Name, Roles: []account.Role{account.RoleOneStopOfficer}, Active: true, OnDuty: true}
	me := &account.Principal{UserID: 1, Username: "admin", FullName: "Quản trị hệ thống", AgencyID: 1, AgencyCode: root.Code, AgencyPath: "/1/", Roles: []account.Role{account.RoleAdministrator}}
	opts := []option{{Value: root.Code, Label: root.Name}, {Value: centre.Code, Label: centre.Name, Depth: 1, Selected: true}}
	detail, _ := json.Marshal(map[string]any{"before": map[string]any{"name": "A", "active": true}, "after": map[string]any{"name": "B", "active": true}, "client": "127.0.0.1"})
	changes, other := describeDetail(detail)
	pub := toPublic(centre, "vi", map[string]string{root.Code: root.Name})

	cases := []struct {
		name string
		data any
		form url.Values
		errs map[string]string
		want []string
	}{
		{"admin_home", homeData{Tiles: []tile{{Href: "/quan-tri/co-quan", Label: "Cơ quan, đơn vị", Desc: "Cây cơ quan, đơn vị: mã định danh, địa chỉ, giờ làm việc."}}}, nil, nil,
			[]string{`href="/quan-tri/co-quan"`}},
		{"agency_list", agencyListData{Rows: []agencyRow{{Agency: root, KindLabel: root.Kind.Label(), Own: true, Indent: indentClass(0)},
			{Agency: centre, KindLabel: centre.Kind.Label(), Indent: indentClass(1)}}}, nil, nil,
			[]string{"000.00.01.H27", "adm-depth-1", `<th scope="col">`}},
		{"agency_form", agencyFormData{Kinds: []option{{Value: "center", Label: agency.KindCenter.Label(), Selected: true}}, Parents: opts, DefaultHours: DefaultOfficeHours},
			url.Values{"name": {"X"}, "code": {"bad"}}, map[string]string{"code": "Mã định danh phải gồm các nhóm chữ/số cách nhau bởi dấu chấm, ví dụ 000.00.01.H27.", "parent": "Vui lòng chọn cơ quan cấp trên."},
			[]string{`aria-describedby="hint-code err-code"`, `id="err-parent"`, `action="/quan-tri/co-quan"`}},
		{"agency_form", agencyFormData{Agency: centre, Kinds: []option{{Value: "center", Label: "x"}}, Parents: opts, Children: 1}, agencyForm(centre), nil,
			[]string{"/quan-tri/co-quan/000.00.01.H27/ngung", "Mon-Fri 07:00-11:30"}},
		{"agency_form", agencyFormData{Agency: root, Own: true, ParentFixed: "—"}, agencyForm(root), nil, []string{"không thể đổi cơ quan cấp trên"}},
		{"user_list", userListData{Agencies: opts, Roles: []option{{Value: "specialist", Label: "Chuyên viên"}}, Rows: []userRow{{User: user, RoleLabels: roleLabels(user.Roles)}},
			Total: 1, Page: 1, NextURL: "/quan-tri/nguoi-dung?trang=2"}, url.Values{"q": {"hoa"}}, nil,
			[]string{"Nguyễn Thị Hoa", "motcua.tinh1", `rel="next"`}},
		{"user_form", userFormData{Agencies: opts, Roles: []option{{Value: "specialist", Label: "Chuyên viên"}}}, url.Values{"username": {"Bad Name"}},
			map[string]string{"username": "Tên đăng nhập đã tồn tại.", "roles": "Vui lòng chọn ít nhất một vai trò.", "password": "Mật khẩu phải có ít nhất 10 ký tự."},
			[]string{`aria-describedby="hint-username err-username"`, `id="err-roles"`, `id="err-password"`, `name="password_again"`}},
		{"user_form", userFormData{User: user, Agencies: opts, Roles: []option{{Value: "one_stop_officer", Label: "Công chức Một cửa", Selected: true}}}, userForm(user), nil,
			[]string{"/quan-tri/nguoi-dung/motcua.tinh1/ngung", "/quan-tri/nguoi-dung/motcua.tinh1/mat-khau", "checked"}},
		{"user_form", userFormData{User: user, Self: true, Roles: []option{{Value: "one_stop_officer", Label: "Công chức Một cửa", Selected: true}}}, userForm(user),
			map[string]string{"roles": "Bạn không thể tự thay đổi vai trò của mình."},
			[]string{`type="hidden" name="roles" value="one_stop_officer"`, "Bạn không thể tự thay đổi vai trò"}},
		{"user_password", userPasswordData{User: user}, nil, map[string]string{"new_password": "Mật khẩu phải có ít nhất 10 ký tự."},
			[]string{`id="err-new_password"`, "motcua.tinh1/mat-khau"}},
		{"audit_list", auditListData{Rows: []auditRow{{Entry: audit.Entry{Seq: 7, At: now, Actor: audit.Actor{Name: "admin", Kind: "staff"}, Action: "agency.update",
			Entity: "agency", EntityKey: centre.Code}, ActionLabel: ActionNames["agency.update"], AgencyName: centre.Name, Changes: changes, Other: other}},
			OlderURL: "/quan-tri/nhat-ky?truoc=7", Verify: &verifyResult{OK: true, Count: 7}}, url.Values{}, nil,
			[]string{"#7", "15:30 02/03/2026", "Cập nhật cơ quan</strong> <code>agency.update</code>", "adm-changed", "127.0.0.1", "Chuỗi nhật ký toàn vẹn"}},
		{"audit_list", auditListData{Verify: &verifyResult{BrokenAt: 3, Reason: breakReason("content does not match its hash (entry was modified)"), Detail: "content"}},
			url.Values{"tu": {"x"}}, map[string]string{"tu": "Ngày không hợp lệ; nhập theo dạng năm-tháng-ngày, ví dụ 2026-01-31."},
			[]string{"#3", "mục đã bị sửa", `id="err-tu"`}},
		{"public_agency_list", publicListData{Rows: []publicAgency{pub}}, nil, nil,
			[]string{"Thứ Hai – Thứ Sáu: 07:00–11:30, 13:30–17:00", "Thứ Bảy: 07:30–11:30", `href="tel:02393600555"`}},
		{"public_agency_show", publicShowData{publicAgency: pub, ParentCode: root.Code, OneStop: true,
			Officers: []Officer{{FullName: user.FullName, Title: user.Title, Phone: user.Phone}}}, nil, nil,
			[]string{"Nguyễn Thị Hoa", `href="tel:0912345678"`, "Cán bộ trực Bộ phận Một cửa", `href="/co-quan/000.00.00.H27"`}},
		{"public_agency_show", publicShowData{publicAgency: pub, OneStop: true}, nil, nil, []string{"Chưa công bố cán bộ trực."}},
	}
	rendered := map[string]bool{}
	for _, tc := range cases {
		for _, lang := range []string{"vi", "en"} {
			v := &web.View{Title: tc.name, Lang: lang, User: me, SiteName: "motcua", Path: "/x", Data: tc.data, Form: tc.form, Errors: tc.errs}
			rec := httptest.NewRecorder()
			h.pages.Render(rec, 200, tc.name, v)
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
	for _, n := range h.pages.Names() {
		if !rendered[n] {
			t.Errorf("template %s is not rendered by this test", n)
		}
	}
	if !slices.Contains(h.pages.Names(), "audit_list") {
		t.Fatal("pages not loaded")
	}
}

func TestDescribeDetail(t *testing.T) {
	changes, other := describeDetail(json.RawMessage(`{"before":{"name":"A","n":1},"after":{"name":"B","n":1,"roles":["x"]}}`))
	if other != "" || len(changes) != 3 {
		t.Fatalf("changes %+v other %q", changes, other)
	}
	want := []fieldChange{{Field: "n", Before: "1", After: "1"}, {Field: "name", Before: "A", After: "B", Changed: true}, {Field: "roles", After: `["x"]`, Changed: true}}
	if !slices.Equal(changes, want) {
		t.Fatalf("got %+v\nwant %+v", changes, want)
	}
	changes, other = describeDetail(json.RawMessage(`{"client":"1.2.3.4"}`))
	if changes != nil || !strings.Contains(other, `"client": "1.2.3.4"`) {
		t.Fatalf("other detail: %+v %q", changes, other)
	}
	if changes, other = describeDetail(json.RawMessage(`{}`)); changes != nil || other != "" {
		t.Fatalf("empty detail: %+v %q", changes, other)
	}
	// Only "after" (a creation): rows without a "changed" mark.
	changes, _ = describeDetail(json.RawMessage(`{"after":{"name":"A"}}`))
	if len(changes) != 1 || changes[0].Changed || changes[0].After != "A" {
		t.Fatalf("creation: %+v", changes)
	}
}
