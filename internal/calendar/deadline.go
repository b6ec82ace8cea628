package calendar

import (
	"time"

	"github.com/motcua/motcua/internal/apperr"
)

// Unit is the unit of a time limit (đơn vị thời hạn). The national portal
// stores the same four per procedure (DonViTinh: giờ, ngày làm việc, ngày,
// tháng).
type Unit string

// Units.
const (
	WorkingHours Unit = "working_hours" // giờ làm việc
	WorkingDays  Unit = "working_days"  // ngày làm việc
	Days         Unit = "days"          // ngày (calendar days)
	Months       Unit = "months"        // tháng
)

// Units lists the units in display order.
var Units = []Unit{WorkingDays, WorkingHours, Days, Months}

// ParseUnit parses a unit name; unknown names give the invalid error
// "Đơn vị thời hạn không hợp lệ".
func ParseUnit(s string) (Unit, error) {
	switch u := Unit(s); u {
	case WorkingHours, WorkingDays, Days, Months:
		return u, nil
	}
	return "", errUnit
}

var errUnit = apperr.Invalid("Đơn vị thời hạn không hợp lệ (dùng working_hours, working_days, days hoặc months).")

// Label returns the Vietnamese name of u.
func (u Unit) Label() string {
	switch u {
	case WorkingHours:
		return "giờ làm việc"
	case WorkingDays:
		return "ngày làm việc"
	case Days:
		return "ngày"
	case Months:
		return "tháng"
	}
	return string(u)
}

// MaxAmount bounds Duration.Amount (far beyond any legal time limit).
const MaxAmount = 100000

// Duration is a time limit: Amount units. Amount 0 means an immediate
// procedure (giải quyết ngay / trong ngày).
type Duration struct {
	Amount int  `json:"amount"`
	Unit   Unit `json:"unit"`
}

// String formats d in Vietnamese: "3 ngày làm việc".
func (d Duration) String() string { return itoa(d.Amount) + " " + d.Unit.Label() }

// Validate returns an invalid apperr error for a negative or huge amount or
// an unknown unit.
func (d Duration) Validate() error {
	if _, err := ParseUnit(string(d.Unit)); err != nil {
		return err
	}
	if d.Amount < 0 {
		return errNegative
	}
	if d.Amount > MaxAmount {
		return errTooLong
	}
	return nil
}

var (
	errNegative = apperr.Invalid("Thời hạn không được là số âm.")
	errTooLong  = apperr.Invalid("Thời hạn quá dài (tối đa 100000).")
	errCutoff   = apperr.Invalid("Giờ chốt không hợp lệ (phải trong khoảng 00:01–23:59).")
)

// DefaultCutoff is the usual afternoon cut-off: a paper dossier received
// after 15:00 is transferred at the start of the next working day (ND 118
// Đ18.2), and sector laws start the time limit then (Luật Hộ tịch Đ5, ND
// 23/2015 Đ7, ND 63/2024 Đ7). It applies only where a procedure says so.
const DefaultCutoff = 15 * time.Hour

// Options modify how a deadline starts.
type Options struct {
	// Cutoff is a time of day (a duration since midnight, e.g. 15h). A
	// start strictly after it on a working day starts the clock at the
	// next working day's opening. 0 means no cut-off.
	Cutoff time.Duration
}

