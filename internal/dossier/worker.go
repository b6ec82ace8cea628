package dossier

import (
	"context"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/store"
)

// CloseUnsupplemented closes the dossiers whose applicant has not supplemented
// them by the close-out time (15 days after the request, ND 118 Đ19.5), with
// a history row, an audit entry and a notification each. Several processes
// may run it at once: each dossier is claimed by its version (a process that
// loses the race skips it). It returns how many it closed.
func (s *Service) CloseUnsupplemented(ctx context.Context) (int, error) {
	now := s.DB.Now()
	// The close-out is never earlier than 15 calendar days after the request.
	rows, err := s.DB.Query(ctx, `SELECT id, version FROM dossiers WHERE status = 'awaiting_supplement' AND supplement_requested_at <= $1
		ORDER BY supplement_requested_at LIMIT 500`, store.Millis(now.AddDate(0, 0, -15)))
	if err != nil {
		return 0, err
	}
	type cand struct{ id, version int64 }
	var cands []cand
	for rows.Next() {
		var c cand
		if err := rows.Scan(&c.id, &c.version); err != nil {
			rows.Close()
			return 0, err
		}
		cands = append(cands, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, c := range cands {
		d, err := loadDossierByID(ctx, s.DB, c.id)
		if err != nil || d.Supplement == nil || d.Supplement.CloseAt.After(now) {
			continue
		}
		_, err = s.act(ctx, systemActor, "", c.id, ActionInput{Action: workflow.ActClose, Version: c.version})
		switch {
		case err == nil:
			n++
		case apperr.Code(err) == apperr.CodeConflict || apperr.Code(err) == apperr.CodeUnprocessable:
			// Someone acted on it meanwhile (supplement received, other worker).
		default:
			return n, err
		}
	}
	return n, nil
}

// RunCloseOut runs CloseUnsupplemented every interval until ctx ends.
func (s *Service) RunCloseOut(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.CloseUnsupplemented(ctx); err != nil && ctx.Err() == nil {
			s.Log.Warn("dossier: close-out", "err", err)
		} else if n > 0 {
			s.Log.Info("dossier: closed unsupplemented dossiers", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
