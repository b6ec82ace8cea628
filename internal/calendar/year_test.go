package calendar_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
)

func TestDate(t *testing.T) {
	d := calendar.NewDate(2025, 4, 31) // normalised like time.Date
	if d != (calendar.Date{Year: 2025, Month: 5, Day: 1}) {
		t.Errorf("NewDate(2025, 4, 31) = %v", d)
	}
	if d.Weekday() != time.Thursday || d.String() != "2025-05-01" || d.VN() != "01/05/2025" {
		t.Errorf("%v %v %v", d.Weekday(), d.String(), d.VN())
	}
	// Day arithmetic agrees with time.Time over 1976–2199.
	start := time.Date(1976, 1, 1, 0, 0, 0, 0, time.UTC)
	for k := 0; k < 224*366; k += 13 {
		tm := start.AddDate(0, 0, k)
		got := calendar.NewDate(1976, 1, 1).AddDays(k)
		if got.Year != tm.Year() || got.Month != tm.Month() || got.Day != tm.Day() || got.Weekday() != tm.Weekday() {
			t.Fatalf("AddDays(%d) = %v (%v), want %v", k, got, got.Weekday(), tm)
		}
	}
	if got := calendar.NewDate(2024, 1, 31).AddMonths(1); got != calendar.NewDate(2024, 2, 29) {
		t.Errorf("31/1/2024 + 1 month = %v", got)
	}
	if got := calendar.NewDate(2025, 11, 30).AddMonths(3); got != calendar.NewDate(2026, 2, 28) {
		t.Errorf("30/11/2025 + 3 months = %v", got)
	}
	for _, s := range []string{"2025-02-29", "2025-4-30", "30/04/2025", ""} {
		if _, err := calendar.ParseDate(s); !apperr.Is(err, apperr.CodeInvalid) {
			t.Errorf("ParseDate(%q) = %v", s, err)
		}
	}
	// DateOf uses Vietnam time: 20:00 UTC on 30/4 is already 1/5 there.
	if got := calendar.DateOf(time.Date(2025, 4, 30, 20, 0, 0, 0, time.UTC)); got != calendar.NewDate(2025, 5, 1) {
		t.Errorf("DateOf = %v", got)
	}
}

func TestYearValidate(t *testing.T) {
	y := calendar.Year{
		Year: 2025,
		DaysOff: []calendar.Day{
			{Date: calendar.NewDate(2025, 4, 30), Name: "Ngày Chiến thắng", Kind: calendar.KindHoliday},
			{Date: calendar.NewDate(2025, 4, 30), Name: "Trùng", Kind: calendar.KindHoliday},
			{Date: calendar.NewDate(2024, 5, 1), Name: "Sai năm", Kind: calendar.KindHoliday},
			{Date: calendar.NewDate(2025, 5, 2), Name: "", Kind: calendar.KindSwapOff},
			{Date: calendar.NewDate(2025, 5, 5), Name: "Loại lạ", Kind: "strange"},
		},
		ExtraWorkingDays: []calendar.Day{
			{Date: calendar.NewDate(2025, 4, 28), Name: "Thứ Hai làm bù?"},
		},
	}
	err := y.Validate()
	fields := apperr.FieldsOf(err)
	for f, want := range map[string]string{
		"days_off[1]":           "bị trùng",
		"days_off[2]":           "không thuộc năm 2025",
		"days_off[3]":           "tên ngày",
		"days_off[4]":           "Loại ngày nghỉ",
		"extra_working_days[0]": "thứ Bảy hoặc Chủ nhật",
	} {
		if !strings.Contains(fields[f], want) {
			t.Errorf("field %s = %q, want %q", f, fields[f], want)
		}
	}
}

func TestCSVAndJSONRoundTrip(t *testing.T) {
	off, _ := calendar.Official(2025)
	prop, _ := calendar.Propose(2027)
	years := []calendar.Year{off, prop}
	var buf bytes.Buffer
	if err := calendar.WriteCSV(&buf, years); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "2025,2025-04-26,work,swap_work,Làm bù cho ngày nghỉ 02/05/2025,") {
		t.Errorf("CSV:\n%s", buf.String())
	}
	back, err := calendar.ReadCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(years, back); diff != "" {
		t.Errorf("CSV round trip (-want +got):\n%s", diff)
	}

	b, _ := json.Marshal(years)
	back, err = calendar.ReadJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(years, back); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
	one, _ := json.Marshal(years[0])
	if back, err := calendar.ReadJSON(bytes.NewReader(one)); err != nil || len(back) != 1 {
		t.Errorf("ReadJSON(object) = %v, %v", back, err)
	}
}

func TestImportErrors(t *testing.T) {
	tests := []struct {
		name, csv, want string
	}{
		{"header", "a,b\n", "Dòng đầu"},
		{"date", "year,date,type,kind,name,basis\n2025,2025-02-30,off,holiday,X,\n", "Dòng 2"},
		{"type", "year,date,type,kind,name,basis\n2025,2025-04-30,xx,holiday,X,\n", "off hoặc work"},
		{"weekday worked", "year,date,type,kind,name,basis\n2025,2025-04-28,work,swap_work,X,\n", "Dữ liệu chưa hợp lệ"},
	}
	for _, tt := range tests {
		_, err := calendar.ReadCSV(strings.NewReader(tt.csv))
		if !apperr.Is(err, apperr.CodeInvalid) || !strings.Contains(apperr.Message(err), tt.want) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	for _, s := range []string{`{"year":2025,"days_off":[{"date":"2025-13-01","name":"x"}]}`, `{"year":2025,"bogus":1}`, `[`} {
		if _, err := calendar.ReadJSON(strings.NewReader(s)); !apperr.Is(err, apperr.CodeInvalid) {
			t.Errorf("ReadJSON(%s) = %v", s, err)
		}
	}
}

func TestNewRejects(t *testing.T) {
	y24, _ := calendar.Official(2024)
	y26, _ := calendar.Official(2026)
	if _, err := calendar.New(calendar.DefaultOfficeHours(), []calendar.Year{y24, y26}); !apperr.Is(err, apperr.CodeInvalid) {
		t.Errorf("gap: %v", err)
	}
	if _, err := calendar.New(calendar.DefaultOfficeHours(), nil); !apperr.Is(err, apperr.CodeInvalid) {
		t.Errorf("empty: %v", err)
	}
	if _, err := calendar.New(calendar.OfficeHours{}, []calendar.Year{y24}); !apperr.Is(err, apperr.CodeInvalid) {
		t.Errorf("no hours: %v", err)
	}
}
