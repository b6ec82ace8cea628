package procedure

import (
	"context"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
)

// Service reads and writes the catalog. Every write is one transaction and
// is audited in it. Other modules reach it with a.Service("procedures").
type Service struct {
	DB *store.DB
	// Files stores blank forms; nil refuses uploads (forms already referenced
	// by documents still need their procedure_form_files row).
	Files *FileStore

	cache indexCache
}

// Today is the current catalog date (YYYY-MM-DD in Asia/Ho_Chi_Minh) from the
// database clock.
func (s *Service) Today() string { return DateOf(s.DB.Now()) }

// InForce returns the version of the procedure in force at the instant at
// (its calendar date in Asia/Ho_Chi_Minh), with documents, fees and receiving
// agencies. The dossier module calls it when a dossier is received and keeps
// the returned VersionID. Errors: not_found when the code is unknown or no
// version applies on that date (not yet in force, or retired).
func (s *Service) InForce(ctx context.Context, code string, at time.Time) (*Procedure, error) {
	return InForceTx(ctx, s.DB, code, at)
}

// InForceTx is InForce inside a transaction (q is a *store.Tx or *store.DB).
func InForceTx(ctx context.Context, q Querier, code string, at time.Time) (*Procedure, error) {
	return getVersion(ctx, q, `p.code = $1 AND `+inForceSQL("$2"), code, DateOf(at))
}

// InForceOn is InForce for a calendar date (YYYY-MM-DD).
func (s *Service) InForceOn(ctx context.Context, code, date string) (*Procedure, error) {
	if !ValidDate(date) {
		return nil, apperr.Invalid("Ngày không hợp lệ (dạng năm-tháng-ngày, ví dụ 2025-07-01).")
	}
	return getVersion(ctx, s.DB, `p.code = $1 AND `+inForceSQL("$2"), code, date)
}

// Version returns one stored version by its id (what a dossier recorded),
// whether or not it is still in force. Errors: not_found.
func (s *Service) Version(ctx context.Context, versionID int64) (*Procedure, error) {
	return VersionTx(ctx, s.DB, versionID)
}

// VersionTx is Version inside a transaction.
func VersionTx(ctx context.Context, q Querier, versionID int64) (*Procedure, error) {
	return getVersion(ctx, q, `v.id = $1`, versionID)
}

// VersionNumber returns version n (1, 2, …) of the procedure. Errors: not_found.
func (s *Service) VersionNumber(ctx context.Context, code string, n int) (*Procedure, error) {
	return getVersion(ctx, s.DB, `p.code = $1 AND v.version = $2`, code, n)
}

// Latest returns the newest version of the procedure, whatever its dates
// (it may be scheduled for later or retired). Errors: not_found.
func (s *Service) Latest(ctx context.Context, code string) (*Procedure, error) {
	return getVersion(ctx, s.DB, `p.code = $1 ORDER BY v.version DESC LIMIT 1`, code)
}

// Current returns the version to show on the public page: the one in force
// today, else the newest one (not yet in force, or retired — the caller
// tells them apart with InForceOn/EndedBy). Errors: not_found.
func (s *Service) Current(ctx context.Context, code string) (*Procedure, error) {
	p, err := s.InForce(ctx, code, s.DB.Now())
	if apperr.Is(err, apperr.CodeNotFound) {
		return s.Latest(ctx, code)
	}
	return p, err
}

// VersionInfo summarises one version for the history page.
type VersionInfo struct {
	Version        int
	VersionID      int64
	Name           string
	EffectiveFrom  string
	EffectiveUntil string
	Note           string
	CreatedAt      time.Time
	CreatedBy      string
}

// InForceOn reports whether the version applies on date.
func (v VersionInfo) InForceOn(date string) bool {
	return v.EffectiveFrom <= date && (v.EffectiveUntil == "" || date < v.EffectiveUntil)
}

// Superseded reports whether the version never applied (replaced the same day it started).
func (v VersionInfo) Superseded() bool {
	return v.EffectiveUntil != "" && v.EffectiveUntil <= v.EffectiveFrom
}

