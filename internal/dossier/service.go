package dossier

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// Service is the dossier lifecycle. Build it with New; the UI and citizen
// modules reach it with a.Service("dossiers").
type Service struct {
	DB        *store.DB
	Catalog   Catalog
	Calendars Calendars
	Notifier  Notifier
	// BaseURL returns the public site URL; the receipt's QR code and
	// notifications link to BaseURL() + "/tra-cuu?ma=" + code.
	BaseURL func() string
	Log     *slog.Logger

	agencies  ttlCache[int64, *agencyInfo]
	agencyIDs ttlCache[string, int64]
	processes ttlCache[string, cachedProcess]
	settings  ttlCache[string, Settings]
	catalog   ttlCache[string, *ProcedureInfo]
	pdfs      *pdfCache
	cals      ttlCache[string, *calendar.Calendar]
	userNames ttlCache[int64, string] // officers' names printed on forms
	w         *writer
}

// catalogTTL is how long a procedure version read from the catalog is
// reused (a new version or an edit is seen by intake within this time).
const catalogTTL = 5 * time.Second

// New returns a service with its caches. cat, cals and n may be nil until
// their modules are wired (intake then fails with a clear error, and
// notifications are dropped).
func New(db *store.DB, cat Catalog, cals Calendars, n Notifier, baseURL func() string, log *slog.Logger) *Service {
	if n == nil {
		n = NopNotifier{}
	}
	if log == nil {
		log = slog.Default()
	}
	if baseURL == nil {
		baseURL = func() string { return "" }
	}
	return &Service{DB: db, Catalog: cat, Calendars: cals, Notifier: n, BaseURL: baseURL, Log: log,
		agencies: newTTL[int64, *agencyInfo](30 * time.Second), agencyIDs: newTTL[string, int64](30 * time.Second),
		processes: newTTL[string, cachedProcess](10 * time.Second), settings: newTTL[string, Settings](10 * time.Second),
		catalog: newTTL[string, *ProcedureInfo](catalogTTL), pdfs: newPDFCache(64 << 20), w: newWriter(db, 64),
		cals: newTTL[string, *calendar.Calendar](5 * time.Second), userNames: newTTL[int64, string](30 * time.Second)}
}

// TrackingURL is the public tracking page of a dossier code.
func (s *Service) TrackingURL(code string) string {
	return strings.TrimRight(s.BaseURL(), "/") + "/tra-cuu?ma=" + url.QueryEscape(code)
}

// Settings are the module's settings (stored in the settings table).
type Settings struct {
	// CodeFormat: "tt01" (default) or "tt04:AA" (TT 04/2025 with the
	// platform's two digits).
	CodeFormat workflow.CodeFormat `json:"-"`
	// CodeFormatText is the stored form of CodeFormat.
	CodeFormatText string `json:"code_format"`
	// NearDueHours: an open step or dossier is "near due" when at most this
	// many working hours are left (default 8 = one working day).
	NearDueHours int `json:"near_due_hours"`
}

// Setting keys.
const (
	settingCodeFormat = "dossier.code_format"
	settingNearDue    = "dossier.near_due_hours"
)

// ParseCodeFormat parses "tt01" or "tt04:AA".
func ParseCodeFormat(s string) (workflow.CodeFormat, error) {
	v, aa, _ := strings.Cut(strings.TrimSpace(s), ":")
	f := workflow.CodeFormat{Variant: v, Platform: aa}
	if v == "" {
		f.Variant = "tt01"
	}
	return f, f.Validate()
}

