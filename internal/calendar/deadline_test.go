package calendar_test

import (
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
)

// vn parses "2006-01-02 15:04" in Vietnam time.
func vn(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.Loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func fmtVN(t time.Time) string { return t.In(calendar.Loc).Format("2006-01-02 15:04") }

// standard returns the civil-service calendar 2024–2027 (2024–2026
// official, 2027 proposed) with the default office hours Mon–Fri
// 07:30–11:30, 13:00–17:00.
func standard(t testing.TB) *calendar.Calendar {
	t.Helper()
	c, err := calendar.Standard(calendar.DefaultOfficeHours(), 2024, 2027)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDueWorkedExamples(t *testing.T) {
	c := standard(t)
	wd := func(n int) calendar.Duration { return calendar.Duration{Amount: n, Unit: calendar.WorkingDays} }
	wh := func(n int) calendar.Duration { return calendar.Duration{Amount: n, Unit: calendar.WorkingHours} }
	days := func(n int) calendar.Duration { return calendar.Duration{Amount: n, Unit: calendar.Days} }
	months := func(n int) calendar.Duration { return calendar.Duration{Amount: n, Unit: calendar.Months} }
	cut := calendar.Options{Cutoff: calendar.DefaultCutoff}
	tests := []struct {
		name      string
		start     string
		d         calendar.Duration
		opt       calendar.Options
		wantStart string
		wantDue   string
	}{
		// Friday 25/4/2025 10:00, 3 working days. Saturday 26/4 is worked
		// (swap for Friday 2/5, TB 6150/TB-BLĐTBXH), Sunday 27/4 is off:
		// working day 1 = Sat 26/4, 2 = Mon 28/4, 3 = Tue 29/4 → 10:00.
		{"swap Saturday counts", "2025-04-25 10:00", wd(3), calendar.Options{}, "2025-04-25 10:00", "2025-04-29 10:00"},
		// Two more: 30/4, 1/5 holidays, 2/5 swapped off, 3–4/5 weekend:
		// 4 = Mon 5/5, 5 = Tue 6/5.
		{"across 30/4–4/5", "2025-04-25 10:00", wd(5), calendar.Options{}, "2025-04-25 10:00", "2025-05-06 10:00"},
		// Friday 13/2/2026 15:30, the last afternoon before Tết (off
		// 14–22/2). With the 15:00 cut-off the clock starts at the next
		// working day's opening, Monday 23/2 07:30; three full working days
		// are Mon 23, Tue 24, Wed 25 → Wednesday 17:00.
		{"before Tết, after cut-off", "2026-02-13 15:30", wd(3), cut, "2026-02-23 07:30", "2026-02-25 17:00"},
		// Without the cut-off the clock starts at 15:30 (6.5 h into the
		// day): the 3rd working day after Fri 13/2 is Wed 25/2 → 15:30.
		{"before Tết, no cut-off", "2026-02-13 15:30", wd(3), calendar.Options{}, "2026-02-13 15:30", "2026-02-25 15:30"},
		// Before the cut-off nothing moves.
		{"before cut-off", "2026-02-13 14:59", wd(1), cut, "2026-02-13 14:59", "2026-02-23 14:59"},
		// 8 working hours from Friday 17/10/2025 14:00: Friday 14:00–17:00
		// (3 h), Monday 07:30–11:30 (7 h), 13:00–14:00 (8 h) → Mon 14:00.
		{"hours across a weekend", "2025-10-17 14:00", wh(8), calendar.Options{}, "2025-10-17 14:00", "2025-10-20 14:00"},
		// ND 118 Đ17.2: an online dossier arriving on Saturday is accepted
		// within 8 working hours: the clock starts Monday 07:30 and the 8th
		// hour ends Monday 17:00 (not Tuesday 07:30).
		{"8 working hours from a Saturday", "2025-10-18 10:00", wh(8), calendar.Options{}, "2025-10-20 07:30", "2025-10-20 17:00"},
		// 4 hours from 07:30 end at the end of the morning session, 11:30.
		{"hours to a session end", "2025-10-20 07:30", wh(4), calendar.Options{}, "2025-10-20 07:30", "2025-10-20 11:30"},
		// Lunch break: the clock starts at 13:00.
		{"lunch break", "2025-10-20 12:10", wh(1), calendar.Options{}, "2025-10-20 13:00", "2025-10-20 14:00"},
		// One working day from Monday 07:30 is the whole Monday.
		{"one day from opening", "2025-10-20 07:30", wd(1), calendar.Options{}, "2025-10-20 07:30", "2025-10-20 17:00"},
		// One working day from 13:00 (4 h into the day) is 4 h into
		// Tuesday: the end of its morning session, 11:30.
		{"one day from 13:00", "2025-10-20 13:00", wd(1), calendar.Options{}, "2025-10-20 13:00", "2025-10-21 11:30"},
		// After closing: the next working day's opening.
		{"after closing", "2025-10-20 18:00", wd(1), calendar.Options{}, "2025-10-21 07:30", "2025-10-21 17:00"},
		// Giỗ Tổ 2026 falls on Sunday 26/4; Monday 27/4 is off (Đ111.3);
		// 30/4 and 1/5 (Thu, Fri) off. From Fri 24/4 09:00, 3 working days:
		// Tue 28, Wed 29, Mon 4/5 → 09:00.
		{"Giỗ Tổ 2026 compensatory Monday", "2026-04-24 09:00", wd(3), calendar.Options{}, "2026-04-24 09:00", "2026-05-04 09:00"},
		// Quốc khánh 2026: Mon 31/8 swapped for Sat 22/8, 1–2/9 off. From
		// Fri 21/8 10:00, 2 working days: 1 = Sat 22/8 (worked), 2 = Mon
		// 24/8 → 10:00.
		{"Quốc khánh 2026 swap", "2026-08-21 10:00", wd(2), calendar.Options{}, "2026-08-21 10:00", "2026-08-24 10:00"},
		// Calendar days (Civil Code Art. 147.2, 148): 15 days from Monday
		// 20/4/2026: day 1 is 21/4, day 15 is Tue 5/5 → closing time.
		{"15 days", "2026-04-20 09:00", days(15), calendar.Options{}, "2026-04-20 09:00", "2026-05-05 17:00"},
		// 10 days from 20/4/2026 end on Thu 30/4, a holiday; 1/5 holiday,
		// 2–3/5 weekend → the next working day Mon 4/5 (Art. 148.5).
		{"days ending on a holiday", "2026-04-20 09:00", days(10), calendar.Options{}, "2026-04-20 09:00", "2026-05-04 17:00"},
		// Months (Art. 148.3): Thu 31/7/2025 + 2 months → Tue 30/9/2025
		// (September has no 31st).
		{"month end clamp", "2025-07-31 10:00", months(2), calendar.Options{}, "2025-07-31 10:00", "2025-09-30 17:00"},
		// 16/1/2026 + 1 month = 16/2/2026, in Tết → Monday 23/2.
		{"month ending in Tết", "2026-01-16 10:00", months(1), calendar.Options{}, "2026-01-16 10:00", "2026-02-23 17:00"},
		// Immediate procedures (0): the end of the same working day.
		{"immediate", "2025-04-25 10:00", wd(0), calendar.Options{}, "2025-04-25 10:00", "2025-04-25 17:00"},
		// Immediate on the swapped Saturday: worked like a Monday.
		{"immediate on swap Saturday", "2025-04-26 10:00", wh(0), calendar.Options{}, "2025-04-26 10:00", "2025-04-26 17:00"},
		// Immediate on Sunday: Monday's opening and close.
		{"immediate on Sunday", "2025-04-27 09:00", days(0), calendar.Options{}, "2025-04-28 07:30", "2025-04-28 17:00"},
		// Into the proposed year 2027: from Wed 3/2/2027 10:00, 1 working
		// day; proposed Tết 4–10/2/2027 (Tết is Sat 6/2) → Thu 11/2 10:00.
		{"proposal year 2027", "2027-02-03 10:00", wd(1), calendar.Options{}, "2027-02-03 10:00", "2027-02-11 10:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es, due, err := c.Due(vn(t, tt.start), tt.d, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if fmtVN(es) != tt.wantStart || fmtVN(due) != tt.wantDue {
				t.Errorf("Due(%s, %v) = start %s, due %s; want %s, %s", tt.start, tt.d, fmtVN(es), fmtVN(due), tt.wantStart, tt.wantDue)
			}
			if ok, _ := c.IsWorkingDay(calendar.DateOf(due)); !ok {
				t.Errorf("due %s is not on a working day", fmtVN(due))
			}
		})
	}
}

