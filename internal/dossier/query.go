package dossier

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// Get returns a dossier with its steps, files and the actions the caller may
// take. Errors: unauthorized; not_found when it does not exist or is out of
// the caller's scope (the two are indistinguishable on purpose).
func (s *Service) Get(ctx context.Context, p *account.Principal, code string) (*Dossier, error) {
	if p == nil {
		return nil, apperr.Unauthorized("Vui lòng đăng nhập.")
	}
	d, err := s.visible(ctx, p, code)
	if err != nil {
		return nil, err
	}
	if d.Files, err = loadFiles(ctx, s.DB, d.ID); err != nil {
		return nil, err
	}
	s.decorate(ctx, d, staffActor(p), s.DB.Now())
	return d, nil
}

// visible loads a dossier if the staff member may see it.
func (s *Service) visible(ctx context.Context, p *account.Principal, code string) (*Dossier, error) {
	if !workflow.LooksLikeCode(code) {
		return nil, errNotFound
	}
	d, err := loadDossier(ctx, s.DB, code)
	if err != nil {
		return nil, err
	}
	paths, err := dossierAgencyPaths(ctx, s.DB, d.ID)
	if err != nil {
		return nil, err
	}
	if !visibleTo(d, paths, staffActor(p).w) {
		return nil, errNotFound
	}
	return d, nil
}

// History returns the append-only history of a dossier (oldest first).
// Errors: as Get.
func (s *Service) History(ctx context.Context, p *account.Principal, code string) ([]HistoryEntry, error) {
	if p == nil {
		return nil, apperr.Unauthorized("Vui lòng đăng nhập.")
	}
	d, err := s.visible(ctx, p, code)
	if err != nil {
		return nil, err
	}
	return loadHistory(ctx, s.DB, d.ID)
}

// ListFilter selects dossiers for List.
type ListFilter struct {
	Status    string    // one state, or "open" (every open state), "late", "near_due"
	Agency    string    // agency code: received or handled there (within the caller's scope)
	Procedure string    // procedure code
	DueBefore time.Time // due at or before
	Query     string    // code (prefix) or applicant name (accent-insensitive words)
	Page      int       // 1-based
	PerPage   int       // default 50, at most 200
}

// Summary is a row of a dossier list or inbox.
type Summary struct {
	Code            string         `json:"code"`
	Status          workflow.State `json:"status"`
	StatusText      string         `json:"status_text"`
	Channel         string         `json:"channel"`
	ProcedureCode   string         `json:"procedure_code"`
	ProcedureName   string         `json:"procedure_name"`
	ApplicantName   string         `json:"applicant_name"`
	ReceivingAgency AgencyRef      `json:"receiving_agency"`
	HandlingAgency  AgencyRef      `json:"handling_agency"`
	ReceivedAt      time.Time      `json:"received_at,omitzero"`
	DueAt           time.Time      `json:"due_at,omitzero"`
	Version         int64          `json:"version"`
	Late            bool           `json:"late"`
	NearDue         bool           `json:"near_due"`
	// Inbox rows: the step waiting on the caller.
	StepID    int64             `json:"step_id,omitempty"`
	StepName  string            `json:"step_name,omitempty"`
	StepKind  workflow.StepKind `json:"step_kind,omitempty"`
	StepDueAt time.Time         `json:"step_due_at,omitzero"`
	Assigned  bool              `json:"assigned,omitempty"` // assigned to the caller personally
}

// Page is a page of summaries.
type Page struct {
	Items   []Summary `json:"items"`
	Page    int       `json:"page"`
	PerPage int       `json:"per_page"`
	Total   int       `json:"total"`
}

