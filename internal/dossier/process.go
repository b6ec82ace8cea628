package dossier

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// ProcessView is a procedure's internal process as administrators see it.
type ProcessView struct {
	ProcedureCode string             `json:"procedure_code"`
	ProcedureName string             `json:"procedure_name"`
	VersionKey    string             `json:"version,omitempty"` // catalog version it applies to; "" = every version
	Limit         workflow.Limit     `json:"time_limit"`
	Immediate     bool               `json:"immediate"`
	Default       bool               `json:"default"` // true: no process defined, the default applies
	Steps         []workflow.StepDef `json:"steps"`
	TotalHours    int                `json:"total_hours"`
	DefinedAt     time.Time          `json:"defined_at,omitzero"`
}

// processFor returns the process of the procedure version: the one defined
// for that version, else the one defined for every version, else the
// default process.
func (s *Service) processFor(ctx context.Context, q querier, p *ProcedureInfo) (*workflow.Process, bool, error) {
	key := p.Code + "\x00" + p.VersionKey()
	if c, ok := s.processes.get(key); ok {
		return c.p, c.def, nil
	}
	var steps string
	err := q.QueryRow(ctx, `SELECT steps FROM dossier_processes WHERE procedure_code = $1 AND version_key IN ($2, '') AND NOT retired
		ORDER BY version_key DESC, id DESC LIMIT 1`, p.Code, p.VersionKey()).Scan(&steps)
	if errors.Is(err, sql.ErrNoRows) {
		def := workflow.DefaultProcess(p.Limit, p.Immediate)
		s.processes.put(key, cachedProcess{&def, true})
		return &def, true, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("dossier: process of %s: %w", p.Code, err)
	}
	var pr workflow.Process
	if err := json.Unmarshal([]byte(steps), &pr); err != nil {
		return nil, false, fmt.Errorf("dossier: decode process of %s: %w", p.Code, err)
	}
	s.processes.put(key, cachedProcess{&pr, false})
	return &pr, false, nil
}

type cachedProcess struct {
	p   *workflow.Process
	def bool
}

// Process returns the internal process that applies to the version of the
// procedure in force now (administrators and supervisors; any staff may read).
// Errors: not_found for an unknown procedure.
func (s *Service) Process(ctx context.Context, p *account.Principal, code string) (*ProcessView, error) {
	if p == nil {
		return nil, apperr.Unauthorized("Vui lòng đăng nhập.")
	}
	proc, err := s.procedure(ctx, code, s.DB.Now())
	if err != nil {
		return nil, err
	}
	pr, def, err := s.processFor(ctx, s.DB, proc)
	if err != nil {
		return nil, err
	}
	v := &ProcessView{ProcedureCode: proc.Code, ProcedureName: proc.Name, Limit: proc.Limit, Immediate: proc.Immediate, Default: def,
		Steps: pr.Steps, TotalHours: pr.Hours()}
	if !def {
		var at int64
		var key string
		if err := s.DB.QueryRow(ctx, `SELECT version_key, created_at FROM dossier_processes WHERE procedure_code = $1 AND version_key IN ($2, '')
			AND NOT retired ORDER BY version_key DESC, id DESC LIMIT 1`, proc.Code, proc.VersionKey()).Scan(&key, &at); err == nil {
			v.VersionKey, v.DefinedAt = key, store.Time(at)
		}
	}
	return v, nil
}

// ProcessInput defines or replaces a procedure's internal process.
type ProcessInput struct {
	// AllVersions applies the process to every version of the procedure
	// (default: only the version in force now).
	AllVersions bool               `json:"all_versions,omitempty"`
	Steps       []workflow.StepDef `json:"steps"`
}

// SetProcess defines or replaces the internal process of the procedure
// version in force (administrators). The steps are validated against the
// legal limit (their total must match it) and against the agency list.
// Dossiers already received keep the steps they were received with.
// Errors: forbidden, not_found (procedure), invalid (field errors).
func (s *Service) SetProcess(ctx context.Context, p *account.Principal, code string, in ProcessInput) (*ProcessView, error) {
	if p == nil || !p.Has(account.RoleAdministrator) {
		return nil, apperr.Forbidden("Chỉ quản trị hệ thống được xây dựng quy trình nội bộ.")
	}
	proc, err := s.procedure(ctx, code, s.DB.Now())
	if err != nil {
		return nil, err
	}
	for i := range in.Steps {
		st := &in.Steps[i]
		st.Name, st.Agency, st.Group = textfold.NFC(st.Name), textfold.NFC(st.Agency), textfold.NFC(st.Group)
		if st.Agency != workflow.AgencyHandling && st.Agency != workflow.AgencyReceiving {
			if a, err := s.agencyByCode(ctx, st.Agency); err == nil {
				st.Agency = a.Code
			}
		}
	}
	pr := workflow.Process{Steps: in.Steps}
	isAgency := func(c string) bool { _, err := s.agencyByCode(ctx, c); return err == nil }
	if err := pr.Validate(proc.Limit, proc.Immediate, isAgency); err != nil {
		return nil, err
	}
	key := proc.VersionKey()
	if in.AllVersions {
		key = ""
	}
	b, _ := json.Marshal(pr)
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE dossier_processes SET retired = $1 WHERE procedure_code = $2 AND version_key = $3 AND NOT retired`,
			true, proc.Code, key); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO dossier_processes (procedure_code, version_key, steps, retired, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6)`, proc.Code, key, string(b), false, store.Millis(tx.Now), p.UserID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.Actor(), "process.set", "procedure", proc.Code, 0, map[string]any{"version": key, "process": pr})
	})
	if err != nil {
		return nil, fmt.Errorf("dossier: save process: %w", err)
	}
	s.processes.clear()
	return s.Process(ctx, p, code)
}

// ResetProcess retires the defined process so the default applies again.
func (s *Service) ResetProcess(ctx context.Context, p *account.Principal, code string) error {
	if p == nil || !p.Has(account.RoleAdministrator) {
		return apperr.Forbidden("Chỉ quản trị hệ thống được xây dựng quy trình nội bộ.")
	}
	proc, err := s.procedure(ctx, code, s.DB.Now())
	if err != nil {
		return err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE dossier_processes SET retired = $1 WHERE procedure_code = $2 AND NOT retired`, true, proc.Code); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.Actor(), "process.reset", "procedure", proc.Code, 0, nil)
	})
	s.processes.clear()
	return err
}

// procedure looks the procedure up in the catalog.
func (s *Service) procedure(ctx context.Context, code string, at time.Time) (*ProcedureInfo, error) {
	if s.Catalog == nil {
		return nil, errors.New("dossier: no procedure catalog configured")
	}
	code = textfold.NFC(code)
	// The version in force is cached per code and date for a few seconds:
	// reading it is four queries, and a counter receives the same few
	// procedures all day. A catalog change is seen within catalogTTL.
	key := code + "\x00" + workflow.LocalDate(at)
	if p, ok := s.catalog.get(key); ok {
		return p, nil
	}
	p, err := s.Catalog.InForce(ctx, code, at)
	if err == nil {
		s.catalog.put(key, p)
	}
	if err != nil {
		if apperr.Code(err) == apperr.CodeNotFound {
			e := apperr.NotFound("Không tìm thấy thủ tục hành chính có mã %s đang có hiệu lực.", code)
			e.Fields = map[string]string{"procedure_code": "Không tìm thấy thủ tục hành chính có mã này đang có hiệu lực."}
			return nil, e
		}
		return nil, err
	}
	return p, nil
}
