package dossier

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/store"
)

// querier is a *store.DB or a *store.Tx.
type querier interface {
	QueryRow(ctx context.Context, q string, args ...any) *sql.Row
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

var errNotFound = apperr.NotFound("Không tìm thấy hồ sơ.")

const dossierCols = `d.id, d.code, d.intake_ref, d.status, d.version, d.channel, d.procedure_code, d.procedure_version, d.procedure_name,
	d.limit_value, d.limit_unit, d.immediate, d.receiving_agency_id, ra.code, ra.name, ra.path, d.handling_agency_id, ha.code, ha.name, ha.path,
	COALESCE(d.citizen_id, 0), d.applicant_kind, d.applicant_name, d.applicant_id_number, d.detail, d.book_year, d.book_no,
	d.submitted_at, d.accept_by, d.received_at, d.clock_start_at, d.due_at, d.original_due_at, d.supplement_deadline,
	d.supplement_count, d.apology_count, d.early_notified_at, d.finished_at, d.returned_at, d.created_by, d.created_at, d.updated_at`

const dossierFrom = ` FROM dossiers d JOIN agencies ra ON ra.id = d.receiving_agency_id JOIN agencies ha ON ha.id = d.handling_agency_id`

func scanDossier(row interface{ Scan(...any) error }) (*Dossier, error) {
	var d Dossier
	var detailJSON, status, procVersion, limitUnit string
	var limitValue int64
	var immediate bool
	var applicantKind, applicantName, applicantID string
	var submitted, acceptBy, received, clockStart, due, origDue, suppDeadline, early, finished, returned sql.NullInt64
	var created, updated int64
	err := row.Scan(&d.ID, &d.Code, &d.IntakeRef, &status, &d.Version, &d.Channel, &d.Procedure.Code, &procVersion, &d.Procedure.Name,
		&limitValue, &limitUnit, &immediate, &d.ReceivingAgency.ID, &d.ReceivingAgency.Code, &d.ReceivingAgency.Name, &d.ReceivingAgency.Path,
		&d.HandlingAgency.ID, &d.HandlingAgency.Code, &d.HandlingAgency.Name, &d.HandlingAgency.Path,
		&d.CitizenID, &applicantKind, &applicantName, &applicantID, &detailJSON, &d.BookYear, &d.BookNo,
		&submitted, &acceptBy, &received, &clockStart, &due, &origDue, &suppDeadline,
		&d.SupplementCount, &d.ApologyCount, &early, &finished, &returned, &d.createdBy, &created, &updated)
	if err != nil {
		return nil, err
	}
	var x detail
	if err := json.Unmarshal([]byte(detailJSON), &x); err != nil {
		return nil, fmt.Errorf("dossier: decode detail of %s: %w", d.Code, err)
	}
	d.setDetail(x)
	d.Status = workflow.State(status)
	d.SubmittedAt, d.AcceptBy, d.ReceivedAt = store.NullTime(submitted), store.NullTime(acceptBy), store.NullTime(received)
	d.ClockStartAt, d.DueAt, d.OriginalDueAt = store.NullTime(clockStart), store.NullTime(due), store.NullTime(origDue)
	d.SupplementDeadline, d.EarlyNotifiedAt = store.NullTime(suppDeadline), store.NullTime(early)
	d.FinishedAt, d.ReturnedAt = store.NullTime(finished), store.NullTime(returned)
	d.CreatedAt, d.UpdatedAt = store.Time(created), store.Time(updated)
	return &d, nil
}

// loadDossier reads a dossier by code (or online reference) with its steps.
func loadDossier(ctx context.Context, q querier, code string) (*Dossier, error) {
	d, err := scanDossier(q.QueryRow(ctx, `SELECT `+dossierCols+dossierFrom+` WHERE d.code = $1`, code))
	if errors.Is(err, sql.ErrNoRows) {
		// An online submission is also found by its reference after acceptance.
		d, err = scanDossier(q.QueryRow(ctx, `SELECT `+dossierCols+dossierFrom+` WHERE d.intake_ref = $1 AND d.intake_ref <> ''`, code))
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("dossier: load %s: %w", code, err)
	}
	if err := loadSteps(ctx, q, d); err != nil {
		return nil, err
	}
	return d, nil
}

func loadDossierByID(ctx context.Context, q querier, id int64) (*Dossier, error) {
	d, err := scanDossier(q.QueryRow(ctx, `SELECT `+dossierCols+dossierFrom+` WHERE d.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("dossier: load #%d: %w", id, err)
	}
	return d, loadSteps(ctx, q, d)
}

const stepCols = `s.id, s.seq, COALESCE(s.parent_id, 0), s.name, s.kind, s.agency_id, a.code, a.name, a.path, s.role,
	COALESCE(s.assignee_id, 0), COALESCE(u.full_name, ''), s.grp, s.time_value, s.time_unit, s.status, s.started_at, s.due_at,
	s.finished_at, COALESCE(s.finished_by, 0), COALESCE(f.full_name, ''), s.verdict, s.signed_at, s.note`

func loadSteps(ctx context.Context, q querier, d *Dossier) error {
	rows, err := q.Query(ctx, `SELECT `+stepCols+` FROM dossier_steps s JOIN agencies a ON a.id = s.agency_id
		LEFT JOIN users u ON u.id = s.assignee_id LEFT JOIN users f ON f.id = s.finished_by
		WHERE s.dossier_id = $1 ORDER BY s.seq, s.id`, d.ID)
	if err != nil {
		return fmt.Errorf("dossier: load steps: %w", err)
	}
	defer rows.Close()
	d.Steps = d.Steps[:0]
	for rows.Next() {
		var s Step
		var kind, status string
		var started, due, finished, signed sql.NullInt64
		if err := rows.Scan(&s.ID, &s.Seq, &s.ParentID, &s.Name, &kind, &s.Agency.ID, &s.Agency.Code, &s.Agency.Name, &s.Agency.Path,
			&s.Role, &s.AssigneeID, &s.AssigneeName, &s.Group, &s.Time.Value, &s.Time.Unit, &status, &started, &due, &finished,
			&s.FinishedBy, &s.FinishedName, &s.Verdict, &signed, &s.Note); err != nil {
			return err
		}
		s.Kind, s.Status = workflow.StepKind(kind), workflow.StepStatus(status)
		s.StartedAt, s.DueAt, s.FinishedAt, s.SignedAt = store.NullTime(started), store.NullTime(due), store.NullTime(finished), store.NullTime(signed)
		d.Steps = append(d.Steps, s)
	}
	if d.Steps == nil {
		d.Steps = []Step{}
	}
	return rows.Err()
}

// dossierAgencyPaths returns the paths of the agencies recorded for a dossier.
func dossierAgencyPaths(ctx context.Context, q querier, id int64) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT a.path FROM dossier_agencies da JOIN agencies a ON a.id = da.agency_id WHERE da.dossier_id = $1`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func nullMillis(t time.Time) sql.NullInt64 { return store.NullMillis(t) }

// insertDossier stores a new dossier row and sets d.ID.
func insertDossier(ctx context.Context, tx *store.Tx, d *Dossier) error {
	det := d.detailJSON
	if det == nil {
		var err error
		if det, err = json.Marshal(d.detail()); err != nil {
			return err
		}
	}
	var citizen sql.NullInt64
	if d.CitizenID != 0 {
		citizen = sql.NullInt64{Int64: d.CitizenID, Valid: true}
	}
	now := store.Millis(tx.Now)
	err := tx.QueryRow(ctx, `INSERT INTO dossiers (code, intake_ref, status, version, channel, procedure_code, procedure_version, procedure_name,
		limit_value, limit_unit, immediate, receiving_agency_id, handling_agency_id, citizen_id, applicant_kind, applicant_name,
		applicant_name_folded, applicant_id_number, detail, book_year, book_no, submitted_at, accept_by, received_at, clock_start_at,
		due_at, original_due_at, supplement_deadline, supplement_count, apology_count, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
		$25, $26, $27, 0, 0, $28, $29, $29) RETURNING id`,
		d.Code, d.IntakeRef, string(d.Status), d.Channel, d.Procedure.Code, d.Procedure.VersionKey(), d.Procedure.Name,
		d.Procedure.Limit.Value, d.Procedure.Limit.Unit, d.Procedure.Immediate, d.ReceivingAgency.ID, d.HandlingAgency.ID, citizen,
		d.Applicant.Kind, d.Applicant.Name, foldName(d.Applicant.Name), d.Applicant.Identifier(), string(det), d.BookYear, d.BookNo,
		nullMillis(d.SubmittedAt), nullMillis(d.AcceptBy), nullMillis(d.ReceivedAt), nullMillis(d.ClockStartAt), nullMillis(d.DueAt),
		nullMillis(d.OriginalDueAt), nullMillis(d.SupplementDeadline), d.createdBy, now).Scan(&d.ID)
	d.detailJSON = nil
	if err != nil {
		return fmt.Errorf("dossier: insert: %w", err)
	}
	d.Version, d.CreatedAt, d.UpdatedAt = 1, tx.Now, tx.Now
	return nil
}

// bumpVersion takes the optimistic lock: it increments the version of the
// dossier if it is still want. On PostgreSQL the UPDATE also locks the row
// until the transaction ends, so two officers acting at once are
// serialised and the second gets a conflict.
func bumpVersion(ctx context.Context, tx *store.Tx, id, want int64) error {
	res, err := tx.Exec(ctx, `UPDATE dossiers SET version = version + 1 WHERE id = $1 AND version = $2`, id, want)
	if err != nil {
		return fmt.Errorf("dossier: lock: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion(want)
	}
	return nil
}

func staleVersion(want int64) error {
	return apperr.Conflict("Hồ sơ vừa được người khác cập nhật (phiên bản bạn gửi là %d). Vui lòng tải lại hồ sơ rồi thực hiện lại.", want)
}

// saveDossier writes the mutable columns of d (after bumpVersion).
func saveDossier(ctx context.Context, tx *store.Tx, d *Dossier) error {
	det, err := json.Marshal(d.detail())
	if err != nil {
		return err
	}
	var citizen sql.NullInt64
	if d.CitizenID != 0 {
		citizen = sql.NullInt64{Int64: d.CitizenID, Valid: true}
	}
	_, err = tx.Exec(ctx, `UPDATE dossiers SET code = $1, status = $2, detail = $3, book_year = $4, book_no = $5, received_at = $6,
		clock_start_at = $7, due_at = $8, original_due_at = $9, supplement_deadline = $10, supplement_count = $11,
		supplement_requested_at = $12, apology_count = $13, early_notified_at = $14, result_code = $15, finished_at = $16,
		returned_at = $17, accept_by = $18, submitted_at = $19, applicant_kind = $20, applicant_name = $21,
		applicant_name_folded = $22, applicant_id_number = $23, citizen_id = $24, updated_at = $25, handling_agency_id = $26
		WHERE id = $27`,
		d.Code, string(d.Status), string(det), d.BookYear, d.BookNo, nullMillis(d.ReceivedAt), nullMillis(d.ClockStartAt),
		nullMillis(d.DueAt), nullMillis(d.OriginalDueAt), nullMillis(d.SupplementDeadline), d.SupplementCount,
		nullMillis(supplementRequestedAt(d)), d.ApologyCount, nullMillis(d.EarlyNotifiedAt), resultCode(d), nullMillis(d.FinishedAt),
		nullMillis(d.ReturnedAt), nullMillis(d.AcceptBy), nullMillis(d.SubmittedAt), d.Applicant.Kind, d.Applicant.Name,
		foldName(d.Applicant.Name), d.Applicant.Identifier(), citizen, store.Millis(tx.Now), d.HandlingAgency.ID, d.ID)
	if err != nil {
		return fmt.Errorf("dossier: save %s: %w", d.Code, err)
	}
	d.UpdatedAt = tx.Now
	return nil
}

func supplementRequestedAt(d *Dossier) time.Time {
	if d.Status == workflow.AwaitingSupplement && d.Supplement != nil {
		return d.Supplement.RequestedAt
	}
	return time.Time{}
}

func resultCode(d *Dossier) string {
	if d.Result != nil {
		return d.Result.DocumentCode
	}
	return ""
}

// insertSteps stores new steps in one statement and sets their ids.
func insertSteps(ctx context.Context, tx *store.Tx, dossierID int64, steps []*Step) error {
	if len(steps) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString(`INSERT INTO dossier_steps (dossier_id, seq, parent_id, name, kind, agency_id, role, assignee_id, grp, time_value,
		time_unit, status, started_at, due_at, note) VALUES `)
	args := make([]any, 0, len(steps)*15)
	for i, s := range steps {
		if i > 0 {
			b.WriteString(", ")
		}
		n := len(args)
		b.WriteString("(")
		for j := 1; j <= 15; j++ {
			if j > 1 {
				b.WriteString(", ")
			}
			b.WriteString("$" + itoa(int64(n+j)))
		}
		b.WriteString(")")
		args = append(args, dossierID, s.Seq, nullID(s.ParentID), s.Name, string(s.Kind), s.Agency.ID, s.Role, nullID(s.AssigneeID),
			s.Group, s.Time.Value, s.Time.Unit, string(s.Status), nullMillis(s.StartedAt), nullMillis(s.DueAt), s.Note)
	}
	b.WriteString(" RETURNING id")
	rows, err := tx.Query(ctx, b.String(), args...)
	if err != nil {
		return fmt.Errorf("dossier: insert steps: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(ids) != len(steps) {
		return fmt.Errorf("dossier: insert steps: %d ids for %d steps", len(ids), len(steps))
	}
	// Ids are assigned in insertion order on both databases (one statement,
	// sequence/rowid increasing); sort them to be independent of the order
	// RETURNING reports them in.
	sortInt64(ids)
	for i, s := range steps {
		s.ID, s.isNew, s.dirty = ids[i], false, false
	}
	return nil
}

func sortInt64(a []int64) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

func nullID(id int64) sql.NullInt64 {
	if id == 0 {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: id, Valid: true}
}

// saveSteps writes the changed steps and inserts the new ones.
func saveSteps(ctx context.Context, tx *store.Tx, d *Dossier) error {
	var fresh []*Step
	for i := range d.Steps {
		s := &d.Steps[i]
		switch {
		case s.isNew:
			fresh = append(fresh, s)
		case s.dirty:
			if _, err := tx.Exec(ctx, `UPDATE dossier_steps SET assignee_id = $1, status = $2, started_at = $3, due_at = $4,
				finished_at = $5, finished_by = $6, verdict = $7, signed_at = $8, note = $9, agency_id = $10 WHERE id = $11`,
				nullID(s.AssigneeID), string(s.Status), nullMillis(s.StartedAt), nullMillis(s.DueAt), nullMillis(s.FinishedAt),
				nullID(s.FinishedBy), s.Verdict, nullMillis(s.SignedAt), s.Note, s.Agency.ID, s.ID); err != nil {
				return fmt.Errorf("dossier: update step: %w", err)
			}
			s.dirty = false
		}
	}
	return insertSteps(ctx, tx, d.ID, fresh)
}

// addAgencies records agencies as involved in the dossier (scope).
func addAgencies(ctx context.Context, tx *store.Tx, dossierID int64, ids ...int64) error {
	seen := map[int64]bool{}
	var b strings.Builder
	var args []any
	for _, id := range ids {
		if id == 0 || seen[id] {
			continue
		}
		seen[id] = true
		if len(args) > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "($%d, $%d)", len(args)+1, len(args)+2)
		args = append(args, dossierID, id)
	}
	if len(args) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO dossier_agencies (dossier_id, agency_id) VALUES `+b.String()+` ON CONFLICT DO NOTHING`, args...)
	if err != nil {
		return fmt.Errorf("dossier: record agencies: %w", err)
	}
	return nil
}

// nextCounter increments and returns the named sequence (created at 1).
// The UPDATE happens inside the caller's write transaction, so a number is
// issued once: a rolled-back transaction gives its number back unused, and
// no two committed dossiers can share one.
func nextCounter(ctx context.Context, tx *store.Tx, key string) (int64, error) {
	var n int64
	err := tx.QueryRow(ctx, `INSERT INTO dossier_counters (key, n) VALUES ($1, 1)
		ON CONFLICT (key) DO UPDATE SET n = dossier_counters.n + 1 RETURNING n`, key).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("dossier: counter %s: %w", key, err)
	}
	return n, nil
}

// nextCounters increments several sequences in one statement.
func nextCounters(ctx context.Context, tx *store.Tx, keys ...string) (map[string]int64, error) {
	var b strings.Builder
	args := make([]any, len(keys))
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "($%d, 1)", i+1)
		args[i] = k
	}
	rows, err := tx.Query(ctx, `INSERT INTO dossier_counters (key, n) VALUES `+b.String()+`
		ON CONFLICT (key) DO UPDATE SET n = dossier_counters.n + 1 RETURNING key, n`, args...)
	if err != nil {
		return nil, fmt.Errorf("dossier: counters: %w", err)
	}
	defer rows.Close()
	out := make(map[string]int64, len(keys))
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) != len(keys) {
		return nil, fmt.Errorf("dossier: counters: %d of %d returned", len(out), len(keys))
	}
	return out, nil
}

// eventRow is a history row to append.
type eventRow struct {
	Action   string
	From, To workflow.State
	Step     *Step
	Verdict  string
	Reason   string
	Detail   map[string]any
}

// appendEvent writes one history row.
func appendEvent(ctx context.Context, tx *store.Tx, d *Dossier, by actorInfo, e eventRow) error {
	det := "{}"
	if len(e.Detail) > 0 {
		b, err := json.Marshal(e.Detail)
		if err != nil {
			return err
		}
		det = string(b)
	}
	var stepID, stepDue sql.NullInt64
	stepName := ""
	if e.Step != nil {
		stepID, stepName, stepDue = nullID(e.Step.ID), e.Step.Name, nullMillis(e.Step.DueAt)
	}
	_, err := tx.Exec(ctx, `INSERT INTO dossier_events (dossier_id, at, actor_id, actor, actor_kind, role, agency_id, action, from_state,
		to_state, step_id, step_name, step_due, verdict, reason, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		d.ID, store.Millis(tx.Now), by.ID, by.Name, by.Kind, by.Role, by.AgencyID, e.Action, string(e.From), string(e.To),
		stepID, stepName, stepDue, e.Verdict, e.Reason, det)
	if err != nil {
		return fmt.Errorf("dossier: append event: %w", err)
	}
	return nil
}

// History returns the dossier's history rows, oldest first.
func loadHistory(ctx context.Context, q querier, dossierID int64) ([]HistoryEntry, error) {
	rows, err := q.Query(ctx, `SELECT e.id, e.at, e.actor_id, e.actor, e.actor_kind, e.role, COALESCE(a.code, ''), e.action, e.from_state,
		e.to_state, COALESCE(e.step_id, 0), e.step_name, e.step_due, e.verdict, e.reason, e.detail
		FROM dossier_events e LEFT JOIN agencies a ON a.id = e.agency_id WHERE e.dossier_id = $1 ORDER BY e.id`, dossierID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []HistoryEntry{}
	for rows.Next() {
		var h HistoryEntry
		var at int64
		var due sql.NullInt64
		var from, to, det string
		if err := rows.Scan(&h.ID, &at, &h.ActorID, &h.Actor, &h.ActorKind, &h.Role, &h.Agency, &h.Action, &from, &to, &h.StepID,
			&h.StepName, &due, &h.Verdict, &h.Reason, &det); err != nil {
			return nil, err
		}
		h.At, h.StepDue, h.From, h.To = store.Time(at), store.NullTime(due), workflow.State(from), workflow.State(to)
		if det != "" && det != "{}" {
			_ = json.Unmarshal([]byte(det), &h.Detail)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// loadFiles returns the files attached to a dossier.
func loadFiles(ctx context.Context, q querier, dossierID int64) ([]File, error) {
	rows, err := q.Query(ctx, `SELECT df.sha256, df.kind, df.doc_index, df.name, f.size, f.mime, df.created_at
		FROM dossier_files df JOIN files f ON f.sha256 = df.sha256 WHERE df.dossier_id = $1 ORDER BY df.id`, dossierID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []File
	for rows.Next() {
		var f File
		var at int64
		if err := rows.Scan(&f.SHA256, &f.Kind, &f.DocIndex, &f.Name, &f.Size, &f.MIME, &at); err != nil {
			return nil, err
		}
		f.CreatedAt = store.Time(at)
		out = append(out, f)
	}
	return out, rows.Err()
}

// attachFiles records files for a dossier. Each must have been uploaded by
// the actor (file_owners) — or be already attached to this dossier.
func attachFiles(ctx context.Context, tx *store.Tx, d *Dossier, by actorInfo, kind string, docIndex int, shas []string) error {
	for _, sha := range shas {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM file_owners WHERE sha256 = $1 AND owner_kind = $2 AND owner_id = $3`,
			sha, by.Kind, by.ID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			e := apperr.Unprocessable("Tệp đính kèm không tồn tại hoặc không do bạn tải lên: %s.", sha)
			e.Fields = map[string]string{"files": fmt.Sprintf("Tệp %s không tồn tại hoặc không do bạn tải lên.", shortSHA(sha))}
			e.FieldFormats = map[string]apperr.Text{"files": {Format: "Tệp %s không tồn tại hoặc không do bạn tải lên.", Args: []any{shortSHA(sha)}}}
			return e
		}
		if _, err := tx.Exec(ctx, `INSERT INTO dossier_files (dossier_id, sha256, kind, doc_index, name, created_by, created_at)
			VALUES ($1, $2, $3, $4, '', $5, $6)`, d.ID, sha, kind, docIndex, by.ID, store.Millis(tx.Now)); err != nil {
			return fmt.Errorf("dossier: attach file: %w", err)
		}
	}
	return nil
}

func shortSHA(s string) string {
	if len(s) > 12 {
		return s[:12] + "…"
	}
	return s
}

func nullInt() *sql.NullInt64 { return new(sql.NullInt64) }

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
