package lunar_test

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/lunar"
)

type tetRow struct {
	year             int
	tet, gioTo       time.Time
	differsFromChina bool
}

// loadTet reads testdata/tet.txt (see its header for the source).
func loadTet(t *testing.T) []tetRow {
	t.Helper()
	f, err := os.Open("testdata/tet.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []tetRow
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Fields(line)
		y, _ := strconv.Atoi(fs[0])
		md := func(s string) time.Time {
			m, _ := strconv.Atoi(s[:2])
			d, _ := strconv.Atoi(s[2:])
			return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		}
		rows = append(rows, tetRow{year: y, tet: md(fs[1]), gioTo: md(fs[2]), differsFromChina: len(fs) > 3})
	}
	if len(rows) != 200 {
		t.Fatalf("testdata/tet.txt: %d years, want 200 (1901–2100)", len(rows))
	}
	return rows
}

func ymd(t time.Time) string { return t.Format("2006-01-02") }

func TestTetAndGioToOverTwoCenturies(t *testing.T) {
	for _, r := range loadTet(t) {
		if got := lunar.FromSolar(r.tet.Year(), int(r.tet.Month()), r.tet.Day()); got != (lunar.Date{Day: 1, Month: 1, Year: r.year}) {
			t.Errorf("FromSolar(%s) = %v, want 1/1/%d (Tết)", ymd(r.tet), got, r.year)
		}
		// The day before Tết belongs to the previous lunar year.
		eve := r.tet.AddDate(0, 0, -1)
		if got := lunar.FromSolar(eve.Year(), int(eve.Month()), eve.Day()); got.Year != r.year-1 || got.Month != 12 || got.Day < 29 {
			t.Errorf("FromSolar(%s) = %v, want 29 or 30/12/%d", ymd(eve), got, r.year-1)
		}
		y, m, d, err := lunar.ToSolar(lunar.Date{Day: 1, Month: 1, Year: r.year})
		if err != nil || fmt.Sprintf("%04d-%02d-%02d", y, m, d) != ymd(r.tet) {
			t.Errorf("ToSolar(1/1/%d) = %04d-%02d-%02d, %v; want %s", r.year, y, m, d, err, ymd(r.tet))
		}
		y, m, d, err = lunar.ToSolar(lunar.Date{Day: 10, Month: 3, Year: r.year})
		if err != nil || fmt.Sprintf("%04d-%02d-%02d", y, m, d) != ymd(r.gioTo) {
			t.Errorf("ToSolar(10/3/%d) (Giỗ Tổ) = %04d-%02d-%02d, %v; want %s", r.year, y, m, d, err, ymd(r.gioTo))
		}
	}
}

// Dates printed in the civil-service holiday notices, lunar and solar side
// by side: Thông báo 6150/TB-BLĐTBXH (Tết Ất Tỵ 2025) and 9441/TB-BNV (Tết
// Bính Ngọ 2026).
func TestDatesPrintedInHolidayNotices(t *testing.T) {
	tests := []struct {
		solar string
		want  lunar.Date
	}{
		{"2025-01-25", lunar.Date{Day: 26, Month: 12, Year: 2024}},
		{"2025-01-29", lunar.Date{Day: 1, Month: 1, Year: 2025}},
		{"2025-02-02", lunar.Date{Day: 5, Month: 1, Year: 2025}},
		{"2026-02-14", lunar.Date{Day: 27, Month: 12, Year: 2025}},
		{"2026-02-16", lunar.Date{Day: 29, Month: 12, Year: 2025}}, // last day of a 29-day tháng Chạp
		{"2026-02-17", lunar.Date{Day: 1, Month: 1, Year: 2026}},
		{"2026-02-22", lunar.Date{Day: 6, Month: 1, Year: 2026}},
		{"1985-01-21", lunar.Date{Day: 1, Month: 1, Year: 1985}}, // Tết Ất Sửu in Vietnam (China: 20/02)
	}
	for _, tt := range tests {
		s, _ := time.Parse("2006-01-02", tt.solar)
		if got := lunar.FromSolar(s.Year(), int(s.Month()), s.Day()); got != tt.want {
			t.Errorf("FromSolar(%s) = %v, want %v", tt.solar, got, tt.want)
		}
	}
}

