package calendar_test

import (
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
)

func TestParseOfficeHours(t *testing.T) {
	tests := []struct {
		in, canonical string
	}{
		{"", "Mon-Fri 07:30-11:30,13:00-17:00"},
		{"07:30-11:30,13:00-17:00", "Mon-Fri 07:30-11:30,13:00-17:00"},
		{"Mon-Fri 07:30-11:30,13:00-17:00; Sat 07:30-11:30", "Mon-Fri 07:30-11:30,13:00-17:00; Sat 07:30-11:30"},
		{"Mon-Fri 07:00-11:30,13:30-17:00; Sat 07:30-11:30", "Mon-Fri 07:00-11:30,13:30-17:00; Sat 07:30-11:30"},
		{"T2-T6 7:30-11:30, 13:30-16:30; T7 07:30-11:30", "Mon-Fri 07:30-11:30,13:30-16:30; Sat 07:30-11:30"},
		{"mon,wed 08:00-12:00; tue 08:00-17:00", "Mon 08:00-12:00; Tue 08:00-17:00; Wed 08:00-12:00"},
		{"Sat-Sun 08:00-12:00", "Sat-Sun 08:00-12:00"},
	}
	for _, tt := range tests {
		h, err := calendar.ParseOfficeHours(tt.in)
		if err != nil {
			t.Errorf("ParseOfficeHours(%q): %v", tt.in, err)
			continue
		}
		if got := h.String(); got != tt.canonical {
			t.Errorf("ParseOfficeHours(%q).String() = %q, want %q", tt.in, got, tt.canonical)
		}
		again, err := calendar.ParseOfficeHours(h.String())
		if err != nil || again.String() != h.String() {
			t.Errorf("round trip of %q: %q, %v", tt.in, again.String(), err)
		}
	}
	h, _ := calendar.ParseOfficeHours("Mon-Fri 07:30-11:30,13:00-17:00; Sat 07:30-11:30")
	if got := h.Label(); got != "Thứ Hai – Thứ Sáu: 07:30–11:30, 13:00–17:00; Thứ Bảy: 07:30–11:30" {
		t.Errorf("Label = %q", got)
	}
}

func TestParseOfficeHoursErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Mon-Fri 25:00-26:00", "HH:MM-HH:MM"},
		{"Mon-Fri 07:30-7:00", "kết thúc sau"},
		{"Mon-Fri 07:30-11:30,11:00-17:00", "không chồng"},
		{"Mon-Fri 08:00-12:00; Fri 13:00-17:00", "Thứ Sáu được khai báo hai lần"},
		{"Fri-Mon 08:00-12:00", "theo thứ tự"},
		{"Xyz 08:00-12:00", "Không hiểu ngày"},
		{"Mon-Fri 8h-12h", "HH:MM-HH:MM"},
		{";", "ít nhất một ngày"},
	}
	for _, tt := range tests {
		_, err := calendar.ParseOfficeHours(tt.in)
		if !apperr.Is(err, apperr.CodeInvalid) || !strings.Contains(apperr.Message(err), tt.want) {
			t.Errorf("ParseOfficeHours(%q) = %v, want invalid containing %q", tt.in, err, tt.want)
		}
		if err := calendar.ValidateOfficeHours(tt.in); err == nil {
			t.Errorf("ValidateOfficeHours(%q) = nil", tt.in)
		}
	}
}

func TestValidateOfficeHoursIsStrict(t *testing.T) {
	for _, ok := range []string{"", "Mon-Fri 07:30-11:30,13:00-17:00", "Mon-Fri 07:00-11:30, 13:30-17:00; Sat 07:30-11:30", "mon-thu 08:00-17:00; fri 08:00-12:00"} {
		if err := calendar.ValidateOfficeHours(ok); err != nil {
			t.Errorf("ValidateOfficeHours(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"07:30-11:30,13:00-17:00", "T2-T6 07:30-11:30", "Mon-Fri 7:30-11:30", "Mon,Wed 08:00-12:00"} {
		if _, err := calendar.ParseOfficeHours(bad); err != nil {
			t.Errorf("ParseOfficeHours(%q) = %v, want accepted", bad, err)
		}
		if err := calendar.ValidateOfficeHours(bad); !apperr.Is(err, apperr.CodeInvalid) {
			t.Errorf("ValidateOfficeHours(%q) = %v, want invalid", bad, err)
		}
	}
}

func TestParseCutoff(t *testing.T) {
	if d, err := calendar.ParseCutoff("15:00"); err != nil || d != 15*time.Hour {
		t.Errorf("ParseCutoff(15:00) = %v, %v", d, err)
	}
	if d, err := calendar.ParseCutoff(""); err != nil || d != 0 {
		t.Errorf("ParseCutoff('') = %v, %v", d, err)
	}
	for _, s := range []string{"25:00", "00:00", "3pm", "15:0"} {
		if _, err := calendar.ParseCutoff(s); !apperr.Is(err, apperr.CodeInvalid) {
			t.Errorf("ParseCutoff(%q) = %v", s, err)
		}
	}
}
