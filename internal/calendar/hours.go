package calendar

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
)

// Session is an opening period of a working day, in minutes from local
// midnight: [Start, End).
type Session struct {
	Start, End int
}

// Minutes returns the length of s.
func (s Session) Minutes() int { return s.End - s.Start }

// String formats s as "07:30-11:30".
func (s Session) String() string { return hhmm(s.Start) + "-" + hhmm(s.End) }

// OfficeHours are the opening sessions of each day of the week (indexed by
// time.Weekday; an empty list means closed that day). Extra working days
// (a Saturday worked in exchange for a weekday off) use the sessions of a
// normal weekday: Monday's, or the first weekday that has any.
type OfficeHours struct {
	Week [7][]Session
}

// DefaultOfficeHours returns Monday–Friday 07:30–11:30 and 13:00–17:00: 8
// hours a day, the 40-hour week of the civil service (Quyết định
// 188/1999/QĐ-TTg), with Saturday and Sunday the weekly rest days. The
// sessions themselves are a local choice; each agency may configure its own.
func DefaultOfficeHours() OfficeHours {
	var h OfficeHours
	for wd := time.Monday; wd <= time.Friday; wd++ {
		h.Week[wd] = []Session{{7*60 + 30, 11*60 + 30}, {13 * 60, 17 * 60}}
	}
	return h
}

// ExtraDay returns the sessions used on an extra working day.
func (h OfficeHours) ExtraDay() []Session {
	for _, wd := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday} {
		if len(h.Week[wd]) > 0 {
			return h.Week[wd]
		}
	}
	for _, s := range h.Week {
		if len(s) > 0 {
			return s
		}
	}
	return nil
}

// Day names accepted by ParseOfficeHours, in week order Monday..Sunday.
var (
	dayAbbr  = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	dayNames = map[string]time.Weekday{
		"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday, "thu": time.Thursday,
		"fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday,
		"t2": time.Monday, "t3": time.Tuesday, "t4": time.Wednesday, "t5": time.Thursday,
		"t6": time.Friday, "t7": time.Saturday, "cn": time.Sunday,
	}
	dayLabel = [7]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}
)

// weekPos orders weekdays Monday=0 … Sunday=6 for ranges such as "Mon-Fri".
func weekPos(wd time.Weekday) int { return mod(int(wd)+6, 7) }

// ParseOfficeHours parses office hours written as in the agencies table:
//
//	""                                        the default (DefaultOfficeHours)
//	"07:30-11:30,13:00-17:00"                 these sessions Monday to Friday
//	"Mon-Fri 07:30-11:30,13:00-17:00; Sat 07:30-11:30"
//
// Days are Mon…Sun (or T2…T7, CN), single or as a range "Mon-Fri", several
// separated by commas ("Mon,Wed"). Days not named are closed. Errors are
// invalid apperr errors with a Vietnamese message.
func ParseOfficeHours(s string) (OfficeHours, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultOfficeHours(), nil
	}
	var h OfficeHours
	var seen [7]bool
	for _, group := range strings.Split(s, ";") {
		group = strings.TrimSpace(group)
		if group == "" {
			continue
		}
		days := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
		spec, sessText, found := strings.Cut(group, " ")
		if !found || (len(spec) > 0 && spec[0] >= '0' && spec[0] <= '9') {
			sessText = group // sessions only: Monday to Friday
		} else {
			var err error
			if days, err = parseDays(spec); err != nil {
				return OfficeHours{}, err
			}
		}
		sessions, err := parseSessions(strings.TrimSpace(sessText))
		if err != nil {
			return OfficeHours{}, err
		}
		for _, wd := range days {
			if seen[wd] {
				return OfficeHours{}, apperr.Invalid("%s được khai báo hai lần.", apperr.Phrase(dayLabel[wd]))
			}
			seen[wd] = true
			h.Week[wd] = sessions
		}
	}
	if h.ExtraDay() == nil {
		return OfficeHours{}, apperr.Invalid("Cần ít nhất một ngày làm việc trong tuần.")
	}
	return h, nil
}

// storedGroup is one group of the stored format of agencies.office_hours,
// which other modules also read: English day or day range, then HH:MM
// sessions.
var storedGroup = regexp.MustCompile(`^(?i:mon|tue|wed|thu|fri|sat|sun)(-(?i:mon|tue|wed|thu|fri|sat|sun))? [0-2]\d:[0-5]\d-[0-2]\d:[0-5]\d(, ?[0-2]\d:[0-5]\d-[0-2]\d:[0-5]\d)*$`)

// ValidateOfficeHours checks office-hours text before it is stored in the
// agencies table (the app gives it to agency.Validate). It is stricter than
// ParseOfficeHours: "" or groups such as "Mon-Fri 07:30-11:30,13:00-17:00"
// only (English day names, two-digit hours), the format the other modules
// display.
func ValidateOfficeHours(s string) error {
	if _, err := ParseOfficeHours(s); err != nil {
		return err
	}
	for _, g := range strings.Split(s, ";") {
		if g = strings.TrimSpace(g); g != "" && !storedGroup.MatchString(g) {
			return apperr.Invalid("Nhóm “%s” chưa đúng dạng “Mon-Fri 07:30-11:30,13:00-17:00” (ngày Mon…Sun, giờ HH:MM).", g)
		}
	}
	return nil
}