func TestLeapMonths(t *testing.T) {
	// Leap months of recent years (tháng nhuận), and the solar date of the
	// first day of the leap month where it is widely published.
	tests := []struct {
		year, leap int
		first      string // solar date of day 1 of the leap month, "" = not checked
	}{
		{2001, 4, ""},
		{2004, 2, ""},
		{2006, 7, ""},
		{2009, 5, ""},
		{2012, 4, ""},
		{2014, 9, ""},
		{2017, 6, ""},
		{2020, 4, "2020-05-23"},
		{2023, 2, "2023-03-22"},
		{2025, 6, "2025-07-25"},
		{2028, 5, ""},
		{2033, 11, ""}, // the "2033 problem": leap month 11, after the winter solstice month
		{2024, 0, ""},
		{2026, 0, ""},
	}
	for _, tt := range tests {
		if got := lunar.LeapMonth(tt.year); got != tt.leap {
			t.Errorf("LeapMonth(%d) = %d, want %d", tt.year, got, tt.leap)
		}
		if tt.first == "" {
			continue
		}
		y, m, d, err := lunar.ToSolar(lunar.Date{Day: 1, Month: tt.leap, Year: tt.year, Leap: true})
		if got := fmt.Sprintf("%04d-%02d-%02d", y, m, d); err != nil || got != tt.first {
			t.Errorf("ToSolar(1/%dn/%d) = %s, %v; want %s", tt.leap, tt.year, got, err, tt.first)
		}
		// The day before is the last day of the ordinary month of the same number.
		s, _ := time.Parse("2006-01-02", tt.first)
		s = s.AddDate(0, 0, -1)
		if got := lunar.FromSolar(s.Year(), int(s.Month()), s.Day()); got.Month != tt.leap || got.Leap || got.Day < 29 {
			t.Errorf("day before the leap month %d/%d is %v", tt.leap, tt.year, got)
		}
	}
}

func TestToSolarRejectsDatesThatDoNotExist(t *testing.T) {
	tests := []struct {
		in   lunar.Date
		want string // part of the message
	}{
		{lunar.Date{Day: 1, Month: 4, Year: 2024, Leap: true}, "không có tháng nhuận"},
		{lunar.Date{Day: 1, Month: 5, Year: 2025, Leap: true}, "nhuận tháng 6"},
		{lunar.Date{Day: 30, Month: 12, Year: 2025}, "chỉ có 29 ngày"},
		{lunar.Date{Day: 31, Month: 1, Year: 2025}, "từ 1 đến 30"},
		{lunar.Date{Day: 0, Month: 1, Year: 2025}, "từ 1 đến 30"},
		{lunar.Date{Day: 1, Month: 13, Year: 2025}, "từ 1 đến 12"},
		{lunar.Date{Day: 1, Month: 1, Year: 1700}, "Năm âm lịch"},
	}
	for _, tt := range tests {
		_, _, _, err := lunar.ToSolar(tt.in)
		if !apperr.Is(err, apperr.CodeInvalid) || !strings.Contains(apperr.Message(err), tt.want) {
			t.Errorf("ToSolar(%v) error = %v, want invalid containing %q", tt.in, err, tt.want)
		}
	}
}

func TestMonthLength(t *testing.T) {
	if n, err := lunar.MonthLength(2025, 12, false); err != nil || n != 29 {
		t.Errorf("MonthLength(12/2025) = %d, %v; want 29 (9441/TB-BNV: 16/02/2026 is 29 tháng Chạp, 17/02 is Tết)", n, err)
	}
	if _, err := lunar.MonthLength(2024, 4, true); err == nil {
		t.Error("MonthLength of a leap month that does not exist: want an error")
	}
}

