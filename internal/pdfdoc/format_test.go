package pdfdoc

import (
	"testing"
	"time"
)

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

var sampleDate = time.Date(2026, 1, 5, 1, 30, 0, 0, time.UTC) // 08:30 in Hà Nội

func TestMoney(t *testing.T) {
	tests := map[int64]string{
		0:          "0 đồng",
		500:        "500 đồng",
		50000:      "50.000 đồng",
		1234567:    "1.234.567 đồng",
		-25000:     "-25.000 đồng",
		1000000000: "1.000.000.000 đồng",
	}
	for in, want := range tests {
		if got := Money(in); got != want {
			t.Errorf("Money(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestDatesInHoChiMinhTime(t *testing.T) {
	// Instants are printed in ICT whatever zone they come in.
	late := time.Date(2026, 1, 5, 17, 5, 0, 0, time.UTC) // 00:05 on the 6th in Hà Nội
	tests := []struct{ got, want string }{
		{dateLong(sampleDate), "ngày 05 tháng 01 năm 2026"},
		{dateShort(late), "06/01/2026"},
		{clockDate(sampleDate), "08 giờ 30 phút, ngày 05/01/2026"},
		{clockDate(late), "00 giờ 05 phút, ngày 06/01/2026"},
		{dateTimeShort(sampleDate), "05/01/2026 08:30"},
		{dateTimeLines(sampleDate), "08:30\n05/01/2026"},
		{dateLong(time.Time{}), "ngày …… tháng …… năm ……"},
		{clockDate(time.Time{}), "…… giờ …… phút, ngày ……/……/……"},
		{dateTimeShort(time.Time{}), ""},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestVerdictString(t *testing.T) {
	for v, want := range map[Verdict]string{VerdictNone: "", VerdictEarly: "Trước hạn", VerdictOnTime: "Đúng hạn", VerdictLate: "Quá hạn"} {
		if v.String() != want {
			t.Errorf("%d.String() = %q, want %q", v, v.String(), want)
		}
	}
}
