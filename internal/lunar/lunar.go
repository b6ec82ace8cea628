package lunar

import (
	"fmt"
	"strconv"

	"github.com/motcua/motcua/internal/apperr"
)

// TimeZone is the offset from UTC, in hours, at which the Vietnamese
// calendar is computed (the 105°E meridian). China computes with UTC+8,
// which gives a different Tết in 1903, 1916, 1935, 1965, 1968, 1969, 1985,
// 2007, 2030 and 2053.
const TimeZone = 7.0

// MinYear and MaxYear bound the solar years ToSolar accepts. The algorithm
// is tested day by day over 1900–2199 (lunar_test.go); outside that the
// approximations of Meeus' series slowly lose accuracy.
const (
	MinYear = 1800
	MaxYear = 2199
)

// Date is a date of the Vietnamese lunar calendar. Year is the solar year in
// which the lunar year begins (Tết); Leap marks the intercalary month (tháng
// nhuận), which repeats the number of the month before it.
type Date struct {
	Day, Month, Year int
	Leap             bool
}

// String formats d as "10/3/2025" or "15/6n/2025" (n = nhuận).
func (d Date) String() string {
	leap := ""
	if d.Leap {
		leap = "n"
	}
	return fmt.Sprintf("%d/%d%s/%d", d.Day, d.Month, leap, d.Year)
}

// FromSolar returns the lunar date of the Gregorian date y-m-d. The date must
// be valid (callers pass dates that came from time.Time or were checked).
func FromSolar(y, m, d int) Date {
	dd, mm, yy, leap := convertSolar2Lunar(d, m, y, TimeZone)
	return Date{Day: dd, Month: mm, Year: yy, Leap: leap}
}

// ToSolar returns the Gregorian date of a lunar date. It returns an invalid
// apperr error (Vietnamese message) when the date does not exist: a month or
// day out of range, a leap month that is not leap that year, or day 30 of a
// 29-day month.
func ToSolar(ld Date) (y, m, d int, err error) {
	if ld.Year < MinYear || ld.Year > MaxYear {
		return 0, 0, 0, apperr.Invalid("Năm âm lịch phải từ %d đến %d.", MinYear, MaxYear)
	}
	if ld.Month < 1 || ld.Month > 12 {
		return 0, 0, 0, apperr.Invalid("Tháng âm lịch phải từ 1 đến 12.")
	}
	if ld.Day < 1 || ld.Day > 30 {
		return 0, 0, 0, apperr.Invalid("Ngày âm lịch phải từ 1 đến 30.")
	}
	jd, ok := convertLunar2Solar(ld.Day, ld.Month, ld.Year, ld.Leap, TimeZone)
	if !ok {
		if lm := LeapMonth(ld.Year); lm != 0 {
			return 0, 0, 0, apperr.Invalid("Năm âm lịch %d (%s) không có tháng %d nhuận (năm này nhuận tháng %d).",
				ld.Year, YearCanChi(ld.Year), ld.Month, lm)
		}
		return 0, 0, 0, apperr.Invalid("Năm âm lịch %d (%s) không có tháng nhuận.", ld.Year, YearCanChi(ld.Year))
	}
	d, m, y = jdToDate(jd)
	if back := FromSolar(y, m, d); back != ld {
		// Only a day past the end of the month gets here (day 30 of a
		// 29-day month rolls over to the 1st of the next month).
		return 0, 0, 0, apperr.Invalid("Tháng %s năm âm lịch %d chỉ có 29 ngày.", monthArg{ld.Month, ld.Leap}, ld.Year)
	}
	return y, m, d, nil
}

