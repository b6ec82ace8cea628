package sample

var errOne = apperr.Invalid("Lỗi một")

var errFormatted = apperr.Invalid("Thủ tục %s bị lỗi", name) // a format: kept, translated before formatting

var errCoded = apperr.Errorf(apperr.CodeConflict, "Phiên bản %d đã cũ", 3)

func check(v *Validation) {
	v.Check(false, "f", "Trường hai")
	v.Checkf(false, "g", "Tệp thứ %d lỗi", 2)
	v.Addf("h", "Không có thành phần số %d", 4)
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
