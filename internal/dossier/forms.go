package dossier

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/pdfdoc"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/store"
)

// WriteForm renders one of the dossier's forms as PDF to w for a staff
// member: 01 receipt, 02 supplement request, 03 refusal, 04 apology, 05
// process-control sheet, "dung" stop notice (FormsOf lists those that
// exist). Errors: not_found (dossier out of scope, or a form it does not
// have).
func (s *Service) WriteForm(ctx context.Context, p *account.Principal, code, form string, w io.Writer) error {
	if p == nil {
		return apperr.Unauthorized("Vui lòng đăng nhập.")
	}
	if !workflow.LooksLikeCode(code) {
		return errNotFound
	}
	// Fast path: the dossier's id and version by its code (or reference)
	// with the agency half of the scope check, then (if needed) its open
	// steps: index probes from the dossier, whatever the size of the
	// caller's subtree. A form rendered for that version is served from
	// memory; otherwise the dossier is loaded by id.
	if form != Form05 {
		var id, version int64
		var real string
		var byAgency int
		path := store.Like(p.AgencyPath) + "%"
		err := s.DB.QueryRow(ctx, `SELECT d.id, d.version, d.code, `+agencyInScopeSQL(`d.id`, `$2`)+` FROM dossiers d WHERE d.code = $1`,
			code, path).Scan(&id, &version, &real, &byAgency)
		if errors.Is(err, sql.ErrNoRows) {
			err = s.DB.QueryRow(ctx, `SELECT d.id, d.version, d.code, `+agencyInScopeSQL(`d.id`, `$2`)+` FROM dossiers d
				WHERE d.intake_ref = $1 AND d.intake_ref <> '' ORDER BY d.id LIMIT 1`, code, path).Scan(&id, &version, &real, &byAgency)
		}
		if errors.Is(err, sql.ErrNoRows) {
			return errNotFound
		}
		if err != nil {
			return err
		}
		if ok, err := s.stepsInScope(ctx, p, id, byAgency > 0); err != nil {
			return err
		} else if !ok {
			return errNotFound
		}
		if b, ok := s.pdfs.get(real + "\x00" + form + "\x00" + itoa(version)); ok {
			_, err := w.Write(b)
			return err
		}
		d, err := loadDossierByID(ctx, s.DB, id)
		if err != nil {
			return err
		}
		return s.cachedForm(ctx, d, form, w)
	}
	d, err := s.visible(ctx, p, code)
	if err != nil {
		return err
	}
	return s.cachedForm(ctx, d, form, w)
}

// cachedForm serves a rendered form from the cache or renders and keeps it.
func (s *Service) cachedForm(ctx context.Context, d *Dossier, form string, w io.Writer) error {
	if form == Form05 {
		return s.writeForm(ctx, d, form, w)
	}
	key := d.Code + "\x00" + form + "\x00" + itoa(d.Version)
	if b, ok := s.pdfs.get(key); ok {
		_, err := w.Write(b)
		return err
	}
	var buf bytes.Buffer
	if err := s.writeForm(ctx, d, form, &buf); err != nil {
		return err
	}
	s.pdfs.put(key, buf.Bytes())
	_, err := w.Write(buf.Bytes())
	return err
}

// CitizenWriteForm is WriteForm for the citizen owning the dossier.
func (s *Service) CitizenWriteForm(ctx context.Context, citizenID int64, code, form string, w io.Writer) error {
	d, err := s.CitizenDossier(ctx, citizenID, code)
	if err != nil {
		return err
	}
	return s.cachedForm(ctx, d, form, w)
}

