package textfold

import "testing"

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Đăng ký khai sinh", "dang ky khai sinh"},
		{"ĐĂNG KÝ", "dang ky"},
		{"dang ky khai sinh", "dang ky khai sinh"},
		{"Cấp đổi giấy phép lái xe", "cap doi giay phep lai xe"},
		{"Kết hôn", "ket hon"},
		{"Thường trú", "thuong tru"},
		{"  Chứng thực bản sao, từ bản chính  ", "chung thuc ban sao tu ban chinh"},
		{"Phiếu lý lịch tư pháp số 1", "phieu ly lich tu phap so 1"},
		// NFD input folds the same as NFC input.
		{"Đa\u0306ng ky\u0301", "dang ky"},
		{"1.001193", "1 001193"},
		{"", ""},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNFC(t *testing.T) {
	if got, want := NFC(" Đa\u0306ng ky\u0301 "), "Đăng ký"; got != want {
		t.Fatalf("NFC = %q, want %q", got, want)
	}
}

func TestStripAstral(t *testing.T) {
	if got, want := StripAstral("Hồ sơ 😀 xong"), "Hồ sơ  xong"; got != want {
		t.Fatalf("StripAstral = %q, want %q", got, want)
	}
}