// scopeSQL is the visibility predicate for d (see package doc), with its
// arguments starting at $n. It is meant for lists: the agency part is a set
// (the dossiers of the caller's subtree). For one dossier use inScope, whose
// cost does not grow with the subtree.
func scopeSQL(p *account.Principal, n int) (string, []any) {
	ids := ancestorIDs(p.AgencyPath)
	var roles []string
	for _, r := range p.Roles {
		roles = append(roles, string(r))
	}
	args := []any{store.Like(p.AgencyPath) + "%", p.UserID}
	q := fmt.Sprintf(`(d.id IN (SELECT da.dossier_id FROM dossier_agencies da JOIN agencies sa ON sa.id = da.agency_id WHERE sa.path LIKE $%d ESCAPE '\')
		OR EXISTS (SELECT 1 FROM dossier_steps ws WHERE ws.dossier_id = d.id AND ws.status = 'open' AND (ws.assignee_id = $%d`, n, n+1)
	if len(ids) > 0 && len(roles) > 0 {
		q += ` OR (ws.assignee_id IS NULL AND ws.agency_id IN (` + placeholders(n+2, len(ids)) + `) AND ws.role IN (` + placeholders(n+2+len(ids), len(roles)) + `))`
		for _, id := range ids {
			args = append(args, id)
		}
		for _, r := range roles {
			args = append(args, r)
		}
	}
	return q + `)))`, args
}

// inScope reports whether the dossier with the given id is visible to p, by
// the rule of scopeSQL: one of its agencies lies in p's subtree, or an open
// step waits on p (assigned to p, or unassigned at an agency on p's path
// for one of p's roles). Both checks start from the dossier's id, so each
// is an index probe whatever the size of p's subtree. (Written as one
// correlated predicate, both databases may build the set of every dossier
// or open step in the subtree first — a "hashed SubPlan" on PostgreSQL —
// which made a receipt download cost time in proportion to the subtree.)
func (s *Service) inScope(ctx context.Context, p *account.Principal, id int64) (bool, error) {
	var n int
	if err := s.DB.QueryRow(ctx, `SELECT `+agencyInScopeSQL(`$1`, `$2`), id, store.Like(p.AgencyPath)+"%").Scan(&n); err != nil {
		return false, err
	}
	return s.stepsInScope(ctx, p, id, n > 0)
}

// agencyInScopeSQL counts the agencies of the dossier whose id is the SQL
// expression id that lie in the subtree matched by the LIKE parameter path:
// the first half of the scope rule, as a scalar subquery.
func agencyInScopeSQL(id, path string) string {
	return `(SELECT COUNT(*) FROM dossier_agencies da JOIN agencies sa ON sa.id = da.agency_id
		WHERE da.dossier_id = ` + id + ` AND sa.path LIKE ` + path + ` ESCAPE '\')`
}

// stepsInScope finishes inScope once the agency half is known: true when
// it held, else whether an open step of the dossier waits on p.
func (s *Service) stepsInScope(ctx context.Context, p *account.Principal, id int64, byAgency bool) (bool, error) {
	if byAgency {
		return true, nil
	}
	rows, err := s.DB.Query(ctx, `SELECT COALESCE(assignee_id, 0), agency_id, role FROM dossier_steps WHERE dossier_id = $1 AND status = 'open'`, id)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	path := ancestorIDs(p.AgencyPath)
	for rows.Next() {
		var assignee, agencyID int64
		var role string
		if err := rows.Scan(&assignee, &agencyID, &role); err != nil {
			return false, err
		}
		if assignee == p.UserID || (assignee == 0 && slices.Contains(path, agencyID) && p.Has(account.Role(role))) {
			return true, nil
		}
	}
	return false, rows.Err()
}

func placeholders(from, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(from+i))
	}
	return b.String()
}