func (s *Service) writeForm(ctx context.Context, d *Dossier, form string, w io.Writer) error {
	has := false
	for _, f := range FormsOf(d) {
		has = has || f == form
	}
	if !has {
		return apperr.NotFound("Hồ sơ này không có biểu mẫu %s.", form)
	}
	h, err := s.header(ctx, d.ReceivingAgency.ID)
	if err != nil {
		return err
	}
	applicant := person(d.Applicant)
	switch form {
	case Form01:
		r := pdfdoc.Receipt{Header: h, DossierCode: d.Code, Applicant: applicant, ProcedureName: d.Procedure.Name,
			ProcedureCode: d.Procedure.Code, Sets: 1, TimeLimit: timeLimitText(d), ReceivedAt: d.ReceivedAt, DueAt: d.OriginalDueAt,
			ResultDelivery: deliveryText(d), BookVolume: "01", BookSeq: int(d.BookNo), TrackingURL: s.TrackingURL(d.Code),
			Officer: pdfdoc.Signer{Name: s.userName(ctx, d.createdBy)}}
		r.Header.Number = fmt.Sprintf("%d/TTPVHCC", d.BookNo)
		r.Header.Date = d.ReceivedAt
		if d.Representative != nil {
			rep := person(*d.Representative)
			r.Representative = &rep
		}
		for _, doc := range d.Documents {
			if doc.Ticked {
				r.Documents = append(r.Documents, pdfdoc.ReceiptDocument{Name: doc.Name, Originals: doc.Originals, Copies: doc.Copies})
			}
		}
		if d.Procedure.Cutoff15h && afterCutoff(d.ReceivedAt) {
			r.AfterCutoff = true
		}
		if d.Fees != nil {
			r.Fee, r.FeeReceiptNo = d.Fees.Amount, d.Fees.ReceiptNumber
		}
		return pdfdoc.WriteReceipt(w, r)
	case Form02:
		r := pdfdoc.SupplementRequest{Header: h, Applicant: applicant, ProcedureName: d.Procedure.Name, ReceivedAt: d.ReceivedAt}
		var items []Item
		switch {
		case d.Status == workflow.IntakeSupplement:
			items = d.Reasons
			r.Header.Date = d.CreatedAt
		case d.Supplement != nil:
			items = d.Supplement.Items
			r.DossierCode, r.CloseAfterDays = d.Code, 15
			r.Header.Date = d.Supplement.RequestedAt
			r.Officer.Name = d.Supplement.RequestedBy
		case d.OnlineChanges != nil:
			items = d.OnlineChanges.Items
			r.Header.Date = d.OnlineChanges.At
			r.Officer.Name = d.OnlineChanges.By
		}
		r.Header.Number = refNumber(d.Code) + "/PBS"
		for _, it := range items {
			r.Items = append(r.Items, pdfdoc.SupplementItem{Content: it.Content, Reason: it.Reason})
		}
		if r.Officer.Name == "" {
			r.Officer.Name = s.userName(ctx, d.createdBy)
		}
		return pdfdoc.WriteSupplementRequest(w, r)
	case Form03:
		r := pdfdoc.Refusal{Header: h, Applicant: applicant, ProcedureName: d.Procedure.Name, ReceivedAt: d.ReceivedAt}
		if d.Status == workflow.Rejected {
			r.DossierCode = d.Code
		}
		r.Header.Number = refNumber(d.Code) + "/PTC"
		r.Header.Date = d.FinishedAt
		for _, it := range d.Reasons {
			r.Reasons = append(r.Reasons, strings.TrimSpace(it.Content+" "+paren(it.Reason)))
		}
		r.Officer.Name = s.userName(ctx, d.createdBy)
		return pdfdoc.WriteRefusal(w, r)
	case Form04:
		a := d.Apology
		hh, err := s.header(ctx, d.HandlingAgency.ID)
		if err != nil {
			return err
		}
		hh.Number, hh.Date = refNumber(d.Code)+"/PXL", a.At
		return pdfdoc.WriteApology(w, pdfdoc.Apology{Header: hh, Applicant: applicant, ReceivedAt: d.ReceivedAt, ProcedureName: d.Procedure.Name,
			DossierCode: d.Code, OriginalDueAt: a.OldDueAt, Reason: a.Reason, NewDueAt: a.NewDueAt, Extension: true,
			Head: pdfdoc.Signer{Title: a.ByTitle, Name: a.By}})
	case Form05:
		c := pdfdoc.ControlSheet{Header: h, DossierCode: d.Code, ReceiptNumber: fmt.Sprintf("%d/TTPVHCC", d.BookNo), ProcedureName: d.Procedure.Name,
			HandlingAgency: d.HandlingAgency.Name, ReceivedAt: d.ReceivedAt, DueAt: d.DueAt}
		c.Header.Number = refNumber(d.Code) + "/PKS"
		c.Header.Date = s.DB.Now()
		seen := map[string]bool{}
		prevName, prevAt := "", d.ReceivedAt
		for _, st := range d.Steps {
			if st.Kind == workflow.KindConsult && !seen[st.Agency.Name] {
				seen[st.Agency.Name] = true
				c.CoordinatingAgencies = append(c.CoordinatingAgencies, st.Agency.Name)
			}
			if st.StartedAt.IsZero() {
				continue
			}
			to := st.Agency.Name
			if st.AssigneeName != "" {
				to = st.AssigneeName + " (" + st.Agency.Name + ")"
			}
			row := pdfdoc.HandOver{Step: st.Name, From: prevName, FromAt: prevAt, To: to, ToAt: st.StartedAt, DueAt: st.DueAt,
				Result: verdict(st.Verdict), Note: firstLine(st.Note)}
			if st.Status == workflow.StepCancelled || st.Status == workflow.StepSkipped {
				row.Note = strings.TrimSpace(row.Note + " " + st.Status.Label())
			}
			c.Steps = append(c.Steps, row)
			if !st.FinishedAt.IsZero() && st.Kind != workflow.KindConsult {
				prevName, prevAt = firstNonEmpty(st.FinishedName, st.Agency.Name), st.FinishedAt
			}
		}
		return pdfdoc.WriteControlSheet(w, c)
	case FormStop:
		st := d.Stop
		return pdfdoc.WriteStopNotice(w, pdfdoc.StopNotice{Header: h, Applicant: applicant, DossierCode: d.Code, ProcedureName: d.Procedure.Name,
			ReceivedAt: d.ReceivedAt, RequestedAt: st.RequestedAt, Reason: st.Reason, StoppedAt: st.At, Refund: st.Refund,
			Signer: pdfdoc.Signer{Name: st.By}})
	}
	return apperr.NotFound("Không có biểu mẫu %s.", form)
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func verdict(v string) pdfdoc.Verdict {
	switch calendar.Verdict(v) {
	case calendar.Early:
		return pdfdoc.VerdictEarly
	case calendar.OnTime:
		return pdfdoc.VerdictOnTime
	case calendar.Late:
		return pdfdoc.VerdictLate
	}
	return pdfdoc.VerdictNone
}

// refNumber is the sequence part of a code or reference ("…-0012" → "0012").
func refNumber(code string) string {
	if i := strings.LastIndexByte(code, '-'); i >= 0 {
		return code[i+1:]
	}
	return code
}

func afterCutoff(t time.Time) bool {
	l := t.In(workflow.Loc)
	return l.Hour() >= 15 && !(l.Hour() == 15 && l.Minute() == 0 && l.Second() == 0)
}

func timeLimitText(d *Dossier) string {
	if d.Procedure.Immediate {
		return "Trả kết quả ngay trong ngày"
	}
	l := d.Procedure.Limit
	if l.Value < 10 {
		return fmt.Sprintf("%02d %s", l.Value, strings.TrimPrefix(l.String(), fmt.Sprintf("%d ", l.Value)))
	}
	return l.String()
}

func deliveryText(d *Dossier) string {
	switch d.Delivery.Method {
	case "post":
		return "Qua dịch vụ bưu chính công ích: " + d.Delivery.Address
	case "online":
		return "Trực tuyến (tải về trên Cổng Dịch vụ công)"
	}
	return d.ReceivingAgency.Name
}

func person(a Applicant) pdfdoc.Person {
	return pdfdoc.Person{Name: a.Name, IDNumber: a.Identifier(), Address: a.Address, Phone: a.Phone, Email: a.Email}
}

// header is the issuing-agency block of a form.
func (s *Service) header(ctx context.Context, agencyID int64) (pdfdoc.Header, error) {
	ag, err := s.agency(ctx, agencyID)
	if err != nil {
		return pdfdoc.Header{}, err
	}
	h := pdfdoc.Header{Agency: ag.Name, Place: s.place(ctx)}
	if ag.ParentID != 0 {
		if parent, err := s.agency(ctx, ag.ParentID); err == nil {
			h.ParentAgency = parent.Name
		}
	}
	return h, nil
}

// place is the place name printed on documents: the province's name
// without its "Ủy ban nhân dân tỉnh" prefix.
func (s *Service) place(ctx context.Context) string {
	if v, ok := s.settings.get("place"); ok {
		return v.CodeFormatText
	}
	var name string
	_ = s.DB.QueryRow(ctx, `SELECT name FROM agencies WHERE parent_id IS NULL ORDER BY id LIMIT 1`).Scan(&name)
	for _, pre := range []string{"Ủy ban nhân dân tỉnh ", "Ủy ban nhân dân thành phố ", "UBND tỉnh ", "UBND thành phố "} {
		name = strings.TrimPrefix(name, pre)
	}
	s.settings.put("place", Settings{CodeFormatText: name})
	return name
}

func (s *Service) userName(ctx context.Context, id int64) string {
	if id == 0 {
		return ""
	}
	if n, ok := s.userNames.get(id); ok {
		return n
	}
	var n string
	if err := s.DB.QueryRow(ctx, `SELECT full_name FROM users WHERE id = $1`, id).Scan(&n); err == nil {
		s.userNames.put(id, n)
	}
	return n
}

// WriteTrackingBook writes the tracking book (Mẫu 06) of a receiving agency
// for a year — every dossier received there that year, by its book number
// (continuous from 1, TT 01/2018 Đ10.2) — as "pdf" or "xlsx". The agency
// must be in the caller's scope (not_found otherwise).
func (s *Service) WriteTrackingBook(ctx context.Context, p *account.Principal, agencyCode string, year int, format string, w io.Writer) error {
	if p == nil {
		return apperr.Unauthorized("Vui lòng đăng nhập.")
	}
	if agencyCode == "" {
		agencyCode = p.AgencyCode
	}
	ag, err := s.agencyByCode(ctx, agencyCode)
	if err != nil || !p.InScope(ag.Path) {
		return apperr.NotFound("Không tìm thấy cơ quan.")
	}
	if year < 2000 || year > 2200 {
		return fieldErr(apperr.CodeInvalid, "year", "Năm không hợp lệ.")
	}
	h, err := s.header(ctx, ag.ID)
	if err != nil {
		return err
	}
	h.Date = s.DB.Now()
	book := pdfdoc.TrackingBook{Header: h, Volume: "01", Year: year}
	entries := s.bookEntries(ctx, ag.ID, year)
	switch format {
	case "", "pdf":
		return pdfdoc.WriteTrackingBook(w, book, entries)
	case "xlsx":
		return report.WriteTrackingBook(w, book, entries)
	}
	return fieldErr(apperr.CodeInvalid, "format", "Định dạng phải là pdf hoặc xlsx.")
}

// bookEntries streams the book rows from a database cursor.
func (s *Service) bookEntries(ctx context.Context, agencyID int64, year int) iter.Seq2[pdfdoc.BookEntry, error] {
	return func(yield func(pdfdoc.BookEntry, error) bool) {
		rows, err := s.DB.Query(ctx, `SELECT d.book_no, d.code, d.procedure_name, d.applicant_name, d.detail, ha.name, d.received_at,
			COALESCE(d.original_due_at, d.due_at), d.due_at, d.returned_at, d.status
			FROM dossiers d JOIN agencies ha ON ha.id = d.handling_agency_id
			WHERE d.receiving_agency_id = $1 AND d.book_year = $2 AND d.book_no > 0 ORDER BY d.book_no`, agencyID, year)
		if err != nil {
			yield(pdfdoc.BookEntry{}, err)
			return
		}
		defer rows.Close()
		for rows.Next() {
			var e pdfdoc.BookEntry
			var bookNo int64
			var det, status string
			rec, origDue, due, ret := nullInt(), nullInt(), nullInt(), nullInt()
			if err := rows.Scan(&bookNo, &e.DossierCode, &e.ProcedureName, &e.ApplicantName, &det, &e.LeadAgency, rec, origDue, due, ret, &status); err != nil {
				yield(pdfdoc.BookEntry{}, err)
				return
			}
			var x struct {
				Applicant Applicant   `json:"applicant"`
				Delivery  Delivery    `json:"delivery"`
				Return    *ReturnInfo `json:"return"`
			}
			_ = jsonUnmarshal(det, &x)
			e.Seq, e.Address, e.Phone = int(bookNo), x.Applicant.Address, x.Applicant.Phone
			e.ReceivedAt, e.DueAt, e.ReturnedAt = store.NullTime(*rec), store.NullTime(*due), store.NullTime(*ret)
			method := x.Delivery.Method
			if x.Return != nil {
				method = x.Return.Method
			}
			e.DeliveryMethod = map[string]string{"counter": "Trực tiếp", "post": "Bưu chính công ích", "online": "Trực tuyến"}[method]
			if st := workflow.State(status); st != workflow.Returned && st.Terminal() {
				e.Note = st.Label()
			}
			if !yield(e, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(pdfdoc.BookEntry{}, err)
		}
	}
}
