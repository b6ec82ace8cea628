package agency

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// Service reads and writes agencies.
type Service struct {
	DB *store.DB
	// OfficeHoursCheck validates office-hours text (set by the app from the
	// calendar package); nil accepts any text.
	OfficeHoursCheck func(string) error
}

const cols = `a.id, a.code, a.name, a.short_name, a.kind, COALESCE(a.parent_id, 0), COALESCE(p.code, ''), a.path,
	a.address, a.phone, a.email, a.office_hours, a.active, a.created_at, a.updated_at`

func scan(row interface{ Scan(...any) error }) (*Agency, error) {
	var a Agency
	var kind string
	var created, updated int64
	if err := row.Scan(&a.ID, &a.Code, &a.Name, &a.ShortName, &kind, &a.ParentID, &a.ParentCode, &a.Path,
		&a.Address, &a.Phone, &a.Email, &a.OfficeHours, &a.Active, &created, &updated); err != nil {
		return nil, err
	}
	a.Kind, a.CreatedAt, a.UpdatedAt = Kind(kind), store.Time(created), store.Time(updated)
	return &a, nil
}

type querier interface {
	QueryRow(ctx context.Context, q string, args ...any) *sql.Row
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

func get(ctx context.Context, q querier, where string, arg any) (*Agency, error) {
	a, err := scan(q.QueryRow(ctx, `SELECT `+cols+` FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFound("Không tìm thấy cơ quan.")
	}
	if err != nil {
		return nil, fmt.Errorf("agency: get: %w", err)
	}
	return a, nil
}

// ByCode returns the agency with the code, or a not_found error.
func (s *Service) ByCode(ctx context.Context, code string) (*Agency, error) {
	return get(ctx, s.DB, `a.code = $1`, textfold.NFC(code))
}

// ByID returns the agency with the id, or a not_found error.
func (s *Service) ByID(ctx context.Context, id int64) (*Agency, error) {
	return get(ctx, s.DB, `a.id = $1`, id)
}

// ByIDTx is ByID inside a transaction.
func ByIDTx(ctx context.Context, tx *store.Tx, id int64) (*Agency, error) {
	return get(ctx, tx, `a.id = $1`, id)
}

// ByCodeTx is ByCode inside a transaction.
func ByCodeTx(ctx context.Context, tx *store.Tx, code string) (*Agency, error) {
	return get(ctx, tx, `a.code = $1`, textfold.NFC(code))
}

// List returns all agencies in tree order (each parent before its children,
// siblings by name), with Depth set.
func (s *Service) List(ctx context.Context) ([]*Agency, error) {
	rows, err := s.DB.Query(ctx, `SELECT `+cols+` FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id`)
	if err != nil {
		return nil, fmt.Errorf("agency: list: %w", err)
	}
	defer rows.Close()
	var all []*Agency
	for rows.Next() {
		a, err := scan(rows)
		if err != nil {
			return nil, err
		}
		all = append(all, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return TreeOrder(all), nil
}

// Subtree returns the agency and all its descendants, in tree order.
func (s *Service) Subtree(ctx context.Context, root *Agency) ([]*Agency, error) {
	all, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []*Agency
	for _, a := range all {
		if root.Contains(a.Path) {
			out = append(out, a)
		}
	}
	return out, nil
}

// Create inserts a new agency and audits it.
func (s *Service) Create(ctx context.Context, actor audit.Actor, a *Agency) error {
	a.Normalize()
	if err := a.Validate(s.OfficeHoursCheck); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error { return CreateTx(ctx, tx, actor, a) })
}

// CreateTx inserts a validated, normalised agency inside tx (used by the demo
// loader and by Create).
func CreateTx(ctx context.Context, tx *store.Tx, actor audit.Actor, a *Agency) error {
	var parent *Agency
	if a.ParentCode != "" {
		p, err := ByCodeTx(ctx, tx, a.ParentCode)
		if err != nil {
			t := apperr.Text{Format: "Không tìm thấy cơ quan cấp trên %s.", Args: []any{a.ParentCode}}
			return &apperr.Error{Code: apperr.CodeInvalid, Message: "Dữ liệu chưa hợp lệ.",
				Fields: map[string]string{"parent": t.String()}, FieldFormats: map[string]apperr.Text{"parent": t}}
		}
		parent = p
	}
	var parentID sql.NullInt64
	if parent != nil {
		parentID = sql.NullInt64{Int64: parent.ID, Valid: true}
	}
	now := store.Millis(tx.Now)
	err := tx.QueryRow(ctx, `INSERT INTO agencies (code, name, short_name, kind, parent_id, path, address, phone, email, office_hours, name_folded, active, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, '', $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
		a.Code, a.Name, a.ShortName, string(a.Kind), parentID, a.Address, a.Phone, a.Email, a.OfficeHours, textfold.Fold(a.Name), true, now).Scan(&a.ID)
	if store.IsUniqueViolation(err) {
		return &apperr.Error{Code: apperr.CodeConflict, Message: "Mã định danh đã được dùng cho cơ quan khác.", Fields: map[string]string{"code": "Mã định danh đã tồn tại."}}
	}
	if err != nil {
		return fmt.Errorf("agency: insert: %w", err)
	}
	a.Path = "/" + strconv.FormatInt(a.ID, 10) + "/"
	if parent != nil {
		a.Path = parent.Path + strconv.FormatInt(a.ID, 10) + "/"
		a.ParentID = parent.ID
	}
	if _, err := tx.Exec(ctx, `UPDATE agencies SET path = $1 WHERE id = $2`, a.Path, a.ID); err != nil {
		return err
	}
	a.Active, a.CreatedAt, a.UpdatedAt = true, tx.Now, tx.Now
	return audit.Record(ctx, tx, actor, "agency.create", "agency", a.Code, a.ID, map[string]any{"after": a})
}

// Update changes an agency's fields (not its code's uniqueness rules or
// parent cycles) and audits before/after. Moving an agency under its own
// descendant is refused.
func (s *Service) Update(ctx context.Context, actor audit.Actor, a *Agency) error {
	a.Normalize()
	if err := a.Validate(s.OfficeHoursCheck); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := ByIDTx(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		var parentID sql.NullInt64
		newPath := "/" + strconv.FormatInt(a.ID, 10) + "/"
		if a.ParentCode != "" {
			p, err := ByCodeTx(ctx, tx, a.ParentCode)
			if err != nil {
				return &apperr.Error{Code: apperr.CodeInvalid, Message: "Dữ liệu chưa hợp lệ.", Fields: map[string]string{"parent": "Không tìm thấy cơ quan cấp trên."}}
			}
			if before.Contains(p.Path) {
				return &apperr.Error{Code: apperr.CodeInvalid, Message: "Dữ liệu chưa hợp lệ.", Fields: map[string]string{"parent": "Không thể chọn chính cơ quan này hoặc đơn vị cấp dưới làm cơ quan cấp trên."}}
			}
			parentID = sql.NullInt64{Int64: p.ID, Valid: true}
			newPath = p.Path + strconv.FormatInt(a.ID, 10) + "/"
		}
		_, err = tx.Exec(ctx, `UPDATE agencies SET code = $1, name = $2, short_name = $3, kind = $4, parent_id = $5, address = $6, phone = $7,
			email = $8, office_hours = $9, name_folded = $10, active = $11, updated_at = $12 WHERE id = $13`,
			a.Code, a.Name, a.ShortName, string(a.Kind), parentID, a.Address, a.Phone, a.Email, a.OfficeHours, textfold.Fold(a.Name), a.Active, store.Millis(tx.Now), a.ID)
		if store.IsUniqueViolation(err) {
			return &apperr.Error{Code: apperr.CodeConflict, Message: "Mã định danh đã được dùng cho cơ quan khác.", Fields: map[string]string{"code": "Mã định danh đã tồn tại."}}
		}
		if err != nil {
			return fmt.Errorf("agency: update: %w", err)
		}
		if newPath != before.Path {
			// Re-root the whole subtree.
			if _, err := tx.Exec(ctx, `UPDATE agencies SET path = $1 || SUBSTR(path, $2) WHERE path LIKE $3`,
				newPath, len(before.Path)+1, before.Path+"%"); err != nil {
				return fmt.Errorf("agency: move subtree: %w", err)
			}
		}
		after, err := ByIDTx(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		*a = *after
		return audit.Record(ctx, tx, actor, "agency.update", "agency", a.Code, a.ID, map[string]any{"before": before, "after": after})
	})
}

// TreeOrder sorts agencies depth-first, siblings by Vietnamese name order,
// and sets Depth.
func TreeOrder(all []*Agency) []*Agency {
	children := map[int64][]*Agency{}
	for _, a := range all {
		children[a.ParentID] = append(children[a.ParentID], a)
	}
	for _, cs := range children {
		SortByName(cs)
	}
	out := make([]*Agency, 0, len(all))
	var walk func(id int64, depth int)
	walk = func(id int64, depth int) {
		for _, c := range children[id] {
			c.Depth = depth
			out = append(out, c)
			walk(c.ID, depth+1)
		}
	}
	walk(0, 0)
	return out
}
