package citizen

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
)

// Staff is what the one-stop side of online intake needs from the dossier
// module (adapter in internal/app). The dossier module enqueues the
// citizen's notification of acceptance or of the request for changes in
// the same transaction (ND 118 Đ17.2).
type Staff interface {
	// Accept accepts a submitted online dossier: code, due time, receipt.
	Accept(ctx context.Context, p *account.Principal, ref string, version int64) (code string, due time.Time, err error)
	// RequestChanges asks the citizen, once, to complete the submission.
	RequestChanges(ctx context.Context, p *account.Principal, ref string, version int64, items []Item) error
	// ReceiveSupplement records the supplement as received at the one-stop
	// (the processing time restarts, ND 118 Đ19.5) with the citizen's files.
	ReceiveSupplement(ctx context.Context, p *account.Principal, code string, files []FileInfo) error
	// RegisterForStaff lets the officer attach a stored file (a document of
	// the citizen's store, used with the citizen's consent) to a dossier.
	RegisterForStaff(ctx context.Context, p *account.Principal, f FileInfo) error
}

// WorkingLeft returns the working time between now and due under the
// office hours of an agency (negative when due has passed).
type WorkingLeft func(ctx context.Context, officeHours string, now, due time.Time) (time.Duration, error)

// QueueItem is an online dossier waiting for the one-stop.
type QueueItem struct {
	Code          string
	Procedure     string
	Applicant     string
	Agency        string
	Status        string
	Version       int64
	SubmittedAt   time.Time
	AcceptBy      time.Time
	Left          time.Duration // working time left before AcceptBy (negative: overdue)
	Overdue       bool
	FlaggedAt     time.Time // flagged to supervisors
	SupplementAt  time.Time // pending online supplement: when the citizen sent it
	SupplementNum int       // files in it
}

// LeftText is the remaining working time in Vietnamese ("còn 3 giờ 20 phút
// làm việc" / "quá hạn 1 giờ 5 phút").
func (q QueueItem) LeftText() string {
	d := q.Left
	prefix := "còn "
	if d < 0 {
		d, prefix = -d, "quá hạn "
	}
	h, m := int(d.Hours()), int(d.Minutes())%60
	s := prefix
	if h > 0 {
		s += fmt.Sprintf("%d giờ ", h)
	}
	s += fmt.Sprintf("%d phút", m)
	if q.Left >= 0 {
		s += " làm việc"
	}
	return s
}

