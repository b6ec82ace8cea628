package calendarui

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/lunar"
	"github.com/motcua/motcua/internal/web"
)

// apiDay is a listed day in the API.
type apiDay struct {
	Date  string `json:"date"`
	Name  string `json:"name"`
	Kind  string `json:"kind,omitempty"`
	Basis string `json:"basis"`
}

// apiYear is the answer of GET /api/v1/calendar/{year}.
type apiYear struct {
	Year             int      `json:"year"`
	Official         bool     `json:"official"`
	Notice           string   `json:"notice,omitempty"` // "chưa có thông báo chính thức" for proposals
	Note             string   `json:"note,omitempty"`
	DaysOff          []apiDay `json:"days_off"`
	ExtraWorkingDays []apiDay `json:"extra_working_days"`
}

func toAPIYear(y calendar.Year) apiYear {
	out := apiYear{Year: y.Year, Official: y.Official, Note: y.Note, DaysOff: []apiDay{}, ExtraWorkingDays: []apiDay{}}
	if !y.Official {
		out.Notice = calendar.NotOfficialNotice
	}
	for _, d := range y.DaysOff {
		out.DaysOff = append(out.DaysOff, apiDay{Date: d.Date.String(), Name: d.Name, Kind: string(d.Kind), Basis: d.Basis})
	}
	for _, d := range y.ExtraWorkingDays {
		out.ExtraWorkingDays = append(out.ExtraWorkingDays, apiDay{Date: d.Date.String(), Name: d.Name, Basis: d.Basis})
	}
	return out
}

// parseYear parses a year path segment.
func parseYear(s string) (int, error) {
	y, err := strconv.Atoi(s)
	if err != nil || len(s) != 4 {
		return 0, apperr.Invalid("Năm %q không hợp lệ (cần 4 chữ số, ví dụ 2026).", s)
	}
	if y < calendar.MinYear || y > calendar.MaxYear {
		return 0, apperr.Invalid("Năm %d nằm ngoài phạm vi lịch (%d–%d).", y, calendar.MinYear, calendar.MaxYear)
	}
	return y, nil
}

// handleAPIYear answers GET /api/v1/calendar/{year}: the days off (ordinary
// weekends are not listed; a named holiday on a weekend is) and extra
// working days, and whether the year is official.
func (h *Handler) handleAPIYear(w http.ResponseWriter, r *http.Request) {
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
	web.JSON(w, http.StatusOK, toAPIYear(data))
}

type apiLunarDate struct {
	Day   int  `json:"day"`
	Month int  `json:"month"`
	Year  int  `json:"year"`
	Leap  bool `json:"leap"`
}

type apiLunar struct {
	Solar       string       `json:"solar"`
	Lunar       apiLunarDate `json:"lunar"`
	CanChi      string       `json:"can_chi"`       // of the lunar year
	CanChiMonth string       `json:"can_chi_month"` // of the lunar month
	CanChiDay   string       `json:"can_chi_day"`
	Text        string       `json:"text"` // "Mùng 1 tháng Giêng năm Ất Tỵ"
}

// handleAPILunar answers GET /api/v1/calendar/lunar/{yyyy-mm-dd}.
func (h *Handler) handleAPILunar(w http.ResponseWriter, r *http.Request) {
	d, err := calendar.ParseDate(r.PathValue("date"))
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	if d.Year < lunar.MinYear || d.Year > lunar.MaxYear {
		h.srv.Error(w, r, apperr.Invalid("Chỉ chuyển đổi được các năm %d–%d.", lunar.MinYear, lunar.MaxYear))
		return
	}
	web.JSON(w, http.StatusOK, lunarOf(d))
}

func lunarOf(d calendar.Date) apiLunar {
	ld := lunar.FromSolar(d.Year, int(d.Month), d.Day)
	return apiLunar{
		Solar:       d.String(),
		Lunar:       apiLunarDate{Day: ld.Day, Month: ld.Month, Year: ld.Year, Leap: ld.Leap},
		CanChi:      lunar.YearCanChi(ld.Year),
		CanChiMonth: lunar.MonthCanChi(ld.Year, ld.Month),
		CanChiDay:   lunar.DayCanChi(d.Year, int(d.Month), d.Day),
		Text:        lunar.DayName(ld.Day) + " " + lunar.MonthName(ld.Month, ld.Leap) + " năm " + lunar.YearCanChi(ld.Year),
	}
}

