package calendarsvc

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/store"
)

// querier is a *store.DB or a *store.Tx.
type querier interface {
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, q string, args ...any) *sql.Row
}

// stored is a year as kept in the database.
type stored struct {
	calendar.Year
	UpdatedAt int64
}

// loadAll reads every stored year with its days.
func loadAll(ctx context.Context, q querier) (map[int]*stored, error) {
	out := map[int]*stored{}
	rows, err := q.Query(ctx, `SELECT year, official, note, updated_at FROM calendar_years`)
	if err != nil {
		return nil, fmt.Errorf("calendar: load years: %w", err)
	}
	for rows.Next() {
		s := &stored{}
		if err := rows.Scan(&s.Year.Year, &s.Official, &s.Note, &s.UpdatedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("calendar: scan year: %w", err)
		}
		s.DaysOff, s.ExtraWorkingDays = []calendar.Day{}, []calendar.Day{}
		out[s.Year.Year] = s
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	rows, err = q.Query(ctx, `SELECT day, year, kind, name, basis FROM calendar_days ORDER BY day`)
	if err != nil {
		return nil, fmt.Errorf("calendar: load days: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var day string
		var y int
		var d calendar.Day
		if err := rows.Scan(&day, &y, &d.Kind, &d.Name, &d.Basis); err != nil {
			return nil, fmt.Errorf("calendar: scan day: %w", err)
		}
		if d.Date, err = calendar.ParseDate(day); err != nil {
			return nil, fmt.Errorf("calendar: stored day %q: %w", day, err)
		}
		s := out[y]
		if s == nil {
			continue
		}
		if d.Kind == calendar.KindSwapWork {
			s.ExtraWorkingDays = append(s.ExtraWorkingDays, d)
		} else {
			s.DaysOff = append(s.DaysOff, d)
		}
	}
	return out, rows.Err()
}

// loadYear reads one stored year; ok is false when it has no row.
func loadYear(ctx context.Context, q querier, y int) (calendar.Year, bool, error) {
	var out calendar.Year
	err := q.QueryRow(ctx, `SELECT year, official, note FROM calendar_years WHERE year = $1`, y).Scan(&out.Year, &out.Official, &out.Note)
	if errors.Is(err, sql.ErrNoRows) {
		return calendar.Year{}, false, nil
	}
	if err != nil {
		return calendar.Year{}, false, fmt.Errorf("calendar: load year %d: %w", y, err)
	}
	out.DaysOff, out.ExtraWorkingDays = []calendar.Day{}, []calendar.Day{}
	rows, err := q.Query(ctx, `SELECT day, kind, name, basis FROM calendar_days WHERE year = $1 ORDER BY day`, y)
	if err != nil {
		return calendar.Year{}, false, fmt.Errorf("calendar: load days %d: %w", y, err)
	}
	defer rows.Close()
	for rows.Next() {
		var day string
		var d calendar.Day
		if err := rows.Scan(&day, &d.Kind, &d.Name, &d.Basis); err != nil {
			return calendar.Year{}, false, err
		}
		if d.Date, err = calendar.ParseDate(day); err != nil {
			return calendar.Year{}, false, fmt.Errorf("calendar: stored day %q: %w", day, err)
		}
		if d.Kind == calendar.KindSwapWork {
			out.ExtraWorkingDays = append(out.ExtraWorkingDays, d)
		} else {
			out.DaysOff = append(out.DaysOff, d)
		}
	}
	return out, true, rows.Err()
}

// saveYear replaces the stored year (row and days) with y, which must be
// normalised and valid.
func saveYear(ctx context.Context, tx *store.Tx, y calendar.Year) error {
	now := store.Millis(tx.Now)
	if _, err := tx.Exec(ctx, `INSERT INTO calendar_years (year, official, note, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
		ON CONFLICT (year) DO UPDATE SET official = excluded.official, note = excluded.note, updated_at = excluded.updated_at`,
		y.Year, y.Official, y.Note, now); err != nil {
		return fmt.Errorf("calendar: save year %d: %w", y.Year, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM calendar_days WHERE year = $1`, y.Year); err != nil {
		return fmt.Errorf("calendar: clear days %d: %w", y.Year, err)
	}
	insert := func(d calendar.Day, kind calendar.Kind) error {
		_, err := tx.Exec(ctx, `INSERT INTO calendar_days (day, year, kind, name, basis, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			d.Date.String(), y.Year, string(kind), d.Name, d.Basis, now)
		if err != nil {
			return fmt.Errorf("calendar: save day %s: %w", d.Date, err)
		}
		return nil
	}
	for _, d := range y.DaysOff {
		if err := insert(d, d.Kind); err != nil {
			return err
		}
	}
	for _, d := range y.ExtraWorkingDays {
		if err := insert(d, calendar.KindSwapWork); err != nil {
			return err
		}
	}
	return bumpVersion(ctx, tx)
}

// deleteYear removes a stored year (it falls back to the proposal).
func deleteYear(ctx context.Context, tx *store.Tx, y int) error {
	if _, err := tx.Exec(ctx, `DELETE FROM calendar_days WHERE year = $1`, y); err != nil {
		return fmt.Errorf("calendar: delete days %d: %w", y, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM calendar_years WHERE year = $1`, y); err != nil {
		return fmt.Errorf("calendar: delete year %d: %w", y, err)
	}
	return bumpVersion(ctx, tx)
}

// versionKey is the settings row every change increments, so that every
// process (several may serve one PostgreSQL database) notices and rebuilds
// its calendars. The increment is a single UPDATE, serialised by the row
// lock on PostgreSQL and by the single writer on SQLite.
const versionKey = "calendar.version"

func bumpVersion(ctx context.Context, tx *store.Tx) error {
	_, err := tx.Exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, '1', $2)
		ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(settings.value AS INTEGER) + 1 AS TEXT), updated_at = excluded.updated_at`,
		versionKey, store.Millis(tx.Now))
	if err != nil {
		return fmt.Errorf("calendar: bump version: %w", err)
	}
	return nil
}

func readVersion(ctx context.Context, q querier) (string, error) {
	var v string
	err := q.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, versionKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "0", nil
	}
	if err != nil {
		return "", fmt.Errorf("calendar: read version: %w", err)
	}
	return v, nil
}
