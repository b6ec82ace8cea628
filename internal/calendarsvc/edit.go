package calendarsvc

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/store"
)

// Audit actions (entity "calendar_year", key = the year).
const (
	ActionSeed      = "calendar.seed"
	ActionCreate    = "calendar.year_create"
	ActionImport    = "calendar.year_import"
	ActionStatus    = "calendar.year_status"
	ActionDelete    = "calendar.year_delete"
	ActionDayAdd    = "calendar.day_add"
	ActionDayRemove = "calendar.day_remove"
	auditEntity     = "calendar_year"
)

// change loads year y in a transaction, lets fn modify it, validates the
// result, stores it and audits it. fn gets the stored year (ok false when
// the year has no row) and returns the new year and the audit detail.
func (s *Service) change(ctx context.Context, actor audit.Actor, y int, action string,
	fn func(cur calendar.Year, ok bool) (calendar.Year, any, error)) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		cur, ok, err := loadYear(ctx, tx, y)
		if err != nil {
			return err
		}
		next, detail, err := fn(cur, ok)
		if err != nil {
			return err
		}
		next.Normalize()
		if err := next.Validate(); err != nil {
			return err
		}
		if err := saveYear(ctx, tx, next); err != nil {
			return err
		}
		tx.AfterCommit(s.Invalidate)
		return audit.Record(ctx, tx, actor, action, auditEntity, strconv.Itoa(y), 0, detail)
	})
}

func errNotStored(y int) error {
	return apperr.NotFound("Năm %d chưa có lịch riêng; hãy tạo lịch năm (từ dữ liệu chính thức hoặc đề xuất) trước khi sửa.", y)
}

// CreateYear stores year y so that an administrator can edit it: from the
// embedded official data when there is some, else from the Labour Code
// proposal (not official). Errors: conflict when the year is stored.
func (s *Service) CreateYear(ctx context.Context, actor audit.Actor, y int) error {
	if y < calendar.MinYear || y > calendar.MaxYear {
		return apperr.Invalid("Năm %d nằm ngoài phạm vi lịch (%d–%d).", y, calendar.MinYear, calendar.MaxYear)
	}
	return s.change(ctx, actor, y, ActionCreate, func(_ calendar.Year, ok bool) (calendar.Year, any, error) {
		if ok {
			return calendar.Year{}, nil, apperr.Conflict("Lịch năm %d đã có.", y)
		}
		src, found := calendar.Official(y)
		from := "official"
		if !found {
			var err error
			if src, err = calendar.Propose(y); err != nil {
				return calendar.Year{}, nil, err
			}
			from = "proposal"
		}
		return src, map[string]any{"from": from, "after": src}, nil
	})
}

// Import stores the given years, replacing those already stored, in one
// transaction (all or nothing). Each year is audited with its previous
// content.
func (s *Service) Import(ctx context.Context, actor audit.Actor, years []calendar.Year) error {
	if len(years) == 0 {
		return apperr.Invalid("Tệp không có dữ liệu năm nào.")
	}
	seen := map[int]bool{}
	for _, y := range years {
		if seen[y.Year] {
			return apperr.Invalid("Năm %d xuất hiện hai lần trong tệp.", y.Year)
		}
		seen[y.Year] = true
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		for _, y := range years {
			y.Normalize()
			if err := y.Validate(); err != nil {
				return apperr.Invalid("Năm %d: %s %s", y.Year, apperr.TextOf(err), apperr.FieldList(err))
			}
			before, had, err := loadYear(ctx, tx, y.Year)
			if err != nil {
				return err
			}
			if err := saveYear(ctx, tx, y); err != nil {
				return err
			}
			detail := map[string]any{"after": y}
			if had {
				detail["before"] = before
			}
			if err := audit.Record(ctx, tx, actor, ActionImport, auditEntity, strconv.Itoa(y.Year), 0, detail); err != nil {
				return err
			}
		}
		tx.AfterCommit(s.Invalidate)
		return nil
	})
}

// SetStatus marks a stored year official (announced) or not, with a note.
// Errors: not_found when the year is not stored.
func (s *Service) SetStatus(ctx context.Context, actor audit.Actor, y int, official bool, note string) error {
	return s.change(ctx, actor, y, ActionStatus, func(cur calendar.Year, ok bool) (calendar.Year, any, error) {
		if !ok {
			return calendar.Year{}, nil, errNotStored(y)
		}
		before := map[string]any{"official": cur.Official, "note": cur.Note}
		cur.Official, cur.Note = official, strings.TrimSpace(note)
		return cur, map[string]any{"before": before, "after": map[string]any{"official": official, "note": cur.Note}}, nil
	})
}