// History lists every version of the procedure, newest first. Errors: not_found.
func (s *Service) History(ctx context.Context, code string) ([]VersionInfo, error) {
	rows, err := s.DB.Query(ctx, `SELECT v.version, v.id, v.name, v.effective_from, COALESCE(v.effective_until, ''), v.note, v.created_at, v.created_by
		FROM procedure_versions v JOIN procedures p ON p.id = v.procedure_id WHERE p.code = $1 ORDER BY v.version DESC`, code)
	if err != nil {
		return nil, fmt.Errorf("procedure: history: %w", err)
	}
	defer rows.Close()
	var out []VersionInfo
	for rows.Next() {
		var v VersionInfo
		var at int64
		if err := rows.Scan(&v.Version, &v.VersionID, &v.Name, &v.EffectiveFrom, &v.EffectiveUntil, &v.Note, &at, &v.CreatedBy); err != nil {
			return nil, err
		}
		v.CreatedAt = store.Time(at)
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errNoProcedure
	}
	return out, nil
}

// Refs loads the field and agency codes a procedure may refer to.
func (s *Service) Refs(ctx context.Context) (Refs, error) { return loadRefs(ctx, s.DB) }

func loadRefs(ctx context.Context, q Querier) (Refs, error) {
	refs := Refs{Fields: map[string]bool{}, Agencies: map[string]agency.Kind{}}
	ids, err := fieldIDs(ctx, q)
	if err != nil {
		return refs, err
	}
	for c := range ids {
		refs.Fields[c] = true
	}
	rows, err := q.Query(ctx, `SELECT code, kind FROM agencies`)
	if err != nil {
		return refs, fmt.Errorf("procedure: agencies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c, k string
		if err := rows.Scan(&c, &k); err != nil {
			return refs, err
		}
		refs.Agencies[c] = agency.Kind(k)
	}
	return refs, rows.Err()
}

// Create adds a new procedure as version 1. p is normalised and validated;
// p.Note may say why. Errors: invalid (field errors keyed like the admin
// form), conflict (the code exists).
func (s *Service) Create(ctx context.Context, actor audit.Actor, p *Procedure) error {
	p.Normalize()
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := s.checkTx(ctx, tx, p); err != nil {
			return err
		}
		ids, err := fieldIDs(ctx, tx)
		if err != nil {
			return err
		}
		if err := insertProcedure(ctx, tx, p, ids[p.Field], actor.Name); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "procedure.create", "procedure", p.Code, 0,
			map[string]any{"version": p.Version, "after": p})
	})
}

// checkTx validates p against the stored fields, agencies and form files.
func (s *Service) checkTx(ctx context.Context, tx *store.Tx, p *Procedure) error {
	refs, err := loadRefs(ctx, tx)
	if err != nil {
		return err
	}
	probs := p.Check(refs)
	more, err := formFileProblems(ctx, tx, p)
	if err != nil {
		return err
	}
	return problemsErr(append(probs, more...))
}

func formFileProblems(ctx context.Context, q Querier, p *Procedure) ([]Problem, error) {
	var out []Problem
	for i, d := range p.Documents {
		if d.FormFile == nil || !validSHA256(d.FormFile.SHA256) {
			continue
		}
		ok, err := formFileKnown(ctx, q, d.FormFile.SHA256)
		if err != nil {
			return nil, err
		}
		if !ok {
			out = append(out, Problem{Key: "form_file", Doc: i, Fee: -1, Message: apperr.Text{Format: "Chưa có tệp mẫu với mã SHA-256 này trong hệ thống; hãy tải tệp lên trước."}})
		}
	}
	return out, nil
}

