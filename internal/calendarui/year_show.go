package calendarui

import (
	"net/http"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/lunar"
)

// weekdayShort are the column heads of a month grid, Monday first.
var weekdayShort = [7]string{"T2", "T3", "T4", "T5", "T6", "T7", "CN"}

// weekdayLong names a weekday (index time.Weekday).
var weekdayLong = [7]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// cell is a day of a month grid.
type cell struct {
	Day     int // 0 = padding before the 1st / after the last day
	Date    string
	Lunar   string // "15", or "1/3" on the first day of a lunar month
	Status  string // "", "off", "work", "weekend"
	Tag     string // visible marker: "Nghỉ", "Làm bù"
	Title   string // name of the listed day
	Weekday string
	Today   bool
}

type monthGrid struct {
	ID    string
	Title string
	Weeks [][7]cell
}

// dayRow is a listed day in the tables below the grids.
type dayRow struct {
	Date    calendar.Date
	Weekday string
	Lunar   string
	Name    string
	Kind    string
	Basis   string
}

// YearPage is the data of a year page (public and administration).
type YearPage struct {
	Year       int
	Official   bool
	Notice     string
	Note       string
	CanChi     string
	Months     []monthGrid
	DaysOff    []dayRow
	Extra      []dayRow
	Prev, Next int
	Weekdays   [7]string
	CSS        string
}

// handleYearRedirect sends GET /lich (or /lich?nam=2027 from the year
// form) to the year's page; the current year by default.
func (h *Handler) handleYearRedirect(w http.ResponseWriter, r *http.Request) {
	y := calendar.DateOf(h.srv.DB.Now()).Year
	if s := r.URL.Query().Get("nam"); s != "" {
		v, err := parseYear(s)
		if err != nil {
			h.srv.Error(w, r, err)
			return
		}
		y = v
	}
	http.Redirect(w, r, "/lich/"+strconv.Itoa(y), http.StatusSeeOther)
}

// handleYearShow renders GET /lich/{year}: twelve month grids with lunar
// dates, the days off and extra working days, and a banner for years
// without an official notice.
func (h *Handler) handleYearShow(w http.ResponseWriter, r *http.Request) {
	y, err := parseYear(r.PathValue("year"))
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	data, err := h.svc.Year(r.Context(), y)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	pd := buildYear(data, calendar.DateOf(h.srv.DB.Now()))
	h.render(w, r, page{name: "calendar_year", title: "Lịch làm việc năm " + strconv.Itoa(y), data: pd})
}

// buildYear lays out the page of year data; today is highlighted.
func buildYear(data calendar.Year, today calendar.Date) YearPage {
	y := data.Year
	pd := YearPage{Year: y, Official: data.Official, Note: data.Note, CanChi: lunar.YearCanChi(y), Weekdays: weekdayShort, CSS: CSSURL}
	if !data.Official {
		pd.Notice = calendar.NotOfficialNotice
	}
	if y > calendar.MinYear {
		pd.Prev = y - 1
	}
	if y < calendar.MaxYear {
		pd.Next = y + 1
	}
	listed := map[calendar.Date]calendar.Day{}
	extra := map[calendar.Date]bool{}
	for _, d := range data.DaysOff {
		listed[d.Date] = d
		pd.DaysOff = append(pd.DaysOff, toRow(d, d.Kind.Label()))
	}
	for _, d := range data.ExtraWorkingDays {
		listed[d.Date] = d
		extra[d.Date] = true
		pd.Extra = append(pd.Extra, toRow(d, calendar.KindSwapWork.Label()))
	}
	for m := time.January; m <= time.December; m++ {
		g := monthGrid{ID: "thang-" + strconv.Itoa(int(m)), Title: "Tháng " + strconv.Itoa(int(m))}
		first := calendar.NewDate(y, m, 1)
		var week [7]cell
		col := (int(first.Weekday()) + 6) % 7 // Monday = 0
		for d := first; d.Month == m; d = d.AddDays(1) {
			c := cell{Day: d.Day, Date: d.String(), Weekday: weekdayLong[d.Weekday()], Today: d == today}
			ld := lunar.FromSolar(d.Year, int(d.Month), d.Day)
			c.Lunar = strconv.Itoa(ld.Day)
			if ld.Day == 1 {
				c.Lunar += "/" + strconv.Itoa(ld.Month)
				if ld.Leap {
					c.Lunar += "n"
				}
			}
			wd := d.Weekday()
			if wd == time.Saturday || wd == time.Sunday {
				c.Status = "weekend"
			}
			if ld, ok := listed[d]; ok {
				c.Title = ld.Name
				if extra[d] {
					c.Status, c.Tag = "work", "Làm bù"
				} else {
					c.Status, c.Tag = "off", "Nghỉ"
				}
			}
			week[col] = c
			col++
			if col == 7 {
				g.Weeks = append(g.Weeks, week)
				week, col = [7]cell{}, 0
			}
		}
		if col > 0 {
			g.Weeks = append(g.Weeks, week)
		}
		pd.Months = append(pd.Months, g)
	}
	return pd
}

func toRow(d calendar.Day, kind string) dayRow {
	ld := lunar.FromSolar(d.Date.Year, int(d.Date.Month), d.Date.Day)
	return dayRow{Date: d.Date, Weekday: weekdayLong[d.Date.Weekday()], Lunar: ld.String(), Name: d.Name, Kind: kind, Basis: d.Basis}
}
