package procedure

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

var errNoField = apperr.NotFound("Không tìm thấy lĩnh vực.")

// Fields lists every field in Vietnamese alphabetical order, each with the
// number of procedures in force today.
func (s *Service) Fields(ctx context.Context) ([]Field, error) {
	idx, err := s.index(ctx)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	count := map[string]int{}
	for i := range idx.entries {
		e := &idx.entries[i]
		if e.EffectiveFrom <= today && (e.EffectiveUntil == "" || today < e.EffectiveUntil) {
			count[e.FieldCode]++
		}
	}
	rows, err := s.DB.Query(ctx, `SELECT id, code, name FROM procedure_fields`)
	if err != nil {
		return nil, fmt.Errorf("procedure: fields: %w", err)
	}
	defer rows.Close()
	var out []Field
	for rows.Next() {
		var f Field
		if err := rows.Scan(&f.ID, &f.Code, &f.Name); err != nil {
			return nil, err
		}
		f.Count = count[f.Code]
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	SortFields(out)
	return out, nil
}

// SortFields sorts fields by name in Vietnamese collation (byte order would
// put Đ after Z), then by code.
func SortFields(fs []Field) {
	c := collate.New(language.Vietnamese)
	sort.SliceStable(fs, func(i, j int) bool {
		if r := c.CompareString(fs[i].Name, fs[j].Name); r != 0 {
			return r < 0
		}
		return fs[i].Code < fs[j].Code
	})
}

// Field returns the field with the code. Errors: not_found.
func (s *Service) Field(ctx context.Context, code string) (*Field, error) {
	var f Field
	err := s.DB.QueryRow(ctx, `SELECT id, code, name FROM procedure_fields WHERE code = $1`, textfold.NFC(code)).Scan(&f.ID, &f.Code, &f.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoField
	}
	if err != nil {
		return nil, fmt.Errorf("procedure: field: %w", err)
	}
	return &f, nil
}

// CreateField adds a field. Errors: invalid, conflict (code exists).
func (s *Service) CreateField(ctx context.Context, actor audit.Actor, f *Field) error {
	f.Normalize()
	if err := f.Validate(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error { return createFieldTx(ctx, tx, actor, f) })
}

func createFieldTx(ctx context.Context, tx *store.Tx, actor audit.Actor, f *Field) error {
	err := tx.QueryRow(ctx, `INSERT INTO procedure_fields (code, name, name_folded, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
		f.Code, f.Name, textfold.Fold(f.Name), store.Millis(tx.Now)).Scan(&f.ID)
	if store.IsUniqueViolation(err) {
		t := apperr.Text{Format: "Mã lĩnh vực %s đã có.", Args: []any{f.Code}}
		return &apperr.Error{Code: apperr.CodeConflict, Message: "Mã lĩnh vực đã có.",
			Fields: map[string]string{"code": t.String()}, FieldFormats: map[string]apperr.Text{"code": t}}
	}
	if err != nil {
		return fmt.Errorf("procedure: insert field: %w", err)
	}
	if err := bump(ctx, tx); err != nil {
		return err
	}
	return audit.Record(ctx, tx, actor, "field.create", "field", f.Code, 0, map[string]any{"after": f})
}

// UpdateField renames a field (its code is a key in catalog files and does
// not change). Errors: invalid, not_found.
func (s *Service) UpdateField(ctx context.Context, actor audit.Actor, f *Field) error {
	f.Normalize()
	if err := f.Validate(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		_, err := updateFieldTx(ctx, tx, actor, f)
		return err
	})
}

// updateFieldTx renames f.Code to f.Name; changed is false when the name is
// the same.
func updateFieldTx(ctx context.Context, tx *store.Tx, actor audit.Actor, f *Field) (changed bool, err error) {
	var before Field
	err = tx.QueryRow(ctx, `SELECT id, code, name FROM procedure_fields WHERE code = $1`, f.Code).Scan(&before.ID, &before.Code, &before.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return false, errNoField
	}
	if err != nil {
		return false, err
	}
	f.ID = before.ID
	if before.Name == f.Name {
		return false, nil
	}
	if _, err := tx.Exec(ctx, `UPDATE procedure_fields SET name = $1, name_folded = $2, updated_at = $3 WHERE id = $4`,
		f.Name, textfold.Fold(f.Name), store.Millis(tx.Now), f.ID); err != nil {
		return false, fmt.Errorf("procedure: update field: %w", err)
	}
	if err := bump(ctx, tx); err != nil {
		return false, err
	}
	return true, audit.Record(ctx, tx, actor, "field.update", "field", f.Code, 0, map[string]any{"before": before, "after": f})
}
