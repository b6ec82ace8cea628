package apperr

import (
	"errors"
	"fmt"
	"testing"
)

var english = map[string]string{
	"Hồ sơ này không có biểu mẫu %s.":     "This dossier has no form %s.",
	"Không tìm thấy hồ sơ.":               "Dossier not found.",
	"Tệp thứ %d không hợp lệ.":            "File %d is not valid.",
	"Vui lòng nhập họ tên.":               "Please enter the name.",
	"Hồ sơ đang ở trạng thái “%s”.":       "The dossier's status is “%s”.",
	"Đang giải quyết":                     "Being processed",
	"Lỗi hệ thống. Vui lòng thử lại sau.": "System error. Please try again later.",
}

func tr(s string) string {
	if e, ok := english[s]; ok {
		return e
	}
	return s
}

func TestFormattedMessage(t *testing.T) {
	err := NotFound("Hồ sơ này không có biểu mẫu %s.", "07")
	if err.Message != "Hồ sơ này không có biểu mẫu 07." || err.Error() != "not_found: Hồ sơ này không có biểu mẫu 07." {
		t.Fatalf("Vietnamese changed: %q / %q", err.Message, err.Error())
	}
	wrapped := fmt.Errorf("get form: %w", err)
	if got := Message(wrapped); got != "Hồ sơ này không có biểu mẫu 07." {
		t.Errorf("Message = %q", got)
	}
	if got := MessageIn(wrapped, tr); got != "This dossier has no form 07." {
		t.Errorf("MessageIn = %q", got)
	}
	if got := MessageIn(NotFound("Không tìm thấy hồ sơ."), tr); got != "Dossier not found." {
		t.Errorf("MessageIn without arguments = %q", got)
	}
	if got := MessageIn(errors.New("boom"), tr); got != "System error. Please try again later." {
		t.Errorf("MessageIn of an internal error = %q", got)
	}
	// A message replaced after creation is translated whole, not from the
	// stale format.
	err.Message = "Không tìm thấy hồ sơ."
	if got := MessageIn(err, tr); got != "Dossier not found." {
		t.Errorf("MessageIn after replacing the message = %q", got)
	}
	// No arguments: the text is taken as it is, a % included.
	if got := MessageIn(&Error{Code: CodeInvalid, Message: "Giảm 50% phí."}, tr); got != "Giảm 50% phí." {
		t.Errorf("MessageIn of a literal %% = %q", got)
	}
}

func TestPhraseArgument(t *testing.T) {
	err := Unprocessable("Hồ sơ đang ở trạng thái “%s”.", Phrase("Đang giải quyết"))
	if err.Message != "Hồ sơ đang ở trạng thái “Đang giải quyết”." {
		t.Fatalf("Vietnamese = %q", err.Message)
	}
	if got := MessageIn(err, tr); got != "The dossier's status is “Being processed”." {
		t.Errorf("English = %q", got)
	}
}

func TestTextArgument(t *testing.T) {
	limit := Text{Format: "%d ngày làm việc", Args: []any{3}}
	err := Invalid("Tổng thời gian vượt thời hạn (%s).", limit)
	if err.Message != "Tổng thời gian vượt thời hạn (3 ngày làm việc)." {
		t.Fatalf("Vietnamese = %q", err.Message)
	}
	en := func(s string) string {
		return map[string]string{"Tổng thời gian vượt thời hạn (%s).": "The total time exceeds the limit (%s).", "%d ngày làm việc": "%d working days"}[s]
	}
	if got := MessageIn(err, en); got != "The total time exceeds the limit (3 working days)." {
		t.Errorf("English = %q", got)
	}
}

