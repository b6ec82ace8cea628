package procedure

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/textfold"
)

// codeRE accepts national TTHC codes such as 1.001193 and local codes made of
// letters, digits, dots and hyphens (they appear in URLs).
var codeRE = regexp.MustCompile(`^[0-9A-Za-z]+([.-][0-9A-Za-z]+)*$`)

// fieldCodeRE accepts field codes such as HT, LLTP, CTRU.
var fieldCodeRE = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,9}$`)

// Length limits (runes).
const (
	maxName = 500
	maxText = 5000
)

// Problem is one thing wrong with a procedure, located by its key and, for
// documents and fees, the row index (0-based; -1 for the procedure itself).
type Problem struct {
	Key     string      // code, name, field, level, … or, in a row, name, originals, amount, …
	Doc     int         // index into Documents, or -1
	Fee     int         // index into Fees, or -1
	Message apperr.Text // Vietnamese format and its arguments, translated where shown
}

// FormKey is the key of the problem in the admin form and in API errors:
// "name", "doc_2_originals", "fee_0_amount".
func (p Problem) FormKey() string {
	switch {
	case p.Doc >= 0:
		return fmt.Sprintf("doc_%d_%s", p.Doc, p.Key)
	case p.Fee >= 0:
		return fmt.Sprintf("fee_%d_%s", p.Fee, p.Key)
	}
	return p.Key
}

// Refs are the codes a procedure may refer to.
type Refs struct {
	Fields   map[string]bool        // field codes
	Agencies map[string]agency.Kind // agency code → kind
}

// Normalize trims and NFC-normalises every text, upper-cases agency codes and
// drops empty legal-basis lines and receiving agencies.
func (p *Procedure) Normalize() {
	p.Code = textfold.NFC(p.Code)
	p.Name = textfold.NFC(p.Name)
	p.Field = strings.ToUpper(textfold.NFC(p.Field))
	p.Level = Level(textfold.NFC(string(p.Level)))
	p.HandlingAgency = normAgency(p.HandlingAgency)
	var recv []string
	for _, r := range p.ReceivingAgencies {
		if r = normAgency(r); r != "" {
			recv = append(recv, r)
		}
	}
	p.ReceivingAgencies = recv
	p.TimeLimit.Unit = Unit(textfold.NFC(string(p.TimeLimit.Unit)))
	for i := range p.Fees {
		f := &p.Fees[i]
		f.Kind, f.Name, f.Case = FeeKind(textfold.NFC(string(f.Kind))), textfold.NFC(f.Name), textfold.NFC(f.Case)
	}
	for i := range p.Documents {
		d := &p.Documents[i]
		d.Name, d.Condition, d.Form = textfold.NFC(d.Name), textfold.NFC(d.Condition), textfold.NFC(d.Form)
		d.Required = Requirement(textfold.NFC(string(d.Required)))
		if d.FormFile != nil {
			d.FormFile.SHA256 = strings.ToLower(textfold.NFC(d.FormFile.SHA256))
			d.FormFile.Name = textfold.NFC(d.FormFile.Name)
			if d.FormFile.SHA256 == "" {
				d.FormFile = nil
			}
		}
	}
	p.Result.Code, p.Result.Name = textfold.NFC(p.Result.Code), textfold.NFC(p.Result.Name)
	p.OnlineLevel = OnlineLevel(textfold.NFC(string(p.OnlineLevel)))
	var lb []string
	for _, l := range p.LegalBasis {
		if l = textfold.NFC(l); l != "" {
			lb = append(lb, l)
		}
	}
	p.LegalBasis = lb
	p.Applicants, p.Where, p.StepsNote = textfold.NFC(p.Applicants), textfold.NFC(p.Where), textfold.NFC(p.StepsNote)
	p.EffectiveFrom = textfold.NFC(p.EffectiveFrom)
	p.nonNil()
}

// nonNil makes the list fields empty rather than nil, so a procedure looks the
// same (and hashes the same) whether it came from a file, a form or the database.
func (p *Procedure) nonNil() {
	if p.ReceivingAgencies == nil {
		p.ReceivingAgencies = []string{}
	}
	if p.Fees == nil {
		p.Fees = []Fee{}
	}
	if p.Documents == nil {
		p.Documents = []Document{}
	}
	if p.LegalBasis == nil {
		p.LegalBasis = []string{}
	}
}

func normAgency(s string) string {
	s = textfold.NFC(s)
	if strings.HasPrefix(s, "@") {
		return strings.ToLower(s)
	}
	return strings.ToUpper(s)
}

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// Check returns every problem of a normalised procedure, in form order.
func (p *Procedure) Check(refs Refs) []Problem {
	var out []Problem
	add := func(key, format string, args ...any) {
		out = append(out, Problem{Key: key, Doc: -1, Fee: -1, Message: apperr.Text{Format: format, Args: args}})
	}
	switch {
	case p.Code == "":
		add("code", "Vui lòng nhập mã thủ tục.")
	case len(p.Code) > 40 || !codeRE.MatchString(p.Code):
		add("code", "Mã thủ tục chỉ gồm chữ, số, dấu chấm hoặc gạch ngang, ví dụ 1.001193.")
	}
	switch {
	case p.Name == "":
		add("name", "Vui lòng nhập tên thủ tục.")
	case tooLong(p.Name, maxName):
		add("name", "Tên thủ tục quá dài (tối đa %d ký tự).", maxName)
	}
	switch {
	case p.Field == "":
		add("field", "Vui lòng chọn lĩnh vực.")
	case !refs.Fields[p.Field]:
		add("field", "Không có lĩnh vực mã %s.", p.Field)
	}
	if !p.Level.Valid() {
		add("level", "Vui lòng chọn cấp thực hiện: cấp tỉnh, cấp xã hoặc cả hai.")
	}
	switch {
	case p.HandlingAgency == "":
		add("handling_agency", "Vui lòng chọn cơ quan giải quyết.")
	case p.HandlingAgency == AtCommune:
	case strings.HasPrefix(p.HandlingAgency, "@"):
		add("handling_agency", "Cơ quan giải quyết phải là mã cơ quan hoặc @commune (UBND cấp xã nơi tiếp nhận).")
	default:
		if _, ok := refs.Agencies[p.HandlingAgency]; !ok {
			add("handling_agency", "Không có cơ quan mã %s.", p.HandlingAgency)
		}
	}
	if len(p.ReceivingAgencies) == 0 {
		add("receiving_agencies", "Vui lòng chọn ít nhất một nơi tiếp nhận hồ sơ.")
	}
	seen := map[string]bool{}
	for _, r := range p.ReceivingAgencies {
		if seen[r] {
			add("receiving_agencies", "Nơi tiếp nhận %s bị lặp.", r)
			break
		}
		seen[r] = true
		if r == AtCenter || r == AtCommuneCenter {
			continue
		}
		if strings.HasPrefix(r, "@") {
			add("receiving_agencies", "Nơi tiếp nhận %s không hợp lệ (dùng mã cơ quan, @center hoặc @commune_center).", r)
			break
		}
		k, ok := refs.Agencies[r]
		if !ok {
			add("receiving_agencies", "Không có cơ quan mã %s.", r)
			break
		}
		if !k.IsOneStop() {
			add("receiving_agencies", "Cơ quan %s không phải Trung tâm Phục vụ hành chính công nên không tiếp nhận hồ sơ.", r)
			break
		}
	}
	if !p.TimeLimit.Unit.Valid() {
		add("time_unit", "Vui lòng chọn đơn vị thời hạn: ngày làm việc, ngày, giờ làm việc hoặc tháng.")
	}
	switch {
	case p.TimeLimit.Value < 0 || p.TimeLimit.Value > 1000:
		add("time_value", "Thời hạn phải là số từ 0 đến 1000.")
	case p.Immediate && p.TimeLimit.Value != 0:
		add("time_value", "Thủ tục trả kết quả trong ngày thì thời hạn là 0.")
	case !p.Immediate && p.TimeLimit.Value == 0:
		add("time_value", "Vui lòng nhập thời hạn giải quyết (hoặc chọn trả kết quả trong ngày).")
	}
	switch {
	case p.Result.Name == "":
		add("result_name", "Vui lòng nhập tên kết quả giải quyết.")
	case tooLong(p.Result.Name, maxName):
		add("result_name", "Tên kết quả quá dài (tối đa %d ký tự).", maxName)
	}
	if tooLong(p.Result.Code, 60) {
		add("result_code", "Mã kết quả quá dài (tối đa 60 ký tự).")
	}
	if !p.OnlineLevel.Valid() {
		add("online_level", "Vui lòng chọn mức độ dịch vụ công trực tuyến.")
	}
	for _, l := range p.LegalBasis {
		if tooLong(l, maxName) {
			add("legal_basis", "Mỗi căn cứ pháp lý tối đa %d ký tự.", maxName)
			break
		}
	}
	if len(p.LegalBasis) > 100 {
		add("legal_basis", "Tối đa 100 căn cứ pháp lý.")
	}
	for _, t := range []struct{ key, s string }{{"applicants", p.Applicants}, {"where", p.Where}, {"steps_note", p.StepsNote}} {
		if tooLong(t.s, maxText) {
			add(t.key, "Nội dung quá dài (tối đa %d ký tự).", maxText)
		}
	}
	if !ValidDate(p.EffectiveFrom) {
		add("effective_from", "Ngày hiệu lực phải là ngày hợp lệ dạng năm-tháng-ngày, ví dụ 2025-07-01.")
	}
	if len(p.Documents) > 100 {
		add("documents", "Tối đa 100 thành phần hồ sơ.")
	}
	for i, d := range p.Documents {
		addDoc := func(key, format string, args ...any) {
			out = append(out, Problem{Key: key, Doc: i, Fee: -1, Message: apperr.Text{Format: format, Args: args}})
		}
		switch {
		case d.Name == "":
			addDoc("name", "Vui lòng nhập tên giấy tờ.")
		case tooLong(d.Name, maxText):
			addDoc("name", "Tên giấy tờ quá dài (tối đa %d ký tự).", maxText)
		}
		switch {
		case d.Originals < 0 || d.Originals > 100:
			addDoc("originals", "Số bản chính phải từ 0 đến 100.")
		case d.Copies < 0 || d.Copies > 100:
			addDoc("copies", "Số bản sao phải từ 0 đến 100.")
		}
		// 0 originals and 0 copies is allowed: information the applicant
		// only declares for the agency to look up (e.g. the number of a
		// divorce judgment for 1.004873).

		switch {
		case !d.Required.Valid():
			addDoc("required", "Vui lòng chọn bắt buộc hoặc có điều kiện.")
		case d.Required == Conditional && d.Condition == "":
			addDoc("condition", "Giấy tờ có điều kiện phải ghi rõ trường hợp phải nộp.")
		case d.Required == Mandatory && d.Condition != "":
			addDoc("condition", "Chỉ ghi điều kiện khi giấy tờ là có điều kiện.")
		}
		if tooLong(d.Condition, maxText) || tooLong(d.Form, maxText) {
			addDoc("form", "Nội dung quá dài (tối đa %d ký tự).", maxText)
		}
		if d.FormFile != nil && !validSHA256(d.FormFile.SHA256) {
			addDoc("form_file", "Mã SHA-256 của tệp mẫu không hợp lệ.")
		}
	}
	if len(p.Fees) > 50 {
		add("fees", "Tối đa 50 mức phí, lệ phí.")
	}
	for i, f := range p.Fees {
		addFee := func(key, format string, args ...any) {
			out = append(out, Problem{Key: key, Doc: -1, Fee: i, Message: apperr.Text{Format: format, Args: args}})
		}
		if !f.Kind.Valid() {
			addFee("kind", "Vui lòng chọn phí hoặc lệ phí.")
		}
		switch {
		case f.Name == "":
			addFee("name", "Vui lòng nhập tên phí, lệ phí.")
		case tooLong(f.Name, maxName):
			addFee("name", "Tên phí quá dài (tối đa %d ký tự).", maxName)
		}
		if f.Amount < 0 || f.Amount > 1_000_000_000_000 {
			addFee("amount", "Mức thu phải là số đồng không âm.")
		}
		if tooLong(f.Case, maxText) {
			addFee("case", "Nội dung quá dài (tối đa %d ký tự).", maxText)
		}
	}
	return out
}

// Validate checks a normalised procedure and returns an apperr validation
// error keyed by FormKey, or nil.
func (p *Procedure) Validate(refs Refs) error {
	return problemsErr(p.Check(refs))
}

func problemsErr(ps []Problem) error {
	var v apperr.Validation
	for _, pr := range ps {
		v.AddText(pr.FormKey(), pr.Message)
	}
	return v.Err()
}

// Normalize trims and NFC-normalises a field.
func (f *Field) Normalize() {
	f.Code = strings.ToUpper(textfold.NFC(f.Code))
	f.Name = textfold.NFC(f.Name)
}

// Validate checks a normalised field.
func (f *Field) Validate() error {
	var v apperr.Validation
	v.Check(fieldCodeRE.MatchString(f.Code), "code", "Mã lĩnh vực gồm 2–10 chữ in hoa hoặc số, bắt đầu bằng chữ, ví dụ HT.")
	v.Check(f.Name != "", "name", "Vui lòng nhập tên lĩnh vực.")
	v.Check(!tooLong(f.Name, 250), "name", "Tên lĩnh vực quá dài (tối đa 250 ký tự).")
	return v.Err()
}

func validSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
