package dossier

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// IntakeInput is a dossier presented at the counter or by post
// (POST /api/v1/dossiers).
type IntakeInput struct {
	ProcedureCode string `json:"procedure_code"`
	Channel       string `json:"channel"` // counter | post | online (assisted)
	// ReceivingAgency is the one-stop receiving the dossier (default: the
	// officer's own agency, which must be a public-service centre).
	ReceivingAgency string `json:"receiving_agency,omitempty"`
	// HandlingAgency chooses the commune when the procedure is handled by
	// "@commune" and the receiving centre is not a commune's own (receipt is
	// location-independent, ND 118 Đ14.2).
	HandlingAgency string          `json:"handling_agency,omitempty"`
	Applicant      Applicant       `json:"applicant"`
	Representative *Applicant      `json:"representative,omitempty"`
	Documents      []DocumentInput `json:"documents"`
	Fees           *Fees           `json:"fees,omitempty"`
	Delivery       Delivery        `json:"delivery"`
	Postal         *Postal         `json:"postal,omitempty"`
	Decision       string          `json:"decision"` // receive | request_supplement | refuse
	Reasons        []string        `json:"reasons,omitempty"`
	Items          []Item          `json:"items,omitempty"` // itemised reasons with a "why" each (Mẫu 02)
	Note           string          `json:"note,omitempty"`
}

// DocumentInput is the officer's check of one checklist item.
type DocumentInput struct {
	Index     int      `json:"index"` // position in the procedure's checklist (0-based)
	Ticked    bool     `json:"ticked"`
	Originals int      `json:"originals"`
	Copies    int      `json:"copies"`
	Files     []string `json:"files,omitempty"` // SHA-256 of uploaded scans
}

// IntakeResult is the outcome of an intake.
type IntakeResult struct {
	// Created is false when the answer is a replay of an earlier request
	// with the same Idempotency-Key and body.
	Created bool
	Code    string
	Status  workflow.State
	// Dossier is the new dossier (nil on a replay).
	Dossier *Dossier
	// Body is the JSON answer, stored with the idempotency key and replayed.
	Body []byte
}

func (in *IntakeInput) normalize() {
	in.ProcedureCode = textfold.NFC(in.ProcedureCode)
	in.Channel = strings.ToLower(textfold.NFC(in.Channel))
	in.ReceivingAgency = strings.ToUpper(textfold.NFC(in.ReceivingAgency))
	in.HandlingAgency = strings.ToUpper(textfold.NFC(in.HandlingAgency))
	in.Applicant.normalize()
	if in.Representative != nil {
		in.Representative.normalize()
	}
	in.Delivery.Method = strings.ToLower(textfold.NFC(in.Delivery.Method))
	in.Delivery.Address = textfold.NFC(in.Delivery.Address)
	if in.Fees != nil {
		in.Fees.Method = strings.ToLower(textfold.NFC(in.Fees.Method))
		in.Fees.ReceiptNumber = textfold.NFC(in.Fees.ReceiptNumber)
	}
	if in.Postal != nil {
		in.Postal.SlipNumber = textfold.NFC(in.Postal.SlipNumber)
		in.Postal.HandoverRecord = textfold.NFC(in.Postal.HandoverRecord)
		in.Postal.FeeReceipt = textfold.NFC(in.Postal.FeeReceipt)
		in.Postal.SignedAt = in.Postal.SignedAt.UTC()
	}
	in.Decision = strings.ToLower(textfold.NFC(in.Decision))
	for i := range in.Reasons {
		in.Reasons[i] = textfold.NFC(in.Reasons[i])
	}
	for i := range in.Items {
		in.Items[i].Content, in.Items[i].Reason = textfold.NFC(in.Items[i].Content), textfold.NFC(in.Items[i].Reason)
	}
	for i := range in.Documents {
		for j := range in.Documents[i].Files {
			in.Documents[i].Files[j] = strings.ToLower(strings.TrimSpace(in.Documents[i].Files[j]))
		}
	}
	in.Note = textfold.NFC(in.Note)
}

