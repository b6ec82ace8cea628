package calendar

import (
	"time"

	"github.com/motcua/motcua/internal/apperr"
)

// The range of years a Calendar may cover. Vietnam has kept UTC+7 without
// daylight saving since 13/6/1975, which lets the index use a fixed offset;
// the lunar calendar is tested up to 2199.
const (
	MinYear = 1976
	MaxYear = 2199
)

const (
	offsetSec = 7 * 3600 // UTC+7, constant over [MinYear, MaxYear]
	daySec    = 86400
	nsPerSec  = int64(time.Second)
)

// span is a session in nanoseconds from local midnight.
type span struct{ start, end int64 }

// Calendar is an immutable working-time calendar for a range of years: the
// days off and extra working days of each year and one set of office hours.
// It answers deadline questions in O(1) or O(log n) without allocating.
// Safe for concurrent use. Build it with New (or Standard).
type Calendar struct {
	from, to int
	epoch    int // days since 1970-01-01 of 1 January of from
	hours    OfficeHours
	years    []Year
	shapes   [9][]span // 0 closed, 1+weekday, 8 extra working day
	shape    []uint8   // per day
	dayLen   []int64   // working ns of each day
	cum      []int64   // working ns before day i; len n+1
	ord      []int32   // working days before day i; len n+1
	work     []int32   // indexes of the working days, in order
}

const shapeExtra = 8

// New builds a calendar from consecutive years (each validated) and office
// hours. Years with no announced data should be filled with Propose (see
// Fill) before calling New: the calendar never guesses.
func New(hours OfficeHours, years []Year) (*Calendar, error) {
	if len(years) == 0 {
		return nil, apperr.Invalid("Lịch làm việc cần dữ liệu của ít nhất một năm.")
	}
	if hours.ExtraDay() == nil {
		return nil, apperr.Invalid("Giờ làm việc cần ít nhất một ngày làm việc trong tuần.")
	}
	c := &Calendar{from: years[0].Year, to: years[len(years)-1].Year, hours: hours}
	for i := range years {
		if years[i].Year != c.from+i {
			return nil, apperr.Invalid("Dữ liệu lịch phải gồm các năm liên tiếp (thiếu năm %d).", c.from+i)
		}
		if err := years[i].Validate(); err != nil {
			return nil, err
		}
		y := years[i]
		y.DaysOff = append([]Day(nil), y.DaysOff...)
		y.ExtraWorkingDays = append([]Day(nil), y.ExtraWorkingDays...)
		c.years = append(c.years, y)
	}
	for wd := range 7 {
		c.shapes[1+wd] = toSpans(hours.Week[wd])
	}
	c.shapes[shapeExtra] = toSpans(hours.ExtraDay())

	c.epoch = daysFromCivil(c.from, time.January, 1)
	n := daysFromCivil(c.to+1, time.January, 1) - c.epoch
	c.shape = make([]uint8, n)
	for i := range n {
		wd := mod(c.epoch+i+4, 7)
		if len(hours.Week[wd]) > 0 {
			c.shape[i] = uint8(1 + wd)
		}
	}
	for _, y := range c.years {
		for _, d := range y.DaysOff {
			c.shape[d.Date.days()-c.epoch] = 0
		}
		for _, d := range y.ExtraWorkingDays {
			c.shape[d.Date.days()-c.epoch] = shapeExtra
		}
	}
	c.dayLen = make([]int64, n)
	c.cum = make([]int64, n+1)
	c.ord = make([]int32, n+1)
	for i := range n {
		for _, s := range c.shapes[c.shape[i]] {
			c.dayLen[i] += s.end - s.start
		}
		c.cum[i+1] = c.cum[i] + c.dayLen[i]
		c.ord[i+1] = c.ord[i]
		if c.dayLen[i] > 0 {
			c.ord[i+1]++
			c.work = append(c.work, int32(i))
		}
	}
	return c, nil
}

func toSpans(ss []Session) []span {
	out := make([]span, len(ss))
	for i, s := range ss {
		out[i] = span{int64(s.Start) * 60 * nsPerSec, int64(s.End) * 60 * nsPerSec}
	}
	return out
}

// Range returns the first and last year the calendar covers.
func (c *Calendar) Range() (from, to int) { return c.from, c.to }

// Hours returns the office hours of the calendar.
func (c *Calendar) Hours() OfficeHours { return c.hours }

// Year returns the data of year y (days off, extra working days, whether
// official) and false when y is outside the range.
func (c *Calendar) Year(y int) (Year, bool) {
	if y < c.from || y > c.to {
		return Year{}, false
	}
	return c.years[y-c.from], true
}

// IsWorkingDay reports whether d is a working day: a day with office hours
// that is not a day off, or an extra working day. Out of range → invalid.
func (c *Calendar) IsWorkingDay(d Date) (bool, error) {
	i, err := c.index(d)
	if err != nil {
		return false, err
	}
	return c.dayLen[i] > 0, nil
}

// Sessions returns the opening sessions of d (nil on a day off).
func (c *Calendar) Sessions(d Date) ([]Session, error) {
	i, err := c.index(d)
	if err != nil {
		return nil, err
	}
	switch sh := c.shape[i]; {
	case sh == 0:
		return nil, nil
	case sh == shapeExtra:
		return c.hours.ExtraDay(), nil
	default:
		return c.hours.Week[sh-1], nil
	}
}

