package calendar

import (
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/lunar"
)

// Legal bases cited by proposals (Bộ luật Lao động 45/2019/QH14).
const (
	basisNewYear  = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm a"
	basisTet      = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b (ngày cụ thể do Thủ tướng quyết định, khoản 3)"
	basisVictory  = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm c"
	basisLabour   = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm d"
	basisNational = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ (ngày liền kề do Thủ tướng quyết định, khoản 3)"
	basisHungKing = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm e"
	basisCompens  = "Bộ luật Lao động 2019, Điều 111 khoản 3"
	basisCulture  = "Nghị quyết 28/2026/QH16, Điều 2 (hiệu lực từ 01/7/2026)"
	// CultureDayFrom is the first year with Ngày Văn hóa Việt Nam (24/11).
	CultureDayFrom = 2026
)

// Propose returns a proposed calendar for year y, computed from the Labour
// Code 2019 and the lunar calendar, for years the government has not yet
// announced (Official is false):
//
//   - Tết Dương lịch 1/1, Ngày Chiến thắng 30/4, Quốc tế Lao động 1/5,
//     Giỗ Tổ Hùng Vương 10/3 âm lịch (Art. 112.1 a, c, d, e);
//   - Tết Nguyên đán: the last two days of the old lunar year and the
//     first three of the new one (Art. 112.1 b). The Prime Minister chooses
//     the days each year (Art. 112.3); this split, with the compensatory
//     days below, gives exactly the weekdays off of every civil-service
//     notice from 2021 to 2026 (4875/TB-LĐTBXH … 9441/TB-BNV; see
//     proposal_test.go), whereas "1 day before + 4 after" misses 2021;
//   - Quốc khánh 2/9 and one adjacent day (Art. 112.1 đ), chosen on the
//     side that joins the weekend: Monday → Tuesday 3/9; Tuesday, Wednesday,
//     Friday, Saturday → 1/9; Thursday, Sunday → 3/9 — again what the
//     notices of 2021–2026 chose;
//   - from 2026, Ngày Văn hóa Việt Nam 24/11 (Nghị quyết 28/2026/QH16);
//   - for each Art. 112.1 holiday on a Saturday or Sunday, a compensatory
//     day on the next working day (Art. 111.3), taken in date order so that
//     several such days follow each other. 24/11 is not in Art. 112.1 and
//     gets none.
//
// Swaps (a weekday off for a Saturday worked) are decided case by case and
// never proposed.
func Propose(y int) (Year, error) {
	if y < MinYear || y > MaxYear {
		return Year{}, apperr.Invalid("Năm %d nằm ngoài phạm vi lịch (%d–%d).", y, MinYear, MaxYear)
	}
	var days []Day
	add := func(d Date, name, basis string) {
		days = append(days, Day{Date: d, Name: name, Kind: KindHoliday, Basis: basis})
	}
	add(Date{y, time.January, 1}, "Tết Dương lịch", basisNewYear)

	ty, tm, td, err := lunar.ToSolar(lunar.Date{Day: 1, Month: 1, Year: y})
	if err != nil {
		return Year{}, err
	}
	tet := Date{ty, time.Month(tm), td}
	canChi := lunar.YearCanChi(y)
	for i := -2; i <= 2; i++ {
		d := tet.AddDays(i)
		ld := lunar.FromSolar(d.Year, int(d.Month), d.Day)
		label := lunar.DayName(ld.Day) + " Tết"
		if i < 0 {
			label = itoa(ld.Day) + " tháng Chạp"
		}
		add(d, "Tết Nguyên đán "+canChi+" ("+label+")", basisTet)
	}

	hy, hm, hd, err := lunar.ToSolar(lunar.Date{Day: 10, Month: 3, Year: y})
	if err != nil {
		return Year{}, err
	}
	add(Date{hy, time.Month(hm), hd}, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", basisHungKing)
	add(Date{y, time.April, 30}, "Ngày Chiến thắng (30/4)", basisVictory)
	add(Date{y, time.May, 1}, "Ngày Quốc tế Lao động (1/5)", basisLabour)

	national := Date{y, time.September, 2}
	add(national, "Quốc khánh (2/9)", basisNational)
	switch national.Weekday() {
	case time.Monday, time.Thursday, time.Sunday:
		add(national.AddDays(1), "Quốc khánh (ngày liền kề sau 2/9)", basisNational)
	default:
		add(national.AddDays(-1), "Quốc khánh (ngày liền kề trước 2/9)", basisNational)
	}

	slices.SortFunc(days, func(a, b Day) int { return a.Date.Sub(b.Date) })
	days = compensate(days)
	if y >= CultureDayFrom {
		days = append(days, Day{Date: Date{y, time.November, 24}, Name: "Ngày Văn hóa Việt Nam (24/11)", Kind: KindHoliday, Basis: basisCulture})
	}
	out := Year{Year: y, DaysOff: days, ExtraWorkingDays: []Day{},
		Note: "Đề xuất tính theo Bộ luật Lao động 2019 (Điều 111, 112) và âm lịch; " + NotOfficialNotice + "."}
	out.Normalize()
	return out, nil
}

// compensate adds, for each holiday (sorted by date) that falls on a
// Saturday or Sunday, a compensatory day on the next weekday that is not
// already off (Art. 111.3).
func compensate(holidays []Day) []Day {
	off := map[Date]bool{}
	for _, h := range holidays {
		off[h.Date] = true
	}
	out := slices.Clone(holidays)
	for _, h := range holidays {
		if !isWeekend(h.Date) {
			continue
		}
		d := h.Date.AddDays(1)
		for isWeekend(d) || off[d] {
			d = d.AddDays(1)
		}
		off[d] = true
		out = append(out, Day{Date: d, Name: "Nghỉ bù " + baseName(h.Name) + " (" + h.Date.VN()[:5] + ")", Kind: KindCompensatory, Basis: basisCompens})
	}
	return out
}

// baseName drops a trailing parenthesis: "Tết Nguyên đán Ất Tỵ (Mùng 1 Tết)"
// → "Tết Nguyên đán Ất Tỵ".
func baseName(s string) string {
	if i := strings.IndexByte(s, '('); i > 0 {
		return s[:i-1]
	}
	return s
}

func isWeekend(d Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}
