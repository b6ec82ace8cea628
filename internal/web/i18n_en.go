package web

import "github.com/motcua/motcua/internal/i18n"

func init() {
	i18n.Add(map[string]string{
		"Hệ thống thông tin giải quyết thủ tục hành chính": "Administrative procedures information system",
		"Bỏ qua, đến nội dung chính":                       "Skip to main content",
		"Điều hướng chính":                                 "Main navigation",
		"Trang làm việc":                                   "Workspace",
		"Đổi mật khẩu":                                     "Change password",
		"Đăng xuất":                                        "Sign out",
		"Đăng nhập":                                        "Sign in",
		"Đăng nhập cán bộ":                                 "Staff sign-in",
		"Tên đăng nhập":                                    "User name",
		"Mật khẩu":                                         "Password",
		"Mật khẩu hiện tại":                                "Current password",
		"Mật khẩu mới (ít nhất 10 ký tự)":                  "New password (at least 10 characters)",
		"Nhập lại mật khẩu mới":                            "Repeat the new password",
		"Lưu mật khẩu":                                     "Save password",
		"Vai trò":                                          "Roles",
		"Phần mềm nguồn mở motcua":                         "motcua open-source software",
		"Lỗi":                                              "Error",
		"Không tìm thấy":                                   "Not found",
		"Không có quyền truy cập":                          "Access denied",
		"Cần đăng nhập":                                    "Sign-in required",
		"Đã có lỗi xảy ra":                                 "Something went wrong",
		"Về trang chủ":                                     "Back to the home page",
		"Quản trị hệ thống":                                "System administration",
		"Giám sát":                                         "Supervision",
		"Công chức Một cửa":                                "One-stop officer",
		"Chuyên viên":                                      "Specialist",
		"Lãnh đạo phòng":                                   "Division head",
		"Lãnh đạo cơ quan":                                 "Agency leader",
		"Không tìm thấy trang hoặc tài nguyên yêu cầu.":                        "The page or resource was not found.",
		"Tên đăng nhập hoặc mật khẩu không đúng.":                              "Wrong user name or password.",
		"Vui lòng nhập tên đăng nhập.":                                         "Please enter your user name.",
		"Vui lòng nhập mật khẩu.":                                              "Please enter your password.",
		"Mật khẩu nhập lại không khớp.":                                        "The passwords do not match.",
		"Bạn không có quyền thực hiện chức năng này.":                          "You are not allowed to do this.",
		"Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã được đăng xuất.": "Password changed. Your other sessions were signed out.",
		"%d mục đang chờ":                                                      "%d waiting",
	})
}
