package pdfdoc

import (
	"fmt"
	"strconv"
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh on hosts without /usr/share/zoneinfo
)

// vnZone is the zone every instant is printed in (ICT, UTC+7, no DST).
var vnZone = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		return time.FixedZone("ICT", 7*60*60)
	}
	return loc
}()

// blank is printed where the input leaves a field empty, so the officer can
// complete the printed form by hand (TT 01/2018 Đ10.1: the remaining fields
// are filled in by the officer).
const blank = "……………"

// orBlank returns s, or the dotted placeholder when s is empty.
func orBlank(s string) string {
	if s == "" {
		return blank
	}
	return s
}

// dateLong formats the place-and-date line date: "ngày 05 tháng 01 năm 2026"
// (two-digit day and month as in ND 30/2020 Phụ lục I).
func dateLong(t time.Time) string {
	if t.IsZero() {
		return "ngày …… tháng …… năm ……"
	}
	t = t.In(vnZone)
	return fmt.Sprintf("ngày %02d tháng %02d năm %d", t.Day(), int(t.Month()), t.Year())
}

// dateShort formats "05/01/2026".
func dateShort(t time.Time) string {
	if t.IsZero() {
		return "……/……/……"
	}
	t = t.In(vnZone)
	return fmt.Sprintf("%02d/%02d/%d", t.Day(), int(t.Month()), t.Year())
}

// clockDate formats "08 giờ 30 phút, ngày 05/01/2026", the way Mẫu 01 asks for
// the times of receipt and return.
func clockDate(t time.Time) string {
	if t.IsZero() {
		return "…… giờ …… phút, ngày ……/……/……"
	}
	t = t.In(vnZone)
	return fmt.Sprintf("%02d giờ %02d phút, ngày %s", t.Hour(), t.Minute(), dateShort(t))
}

// dateTimeShort formats "05/01/2026 08:30" for table cells.
func dateTimeShort(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(vnZone)
	return fmt.Sprintf("%s %02d:%02d", dateShort(t), t.Hour(), t.Minute())
}

// Money formats an amount in đồng with Vietnamese digit grouping:
// 50000 → "50.000 đồng".
func Money(vnd int64) string {
	return groupDigits(vnd) + " đồng"
}

func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := false
	if n < 0 {
		neg, s = true, s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3+1)
	if neg {
		out = append(out, '-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, '.')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// twoDigits prints small counts the way the forms do: 1 → "01".
func twoDigits(n int) string {
	return fmt.Sprintf("%02d", n)
}
