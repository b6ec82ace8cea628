package calendarsvc

import (
	"context"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/store"
)

// Years around the current one that every built calendar covers (stored
// years outside this window widen it).
const (
	YearsBack    = 3
	YearsForward = 3
)

// Service is the calendar module's service. Other modules reach it with
// a.Service("calendar"); the dossier module uses For.
type Service struct {
	DB *store.DB
	// PollEvery is how often For checks whether another process changed
	// the calendar (default 5 s).
	PollEvery time.Duration

	mu      sync.Mutex
	version string
	checked time.Time
	thisYr  int             // the current year when the cache was built
	years   map[int]*stored // stored years, loaded with version
	cals    map[string]*calendar.Calendar
}

// New returns a service over db.
func New(db *store.DB) *Service {
	return &Service{DB: db, PollEvery: 5 * time.Second}
}

// For returns the working calendar for office hours text as stored in
// agencies.office_hours ("" = calendar.DefaultOfficeHours). It covers the
// stored years and YearsBack/YearsForward around the current year (by the
// database clock), proposals filling the years without data. Errors:
// invalid for unparsable office hours.
func (s *Service) For(ctx context.Context, officeHours string) (*calendar.Calendar, error) {
	hours, err := calendar.ParseOfficeHours(officeHours)
	if err != nil {
		return nil, err
	}
	key := hours.String()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refreshLocked(ctx); err != nil {
		return nil, err
	}
	if c := s.cals[key]; c != nil {
		return c, nil
	}
	years, err := s.fillLocked()
	if err != nil {
		return nil, err
	}
	c, err := calendar.New(hours, years)
	if err != nil {
		return nil, err
	}
	if len(s.cals) > 256 { // agencies share a handful of office hours
		clear(s.cals)
	}
	s.cals[key] = c
	return c, nil
}

// ForAgency returns the calendar of an active agency's office hours and the
// agency. Errors: not_found for an unknown or inactive code.
func (s *Service) ForAgency(ctx context.Context, code string) (*calendar.Calendar, *agency.Agency, error) {
	a, err := (&agency.Service{DB: s.DB}).ByCode(ctx, code)
	if err != nil {
		return nil, nil, err
	}
	if !a.Active {
		return nil, nil, apperr.NotFound("Không tìm thấy cơ quan có mã %s.", code)
	}
	c, err := s.For(ctx, a.OfficeHours)
	return c, a, err
}

// Year returns the calendar data of year y: the stored year if any, else
// the proposal (Official false). Errors: invalid outside calendar.MinYear
// … calendar.MaxYear.
func (s *Service) Year(ctx context.Context, y int) (calendar.Year, error) {
	if y < calendar.MinYear || y > calendar.MaxYear {
		return calendar.Year{}, apperr.Invalid("Năm %d nằm ngoài phạm vi lịch (%d–%d).", y, calendar.MinYear, calendar.MaxYear)
	}
	v, ok, err := loadYear(ctx, s.DB, y)
	if err != nil || ok {
		return v, err
	}
	return calendar.Propose(y)
}

// StoredYear returns the stored data of year y and whether there is any.
func (s *Service) StoredYear(ctx context.Context, y int) (calendar.Year, bool, error) {
	return loadYear(ctx, s.DB, y)
}

// YearInfo summarises a year for the administration list.
type YearInfo struct {
	Year             int
	Stored, Official bool
	DaysOff, Extra   int
	UpdatedAt        time.Time
}

// Overview lists the stored years and the years of the default window,
// newest first.
func (s *Service) Overview(ctx context.Context) ([]YearInfo, error) {
	all, err := loadAll(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	from, to := s.window(all)
	var out []YearInfo
	for y := to; y >= from; y-- {
		info := YearInfo{Year: y}
		if st := all[y]; st != nil {
			info.Stored, info.Official, info.DaysOff, info.Extra = true, st.Official, len(st.DaysOff), len(st.ExtraWorkingDays)
			info.UpdatedAt = store.Time(st.UpdatedAt)
		} else if p, err := calendar.Propose(y); err == nil {
			info.DaysOff = len(p.DaysOff)
		}
		out = append(out, info)
	}
	return out, nil
}

// Invalidate drops the cached calendars (after a change in this process).
func (s *Service) Invalidate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.version = ""
}

// refreshLocked reloads the stored years when the version changed (checked
// at most every PollEvery).
func (s *Service) refreshLocked(ctx context.Context) error {
	if s.version != "" && time.Since(s.checked) < s.PollEvery {
		return nil
	}
	v, err := readVersion(ctx, s.DB)
	if err != nil {
		return err
	}
	s.checked = time.Now()
	thisYr := calendar.DateOf(s.DB.Now()).Year
	if v == s.version && s.years != nil && thisYr == s.thisYr {
		return nil
	}
	s.thisYr = thisYr
	all, err := loadAll(ctx, s.DB)
	if err != nil {
		return err
	}
	s.version, s.years, s.cals = v, all, map[string]*calendar.Calendar{}
	return nil
}

// window returns the years a built calendar covers.
func (s *Service) window(all map[int]*stored) (from, to int) {
	now := calendar.DateOf(s.DB.Now()).Year
	from, to = now-YearsBack, now+YearsForward
	for y := range all {
		from, to = min(from, y), max(to, y)
	}
	return max(from, calendar.MinYear), min(to, calendar.MaxYear)
}

// fillLocked returns the consecutive years of the window: stored data, else
// the proposal.
func (s *Service) fillLocked() ([]calendar.Year, error) {
	from, to := s.window(s.years)
	out := make([]calendar.Year, 0, to-from+1)
	for y := from; y <= to; y++ {
		if st := s.years[y]; st != nil {
			out = append(out, st.Year)
			continue
		}
		p, err := calendar.Propose(y)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
