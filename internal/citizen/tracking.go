package citizen

import (
	"context"
	"database/sql"
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
// reveal which codes exist: every lookup is one SQL statement that probes
// the code (and the online intake reference), falls back to a decoy dossier
// when nothing matches, and reads that dossier with its steps and agency
// names; the result of the decoy is then thrown away. Both paths therefore
// run the same statement, touch the same indexes and read one dossier and
// its steps. The decoy is the newest dossier, refreshed every minute.
type Tracking struct {
	DB *store.DB
	// StatusText names a dossier status in Vietnamese (the dossier module's
	// labels).
	StatusText func(status string) string

	queries atomic.Int64

	mu      sync.Mutex
	decoy   int64
	decoyAt time.Time
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

// trackSQL returns the dossier matching $1 (its code, or its online intake
// reference), else the decoy $2, with its steps (one row per step, or one
// row with NULL step columns). found is 1 when the code matched.
const trackSQL = `WITH hit AS (
	SELECT id FROM dossiers WHERE code = $1
	UNION ALL
	SELECT id FROM dossiers WHERE intake_ref = $1 AND intake_ref <> ''
), pick AS (
	SELECT COALESCE((SELECT MIN(id) FROM hit), $2) AS id, (SELECT COUNT(*) FROM hit) AS found
)
SELECT pick.found, d.code, d.procedure_name, d.status, d.applicant_name, ra.name, d.submitted_at, d.received_at, d.due_at, d.finished_at,
	s.name, sa.name, s.status, s.due_at, s.finished_at
FROM pick
JOIN dossiers d ON d.id = pick.id
JOIN agencies ra ON ra.id = d.receiving_agency_id
LEFT JOIN dossier_steps s ON s.dossier_id = d.id AND s.status <> 'cancelled'
LEFT JOIN agencies sa ON sa.id = s.agency_id
ORDER BY s.seq, s.id`

// Lookup returns the public view of the dossier with the code (not_found
// otherwise, after the same work).
func (t *Tracking) Lookup(ctx context.Context, code string) (*TrackingView, error) {
	code = strings.TrimSpace(code)
	if code == "" || len(code) > MaxCodeLength {
		return nil, errNoDossier
	}
	decoy := t.decoyID(ctx)
	t.queries.Add(1)
	rows, err := t.DB.Query(ctx, trackSQL, code, decoy)
	if err != nil {
		return nil, fmt.Errorf("citizen: tracking lookup: %w", err)
	}
	defer rows.Close()
	var v *TrackingView
	found := false
	for rows.Next() {
		var n int
		var dcode, proc, status, applicant, agency string
		var submitted, received, due, finished sql.NullInt64
		var sName, sAgency, sStatus sql.NullString
		var sDue, sFinished sql.NullInt64
		if err := rows.Scan(&n, &dcode, &proc, &status, &applicant, &agency, &submitted, &received, &due, &finished,
			&sName, &sAgency, &sStatus, &sDue, &sFinished); err != nil {
			return nil, fmt.Errorf("citizen: tracking scan: %w", err)
		}
		if v == nil {
			found = n > 0
			v = &TrackingView{Code: dcode, Procedure: proc, Status: status, Agency: agency, Applicant: Initials(applicant),
				SubmittedAt: timePtr(submitted), ReceivedAt: timePtr(received), DueAt: timePtr(due), FinishedAt: timePtr(finished),
				Steps: []TrackStep{}}
			v.StatusText = status
			if t.StatusText != nil {
				v.StatusText = t.StatusText(status)
			}
			v.Paused = status == "awaiting_supplement"
		}
		if sName.Valid {
			v.Steps = append(v.Steps, TrackStep{Name: sName.String, Agency: sAgency.String, State: sStatus.String,
				DueAt: timePtr(sDue), FinishedAt: timePtr(sFinished)})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !found {
		return nil, errNoDossier
	}
	// Drafts are not public; an online dossier is trackable once submitted.
	if v.Status == "draft" {
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