// ancestorIDs parses "/1/4/9/" into [1 4 9].
func ancestorIDs(path string) []int64 {
	var out []int64
	for _, part := range strings.Split(strings.Trim(path, "/"), "/") {
		if id, err := strconv.ParseInt(part, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

const summaryCols = `d.code, d.status, d.channel, d.procedure_code, d.procedure_name, d.applicant_name, ra.code, ra.name, ha.code, ha.name,
	d.received_at, d.due_at, d.version, d.receiving_agency_id, d.finished_at, d.returned_at`

func scanSummary(row interface{ Scan(...any) error }, extra ...any) (*Summary, int64, time.Time, time.Time, error) {
	var x Summary
	var status string
	var recvID int64
	var received, due, finished, returned = nullInt(), nullInt(), nullInt(), nullInt()
	dest := []any{&x.Code, &status, &x.Channel, &x.ProcedureCode, &x.ProcedureName, &x.ApplicantName, &x.ReceivingAgency.Code,
		&x.ReceivingAgency.Name, &x.HandlingAgency.Code, &x.HandlingAgency.Name, received, due, &x.Version, &recvID, finished, returned}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, 0, time.Time{}, time.Time{}, err
	}
	x.Status = workflow.State(status)
	x.StatusText = x.Status.Label()
	x.ReceivedAt, x.DueAt = store.NullTime(*received), store.NullTime(*due)
	return &x, recvID, store.NullTime(*finished), store.NullTime(*returned), nil
}

// flags sets the late / near-due flags of a summary.
func (s *Service) flags(ctx context.Context, x *Summary, recvID int64, finished, returned time.Time, now time.Time) {
	d := Dossier{Status: x.Status, DueAt: x.DueAt, FinishedAt: finished, ReturnedAt: returned, ReceivingAgency: AgencyRef{ID: recvID}}
	x.Late, x.NearDue = s.lateness(ctx, &d, now)
}

// List returns the dossiers in the caller's scope matching f, newest
// receipt first. Errors: unauthorized, invalid (bad filter).
func (s *Service) List(ctx context.Context, p *account.Principal, f ListFilter) (*Page, error) {
	if p == nil {
		return nil, apperr.Unauthorized("Vui lòng đăng nhập.")
	}
	if f.PerPage <= 0 || f.PerPage > 200 {
		f.PerPage = 50
	}
	if f.Page <= 0 {
		f.Page = 1
	}
	if f.Page > 10000 {
		return nil, apperr.Invalid("Trang không hợp lệ.")
	}
	scope, args := scopeSQL(p, 1)
	where := []string{scope}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	now := s.DB.Now()
	switch f.Status {
	case "":
	case "open":
		where = append(where, `d.status IN ('received', 'processing', 'consulting', 'awaiting_supplement', 'supplemented', 'approved', 'result_ready')`)
	case "late":
		where = append(where, `d.status IN ('received', 'processing', 'consulting', 'supplemented', 'approved', 'result_ready') AND d.due_at < `+arg(store.Millis(now)))
	default:
		if !workflow.State(f.Status).Valid() {
			return nil, fieldErr(apperr.CodeInvalid, "status", "Trạng thái không hợp lệ.")
		}
		where = append(where, `d.status = `+arg(f.Status))
	}
	if f.Agency != "" {
		ag, err := s.agencyByCode(ctx, f.Agency)
		if err != nil {
			return nil, apperr.FieldError(apperr.CodeInvalid, "agency", "Không tìm thấy cơ quan %s.", f.Agency)
		}
		// The receiving and handling agencies are recorded in dossier_agencies.
		where = append(where, `d.id IN (SELECT fa.dossier_id FROM dossier_agencies fa JOIN agencies fag ON fag.id = fa.agency_id WHERE fag.path LIKE `+
			arg(store.Like(ag.Path)+"%")+` ESCAPE '\')`)
	}
	if f.Procedure != "" {
		where = append(where, `d.procedure_code = `+arg(textfold.NFC(f.Procedure)))
	}
	if !f.DueBefore.IsZero() {
		where = append(where, `d.due_at <= `+arg(store.Millis(f.DueBefore)))
	}
	if q := textfold.NFC(f.Query); q != "" {
		if len([]rune(q)) > 100 {
			return nil, fieldErr(apperr.CodeInvalid, "q", "Từ khóa quá dài.")
		}
		cond := `(d.code LIKE ` + arg(store.Like(strings.ToUpper(q))+"%") + ` ESCAPE '\' OR d.intake_ref = ` + arg(q)
		if words := textfold.Words(q); len(words) > 0 {
			var parts []string
			for _, w := range words {
				parts = append(parts, `d.applicant_name_folded LIKE `+arg("%"+store.Like(w)+"%")+` ESCAPE '\'`)
			}
			cond += ` OR (` + strings.Join(parts, " AND ") + `)`
		}
		where = append(where, cond+`)`)
	}
	whereSQL := strings.Join(where, " AND ")
	var total int
	if err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM dossiers d WHERE `+whereSQL, args...).Scan(&total); err != nil {
		return nil, fmt.Errorf("dossier: count: %w", err)
	}
	limit, offset := arg(f.PerPage), arg((f.Page-1)*f.PerPage)
	rows, err := s.DB.Query(ctx, `SELECT `+summaryCols+dossierFrom+` WHERE `+whereSQL+
		` ORDER BY COALESCE(d.received_at, d.created_at) DESC, d.id DESC LIMIT `+limit+` OFFSET `+offset, args...)
	if err != nil {
		return nil, fmt.Errorf("dossier: list: %w", err)
	}
	defer rows.Close()
	out := &Page{Items: []Summary{}, Page: f.Page, PerPage: f.PerPage, Total: total}
	for rows.Next() {
		x, recv, fin, ret, err := scanSummary(rows)
		if err != nil {
			return nil, err
		}
		s.flags(ctx, x, recv, fin, ret, now)
		out.Items = append(out.Items, *x)
	}
	return out, rows.Err()
}

// Inbox returns the open steps waiting on the caller — assigned to them, or
// unassigned and needing their role in their agency or an agency above it —
// ordered by the step's due time, with late and near-due flags (near due:
// at most Settings.NearDueHours working hours left).
func (s *Service) Inbox(ctx context.Context, p *account.Principal, limit int) ([]Summary, error) {
	if p == nil {
		return nil, apperr.Unauthorized("Vui lòng đăng nhập.")
	}
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	ids := ancestorIDs(p.AgencyPath)
	var roles []string
	for _, r := range p.Roles {
		roles = append(roles, string(r))
	}
	args := []any{p.UserID}
	cond := `s.assignee_id = $1`
	if len(ids) > 0 && len(roles) > 0 {
		cond = `(s.assignee_id = $1 OR (s.assignee_id IS NULL AND s.agency_id IN (` + placeholders(2, len(ids)) + `) AND s.role IN (` +
			placeholders(2+len(ids), len(roles)) + `)))`
		for _, id := range ids {
			args = append(args, id)
		}
		for _, r := range roles {
			args = append(args, r)
		}
	}
	args = append(args, limit)
	rows, err := s.DB.Query(ctx, `SELECT `+summaryCols+`, s.id, s.name, s.kind, s.due_at, COALESCE(s.assignee_id, 0)
		FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id
		JOIN agencies ra ON ra.id = d.receiving_agency_id JOIN agencies ha ON ha.id = d.handling_agency_id
		WHERE s.status = 'open' AND `+cond+` AND d.status <> 'awaiting_supplement'
		ORDER BY s.due_at, s.id LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("dossier: inbox: %w", err)
	}
	defer rows.Close()
	now := s.DB.Now()
	out := []Summary{}
	for rows.Next() {
		var stepDueN = nullInt()
		var assignee int64
		var kind string
		var stepID int64
		var stepName string
		x, recv, fin, ret, err := scanSummary(rows, &stepID, &stepName, &kind, stepDueN, &assignee)
		if err != nil {
			return nil, err
		}
		x.StepID, x.StepName, x.StepKind, x.StepDueAt, x.Assigned = stepID, stepName, workflow.StepKind(kind), store.NullTime(*stepDueN), assignee == p.UserID
		s.flags(ctx, x, recv, fin, ret, now)
		// The step's own deadline drives the inbox flags.
		if !x.StepDueAt.IsZero() {
			x.Late = now.After(x.StepDueAt)
			x.NearDue = !x.Late && s.nearDue(ctx, recv, x.StepDueAt, now)
		}
		out = append(out, *x)
	}
	return out, rows.Err()
}

// MessageCodes returns the codes a dossier's notifications are filed under
// — its code and, for an online dossier, the NTT-… reference it had before
// acceptance — when the staff member in r's context may see it; otherwise
// not_found (out of scope) or unauthorized. The notify module's log handler
// uses it as its scope check.
func (s *Service) MessageCodes(r *http.Request, code string) ([]string, error) {
	p := account.PrincipalFrom(r.Context())
	if p == nil {
		return nil, apperr.Unauthorized("Vui lòng đăng nhập.")
	}
	d, err := s.visible(r.Context(), p, code)
	if err != nil {
		return nil, err
	}
	return d.MessageCodes(), nil
}

// MessageCodes are the codes the dossier's notifications are filed under:
// the code and, if different, the intake reference (NTT-…).
func (d *Dossier) MessageCodes() []string {
	if d.IntakeRef != "" && d.IntakeRef != d.Code {
		return []string{d.Code, d.IntakeRef}
	}
	return []string{d.Code}
}
