package admin

import (
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/i18n"
)

// DefaultOfficeHours is what an agency with empty office hours keeps (the
// system default documented in internal/demo/data/README.md).
const DefaultOfficeHours = "Mon-Fri 07:30-11:30,13:00-17:00"

var weekdays = []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

var dayNames = map[string][7]string{
	i18n.VI: {"Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"},
	i18n.EN: {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
}

// HoursGroup is one group of office hours: days From..To (0 = Monday) and
// their time ranges ("07:30", "11:30").
type HoursGroup struct {
	From, To int
	Ranges   [][2]string
}

// ParseOfficeHours parses the office-hours text: groups separated by ";",
// each a day or day range ("Mon", "Mon-Fri") followed by comma-separated
// "HH:MM-HH:MM" ranges in ascending order, e.g.
// "Mon-Fri 07:30-11:30,13:00-17:00; Sat 07:30-11:30". "" is the default.
// Errors are apperr invalid errors with a Vietnamese message.
func ParseOfficeHours(s string) ([]HoursGroup, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		s = DefaultOfficeHours
	}
	var out []HoursGroup
	seen := [7]bool{}
	for _, g := range strings.Split(s, ";") {
		g = strings.TrimSpace(g)
		days, ranges, ok := strings.Cut(g, " ")
		if !ok || days == "" {
			return nil, apperr.Invalid("nhóm “%s” phải có ngày và giờ, ví dụ “Mon-Fri 07:30-11:30,13:00-17:00”.", g)
		}
		var hg HoursGroup
		first, last, isRange := strings.Cut(days, "-")
		hg.From, hg.To = dayIndex(first), dayIndex(first)
		if isRange {
			hg.To = dayIndex(last)
		}
		if hg.From < 0 || hg.To < 0 || hg.To < hg.From {
			return nil, apperr.Invalid("ngày “%s” không hợp lệ; dùng Mon, Tue, Wed, Thu, Fri, Sat, Sun hoặc khoảng như Mon-Fri.", days)
		}
		for d := hg.From; d <= hg.To; d++ {
			if seen[d] {
				return nil, apperr.Invalid("ngày %s xuất hiện nhiều lần.", weekdays[d])
			}
			seen[d] = true
		}
		prevEnd := ""
		for _, r := range strings.Split(strings.TrimSpace(ranges), ",") {
			r = strings.TrimSpace(r)
			from, to, ok := strings.Cut(r, "-")
			if !ok || !validClock(from) || !validClock(to) || to <= from {
				return nil, apperr.Invalid("khoảng giờ “%s” không hợp lệ; dùng dạng 07:30-11:30.", r)
			}
			if from < prevEnd {
				return nil, apperr.Invalid("các khoảng giờ phải theo thứ tự tăng dần và không chồng nhau (“%s”).", r)
			}
			prevEnd = to
			hg.Ranges = append(hg.Ranges, [2]string{from, to})
		}
		out = append(out, hg)
	}
	return out, nil
}

// CheckOfficeHours validates office-hours text (used when the calendar
// module provides no validator).
func CheckOfficeHours(s string) error {
	_, err := ParseOfficeHours(s)
	return err
}

func dayIndex(s string) int {
	for i, d := range weekdays {
		if strings.EqualFold(d, s) {
			return i
		}
	}
	return -1
}

func validClock(s string) bool {
	if len(s) != 5 || s[2] != ':' {
		return false
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	h, m := int(s[0]-'0')*10+int(s[1]-'0'), int(s[3]-'0')*10+int(s[4]-'0')
	return h >= 0 && h <= 24 && m >= 0 && m < 60 && (h < 24 || m == 0)
}

// FormatOfficeHours renders office-hours text for people, one line per
// group: "Thứ Hai – Thứ Sáu: 07:30–11:30, 13:00–17:00". Text that does not
// parse is returned as is.
func FormatOfficeHours(s, lang string) []string {
	groups, err := ParseOfficeHours(s)
	if err != nil {
		return []string{s}
	}
	names, ok := dayNames[lang]
	if !ok {
		names = dayNames[i18n.VI]
	}
	var out []string
	for _, g := range groups {
		days := names[g.From]
		if g.To > g.From {
			days += " – " + names[g.To]
		}
		var rs []string
		for _, r := range g.Ranges {
			rs = append(rs, r[0]+"–"+r[1])
		}
		out = append(out, days+": "+strings.Join(rs, ", "))
	}
	return out
}

// effectiveHours is the machine-readable office hours of an agency, with the
// default filled in (what the API publishes).
func effectiveHours(s string) string {
	if strings.TrimSpace(s) == "" {
		return DefaultOfficeHours
	}
	return s
}
