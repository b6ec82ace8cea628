package dossier

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// ActionInput is a request to act on a dossier
// (POST /api/v1/dossiers/{code}/actions). Which fields matter depends on
// the action (docs/dossier.md "Actions").
type ActionInput struct {
	Action  workflow.Action `json:"action"`
	Version int64           `json:"version"` // the version the caller saw; stale → 409
	Note    string          `json:"note,omitempty"`
	Reason  string          `json:"reason,omitempty"` // refuse, apology, stop, correct_result
	// Items: request_supplement (what to supplement and why).
	Items []Item `json:"items,omitempty"`
	// Assignee: assign (user id), or AssigneeUsername.
	Assignee         int64  `json:"assignee,omitempty"`
	AssigneeUsername string `json:"assignee_username,omitempty"`
	// Consult.
	Agencies []string          `json:"agencies,omitempty"` // agency codes
	Parallel *bool             `json:"parallel,omitempty"` // default true
	Time     workflow.Duration `json:"time,omitzero"`      // each consultation's deadline (default 3 working days)
	Role     string            `json:"role,omitempty"`     // who answers at the consulted agency (default specialist)
	// StepID: reply_consultation (which consultation; optional when only one waits on the caller).
	StepID int64  `json:"step_id,omitempty"`
	Reply  string `json:"reply,omitempty"`
	// NewDueDate: apology, the new appointment date YYYY-MM-DD (due at the
	// office's closing time that day).
	NewDueDate string `json:"new_due_date,omitempty"`
	// Result: attach_result (and return, for immediate procedures).
	ResultCode  string   `json:"result_code,omitempty"`
	ResultFiles []string `json:"result_files,omitempty"`
	// Files: other attachments (supplement papers, replies).
	Files []string `json:"files,omitempty"`
	// Return: return.
	Return *ReturnInput `json:"return,omitempty"`
	// Channel: notify_early_return (sms | email | phone | other).
	Channel string `json:"channel,omitempty"`
	// RequestedAt: stop, when the applicant asked (default now).
	RequestedAt time.Time `json:"requested_at,omitzero"`
	Refund      string    `json:"refund,omitempty"`
}

// ReturnInput says how the result was handed over.
type ReturnInput struct {
	Method         string `json:"method,omitempty"` // counter | post | online (default: the delivery chosen at intake)
	ReceivedBy     string `json:"received_by,omitempty"`
	SlipNumber     string `json:"slip_number,omitempty"`
	HandoverRecord string `json:"handover_record,omitempty"`
	Note           string `json:"note,omitempty"`
}

func (in *ActionInput) normalize() {
	in.Action = workflow.Action(strings.ToLower(textfold.NFC(string(in.Action))))
	in.Note, in.Reason, in.Reply = textfold.NFC(in.Note), textfold.NFC(in.Reason), textfold.NFC(in.Reply)
	in.NewDueDate, in.ResultCode, in.Channel = textfold.NFC(in.NewDueDate), textfold.NFC(in.ResultCode), strings.ToLower(textfold.NFC(in.Channel))
	in.Role, in.Refund, in.AssigneeUsername = textfold.NFC(in.Role), textfold.NFC(in.Refund), textfold.NFC(in.AssigneeUsername)
	for i := range in.Items {
		in.Items[i].Content, in.Items[i].Reason = textfold.NFC(in.Items[i].Content), textfold.NFC(in.Items[i].Reason)
	}
	for i := range in.Agencies {
		in.Agencies[i] = strings.ToUpper(textfold.NFC(in.Agencies[i]))
	}
	for _, l := range [][]string{in.ResultFiles, in.Files} {
		for i := range l {
			l[i] = strings.ToLower(strings.TrimSpace(l[i]))
		}
	}
	if in.Return != nil {
		r := in.Return
		r.Method, r.ReceivedBy, r.SlipNumber = strings.ToLower(textfold.NFC(r.Method)), textfold.NFC(r.ReceivedBy), textfold.NFC(r.SlipNumber)
		r.HandoverRecord, r.Note = textfold.NFC(r.HandoverRecord), textfold.NFC(r.Note)
	}
}

