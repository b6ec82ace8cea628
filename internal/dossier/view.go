package dossier

import (
	"context"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier/workflow"
)

// Form numbers served by GET /api/v1/dossiers/{code}/forms/{n}.pdf.
const (
	Form01   = "01"   // Giấy tiếp nhận hồ sơ và hẹn trả kết quả
	Form02   = "02"   // Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
	Form03   = "03"   // Phiếu từ chối tiếp nhận, giải quyết hồ sơ
	Form04   = "04"   // Phiếu xin lỗi và hẹn lại ngày trả kết quả
	Form05   = "05"   // Phiếu kiểm soát quá trình giải quyết hồ sơ
	FormStop = "dung" // Thông báo dừng giải quyết hồ sơ (TT 03/2025)
)

// FormsOf lists the forms a dossier has, in order.
func FormsOf(d *Dossier) []string {
	var out []string
	if !d.ReceivedAt.IsZero() && !d.Status.Online() {
		out = append(out, Form01)
	}
	if d.Status == workflow.IntakeSupplement || d.Supplement != nil || d.OnlineChanges != nil {
		out = append(out, Form02)
	}
	if d.Status == workflow.Refused || d.Status == workflow.Rejected {
		out = append(out, Form03)
	}
	if d.Apology != nil {
		out = append(out, Form04)
	}
	if len(d.Steps) > 0 {
		out = append(out, Form05)
	}
	if d.Stop != nil {
		out = append(out, FormStop)
	}
	return out
}

// decorate fills the derived fields of d for a caller at now: status text,
// DVCQG code, late / near-due flags, available actions and form links.
func (s *Service) decorate(ctx context.Context, d *Dossier, by actorInfo, now time.Time) {
	d.StatusText, d.DVCQGStatus = d.Status.Label(), d.Status.DVCQG()
	d.Late, d.NearDue = s.lateness(ctx, d, now)
	d.Actions = []ActionOption{}
	if by.Kind == "staff" {
		for _, a := range workflow.Available(d.rules(), by.w, now) {
			d.Actions = append(d.Actions, ActionOption{Action: a, Label: a.Label()})
		}
	}
	d.Forms = map[string]string{}
	for _, f := range FormsOf(d) {
		d.Forms[f] = "/api/v1/dossiers/" + d.Code + "/forms/" + f + ".pdf"
	}
	if d.Steps == nil {
		d.Steps = []Step{}
	}
}

// lateness: a dossier is late when it finished after its due time, or is
// still open past it (its clock is stopped while waiting for a supplement);
// near due when open and at most Settings.NearDueHours working hours remain.
func (s *Service) lateness(ctx context.Context, d *Dossier, now time.Time) (late, near bool) {
	if d.Status == workflow.Submitted && !d.AcceptBy.IsZero() {
		// ND 118 Đ17.2: accept or return within 8 working hours.
		return now.After(d.AcceptBy), false
	}
	if d.DueAt.IsZero() {
		return false, false
	}
	switch {
	case !d.ReturnedAt.IsZero():
		return d.finishedAt().After(d.DueAt), false
	case d.Status.Terminal():
		return !d.FinishedAt.IsZero() && d.FinishedAt.After(d.DueAt), false
	case d.Status == workflow.AwaitingSupplement:
		return false, false
	}
	if now.After(d.DueAt) {
		return true, false
	}
	return false, s.nearDue(ctx, d.ReceivingAgency.ID, d.DueAt, now)
}

// finishedAt is when the handling ended (result issued) for on-time
// judgement: the signature or, failing that, the return.
func (d *Dossier) finishedAt() time.Time {
	if !d.FinishedAt.IsZero() {
		return d.FinishedAt
	}
	return d.ReturnedAt
}

// nearDue reports whether due is within the near-due threshold of now on
// the agency's working calendar.
func (s *Service) nearDue(ctx context.Context, agencyID int64, due, now time.Time) bool {
	st, err := s.Settings(ctx)
	if err != nil || st.NearDueHours <= 0 {
		return false
	}
	ag, err := s.agency(ctx, agencyID)
	if err != nil {
		return false
	}
	cal, err := s.calendarFor(ctx, ag)
	if err != nil {
		return false
	}
	_, limit, err := cal.Due(now, calendar.Duration{Amount: st.NearDueHours, Unit: calendar.WorkingHours}, calendar.Options{})
	if err != nil {
		return false
	}
	return !due.After(limit)
}
