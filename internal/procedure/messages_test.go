package procedure_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

func en(vi string) string { return i18n.T(i18n.EN, vi) }

// TestProblemsKeepTheirValues checks that the problems of a procedure keep
// their format and values: the Vietnamese text is as before, and English
// fills the translated format with the same values, on the problem and in
// the validation error built from the problems.
func TestProblemsKeepTheirValues(t *testing.T) {
	b, err := procedure.DecodeJSON(demoJSON(t))
	if err != nil {
		t.Fatal(err)
	}
	p := b.Procedures[0]
	p.Normalize()
	refs := procedure.Refs{Fields: map[string]bool{p.Field: true},
		Agencies: map[string]agency.Kind{"001.01.00.H27": agency.KindCommuneCenter, "000.00.10.H27": agency.KindDepartment}}
	p.HandlingAgency = "KHONG.CO"
	p.ReceivingAgencies = []string{"001.01.00.H27", "001.01.00.H27"}
	p.Documents[0].Name = strings.Repeat("x", 5001)
	probs := p.Check(refs)
	want := map[string][2]string{
		"handling_agency":    {"Không có cơ quan mã KHONG.CO.", "There is no agency with the code KHONG.CO."},
		"receiving_agencies": {"Nơi tiếp nhận 001.01.00.H27 bị lặp.", "The receiving place 001.01.00.H27 is listed twice."},
		"doc_0_name":         {"Tên giấy tờ quá dài (tối đa 5000 ký tự).", "The document name is too long (at most 5000 characters)."},
	}
	if len(probs) != len(want) {
		t.Fatalf("problems = %+v", probs)
	}
	for _, pr := range probs {
		w := want[pr.FormKey()]
		if pr.Message.String() != w[0] || pr.Message.In(en) != w[1] {
			t.Errorf("%s: %q / %q, want %q / %q", pr.FormKey(), pr.Message.String(), pr.Message.In(en), w[0], w[1])
		}
	}
	err = p.Validate(refs)
	vi, english := apperr.FieldsOf(err), apperr.FieldsIn(err, en)
	for k, w := range want {
		if vi[k] != w[0] || english[k] != w[1] {
			t.Errorf("field %s: %q / %q, want %q / %q", k, vi[k], english[k], w[0], w[1])
		}
	}
	// A receiving agency that is not a one-stop centre.
	p = b.Procedures[0]
	p.Normalize()
	p.ReceivingAgencies = []string{"000.00.10.H27"}
	err = p.Validate(refs)
	if got := apperr.FieldsIn(err, en)["receiving_agencies"]; got != "Agency 000.00.10.H27 is not a Public Administrative Service Centre, so it does not receive dossiers." {
		t.Errorf("not a centre: %q", got)
	}
}

// TestRowErrorsInEnglish checks that an import's row errors read as before
// in Vietnamese (the CLI prints String) and in English with In, the sheet
// and column names of the file kept as they are.
func TestRowErrorsInEnglish(t *testing.T) {
	msg := apperr.Text{Format: "Mã thủ tục trùng với dòng %d.", Args: []any{7}}
	for _, tc := range []struct {
		e      procedure.RowError
		vi, en string
	}{
		{procedure.RowError{Sheet: procedure.SheetProcs, Row: 5, Code: "1.001193", Column: "Mã thủ tục", Message: msg},
			"Trang “Thủ tục”, dòng 5 (mã 1.001193), cột “Mã thủ tục”: Mã thủ tục trùng với dòng 7.",
			"Sheet “Thủ tục”, row 5 (code 1.001193), column “Mã thủ tục”: The procedure code repeats that of line 7."},
		{procedure.RowError{Row: 26, Code: "9.000001", Message: msg},
			"Dòng 26 (mã 9.000001): Mã thủ tục trùng với dòng 7.",
			"Line 26 (code 9.000001): The procedure code repeats that of line 7."},
		{procedure.RowError{Row: 4, Column: "code", Message: apperr.Text{Format: "Vui lòng nhập mã thủ tục."}},
			"Dòng 4, cột “code”: Vui lòng nhập mã thủ tục.",
			"Line 4, column “code”: Please enter the procedure code."},
		{procedure.RowError{Message: apperr.Text{Format: "Tối đa 50 mức phí, lệ phí."}},
			"Toàn tệp: Tối đa 50 mức phí, lệ phí.",
			"Whole file: At most 50 fees and charges."},
	} {
		if got := tc.e.String(); got != tc.vi {
			t.Errorf("String = %q, want %q", got, tc.vi)
		}
		if got := tc.e.Text().In(en); got != tc.en {
			t.Errorf("In(en) = %q, want %q", got, tc.en)
		}
	}
	j, err := json.Marshal(procedure.RowError{Row: 26, Code: "9.000001", Column: "code", Message: msg})
	if err != nil || string(j) != `{"row":26,"code":"9.000001","column":"code","message":"Mã thủ tục trùng với dòng 7."}` {
		t.Errorf("JSON = %s %v", j, err)
	}
}

// TestImportErrorsInEnglish imports a file with bad rows and decodes broken
// files: every reason keeps its values and reads in English.
func TestImportErrorsInEnglish(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		s := newService(t, db, false)
		b, err := procedure.DecodeJSON([]byte(badJSON))
		if err != nil {
			t.Fatal(err)
		}
		rep, _ := s.Import(context.Background(), admin, b, procedure.ImportOptions{})
		var vi, english []string
		for _, e := range rep.Errors {
			vi = append(vi, e.String())
			english = append(english, e.Text().In(en))
		}
		for _, w := range []string{
			"Dòng 26 (mã 9.000001), cột “code”: Mã thủ tục trùng với dòng 7.",
			"Dòng 15 (mã 9.000002), cột “field”: Không có lĩnh vực mã ZZ.",
			"Dòng 24 (mã 9.000003): Thủ tục không đúng định dạng: trường \"colour\" không thuộc định dạng",
		} {
			if !strings.Contains(strings.Join(vi, "\n"), w) {
				t.Errorf("missing %q in:\n%s", w, strings.Join(vi, "\n"))
			}
		}
		for _, w := range []string{
			"Line 26 (code 9.000001), column “code”: The procedure code repeats that of line 7.",
			"Line 15 (code 9.000002), column “field”: There is no field with the code ZZ.",
			"Line 24 (code 9.000003): The procedure is not in the catalogue format: the key \"colour\" is not part of the format",
			"Line 25 (code 9.000004): The procedure is not in the catalogue format: the key \"time_limit.value\" has the wrong type (expected int)",
		} {
			if !strings.Contains(strings.Join(english, "\n"), w) {
				t.Errorf("missing %q in:\n%s", w, strings.Join(english, "\n"))
			}
		}
	})
	for _, tc := range []struct {
		data   string
		vi, en string
	}{
		{`{"fields": [], "colour": []}`, `khóa "colour" ở dòng 1 không thuộc định dạng danh mục`, `the key "colour" at line 1 is not part of the catalogue format`},
		{`{"fields": {}}`, `JSON không hợp lệ: cần "[", gặp {`, `invalid JSON: expected "[", found {`},
		{`{"fields": [`, `tệp JSON bị cắt cụt hoặc rỗng`, `the JSON file is truncated or empty`},
	} {
		_, err := procedure.DecodeJSON([]byte(tc.data))
		if !apperr.Is(err, apperr.CodeInvalid) || !strings.HasPrefix(apperr.Message(err), tc.vi) || !strings.HasPrefix(apperr.MessageIn(err, en), tc.en) {
			t.Errorf("%s: %v / %q", tc.data, err, apperr.MessageIn(err, en))
		}
	}
}
