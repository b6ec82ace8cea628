package web

import "github.com/motcua/motcua/internal/i18n"

// English for the messages of the core packages that have no user interface
// of their own (web's request helpers, account, agency, files); they reach
// the pages through {{.T .Error}} and the field_error partial.
func init() {
	i18n.Add(map[string]string{
		"Yêu cầu từ trang web khác bị từ chối.":                                    "Requests from other websites are refused.",
		"Nội dung yêu cầu quá lớn.":                                                "The request is too large.",
		"Không đọc được nội dung yêu cầu.":                                         "The request could not be read.",
		"Thiếu nội dung yêu cầu (JSON).":                                           "The request has no body (JSON).",
		"JSON không hợp lệ.":                                                       "Invalid JSON.",
		"JSON không hợp lệ: có dữ liệu thừa sau đối tượng.":                        "Invalid JSON: extra data after the object.",
		"Không đọc được dữ liệu biểu mẫu.":                                         "The form data could not be read.",
		"Phiên đăng nhập không hợp lệ.":                                            "The session is not valid.",
		"Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.":                      "Your session has expired; please sign in again.",
		"Không tìm thấy người dùng.":                                               "User not found.",
		"Không tìm thấy cơ quan.":                                                  "Agency not found.",
		"Tệp tải lên đang trống.":                                                  "The uploaded file is empty.",
		"Chỉ nhận tệp PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp).":            "Only PDF, JPEG or PNG files are accepted (checked by their content).",
		"Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu.":         "Some data is not valid; please check the marked fields.",
		"Lỗi hệ thống. Vui lòng thử lại sau.":                                      "System error. Please try again later.",
		"Lỗi hệ thống. Vui lòng thử lại sau hoặc báo quản trị viên mã yêu cầu %s.": "System error. Please try again later or give the administrator the request ID %s.",
		"JSON không hợp lệ (lỗi cú pháp ở vị trí %d).":                             "Invalid JSON (syntax error at offset %d).",
		"Trường %q có kiểu dữ liệu không đúng.":                                    "Field %q has the wrong data type.",
		"Trường không được hỗ trợ: %s.":                                            "Unsupported field: %s.",
		"Vui lòng đăng nhập.":                                                      "Please sign in.",
		"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %d phút.":               "Too many failed sign-ins. Please try again in %d minutes.",
		"Không đọc được tệp tải lên.":                                              "The uploaded file could not be read.",
		"Tệp quá lớn (tối đa %d MB).":                                              "The file is too large (at most %d MB).",
		"Không tìm thấy tệp.":                                                      "File not found.",
	})

	// account and agency: field errors, role and agency kind names (the
	// same English as the administration pages, which show them too).
	i18n.Add(map[string]string{
		"Mật khẩu phải có ít nhất 10 ký tự.": "The password must have at least 10 characters.",
		"Mật khẩu quá dài.":                  "The password is too long.",
		"Tên đăng nhập gồm 2–50 ký tự chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.": "User names have 2–50 lower-case letters without accents, digits, dots, hyphens or underscores.",
		"Vui lòng nhập họ và tên.":           "Please enter the full name.",
		"Vui lòng chọn cơ quan.":             "Choose an agency.",
		"Vui lòng chọn ít nhất một vai trò.": "Choose at least one role.",
		"Vai trò không hợp lệ.":              "Invalid role.",
		"Địa chỉ thư điện tử không hợp lệ.":  "Invalid e-mail address.",
		"Tên đăng nhập đã tồn tại.":          "This user name already exists.",
		"Mật khẩu hiện tại không đúng.":      "The current password is wrong.",

		"UBND cấp tỉnh": "Provincial People's Committee",
		"Trung tâm Phục vụ hành chính công tỉnh": "Provincial Public Administration Service Centre",
		"Sở, ban, ngành":   "Department",
		"Phòng chuyên môn": "Division",
		"UBND cấp xã":      "Commune People's Committee",
		"Trung tâm Phục vụ hành chính công cấp xã": "Commune public administration service centre",
		"Đơn vị khác": "Other unit",
		"Mã định danh phải gồm các nhóm chữ/số cách nhau bởi dấu chấm, ví dụ 000.00.01.H27.": "The identifier must be groups of letters/digits separated by dots, e.g. 000.00.01.H27.",
		"Vui lòng nhập tên cơ quan.":                                                  "Enter the agency name.",
		"Tên cơ quan quá dài (tối đa 250 ký tự).":                                     "The agency name is too long (250 characters at most).",
		"Loại cơ quan không hợp lệ.":                                                  "Invalid kind of agency.",
		"Số điện thoại không hợp lệ.":                                                 "Invalid phone number.",
		"Giờ làm việc không hợp lệ: %s":                                               "Invalid office hours: %s",
		"Dữ liệu chưa hợp lệ.":                                                        "Invalid data.",
		"Không tìm thấy cơ quan cấp trên %s.":                                         "No parent agency has the code %s.",
		"Không tìm thấy cơ quan cấp trên.":                                            "The parent agency was not found.",
		"Mã định danh đã được dùng cho cơ quan khác.":                                 "This identifier is used by another agency.",
		"Mã định danh đã tồn tại.":                                                    "This identifier already exists.",
		"Không thể chọn chính cơ quan này hoặc đơn vị cấp dưới làm cơ quan cấp trên.": "An agency cannot be placed under itself or one of its units.",
	})
}