// Settings returns the current settings (cached for a few seconds).
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	if v, ok := s.settings.get("x"); ok {
		return v, nil
	}
	st := Settings{CodeFormatText: "tt01", NearDueHours: 8}
	rows, err := s.DB.Query(ctx, `SELECT key, value FROM settings WHERE key IN ($1, $2)`, settingCodeFormat, settingNearDue)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return st, err
		}
		switch k {
		case settingCodeFormat:
			st.CodeFormatText = v
		case settingNearDue:
			if n, err := strconv.Atoi(v); err == nil && n >= 0 {
				st.NearDueHours = n
			}
		}
	}
	if err := rows.Err(); err != nil {
		return st, err
	}
	f, err := ParseCodeFormat(st.CodeFormatText)
	if err != nil {
		s.Log.Warn("invalid dossier code format setting, using tt01", "value", st.CodeFormatText, "err", err)
		f, st.CodeFormatText = workflow.CodeFormat{Variant: "tt01"}, "tt01"
	}
	st.CodeFormat = f
	s.settings.put("x", st)
	return st, nil
}

// SetSettings changes the settings (administrators only) and audits it.
func (s *Service) SetSettings(ctx context.Context, p *account.Principal, st Settings) (Settings, error) {
	if p == nil || !p.Has(account.RoleAdministrator) {
		return Settings{}, apperr.Forbidden("Chỉ quản trị hệ thống được thay đổi cấu hình hồ sơ.")
	}
	var v apperr.Validation
	f, err := ParseCodeFormat(st.CodeFormatText)
	if err != nil {
		v.Add("code_format", "Định dạng mã hồ sơ phải là tt01 hoặc tt04:AA (AA gồm 2 chữ số).")
	}
	v.Check(st.NearDueHours >= 0 && st.NearDueHours <= 400, "near_due_hours", "Ngưỡng sắp đến hạn phải từ 0 đến 400 giờ làm việc.")
	if err := v.Err(); err != nil {
		return Settings{}, err
	}
	st.CodeFormat = f
	st.CodeFormatText = f.Variant
	if f.Variant == "tt04" {
		st.CodeFormatText += ":" + f.Platform
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		for k, val := range map[string]string{settingCodeFormat: st.CodeFormatText, settingNearDue: strconv.Itoa(st.NearDueHours)} {
			if _, err := tx.Exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, k, val, store.Millis(tx.Now)); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, p.Actor(), "dossier.settings", "settings", "dossier", 0, st)
	})
	if err != nil {
		return Settings{}, err
	}
	s.settings.clear()
	return st, nil
}

// actorInfo is who acts, as recorded in history and audit.
type actorInfo struct {
	ID       int64
	Name     string // user name (audit) or citizen name
	FullName string
	Title    string
	Kind     string // staff | citizen | system
	Role     string // the role they acted in
	AgencyID int64
	p        *account.Principal
	w        workflow.Actor
}

func staffActor(p *account.Principal) actorInfo {
	roles := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		roles[i] = string(r)
	}
	return actorInfo{ID: p.UserID, Name: p.Username, FullName: p.FullName, Title: p.Title, Kind: "staff", AgencyID: p.AgencyID, p: p,
		w: workflow.Actor{UserID: p.UserID, Roles: roles, AgencyPath: p.AgencyPath}}
}

var systemActor = actorInfo{Name: "system", FullName: "Hệ thống", Kind: "system", w: workflow.Actor{System: true}}

func citizenActor(id int64, name string) actorInfo {
	return actorInfo{ID: id, Name: name, FullName: name, Kind: "citizen"}
}

func (a actorInfo) audit() audit.Actor { return audit.Actor{ID: a.ID, Name: a.Name, Kind: a.Kind} }

func (a actorInfo) display() string {
	if a.FullName != "" {
		return a.FullName
	}
	return a.Name
}

// agencyInfo is what the service needs of an agency.
type agencyInfo struct {
	ID          int64
	Code        string
	Name        string
	Kind        string
	Path        string
	ParentID    int64
	OfficeHours string
}

func (a *agencyInfo) ref() AgencyRef {
	return AgencyRef{ID: a.ID, Code: a.Code, Name: a.Name, Path: a.Path}
}