func (in *ActionInput) validateShape() error {
	var v apperr.Validation
	v.Check(in.Action.Valid(), "action", "Thao tác không hợp lệ.")
	v.Check(in.Version > 0, "version", "Thiếu phiên bản hồ sơ (version) bạn đang xem.")
	for _, f := range []struct{ name, val string }{{"note", in.Note}, {"reason", in.Reason}, {"reply", in.Reply}} {
		v.Check(len([]rune(f.val)) <= 4000, f.name, "Nội dung quá dài (tối đa 4000 ký tự).")
	}
	for i, h := range append(append([]string(nil), in.ResultFiles...), in.Files...) {
		v.Checkf(validSHA(h), "files", "Mã tệp thứ %d (SHA-256) không hợp lệ.", i+1)
	}
	v.Check(len(in.Items) <= 50 && len(in.Agencies) <= 20, "items", "Quá nhiều mục.")
	return v.Err()
}

// Act applies an action to a dossier for a staff member and returns the
// dossier after it. It checks, in this order: the dossier exists in the
// caller's scope (not_found otherwise), the version is current (conflict),
// the action is theirs and allowed now (forbidden / unprocessable, naming the
// rule), and its parameters (invalid). On any error nothing changes.
func (s *Service) Act(ctx context.Context, p *account.Principal, code string, in ActionInput) (*Dossier, error) {
	if p == nil {
		return nil, apperr.Unauthorized("Vui lòng đăng nhập.")
	}
	in.normalize()
	if err := in.validateShape(); err != nil {
		return nil, err
	}
	return s.act(ctx, staffActor(p), code, 0, in)
}

// act runs an action. The dossier is read and the action decided outside
// the write transaction (optimistic: every change of a dossier increments
// its version, so if the version is still the one read when the
// transaction takes the lock, what was read is current); the transaction
// only checks the version and writes. id selects the dossier when code is
// empty (the close-out worker).
func (s *Service) act(ctx context.Context, by actorInfo, code string, id int64, in ActionInput) (*Dossier, error) {
	d, paths, err := s.readConsistent(ctx, code, id)
	if err != nil {
		return nil, err
	}
	if by.Kind == "staff" && !visibleTo(d, paths, by.w) {
		return nil, errNotFound
	}
	if d.Version != in.Version {
		return nil, staleVersion(in.Version)
	}
	now := s.DB.Now().UTC()
	if err := workflow.Check(d.rules(), by.w, in.Action, now); err != nil {
		return nil, err
	}
	from := d.Status
	ch, err := s.apply(ctx, s.DB, d, by, in, now)
	if err != nil {
		return nil, err
	}
	if by.Role == "" {
		by.Role = roleFor(by, ch.step)
	}
	err = s.w.do(ctx, func(ctx context.Context, tx *store.Tx) error {
		if err := bumpVersion(ctx, tx, d.ID, in.Version); err != nil {
			return err
		}
		d.Version = in.Version + 1
		if err := saveDossier(ctx, tx, d); err != nil {
			return err
		}
		if err := saveSteps(ctx, tx, d); err != nil {
			return err
		}
		if err := addAgencies(ctx, tx, d.ID, append(ch.agencies, by.AgencyID)...); err != nil {
			return err
		}
		for _, f := range ch.files {
			if err := attachFiles(ctx, tx, d, by, f.kind, -1, f.shas); err != nil {
				return err
			}
		}
		ev := eventRow{Action: string(in.Action), From: from, To: d.Status, Step: ch.step, Reason: ch.reason, Detail: ch.detail}
		if ch.step != nil {
			ev.Verdict = ch.step.Verdict
		}
		if err := appendEvent(ctx, tx, d, by, ev); err != nil {
			return err
		}
		for _, n := range ch.notices(from, d.Status) {
			if err := s.notify(ctx, tx, d, n, ch.reason); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, by.audit(), "dossier."+string(in.Action), "dossier", d.Code, d.HandlingAgency.ID,
			map[string]any{"from": from, "to": d.Status, "step": ev.Step.nameOrEmpty(), "reason": ch.reason, "version": d.Version})
	})
	if err != nil {
		return nil, err
	}
	s.decorate(ctx, d, by, now)
	return d, nil
}

// readConsistent reads a dossier, its steps and its agencies outside a
// transaction, as of one instant: the reads are separate statements, so the
// version is read again at the end, and if another write committed in
// between (every write increments the version in the same transaction as
// its other changes) everything is read again.
func (s *Service) readConsistent(ctx context.Context, code string, id int64) (*Dossier, []string, error) {
	for try := 0; ; try++ {
		var d *Dossier
		var err error
		if code != "" {
			d, err = loadDossier(ctx, s.DB, code)
		} else {
			d, err = loadDossierByID(ctx, s.DB, id)
		}
		if err != nil {
			return nil, nil, err
		}
		paths, err := dossierAgencyPaths(ctx, s.DB, d.ID)
		if err != nil {
			return nil, nil, err
		}
		var v int64
		if err := s.DB.QueryRow(ctx, `SELECT version FROM dossiers WHERE id = $1`, d.ID).Scan(&v); err != nil {
			return nil, nil, err
		}
		if v == d.Version || try == 4 {
			return d, paths, nil // after 5 tries: the writer's version check still refuses a stale write
		}
	}
}

