package notify

import (
	"bytes"
	"errors"
	"strings"
	"text/template"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/web"
)

// Template is the text of one event on one channel: subject and body for
// e-mail, body for SMS. Templates use Go text/template syntax over
// TemplateData ({{.DossierCode}}, {{.ExpectedDate}}…) plus the function
// trunc ({{trunc 60 .Reason}}). Defaults ship in code (defaults.go); the
// administrator's edits are stored in notify_templates and win.
type Template struct {
	Event     Event
	Channel   Channel
	Subject   string // e-mail only
	Body      string
	Custom    bool // edited by the administrator (else the default)
	UpdatedAt time.Time
	UpdatedBy string
}

// TemplateData is what a template sees: Vars with the dates formatted.
type TemplateData struct {
	DossierCode   string
	ProcedureName string
	ApplicantName string
	AgencyName    string
	ExpectedDate  string // dd/mm/yyyy in Asia/Ho_Chi_Minh, "" when unknown
	Link          string
	Reason        string
	Code          string
	Purpose       string
	ValidMinutes  int
	Deadline      string // "16:30 ngày 25/11/2026" in Asia/Ho_Chi_Minh, "" when unknown
	RecipientName string
}

// Variable documents one template variable for the administrator.
type Variable struct {
	Name  string // as written in a template: {{.Name}}
	Label string // Vietnamese
}

// Variables lists what templates can use.
var Variables = []Variable{
	{"DossierCode", "Mã số hồ sơ"},
	{"ProcedureName", "Tên thủ tục hành chính"},
	{"ApplicantName", "Tên người nộp hồ sơ"},
	{"AgencyName", "Cơ quan giải quyết / tiếp nhận"},
	{"ExpectedDate", "Ngày hẹn trả kết quả (dd/mm/yyyy); ngày hẹn mới khi xin lỗi"},
	{"Link", "Đường dẫn tra cứu hồ sơ"},
	{"Reason", "Lý do (từ chối, bổ sung, chậm trả, dừng)"},
	{"Code", "Mã xác thực một lần"},
	{"Purpose", "Mục đích của mã xác thực (ví dụ: đăng nhập)"},
	{"ValidMinutes", "Thời hạn của mã xác thực (phút)"},
	{"Deadline", "Hạn tiếp nhận hồ sơ trực tuyến (giờ:phút ngày dd/mm/yyyy), trong thư báo cán bộ"},
	{"RecipientName", "Tên cán bộ nhận thư báo"},
}

// Limits on template and rendered sizes.
const (
	maxSubjectChars  = 200
	maxBodyChars     = 8000
	maxRenderedBytes = 64 << 10
)

var funcs = template.FuncMap{
	// trunc shortens s to at most n characters, at a word boundary when
	// there is one in the second half, ending with "…" when cut.
	"trunc": func(n int, s string) string {
		if n <= 0 || utf8.RuneCountInString(s) <= n {
			return s
		}
		r := []rune(s)[:n-1]
		cut := string(r)
		if i := strings.LastIndexAny(cut, " ,;"); i >= len(cut)/2 {
			cut = cut[:i]
		}
		return strings.TrimRight(cut, " ,;.") + "…"
	},
}

func (v Vars) data() TemplateData {
	d := TemplateData{DossierCode: v.DossierCode, ProcedureName: v.ProcedureName, ApplicantName: v.ApplicantName,
		AgencyName: v.AgencyName, Link: v.Link, Reason: v.Reason, Code: v.Code, Purpose: v.Purpose, ValidMinutes: v.ValidMinutes,
		RecipientName: v.RecipientName}
	if !v.ExpectedDate.IsZero() {
		d.ExpectedDate = v.ExpectedDate.In(web.Loc).Format("02/01/2006")
	}
	if !v.Deadline.IsZero() {
		d.Deadline = v.Deadline.In(web.Loc).Format("15:04 ngày 02/01/2006")
	}
	return d
}

// errTooLong stops a template that writes without end ({{range 1000000000}}).
var errTooLong = errors.New("văn bản sau khi điền quá dài")

type limitedBuffer struct{ bytes.Buffer }

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > maxRenderedBytes {
		return 0, errTooLong
	}
	return b.Buffer.Write(p)
}

func execute(name, text string, d TemplateData) (string, error) {
	t, err := template.New(name).Funcs(funcs).Option("missingkey=error").Parse(text)
	if err != nil {
		return "", err
	}
	var b limitedBuffer
	if err := t.Execute(&b, d); err != nil {
		return "", err
	}
	return b.String(), nil
}

// Rendered is a template filled with data.
type Rendered struct {
	Subject  string // e-mail
	Body     string // for SMS: what is sent (possibly unaccented, see SMSText)
	Segments int    // SMS
	Encoding string // SMS: GSM-7 or UCS-2
	Folded   bool   // SMS: the text was too long with diacritics and is sent without
}

// Render fills t with v. Errors are template errors (the administrator's
// validation catches them before a template is saved).
func (t Template) Render(v Vars) (Rendered, error) {
	d := v.data()
	var r Rendered
	var err error
	if t.Channel == ChannelEmail {
		if r.Subject, err = execute("subject", t.Subject, d); err != nil {
			return r, err
		}
		r.Subject = strings.Join(strings.Fields(r.Subject), " ")
	}
	body, err := execute("body", t.Body, d)
	if err != nil {
		return r, err
	}
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	if t.Channel == ChannelSMS {
		r.Body, r.Segments, r.Encoding = SMSText(body)
		r.Folded = r.Body != body
	} else {
		r.Body = body
	}
	return r, nil
}