func (s *Service) agency(ctx context.Context, id int64) (*agencyInfo, error) {
	if a, ok := s.agencies.get(id); ok {
		return a, nil
	}
	var a agencyInfo
	err := s.DB.QueryRow(ctx, `SELECT id, code, name, kind, path, COALESCE(parent_id, 0), office_hours FROM agencies WHERE id = $1`, id).
		Scan(&a.ID, &a.Code, &a.Name, &a.Kind, &a.Path, &a.ParentID, &a.OfficeHours)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFound("Không tìm thấy cơ quan.")
	}
	if err != nil {
		return nil, fmt.Errorf("dossier: agency #%d: %w", id, err)
	}
	s.agencies.put(id, &a)
	return &a, nil
}

func (s *Service) agencyByCode(ctx context.Context, code string) (*agencyInfo, error) {
	code = strings.ToUpper(textfold.NFC(code))
	if id, ok := s.agencyIDs.get(code); ok {
		return s.agency(ctx, id)
	}
	var id int64
	err := s.DB.QueryRow(ctx, `SELECT id FROM agencies WHERE code = $1`, code).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFound("Không tìm thấy cơ quan có mã %s.", code)
	}
	if err != nil {
		return nil, err
	}
	s.agencyIDs.put(code, id)
	return s.agency(ctx, id)
}

// calendarFor returns the working calendar of an agency's office hours.
func (s *Service) calendarFor(ctx context.Context, a *agencyInfo) (*calendar.Calendar, error) {
	if s.Calendars == nil {
		return nil, errors.New("dossier: no working calendar configured")
	}
	hours := ""
	if a != nil {
		hours = a.OfficeHours
	}
	// Kept a few seconds: writes compute due times inside their
	// transaction, and the calendar service may query the database to
	// check for changes; this keeps that off the write path.
	if c, ok := s.cals.get(hours); ok {
		return c, nil
	}
	c, err := s.Calendars.For(ctx, hours)
	if err == nil {
		s.cals.put(hours, c)
	}
	return c, err
}

// stepDue is the due time of a step started at start: its allowance on the
// working calendar, capped at the dossier's due time. A step without
// allowance (0 hours) is due with the dossier.
func stepDue(cal *calendar.Calendar, start time.Time, t workflow.Duration, dossierDue time.Time) (time.Time, error) {
	if t.Value == 0 {
		return dossierDue, nil
	}
	unit := calendar.WorkingHours
	if t.Unit == workflow.UnitWorkingDays {
		unit = calendar.WorkingDays
	}
	_, due, err := cal.Due(start, calendar.Duration{Amount: t.Value, Unit: unit}, calendar.Options{})
	if err != nil {
		return time.Time{}, err
	}
	if !dossierDue.IsZero() && due.After(dossierDue) {
		due = dossierDue
	}
	return due, nil
}

// dossierDue is the legal due time of a dossier whose clock starts at start.
func dossierDue(cal *calendar.Calendar, start time.Time, p *ProcedureInfo) (time.Time, error) {
	d := calendar.Duration{Amount: p.Limit.Value, Unit: calendar.Unit(p.Limit.Unit)}
	if p.Immediate {
		d.Amount = 0
	}
	if d.Unit == "" {
		d.Unit = calendar.WorkingDays
	}
	opt := calendar.Options{}
	if p.Cutoff15h {
		opt.Cutoff = calendar.DefaultCutoff
	}
	_, due, err := cal.Due(start, d, opt)
	return due, err
}

func foldName(s string) string { return textfold.Fold(s) }

// ttlCache is a small concurrency-safe cache with expiry.
type ttlCache[K comparable, V any] struct {
	mu  sync.Mutex
	ttl time.Duration
	m   map[K]ttlEntry[V]
}

type ttlEntry[V any] struct {
	v   V
	exp time.Time
}

func newTTL[K comparable, V any](ttl time.Duration) ttlCache[K, V] {
	return ttlCache[K, V]{ttl: ttl, m: map[K]ttlEntry[V]{}}
}

func (c *ttlCache[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok || time.Now().After(e.exp) {
		var zero V
		return zero, false
	}
	return e.v, true
}

func (c *ttlCache[K, V]) put(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) > 10000 {
		clear(c.m)
	}
	c.m[k] = ttlEntry[V]{v: v, exp: time.Now().Add(c.ttl)}
}

func (c *ttlCache[K, V]) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.m)
}
