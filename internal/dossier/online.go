package dossier

import (
	"context"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// OnlineInput is an online submission, built by the citizen module from the
// citizen's draft (ND 118 Đ15.3, Đ17.2).
type OnlineInput struct {
	ProcedureCode   string          `json:"procedure_code"`
	ReceivingAgency string          `json:"receiving_agency"` // the one-stop chosen by the citizen (required)
	HandlingAgency  string          `json:"handling_agency,omitempty"`
	Applicant       Applicant       `json:"applicant"`
	Representative  *Applicant      `json:"representative,omitempty"`
	Documents       []DocumentInput `json:"documents"` // files must have been uploaded by the citizen (RegisterUpload)
	Fees            *Fees           `json:"fees,omitempty"`
	Delivery        Delivery        `json:"delivery"`
	Note            string          `json:"note,omitempty"`
	// AssistedBy is the officer filing with the citizen's consent (0 = the
	// citizen themself).
	AssistedBy int64 `json:"assisted_by,omitempty"`
}

// AcceptHours is the time the one-stop has to accept or return an online
// dossier: 8 working hours after the system received it (ND 118 Đ17.2).
const AcceptHours = 8

// SubmitOnline stores a citizen's online submission in state "submitted"
// with an NTT-… reference (no dossier code yet: it is issued on acceptance)
// and the acceptance deadline AcceptBy (8 working hours). Every mandatory
// document needs a file. Errors: invalid (field errors), not_found
// (procedure), unprocessable (missing documents, agency rules, files not
// uploaded by the citizen). With a key (the citizen module passes its draft
// id) the same key returns the dossier filed the first time.
func (s *Service) SubmitOnline(ctx context.Context, citizenID int64, in OnlineInput, key string) (*Dossier, error) {
	if citizenID <= 0 {
		return nil, apperr.Unauthorized("Vui lòng đăng nhập tài khoản công dân.")
	}
	if len(key) > MaxIdempotencyKey {
		return nil, apperr.Invalid("Khóa chống gửi trùng quá dài.")
	}
	x := IntakeInput{ProcedureCode: in.ProcedureCode, Channel: ChannelOnline, ReceivingAgency: in.ReceivingAgency, HandlingAgency: in.HandlingAgency,
		Applicant: in.Applicant, Representative: in.Representative, Documents: in.Documents, Fees: in.Fees, Delivery: in.Delivery, Note: in.Note}
	x.normalize()
	now := s.DB.Now()
	if err := x.validate(now, true); err != nil {
		return nil, err
	}
	if x.ReceivingAgency == "" {
		return nil, fieldErr(apperr.CodeInvalid, "receiving_agency", "Vui lòng chọn nơi tiếp nhận hồ sơ.")
	}
	for i := range x.Documents {
		x.Documents[i].Ticked = x.Documents[i].Ticked || len(x.Documents[i].Files) > 0
	}
	proc, err := s.procedure(ctx, x.ProcedureCode, now)
	if err != nil {
		return nil, err
	}
	if proc.OnlineLevel == "none" {
		return nil, apperr.Unprocessable("Thủ tục này không được thực hiện trực tuyến.")
	}
	receiving, handling, err := s.resolveAgencies(ctx, 0, nil, proc, x.ReceivingAgency, x.HandlingAgency)
	if err != nil {
		return nil, err
	}
	docs, err := checklist(proc, x.Documents, true)
	if err != nil {
		return nil, err
	}
	by := citizenActor(citizenID, x.Applicant.Name)
	hash := x.requestHash()
	var out *Dossier
	replayed := func(q querier) (bool, error) {
		if key == "" {
			return false, nil
		}
		r, err := s.replay(ctx, q, by, key, hash)
		if err != nil || r == nil {
			return false, err
		}
		d, err := loadDossier(ctx, q, r.Code)
		if err != nil {
			return false, err
		}
		s.decorate(ctx, d, by, s.DB.Now())
		out = d
		return true, nil
	}
	if ok, err := replayed(s.DB); ok || err != nil {
		return out, err
	}
	err = s.w.do(ctx, func(ctx context.Context, tx *store.Tx) error {
		if ok, err := replayed(tx); ok || err != nil {
			return err
		}
		now := tx.Now
		cal, err := s.calendarFor(ctx, receiving)
		if err != nil {
			return err
		}
		_, acceptBy, err := cal.Due(now, calendar.Duration{Amount: AcceptHours, Unit: calendar.WorkingHours}, calendar.Options{})
		if err != nil {
			return err
		}
		n, err := nextCounter(ctx, tx, workflow.CounterKey(workflow.RefOnline, receiving.ID, now))
		if err != nil {
			return err
		}
		ref := workflow.FormatRef(workflow.RefOnline, receiving.Code, now, n)
		d := &Dossier{Code: ref, IntakeRef: ref, Status: workflow.Submitted, Channel: ChannelOnline, Procedure: proc.kept(),
			ReceivingAgency: receiving.ref(), HandlingAgency: handling.ref(), CitizenID: citizenID, Applicant: x.Applicant,
			Representative: x.Representative, Documents: docs, Fees: x.Fees, Delivery: x.Delivery, Note: x.Note,
			SubmittedAt: now, AcceptBy: acceptBy}
		if d.Delivery.Method == "" {
			d.Delivery.Method = "online"
		}
		if err := insertDossier(ctx, tx, d); err != nil {
			return err
		}
		if err := addAgencies(ctx, tx, d.ID, receiving.ID, handling.ID); err != nil {
			return err
		}
		for _, doc := range x.Documents {
			if err := attachFiles(ctx, tx, d, by, "document", doc.Index, doc.Files); err != nil {
				return err
			}
		}
		det := map[string]any{"accept_by": acceptBy}
		if in.AssistedBy != 0 {
			det["assisted_by"] = in.AssistedBy
		}
		if err := appendEvent(ctx, tx, d, by, eventRow{Action: "online.submit", From: workflow.Draft, To: d.Status, Detail: det}); err != nil {
			return err
		}
		if key != "" {
			if _, err := tx.Exec(ctx, `INSERT INTO dossier_idempotency (owner_kind, owner_id, key, request_hash, status, response, dossier_id, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, by.Kind, by.ID, key, hash, 201, `{"code":"`+d.Code+`"}`, d.ID, store.Millis(now)); err != nil {
				return err
			}
		}
		// ND 118/2025 Đ17.2: the system notifies the receiving officer
		// (within 2 hours), who has 8 working hours (AcceptBy) to act.
		if err := s.notify(ctx, tx, d, EventStaffOnlineSubmitted, ""); err != nil {
			return err
		}
		s.decorate(ctx, d, by, now)
		out = d
		return audit.Record(ctx, tx, by.audit(), "dossier.online.submit", "dossier", d.Code, receiving.ID, map[string]any{"procedure": proc.Code})
	})
	if err != nil && key != "" && store.IsUniqueViolation(err) {
		if ok, err2 := replayed(s.DB); ok || err2 != nil {
			return out, err2
		}
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// onlineAct runs a change of an online dossier in one transaction: load by
// code or reference, check who may do it, take the version, mutate, save,
// history, notification, audit.
func (s *Service) onlineAct(ctx context.Context, by actorInfo, code string, version int64, action string,
	check func(d *Dossier) error, mutate func(ctx context.Context, tx *store.Tx, d *Dossier, ch *change) error) (*Dossier, error) {
	var out *Dossier
	err := s.w.do(ctx, func(ctx context.Context, tx *store.Tx) error {
		d, err := loadDossier(ctx, tx, code)
		if err != nil {
			return err
		}
		if err := check(d); err != nil {
			return err
		}
		if err := bumpVersion(ctx, tx, d.ID, version); err != nil {
			return err
		}
		d.Version = version + 1
		from := d.Status
		ch := &change{detail: map[string]any{}}
		if err := mutate(ctx, tx, d, ch); err != nil {
			return err
		}
		if err := saveDossier(ctx, tx, d); err != nil {
			return err
		}
		if err := saveSteps(ctx, tx, d); err != nil {
			return err
		}
		if by.AgencyID != 0 {
			if err := addAgencies(ctx, tx, d.ID, by.AgencyID); err != nil {
				return err
			}
		}
		for _, f := range ch.files {
			if err := attachFiles(ctx, tx, d, by, f.kind, -1, f.shas); err != nil {
				return err
			}
		}
		if err := appendEvent(ctx, tx, d, by, eventRow{Action: action, From: from, To: d.Status, Step: ch.step, Reason: ch.reason, Detail: ch.detail}); err != nil {
			return err
		}
		if err := s.notify(ctx, tx, d, ch.notice, ch.reason); err != nil {
			return err
		}
		s.decorate(ctx, d, by, tx.Now)
		out = d
		return audit.Record(ctx, tx, by.audit(), "dossier."+action, "dossier", d.Code, d.ReceivingAgency.ID,
			map[string]any{"from": from, "to": d.Status, "reason": ch.reason})
	})
	return out, err
}

// staffOnlineCheck: the dossier is an online submission in one of states,
// and the caller is a one-stop officer of its receiving agency (anything
// else answers not_found or forbidden).
func staffOnlineCheck(p *account.Principal, states ...workflow.State) func(d *Dossier) error {
	return func(d *Dossier) error {
		if !p.InScope(d.ReceivingAgency.Path) {
			return errNotFound
		}
		if !p.Has(account.RoleOneStopOfficer) {
			return apperr.Forbidden("Chỉ công chức Bộ phận Một cửa nơi tiếp nhận xử lý hồ sơ trực tuyến.")
		}
		for _, st := range states {
			if d.Status == st {
				return nil
			}
		}
		return apperr.Unprocessable("Hồ sơ đang ở trạng thái “%s”, không thực hiện được thao tác này.", apperr.Phrase(d.Status.Label()))
	}
}

// AcceptOnline accepts a submitted online dossier (ND 118 Đ17.2): it issues
// the dossier code, the book number and the due time counted from now
// (complete and valid receipt, Đ17.3) and opens the first step. Accepting
// after AcceptBy is allowed but recorded as late in the history.
func (s *Service) AcceptOnline(ctx context.Context, p *account.Principal, ref string, version int64) (*Dossier, error) {
	if p == nil {
		return nil, apperr.Unauthorized("Vui lòng đăng nhập.")
	}
	by := staffActor(p)
	by.Role = string(account.RoleOneStopOfficer)
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	return s.onlineAct(ctx, by, ref, version, "online.accept", staffOnlineCheck(p, workflow.Submitted),
		func(ctx context.Context, tx *store.Tx, d *Dossier, ch *change) error {
			receiving, err := s.agency(ctx, d.ReceivingAgency.ID)
			if err != nil {
				return err
			}
			handling, err := s.agency(ctx, d.HandlingAgency.ID)
			if err != nil {
				return err
			}
			pr, _, err := s.processFor(ctx, tx, &d.Procedure)
			if err != nil {
				return err
			}
			if err := s.receive(ctx, tx, d, pr, st.CodeFormat, receiving, handling, tx.Now); err != nil {
				return err
			}
			ch.step, ch.notice = d.Main(), EventOnlineAccepted
			ch.detail["late_acceptance"] = tx.Now.After(d.AcceptBy)
			ch.detail["intake_ref"] = d.IntakeRef
			return nil
		})
}

// RequestOnlineChanges asks the citizen, once and with every item at once,
// to complete an online submission (ND 118 Đ17.2, Đ11.2c).
func (s *Service) RequestOnlineChanges(ctx context.Context, p *account.Principal, ref string, version int64, items []Item) (*Dossier, error) {
	if p == nil {
		return nil, apperr.Unauthorized("Vui lòng đăng nhập.")
	}
	items = normItems(items)
	if len(items) == 0 {
		return nil, fieldErr(apperr.CodeInvalid, "items", "Vui lòng nêu đầy đủ từng nội dung cần bổ sung, hoàn thiện.")
	}
	by := staffActor(p)
	by.Role = string(account.RoleOneStopOfficer)
	return s.onlineAct(ctx, by, ref, version, "online.request_changes", staffOnlineCheck(p, workflow.Submitted),
		func(ctx context.Context, tx *store.Tx, d *Dossier, ch *change) error {
			if d.OnlineChanges != nil {
				return apperr.Unprocessable("Hồ sơ trực tuyến này đã được yêu cầu bổ sung một lần; chỉ được yêu cầu một lần (Điều 17 khoản 2 Nghị định 118/2025/NĐ-CP).")
			}
			d.OnlineChanges = &OnlineChanges{Items: items, At: tx.Now, By: by.display()}
			d.Status = workflow.ChangesRequested
			ch.reason, ch.notice = joinItems(items), EventOnlineChangesRequested
			return nil
		})
}

// ResubmitOnline sends back an online dossier completed after a request for
// changes; the 8-working-hour acceptance time runs again from now.
func (s *Service) ResubmitOnline(ctx context.Context, citizenID int64, ref string, version int64, docs []DocumentInput, note string) (*Dossier, error) {
	by := citizenActor(citizenID, "")
	return s.onlineAct(ctx, by, ref, version, "online.resubmit", func(d *Dossier) error {
		if d.CitizenID != citizenID || citizenID == 0 {
			return errNotFound
		}
		if d.Status != workflow.ChangesRequested {
			return apperr.Unprocessable("Hồ sơ không ở trạng thái cần bổ sung.")
		}
		return nil
	}, func(ctx context.Context, tx *store.Tx, d *Dossier, ch *change) error {
		by.Name, by.FullName = d.Applicant.Name, d.Applicant.Name
		in := make([]DocumentInput, len(docs))
		copy(in, docs)
		for i := range in {
			in[i].Ticked = in[i].Ticked || len(in[i].Files) > 0
			for j := range in[i].Files {
				if !validSHA(in[i].Files[j]) {
					return fieldErr(apperr.CodeInvalid, fmt.Sprintf("documents.%d.files", i), "Mã tệp (SHA-256) không hợp lệ.")
				}
			}
		}
		// Keep what was there; add the new files.
		for _, x := range in {
			if x.Index < 0 || x.Index >= len(d.Documents) {
				return fieldErr(apperr.CodeInvalid, "documents", "Thành phần hồ sơ không hợp lệ.")
			}
			dd := &d.Documents[x.Index]
			dd.Ticked = dd.Ticked || x.Ticked
			dd.Files = append(dd.Files, x.Files...)
			if len(x.Files) > 0 {
				ch.files = append(ch.files, fileSet{"supplement", x.Files})
			}
		}
		for i, dd := range d.Documents {
			if dd.Mandatory && !dd.Ticked {
				return apperr.FieldError(apperr.CodeUnprocessable, fmt.Sprintf("documents.%d", i), "Thiếu thành phần hồ sơ bắt buộc: %s", dd.Name)
			}
		}
		receiving, err := s.agency(ctx, d.ReceivingAgency.ID)
		if err != nil {
			return err
		}
		cal, err := s.calendarFor(ctx, receiving)
		if err != nil {
			return err
		}
		_, acceptBy, err := cal.Due(tx.Now, calendar.Duration{Amount: AcceptHours, Unit: calendar.WorkingHours}, calendar.Options{})
		if err != nil {
			return err
		}
		d.Status, d.SubmittedAt, d.AcceptBy = workflow.Submitted, tx.Now, acceptBy
		if n := textfold.NFC(note); n != "" {
			d.Note = appendNote(d.Note, n)
		}
		// The receiving officer is notified again and has 8 working hours
		// again (ND 118/2025 Đ17.2).
		ch.notice = EventStaffOnlineResubmitted
		return nil
	})
}

// RejectOnline refuses an online submission with reasons (Mẫu 03).
func (s *Service) RejectOnline(ctx context.Context, p *account.Principal, ref string, version int64, reasons []Item) (*Dossier, error) {
	if p == nil {
		return nil, apperr.Unauthorized("Vui lòng đăng nhập.")
	}
	reasons = normItems(reasons)
	if len(reasons) == 0 {
		return nil, fieldErr(apperr.CodeInvalid, "reasons", "Vui lòng nêu rõ lý do từ chối.")
	}
	by := staffActor(p)
	by.Role = string(account.RoleOneStopOfficer)
	return s.onlineAct(ctx, by, ref, version, "online.refuse", staffOnlineCheck(p, workflow.Submitted, workflow.ChangesRequested),
		func(ctx context.Context, tx *store.Tx, d *Dossier, ch *change) error {
			d.Status, d.Reasons, d.FinishedAt = workflow.Refused, reasons, tx.Now
			ch.reason, ch.notice = joinItems(reasons), EventRefused
			return nil
		})
}

// WithdrawOnline lets the citizen withdraw an online submission not yet
// accepted (ND 118 Đ21: online applicants may stop through the portal).
func (s *Service) WithdrawOnline(ctx context.Context, citizenID int64, ref string, version int64, reason string) (*Dossier, error) {
	by := citizenActor(citizenID, "")
	return s.onlineAct(ctx, by, ref, version, "online.withdraw", func(d *Dossier) error {
		if d.CitizenID != citizenID || citizenID == 0 {
			return errNotFound
		}
		if d.Status != workflow.Submitted && d.Status != workflow.ChangesRequested {
			return apperr.Unprocessable("Hồ sơ đã được tiếp nhận; đề nghị dừng giải quyết tại Bộ phận Một cửa.")
		}
		return nil
	}, func(ctx context.Context, tx *store.Tx, d *Dossier, ch *change) error {
		by.Name, by.FullName = d.Applicant.Name, d.Applicant.Name
		reason = textfold.NFC(reason)
		if reason == "" {
			reason = "Công dân rút hồ sơ trực tuyến."
		}
		d.Stop = &Stop{Reason: reason, RequestedAt: tx.Now, At: tx.Now, By: d.Applicant.Name}
		d.Status, d.FinishedAt = workflow.Stopped, tx.Now
		ch.reason, ch.notice = reason, EventStopped
		return nil
	})
}

func normItems(items []Item) []Item {
	var out []Item
	for _, it := range items {
		it.Content, it.Reason = textfold.NFC(it.Content), textfold.NFC(it.Reason)
		if it.Content != "" {
			out = append(out, it)
		}
	}
	return out
}

// CitizenSummary is a dossier as listed for its citizen.
type CitizenSummary struct {
	Code          string         `json:"code"`
	IntakeRef     string         `json:"intake_ref,omitempty"`
	ProcedureName string         `json:"procedure_name"`
	Status        workflow.State `json:"status"`
	StatusText    string         `json:"status_text"`
	AgencyName    string         `json:"agency_name"`
	SubmittedAt   time.Time      `json:"submitted_at,omitzero"`
	ReceivedAt    time.Time      `json:"received_at,omitzero"`
	DueAt         time.Time      `json:"due_at,omitzero"`
	Version       int64          `json:"version"`
}

// ForCitizen lists a citizen's own dossiers (online submissions linked to
// the account), newest first; limit ≤ 0 means all.
func (s *Service) ForCitizen(ctx context.Context, citizenID int64, limit int) ([]CitizenSummary, error) {
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	rows, err := s.DB.Query(ctx, `SELECT d.code, d.intake_ref, d.procedure_name, d.status, ra.name, d.submitted_at, d.received_at, d.due_at, d.version
		FROM dossiers d JOIN agencies ra ON ra.id = d.receiving_agency_id WHERE d.citizen_id = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT $2`,
		citizenID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []CitizenSummary{}
	for rows.Next() {
		var c CitizenSummary
		var status string
		sub, rec, due := nullInt(), nullInt(), nullInt()
		if err := rows.Scan(&c.Code, &c.IntakeRef, &c.ProcedureName, &status, &c.AgencyName, sub, rec, due, &c.Version); err != nil {
			return nil, err
		}
		c.Status = workflow.State(status)
		c.StatusText = c.Status.Label()
		c.SubmittedAt, c.ReceivedAt, c.DueAt = store.NullTime(*sub), store.NullTime(*rec), store.NullTime(*due)
		out = append(out, c)
	}
	return out, rows.Err()
}

// CitizenDossier returns one of the citizen's own dossiers (by code or
// online reference). Errors: not_found for anyone else's.
func (s *Service) CitizenDossier(ctx context.Context, citizenID int64, code string) (*Dossier, error) {
	if citizenID <= 0 || !workflow.LooksLikeCode(code) {
		return nil, errNotFound
	}
	d, err := loadDossier(ctx, s.DB, code)
	if err != nil {
		return nil, err
	}
	if d.CitizenID != citizenID {
		return nil, errNotFound
	}
	if d.Files, err = loadFiles(ctx, s.DB, d.ID); err != nil {
		return nil, err
	}
	s.decorate(ctx, d, citizenActor(citizenID, d.Applicant.Name), s.DB.Now())
	return d, nil
}

// IssuedResult is an electronic result issued to a citizen (ND 118 Đ22.4:
// results are kept in the citizen's data store).
type IssuedResult struct {
	DossierCode string    `json:"dossier_code"`
	TypeCode    string    `json:"type_code"`   // result-type code of the procedure
	Title       string    `json:"title"`       // result name
	DocumentNo  string    `json:"document_no"` // number of the result document
	Files       []string  `json:"files"`       // SHA-256 of the result files
	ReturnedAt  time.Time `json:"returned_at"`
}

// Results returns the results returned on the citizen's own dossiers and,
// when verified is true (the identity was proven, e.g. through VNeID),
// on dossiers filed elsewhere for the same personal ID number.
func (s *Service) Results(ctx context.Context, citizenID int64, idNumber string, verified bool) ([]IssuedResult, error) {
	q := `SELECT d.code, d.detail, d.returned_at FROM dossiers d WHERE d.status = 'returned' AND (d.citizen_id = $1`
	args := []any{citizenID}
	if verified && workflow.ValidPersonalID(idNumber) {
		q += ` OR d.applicant_id_number = $2`
		args = append(args, idNumber)
	}
	rows, err := s.DB.Query(ctx, q+`) ORDER BY d.returned_at DESC LIMIT 500`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []IssuedResult{}
	for rows.Next() {
		var code, det string
		var ret int64
		if err := rows.Scan(&code, &det, &ret); err != nil {
			return nil, err
		}
		var x detail
		if err := jsonUnmarshal(det, &x); err != nil {
			return nil, err
		}
		if x.Result == nil || len(x.Result.Files) == 0 {
			continue
		}
		out = append(out, IssuedResult{DossierCode: code, TypeCode: x.Procedure.ResultCode, Title: x.Procedure.ResultName,
			DocumentNo: x.Result.DocumentCode, Files: x.Result.Files, ReturnedAt: store.Time(ret)})
	}
	return out, rows.Err()
}