// LeapMonth returns the number of the leap month of lunar year y (the month
// it repeats, 1–12), or 0 when the year has none.
func LeapMonth(y int) int {
	// Months 1–10 of year y lie between month 11 of y-1 and month 11 of y;
	// a leap 11 or 12 of year y lies after month 11 of y.
	a := getLunarMonth11(y-1, TimeZone)
	b := getLunarMonth11(y, TimeZone)
	if b-a > 365 {
		if lm := leapMonthNumber(getLeapMonthOffset(a, TimeZone)); lm <= 10 {
			return lm
		}
	}
	c := getLunarMonth11(y+1, TimeZone)
	if c-b > 365 {
		if lm := leapMonthNumber(getLeapMonthOffset(b, TimeZone)); lm >= 11 {
			return lm
		}
	}
	return 0
}

// leapMonthNumber turns an offset from month 11 into the leap month's number.
func leapMonthNumber(off int) int {
	n := (off + 10) % 12
	if n == 0 {
		n = 12
	}
	return n
}

// MonthLength returns the number of days (29 or 30) of a lunar month.
func MonthLength(year, month int, leap bool) (int, error) {
	y, m, d, err := ToSolar(Date{Day: 1, Month: month, Year: year, Leap: leap})
	if err != nil {
		return 0, err
	}
	dd, mm, yy := jdToDate(jdFromDate(d, m, y) + 29)
	if FromSolar(yy, mm, dd).Day == 30 {
		return 30, nil
	}
	return 29, nil
}

// Heavenly stems (can) and earthly branches (chi), Vietnamese names.
var (
	can = [10]string{"Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"}
	chi = [12]string{"Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"}
)

// YearCanChi returns the sexagenary name of lunar year y, e.g. 2025 → "Ất Tỵ",
// 2026 → "Bính Ngọ".
func YearCanChi(y int) string {
	return can[mod(y+6, 10)] + " " + chi[mod(y+8, 12)]
}

// MonthCanChi returns the sexagenary name of a lunar month. A leap month
// has no name of its own; by custom it takes that of the month it repeats.
func MonthCanChi(year, month int) string {
	return can[mod(year*12+month+3, 10)] + " " + chi[mod(month+1, 12)]
}

// DayCanChi returns the sexagenary name of the Gregorian date y-m-d.
func DayCanChi(y, m, d int) string {
	jd := jdFromDate(d, m, y)
	return can[mod(jd+9, 10)] + " " + chi[mod(jd+1, 12)]
}

// MonthName returns the Vietnamese name of a lunar month: "tháng Giêng",
// "tháng Hai", …, "tháng Một" (11), "tháng Chạp" (12), with " nhuận" for a
// leap month.
func MonthName(month int, leap bool) string {
	return "tháng " + monthLabel(month, leap)
}

func monthLabel(month int, leap bool) string {
	names := [...]string{"", "Giêng", "Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười", "Một", "Chạp"}
	s := strconv.Itoa(month)
	if month >= 1 && month <= 12 {
		s = names[month]
	}
	if leap {
		s += " nhuận"
	}
	return s
}

// monthArg is a lunar month as an argument of a message: its Vietnamese
// name ("Chạp", "Tư nhuận"), which has no translation; a language that
// translates the formats below shows the month's number instead ("12",
// "4 (leap)").
type monthArg struct {
	month int
	leap  bool
}

// Formats of a lunar month's number in another language.
const (
	monthNumberFormat = "tháng âm lịch %d"
	leapMonthFormat   = "tháng âm lịch %d nhuận"
)

func (m monthArg) String() string { return monthLabel(m.month, m.leap) }

// In is the month in the language of tr.
func (m monthArg) In(tr func(string) string) string {
	f := monthNumberFormat
	if m.leap {
		f = leapMonthFormat
	}
	if tr(f) == f {
		return m.String()
	}
	return fmt.Sprintf(tr(f), m.month)
}

// DayName returns the customary name of a lunar day: "Mùng 1" … "Mùng 10",
// then "11" … "30" ("Rằm" is not used, to stay unambiguous).
func DayName(day int) string {
	if day <= 10 {
		return "Mùng " + strconv.Itoa(day)
	}
	return strconv.Itoa(day)
}

func mod(a, n int) int {
	r := a % n
	if r < 0 {
		r += n
	}
	return r
}
