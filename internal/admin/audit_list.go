package admin

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/web"
)

// auditPerPage is the page size of the audit viewer.
const auditPerPage = 50

type auditListData struct {
	Rows     []auditRow
	NewerURL string
	OlderURL string
	Latest   string // link back to the newest entries when paging
	Verify   *verifyResult
}

type auditRow struct {
	audit.Entry
	ActionLabel string // Vietnamese name of known actions
	AgencyName  string
	Changes     []fieldChange // from a {"before":…,"after":…} detail
	Other       string        // the rest of the detail, indented JSON
}

// fieldChange is one field of a before/after detail.
type fieldChange struct {
	Field, Before, After string
	Changed              bool
}

type verifyResult struct {
	OK       bool
	Count    int64
	BrokenAt int64
	Reason   string // Vietnamese
	Detail   string // the technical reason from audit.Verify
}

// auditFilterFields are the query parameters of the viewer.
var auditFilterFields = []string{"doi-tuong", "ma", "hanh-dong", "nguoi", "tu", "den"}

func (h *Handler) handleAuditList(w http.ResponseWriter, r *http.Request) {
	h.auditPage(w, r, nil)
}

// handleAuditVerify walks the whole hash chain (audit.Verify) and shows the
// result above the newest entries. It is a POST because it reads every entry.
func (h *Handler) handleAuditVerify(w http.ResponseWriter, r *http.Request) {
	if _, err := web.Form(w, r); err != nil {
		h.srv.Error(w, r, err)
		return
	}
	n, err := audit.Verify(r.Context(), h.db)
	res := &verifyResult{OK: err == nil, Count: n}
	var br *audit.Break
	if errors.As(err, &br) {
		res.BrokenAt, res.Detail, res.Reason = br.Seq, br.Reason, breakReason(br.Reason)
	} else if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	h.auditPage(w, r, res)
}