func (st *Step) nameOrEmpty() string {
	if st == nil {
		return ""
	}
	return st.Name
}

// roleFor picks the role the actor acted in: the step's role when they hold
// it, else their first role.
func roleFor(by actorInfo, st *Step) string {
	if st != nil && by.w.Has(st.Role) {
		return st.Role
	}
	if len(by.w.Roles) > 0 {
		return by.w.Roles[0]
	}
	return ""
}

// change collects what an action did besides the dossier and its steps.
type change struct {
	step     *Step // the step acted on
	reason   string
	detail   map[string]any
	agencies []int64
	files    []fileSet
	notice   string // explicit notification kind
}

type fileSet struct {
	kind string
	shas []string
}

// notices lists the citizen notifications for a transition: the explicit
// one, plus consulting / result ready when the dossier enters those states.
func (c *change) notices(from, to workflow.State) []string {
	var out []string
	if c.notice != "" {
		out = append(out, c.notice)
	}
	if to != from {
		switch to {
		case workflow.Consulting:
			out = append(out, EventConsulting)
		case workflow.ResultReady:
			out = append(out, EventResultReady)
		}
	}
	return out
}

func invalid(field, msg string) error { return fieldErr(apperr.CodeInvalid, field, msg) }

// apply performs the action on d (already checked by workflow.Check).
func (s *Service) apply(ctx context.Context, q querier, d *Dossier, by actorInfo, in ActionInput, now time.Time) (*change, error) {
	ch := &change{detail: map[string]any{}}
	main := d.Main()
	ch.step = main
	if in.Note != "" {
		ch.detail["note"] = in.Note
	}
	advance := func() error {
		finish(main, by, now, workflow.StepDone)
		if in.Note != "" {
			main.Note = appendNote(main.Note, in.Note)
		}
		state, _, err := s.openAfter(ctx, d, main.Seq, now)
		if err != nil {
			return err
		}
		if state == "" {
			return fmt.Errorf("dossier %s: process has no step after %q", d.Code, main.Name)
		}
		d.Status = state
		if state == workflow.ResultReady && d.FinishedAt.IsZero() {
			d.FinishedAt = now
		}
		return nil
	}
	switch in.Action {
	case workflow.ActForward, workflow.ActApprove:
		// The result may be attached with the proposal.
		if in.ResultCode != "" || len(in.ResultFiles) > 0 {
			if !main.Kind.Handling() {
				return nil, invalid("result_code", "Chỉ đính kèm kết quả ở các bước giải quyết của cơ quan giải quyết.")
			}
			s.setResult(d, by, in, now, ch)
		}
		return ch, advance()

	case workflow.ActAssign:
		if in.Assignee == 0 && in.AssigneeUsername != "" {
			if err := q.QueryRow(ctx, `SELECT id FROM users WHERE username = $1`, strings.ToLower(in.AssigneeUsername)).Scan(&in.Assignee); err != nil {
				return nil, apperr.FieldError(apperr.CodeUnprocessable, "assignee", "Không tìm thấy cán bộ %s.", in.AssigneeUsername)
			}
		}
		if in.Assignee == 0 {
			return nil, invalid("assignee", "Vui lòng chọn người được phân công.")
		}
		target := main
		if main.Kind == workflow.KindAssign {
			target = nextPending(d, main.Seq)
			if target == nil {
				return nil, fmt.Errorf("dossier %s: nothing to assign after %q", d.Code, main.Name)
			}
		}
		u, err := s.assignable(ctx, q, in.Assignee, target)
		if err != nil {
			return nil, err
		}
		ch.agencies = append(ch.agencies, u.agencyID)
		ch.detail["assignee"] = u.name
		ch.detail["assignee_id"] = u.id
		if main.Kind == workflow.KindAssign {
			target.AssigneeID, target.AssigneeName = u.id, u.name
			return ch, advance()
		}
		main.AssigneeID, main.AssigneeName, main.dirty = u.id, u.name, true
		return ch, nil

	case workflow.ActAttachResult:
		if in.ResultCode == "" && len(in.ResultFiles) == 0 {
			return nil, invalid("result_code", "Vui lòng nhập số, ký hiệu văn bản kết quả hoặc đính kèm tệp kết quả.")
		}
		s.setResult(d, by, in, now, ch)
		return ch, nil

	case workflow.ActSendBack:
		if in.Note == "" && in.Reason == "" {
			return nil, invalid("note", "Vui lòng nêu lý do trả lại.")
		}
		prev := (&Dossier{Steps: d.Steps}).previousMain(main)
		finish(main, by, now, workflow.StepDone)
		main.Note = appendNote(main.Note, "Trả lại: "+firstNonEmpty(in.Reason, in.Note))
		ch.reason = firstNonEmpty(in.Reason, in.Note)
		// Redo the previous step and everything up to this one.
		var redo []Step
		for _, st := range d.Steps {
			if st.ParentID == 0 && st.Kind != workflow.KindConsult && st.Seq >= prev.Seq && st.Seq <= main.Seq && st.Status == workflow.StepDone &&
				(st.Seq != prev.Seq || st.ID == prev.ID) && (st.Seq != main.Seq || st.ID == main.ID) {
				c := Step{Seq: st.Seq, Name: st.Name, Kind: st.Kind, Agency: st.Agency, Role: st.Role, Group: st.Group, Time: st.Time,
					Status: workflow.StepPending, isNew: true}
				if st.ID == prev.ID {
					c.AssigneeID, c.AssigneeName = st.FinishedBy, st.FinishedName
				}
				redo = append(redo, c)
			}
		}
		d.Steps = append(d.Steps, redo...)
		for i := range d.Steps {
			if st := &d.Steps[i]; st.isNew && st.Seq == prev.Seq {
				if err := s.open(ctx, d, st, now); err != nil {
					return nil, err
				}
			}
		}
		d.Status = workflow.Processing
		return ch, nil

	case workflow.ActSign:
		main.SignedAt, main.dirty = now, true
		d.Result.SignedAt, d.Result.SignedBy = now, by.display()
		d.Status = workflow.Approved
		d.FinishedAt = now // the decision is issued (QĐ 766 end of processing)
		return ch, nil

	case workflow.ActReturnToOneStop:
		return ch, advance()

	case workflow.ActConsult:
		return ch, s.consult(ctx, d, main, by, in, now, ch)

	case workflow.ActReplyConsultation:
		return ch, s.reply(ctx, d, by, in, now, ch)

	case workflow.ActRequestSupplement:
		items := in.Items
		if len(items) == 0 && in.Reason != "" {
			items = []Item{{Content: in.Reason}}
		}
		if len(items) == 0 {
			return nil, invalid("items", "Vui lòng nêu đầy đủ từng nội dung cần bổ sung, hoàn thiện (chỉ được yêu cầu một lần).")
		}
		for i, it := range items {
			if it.Content == "" {
				return nil, invalid(fmt.Sprintf("items.%d.content", i), "Nội dung cần bổ sung đang để trống.")
			}
		}
		cal, err := s.calendarFor(ctx, s.mustAgency(ctx, d.ReceivingAgency.ID))
		if err != nil {
			return nil, err
		}
		closeAt, err := cal.SupplementCloseOut(now)
		if err != nil {
			return nil, err
		}
		finish(main, by, now, workflow.StepDone)
		main.Note = appendNote(main.Note, "Yêu cầu bổ sung hồ sơ")
		d.Supplement = &Supplement{Items: items, RequestedAt: now, RequestedBy: by.display(), CloseAt: closeAt, StepID: main.ID}
		d.SupplementCount++
		d.Status = workflow.AwaitingSupplement
		ch.reason, ch.notice = joinItems(items), EventSupplementRequested
		ch.detail["close_at"] = closeAt
		return ch, nil

	case workflow.ActSupplementReceived:
		ag := s.mustAgency(ctx, d.ReceivingAgency.ID)
		cal, err := s.calendarFor(ctx, ag)
		if err != nil {
			return nil, err
		}
		// ND 118 Đ19.5: the processing time is counted again from the
		// start once the complete supplement is received.
		due, err := dossierDue(cal, now, &d.Procedure)
		if err != nil {
			return nil, err
		}
		d.ClockStartAt, d.DueAt, d.OriginalDueAt = now, due, due
		d.Supplement.ReceivedAt, d.Supplement.ReceivedBy, d.Supplement.Files = now, by.display(), in.Files
		if len(in.Files) > 0 {
			ch.files = append(ch.files, fileSet{"supplement", in.Files})
		}
		var asker *Step
		for i := range d.Steps {
			if d.Steps[i].ID == d.Supplement.StepID {
				asker = &d.Steps[i]
			}
		}
		if asker == nil {
			return nil, fmt.Errorf("dossier %s: supplement step %d not found", d.Code, d.Supplement.StepID)
		}
		resume := Step{Seq: asker.Seq, Name: asker.Name, Kind: asker.Kind, Agency: asker.Agency, Role: asker.Role, Group: asker.Group,
			Time: asker.Time, AssigneeID: asker.FinishedBy, AssigneeName: asker.FinishedName, isNew: true}
		d.Steps = append(d.Steps, resume)
		if err := s.open(ctx, d, &d.Steps[len(d.Steps)-1], now); err != nil {
			return nil, err
		}
		ch.step = &d.Steps[len(d.Steps)-1]
		d.Status = workflow.Supplemented
		ch.notice = EventSupplementReceived
		ch.detail["new_due_at"] = due
		return ch, nil

	case workflow.ActRefuse:
		reason := firstNonEmpty(in.Reason, in.Note)
		if reason == "" {
			return nil, invalid("reason", "Vui lòng nêu rõ lý do từ chối giải quyết.")
		}
		finish(main, by, now, workflow.StepDone)
		main.Note = appendNote(main.Note, "Từ chối: "+reason)
		cancelOpen(d, by, now)
		d.Reasons = []Item{{Content: reason}}
		d.Status, d.FinishedAt = workflow.Rejected, now
		ch.reason, ch.notice = reason, EventRefused
		return ch, nil

	case workflow.ActApology:
		return ch, s.apology(ctx, d, by, in, now, ch)

	case workflow.ActStop:
		reason := firstNonEmpty(in.Reason, in.Note)
		if reason == "" {
			return nil, invalid("reason", "Vui lòng ghi nội dung đề nghị dừng của người nộp hồ sơ.")
		}
		req := in.RequestedAt
		if req.IsZero() || req.After(now) {
			req = now
		}
		if main != nil {
			finish(main, by, now, workflow.StepDone)
			main.Note = appendNote(main.Note, "Dừng theo đề nghị")
		}
		cancelOpen(d, by, now)
		d.Stop = &Stop{Reason: reason, RequestedAt: req, At: now, By: by.display(), Refund: in.Refund}
		d.Status, d.FinishedAt = workflow.Stopped, now
		ch.reason, ch.notice = reason, EventStopped
		return ch, nil

	case workflow.ActNotifyEarlyReturn:
		switch in.Channel {
		case "sms", "email", "phone", "other":
		default:
			return nil, invalid("channel", "Vui lòng chọn cách đã thông báo: sms, email, phone hoặc other.")
		}
		d.EarlyNotifiedAt = now
		d.EarlyNotice = &EarlyNotice{Channel: in.Channel, At: now, By: by.display(), Note: in.Note}
		ch.notice = EventEarlyReturn
		return ch, nil

	case workflow.ActReturn:
		r := ReturnInput{}
		if in.Return != nil {
			r = *in.Return
		}
		if r.Method == "" {
			r.Method = d.Delivery.Method
		}
		switch r.Method {
		case "counter":
			if r.ReceivedBy == "" {
				return nil, invalid("return.received_by", "Vui lòng ghi họ tên người nhận kết quả.")
			}
		case "post":
			if r.SlipNumber == "" {
				return nil, invalid("return.slip_number", "Vui lòng ghi số Phiếu gửi của bưu chính (QĐ 45/2016/QĐ-TTg Điều 9).")
			}
		case "online":
		default:
			return nil, invalid("return.method", "Hình thức trả kết quả phải là counter, post hoặc online.")
		}
		if in.ResultCode != "" || len(in.ResultFiles) > 0 {
			s.setResult(d, by, in, now, ch)
		}
		finish(main, by, now, workflow.StepDone)
		d.Return = &ReturnInfo{Method: r.Method, At: now, By: by.display(), ReceivedBy: r.ReceivedBy, SlipNumber: r.SlipNumber,
			HandoverRecord: r.HandoverRecord, Note: r.Note}
		d.Status, d.ReturnedAt = workflow.Returned, now
		if d.FinishedAt.IsZero() {
			d.FinishedAt = now
		}
		ch.notice = EventReturned
		ch.detail["method"] = r.Method
		return ch, nil

	case workflow.ActCorrectResult:
		reason := firstNonEmpty(in.Reason, in.Note)
		if reason == "" {
			return nil, invalid("reason", "Vui lòng nêu sai sót cần đính chính.")
		}
		cal, err := s.calendarFor(ctx, s.mustAgency(ctx, d.HandlingAgency.ID))
		if err != nil {
			return nil, err
		}
		// ND 118 Đ23: the corrected result is back within 3 working days.
		due, err := cal.CloseAfterWorkingDays(now, 3)
		if err != nil {
			return nil, err
		}
		d.Corrections = append(d.Corrections, Correction{Reason: reason, At: now, By: by.display(), DueAt: due})
		maxSeq, appraiser := 0, int64(0)
		appraiserName := ""
		for _, st := range d.Steps {
			maxSeq = max(maxSeq, st.Seq)
			if st.Kind == workflow.KindAppraise && st.FinishedBy != 0 {
				appraiser, appraiserName = st.FinishedBy, st.FinishedName
			}
		}
		fix := Step{Seq: maxSeq + 1, Name: "Đính chính kết quả sai sót", Kind: workflow.KindTask, Agency: d.HandlingAgency,
			Role: "specialist", AssigneeID: appraiser, AssigneeName: appraiserName, Time: workflow.Hours(16),
			Status: workflow.StepOpen, StartedAt: now, DueAt: due, isNew: true}
		ret := Step{Seq: maxSeq + 2, Name: "Trả kết quả đã đính chính", Kind: workflow.KindReturn, Agency: d.ReceivingAgency,
			Role: "one_stop_officer", Time: workflow.Hours(8), Status: workflow.StepPending, isNew: true}
		d.Steps = append(d.Steps, fix, ret)
		ch.step = &d.Steps[len(d.Steps)-2]
		d.Status, d.ReturnedAt, d.EarlyNotifiedAt = workflow.Processing, time.Time{}, time.Time{}
		ch.reason = reason
		ch.detail["due_at"] = due
		return ch, nil

	case workflow.ActClose:
		// ND 118 Đ19.5: not supplemented within 15 days → closed.
		cancelOpen(d, by, now)
		d.Status, d.FinishedAt = workflow.Closed, now
		ch.reason = "Quá 15 ngày kể từ ngày thông báo yêu cầu bổ sung mà người nộp không bổ sung hồ sơ (Điều 19 khoản 5 Nghị định 118/2025/NĐ-CP)."
		ch.notice = EventClosed
		return ch, nil
	}
	return nil, apperr.Invalid("Thao tác %q không hợp lệ.", string(in.Action))
}

