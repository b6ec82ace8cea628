package citizen

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// querier is what both *store.DB and *store.Tx offer for reads.
type querier interface {
	QueryRow(ctx context.Context, q string, args ...any) *sql.Row
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

const citizenCols = `id, full_name, id_number, id_verified, birth_date, address, phone, email, notify_sms, notify_email, active, created_at, updated_at`

func scanCitizen(row interface{ Scan(...any) error }) (*Citizen, error) {
	var c Citizen
	var created, updated int64
	err := row.Scan(&c.ID, &c.FullName, &c.IDNumber, &c.IDVerified, &c.BirthDate, &c.Address, &c.Phone, &c.Email,
		&c.NotifySMS, &c.NotifyEmail, &c.Active, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoCitizen
	}
	if err != nil {
		return nil, fmt.Errorf("citizen: scan: %w", err)
	}
	c.CreatedAt, c.UpdatedAt = store.Time(created), store.Time(updated)
	return &c, nil
}

var errNoCitizen = apperr.NotFound("Không tìm thấy tài khoản công dân.")

// ByID returns the citizen with the id (not_found when absent).
func (s *Service) ByID(ctx context.Context, id int64) (*Citizen, error) {
	return byID(ctx, s.DB, id)
}

func byID(ctx context.Context, q querier, id int64) (*Citizen, error) {
	return scanCitizen(q.QueryRow(ctx, `SELECT `+citizenCols+` FROM citizens WHERE id = $1`, id))
}

// byContact finds the citizen whose verified phone or e-mail is dest.
func byContact(ctx context.Context, q querier, channel, dest string) (*Citizen, error) {
	col := "phone"
	if channel == ChannelEmail {
		col = "email"
	}
	return scanCitizen(q.QueryRow(ctx, `SELECT `+citizenCols+` FROM citizens WHERE `+col+` = $1`, dest))
}

// FindByContact finds a citizen by phone number, e-mail address or verified
// ID number (for officers doing assisted filing).
func (s *Service) FindByContact(ctx context.Context, s2 string) (*Citizen, error) {
	if id := digitsOnly(s2); len(id) == 12 && id == s2 {
		c, err := scanCitizen(s.DB.QueryRow(ctx, `SELECT `+citizenCols+` FROM citizens WHERE id_number = $1 AND active ORDER BY id_verified DESC, id LIMIT 1`, id))
		if err == nil {
			return c, nil
		}
		if !apperr.Is(err, apperr.CodeNotFound) {
			return nil, err
		}
	}
	ch, dest, err := Destination(s2)
	if err != nil {
		return nil, apperr.NotFound("Không tìm thấy công dân với thông tin đã nhập.")
	}
	c, err := byContact(ctx, s.DB, ch, dest)
	if apperr.Is(err, apperr.CodeNotFound) {
		return nil, apperr.NotFound("Không tìm thấy công dân với thông tin đã nhập.")
	}
	return c, err
}

func insertCitizen(ctx context.Context, tx *store.Tx, c *Citizen) error {
	now := store.Millis(tx.Now)
	err := tx.QueryRow(ctx, `INSERT INTO citizens (full_name, name_folded, id_number, id_verified, birth_date, address, phone, email,
		notify_sms, notify_email, active, created_at, updated_at, last_login_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $12) RETURNING id`,
		c.FullName, textfold.Fold(c.FullName), c.IDNumber, c.IDVerified, c.BirthDate, c.Address, c.Phone, c.Email,
		c.NotifySMS, c.NotifyEmail, true, now).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("citizen: insert: %w", err)
	}
	c.Active, c.CreatedAt, c.UpdatedAt = true, tx.Now, tx.Now
	return nil
}

func touchLogin(ctx context.Context, tx *store.Tx, id int64) error {
	_, err := tx.Exec(ctx, `UPDATE citizens SET last_login_at = $1 WHERE id = $2`, store.Millis(tx.Now), id)
	return err
}