// Update records an edit of the procedure code as a new version from
// p.EffectiveFrom. baseVersion is the version the editor started from (0 =
// do not check); if another edit came first the update is refused with
// conflict. The new version's date must not be before the newest version's;
// on the same date the new version replaces the old one from its first day.
// When the content equals the newest version's (and the procedure is not
// retired) nothing is written and changed is false.
// Errors: not_found, invalid, conflict.
func (s *Service) Update(ctx context.Context, actor audit.Actor, code string, p *Procedure, baseVersion int) (changed bool, err error) {
	p.Code = code
	p.Normalize()
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		id, err := procedureID(ctx, tx, code)
		if err != nil {
			return err
		}
		if id == 0 {
			return errNoProcedure
		}
		before, hash, err := latest(ctx, tx, id)
		if err != nil {
			return err
		}
		if baseVersion != 0 && before.Version != baseVersion {
			return apperr.Conflict("Thủ tục vừa được người khác sửa (nay là phiên bản %d). Vui lòng mở lại trang để xem nội dung mới.", before.Version)
		}
		if err := s.checkTx(ctx, tx, p); err != nil {
			return err
		}
		if p.EffectiveFrom < before.EffectiveFrom {
			var v apperr.Validation
			v.Addf("effective_from", "Ngày hiệu lực không được trước %s (ngày hiệu lực của phiên bản hiện tại).", viDate(before.EffectiveFrom))
			return v.Err()
		}
		if ContentHash(p) == hash && before.EffectiveUntil == "" {
			return nil
		}
		changed = true
		return s.addVersionTx(ctx, tx, actor, id, before, p)
	})
	return changed, err
}

// addVersionTx closes the versions that overlap p and inserts p after before.
func (s *Service) addVersionTx(ctx context.Context, tx *store.Tx, actor audit.Actor, id int64, before, p *Procedure) error {
	ids, err := fieldIDs(ctx, tx)
	if err != nil {
		return err
	}
	if err := closeVersions(ctx, tx, id, p.EffectiveFrom); err != nil {
		return err
	}
	if err := insertVersion(ctx, tx, id, before.Version+1, p, ids[p.Field], actor.Name); err != nil {
		return err
	}
	return audit.Record(ctx, tx, actor, "procedure.update", "procedure", p.Code, 0,
		map[string]any{"version": p.Version, "before": before, "after": p})
}

// Retire abolishes the procedure from date until (YYYY-MM-DD, exclusive end
// of the newest version). A later Update reinstates it with a new version.
// Errors: not_found, invalid (bad date, before the newest version's start),
// conflict (already has an end date).
func (s *Service) Retire(ctx context.Context, actor audit.Actor, code, until, note string) error {
	if !ValidDate(until) {
		var v apperr.Validation
		v.Add("effective_until", "Ngày bãi bỏ phải là ngày hợp lệ dạng năm-tháng-ngày.")
		return v.Err()
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		id, err := procedureID(ctx, tx, code)
		if err != nil {
			return err
		}
		if id == 0 {
			return errNoProcedure
		}
		last, _, err := latest(ctx, tx, id)
		if err != nil {
			return err
		}
		if last.EffectiveUntil != "" {
			return apperr.Conflict("Thủ tục đã có ngày bãi bỏ %s.", viDate(last.EffectiveUntil))
		}
		if until < last.EffectiveFrom {
			var v apperr.Validation
			v.Addf("effective_until", "Ngày bãi bỏ không được trước %s (ngày hiệu lực của phiên bản hiện tại).", viDate(last.EffectiveFrom))
			return v.Err()
		}
		if _, err := tx.Exec(ctx, `UPDATE procedure_versions SET effective_until = $1 WHERE id = $2`, until, last.VersionID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE procedures SET updated_at = $1 WHERE id = $2`, store.Millis(tx.Now), id); err != nil {
			return err
		}
		if err := bump(ctx, tx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "procedure.retire", "procedure", code, 0,
			map[string]any{"version": last.Version, "before": map[string]any{"effective_until": nil},
				"after": map[string]any{"effective_until": until}, "note": note})
	})
}

// viDate renders YYYY-MM-DD as DD/MM/YYYY.
func viDate(d string) string {
	t, err := time.Parse(DateLayout, d)
	if err != nil {
		return d
	}
	return t.Format("02/01/2006")
}

// VIDate renders a catalog date (YYYY-MM-DD) the Vietnamese way, DD/MM/YYYY.
func VIDate(d string) string { return viDate(d) }
