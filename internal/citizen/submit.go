package citizen

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
)

// OnlineSubmission is a completed draft handed to the dossier module, which
// files it as an online dossier waiting for acceptance (state submitted).
type OnlineSubmission struct {
	// Key makes the submission idempotent: the same key gives back the same
	// dossier (the draft id, so a double click or a retry after a crash
	// never files twice).
	Key             string
	CitizenID       int64
	AssistedBy      int64 // officer filing with the citizen's consent; 0 = the citizen
	ProcedureCode   string
	AgencyCode      string // receiving agency
	Applicant       Applicant
	Documents       map[int][]FileInfo // checklist index → files
	Delivery        string
	DeliveryAddress string
	Note            string
}

// incomplete wraps the validation error of the first incomplete step.
type incomplete struct {
	step string
	err  error
}

func (e *incomplete) Error() string { return e.step + ": " + e.err.Error() }
func (e *incomplete) Unwrap() error { return e.err }

// stepOfErr returns the draft step an error of Submit points at, or "".
func stepOfErr(err error) string {
	var inc *incomplete
	if errors.As(err, &inc) {
		return inc.step
	}
	return ""
}

// Submit files the draft as an online dossier and returns its code (the
// intake reference until the one-stop accepts it). Submitting a submitted
// draft returns the same code.
func (s *Service) Submit(ctx context.Context, c *Citizen, id string) (string, error) {
	d, err := s.Draft(ctx, c.ID, id)
	if err != nil {
		return "", err
	}
	if d.Submitted() {
		return d.DossierCode, nil
	}
	p, err := s.Procedures.Online(ctx, d.ProcedureCode)
	if err != nil {
		return "", err
	}
	if !p.Online() {
		return "", apperr.Unprocessable("Thủ tục %s không còn được cung cấp trực tuyến.", p.Name)
	}
	if step, err := ValidateDraft(d, p, s.DB.Now().In(vnLoc)); err != nil {
		return "", &incomplete{step: step, err: err}
	}
	sub := OnlineSubmission{Key: "draft:" + d.ID, CitizenID: c.ID, AssistedBy: d.AssistedBy, ProcedureCode: d.ProcedureCode,
		AgencyCode: d.Data.AgencyCode, Applicant: d.Data.Applicant, Documents: map[int][]FileInfo{}, Delivery: d.Data.Delivery,
		DeliveryAddress: d.Data.DeliveryAddress, Note: d.Data.Note}
	idx := make([]int, 0, len(d.Data.Documents))
	for i := range d.Data.Documents {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	for _, i := range idx {
		if i >= len(p.Documents) {
			continue // the checklist changed; the item no longer exists
		}
		doc, err := s.Document(ctx, c.ID, d.Data.Documents[i])
		if err != nil {
			return "", &incomplete{step: StepDocuments, err: fieldErr(fmt.Sprintf("doc_%d", i),
				"Giấy tờ đã chọn không còn trong kho. Vui lòng chọn hoặc tải lên lại.")}
		}
		sub.Documents[i] = []FileInfo{doc.File}
	}
	if s.Dossiers == nil {
		return "", errors.New("citizen: dossier module not wired")
	}
	code, err := s.Dossiers.SubmitOnline(ctx, sub)
	if err != nil {
		return "", err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE citizen_drafts SET submitted_at = $1, dossier_code = $2, updated_at = $1 WHERE id = $3 AND submitted_at = 0`,
			store.Millis(tx.Now), code, d.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actorOf(c), "citizen.draft.submit", "citizen_draft", d.ID, 0, map[string]string{"dossier": code, "procedure": d.ProcedureCode})
	})
	return code, err
}