func (a *Applicant) normalize() {
	a.Kind = strings.ToLower(textfold.NFC(a.Kind))
	if a.Kind == "" {
		a.Kind = KindPerson
	}
	a.Name, a.IDNumber = textfold.NFC(a.Name), strings.ReplaceAll(textfold.NFC(a.IDNumber), " ", "")
	a.TaxCode = workflow.NormalizeTaxCode(textfold.NFC(a.TaxCode))
	a.BirthDate, a.Phone = textfold.NFC(a.BirthDate), textfold.NFC(a.Phone)
	a.Email, a.Address = strings.ToLower(textfold.NFC(a.Email)), textfold.NFC(a.Address)
}

// validate checks an applicant and adds field errors under prefix.
func (a *Applicant) validate(v *apperr.Validation, prefix string, now time.Time, personOnly bool) {
	switch a.Kind {
	case KindPerson:
		v.Check(workflow.ValidPersonalID(a.IDNumber), prefix+"id_number", "Số định danh cá nhân phải gồm đúng 12 chữ số.")
		v.Check(a.TaxCode == "", prefix+"tax_code", "Cá nhân không khai mã số thuế ở trường này.")
	case KindOrganization:
		if personOnly {
			v.Add(prefix+"kind", "Người đại diện phải là cá nhân.")
		}
		v.Check(workflow.ValidTaxCode(a.TaxCode), prefix+"tax_code", "Mã số thuế của tổ chức phải gồm 10 hoặc 13 chữ số.")
	default:
		v.Add(prefix+"kind", "Loại người nộp phải là cá nhân (person) hoặc tổ chức (organization).")
	}
	v.Check(a.Name != "", prefix+"name", "Vui lòng nhập họ tên hoặc tên tổ chức.")
	v.Check(len([]rune(a.Name)) <= 200, prefix+"name", "Tên quá dài (tối đa 200 ký tự).")
	v.Check(a.BirthDate == "" || workflow.ValidBirthDate(a.BirthDate, now), prefix+"birth_date", "Ngày sinh không hợp lệ (dạng YYYY-MM-DD).")
	v.Check(a.Phone == "" || workflow.ValidPhone(a.Phone), prefix+"phone", "Số điện thoại không hợp lệ.")
	v.Check(a.Email == "" || workflow.ValidEmail(a.Email), prefix+"email", "Địa chỉ thư điện tử không hợp lệ.")
	v.Check(len([]rune(a.Address)) <= 500, prefix+"address", "Địa chỉ quá dài (tối đa 500 ký tự).")
}