func TestDueAcceptsAnyZone(t *testing.T) {
	c := standard(t)
	// 03:00 UTC is 10:00 in Vietnam.
	es, due, err := c.Due(time.Date(2025, 4, 25, 3, 0, 0, 0, time.UTC), calendar.Duration{Amount: 3, Unit: calendar.WorkingDays}, calendar.Options{})
	if err != nil || fmtVN(es) != "2025-04-25 10:00" || fmtVN(due) != "2025-04-29 10:00" {
		t.Errorf("got %s, %s, %v", fmtVN(es), fmtVN(due), err)
	}
	if due.Location() != calendar.Loc {
		t.Errorf("due is in %v, want Asia/Ho_Chi_Minh", due.Location())
	}
}

func TestSaturdayOfficeHours(t *testing.T) {
	h, err := calendar.ParseOfficeHours("Mon-Fri 07:30-11:30,13:00-17:00; Sat 07:30-11:30")
	if err != nil {
		t.Fatal(err)
	}
	c, err := calendar.Standard(h, 2025, 2025)
	if err != nil {
		t.Fatal(err)
	}
	// Friday 17/10/2025 14:00 is 5 h into the day. The next working day is
	// Saturday (4 h long): the position is capped at its end, 11:30.
	_, due, _ := c.Due(vn(t, "2025-10-17 14:00"), calendar.Duration{Amount: 1, Unit: calendar.WorkingDays}, calendar.Options{})
	if got := fmtVN(due); got != "2025-10-18 11:30" {
		t.Errorf("1 working day = %s, want 2025-10-18 11:30", got)
	}
	// 8 working hours: Fri 3 h, Sat 4 h, Mon 1 h → Monday 08:30.
	_, due, _ = c.Due(vn(t, "2025-10-17 14:00"), calendar.Duration{Amount: 8, Unit: calendar.WorkingHours}, calendar.Options{})
	if got := fmtVN(due); got != "2025-10-20 08:30" {
		t.Errorf("8 working hours = %s, want 2025-10-20 08:30", got)
	}
	// A holiday on Saturday closes the centre: Sat 30/8/2025 is not a day
	// off in the data (only weekdays were announced), so it is open;
	// Sat 26/4/2025 (swap) works the full Monday sessions.
	ss, _ := c.Sessions(calendar.NewDate(2025, 4, 26))
	if len(ss) != 2 {
		t.Errorf("sessions of the swapped Saturday = %v, want the weekday's two", ss)
	}
}

