package procedure

import (
	"context"
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
)

// ImportOptions tune Service.Import.
type ImportOptions struct {
	Source   string                              // file name, for the audit log and version notes
	Progress func(stage string, done, total int) // called while checking ("check") and writing ("write"); may be nil
}

// ImportReport says what an import did, or why it did nothing.
type ImportReport struct {
	FieldsCreated, FieldsUpdated int
	Created, Updated, Unchanged  int
	CreatedCodes, UpdatedCodes   []string
	Errors                       []RowError // non-empty: nothing was written
}

// ErrImportRefused is wrapped by the error Import returns when rows are bad.
var ErrImportRefused = errors.New("import refused")

// Import applies a decoded catalog file in one transaction: fields are
// created or renamed; a procedure whose code is new becomes version 1; one
// whose content differs from its newest version (ContentHash, which ignores
// effective_from) gets a new version from its effective_from; unchanged ones
// are skipped. Procedures and fields absent from the file are left alone.
// Every row is checked first: if any is bad nothing is written, and the
// report lists each bad row (file line or sheet row, column, reason) with an unprocessable error. The import is audited as one
// "catalog.import" entry naming the created and updated codes.
func (s *Service) Import(ctx context.Context, actor audit.Actor, b *Batch, opt ImportOptions) (*ImportReport, error) {
	progress := opt.Progress
	if progress == nil {
		progress = func(string, int, int) {}
	}
	rep := &ImportReport{}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		errs, plan, err := s.checkBatch(ctx, tx, b, progress)
		if err != nil {
			return err
		}
		if len(errs) > 0 {
			rep.Errors = errs
			return refused(len(errs))
		}
		return s.applyBatch(ctx, tx, actor, b, plan, opt, rep, progress)
	})
	if err != nil && !errors.Is(err, ErrImportRefused) {
		rep.Created, rep.Updated, rep.Unchanged, rep.FieldsCreated, rep.FieldsUpdated = 0, 0, 0, 0, 0
		rep.CreatedCodes, rep.UpdatedCodes = nil, nil
	}
	return rep, err
}

// refusedErr is an unprocessable apperr that also matches ErrImportRefused.
type refusedErr struct{ e *apperr.Error }

func (r refusedErr) Error() string   { return r.e.Error() }
func (r refusedErr) Unwrap() []error { return []error{r.e, ErrImportRefused} }

func refused(n int) error {
	return refusedErr{apperr.Unprocessable("Tệp có %d lỗi; chưa nhập dữ liệu nào. Hãy sửa các dòng được liệt kê rồi nhập lại.", n)}
}

// importPlan is what checkBatch decided for each procedure.
type importPlan struct {
	existing []int64      // procedure id, 0 = new
	before   []*Procedure // newest stored version of existing ones
	changed  []bool
}

func (s *Service) checkBatch(ctx context.Context, tx *store.Tx, b *Batch, progress func(string, int, int)) ([]RowError, *importPlan, error) {
	errs := append([]RowError(nil), b.Errors...)
	refs, err := loadRefs(ctx, tx)
	if err != nil {
		return nil, nil, err
	}
	fieldRow := map[string]int{}
	for i := range b.Fields {
		f := &b.Fields[i]
		f.Normalize()
		loc := b.fieldLoc(i)
		if err := f.Validate(); err != nil {
			for k := range apperr.FieldsOf(err) {
				errs = append(errs, RowError{Sheet: loc.Sheet, Row: loc.Row, Code: f.Code, Column: b.fieldColumn(k), Message: apperr.FieldText(err, k)})
			}
			continue
		}
		if prev, dup := fieldRow[f.Code]; dup {
			errs = append(errs, RowError{Sheet: loc.Sheet, Row: loc.Row, Code: f.Code, Column: b.fieldColumn("code"),
				Message: apperr.Text{Format: "Mã lĩnh vực trùng với dòng %d.", Args: []any{prev}}})
			continue
		}
		fieldRow[f.Code] = loc.Row
		refs.Fields[f.Code] = true
	}
	plan := &importPlan{existing: make([]int64, len(b.Procedures)), before: make([]*Procedure, len(b.Procedures)), changed: make([]bool, len(b.Procedures))}
	procRow := map[string]int{}
	for i := range b.Procedures {
		if i%100 == 0 {
			progress("check", i, len(b.Procedures))
		}
		p := &b.Procedures[i]
		p.Normalize()
		at := b.loc(i, Problem{Doc: -1, Fee: -1})
		add := func(pr Problem) {
			loc := b.loc(i, pr)
			errs = append(errs, RowError{Sheet: loc.Sheet, Row: loc.Row, Code: p.Code, Column: b.columnOf(pr), Message: pr.Message})
		}
		probs := p.Check(refs)
		more, err := formFileProblems(ctx, tx, p)
		if err != nil {
			return nil, nil, err
		}
		probs = append(probs, more...)
		for _, pr := range probs {
			add(pr)
		}
		if p.Code == "" || len(probs) > 0 && probs[0].Key == "code" {
			continue
		}
		if prev, dup := procRow[p.Code]; dup {
			add(Problem{Key: "code", Doc: -1, Fee: -1, Message: apperr.Text{Format: "Mã thủ tục trùng với dòng %d.", Args: []any{prev}}})
			continue
		}
		procRow[p.Code] = at.Row
		id, err := procedureID(ctx, tx, p.Code)
		if err != nil {
			return nil, nil, err
		}
		if id == 0 {
			plan.changed[i] = true
			continue
		}
		before, hash, err := latest(ctx, tx, id)
		if err != nil {
			return nil, nil, err
		}
		plan.existing[i], plan.before[i] = id, before
		if hash == ContentHash(p) && before.EffectiveUntil == "" {
			continue
		}
		plan.changed[i] = true
		if ValidDate(p.EffectiveFrom) && p.EffectiveFrom < before.EffectiveFrom {
			add(Problem{Key: "effective_from", Doc: -1, Fee: -1, Message: apperr.Text{
				Format: "Nội dung khác phiên bản %d đang lưu nhưng ngày hiệu lực %s trước ngày hiệu lực của phiên bản đó (%s); hãy ghi ngày hiệu lực mới.",
				Args:   []any{before.Version, viDate(p.EffectiveFrom), viDate(before.EffectiveFrom)}}})
		}
	}
	progress("check", len(b.Procedures), len(b.Procedures))
	sortRowErrors(errs, sheetOrder)
	return errs, plan, nil
}