func parseDays(spec string) ([]time.Weekday, error) {
	var out []time.Weekday
	for _, item := range strings.Split(spec, ",") {
		from, to, isRange := strings.Cut(item, "-")
		a, ok := dayNames[strings.ToLower(strings.TrimSpace(from))]
		if !ok {
			return nil, apperr.Invalid("Không hiểu ngày %q (dùng Mon…Sun hoặc T2…T7, CN).", from)
		}
		b := a
		if isRange {
			if b, ok = dayNames[strings.ToLower(strings.TrimSpace(to))]; !ok {
				return nil, apperr.Invalid("Không hiểu ngày %q (dùng Mon…Sun hoặc T2…T7, CN).", to)
			}
			if weekPos(b) < weekPos(a) {
				return nil, apperr.Invalid("Khoảng ngày %q phải theo thứ tự trong tuần (ví dụ Mon-Fri).", item)
			}
		}
		for p := weekPos(a); p <= weekPos(b); p++ {
			out = append(out, time.Weekday((p+1)%7))
		}
	}
	return out, nil
}

func parseSessions(s string) ([]Session, error) {
	var out []Session
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		a, b, ok := strings.Cut(item, "-")
		start, err1 := parseClock(a)
		end, err2 := parseClock(b)
		if !ok || err1 != nil || err2 != nil {
			return nil, apperr.Invalid("Khung giờ %q không đúng dạng HH:MM-HH:MM (ví dụ 07:30-11:30).", item)
		}
		if end <= start {
			return nil, apperr.Invalid("Khung giờ %q phải kết thúc sau khi bắt đầu.", item)
		}
		if len(out) > 0 && start < out[len(out)-1].End {
			return nil, apperr.Invalid("Các khung giờ phải theo thứ tự và không chồng lên nhau (%q).", item)
		}
		out = append(out, Session{start, end})
	}
	if len(out) > 8 {
		return nil, apperr.Invalid("Tối đa 8 khung giờ mỗi ngày.")
	}
	return out, nil
}

// parseClock parses "HH:MM" (also "7:30", and "24:00" as an end) into
// minutes from midnight.
func parseClock(s string) (int, error) {
	s = strings.TrimSpace(s)
	hs, ms, ok := strings.Cut(s, ":")
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if !ok || err1 != nil || err2 != nil || len(ms) != 2 || len(hs) < 1 || len(hs) > 2 ||
		h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("bad clock %q", s)
	}
	return h*60 + m, nil
}

// ParseCutoff parses a cut-off time of day "HH:MM" (e.g. "15:00") into a
// duration since midnight for Options.Cutoff. "" gives 0 (no cut-off).
func ParseCutoff(s string) (time.Duration, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	m, err := parseClock(s)
	if err != nil || m == 0 || m >= 24*60 {
		return 0, apperr.Invalid("Giờ chốt %q không hợp lệ (cần dạng HH:MM, ví dụ 15:00).", s)
	}
	return time.Duration(m) * time.Minute, nil
}

func hhmm(min int) string { return fmt.Sprintf("%02d:%02d", min/60, min%60) }

// String formats h in the canonical form accepted by ParseOfficeHours,
// grouping consecutive days with the same sessions:
// "Mon-Fri 07:30-11:30,13:00-17:00; Sat 07:30-11:30".
func (h OfficeHours) String() string {
	return h.format(func(wd time.Weekday) string { return dayAbbr[wd] }, "-", " ", ",", "; ")
}

// Label describes h in Vietnamese for pages: "Thứ Hai – Thứ Sáu: 07:30–11:30,
// 13:00–17:00; Thứ Bảy: 07:30–11:30".
func (h OfficeHours) Label() string {
	s := h.format(func(wd time.Weekday) string { return dayLabel[wd] }, " – ", ": ", ", ", "; ")
	return strings.ReplaceAll(s, "-", "–")
}

func (h OfficeHours) format(name func(time.Weekday) string, rangeSep, daySep, sessSep, groupSep string) string {
	var groups []string
	for p := 0; p < 7; {
		wd := time.Weekday((p + 1) % 7)
		if len(h.Week[wd]) == 0 {
			p++
			continue
		}
		q := p
		for q+1 < 7 && sameSessions(h.Week[time.Weekday((q+2)%7)], h.Week[wd]) {
			q++
		}
		days := name(wd)
		if q > p {
			days += rangeSep + name(time.Weekday((q+1)%7))
		}
		sess := make([]string, len(h.Week[wd]))
		for i, s := range h.Week[wd] {
			sess[i] = s.String()
		}
		groups = append(groups, days+daySep+strings.Join(sess, sessSep))
		p = q + 1
	}
	return strings.Join(groups, groupSep)
}

func sameSessions(a, b []Session) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