func TestCanChi(t *testing.T) {
	years := map[int]string{
		1968: "Mậu Thân", 1985: "Ất Sửu", 2000: "Canh Thìn", 2024: "Giáp Thìn",
		2025: "Ất Tỵ", 2026: "Bính Ngọ", 2027: "Đinh Mùi",
	}
	for y, want := range years {
		if got := lunar.YearCanChi(y); got != want {
			t.Errorf("YearCanChi(%d) = %q, want %q", y, got, want)
		}
	}
	// Tết Giáp Thìn, Saturday 10/02/2024: day Giáp Thìn, month Bính Dần.
	if got := lunar.DayCanChi(2024, 2, 10); got != "Giáp Thìn" {
		t.Errorf("DayCanChi(2024-02-10) = %q, want Giáp Thìn", got)
	}
	if got := lunar.MonthCanChi(2024, 1); got != "Bính Dần" {
		t.Errorf("MonthCanChi(2024, 1) = %q, want Bính Dần", got)
	}
	// The day cycle has period 60.
	if lunar.DayCanChi(2024, 4, 10) != "Giáp Thìn" {
		t.Errorf("DayCanChi(2024-04-10) = %q, want Giáp Thìn (60 days after 10/02)", lunar.DayCanChi(2024, 4, 10))
	}
}

func TestNames(t *testing.T) {
	if got := lunar.MonthName(1, false); got != "tháng Giêng" {
		t.Errorf("MonthName(1) = %q", got)
	}
	if got := lunar.MonthName(12, false); got != "tháng Chạp" {
		t.Errorf("MonthName(12) = %q", got)
	}
	if got := lunar.MonthName(6, true); got != "tháng Sáu nhuận" {
		t.Errorf("MonthName(6, leap) = %q", got)
	}
	if got := lunar.DayName(1); got != "Mùng 1" {
		t.Errorf("DayName(1) = %q", got)
	}
	if got := lunar.DayName(15); got != "15" {
		t.Errorf("DayName(15) = %q", got)
	}
	if got := (lunar.Date{Day: 15, Month: 6, Year: 2025, Leap: true}).String(); got != "15/6n/2025" {
		t.Errorf("String = %q", got)
	}
}

// Every day from 1900 to 2199: the conversion round-trips, lunar days run
// 1, 2, … without gaps, months have 29 or 30 days, and each lunar year has
// 12 or 13 months.
func TestRoundTripEveryDay1900To2199(t *testing.T) {
	for century := 1900; century < 2200; century += 100 {
		t.Run(strconv.Itoa(century), func(t *testing.T) {
			t.Parallel()
			start := time.Date(century, 1, 1, 0, 0, 0, 0, time.UTC)
			end := time.Date(century+100, 1, 1, 0, 0, 0, 0, time.UTC)
			prev := lunar.FromSolar(century-1, 12, 31)
			monthLen := 0
			for d := start; d.Before(end); d = d.AddDate(0, 0, 1) {
				ld := lunar.FromSolar(d.Year(), int(d.Month()), d.Day())
				y, m, dd, err := lunar.ToSolar(ld)
				if err != nil || y != d.Year() || m != int(d.Month()) || dd != d.Day() {
					t.Fatalf("%s → %v → %04d-%02d-%02d, %v", ymd(d), ld, y, m, dd, err)
				}
				switch {
				case ld.Day == prev.Day+1 && ld.Month == prev.Month && ld.Leap == prev.Leap && ld.Year == prev.Year:
					monthLen = ld.Day
				case ld.Day == 1:
					if monthLen != 0 && monthLen != 29 && monthLen != 30 {
						t.Fatalf("%s: month before %v had %d days", ymd(d), ld, monthLen)
					}
					next := prev.Month + 1
					if ld.Leap {
						next = prev.Month // a leap month repeats the month before it
					}
					if next == 13 {
						next = 1
					}
					if ld.Month != next {
						t.Fatalf("%s: %v follows %v", ymd(d), ld, prev)
					}
					if ld.Month == 1 && !ld.Leap && ld.Year != prev.Year+1 {
						t.Fatalf("%s: year of %v after %v", ymd(d), ld, prev)
					}
					monthLen = 1
				default:
					t.Fatalf("%s: %v does not follow %v", ymd(d), ld, prev)
				}
				prev = ld
			}
		})
	}
}

func BenchmarkFromSolar(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		lunar.FromSolar(2025, 1+i%12, 1+i%28)
	}
}