// AddDay adds a day off (extra false; Kind one of calendar.OffKinds) or an
// extra working day (extra true; a Saturday or Sunday) to a stored year.
// Errors: not_found (year not stored), conflict (the date is already
// listed), invalid (validation, with field "day").
func (s *Service) AddDay(ctx context.Context, actor audit.Actor, d calendar.Day, extra bool) error {
	if d.Date.IsZero() {
		return apperr.Invalid("Vui lòng nhập ngày.")
	}
	y := d.Date.Year
	err := s.change(ctx, actor, y, ActionDayAdd, func(cur calendar.Year, ok bool) (calendar.Year, any, error) {
		if !ok {
			return calendar.Year{}, nil, errNotStored(y)
		}
		for _, x := range append(slices.Clone(cur.DaysOff), cur.ExtraWorkingDays...) {
			if x.Date == d.Date {
				return calendar.Year{}, nil, apperr.Conflict("Ngày %s đã có trong lịch (%s).", d.Date.VN(), x.Name)
			}
		}
		if extra {
			d.Kind = calendar.KindSwapWork
			cur.ExtraWorkingDays = append(cur.ExtraWorkingDays, d)
		} else {
			cur.DaysOff = append(cur.DaysOff, d)
		}
		return cur, map[string]any{"day": d, "extra": extra}, nil
	})
	// Report validation problems on the one field the form has.
	if fs := apperr.FieldsOf(err); len(fs) > 0 {
		var v apperr.Validation
		for _, f := range slices.Sorted(maps.Keys(fs)) {
			v.AddText("day", apperr.FieldText(err, f))
		}
		return v.Err()
	}
	return err
}

// RemoveDay removes a listed day (off or worked) from its stored year.
// Errors: not_found.
func (s *Service) RemoveDay(ctx context.Context, actor audit.Actor, date calendar.Date) error {
	y := date.Year
	return s.change(ctx, actor, y, ActionDayRemove, func(cur calendar.Year, ok bool) (calendar.Year, any, error) {
		if !ok {
			return calendar.Year{}, nil, errNotStored(y)
		}
		for _, list := range []*[]calendar.Day{&cur.DaysOff, &cur.ExtraWorkingDays} {
			if i := slices.IndexFunc(*list, func(x calendar.Day) bool { return x.Date == date }); i >= 0 {
				removed := (*list)[i]
				*list = slices.Delete(*list, i, i+1)
				return cur, map[string]any{"day": removed}, nil
			}
		}
		return calendar.Year{}, nil, apperr.NotFound("Ngày %s không có trong lịch năm %d.", date.VN(), y)
	})
}

// DeleteYear removes a stored year; it falls back to the proposal. Errors:
// not_found.
func (s *Service) DeleteYear(ctx context.Context, actor audit.Actor, y int) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		cur, ok, err := loadYear(ctx, tx, y)
		if err != nil {
			return err
		}
		if !ok {
			return errNotStored(y)
		}
		if err := deleteYear(ctx, tx, y); err != nil {
			return err
		}
		tx.AfterCommit(s.Invalidate)
		return audit.Record(ctx, tx, actor, ActionDelete, auditEntity, strconv.Itoa(y), 0, map[string]any{"before": cur})
	})
}

// Export returns the data of the given years (stored, else proposals).
func (s *Service) Export(ctx context.Context, years ...int) ([]calendar.Year, error) {
	out := make([]calendar.Year, 0, len(years))
	for _, y := range years {
		v, err := s.Year(ctx, y)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// seededKey lists the embedded official years already seeded, so that a
// year an administrator deleted is not put back at the next start.
const seededKey = "calendar.seeded"

// Seed stores each embedded official year that was never seeded and has no
// stored data (the first start, and upgrades that add a year). It returns
// the years stored. Safe to run concurrently from several processes.
func (s *Service) Seed(ctx context.Context) ([]int, error) {
	var added []int
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		added = nil
		var list string
		// The upsert takes the row lock on PostgreSQL: concurrent seeds queue.
		err := tx.QueryRow(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, '', $2)
			ON CONFLICT (key) DO UPDATE SET updated_at = settings.updated_at RETURNING value`, seededKey, store.Millis(tx.Now)).Scan(&list)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("calendar: seed state: %w", err)
		}
		seeded := map[int]bool{}
		for _, f := range strings.Split(list, ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil {
				seeded[n] = true
			}
		}
		var all []string
		for _, y := range calendar.OfficialYears() {
			if !seeded[y] {
				_, ok, err := loadYear(ctx, tx, y)
				if err != nil {
					return err
				}
				if !ok {
					off, _ := calendar.Official(y)
					if err := saveYear(ctx, tx, off); err != nil {
						return err
					}
					if err := audit.Record(ctx, tx, audit.System, ActionSeed, auditEntity, strconv.Itoa(y), 0, map[string]any{"after": off}); err != nil {
						return err
					}
					added = append(added, y)
				}
				seeded[y] = true
			}
		}
		for y := range seeded {
			all = append(all, strconv.Itoa(y))
		}
		slices.Sort(all)
		if _, err := tx.Exec(ctx, `UPDATE settings SET value = $1, updated_at = $2 WHERE key = $3`, strings.Join(all, ","), store.Millis(tx.Now), seededKey); err != nil {
			return fmt.Errorf("calendar: save seed state: %w", err)
		}
		if len(added) > 0 {
			tx.AfterCommit(s.Invalidate)
		}
		return nil
	})
	return added, err
}