// handleAPISolar answers GET /api/v1/calendar/solar?lunar=yyyy-mm-dd&leap=false.
func (h *Handler) handleAPISolar(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ld, err := parseLunar(q.Get("lunar"))
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	if s := q.Get("leap"); s != "" {
		if ld.Leap, err = strconv.ParseBool(s); err != nil {
			h.srv.Error(w, r, apperr.Invalid("Tham số leap phải là true hoặc false."))
			return
		}
	}
	y, m, d, err := lunar.ToSolar(ld)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, map[string]string{"solar": calendar.NewDate(y, time.Month(m), d).String()})
}

// parseLunar parses a lunar date written "yyyy-mm-dd" (not checked against
// the lunar calendar; ToSolar does that).
func parseLunar(s string) (lunar.Date, error) {
	bad := apperr.Invalid("Ngày âm lịch %q không hợp lệ (cần dạng YYYY-MM-DD, ví dụ 2025-03-10).", s)
	parts := strings.Split(s, "-")
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) != 2 || len(parts[2]) != 2 {
		return lunar.Date{}, bad
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return lunar.Date{}, bad
		}
		n[i] = v
	}
	return lunar.Date{Year: n[0], Month: n[1], Day: n[2]}, nil
}

type apiDeadline struct {
	Start          time.Time `json:"start"`
	EffectiveStart time.Time `json:"effective_start"`
	Due            time.Time `json:"due"`
	Duration       string    `json:"duration"`     // "3 ngày làm việc"
	OfficeHours    string    `json:"office_hours"` // the office hours used
	Agency         string    `json:"agency,omitempty"`
}

// handleAPIDeadline answers GET /api/v1/calendar/deadline?start=RFC3339&
// amount=N&unit=…[&cutoff=HH:MM][&agency=CODE].
func (h *Handler) handleAPIDeadline(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var v apperr.Validation
	start, err := time.Parse(time.RFC3339, q.Get("start"))
	v.Check(err == nil, "start", "Thời điểm bắt đầu (start) phải theo RFC 3339, ví dụ 2025-04-25T10:00:00+07:00.")
	amount, err := strconv.Atoi(q.Get("amount"))
	v.Check(err == nil, "amount", "Thời hạn (amount) phải là một số nguyên.")
	unit, err := calendar.ParseUnit(q.Get("unit"))
	v.Check(err == nil, "unit", "Đơn vị thời hạn không hợp lệ (dùng working_hours, working_days, days hoặc months).")
	cutoff, err := calendar.ParseCutoff(q.Get("cutoff"))
	v.Check(err == nil, "cutoff", "Giờ chốt (cutoff) phải có dạng HH:MM, ví dụ 15:00.")
	if err := v.Err(); err != nil {
		h.srv.Error(w, r, firstField(err))
		return
	}
	code := strings.TrimSpace(q.Get("agency"))
	c, err := h.svc.For(r.Context(), "")
	if code != "" {
		c, _, err = h.svc.ForAgency(r.Context(), code)
	}
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	d := calendar.Duration{Amount: amount, Unit: unit}
	es, due, err := c.Due(start, d, calendar.Options{Cutoff: cutoff})
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, apiDeadline{Start: start.In(calendar.Loc), EffectiveStart: es, Due: due,
		Duration: d.String(), OfficeHours: c.Hours().String(), Agency: code})
}

// firstField turns a validation error into one whose message names the
// first bad parameter (API clients read the message; fields stay).
func firstField(err error) error {
	fs := apperr.FieldsOf(err)
	for _, k := range []string{"start", "amount", "unit", "cutoff"} {
		if m, ok := fs[k]; ok {
			return &apperr.Error{Code: apperr.CodeInvalid, Message: m, Fields: fs}
		}
	}
	return err
}