// Due computes the deadline of a time limit d started at start, in Vietnam
// time (legal-reference §7; docs/calendar.md):
//
//   - effectiveStart: start itself if the office is open then; otherwise the
//     next opening (before opening → that day's opening; lunch break → the
//     afternoon session; after closing, on a day off → the next working
//     day's opening). With opt.Cutoff, a start after the cut-off on a
//     working day moves to the next working day's opening.
//   - working_hours: the earliest instant at which Amount hours of office
//     time have run from effectiveStart (a result reaching the end of a
//     session is due at that end: 8 working hours from Monday 07:30 is
//     Monday 17:00).
//   - working_days: the same point of the working clock Amount working
//     days later: the position within effectiveStart's day (working time
//     since its opening) on the Amount-th following working day, capped at
//     that day's length (a short Saturday); position 0 is the end of the
//     day before, so 1 working day from Monday 07:30 is Monday 17:00.
//   - days, months: Civil Code 2015 Art. 147.2 and 148: counting starts the
//     day after effectiveStart's date; the limit ends on the Amount-th day
//     (or the corresponding day of the Amount-th month, the last day of the
//     month when it has none, Art. 148.3); if that day is not a working
//     day, on the next working day (Art. 148.5). The due instant is that
//     day's closing time: acts of the agency happen in office hours, so the
//     working day ends when the office closes (Art. 148.6's 24:00 is for
//     private acts).
//   - Amount 0 (immediate procedures): the closing time of effectiveStart's
//     day.
//
// The due instant is always within or at the end of a session of a working
// day. Errors are invalid apperr errors with Vietnamese messages: bad unit,
// negative amount, bad cut-off, a start or result outside the calendar.
func (c *Calendar) Due(start time.Time, d Duration, opt Options) (effectiveStart, due time.Time, err error) {
	if err = d.Validate(); err != nil {
		return time.Time{}, time.Time{}, err
	}
	if opt.Cutoff < 0 || opt.Cutoff >= 24*time.Hour {
		return time.Time{}, time.Time{}, errCutoff
	}
	i, ns, err := c.effectiveStart(start, opt.Cutoff)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	effectiveStart = c.instant(i, ns)
	if d.Amount == 0 {
		return effectiveStart, c.closeOf(i), nil
	}
	switch d.Unit {
	case WorkingHours:
		w := c.cum[i] + c.within(i, ns) + int64(d.Amount)*int64(time.Hour)
		due, err = c.earliest(w)
	case WorkingDays:
		k := int(c.ord[i]) + d.Amount // day i is working: it is work[ord[i]]
		if k >= len(c.work) {
			return time.Time{}, time.Time{}, c.errBeyond()
		}
		j := int(c.work[k])
		p := min(c.within(i, ns), c.dayLen[j])
		if p == 0 {
			due = c.closeOf(int(c.work[k-1]))
		} else {
			due = c.endAt(j, p)
		}
	case Days, Months:
		last := c.dateOf(i)
		if d.Unit == Days {
			last = last.AddDays(d.Amount)
		} else {
			last = last.AddMonths(d.Amount)
		}
		li := last.days() - c.epoch
		if li >= len(c.shape) {
			return time.Time{}, time.Time{}, c.errBeyond()
		}
		k := int(c.ord[li]) // the first working day on or after last
		if k >= len(c.work) {
			return time.Time{}, time.Time{}, c.errBeyond()
		}
		due = c.closeOf(int(c.work[k]))
	}
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	return effectiveStart, due, nil
}

// NextOpening returns t if the office is open at t, else the next opening.
func (c *Calendar) NextOpening(t time.Time) (time.Time, error) {
	i, ns, err := c.effectiveStart(t, 0)
	if err != nil {
		return time.Time{}, err
	}
	return c.instant(i, ns), nil
}

// effectiveStart returns the day and time of day at which a clock started
// at t begins to run (see Due).
func (c *Calendar) effectiveStart(t time.Time, cutoff time.Duration) (int, int64, error) {
	i, ns, ok := c.locate(t)
	if !ok {
		return 0, 0, c.errOutside(DateOf(t).Year)
	}
	if c.dayLen[i] > 0 && (cutoff <= 0 || ns <= int64(cutoff)) {
		for _, s := range c.shapes[c.shape[i]] {
			if ns < s.end {
				return i, max(ns, s.start), nil
			}
		}
	}
	k := int(c.ord[i+1])
	if k >= len(c.work) {
		return 0, 0, c.errBeyond()
	}
	j := int(c.work[k])
	return j, c.shapes[c.shape[j]][0].start, nil
}

// Interval is a period [Start, End) during which a clock is stopped, e.g.
// while waiting for the applicant's supplement (ND 118 Đ19.5 restarts the
// limit; QĐ 766 subtracts supplement time). A zero End means the pause has
// not ended.
type Interval struct {
	Start, End time.Time
}

