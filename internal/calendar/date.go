package calendar

import (
	"fmt"
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh on hosts without a zoneinfo database

	"github.com/motcua/motcua/internal/apperr"
)

// Loc is Vietnam's time zone. Every date and deadline of this package is
// computed in it, whatever the zone of the time.Time values passed in.
var Loc = mustLoad("Asia/Ho_Chi_Minh")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("calendar: " + err.Error())
	}
	return loc
}

// Date is a day of the Gregorian calendar, without time or zone. The zero
// value is not a valid date (IsZero reports it).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date y-m-d, normalised like time.Date (31/4 → 1/5).
func NewDate(y int, m time.Month, d int) Date {
	return fromDays(daysFromCivil(y, m, d))
}

// DateOf returns the date of t in Vietnam (Loc).
func DateOf(t time.Time) Date {
	y, m, d := t.In(Loc).Date()
	return Date{y, m, d}
}

// ParseDate parses "YYYY-MM-DD". It returns an invalid apperr error with a
// Vietnamese message for anything else, including dates that do not exist
// (2025-02-29).
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil || len(s) != 10 {
		return Date{}, apperr.Invalid("Ngày %q không hợp lệ (cần dạng YYYY-MM-DD, ví dụ 2025-04-30).", s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// String formats d as "2025-04-30".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// VN formats d as "30/04/2025".
func (d Date) VN() string { return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year) }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return time.Weekday(mod(d.days()+4, 7)) // 1970-01-01 was a Thursday
}

// AddDays returns d plus n days (n may be negative).
func (d Date) AddDays(n int) Date { return fromDays(d.days() + n) }

// AddMonths returns d plus n months, clamped to the last day of the target
// month when it has no such day (31/1 + 1 month = 28 or 29/2), as the Civil
// Code 2015 Art. 148.3 counts a period in months.
func (d Date) AddMonths(n int) Date {
	m := int(d.Month) - 1 + n
	y := d.Year + floorDiv(m, 12)
	mon := time.Month(mod(m, 12) + 1)
	day := d.Day
	if last := daysIn(y, mon); day > last {
		day = last
	}
	return Date{y, mon, day}
}

// Sub returns the number of days from e to d (d − e).
func (d Date) Sub(e Date) int { return d.days() - e.days() }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.days() < e.days() }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.days() > e.days() }

// Midnight returns 00:00 of d in Vietnam.
func (d Date) Midnight() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, Loc) }

// MarshalText implements encoding.TextMarshaler ("YYYY-MM-DD").
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// days returns the number of days since 1970-01-01.
func (d Date) days() int { return daysFromCivil(d.Year, d.Month, d.Day) }

// daysFromCivil and fromDays are Howard Hinnant's branch-free conversions
// between a proleptic Gregorian date and a day count (no allocation, no
// time zone), normalising out-of-range months and days.
func daysFromCivil(y int, m time.Month, d int) int {
	mm := int(m) - 1
	y += floorDiv(mm, 12)
	mm = mod(mm, 12) + 1
	if mm <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (mm + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func fromDays(z int) Date {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{y, time.Month(m), d}
}

func daysIn(y int, m time.Month) int {
	return daysFromCivil(y, m+1, 1) - daysFromCivil(y, m, 1)
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func mod(a, b int) int {
	r := a % b
	if r < 0 {
		r += b
	}
	return r
}
