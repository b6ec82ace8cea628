package dossier

import (
	"context"
	"time"

	"github.com/motcua/motcua/internal/dossier/workflow"
)

// PublicView is what anyone holding a dossier code may see (product.md F,
// TT 01/2018 Đ16: lookup without login by code): no personal data beyond
// the applicant's initials.
type PublicView struct {
	Code           string         `json:"code"`
	ProcedureCode  string         `json:"procedure_code"`
	Procedure      string         `json:"procedure"`
	Status         workflow.State `json:"status"`
	StatusText     string         `json:"status_text"`
	DVCQGStatus    int            `json:"dvcqg_status"`
	ReceivedAt     time.Time      `json:"received_at,omitzero"`
	DueAt          time.Time      `json:"due_at,omitzero"`
	ReturnedAt     time.Time      `json:"returned_at,omitzero"`
	Agency         string         `json:"agency"`          // receiving one-stop
	HandlingAgency string         `json:"handling_agency"` // cơ quan giải quyết
	Applicant      string         `json:"applicant"`       // initials only
	Paused         bool           `json:"paused"`          // waiting for the applicant's supplement (clock stopped)
	Steps          []PublicStep   `json:"steps"`
}

// PublicStep is a step as the public sees it.
type PublicStep struct {
	Name       string              `json:"name"`
	Agency     string              `json:"agency"`
	State      workflow.StepStatus `json:"state"`
	DueAt      time.Time           `json:"due_at,omitzero"`
	FinishedAt time.Time           `json:"finished_at,omitzero"`
}

// Track returns the public view of a dossier by code or online reference.
// Drafts are not public. Errors: not_found. (The citizen module serves the
// public page /tra-cuu with its own constant-time lookup over the same
// tables; this is the service-level equivalent.)
func (s *Service) Track(ctx context.Context, code string) (*PublicView, error) {
	if !workflow.LooksLikeCode(code) {
		return nil, errNotFound
	}
	d, err := loadDossier(ctx, s.DB, code)
	if err != nil {
		return nil, err
	}
	if d.Status == workflow.Draft {
		return nil, errNotFound
	}
	v := &PublicView{Code: d.Code, ProcedureCode: d.Procedure.Code, Procedure: d.Procedure.Name, Status: d.Status,
		StatusText: d.Status.Label(), DVCQGStatus: d.Status.DVCQG(), ReceivedAt: d.ReceivedAt, DueAt: d.DueAt, ReturnedAt: d.ReturnedAt,
		Agency: d.ReceivingAgency.Name, HandlingAgency: d.HandlingAgency.Name, Applicant: workflow.Initials(d.Applicant.Name),
		Paused: d.Status == workflow.AwaitingSupplement, Steps: []PublicStep{}}
	for _, st := range d.Steps {
		if st.Status == workflow.StepCancelled {
			continue
		}
		v.Steps = append(v.Steps, PublicStep{Name: st.Name, Agency: st.Agency.Name, State: st.Status, DueAt: st.DueAt, FinishedAt: st.FinishedAt})
	}
	return v, nil
}