// Elapsed returns the working time between from and to (office time only,
// per the calendar), minus the working time inside pauses (overlapping
// pauses count once; parts outside [from, to] are ignored). It does not
// allocate for up to 16 pauses.
func (c *Calendar) Elapsed(from, to time.Time, pauses []Interval) (time.Duration, error) {
	if to.Before(from) {
		return 0, apperr.Invalid("Thời điểm kết thúc trước thời điểm bắt đầu.")
	}
	wf, err := c.clock(from)
	if err != nil {
		return 0, err
	}
	wt, err := c.clock(to)
	if err != nil {
		return 0, err
	}
	total := wt - wf
	if len(pauses) == 0 {
		return time.Duration(total), nil
	}
	var buf [16][2]int64
	iv := buf[:0]
	if len(pauses) > len(buf) {
		iv = make([][2]int64, 0, len(pauses))
	}
	for _, p := range pauses {
		a, b := p.Start, p.End
		if b.IsZero() || b.After(to) {
			b = to
		}
		if a.Before(from) {
			a = from
		}
		if !a.Before(b) {
			continue
		}
		wa, _ := c.clock(a) // a, b lie within [from, to]: in range
		wb, _ := c.clock(b)
		// insertion sort by start
		iv = append(iv, [2]int64{wa, wb})
		for k := len(iv) - 1; k > 0 && iv[k][0] < iv[k-1][0]; k-- {
			iv[k], iv[k-1] = iv[k-1], iv[k]
		}
	}
	var paused, end int64 = 0, -1
	for _, x := range iv {
		if x[0] > end {
			paused += x[1] - x[0]
			end = x[1]
		} else if x[1] > end {
			paused += x[1] - end
			end = x[1]
		}
	}
	return time.Duration(total - paused), nil
}

// Verdict is how a finished dossier compares with its deadline.
type Verdict string

// Verdicts.
const (
	Early  Verdict = "early"   // trước hạn
	OnTime Verdict = "on_time" // đúng hạn
	Late   Verdict = "late"    // quá hạn
)

// Label returns the Vietnamese name of v.
func (v Verdict) Label() string {
	switch v {
	case Early:
		return "Trước hạn"
	case OnTime:
		return "Đúng hạn"
	case Late:
		return "Quá hạn"
	}
	return string(v)
}

// Judge compares a finish instant with a due instant, as the state counts
// it: late if finished after due (QĐ 766: on time = end of processing ≤
// appointment); early if finished on a calendar day (Vietnam time) before
// the due date — the dossier took fewer days than the limit, which TT
// 01/2018/TT-VPCP Đ13 indicator 1 scores as "shorter" (2 points) — and on
// time otherwise (finished on the due date, at or before the due time).
func Judge(finish, due time.Time) Verdict {
	if finish.After(due) {
		return Late
	}
	if DateOf(finish).Before(DateOf(due)) {
		return Early
	}
	return OnTime
}

// IsAtLeastBefore reports whether instant t is at least n days (unit Days)
// or n working days (unit WorkingDays) before the due date: t's date is on
// or before due's date minus n days, or on or before the n-th working day
// before due's date. ND 118 Đ19.6 requires the apology and extension form
// "chậm nhất 01 ngày trước ngày hết hạn": IsAtLeastBefore(t, due, 1, Days).
func (c *Calendar) IsAtLeastBefore(t, due time.Time, n int, unit Unit) (bool, error) {
	if n < 0 {
		return false, errNegative
	}
	limit := DateOf(due).AddDays(-n)
	switch unit {
	case Days:
	case WorkingDays:
		var err error
		if limit, err = c.AddWorkingDays(DateOf(due), -n); err != nil {
			return false, err
		}
	default:
		return false, errUnit
	}
	return !DateOf(t).After(limit), nil
}

// SupplementRequestDeadline returns the latest instant at which the
// competent body may send back a dossier for supplement: the closing time
// of the 3rd working day after the date of receipt (ND 118 Đ19.5, "chậm
// nhất 03 ngày làm việc kể từ ngày tiếp nhận"; the day of receipt is not
// counted, Civil Code Art. 147.2). Sector laws may set another limit.
func (c *Calendar) SupplementRequestDeadline(received time.Time) (time.Time, error) {
	return c.CloseAfterWorkingDays(received, 3)
}

// CloseAfterWorkingDays returns the closing time of the n-th working day
// after t's date (n ≥ 1).
func (c *Calendar) CloseAfterWorkingDays(t time.Time, n int) (time.Time, error) {
	if n < 1 {
		return time.Time{}, apperr.Invalid("Số ngày làm việc phải từ 1 trở lên.")
	}
	d, err := c.AddWorkingDays(DateOf(t), n)
	if err != nil {
		return time.Time{}, err
	}
	return c.Close(d)
}

// SupplementCloseOut returns when a dossier whose applicant has not
// supplemented it is closed: 15 days after the notice (ND 118 Đ19.5), i.e.
// Due(notified, 15 days) — the end of the 15th day after the notice's date,
// or of the next working day.
func (c *Calendar) SupplementCloseOut(notified time.Time) (time.Time, error) {
	_, due, err := c.Due(notified, Duration{Amount: 15, Unit: Days}, Options{})
	return due, err
}
