package calendar

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/textfold"
)

// Kind classifies a day off or an extra working day.
type Kind string

// Kinds of days.
const (
	KindHoliday      Kind = "holiday"      // ngày lễ, tết (BLLĐ 2019 Đ112.1; NQ 28/2026/QH16 for 24/11)
	KindCompensatory Kind = "compensatory" // nghỉ bù: a holiday fell on the weekly rest day (BLLĐ 2019 Đ111.3)
	KindSwapOff      Kind = "swap_off"     // nghỉ hoán đổi: a weekday off in exchange for a Saturday worked
	KindBridge       Kind = "bridge"       // ngày nghỉ thêm theo thông báo (a day off granted without exchange)
	KindSwapWork     Kind = "swap_work"    // làm bù: a weekend day worked (the only kind of extra working day)
)

// OffKinds lists the kinds a day off may have, in display order.
var OffKinds = []Kind{KindHoliday, KindCompensatory, KindSwapOff, KindBridge}

// Label returns the Vietnamese name of k.
func (k Kind) Label() string {
	switch k {
	case KindHoliday:
		return "Ngày lễ, tết"
	case KindCompensatory:
		return "Nghỉ bù"
	case KindSwapOff:
		return "Nghỉ hoán đổi"
	case KindBridge:
		return "Nghỉ theo thông báo"
	case KindSwapWork:
		return "Làm bù"
	}
	return string(k)
}

// Day is a day off or an extra working day of a year, with its Vietnamese
// name and its legal basis (the article or notice that makes it so).
type Day struct {
	Date  Date   `json:"date"`
	Name  string `json:"name"`
	Kind  Kind   `json:"kind,omitempty"`
	Basis string `json:"basis"`
}

// Year is the calendar of one year: the days off that are not ordinary
// weekends, and the weekend days that are worked. A holiday that falls on
// a weekend is listed too (it names the day and explains the compensatory
// day, and it closes agencies that open on Saturdays). Official is false
// for a proposal computed from the Labour Code without a government notice.
type Year struct {
	Year             int    `json:"year"`
	Official         bool   `json:"official"`
	DaysOff          []Day  `json:"days_off"`
	ExtraWorkingDays []Day  `json:"extra_working_days"`
	Note             string `json:"note,omitempty"`
}

// NotOfficialNotice is shown for years whose calendar is a proposal.
const NotOfficialNotice = "chưa có thông báo chính thức"

// Normalize trims and NFC-normalises the texts, fills missing kinds and
// sorts the days by date.
func (y *Year) Normalize() {
	for _, list := range [][]Day{y.DaysOff, y.ExtraWorkingDays} {
		for i := range list {
			list[i].Name = textfold.NFC(list[i].Name)
			list[i].Basis = textfold.NFC(list[i].Basis)
		}
	}
	for i := range y.DaysOff {
		if y.DaysOff[i].Kind == "" {
			y.DaysOff[i].Kind = KindHoliday
		}
	}
	for i := range y.ExtraWorkingDays {
		y.ExtraWorkingDays[i].Kind = KindSwapWork
	}
	y.Note = textfold.NFC(y.Note)
	byDate := func(a, b Day) int { return a.Date.Sub(b.Date) }
	slices.SortFunc(y.DaysOff, byDate)
	slices.SortFunc(y.ExtraWorkingDays, byDate)
}

// Validate checks the year and returns all problems at once as an invalid
// apperr error; fields are "days_off[i]" / "extra_working_days[i]".
func (y *Year) Validate() error {
	var v apperr.Validation
	v.Check(y.Year >= MinYear && y.Year <= MaxYear, "year", "Năm phải từ 1976 đến 2199.")
	seen := map[Date]string{}
	check := func(field string, i int, d Day, extra bool) {
		f := field + "[" + itoa(i) + "]"
		switch {
		case d.Date.IsZero():
			v.Add(f, "Thiếu ngày.")
		case d.Date.Year != y.Year:
			v.Addf(f, "Ngày %s không thuộc năm %d.", d.Date.VN(), y.Year)
		case seen[d.Date] != "":
			v.Addf(f, "Ngày %s bị trùng.", d.Date.VN())
		}
		seen[d.Date] = f
		name := strings.TrimSpace(d.Name)
		v.Check(name != "", f, "Vui lòng nhập tên ngày.")
		v.Check(len([]rune(name)) <= 200, f, "Tên ngày quá dài (tối đa 200 ký tự).")
		v.Check(len([]rune(d.Basis)) <= 500, f, "Căn cứ quá dài (tối đa 500 ký tự).")
		if extra {
			wd := d.Date.Weekday()
			v.Checkf(d.Date.IsZero() || wd == time.Saturday || wd == time.Sunday, f,
				"Ngày làm bù phải là thứ Bảy hoặc Chủ nhật (%s là %s).", d.Date.VN(), apperr.Phrase(dayLabel[wd]))
		} else {
			v.Check(slices.Contains(OffKinds, d.Kind), f, "Loại ngày nghỉ không hợp lệ.")
		}
	}
	for i, d := range y.DaysOff {
		check("days_off", i, d, false)
	}
	for i, d := range y.ExtraWorkingDays {
		check("extra_working_days", i, d, true)
	}
	return v.Err()
}

func itoa(n int) string { return strconv.Itoa(n) }