func TestElapsedWithSupplementPause(t *testing.T) {
	c := standard(t)
	// Received Mon 20/4/2026 08:00, finished Wed 29/4/2026 16:00.
	// Working time: Mon 20/4 7.5 h; Tue–Fri 21–24/4 4 × 8 = 32 h; Sat–Sun;
	// Mon 27/4 compensatory for Giỗ Tổ (off); Tue 28/4 8 h; Wed 29/4
	// 07:30–11:30 + 13:00–16:00 = 7 h. Total 54.5 h.
	// Supplement pause Thu 23/4 10:00 → Tue 28/4 14:00, across the weekend
	// and the compensatory day: 23/4 5.5 h, 24/4 8 h, 28/4 5 h = 18.5 h.
	// Elapsed = 54.5 − 18.5 = 36 h (4.5 working days).
	from, to := vn(t, "2026-04-20 08:00"), vn(t, "2026-04-29 16:00")
	pause := calendar.Interval{Start: vn(t, "2026-04-23 10:00"), End: vn(t, "2026-04-28 14:00")}
	tests := []struct {
		name   string
		pauses []calendar.Interval
		want   time.Duration
	}{
		{"no pause", nil, 54*time.Hour + 30*time.Minute},
		{"supplement", []calendar.Interval{pause}, 36 * time.Hour},
		// The same pause twice and one inside it count once.
		{"overlapping", []calendar.Interval{pause, {Start: vn(t, "2026-04-24 08:00"), End: vn(t, "2026-04-24 09:00")}, pause}, 36 * time.Hour},
		// An open pause (zero End) runs to `to`; one before `from` is ignored.
		{"open pause", []calendar.Interval{{Start: vn(t, "2026-04-29 15:00")}, {Start: vn(t, "2026-04-01 08:00"), End: vn(t, "2026-04-02 08:00")}}, 53*time.Hour + 30*time.Minute},
	}
	for _, tt := range tests {
		got, err := c.Elapsed(from, to, tt.pauses)
		if err != nil || got != tt.want {
			t.Errorf("%s: Elapsed = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
	if _, err := c.Elapsed(to, from, nil); !apperr.Is(err, apperr.CodeInvalid) {
		t.Errorf("to before from: err = %v", err)
	}
}

func TestJudge(t *testing.T) {
	due := vn(t, "2025-04-29 10:00")
	tests := []struct {
		finish string
		want   calendar.Verdict
	}{
		{"2025-04-28 16:00", calendar.Early}, // the day before the due date
		{"2025-04-28 23:59", calendar.Early},
		{"2025-04-29 06:00", calendar.OnTime}, // on the due date (before opening)
		{"2025-04-29 10:00", calendar.OnTime}, // exactly at due
		{"2025-04-29 10:01", calendar.Late},
		{"2025-05-05 08:00", calendar.Late},
	}
	for _, tt := range tests {
		if got := calendar.Judge(vn(t, tt.finish), due); got != tt.want {
			t.Errorf("Judge(%s) = %s, want %s", tt.finish, got, tt.want)
		}
	}
	if calendar.Early.Label() != "Trước hạn" || calendar.OnTime.Label() != "Đúng hạn" || calendar.Late.Label() != "Quá hạn" {
		t.Error("labels")
	}
}

func TestLegalHelpers(t *testing.T) {
	c := standard(t)
	// ND 118 Đ19.6: the apology must come at least 1 day before the due
	// date. Due Tue 29/4/2025 10:00.
	due := vn(t, "2025-04-29 10:00")
	if ok, _ := c.IsAtLeastBefore(vn(t, "2025-04-28 16:00"), due, 1, calendar.Days); !ok {
		t.Error("Mon 28/4 is 1 day before Tue 29/4")
	}
	if ok, _ := c.IsAtLeastBefore(vn(t, "2025-04-29 08:00"), due, 1, calendar.Days); ok {
		t.Error("the due date itself is not 1 day before")
	}
	// Due Mon 5/5/2025: 1 calendar day before is Sun 4/5; 1 working day
	// before is Tue 29/4 (30/4–4/5 are off). Wed 30/4 passes the first
	// test and fails the second.
	due = vn(t, "2025-05-05 10:00")
	if ok, _ := c.IsAtLeastBefore(vn(t, "2025-04-30 09:00"), due, 1, calendar.Days); !ok {
		t.Error("30/4 is at least 1 day before 5/5")
	}
	if ok, _ := c.IsAtLeastBefore(vn(t, "2025-04-30 09:00"), due, 1, calendar.WorkingDays); ok {
		t.Error("30/4 is not 1 working day before 5/5 (the working day before is 29/4)")
	}
	if _, err := c.IsAtLeastBefore(due, due, 1, calendar.Months); !apperr.Is(err, apperr.CodeInvalid) {
		t.Errorf("months: err = %v", err)
	}

	// ND 118 Đ19.5: supplement request at the latest 3 working days after
	// receipt. Received Fri 25/4/2025: Sat 26/4 (swap), Mon 28/4, Tue 29/4
	// → Tuesday 17:00.
	got, err := c.SupplementRequestDeadline(vn(t, "2025-04-25 16:45"))
	if err != nil || fmtVN(got) != "2025-04-29 17:00" {
		t.Errorf("SupplementRequestDeadline = %s, %v", fmtVN(got), err)
	}
	// ND 118 Đ19.5: closed 15 days after the notice. Notice Fri 13/2/2026
	// 10:00 → day 15 is Sat 28/2 → next working day Mon 2/3/2026, 17:00.
	got, err = c.SupplementCloseOut(vn(t, "2026-02-13 10:00"))
	if err != nil || fmtVN(got) != "2026-03-02 17:00" {
		t.Errorf("SupplementCloseOut = %s, %v", fmtVN(got), err)
	}
}

func TestWorkingDays(t *testing.T) {
	c := standard(t)
	d := calendar.NewDate
	off := []calendar.Date{
		// Tết 2025: 25/1–2/2 (6150/TB-BLĐTBXH).
		d(2025, 1, 25), d(2025, 1, 27), d(2025, 1, 31), d(2025, 2, 2),
		// 30/4–4/5/2025, Friday 2/5 swapped.
		d(2025, 4, 30), d(2025, 5, 1), d(2025, 5, 2), d(2025, 5, 4),
		// Quốc khánh 2025: 30/8–2/9.
		d(2025, 8, 30), d(2025, 9, 1), d(2025, 9, 2),
		// Tết 2026: 14/2–22/2; Giỗ Tổ compensatory 27/4; 30/4, 1/5;
		// 31/8 (swap), 1/9, 2/9; Ngày Văn hóa Việt Nam 24/11.
		d(2026, 1, 2), d(2026, 2, 14), d(2026, 2, 16), d(2026, 2, 20), d(2026, 2, 22),
		d(2026, 4, 27), d(2026, 4, 30), d(2026, 5, 1), d(2026, 8, 31), d(2026, 9, 1), d(2026, 9, 2), d(2026, 11, 24),
		// 2024: Tết 8–14/2, Giỗ Tổ 18/4, 29/4 (swap), 30/4, 1/5, 2–3/9.
		d(2024, 2, 8), d(2024, 2, 14), d(2024, 4, 18), d(2024, 4, 29), d(2024, 9, 3),
	}
	on := []calendar.Date{
		d(2025, 1, 24), d(2025, 2, 3), d(2025, 4, 26), d(2025, 4, 29), d(2025, 5, 5), d(2025, 9, 3),
		d(2026, 1, 10), d(2026, 2, 13), d(2026, 2, 23), d(2026, 4, 28), d(2026, 8, 22), d(2026, 11, 23), d(2026, 11, 25),
		d(2024, 2, 7), d(2024, 2, 15), d(2024, 5, 4),
	}
	for _, x := range off {
		if ok, err := c.IsWorkingDay(x); ok || err != nil {
			t.Errorf("IsWorkingDay(%s) = %v, %v; want false", x, ok, err)
		}
	}
	for _, x := range on {
		if ok, err := c.IsWorkingDay(x); !ok || err != nil {
			t.Errorf("IsWorkingDay(%s) = %v, %v; want true", x, ok, err)
		}
	}
	// Fri 24/1/2025 → the next working day is Mon 3/2 (Tết).
	if got, _ := c.AddWorkingDays(d(2025, 1, 24), 1); got != d(2025, 2, 3) {
		t.Errorf("AddWorkingDays(24/1, 1) = %s", got)
	}
	if got, _ := c.AddWorkingDays(d(2025, 2, 3), -1); got != d(2025, 1, 24) {
		t.Errorf("AddWorkingDays(3/2, -1) = %s", got)
	}
	if got, _ := c.AddWorkingDays(d(2025, 1, 25), 0); got != d(2025, 2, 3) {
		t.Errorf("AddWorkingDays(25/1, 0) = %s", got)
	}
	if got, _ := c.AddWorkingDays(d(2025, 1, 24), 0); got != d(2025, 1, 24) {
		t.Errorf("AddWorkingDays(24/1, 0) = %s", got)
	}
	// Working days after 24/1 up to 3/2: only 3/2.
	if n, _ := c.WorkingDaysBetween(d(2025, 1, 24), d(2025, 2, 3)); n != 1 {
		t.Errorf("WorkingDaysBetween = %d, want 1", n)
	}
	if n, _ := c.WorkingDaysBetween(d(2025, 2, 3), d(2025, 1, 24)); n != -1 {
		t.Errorf("WorkingDaysBetween reversed = %d, want -1", n)
	}
	// 2025 has 365 − 104 weekend days − 12 weekdays off + 1 Saturday worked = 250.
	if n, _ := c.WorkingDaysBetween(d(2024, 12, 31), d(2025, 12, 31)); n != 250 {
		t.Errorf("working days in 2025 = %d, want 250", n)
	}
}

func TestBadInput(t *testing.T) {
	c := standard(t)
	start := vn(t, "2025-04-25 10:00")
	tests := []struct {
		name string
		err  func() error
		want string
	}{
		{"negative", func() error {
			_, _, err := c.Due(start, calendar.Duration{Amount: -1, Unit: calendar.WorkingDays}, calendar.Options{})
			return err
		}, "không được là số âm"},
		{"unknown unit", func() error {
			_, _, err := c.Due(start, calendar.Duration{Amount: 1, Unit: "weeks"}, calendar.Options{})
			return err
		}, "Đơn vị thời hạn không hợp lệ"},
		{"too long", func() error {
			_, _, err := c.Due(start, calendar.Duration{Amount: 1 << 40, Unit: calendar.WorkingHours}, calendar.Options{})
			return err
		}, "quá dài"},
		{"cut-off", func() error {
			_, _, err := c.Due(start, calendar.Duration{Amount: 1, Unit: calendar.WorkingDays}, calendar.Options{Cutoff: 25 * time.Hour})
			return err
		}, "Giờ chốt"},
		{"start outside data", func() error {
			_, _, err := c.Due(vn(t, "2030-01-02 10:00"), calendar.Duration{Amount: 1, Unit: calendar.WorkingDays}, calendar.Options{})
			return err
		}, "Năm 2030 chưa có dữ liệu"},
		{"result beyond data", func() error {
			_, _, err := c.Due(vn(t, "2027-12-01 10:00"), calendar.Duration{Amount: 60, Unit: calendar.WorkingDays}, calendar.Options{})
			return err
		}, "vượt quá phạm vi"},
		{"hours beyond data", func() error {
			_, _, err := c.Due(vn(t, "2027-12-01 10:00"), calendar.Duration{Amount: 2000, Unit: calendar.WorkingHours}, calendar.Options{})
			return err
		}, "vượt quá phạm vi"},
		{"months beyond data", func() error {
			_, _, err := c.Due(vn(t, "2027-12-01 10:00"), calendar.Duration{Amount: 2, Unit: calendar.Months}, calendar.Options{})
			return err
		}, "vượt quá phạm vi"},
		{"day outside data", func() error {
			_, err := c.IsWorkingDay(calendar.NewDate(2023, 12, 31))
			return err
		}, "Năm 2023 chưa có dữ liệu"},
		{"unit parse", func() error {
			_, err := calendar.ParseUnit("ngày")
			return err
		}, "Đơn vị thời hạn không hợp lệ"},
	}
	for _, tt := range tests {
		err := tt.err()
		if !apperr.Is(err, apperr.CodeInvalid) || !strings.Contains(apperr.Message(err), tt.want) {
			t.Errorf("%s: err = %v, want invalid containing %q", tt.name, err, tt.want)
		}
	}
}

// Properties over many starts: a working-hours due is exactly that much
// office time after the effective start; a working-days due is N × 8 h of
// office time later (every working day of the default hours is 8 h long);
// dues never fall on a day off and never go backwards when the start moves
// forward.
func TestDueProperties(t *testing.T) {
	c := standard(t)
	durations := []calendar.Duration{
		{Amount: 1, Unit: calendar.WorkingHours}, {Amount: 8, Unit: calendar.WorkingHours}, {Amount: 37, Unit: calendar.WorkingHours},
		{Amount: 1, Unit: calendar.WorkingDays}, {Amount: 3, Unit: calendar.WorkingDays}, {Amount: 23, Unit: calendar.WorkingDays},
		{Amount: 0, Unit: calendar.WorkingDays}, {Amount: 15, Unit: calendar.Days}, {Amount: 2, Unit: calendar.Months},
	}
	prev := make([]time.Time, len(durations))
	start := vn(t, "2024-01-01 00:00")
	for k := 0; k < 3*365*24*4; k += 7 { // every 105 minutes over three years
		s := start.Add(time.Duration(k) * 15 * time.Minute)
		for u, d := range durations {
			es, due, err := c.Due(s, d, calendar.Options{})
			if err != nil {
				t.Fatalf("Due(%s, %v): %v", fmtVN(s), d, err)
			}
			if ok, _ := c.IsWorkingDay(calendar.DateOf(due)); !ok {
				t.Fatalf("Due(%s, %v) = %s on a day off", fmtVN(s), d, fmtVN(due))
			}
			if due.Before(prev[u]) || due.Before(es) {
				t.Fatalf("Due(%s, %v) = %s went backwards (previous %s)", fmtVN(s), d, fmtVN(due), fmtVN(prev[u]))
			}
			prev[u] = due
			el, _ := c.Elapsed(es, due, nil)
			want := time.Duration(-1)
			switch d.Unit {
			case calendar.WorkingHours:
				want = time.Duration(d.Amount) * time.Hour
			case calendar.WorkingDays:
				if d.Amount > 0 {
					want = time.Duration(d.Amount) * 8 * time.Hour
				}
			}
			if want >= 0 && el != want {
				t.Fatalf("Due(%s, %v) = %s: elapsed %v, want %v", fmtVN(s), d, fmtVN(due), el, want)
			}
		}
	}
}