// SampleVars are the example values used to preview and validate templates.
func SampleVars(e Event, link string) Vars {
	v := Vars{DossierCode: "000.00.10.H27-261121-0001", ProcedureName: "Cấp bản sao trích lục hộ tịch",
		ApplicantName: "Nguyễn Thị Minh Khai", AgencyName: "Trung tâm Phục vụ hành chính công tỉnh Hà Tĩnh",
		ExpectedDate: time.Date(2026, 11, 25, 9, 0, 0, 0, web.Loc), Link: link,
		Reason: "Thiếu bản sao Giấy khai sinh có chứng thực của người được cấp trích lục"}
	switch e {
	case EventOTP:
		v = Vars{Code: "482913", Purpose: "đăng nhập", ValidMinutes: 10}
	case EventConsent:
		v.Code, v.ValidMinutes, v.Reason = "482913", 10, "Nộp hồ sơ Cấp bản sao trích lục hộ tịch"
		v.AgencyName = "Bộ phận Một cửa phường Thành Sen"
	case EventStaffOnlineSubmitted, EventStaffOnlineResubmitted, EventStaffSupplementSubmitted:
		v.DossierCode, v.AgencyName, v.Reason = "NTT-001.01.00.H27-261123-0001", "Trung tâm Phục vụ hành chính công phường Thành Sen", ""
		v.ExpectedDate, v.RecipientName = time.Time{}, "Trần Thị Thu Hà"
		v.Deadline = time.Date(2026, 11, 25, 8, 30, 0, 0, web.Loc)
		if e == EventStaffSupplementSubmitted {
			v.DossierCode, v.Deadline = "001.01.00.H27-261123-0001", time.Time{}
			v.Reason = "Đã bổ sung bản sao Giấy khai sinh có chứng thực."
		}
	}
	return v
}

// Validate checks a template as the administrator would save it: it parses,
// it renders with sample data, the subject is present for e-mail and the SMS
// stays within MaxSMSSegments. link is the sample tracking link (the real
// base URL, so that the length is the real one). Errors are per field
// ("subject", "body") in Vietnamese.
func (t Template) Validate(link string) (Rendered, map[string]string) {
	r, err := t.Check(link)
	return r, apperr.FieldsOf(err)
}

// Check is Validate with the field errors as an invalid apperr error (nil
// when the template is valid) whose messages keep their formats and values,
// to be shown in the reader's language.
func (t Template) Check(link string) (Rendered, error) {
	var v apperr.Validation
	if t.Channel == ChannelEmail {
		switch {
		case strings.TrimSpace(t.Subject) == "":
			v.Add("subject", "Vui lòng nhập tiêu đề thư.")
		case utf8.RuneCountInString(t.Subject) > maxSubjectChars:
			v.Addf("subject", "Tiêu đề quá dài (tối đa %d ký tự).", maxSubjectChars)
		case strings.ContainsAny(t.Subject, "\r\n"):
			v.Add("subject", "Tiêu đề phải nằm trên một dòng.")
		}
		if _, ok := v.Fields["subject"]; !ok {
			if _, err := execute("subject", t.Subject, SampleVars(t.Event, link).data()); err != nil {
				v.Addf("subject", "Mẫu tiêu đề không hợp lệ: %s", templateError(err))
			}
		}
	}
	switch {
	case strings.TrimSpace(t.Body) == "":
		v.Add("body", "Vui lòng nhập nội dung.")
	case utf8.RuneCountInString(t.Body) > maxBodyChars:
		v.Addf("body", "Nội dung quá dài (tối đa %d ký tự).", maxBodyChars)
	}
	if err := v.Err(); err != nil {
		return Rendered{}, err
	}
	r, err := t.Render(SampleVars(t.Event, link))
	if err != nil {
		v.Addf("body", "Mẫu nội dung không hợp lệ: %s", templateError(err))
		return r, v.Err()
	}
	if r.Body == "" {
		v.Add("body", "Nội dung sau khi điền dữ liệu mẫu bị rỗng.")
	}
	if t.Channel == ChannelSMS && r.Segments > MaxSMSSegments {
		v.Addf("body", "Tin nhắn với dữ liệu mẫu cần %d phần (tối đa %d), kể cả khi bỏ dấu. Hãy rút gọn nội dung.", r.Segments, MaxSMSSegments)
	}
	return r, v.Err()
}

// templateError makes a text/template error readable: it drops the
// "template: body:" prefix and names unknown variables in Vietnamese (a
// message with its format kept); the rest of the parser's text is data.
func templateError(err error) apperr.Text {
	s := err.Error()
	if i := strings.Index(s, "can't evaluate field "); i >= 0 {
		f := s[i+len("can't evaluate field "):]
		f, _, _ = strings.Cut(f, " ")
		return apperr.Text{Format: "không có biến %q.", Args: []any{f}}
	}
	for _, p := range []string{"template: subject:", "template: body:"} {
		s = strings.TrimPrefix(s, p)
	}
	if errors.Is(err, errTooLong) {
		return apperr.Text{Format: errTooLong.Error() + "."}
	}
	return apperr.Text{Format: "%s", Args: []any{strings.TrimSpace(s)}}
}