func TestFormattedFields(t *testing.T) {
	var v Validation
	v.Checkf(false, "files", "Tệp thứ %d không hợp lệ.", 2)
	v.Checkf(false, "files", "Tệp thứ %d không hợp lệ.", 3) // first wins
	v.Check(false, "name", "Vui lòng nhập họ tên.")
	v.Checkf(true, "other", "Tệp thứ %d không hợp lệ.", 4)
	err := v.Err()
	if got := FieldsOf(err); len(got) != 2 || got["files"] != "Tệp thứ 2 không hợp lệ." || got["name"] != "Vui lòng nhập họ tên." {
		t.Fatalf("FieldsOf = %q", got)
	}
	got := FieldsIn(err, tr)
	if got["files"] != "File 2 is not valid." || got["name"] != "Please enter the name." || len(got) != 2 {
		t.Errorf("FieldsIn = %q", got)
	}
	if FieldsIn(NotFound("Không tìm thấy hồ sơ."), tr) != nil || FieldsIn(errors.New("x"), tr) != nil {
		t.Error("FieldsIn of an error without fields must be nil")
	}

	on := OnField(fmt.Errorf("wrapped: %w", NotFound("Hồ sơ này không có biểu mẫu %s.", "02")), "form")
	if on.Code != CodeNotFound || on.Fields["form"] != "Hồ sơ này không có biểu mẫu 02." || FieldsIn(on, tr)["form"] != "This dossier has no form 02." {
		t.Errorf("OnField = %+v, in English %q", on, FieldsIn(on, tr))
	}

	fe := FieldError(CodeInvalid, "files", "Tệp thứ %d không hợp lệ.", 5)
	if fe.Message != "Tệp thứ 5 không hợp lệ." || fe.Fields["files"] != fe.Message {
		t.Fatalf("FieldError = %+v", fe)
	}
	if MessageIn(fe, tr) != "File 5 is not valid." || FieldsIn(fe, tr)["files"] != "File 5 is not valid." {
		t.Errorf("FieldError in English: %q %q", MessageIn(fe, tr), FieldsIn(fe, tr))
	}
}

func TestTextOfAndFieldList(t *testing.T) {
	inner := NotFound("Hồ sơ này không có biểu mẫu %s.", "07")
	err := Invalid("Dòng %d: %s", 3, TextOf(fmt.Errorf("wrapped: %w", inner)))
	if err.Message != "Dòng 3: Hồ sơ này không có biểu mẫu 07." {
		t.Fatalf("Vietnamese = %q", err.Message)
	}
	en := func(s string) string {
		if s == "Dòng %d: %s" {
			return "Line %d: %s"
		}
		return tr(s)
	}
	if got := MessageIn(err, en); got != "Line 3: This dossier has no form 07." {
		t.Errorf("English = %q", got)
	}
	if got := TextOf(errors.New("boom")).In(tr); got != "System error. Please try again later." {
		t.Errorf("TextOf of an internal error = %q", got)
	}

	var v Validation
	v.Checkf(false, "files", "Tệp thứ %d không hợp lệ.", 2)
	v.Check(false, "name", "Vui lòng nhập họ tên.")
	list := FieldList(v.Err())
	if list.String() != "files: Tệp thứ 2 không hợp lệ.; name: Vui lòng nhập họ tên." {
		t.Errorf("FieldList in Vietnamese = %q", list.String())
	}
	if got := list.In(tr); got != "files: File 2 is not valid.; name: Please enter the name." {
		t.Errorf("FieldList in English = %q", got)
	}
	if FieldList(inner).String() != "" {
		t.Error("FieldList of an error without fields must be empty")
	}
}

func TestFieldTextAndAddText(t *testing.T) {
	var v Validation
	v.Checkf(false, "days[2]", "Tệp thứ %d không hợp lệ.", 2)
	v.Check(false, "name", "Giảm 50% phí.")
	err := v.Err()
	var w Validation
	w.AddText("day", FieldText(err, "days[2]"))
	w.AddText("other", FieldText(err, "name"))
	w.AddText("none", FieldText(err, "missing"))
	out := w.Err()
	if got := FieldsOf(out); len(got) != 2 || got["day"] != "Tệp thứ 2 không hợp lệ." || got["other"] != "Giảm 50% phí." {
		t.Errorf("Vietnamese = %q", got)
	}
	if got := FieldsIn(out, tr); got["day"] != "File 2 is not valid." {
		t.Errorf("English = %q", got)
	}
	w = Validation{}
	w.AddText("day", TextOf(Invalid("Hồ sơ này không có biểu mẫu %s.", "07")))
	if got := FieldsIn(w.Err(), tr)["day"]; got != "This dossier has no form 07." {
		t.Errorf("TextOf on a field in English = %q", got)
	}
}