// ActionNames names, in Vietnamese, every action written to the audit log
// anywhere in the application (English in i18n.go). TestAuditActionsHaveNames
// in internal/app fails when an action is recorded without a name here.
var ActionNames = map[string]string{
	"agency.create":                     "Tạo cơ quan",
	"agency.update":                     "Cập nhật cơ quan",
	"user.create":                       "Tạo người dùng",
	"user.update":                       "Cập nhật người dùng",
	"user.password":                     "Đặt mật khẩu",
	"login.fail":                        "Đăng nhập không thành công",
	"field.create":                      "Thêm lĩnh vực thủ tục",
	"field.update":                      "Cập nhật lĩnh vực thủ tục",
	"catalog.import":                    "Nhập danh mục thủ tục",
	"procedure.create":                  "Thêm thủ tục hành chính",
	"procedure.update":                  "Cập nhật thủ tục hành chính",
	"procedure.retire":                  "Bãi bỏ thủ tục hành chính",
	"process.set":                       "Lưu quy trình nội bộ",
	"process.reset":                     "Dùng lại quy trình mặc định",
	"calendar.seed":                     "Nạp lịch làm việc mặc định",
	"calendar.year_create":              "Tạo lịch năm",
	"calendar.year_import":              "Nhập lịch năm từ tệp",
	"calendar.year_status":              "Đổi trạng thái lịch năm",
	"calendar.year_delete":              "Xóa lịch năm",
	"calendar.day_add":                  "Thêm ngày nghỉ hoặc ngày làm bù",
	"calendar.day_remove":               "Xóa ngày nghỉ hoặc ngày làm bù",
	"notify.message.retry":              "Gửi lại thông báo",
	"notify.template.update":            "Sửa mẫu thông báo",
	"notify.template.reset":             "Khôi phục mẫu thông báo mặc định",
	"dossier.settings":                  "Cập nhật cài đặt hồ sơ",
	"dossier.intake.receive":            "Hồ sơ: tiếp nhận",
	"dossier.intake.request_supplement": "Hồ sơ: lập phiếu yêu cầu bổ sung khi tiếp nhận",
	"dossier.intake.refuse":             "Hồ sơ: từ chối tiếp nhận",
	"dossier.online.submit":             "Hồ sơ: nộp trực tuyến",
	"dossier.online.accept":             "Hồ sơ: tiếp nhận hồ sơ trực tuyến",
	"dossier.online.request_changes":    "Hồ sơ: yêu cầu bổ sung hồ sơ trực tuyến",
	"dossier.online.resubmit":           "Hồ sơ: nộp lại hồ sơ trực tuyến",
	"dossier.online.refuse":             "Hồ sơ: từ chối hồ sơ trực tuyến",
	"dossier.online.withdraw":           "Hồ sơ: rút hồ sơ trực tuyến",
	"dossier.forward":                   "Hồ sơ: chuyển bước tiếp theo",
	"dossier.assign":                    "Hồ sơ: phân công xử lý",
	"dossier.consult":                   "Hồ sơ: lấy ý kiến cơ quan liên quan",
	"dossier.reply_consultation":        "Hồ sơ: ghi nhận ý kiến trả lời",
	"dossier.request_supplement":        "Hồ sơ: yêu cầu bổ sung",
	"dossier.supplement_received":       "Hồ sơ: nhận hồ sơ bổ sung",
	"dossier.refuse":                    "Hồ sơ: từ chối giải quyết",
	"dossier.apology":                   "Hồ sơ: xin lỗi và hẹn lại ngày trả",
	"dossier.stop":                      "Hồ sơ: dừng giải quyết theo đề nghị",
	"dossier.attach_result":             "Hồ sơ: đính kèm kết quả",
	"dossier.approve":                   "Hồ sơ: duyệt, trình ký",
	"dossier.send_back":                 "Hồ sơ: trả lại bước trước",
	"dossier.sign":                      "Hồ sơ: ký duyệt kết quả",
	"dossier.return_to_onestop":         "Hồ sơ: chuyển kết quả về Bộ phận Một cửa",
	"dossier.notify_early_return":       "Hồ sơ: báo trả kết quả sớm",
	"dossier.return":                    "Hồ sơ: trả kết quả",
	"dossier.correct_result":            "Hồ sơ: đính chính kết quả",
	"dossier.close":                     "Hồ sơ: đóng do không bổ sung",
	"citizen.signup":                    "Công dân: tạo tài khoản",
	"citizen.signup.assisted":           "Công dân: cán bộ tạo tài khoản giúp",
	"citizen.signin":                    "Công dân: đăng nhập",
	"citizen.profile":                   "Công dân: cập nhật thông tin cá nhân",
	"citizen.contact":                   "Công dân: xác thực thông tin liên hệ",
	"citizen.oidc_provider.save":        "Lưu nhà cung cấp định danh",
	"citizen.document.add":              "Công dân: thêm giấy tờ vào kho",
	"citizen.document.delete":           "Công dân: xóa giấy tờ khỏi kho",
	"citizen.document.results":          "Công dân: lưu kết quả vào kho",
	"citizen.document.use":              "Cán bộ dùng giấy tờ trong kho của công dân",
	"citizen.draft.create":              "Công dân: bắt đầu nộp hồ sơ trực tuyến",
	"citizen.draft.submit":              "Công dân: nộp hồ sơ trực tuyến",
	"citizen.draft.delete":              "Công dân: xóa bản nháp",
	"citizen.supplement.submit":         "Công dân: gửi hồ sơ bổ sung",
	"citizen.supplement.receive":        "Xác nhận đã nhận hồ sơ bổ sung trực tuyến",
	"citizen.rate":                      "Công dân: đánh giá dịch vụ",
	"citizen.consent":                   "Công dân đồng ý cho cán bộ hỗ trợ",
	"citizen.intake.overdue":            "Hồ sơ trực tuyến quá hạn tiếp nhận",
}

// breakReason says in Vietnamese what audit.Verify found.
func breakReason(reason string) string {
	switch {
	case strings.HasPrefix(reason, "entry missing"):
		return "Thiếu mục nhật ký (mục đã bị xóa)."
	case strings.HasPrefix(reason, "prev_hash"):
		return "Mã băm liên kết với mục trước không khớp."
	case strings.HasPrefix(reason, "content does not match"):
		return "Nội dung không khớp với mã băm (mục đã bị sửa)."
	case strings.HasPrefix(reason, "head says"):
		return "Các mục cuối của nhật ký đã bị xóa."
	}
	return "Chuỗi nhật ký không toàn vẹn."
}

