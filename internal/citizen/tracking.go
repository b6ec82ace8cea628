package citizen

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/store"
)

// TrackingView is what anyone holding a dossier code may see (product.md
// F): the procedure, where the dossier is and when it is due, and nothing
// personal beyond the applicant's initials.
type TrackingView struct {
	Code       string      `json:"code"`
	Procedure  string      `json:"procedure"`
	Status     string      `json:"status"`
	StatusText string      `json:"status_text"`
	ReceivedAt *time.Time  `json:"received_at"`
	DueAt      *time.Time  `json:"due_at"`
	Agency     string      `json:"agency"`
	Applicant  string      `json:"applicant"` // initials only: "N. T. H."
	Steps      []TrackStep `json:"steps"`
	// For the page (not in the API): the clock is paused while the
	// applicant supplements (ND 118 Đ19.5).
	Paused      bool       `json:"-"`
	SubmittedAt *time.Time `json:"-"`
	FinishedAt  *time.Time `json:"-"`
}

// TrackStep is one step of the dossier's process.
type TrackStep struct {
	Name       string     `json:"name"`
	Agency     string     `json:"agency"`
	State      string     `json:"state"` // pending | open | done | skipped | cancelled
	DueAt      *time.Time `json:"due_at"`
	FinishedAt *time.Time `json:"finished_at"`
}

// StateText is the Vietnamese word for a step state.
func (s TrackStep) StateText() string {
	switch s.State {
	case "pending":
		return "Chưa đến bước này"
	case "open":
		return "Đang thực hiện"
	case "done":
		return "Đã xong"
	case "skipped":
		return "Bỏ qua"
	case "cancelled":
		return "Đã hủy"
	}
	return s.State
}

// Tracking looks dossiers up by code for the public.
//
// Unknown codes cost the same as known ones, so response time does not
// reveal which codes exist: every lookup probes the code's index and then
// reads one dossier with its steps and agency names — the match, or, when
// nothing matches, a decoy dossier whose view is thrown away. Both paths run
// the same statements, touch the same indexes and read one dossier and its
// steps. The decoy is the newest dossier, refreshed every minute.
type Tracking struct {
	DB *store.DB
	// StatusText names a dossier status in Vietnamese (the dossier module's
	// labels).
	StatusText func(status string) string

	queries atomic.Int64

	mu      sync.Mutex
	decoy   int64
	decoyAt time.Time
	names   map[int64]string
	namesAt time.Time
}

// agencyNames returns the map of agency names, reloaded when older than a
// minute (or when refresh is set). It must not be called while a query's
// rows are open: with every pooled connection held by a lookup, a second
// query would wait for ever.
func (t *Tracking) agencyNames(ctx context.Context, refresh bool) map[int64]string {
	t.mu.Lock()
	m, at := t.names, t.namesAt
	t.mu.Unlock()
	if m != nil && !refresh && time.Since(at) < time.Minute {
		return m
	}
	rows, err := t.DB.Query(ctx, `SELECT id, name FROM agencies`)
	if err != nil {
		return m
	}
	defer rows.Close()
	fresh := map[int64]string{}
	for rows.Next() {
		var i int64
		var name string
		if rows.Scan(&i, &name) == nil {
			fresh[i] = name
		}
	}
	if rows.Err() != nil {
		return m
	}
	t.mu.Lock()
	t.names, t.namesAt = fresh, time.Now()
	t.mu.Unlock()
	return fresh
}

// Queries is the number of SQL statements lookups have run (tests check
// that known and unknown codes run the same number).
func (t *Tracking) Queries() int64 { return t.queries.Load() }

// MaxCodeLength bounds what is looked up (dossier codes are ~30 characters).
const MaxCodeLength = 64

var errNoDossier = apperr.NotFound("Không tìm thấy hồ sơ có mã này. Vui lòng kiểm tra lại mã trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.")

func (t *Tracking) decoyID(ctx context.Context) int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.decoy != 0 && time.Since(t.decoyAt) < time.Minute {
		return t.decoy
	}
	var id sql.NullInt64
	if err := t.DB.QueryRow(ctx, `SELECT MAX(id) FROM dossiers`).Scan(&id); err == nil {
		t.decoy, t.decoyAt = id.Int64, time.Now()
	}
	return t.decoy
}

// viewCols are the columns of the public view: the dossier with its
// receiving agency, and its steps (one row per step, or one row with NULL
// step columns).
// Agency names come from a small in-memory map (agencies change rarely; a
// renamed agency shows its new name within a minute), which keeps the
// statement to two tables.
const viewCols = `d.code, d.procedure_name, d.status, d.applicant_name, d.receiving_agency_id, d.submitted_at, d.received_at, d.due_at, d.finished_at,
	s.name, s.agency_id, s.status, s.due_at, s.finished_at
FROM dossiers d
LEFT JOIN dossier_steps s ON s.dossier_id = d.id AND s.status <> 'cancelled'`

