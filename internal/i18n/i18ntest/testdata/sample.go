package sample

var errOne = apperr.Invalid("Lỗi một")

var errFormatted = apperr.Invalid("Thủ tục %s bị lỗi", name) // formatted: skipped

func check(v *Validation) {
	v.Check(false, "f", "Trường hai")
	h.render(w, "Tiêu đề")
	_ = option{Label: "Nhãn", Value: "giá trị không hiển thị"}
	log("Thông điệp ghi nhật ký") // not a rule: skipped
}

func label(k string) string {
	if k == "a" {
		return "Tên"
	}
	return "Đáp án"
}