func (h *Handler) auditPage(w http.ResponseWriter, r *http.Request, verify *verifyResult) {
	ctx, p := r.Context(), principal(r)
	q := r.URL.Query()
	f := audit.Filter{AgencyPath: p.AgencyPath, Unscoped: isRootScope(p), Limit: auditPerPage,
		Entity: strings.TrimSpace(q.Get("doi-tuong")), EntityKey: strings.TrimSpace(q.Get("ma")),
		Action: strings.TrimSpace(q.Get("hanh-dong")), Actor: strings.TrimSpace(q.Get("nguoi"))}
	var v apperr.Validation
	parseDay := func(field string) time.Time {
		s := strings.TrimSpace(q.Get(field))
		if s == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation("2006-01-02", s, web.Loc)
		if err != nil {
			v.Add(field, "Ngày không hợp lệ; nhập theo dạng năm-tháng-ngày, ví dụ 2026-01-31.")
		}
		return t
	}
	f.From = parseDay("tu")
	if to := parseDay("den"); !to.IsZero() {
		f.To = to.AddDate(0, 0, 1) // the whole last day
		v.Check(f.From.IsZero() || !to.Before(f.From), "den", "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
	}
	f.Before, _ = strconv.ParseInt(q.Get("truoc"), 10, 64)
	f.After, _ = strconv.ParseInt(q.Get("sau"), 10, 64)
	pg := page{name: "audit_list", title: "Nhật ký hệ thống", form: q}
	d := auditListData{Verify: verify}
	if err := v.Err(); err != nil {
		pg.data, pg.errs, pg.err, pg.status = d, web.ErrorFields(r, err), web.ErrorMessage(r, err), http.StatusBadRequest
		h.render(w, r, pg)
		return
	}
	entries, more, err := audit.Query(ctx, h.db, f)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	names := map[int64]string{}
	if scope, err := h.scopeAgencies(ctx, p); err == nil {
		for _, a := range scope {
			names[a.ID] = a.Name
		}
	}
	for _, e := range entries {
		row := auditRow{Entry: e, ActionLabel: ActionNames[e.Action], AgencyName: names[e.AgencyID]}
		row.Changes, row.Other = describeDetail(e.Detail)
		d.Rows = append(d.Rows, row)
	}
	link := func(key string, seq int64) string {
		u := url.Values{}
		for _, k := range auditFilterFields {
			if s := q.Get(k); s != "" {
				u.Set(k, s)
			}
		}
		if key != "" {
			u.Set(key, strconv.FormatInt(seq, 10))
		}
		if len(u) == 0 {
			return "/quan-tri/nhat-ky"
		}
		return "/quan-tri/nhat-ky?" + u.Encode()
	}
	older, newer := more, f.Before > 0
	if f.After > 0 {
		older, newer = true, more
	}
	if n := len(d.Rows); n > 0 {
		if older {
			d.OlderURL = link("truoc", d.Rows[n-1].Seq)
		}
		if newer {
			d.NewerURL = link("sau", d.Rows[0].Seq)
		}
	}
	if f.Before > 0 || f.After > 0 {
		d.Latest = link("", 0)
	}
	pg.data = d
	h.render(w, r, pg)
}

// describeDetail turns an entry's JSON detail into before/after rows (when
// it has that shape) and indented JSON for anything else.
func describeDetail(raw json.RawMessage) ([]fieldChange, string) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return nil, indentJSON(raw)
	}
	var before, after map[string]json.RawMessage
	okB := json.Unmarshal(top["before"], &before) == nil || len(top["before"]) == 0
	okA := json.Unmarshal(top["after"], &after) == nil || len(top["after"]) == 0
	var changes []fieldChange
	if (before != nil || after != nil) && okB && okA {
		delete(top, "before")
		delete(top, "after")
		keys := map[string]bool{}
		for k := range before {
			keys[k] = true
		}
		for k := range after {
			keys[k] = true
		}
		var sorted []string
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			c := fieldChange{Field: k, Before: jsonText(before[k]), After: jsonText(after[k])}
			c.Changed = before != nil && after != nil && !bytes.Equal(canonical(before[k]), canonical(after[k]))
			changes = append(changes, c)
		}
	}
	if len(top) == 0 {
		return changes, ""
	}
	rest, _ := json.Marshal(top)
	return changes, indentJSON(rest)
}

// jsonText shows a JSON value to people: strings without quotes, null as
// nothing, objects and arrays as compact JSON.
func jsonText(v json.RawMessage) string {
	if len(v) == 0 || string(v) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	return string(canonical(v))
}

func canonical(v json.RawMessage) []byte {
	var b bytes.Buffer
	if json.Compact(&b, v) != nil {
		return v
	}
	return b.Bytes()
}

func indentJSON(v []byte) string {
	var b bytes.Buffer
	if json.Indent(&b, v, "", "  ") != nil {
		return string(v)
	}
	return b.String()
}
