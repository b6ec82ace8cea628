package admin

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
)

func TestFormatOfficeHours(t *testing.T) {
	for _, tc := range []struct {
		in, lang string
		want     []string
	}{
		{"", "vi", []string{"Thứ Hai – Thứ Sáu: 07:30–11:30, 13:00–17:00"}},
		{"Mon-Fri 07:00-11:30,13:30-17:00; Sat 07:30-11:30", "vi", []string{"Thứ Hai – Thứ Sáu: 07:00–11:30, 13:30–17:00", "Thứ Bảy: 07:30–11:30"}},
		{"Mon-Fri 07:00-11:30,13:30-17:00; Sat 07:30-11:30", "en", []string{"Monday – Friday: 07:00–11:30, 13:30–17:00", "Saturday: 07:30–11:30"}},
		{"Sun 08:00-12:00", "vi", []string{"Chủ nhật: 08:00–12:00"}},
		{"không rõ", "vi", []string{"không rõ"}},
	} {
		if diff := cmp.Diff(tc.want, FormatOfficeHours(tc.in, tc.lang)); diff != "" {
			t.Errorf("FormatOfficeHours(%q, %s) (-want +got):\n%s", tc.in, tc.lang, diff)
		}
	}
}

func TestCheckOfficeHours(t *testing.T) {
	for _, ok := range []string{"", "Mon-Fri 07:30-11:30,13:00-17:00", "Mon 07:00-11:00; Tue-Sat 08:00-12:00,13:00-24:00"} {
		if err := CheckOfficeHours(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"Mon-Fri", "Fri-Mon 07:00-11:00", "Mon 7:00-11:00", "Mon 11:00-07:00", "Mon 07:00-11:00,10:00-12:00",
		"Mon-Fri 07:00-11:00; Fri 13:00-17:00", "Thu2 07:00-11:00", "Mon 25:00-26:00", "Mon 07:00-11:00;"} {
		err := CheckOfficeHours(bad)
		if apperr.Code(err) != apperr.CodeInvalid {
			t.Errorf("%q accepted: %v", bad, err)
		}
	}
}
