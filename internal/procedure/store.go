package procedure

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// Querier is a *store.DB or a *store.Tx: the functions that take one read in
// that transaction (e.g. the dossier module's intake) or outside any.
type Querier interface {
	QueryRow(ctx context.Context, q string, args ...any) *sql.Row
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

var errNoProcedure = apperr.NotFound("Không tìm thấy thủ tục hành chính.")

// inForceSQL is true for the version rows in force on the date bound to the
// given placeholder. Dates are 'YYYY-MM-DD' text, so string order is date order.
func inForceSQL(ph string) string {
	return `v.effective_from <= ` + ph + ` AND (v.effective_until IS NULL OR v.effective_until > ` + ph + `)`
}

const versionCols = `p.id, p.code, v.id, v.version, v.effective_from, COALESCE(v.effective_until, ''), v.name, f.code, f.name,
	v.level, v.handling_agency, v.time_value, v.time_unit, v.immediate, v.cutoff_15h, v.result_code, v.result_name,
	v.online_level, v.legal_basis, v.applicants, v.where_to_submit, v.steps_note, v.note, v.created_at, v.created_by`

const versionFrom = ` FROM procedure_versions v JOIN procedures p ON p.id = v.procedure_id JOIN procedure_fields f ON f.id = v.field_id `

func scanVersion(row interface{ Scan(...any) error }) (*Procedure, error) {
	var p Procedure
	var level, unit, online, legal string
	var created int64
	if err := row.Scan(&p.ID, &p.Code, &p.VersionID, &p.Version, &p.EffectiveFrom, &p.EffectiveUntil, &p.Name, &p.Field, &p.FieldName,
		&level, &p.HandlingAgency, &p.TimeLimit.Value, &unit, &p.Immediate, &p.Cutoff15h, &p.Result.Code, &p.Result.Name,
		&online, &legal, &p.Applicants, &p.Where, &p.StepsNote, &p.Note, &created, &p.CreatedBy); err != nil {
		return nil, err
	}
	p.Level, p.TimeLimit.Unit, p.OnlineLevel, p.CreatedAt = Level(level), Unit(unit), OnlineLevel(online), store.Time(created)
	if err := json.Unmarshal([]byte(legal), &p.LegalBasis); err != nil {
		return nil, fmt.Errorf("procedure %s: legal_basis: %w", p.Code, err)
	}
	return &p, nil
}

// getVersion loads one version with its receiving agencies, documents and fees.
func getVersion(ctx context.Context, q Querier, where string, args ...any) (*Procedure, error) {
	p, err := scanVersion(q.QueryRow(ctx, `SELECT `+versionCols+versionFrom+`WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoProcedure
	}
	if err != nil {
		return nil, fmt.Errorf("procedure: get: %w", err)
	}
	if err := loadChildren(ctx, q, p); err != nil {
		return nil, err
	}
	return p, nil
}

func loadChildren(ctx context.Context, q Querier, p *Procedure) error {
	rows, err := q.Query(ctx, `SELECT agency FROM procedure_receivers WHERE version_id = $1 ORDER BY position`, p.VersionID)
	if err != nil {
		return fmt.Errorf("procedure: receivers: %w", err)
	}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			rows.Close()
			return err
		}
		p.ReceivingAgencies = append(p.ReceivingAgencies, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.Query(ctx, `SELECT d.id, d.name, d.originals, d.copies, d.required, d.condition_text, d.form_name,
		COALESCE(d.form_file, ''), d.form_file_name, COALESCE(ff.content_type, ''), COALESCE(ff.size, 0)
		FROM procedure_documents d LEFT JOIN procedure_form_files ff ON ff.sha256 = d.form_file
		WHERE d.version_id = $1 ORDER BY d.position`, p.VersionID)
	if err != nil {
		return fmt.Errorf("procedure: documents: %w", err)
	}
	for rows.Next() {
		var d Document
		var req, sha, fname, ftype string
		var size int64
		if err := rows.Scan(&d.ID, &d.Name, &d.Originals, &d.Copies, &req, &d.Condition, &d.Form, &sha, &fname, &ftype, &size); err != nil {
			rows.Close()
			return err
		}
		d.Required = Requirement(req)
		if sha != "" {
			d.FormFile = &FormFile{SHA256: sha, Name: fname, Type: ftype, Size: size}
		}
		p.Documents = append(p.Documents, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.Query(ctx, `SELECT kind, name, amount, case_text FROM procedure_fees WHERE version_id = $1 ORDER BY position`, p.VersionID)
	if err != nil {
		return fmt.Errorf("procedure: fees: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f Fee
		var kind string
		if err := rows.Scan(&kind, &f.Name, &f.Amount, &f.Case); err != nil {
			return err
		}
		f.Kind = FeeKind(kind)
		p.Fees = append(p.Fees, f)
	}
	p.nonNil()
	return rows.Err()
}

// latest returns the newest version of a procedure (by version number) and
// its content hash.
func latest(ctx context.Context, q Querier, procID int64) (*Procedure, string, error) {
	p, err := getVersion(ctx, q, `v.procedure_id = $1 ORDER BY v.version DESC LIMIT 1`, procID)
	if err != nil {
		return nil, "", err
	}
	var hash string
	if err := q.QueryRow(ctx, `SELECT content_hash FROM procedure_versions WHERE id = $1`, p.VersionID).Scan(&hash); err != nil {
		return nil, "", err
	}
	return p, hash, nil
}

// procedureID returns the id of the procedure with the code, or 0.
func procedureID(ctx context.Context, q Querier, code string) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT id FROM procedures WHERE code = $1`, code).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// ContentHash is the SHA-256 of the procedure's content: everything in the
// file format except the effective date, so re-importing an unchanged
// procedure creates no version.
func ContentHash(p *Procedure) string {
	c := *p
	c.EffectiveFrom = ""
	c.nonNil()
	b, err := json.Marshal(&c)
	if err != nil {
		panic(err) // plain data: cannot fail
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func searchFolded(p *Procedure) string {
	return strings.Join([]string{textfold.Fold(p.Name), textfold.Fold(p.Code), textfold.Fold(p.Result.Name)}, " ")
}

// insertVersion writes a version of an existing procedure row with its
// children; p must be valid. It sets p.VersionID, p.ID, p.Version.
func insertVersion(ctx context.Context, tx *store.Tx, procID int64, version int, p *Procedure, fieldID int64, by string) error {
	legal, err := json.Marshal(p.LegalBasis)
	if err != nil {
		return err
	}
	err = tx.QueryRow(ctx, `INSERT INTO procedure_versions (procedure_id, version, effective_from, effective_until, name, field_id, level,
		handling_agency, time_value, time_unit, immediate, cutoff_15h, result_code, result_name, online_level, legal_basis, applicants,
		where_to_submit, steps_note, name_folded, search_folded, content_hash, note, created_at, created_by)
		VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24) RETURNING id`,
		procID, version, p.EffectiveFrom, p.Name, fieldID, string(p.Level), p.HandlingAgency, p.TimeLimit.Value, string(p.TimeLimit.Unit),
		p.Immediate, p.Cutoff15h, p.Result.Code, p.Result.Name, string(p.OnlineLevel), string(legal), p.Applicants, p.Where, p.StepsNote,
		textfold.Fold(p.Name), searchFolded(p), ContentHash(p), p.Note, store.Millis(tx.Now), by).Scan(&p.VersionID)
	if err != nil {
		return fmt.Errorf("procedure: insert version: %w", err)
	}
	p.ID, p.Version, p.EffectiveUntil, p.CreatedAt, p.CreatedBy = procID, version, "", tx.Now, by
	for i, a := range p.ReceivingAgencies {
		if _, err := tx.Exec(ctx, `INSERT INTO procedure_receivers (version_id, position, agency) VALUES ($1, $2, $3)`, p.VersionID, i, a); err != nil {
			return fmt.Errorf("procedure: insert receiver: %w", err)
		}
	}
	for i := range p.Documents {
		d := &p.Documents[i]
		var sha sql.NullString
		fname := ""
		if d.FormFile != nil {
			sha, fname = sql.NullString{String: d.FormFile.SHA256, Valid: true}, d.FormFile.Name
		}
		if err := tx.QueryRow(ctx, `INSERT INTO procedure_documents (version_id, position, name, originals, copies, required, condition_text,
			form_name, form_file, form_file_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			p.VersionID, i, d.Name, d.Originals, d.Copies, string(d.Required), d.Condition, d.Form, sha, fname).Scan(&d.ID); err != nil {
			return fmt.Errorf("procedure: insert document: %w", err)
		}
	}
	for i, f := range p.Fees {
		if _, err := tx.Exec(ctx, `INSERT INTO procedure_fees (version_id, position, kind, name, amount, case_text) VALUES ($1, $2, $3, $4, $5, $6)`,
			p.VersionID, i, string(f.Kind), f.Name, f.Amount, f.Case); err != nil {
			return fmt.Errorf("procedure: insert fee: %w", err)
		}
	}
	if _, err = tx.Exec(ctx, `UPDATE procedures SET updated_at = $1 WHERE id = $2`, store.Millis(tx.Now), procID); err != nil {
		return err
	}
	return bump(ctx, tx)
}

// insertProcedure creates the procedure row and its first version.
func insertProcedure(ctx context.Context, tx *store.Tx, p *Procedure, fieldID int64, by string) error {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO procedures (code, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id`, p.Code, store.Millis(tx.Now)).Scan(&id)
	if store.IsUniqueViolation(err) {
		t := apperr.Text{Format: "Mã thủ tục %s đã có trong danh mục.", Args: []any{p.Code}}
		return &apperr.Error{Code: apperr.CodeConflict, Message: "Mã thủ tục đã có trong danh mục.",
			Fields: map[string]string{"code": t.String()}, FieldFormats: map[string]apperr.Text{"code": t}}
	}
	if err != nil {
		return fmt.Errorf("procedure: insert: %w", err)
	}
	return insertVersion(ctx, tx, id, 1, p, fieldID, by)
}

// closeVersions ends every version of the procedure that would still apply
// on or after from.
func closeVersions(ctx context.Context, tx *store.Tx, procID int64, from string) error {
	_, err := tx.Exec(ctx, `UPDATE procedure_versions SET effective_until = $1
		WHERE procedure_id = $2 AND (effective_until IS NULL OR effective_until > $1)`, from, procID)
	return err
}

// fieldIDs maps field codes to ids.
func fieldIDs(ctx context.Context, q Querier) (map[string]int64, error) {
	rows, err := q.Query(ctx, `SELECT code, id FROM procedure_fields`)
	if err != nil {
		return nil, fmt.Errorf("procedure: fields: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var c string
		var id int64
		if err := rows.Scan(&c, &id); err != nil {
			return nil, err
		}
		out[c] = id
	}
	return out, rows.Err()
}

// formFileKnown reports whether a blank form with the SHA-256 is stored.
func formFileKnown(ctx context.Context, q Querier, sha string) (bool, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM procedure_form_files WHERE sha256 = $1`, sha).Scan(&n)
	return n > 0, err
}