func (s *Service) applyBatch(ctx context.Context, tx *store.Tx, actor audit.Actor, b *Batch, plan *importPlan, opt ImportOptions, rep *ImportReport, progress func(string, int, int)) error {
	for i := range b.Fields {
		f := &b.Fields[i]
		changed, err := updateFieldTx(ctx, tx, actor, f)
		switch {
		case apperr.Is(err, apperr.CodeNotFound):
			if err := createFieldTx(ctx, tx, actor, f); err != nil {
				return err
			}
			rep.FieldsCreated++
		case err != nil:
			return err
		case changed:
			rep.FieldsUpdated++
		}
	}
	ids, err := fieldIDs(ctx, tx)
	if err != nil {
		return err
	}
	note := "Nhập từ tệp danh mục"
	if opt.Source != "" {
		note += " " + opt.Source
	}
	for i := range b.Procedures {
		if i%100 == 0 {
			progress("write", i, len(b.Procedures))
		}
		p := &b.Procedures[i]
		if !plan.changed[i] {
			rep.Unchanged++
			continue
		}
		p.Note = note
		if plan.existing[i] == 0 {
			if err := insertProcedure(ctx, tx, p, ids[p.Field], actor.Name); err != nil {
				return err
			}
			rep.Created++
			rep.CreatedCodes = append(rep.CreatedCodes, p.Code)
			continue
		}
		if err := closeVersions(ctx, tx, plan.existing[i], p.EffectiveFrom); err != nil {
			return err
		}
		if err := insertVersion(ctx, tx, plan.existing[i], plan.before[i].Version+1, p, ids[p.Field], actor.Name); err != nil {
			return err
		}
		rep.Updated++
		rep.UpdatedCodes = append(rep.UpdatedCodes, p.Code)
	}
	progress("write", len(b.Procedures), len(b.Procedures))
	return audit.Record(ctx, tx, actor, "catalog.import", "catalog", opt.Source, 0, map[string]any{
		"format": b.Format, "source": opt.Source,
		"fields_created": rep.FieldsCreated, "fields_updated": rep.FieldsUpdated,
		"created": rep.CreatedCodes, "updated": rep.UpdatedCodes, "unchanged": rep.Unchanged,
	})
}

// Export returns the catalog as a Catalog: every field (in creation order)
// and, for every procedure not retired today, its newest version (which may
// be scheduled for a later date), in creation order. Importing the result
// into the same database changes nothing.
func (s *Service) Export(ctx context.Context) (*Catalog, error) {
	c := &Catalog{Fields: []Field{}, Procedures: []Procedure{}}
	rows, err := s.DB.Query(ctx, `SELECT code, name FROM procedure_fields ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("procedure: export: %w", err)
	}
	for rows.Next() {
		var f Field
		if err := rows.Scan(&f.Code, &f.Name); err != nil {
			rows.Close()
			return nil, err
		}
		c.Fields = append(c.Fields, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.DB.Query(ctx, `SELECT `+versionCols+versionFrom+`
		WHERE v.version = (SELECT MAX(w.version) FROM procedure_versions w WHERE w.procedure_id = v.procedure_id)
		AND (v.effective_until IS NULL OR v.effective_until > $1) ORDER BY p.id`, s.Today())
	if err != nil {
		return nil, fmt.Errorf("procedure: export: %w", err)
	}
	var ps []*Procedure
	for rows.Next() {
		p, err := scanVersion(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		ps = append(ps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, p := range ps {
		if err := loadChildren(ctx, s.DB, p); err != nil {
			return nil, err
		}
		c.Procedures = append(c.Procedures, *p)
	}
	return c, nil
}