func (s *Service) setResult(d *Dossier, by actorInfo, in ActionInput, now time.Time, ch *change) {
	if d.Result == nil {
		d.Result = &Result{}
	}
	if in.ResultCode != "" {
		d.Result.DocumentCode = in.ResultCode
	}
	d.Result.Files = append(d.Result.Files, in.ResultFiles...)
	d.Result.AttachedAt, d.Result.AttachedBy = now, by.display()
	if len(in.ResultFiles) > 0 {
		ch.files = append(ch.files, fileSet{"result", in.ResultFiles})
	}
	ch.detail["result_code"] = d.Result.DocumentCode
}

// capDue is the latest due time a step may have: the dossier's, or a
// pending correction's (ND 118 Đ23).
func (d *Dossier) capDue() time.Time {
	due := d.DueAt
	if n := len(d.Corrections); n > 0 && d.Corrections[n-1].DueAt.After(due) {
		due = d.Corrections[n-1].DueAt
	}
	return due
}

func (s *Service) mustAgency(ctx context.Context, id int64) *agencyInfo {
	a, err := s.agency(ctx, id)
	if err != nil {
		return nil
	}
	return a
}

// nextPending returns the first pending main-line step after seq.
func nextPending(d *Dossier, seq int) *Step {
	var best *Step
	for i := range d.Steps {
		st := &d.Steps[i]
		if st.ParentID == 0 && st.Seq > seq && st.Status == workflow.StepPending && (best == nil || st.Seq < best.Seq) {
			best = st
		}
	}
	return best
}