// Queue lists, for a one-stop officer or supervisor, the online dossiers
// received by agencies in their subtree that wait for acceptance (oldest
// deadline first) and the online supplements waiting for confirmation.
func (s *Service) Queue(ctx context.Context, p *account.Principal, left WorkingLeft) (waiting, supplements []QueueItem, err error) {
	if p == nil {
		return nil, nil, apperr.Unauthorized("Vui lòng đăng nhập.")
	}
	now := s.DB.Now()
	scope := store.Like(p.AgencyPath) + "%"
	rows, err := s.DB.Query(ctx, `SELECT d.code, d.procedure_name, d.applicant_name, ra.name, ra.office_hours, d.status, d.version, d.submitted_at, d.accept_by,
		COALESCE(f.flagged_at, 0)
		FROM dossiers d JOIN agencies ra ON ra.id = d.receiving_agency_id LEFT JOIN citizen_intake_flags f ON f.dossier_id = d.id
		WHERE d.status = 'submitted' AND ra.path LIKE $1 ESCAPE '\' ORDER BY d.accept_by, d.id LIMIT 500`, scope)
	if err != nil {
		return nil, nil, fmt.Errorf("citizen: queue: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var q QueueItem
		var hours string
		var sub, acc sql.NullInt64
		var flagged int64
		if err := rows.Scan(&q.Code, &q.Procedure, &q.Applicant, &q.Agency, &hours, &q.Status, &q.Version, &sub, &acc, &flagged); err != nil {
			return nil, nil, err
		}
		q.SubmittedAt, q.AcceptBy, q.FlaggedAt = store.NullTime(sub), store.NullTime(acc), store.Time(flagged)
		q.Overdue = !q.AcceptBy.IsZero() && now.After(q.AcceptBy)
		if left != nil && !q.AcceptBy.IsZero() {
			if q.Left, err = left(ctx, hours, now, q.AcceptBy); err != nil {
				return nil, nil, err
			}
		} else {
			q.Left = q.AcceptBy.Sub(now)
		}
		waiting = append(waiting, q)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows2, err := s.DB.Query(ctx, `SELECT d.code, d.procedure_name, d.applicant_name, ra.name, d.status, d.version, su.submitted_at, su.files
		FROM citizen_supplements su JOIN dossiers d ON d.code = su.dossier_code JOIN agencies ra ON ra.id = d.receiving_agency_id
		WHERE su.kind = 'supplement' AND su.submitted_at > 0 AND su.received_at = 0 AND d.status = 'awaiting_supplement'
		AND ra.path LIKE $1 ESCAPE '\' ORDER BY su.submitted_at LIMIT 500`, scope)
	if err != nil {
		return nil, nil, fmt.Errorf("citizen: supplement queue: %w", err)
	}
	defer rows2.Close()
	for rows2.Next() {
		var q QueueItem
		var at int64
		var files string
		if err := rows2.Scan(&q.Code, &q.Procedure, &q.Applicant, &q.Agency, &q.Status, &q.Version, &at, &files); err != nil {
			return nil, nil, err
		}
		q.SupplementAt = store.Time(at)
		var fs []SupplementFile
		if x, err := scanFiles(files); err == nil {
			fs = x
		}
		q.SupplementNum = len(fs)
		supplements = append(supplements, q)
	}
	return waiting, supplements, rows2.Err()
}

// QueueCount counts what Queue lists for p, in one statement: the online
// dossiers waiting for acceptance and the online supplements waiting for
// confirmation whose receiving agency is in p's subtree. It is the count of
// the menu item of the queue, run on every staff page, so it reads only the
// dossiers in those two states (index dossiers_status_due) and probes each
// waiting supplement by its key (dossier_code, kind).
func (s *Service) QueueCount(ctx context.Context, p *account.Principal) (int, error) {
	if p == nil || p.AgencyPath == "" {
		return 0, nil
	}
	var n int
	err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM dossiers d JOIN agencies ra ON ra.id = d.receiving_agency_id
		WHERE d.status IN ('submitted', 'awaiting_supplement') AND ra.path LIKE $1 ESCAPE '\'
		AND (d.status = 'submitted' OR EXISTS (SELECT 1 FROM citizen_supplements su WHERE su.dossier_code = d.code AND su.kind = 'supplement'
			AND su.submitted_at > 0 AND su.received_at = 0))`, store.Like(p.AgencyPath)+"%").Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("citizen: queue count: %w", err)
	}
	return n, nil
}

// ConfirmSupplement records, for the one-stop, that the citizen's online
// supplement was received complete: the dossier module restarts the
// processing time (ND 118 Đ19.5).
func (s *Service) ConfirmSupplement(ctx context.Context, p *account.Principal, staff Staff, code string) error {
	x, err := scanSupplement(s.DB.QueryRow(ctx, `SELECT `+supplementCols+` FROM citizen_supplements WHERE dossier_code = $1 AND kind = $2`, code, KindSupplement))
	if err != nil {
		return err
	}
	if x == nil || !x.Submitted() {
		return apperr.NotFound("Không có hồ sơ bổ sung trực tuyến chờ xác nhận.")
	}
	if !x.ReceivedAt.IsZero() {
		return apperr.Conflict("Hồ sơ bổ sung này đã được xác nhận.")
	}
	var files []FileInfo
	for _, f := range x.Files {
		files = append(files, FileInfo{SHA256: f.SHA256, Size: f.Size, ContentType: f.Type, Name: f.Name})
	}
	if err := staff.ReceiveSupplement(ctx, p, code, files); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE citizen_supplements SET received_at = $1, received_by = $2 WHERE id = $3`, store.Millis(tx.Now), p.UserID, x.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.Actor(), "citizen.supplement.receive", "dossier", code, p.AgencyID, map[string]int{"files": len(files)})
	})
}

// FlagOverdue flags every online dossier still waiting for acceptance after
// its 8 working hours (ND 118 Đ17.2) to supervisors: a row in
// citizen_intake_flags (shown in the queue) and an audit entry. It returns
// how many were flagged; any node may run it (the primary key makes a
// second flag of the same dossier a no-op).
func (s *Service) FlagOverdue(ctx context.Context) (int, error) {
	now := store.Millis(s.DB.Now())
	rows, err := s.DB.Query(ctx, `SELECT d.id, d.code, d.receiving_agency_id, d.accept_by FROM dossiers d
		WHERE d.status = 'submitted' AND d.accept_by < $1 AND NOT EXISTS (SELECT 1 FROM citizen_intake_flags f WHERE f.dossier_id = d.id)
		ORDER BY d.accept_by LIMIT 1000`, now)
	if err != nil {
		return 0, err
	}
	type late struct {
		id, agency, acceptBy int64
		code                 string
	}
	var ls []late
	for rows.Next() {
		var l late
		if err := rows.Scan(&l.id, &l.code, &l.agency, &l.acceptBy); err != nil {
			rows.Close()
			return 0, err
		}
		ls = append(ls, l)
	}
	rows.Close()
	n := 0
	for _, l := range ls {
		err := s.DB.InTx(ctx, func(tx *store.Tx) error {
			res, err := tx.Exec(ctx, `INSERT INTO citizen_intake_flags (dossier_id, dossier_code, agency_id, accept_by, flagged_at) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (dossier_id) DO NOTHING`, l.id, l.code, l.agency, l.acceptBy, store.Millis(tx.Now))
			if k, _ := rowsAffected(res, err); err != nil || k == 0 {
				return err
			}
			n++
			return audit.Record(ctx, tx, audit.System, "citizen.intake.overdue", "dossier", l.code, l.agency,
				map[string]any{"accept_by": store.Time(l.acceptBy), "rule": "ND 118/2025 Đ17.2: 8 giờ làm việc"})
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