// probeColumn is the column a code is looked up in: online intake
// references (NTT-…, and PBS-/PTC- slips) are kept in intake_ref once the
// dossier has its code. The choice depends only on the shape of the input,
// never on whether it exists.
func probeColumn(code string) string {
	for _, p := range []string{"NTT-", "PBS-", "PTC-"} {
		if strings.HasPrefix(code, p) {
			return "intake_ref <> '' AND intake_ref" // the index on intake_ref is partial
		}
	}
	return "code"
}

// Lookup returns the public view of the dossier with the code (not_found
// otherwise, after the same work).
//
// PostgreSQL: one statement — a scalar subquery probes the code, and the
// dossier read is the match or the decoy (one round trip either way).
// SQLite (in process, no round trips; its planner is faster with simple
// statements): the probe, then the read of the match or the decoy.
func (t *Tracking) Lookup(ctx context.Context, code string) (*TrackingView, error) {
	code = strings.TrimSpace(code)
	if code == "" || len(code) > MaxCodeLength {
		return nil, errNoDossier
	}
	decoy := t.decoyID(ctx)
	names := t.agencyNames(ctx, false)
	col := probeColumn(code)
	var rows *sql.Rows
	var err error
	var found bool
	if t.DB.Dialect == store.Postgres {
		t.queries.Add(1)
		rows, err = t.DB.Query(ctx, `SELECT (d.code = $1 OR d.intake_ref = $1), `+viewCols+`
			WHERE d.id = COALESCE((SELECT id FROM dossiers WHERE `+col+` = $1 LIMIT 1), $2) ORDER BY s.seq, s.id`, code, decoy)
	} else {
		var id int64
		t.queries.Add(2)
		err = t.DB.QueryRow(ctx, `SELECT id FROM dossiers WHERE `+col+` = $1 LIMIT 1`, code).Scan(&id)
		found = err == nil
		if errors.Is(err, sql.ErrNoRows) {
			id, err = decoy, nil
		}
		if err == nil {
			rows, err = t.DB.Query(ctx, `SELECT `+viewCols+` WHERE d.id = $1 ORDER BY s.seq, s.id`, id)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("citizen: tracking lookup: %w", err)
	}
	defer rows.Close()
	var v *TrackingView
	var agencyIDs []int64 // receiving agency, then each step's
	for rows.Next() {
		var match bool
		var dcode, proc, status, applicant string
		var agency int64
		var submitted, received, due, finished sql.NullInt64
		var sName, sStatus sql.NullString
		var sAgency, sDue, sFinished sql.NullInt64
		dest := []any{&dcode, &proc, &status, &applicant, &agency, &submitted, &received, &due, &finished, &sName, &sAgency, &sStatus, &sDue, &sFinished}
		if t.DB.Dialect == store.Postgres {
			dest = append([]any{&match}, dest...)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("citizen: tracking scan: %w", err)
		}
		if v == nil {
			if t.DB.Dialect == store.Postgres {
				found = match
			}
			v = &TrackingView{Code: dcode, Procedure: proc, Status: status, Agency: names[agency], Applicant: Initials(applicant),
				SubmittedAt: timePtr(submitted), ReceivedAt: timePtr(received), DueAt: timePtr(due), FinishedAt: timePtr(finished),
				Steps: []TrackStep{}}
			v.StatusText = status
			if t.StatusText != nil {
				v.StatusText = t.StatusText(status)
			}
			v.Paused = status == "awaiting_supplement"
			agencyIDs = append(agencyIDs, agency)
		}
		if sName.Valid {
			v.Steps = append(v.Steps, TrackStep{Name: sName.String, Agency: names[sAgency.Int64], State: sStatus.String,
				DueAt: timePtr(sDue), FinishedAt: timePtr(sFinished)})
			agencyIDs = append(agencyIDs, sAgency.Int64)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if v != nil {
		// An agency created in the last minute: reload the names (after the
		// rows are closed).
		missing := false
		for _, id := range agencyIDs {
			_, ok := names[id]
			missing = missing || !ok
		}
		if missing {
			names = t.agencyNames(ctx, true)
			v.Agency = names[agencyIDs[0]]
			for i := range v.Steps {
				v.Steps[i].Agency = names[agencyIDs[i+1]]
			}
		}
	}
	// Drafts are not public; an online dossier is trackable once submitted.
	if !found || v == nil || v.Status == "draft" {
		return nil, errNoDossier
	}
	return v, nil
}

func timePtr(n sql.NullInt64) *time.Time {
	if !n.Valid || n.Int64 == 0 {
		return nil
	}
	t := store.Time(n.Int64)
	return &t
}
