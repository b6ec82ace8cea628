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
}