func validSHA(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// validate checks the input's shape (not the catalog) and returns every
// field error at once.
func (in *IntakeInput) validate(now time.Time, online bool) error {
	var v apperr.Validation
	v.Check(in.ProcedureCode != "", "procedure_code", "Vui lòng chọn thủ tục hành chính.")
	switch in.Channel {
	case ChannelCounter, ChannelPost, ChannelOnline:
	default:
		v.Add("channel", "Kênh nộp phải là counter (trực tiếp), post (bưu chính) hoặc online (trực tuyến).")
	}
	in.Applicant.validate(&v, "applicant.", now, false)
	if in.Representative != nil {
		in.Representative.validate(&v, "representative.", now, true)
	}
	if !online {
		switch in.Decision {
		case DecisionReceive:
		case DecisionRequestSupplement, DecisionRefuse:
			v.Check(len(in.Reasons)+len(in.Items) > 0, "reasons", "Vui lòng nêu rõ từng nội dung, lý do (yêu cầu bổ sung hoặc từ chối).")
		default:
			v.Add("decision", "Quyết định phải là receive (tiếp nhận), request_supplement (yêu cầu bổ sung) hoặc refuse (từ chối).")
		}
	}
	for i, r := range in.Reasons {
		v.Check(r != "", fmt.Sprintf("reasons.%d", i), "Nội dung lý do đang để trống.")
		v.Check(len([]rune(r)) <= 2000, fmt.Sprintf("reasons.%d", i), "Lý do quá dài.")
	}
	for i, it := range in.Items {
		v.Check(it.Content != "", fmt.Sprintf("items.%d.content", i), "Nội dung cần bổ sung đang để trống.")
	}
	v.Check(len(in.Reasons)+len(in.Items) <= 50, "reasons", "Quá nhiều lý do (tối đa 50).")
	switch in.Delivery.Method {
	case "", "counter", "online":
	case "post":
		v.Check(in.Delivery.Address != "", "delivery.address", "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính.")
	default:
		v.Add("delivery.method", "Hình thức nhận kết quả phải là counter, post hoặc online.")
	}
	v.Check(len([]rune(in.Delivery.Address)) <= 500, "delivery.address", "Địa chỉ quá dài.")
	if in.Fees != nil {
		switch in.Fees.Method {
		case "cash", "transfer", "online", "post":
		default:
			v.Add("fees.method", "Hình thức nộp phí phải là cash, transfer, online hoặc post.")
		}
		v.Check(in.Fees.Amount >= 0 && in.Fees.Amount < 1e12, "fees.amount", "Số tiền phí, lệ phí không hợp lệ.")
	}
	if in.Channel == ChannelPost && in.Decision == DecisionReceive {
		if in.Postal == nil {
			v.Add("postal", "Hồ sơ qua bưu chính cần số Phiếu gửi và thời điểm ký Biên bản giao nhận (QĐ 45/2016/QĐ-TTg Điều 7).")
		} else {
			v.Check(in.Postal.SlipNumber != "", "postal.slip_number", "Vui lòng nhập số Phiếu gửi hồ sơ.")
			v.Check(!in.Postal.SignedAt.IsZero(), "postal.signed_at", "Vui lòng nhập thời điểm ký Biên bản giao nhận.")
		}
	}
	if in.Postal != nil && !in.Postal.SignedAt.IsZero() {
		v.Check(!in.Postal.SignedAt.After(now.Add(2*time.Minute)), "postal.signed_at", "Thời điểm ký Biên bản giao nhận không được ở tương lai.")
		v.Check(in.Postal.SignedAt.After(now.AddDate(0, 0, -60)), "postal.signed_at", "Thời điểm ký Biên bản giao nhận quá xa (hơn 60 ngày).")
		v.Check(in.Postal.FeesCollected >= 0, "postal.fees_collected", "Số tiền không hợp lệ.")
	}
	v.Check(len(in.Documents) <= 100, "documents", "Quá nhiều thành phần hồ sơ.")
	seen := map[int]bool{}
	for i, d := range in.Documents {
		f := fmt.Sprintf("documents.%d.", i)
		v.Check(!seen[d.Index], f+"index", "Thành phần hồ sơ bị khai trùng.")
		seen[d.Index] = true
		v.Check(d.Originals >= 0 && d.Originals <= 100 && d.Copies >= 0 && d.Copies <= 100, f+"originals", "Số bản chính, bản sao không hợp lệ.")
		v.Check(len(d.Files) <= 20, f+"files", "Quá nhiều tệp (tối đa 20).")
		for _, h := range d.Files {
			v.Check(validSHA(h), f+"files", "Mã tệp (SHA-256) không hợp lệ.")
		}
	}
	v.Check(len([]rune(in.Note)) <= 2000, "note", "Ghi chú quá dài.")
	return v.Err()
}

// items returns the itemised reasons.
func (in *IntakeInput) items() []Item {
	out := append([]Item(nil), in.Items...)
	for _, r := range in.Reasons {
		out = append(out, Item{Content: r})
	}
	return out
}

// requestHash is the SHA-256 of the normalised input: the same request sent
// twice has the same hash whatever its white space or field order.
func (in *IntakeInput) requestHash() string {
	b, _ := json.Marshal(in)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// MaxIdempotencyKey is the longest Idempotency-Key accepted.
const MaxIdempotencyKey = 200

// Intake receives a dossier at the counter or by post (ND 118 Đ17.1): with
// decision "receive" it issues the dossier code (TT 01/2018 Đ19), the
// tracking-book number (Mẫu 06) and the due time, and opens the first step;
// "request_supplement" and "refuse" record the visit with a PBS/PTC
// reference for Mẫu 02/03 and issue no code (ND 118 Đ17.3: the code goes
// on the Giấy tiếp nhận).
//
// With an idempotency key, the same key and body return the stored answer
// (Created false) and a different body is refused; a second dossier is
// never created. Errors: unauthorized/forbidden (not a one-stop officer of
// the receiving agency), invalid (field errors), not_found (procedure),
// unprocessable (a mandatory document missing on receipt, agency rules,
// idempotency key reused with another body).
func (s *Service) Intake(ctx context.Context, p *account.Principal, in IntakeInput, idemKey string) (*IntakeResult, error) {
	if p == nil {
		return nil, apperr.Unauthorized("Vui lòng đăng nhập.")
	}
	if !p.Has(account.RoleOneStopOfficer) {
		return nil, apperr.Forbidden("Chỉ công chức Bộ phận Một cửa được tiếp nhận hồ sơ.")
	}
	if len(idemKey) > MaxIdempotencyKey {
		return nil, apperr.Invalid("Idempotency-Key quá dài (tối đa %d ký tự).", MaxIdempotencyKey)
	}
	in.normalize()
	now := s.DB.Now().UTC()
	if err := in.validate(now, false); err != nil {
		return nil, err
	}
	by := staffActor(p)
	hash := in.requestHash()
	// A key seen before is found when its row is inserted, at the end of
	// the write (primary key): then the write rolls back and the stored
	// answer is replayed. Retries are rare; checking first would cost
	// every intake a query.
	receivedAt := now
	if in.Channel == ChannelPost && in.Postal != nil && !in.Postal.SignedAt.IsZero() {
		// QĐ 45/2016 Đ7: the legal submission time is the signing of the
		// hand-over record.
		receivedAt = in.Postal.SignedAt
	}
	proc, err := s.procedure(ctx, in.ProcedureCode, receivedAt)
	if err != nil {
		return nil, err
	}
	receiving, handling, err := s.resolveAgencies(ctx, p.AgencyID, p.InScope, proc, in.ReceivingAgency, in.HandlingAgency)
	if err != nil {
		return nil, err
	}
	docs, err := checklist(proc, in.Documents, in.Decision == DecisionReceive)
	if err != nil {
		return nil, err
	}
	var pr *workflow.Process
	if in.Decision == DecisionReceive {
		if pr, _, err = s.processFor(ctx, s.DB, proc); err != nil {
			return nil, err
		}
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	var res *IntakeResult
	// A concurrent request with the same key is caught by the key's
	// primary key when inserted last in the transaction: the loser rolls
	// back (its numbers unused) and answers with the winner's stored reply.
	// Everything that does not need the transaction is prepared here, in
	// the request's goroutine, so the (single) writer does as little as
	// possible: the dossier, its due time and steps, its JSON. The receipt
	// time is now; the transaction only issues the numbers.
	now = s.DB.Now().UTC()
	if in.Channel != ChannelPost || in.Postal == nil || in.Postal.SignedAt.IsZero() {
		receivedAt = now
	}
	d := &Dossier{Channel: in.Channel, Procedure: proc.kept(), ReceivingAgency: receiving.ref(), HandlingAgency: handling.ref(),
		Applicant: in.Applicant, Representative: in.Representative, Documents: docs, Fees: in.Fees, Delivery: in.Delivery,
		Postal: in.Postal, Note: in.Note, createdBy: p.UserID}
	if d.Delivery.Method == "" {
		d.Delivery.Method = "counter"
	}
	ev := eventRow{Action: "intake." + in.Decision, Detail: map[string]any{"channel": d.Channel, "procedure": proc.Code, "procedure_version": proc.Version}}
	var notice string
	switch in.Decision {
	case DecisionReceive:
		if err := s.prepareReceipt(ctx, d, pr, receiving, handling, receivedAt, now); err != nil {
			return nil, err
		}
		ev.To, notice = d.Status, EventReceived
	case DecisionRequestSupplement:
		// ND 118 Đ17.1c: the Phiếu yêu cầu bổ sung is issued at the
		// counter; no dossier code (that goes on the Giấy tiếp nhận).
		d.Status, d.Reasons, d.FinishedAt = workflow.IntakeSupplement, in.items(), now
		ev.To, ev.Reason, notice = d.Status, joinItems(d.Reasons), EventSupplementRequested
	case DecisionRefuse:
		d.Status, d.Reasons, d.FinishedAt = workflow.Refused, in.items(), now
		ev.To, ev.Reason, notice = d.Status, joinItems(d.Reasons), EventRefused
	}
	detailJSON, err := json.Marshal(d.detail())
	if err != nil {
		return nil, err
	}
	by.Role = string(account.RoleOneStopOfficer)
	// With several unbatched writers on PostgreSQL (MOTCUA_DOSSIER_WRITERS)
	// the counter row (one per centre per day) stays locked from its
	// increment to the commit and every intake at that centre waits for
	// it: then the numbers are taken last, after the rows are written under
	// a provisional code. A batching writer locks once per batch anyway.
	late := s.DB.Dialect == store.Postgres && s.w.max == 1
	number := func(ctx context.Context, tx *store.Tx) error {
		switch in.Decision {
		case DecisionReceive:
			if err := s.issueNumbers(ctx, tx, d, st.CodeFormat, receiving, handling); err != nil {
				return err
			}
		case DecisionRequestSupplement:
			n, err := nextCounter(ctx, tx, workflow.CounterKey(workflow.RefSupplement, receiving.ID, now))
			if err != nil {
				return err
			}
			d.Code = workflow.FormatRef(workflow.RefSupplement, receiving.Code, now, n)
		case DecisionRefuse:
			n, err := nextCounter(ctx, tx, workflow.CounterKey(workflow.RefRefusal, receiving.ID, now))
			if err != nil {
				return err
			}
			d.Code = workflow.FormatRef(workflow.RefRefusal, receiving.Code, now, n)
		}
		return nil
	}
	err = s.w.do(ctx, func(ctx context.Context, tx *store.Tx) error {
		if late {
			d.Code = provisionalCode()
		} else if err := number(ctx, tx); err != nil {
			return err
		}
		ev.Step = d.Main()
		d.detailJSON = detailJSON
		if err := insertDossier(ctx, tx, d); err != nil {
			return err
		}
		if err := saveSteps(ctx, tx, d); err != nil {
			return err
		}
		if err := addAgencies(ctx, tx, d.ID, receiving.ID, handling.ID); err != nil {
			return err
		}
		for _, doc := range in.Documents {
			if err := attachFiles(ctx, tx, d, by, "document", doc.Index, doc.Files); err != nil {
				return err
			}
		}
		if err := appendEvent(ctx, tx, d, by, ev); err != nil {
			return err
		}
		if late {
			if err := number(ctx, tx); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE dossiers SET code = $1, book_year = $2, book_no = $3 WHERE id = $4`, d.Code, d.BookYear, d.BookNo, d.ID); err != nil {
				return fmt.Errorf("dossier: number: %w", err)
			}
		}
		s.decorate(ctx, d, by, now)
		body, err := json.Marshal(d)
		if err != nil {
			return err
		}
		res = &IntakeResult{Created: true, Code: d.Code, Status: d.Status, Dossier: d, Body: body}
		if idemKey != "" {
			if _, err := tx.Exec(ctx, `INSERT INTO dossier_idempotency (owner_kind, owner_id, key, request_hash, status, response, dossier_id, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, by.Kind, by.ID, idemKey, hash, 201, string(body), d.ID, store.Millis(now)); err != nil {
				return err
			}
		}
		// Last but the audit entry: nothing after this fails for a
		// reason of this request, so no notification of a rolled-back
		// write is ever enqueued.
		if err := s.notify(ctx, tx, d, notice, ev.Reason); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.audit(), "dossier."+ev.Action, "dossier", d.Code, receiving.ID,
			map[string]any{"status": d.Status, "procedure": proc.Code, "due_at": d.DueAt, "channel": d.Channel})
	})
	if err != nil && idemKey != "" && store.IsUniqueViolation(err) {
		// The key was used before (a retry), or by a concurrent request
		// that committed first: answer as it did, or refuse another body.
		if r, err2 := s.replay(ctx, s.DB, by, idemKey, hash); r != nil || err2 != nil {
			return r, err2
		}
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// replay returns the stored answer for an idempotency key, a conflict when
// the key was used with another body, or nil when the key is new.
func (s *Service) replay(ctx context.Context, q querier, by actorInfo, key, hash string) (*IntakeResult, error) {
	var h, body string
	var status int
	var dossierID sql.NullInt64
	err := q.QueryRow(ctx, `SELECT request_hash, status, response, dossier_id FROM dossier_idempotency
		WHERE owner_kind = $1 AND owner_id = $2 AND key = $3`, by.Kind, by.ID, key).Scan(&h, &status, &body, &dossierID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("dossier: idempotency: %w", err)
	}
	if h != hash {
		return nil, apperr.Unprocessable("Idempotency-Key này đã được dùng cho một yêu cầu tiếp nhận khác. Hãy dùng khóa mới cho hồ sơ mới.")
	}
	var head struct {
		Code   string         `json:"code"`
		Status workflow.State `json:"status"`
	}
	_ = json.Unmarshal([]byte(body), &head)
	return &IntakeResult{Created: false, Code: head.Code, Status: head.Status, Body: []byte(body)}, nil
}

// receive fills a received dossier in tx: numbers, due time, supplement
// deadline and the first step (online acceptance).
func (s *Service) receive(ctx context.Context, tx *store.Tx, d *Dossier, pr *workflow.Process, f workflow.CodeFormat,
	receiving, handling *agencyInfo, receivedAt time.Time) error {
	if err := s.prepareReceipt(ctx, d, pr, receiving, handling, receivedAt, tx.Now); err != nil {
		return err
	}
	return s.issueNumbers(ctx, tx, d, f, receiving, handling)
}

// prepareReceipt sets what receipt decides without the database: the
// clock start, the due time from the working calendar, the last instant a
// supplement may be requested (ND 118 Đ19.5) and the steps, the first one
// open at now.
func (s *Service) prepareReceipt(ctx context.Context, d *Dossier, pr *workflow.Process, receiving, handling *agencyInfo, receivedAt, now time.Time) error {
	cal, err := s.calendarFor(ctx, receiving)
	if err != nil {
		return err
	}
	due, err := dossierDue(cal, receivedAt, &d.Procedure)
	if err != nil {
		return err
	}
	suppBy, err := cal.SupplementRequestDeadline(receivedAt)
	if err != nil {
		return err
	}
	d.ReceivedAt, d.ClockStartAt, d.DueAt, d.OriginalDueAt, d.SupplementDeadline = receivedAt, receivedAt, due, due, suppBy
	if err := s.instantiate(ctx, d, pr, receiving, handling); err != nil {
		return err
	}
	if _, _, err := s.openAfter(ctx, d, 0, now); err != nil {
		return err
	}
	// The dossier is "received" at the one-stop whatever its first step;
	// an immediate procedure's single step is its return.
	d.Status = workflow.Received
	return nil
}

// issueNumbers issues the dossier code (TT 01/2018 Đ19: daily sequence per
// agency) and the tracking-book number (TT 01/2018 Đ10.2: running on
// through the year) in tx, in one statement.
func (s *Service) issueNumbers(ctx context.Context, tx *store.Tx, d *Dossier, f workflow.CodeFormat, receiving, handling *agencyInfo) error {
	codeAgency := receiving
	if f.UsesHandlingAgency() {
		codeAgency = handling
	}
	year := d.ReceivedAt.In(workflow.Loc).Year()
	codeKey, bookKey := workflow.CounterKey("code", codeAgency.ID, d.ReceivedAt), fmt.Sprintf("book:%d:%d", receiving.ID, year)
	ns, err := nextCounters(ctx, tx, codeKey, bookKey)
	if err != nil {
		return err
	}
	d.Code, d.BookYear, d.BookNo = f.Format(codeAgency.Code, d.ReceivedAt, ns[codeKey]), year, ns[bookKey]
	return nil
}

// resolveAgencies finds the receiving one-stop and the handling agency.
// ownID is the caller's agency (the default receiving agency; 0 = none) and
// inScope says whether they may receive there (nil = anyone, for online
// submissions).
func (s *Service) resolveAgencies(ctx context.Context, ownID int64, inScope func(string) bool, proc *ProcedureInfo, recvCode, handCode string) (*agencyInfo, *agencyInfo, error) {
	var receiving *agencyInfo
	var err error
	if recvCode != "" {
		receiving, err = s.agencyByCode(ctx, recvCode)
		if err != nil {
			return nil, nil, apperr.FieldError(apperr.CodeUnprocessable, "receiving_agency", "Không tìm thấy cơ quan tiếp nhận %s.", recvCode)
		}
	} else {
		if ownID == 0 {
			return nil, nil, fieldErr(apperr.CodeInvalid, "receiving_agency", "Vui lòng chọn nơi tiếp nhận hồ sơ.")
		}
		receiving, err = s.agency(ctx, ownID)
		if err != nil {
			return nil, nil, err
		}
	}
	if inScope != nil && !inScope(receiving.Path) {
		return nil, nil, apperr.Forbidden("Bạn chỉ tiếp nhận hồ sơ tại Bộ phận Một cửa của cơ quan mình.")
	}
	if receiving.Kind != "center" && receiving.Kind != "commune_center" {
		return nil, nil, apperr.FieldError(apperr.CodeUnprocessable, "receiving_agency",
			"Hồ sơ chỉ được tiếp nhận tại Trung tâm Phục vụ hành chính công (Điều 7, Điều 14 Nghị định 118/2025/NĐ-CP); %s không phải Bộ phận Một cửa.", receiving.Name)
	}
	if len(proc.ReceivingAgencies) > 0 {
		ok := false
		for _, r := range proc.ReceivingAgencies {
			if r == receiving.Code || (r == "@center" && receiving.Kind == "center") || (r == "@commune_center" && receiving.Kind == "commune_center") {
				ok = true
			}
		}
		if !ok {
			return nil, nil, apperr.FieldError(apperr.CodeUnprocessable, "receiving_agency", "Thủ tục này không được tiếp nhận tại %s.", receiving.Name)
		}
	}
	var handling *agencyInfo
	switch {
	case proc.HandlingAgency == "@commune":
		switch {
		case handCode != "":
			handling, err = s.agencyByCode(ctx, handCode)
			if err != nil || handling.Kind != "commune" {
				return nil, nil, fieldErr(apperr.CodeUnprocessable, "handling_agency", "Cơ quan giải quyết phải là một UBND cấp xã.")
			}
		case receiving.Kind == "commune_center" && receiving.ParentID != 0:
			handling, err = s.agency(ctx, receiving.ParentID)
			if err != nil {
				return nil, nil, err
			}
		default:
			return nil, nil, fieldErr(apperr.CodeInvalid, "handling_agency", "Vui lòng chọn UBND xã, phường giải quyết hồ sơ.")
		}
	case proc.HandlingAgency != "":
		handling, err = s.agencyByCode(ctx, proc.HandlingAgency)
		if err != nil {
			return nil, nil, fmt.Errorf("dossier: handling agency %s of %s: %w", proc.HandlingAgency, proc.Code, err)
		}
		if handCode != "" && handCode != handling.Code {
			return nil, nil, apperr.FieldError(apperr.CodeUnprocessable, "handling_agency", "Thủ tục này do %s giải quyết.", handling.Name)
		}
	default:
		return nil, nil, fmt.Errorf("dossier: procedure %s has no handling agency", proc.Code)
	}
	return receiving, handling, nil
}

var provisional atomic.Int64

// provisionalCode is a unique placeholder for the code of a row written
// before its number is issued (it sorts after every real code).
func provisionalCode() string {
	return fmt.Sprintf("~%d-%d", time.Now().UnixNano(), provisional.Add(1))
}

func fieldErr(code, field, msg string) error {
	return &apperr.Error{Code: code, Message: msg, Fields: map[string]string{field: msg}}
}

// checklist merges the officer's check with the procedure's documents. On
// receipt every mandatory document must be ticked (ND 118 Đ17.1c: only a
// complete dossier is received).
func checklist(proc *ProcedureInfo, in []DocumentInput, receiving bool) ([]DocumentItem, error) {
	docs := make([]DocumentItem, len(proc.Documents))
	for i, d := range proc.Documents {
		docs[i] = DocumentItem{Index: i, Name: d.Name, Mandatory: d.Mandatory}
	}
	var v apperr.Validation
	for i, x := range in {
		if x.Index < 0 || x.Index >= len(docs) {
			v.Addf(fmt.Sprintf("documents.%d.index", i), "Thủ tục này có %d thành phần hồ sơ; không có thành phần số %d.", len(docs), x.Index)
			continue
		}
		dd := &docs[x.Index]
		dd.Ticked, dd.Originals, dd.Copies, dd.Files = x.Ticked, x.Originals, x.Copies, x.Files
		if x.Ticked && x.Originals == 0 && x.Copies == 0 {
			dd.Originals, dd.Copies = proc.Documents[x.Index].Originals, proc.Documents[x.Index].Copies
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if receiving {
		var missing []string
		var v apperr.Validation
		for i, d := range docs {
			if d.Mandatory && !d.Ticked {
				missing = append(missing, d.Name)
				v.Addf(fmt.Sprintf("documents.%d", i), "Thiếu thành phần hồ sơ bắt buộc: %s", d.Name)
			}
		}
		if len(missing) > 0 {
			e := v.Err().(*apperr.Error)
			whole := apperr.Errorf(apperr.CodeUnprocessable, "Hồ sơ chưa đầy đủ, không thể tiếp nhận. Thiếu thành phần bắt buộc: %s. Hãy lập Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.", strings.Join(missing, "; "))
			whole.Fields, whole.FieldFormats = e.Fields, e.FieldFormats
			return nil, whole
		}
	}
	return docs, nil
}

func joinItems(items []Item) string {
	var parts []string
	for _, it := range items {
		s := it.Content
		if it.Reason != "" {
			s += " (" + it.Reason + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// notify enqueues a citizen notification in tx (no-op for kind "").
func (s *Service) notify(ctx context.Context, tx *store.Tx, d *Dossier, kind, reason string) error {
	if kind == "" || s.Notifier == nil {
		return nil
	}
	ev := Event{Kind: kind, DossierID: d.ID, Version: d.Version, DossierCode: d.Code, ProcedureCode: d.Procedure.Code, ProcedureName: d.Procedure.Name,
		Status: d.Status, StatusText: d.Status.Label(), At: tx.Now, DueAt: d.DueAt, Reason: reason, AgencyName: d.ReceivingAgency.Name,
		AgencyID: d.ReceivingAgency.ID, AcceptBy: d.AcceptBy, CitizenID: d.CitizenID, Name: d.Applicant.Name, Phone: d.Applicant.Phone, Email: d.Applicant.Email, TrackingURL: s.TrackingURL(d.Code)}
	if d.Representative != nil && ev.Phone == "" && ev.Email == "" {
		ev.Phone, ev.Email = d.Representative.Phone, d.Representative.Email
	}
	if err := s.Notifier.Enqueue(ctx, tx, ev); err != nil {
		return fmt.Errorf("dossier: notify %s: %w", kind, err)
	}
	return nil
}

var _ = calendar.Judge