// AddWorkingDays returns the n-th working day after d (n > 0), the |n|-th
// working day before d (n < 0), or d itself if it is a working day and
// else the next working day (n = 0).
func (c *Calendar) AddWorkingDays(d Date, n int) (Date, error) {
	i, err := c.index(d)
	if err != nil {
		return Date{}, err
	}
	var k int
	switch {
	case n > 0:
		k = int(c.ord[i+1]) + n - 1
	case n < 0:
		k = int(c.ord[i]) + n
	default:
		k = int(c.ord[i])
	}
	if k < 0 || k >= len(c.work) {
		return Date{}, c.errBeyond()
	}
	return c.dateOf(int(c.work[k])), nil
}

// WorkingDaysBetween returns the number of working days after a up to and
// including b (the Civil Code way: the first day is not counted); it is
// negative when b is before a.
func (c *Calendar) WorkingDaysBetween(a, b Date) (int, error) {
	i, err := c.index(a)
	if err != nil {
		return 0, err
	}
	j, err := c.index(b)
	if err != nil {
		return 0, err
	}
	return int(c.ord[j+1]) - int(c.ord[i+1]), nil
}

// Close returns the closing time (end of the last session) of working day
// d; an invalid error if d is not a working day or out of range.
func (c *Calendar) Close(d Date) (time.Time, error) {
	i, err := c.index(d)
	if err != nil {
		return time.Time{}, err
	}
	if c.dayLen[i] == 0 {
		return time.Time{}, apperr.Invalid("Ngày %s không phải ngày làm việc.", d.VN())
	}
	return c.closeOf(i), nil
}

// --- index helpers (no allocation) ---

func (c *Calendar) index(d Date) (int, error) {
	i := d.days() - c.epoch
	if d.IsZero() || i < 0 || i >= len(c.shape) {
		return 0, c.errOutside(d.Year)
	}
	return i, nil
}

func (c *Calendar) dateOf(i int) Date { return fromDays(c.epoch + i) }

// locate returns the day index of t and the nanoseconds since its local
// midnight.
func (c *Calendar) locate(t time.Time) (i int, ns int64, ok bool) {
	sec := t.Unix() + offsetSec
	day := sec / daySec
	if sec < 0 && sec%daySec != 0 {
		day--
	}
	i = int(day) - c.epoch
	ns = (sec-day*daySec)*nsPerSec + int64(t.Nanosecond())
	return i, ns, i >= 0 && i < len(c.shape)
}

func (c *Calendar) instant(i int, ns int64) time.Time {
	sec := int64(c.epoch+i)*daySec - offsetSec + ns/nsPerSec
	return time.Unix(sec, ns%nsPerSec).In(Loc)
}

// within returns the working nanoseconds of day i before ns.
func (c *Calendar) within(i int, ns int64) int64 {
	var acc int64
	for _, s := range c.shapes[c.shape[i]] {
		if ns <= s.start {
			break
		}
		if ns < s.end {
			return acc + ns - s.start
		}
		acc += s.end - s.start
	}
	return acc
}

// clock returns the working clock at t: working nanoseconds since the start
// of the calendar.
func (c *Calendar) clock(t time.Time) (int64, error) {
	i, ns, ok := c.locate(t)
	if !ok {
		return 0, c.errOutside(DateOf(t).Year)
	}
	return c.cum[i] + c.within(i, ns), nil
}

// endAt returns the earliest instant of day i at which p (0 < p ≤ dayLen)
// working nanoseconds of the day have run: a result that reaches the end of
// a session is due at that session's end, not at the next opening.
func (c *Calendar) endAt(i int, p int64) time.Time {
	for _, s := range c.shapes[c.shape[i]] {
		if l := s.end - s.start; p <= l {
			return c.instant(i, s.start+p)
		} else {
			p -= l
		}
	}
	return c.closeOf(i)
}

func (c *Calendar) closeOf(i int) time.Time {
	ss := c.shapes[c.shape[i]]
	return c.instant(i, ss[len(ss)-1].end)
}

// earliest returns the earliest instant at which the working clock reads w
// (w > 0), by binary search over the working days.
func (c *Calendar) earliest(w int64) (time.Time, error) {
	if w > c.cum[len(c.cum)-1] {
		return time.Time{}, c.errBeyond()
	}
	lo, hi := 0, len(c.work)-1 // find the last working day j with cum[j] < w
	for lo < hi {
		mid := int(uint(lo+hi+1) >> 1)
		if c.cum[c.work[mid]] < w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	j := int(c.work[lo])
	return c.endAt(j, w-c.cum[j]), nil
}

func (c *Calendar) errOutside(y int) error {
	return apperr.Invalid("Năm %d chưa có dữ liệu lịch làm việc (lịch hiện có từ %d đến %d).", y, c.from, c.to)
}

func (c *Calendar) errBeyond() error {
	return apperr.Invalid("Thời hạn vượt quá phạm vi dữ liệu lịch làm việc (đến hết năm %d).", c.to)
}