// previousMain returns the main-line step done just before cur.
func (d *Dossier) previousMain(cur *Step) *Step {
	var prev *Step
	for i := range d.Steps {
		st := &d.Steps[i]
		if st.ParentID == 0 && st.Kind != workflow.KindConsult && st.Seq < cur.Seq && st.Status == workflow.StepDone &&
			(prev == nil || st.Seq > prev.Seq || (st.Seq == prev.Seq && st.ID > prev.ID)) {
			prev = st
		}
	}
	return prev
}

type assignee struct {
	id       int64
	name     string
	agencyID int64
}

// assignable checks that user id may take the step: active, holding its
// role, working in its agency (or a unit of it).
func (s *Service) assignable(ctx context.Context, tx querier, id int64, st *Step) (*assignee, error) {
	var u assignee
	var path string
	var active bool
	err := tx.QueryRow(ctx, `SELECT u.id, u.full_name, u.agency_id, a.path, u.active FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.id = $1`, id).
		Scan(&u.id, &u.name, &u.agencyID, &path, &active)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !active) {
		return nil, fieldErr(apperr.CodeUnprocessable, "assignee", "Không tìm thấy cán bộ được phân công (hoặc tài khoản đã khóa).")
	}
	if err != nil {
		return nil, err
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM user_roles WHERE user_id = $1 AND role = $2`, id, st.Role).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 || !strings.HasPrefix(path, st.Agency.Path) {
		return nil, apperr.FieldError(apperr.CodeUnprocessable, "assignee", "%s không có vai trò “%s” tại %s nên không thể nhận bước “%s”.",
			u.name, apperr.Phrase(account.Role(st.Role).Label()), st.Agency.Name, st.Name)
	}
	return &u, nil
}

// consult opens consultations of other agencies from the main step
// (ND 118 Đ19.4: consulting body, consulted body, content, deadline and
// replies are all recorded; Đ20.2: electronic dossiers go to all at once).
func (s *Service) consult(ctx context.Context, d *Dossier, main *Step, by actorInfo, in ActionInput, now time.Time, ch *change) error {
	content := firstNonEmpty(in.Note, in.Reason)
	var v apperr.Validation
	v.Check(len(in.Agencies) > 0, "agencies", "Vui lòng chọn cơ quan được lấy ý kiến.")
	v.Check(content != "", "note", "Vui lòng nêu nội dung xin ý kiến.")
	t := in.Time
	if t.Value == 0 && t.Unit == "" {
		t = workflow.Duration{Value: 3, Unit: workflow.UnitWorkingDays}
	}
	v.Check((t.Unit == workflow.UnitWorkingDays || t.Unit == workflow.UnitWorkingHours) && t.Value > 0 && t.Value <= 1000, "time",
		"Thời hạn trả lời phải là số giờ hoặc ngày làm việc lớn hơn 0.")
	role := in.Role
	if role == "" {
		role = "specialist"
	}
	okRole := false
	for _, r := range workflow.StepRoles {
		okRole = okRole || r == role
	}
	v.Check(okRole, "role", "Vai trò không hợp lệ.")
	if err := v.Err(); err != nil {
		return err
	}
	parallel := in.Parallel == nil || *in.Parallel
	var names []string
	for i, code := range in.Agencies {
		ag, err := s.agencyByCode(ctx, code)
		if err != nil {
			return apperr.FieldError(apperr.CodeInvalid, fmt.Sprintf("agencies.%d", i), "Không tìm thấy cơ quan %s.", code)
		}
		if ag.ID == d.HandlingAgency.ID {
			return invalid(fmt.Sprintf("agencies.%d", i), "Không lấy ý kiến chính cơ quan đang giải quyết.")
		}
		st := Step{Seq: main.Seq, ParentID: main.ID, Name: "Lấy ý kiến " + ag.Name, Kind: workflow.KindConsult, Agency: ag.ref(),
			Role: role, Time: t, Status: workflow.StepPending, Note: "Nội dung xin ý kiến: " + content, isNew: true}
		if !parallel {
			st.Group = "seq"
		}
		d.Steps = append(d.Steps, st)
		ch.agencies = append(ch.agencies, ag.ID)
		names = append(names, ag.Name)
	}
	// Open all (parallel) or the first (sequential).
	for i := range d.Steps {
		st := &d.Steps[i]
		if st.isNew && st.Kind == workflow.KindConsult && st.Status == workflow.StepPending {
			if err := s.open(ctx, d, st, now); err != nil {
				return err
			}
			if !parallel {
				break
			}
		}
	}
	d.Status = workflow.Consulting
	ch.reason = content
	ch.detail["agencies"] = names
	ch.detail["parallel"] = parallel
	return nil
}

// reply records a consulted agency's answer.
func (s *Service) reply(ctx context.Context, d *Dossier, by actorInfo, in ActionInput, now time.Time, ch *change) error {
	if in.Reply == "" && in.Note == "" {
		return invalid("reply", "Vui lòng nhập nội dung ý kiến trả lời.")
	}
	var target *Step
	var candidates []*Step
	for _, st := range d.OpenSteps() {
		if st.Kind != workflow.KindConsult {
			continue
		}
		ws := workflow.Step{Status: st.Status, AssigneeID: st.AssigneeID, Role: st.Role, AgencyPath: st.Agency.Path}
		main := d.Main()
		onBehalf := main != nil && (workflow.Step{Status: main.Status, AssigneeID: main.AssigneeID, Role: main.Role, AgencyPath: main.Agency.Path}).WaitsOn(by.w)
		if ws.WaitsOn(by.w) || onBehalf {
			candidates = append(candidates, st)
			if st.ID == in.StepID {
				target = st
			}
		}
	}
	if target == nil {
		if in.StepID != 0 || len(candidates) != 1 {
			return invalid("step_id", "Vui lòng chọn lượt lấy ý kiến cần ghi nhận trả lời.")
		}
		target = candidates[0]
	}
	finish(target, by, now, workflow.StepDone)
	target.Note = appendNote(target.Note, "Ý kiến trả lời: "+firstNonEmpty(in.Reply, in.Note))
	ch.step, ch.reason = target, firstNonEmpty(in.Reply, in.Note)
	if len(in.Files) > 0 {
		ch.files = append(ch.files, fileSet{"attachment", in.Files})
	}
	if target.ParentID != 0 {
		// Ad-hoc: open the next sequential consultation, else resume.
		for i := range d.Steps {
			st := &d.Steps[i]
			if st.ParentID == target.ParentID && st.Status == workflow.StepPending {
				return s.open(ctx, d, st, now)
			}
		}
		for _, st := range d.OpenSteps() {
			if st.Kind == workflow.KindConsult {
				return nil // others still consulting
			}
		}
		d.Status = workflow.Processing
		return nil
	}
	// A consultation step of the process: move on when its group is done.
	for _, st := range d.OpenSteps() {
		if st.Kind == workflow.KindConsult && st.ParentID == 0 {
			return nil
		}
	}
	last := target.Seq
	for _, st := range d.Steps {
		if st.ParentID == 0 && st.Group != "" && st.Group == target.Group && st.Seq > last {
			last = st.Seq
		}
	}
	state, _, err := s.openAfter(ctx, d, last, now)
	if err != nil {
		return err
	}
	if state == "" {
		return fmt.Errorf("dossier %s: process has no step after %q", d.Code, target.Name)
	}
	d.Status = state
	return nil
}

// apology records the Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04,
// ND 118 Đ19.6): reason and new date, once, at the latest one day before
// the due date (checked by workflow.Check); the due date moves.
func (s *Service) apology(ctx context.Context, d *Dossier, by actorInfo, in ActionInput, now time.Time, ch *change) error {
	reason := firstNonEmpty(in.Reason, in.Note)
	var v apperr.Validation
	v.Check(reason != "", "reason", "Vui lòng nêu lý do chậm trả kết quả.")
	date, err := calendar.ParseDate(in.NewDueDate)
	v.Check(err == nil, "new_due_date", "Vui lòng nhập ngày hẹn trả mới (dạng YYYY-MM-DD).")
	if err := v.Err(); err != nil {
		return err
	}
	cal, err := s.calendarFor(ctx, s.mustAgency(ctx, d.ReceivingAgency.ID))
	if err != nil {
		return err
	}
	newDue, err := cal.Close(date)
	if err != nil {
		if apperr.Code(err) == apperr.CodeInternal {
			return err
		}
		return apperr.FieldError(apperr.CodeInvalid, "new_due_date", "Ngày hẹn trả mới phải là ngày làm việc (%s)", apperr.Phrase(apperr.Message(err)))
	}
	if !newDue.After(d.DueAt) || !calendar.DateOf(newDue).After(calendar.DateOf(d.DueAt)) {
		return apperr.FieldError(apperr.CodeInvalid, "new_due_date", "Ngày hẹn trả mới phải sau ngày hẹn hiện tại (%s).", calendar.DateOf(d.DueAt).VN())
	}
	d.Apology = &Apology{Reason: reason, OldDueAt: d.DueAt, NewDueAt: newDue, At: now, By: by.display(), ByTitle: by.Title}
	d.ApologyCount++
	d.DueAt = newDue
	ch.reason, ch.notice = reason, EventApologyNewDate
	ch.detail["old_due_at"], ch.detail["new_due_at"] = d.Apology.OldDueAt, newDue
	if main := d.Main(); main != nil {
		ch.step = main
	}
	return nil
}

func appendNote(note, add string) string {
	if note == "" {
		return add
	}
	return note + "\n" + add
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
