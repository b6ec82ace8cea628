package dossierui

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/web"
)

// MaxIntakeBody bounds an intake form with its scans.
const MaxIntakeBody = 64 << 20

// intakeFields maps the service's field names to the form's.
var intakeFields = map[string]string{
	"applicant.kind": "applicant_kind", "applicant.id_number": "applicant_id", "applicant.tax_code": "applicant_tax",
	"applicant.name": "applicant_name", "applicant.birth_date": "applicant_birth_date", "applicant.phone": "applicant_phone",
	"applicant.email": "applicant_email", "applicant.address": "applicant_address",
	"representative.kind": "rep_name", "representative.name": "rep_name", "representative.id_number": "rep_id",
	"representative.tax_code": "rep_id", "representative.birth_date": "rep_name", "representative.phone": "rep_phone",
	"representative.email": "rep_phone", "representative.address": "rep_name",
	"fees.amount": "fee_amount", "fees.method": "fee_method",
	"delivery.address": "delivery_address", "delivery.method": "delivery",
	"postal": "post_slip", "postal.slip_number": "post_slip", "postal.signed_at": "post_signed_at",
	"postal.fees_collected": "post_fees", "postal.handover_record": "post_record", "postal.fee_receipt": "post_fee_receipt",
	"reasons": "items", "decision": "items",
}

// formFields renames the service's field errors to the form's inputs.
func formFields(err error, names map[string]string) error {
	fields := apperr.FieldsOf(err)
	if len(fields) == 0 {
		return err
	}
	out := map[string]string{}
	for k, v := range fields {
		switch {
		case names[k] != "":
			k = names[k]
		case strings.HasPrefix(k, "items.") || strings.HasPrefix(k, "reasons."):
			k = "items"
		case strings.HasPrefix(k, "agencies."):
			k = "agencies"
		}
		if out[k] == "" {
			out[k] = v
		}
	}
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return &apperr.Error{Code: ae.Code, Message: ae.Message, Fields: out}
	}
	return err
}

// parseLocal reads a datetime-local value in Vietnam time.
func parseLocal(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, web.Loc); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, errors.New("bad time")
}

// money reads a VND amount typed with or without thousands separators.
func parseMoney(s string) (int64, error) {
	s = strings.NewReplacer(".", "", ",", "", " ", "", "đ", "").Replace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, errors.New("bad amount")
	}
	return n, nil
}

// intakeInput builds the service request from the form. Parse problems the
// service cannot see (a number that is not one) are field errors.
func intakeInput(form url.Values, ndocs int, scans map[int][]string) (dossier.IntakeInput, error) {
	var v apperr.Validation
	in := dossier.IntakeInput{
		ProcedureCode:  form.Get("procedure"),
		Channel:        form.Get("channel"),
		HandlingAgency: form.Get("handling_agency"),
		Decision:       form.Get("decision"),
		Applicant: dossier.Applicant{Kind: form.Get("applicant_kind"), Name: form.Get("applicant_name"),
			BirthDate: form.Get("applicant_birth_date"), Phone: form.Get("applicant_phone"), Email: form.Get("applicant_email"),
			Address: form.Get("applicant_address")},
		Delivery: dossier.Delivery{Method: form.Get("delivery"), Address: form.Get("delivery_address")},
	}
	if in.Channel == "" {
		in.Channel = dossier.ChannelCounter
	}
	if in.Applicant.Kind == dossier.KindOrganization {
		in.Applicant.TaxCode, in.Applicant.BirthDate = form.Get("applicant_tax"), ""
	} else {
		in.Applicant.IDNumber = form.Get("applicant_id")
	}
	if in.Delivery.Method != "post" {
		in.Delivery.Address = ""
	}
	if form.Get("rep_name") != "" || form.Get("rep_id") != "" || form.Get("rep_phone") != "" {
		in.Representative = &dossier.Applicant{Kind: dossier.KindPerson, Name: form.Get("rep_name"), IDNumber: form.Get("rep_id"),
			Phone: form.Get("rep_phone")}
	}
	amount, err := parseMoney(form.Get("fee_amount"))
	v.Check(err == nil, "fee_amount", "Số tiền phải là số đồng, ví dụ 50000.")
	if amount > 0 || form.Get("fee_receipt") != "" {
		in.Fees = &dossier.Fees{Amount: amount, Method: form.Get("fee_method"), ReceiptNumber: form.Get("fee_receipt")}
	}
	if in.Channel == dossier.ChannelPost {
		signed, err := parseLocal(form.Get("post_signed_at"))
		v.Check(err == nil, "post_signed_at", "Thời điểm không hợp lệ (ngày và giờ).")
		fees, err := parseMoney(form.Get("post_fees"))
		v.Check(err == nil, "post_fees", "Số tiền phải là số đồng, ví dụ 50000.")
		if form.Get("post_slip") != "" || !signed.IsZero() || form.Get("post_record") != "" {
			in.Postal = &dossier.Postal{SlipNumber: form.Get("post_slip"), HandoverRecord: form.Get("post_record"), SignedAt: signed,
				FeesCollected: fees, FeeReceipt: form.Get("post_fee_receipt")}
		}
	}
	for i := 0; i < ndocs; i++ {
		d := dossier.DocumentInput{Index: i, Ticked: form.Get(fmt.Sprintf("d%d_ticked", i)) != "" || form.Get(fmt.Sprintf("d%d_store", i)) != ""}
		for _, kind := range []string{"originals", "copies"} {
			s := form.Get(fmt.Sprintf("d%d_%s", i, kind))
			n, err := strconv.Atoi(s)
			if s != "" && (err != nil || n < 0) {
				v.Add(fmt.Sprintf("documents.%d", i), "Số bản chính, bản sao phải là số nguyên không âm.")
			}
			if kind == "originals" {
				d.Originals = n
			} else {
				d.Copies = n
			}
		}
		d.Files = scans[i]
		in.Documents = append(in.Documents, d)
	}
	// ND 118 Đ17.1b: papers already held as valid electronic data are not
	// submitted again; the officer records which items came from there.
	var fromStore []string
	for i := 0; i < ndocs; i++ {
		if form.Get(fmt.Sprintf("d%d_store", i)) != "" {
			fromStore = append(fromStore, form.Get(fmt.Sprintf("sd%d_name", i)))
		}
	}
	if len(fromStore) > 0 {
		in.Note = "Thành phần hồ sơ khai thác từ kho dữ liệu điện tử: " + strings.Join(fromStore, "; ") + "."
	}
	switch in.Decision {
	case dossier.DecisionRequestSupplement:
		for i := 0; i < ndocs; i++ {
			if reason := form.Get(fmt.Sprintf("sd%d_reason", i)); reason != "" {
				in.Items = append(in.Items, dossier.Item{Content: form.Get(fmt.Sprintf("sd%d_name", i)), Reason: reason})
			}
		}
		for n := 0; n < 3; n++ {
			c, r := form.Get(fmt.Sprintf("sx%d_content", n)), form.Get(fmt.Sprintf("sx%d_reason", n))
			if c != "" || r != "" {
				if c == "" {
					v.Add("items", "Vui lòng nêu nội dung cần bổ sung cho lý do đã nhập.")
				}
				in.Items = append(in.Items, dossier.Item{Content: c, Reason: r})
			}
		}
		v.Check(len(in.Items) > 0, "items", "Vui lòng nêu rõ từng nội dung cần bổ sung, hoàn thiện và lý do.")
	case dossier.DecisionRefuse:
		reason := form.Get("refuse_reason")
		v.Check(reason != "", "refuse_reason", "Vui lòng nêu lý do từ chối.")
		if reason != "" {
			in.Reasons = []string{reason}
		}
	}
	return in, v.Err()
}

func (h *Handler) handleIntakeSubmit(w http.ResponseWriter, r *http.Request) {
	p := account.PrincipalFrom(r.Context())
	r.Body = http.MaxBytesReader(w, r.Body, MaxIntakeBody)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				h.fail(w, r, apperr.Invalid("Tệp tải lên quá lớn (tối đa %d MB cho một lần tiếp nhận).", MaxIntakeBody>>20))
				return
			}
			h.fail(w, r, apperr.Invalid("Không đọc được dữ liệu biểu mẫu."))
			return
		}
		defer r.MultipartForm.RemoveAll()
	}
	form, err := web.Form(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	proc, err := h.procs.InForce(r.Context(), form.Get("procedure"), h.srv.DB.Now())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page := &intakePage{Proc: proc, Idem: form.Get("idem")}
	if page.Idem == "" || len(page.Idem) > 64 {
		page.Idem = newIdem()
	}
	if err := h.fillCommunes(r, page); err != nil {
		h.fail(w, r, err)
		return
	}
	// Stored scans: those uploaded now and those kept from an earlier try.
	scans, names, err := h.storeScans(r, form, len(proc.Documents))
	if err != nil {
		if !formError(err) {
			h.fail(w, r, err)
			return
		}
	}
	page.Uploaded = map[int][]uploaded{}
	for i, shas := range scans {
		for j, s := range shas {
			page.Uploaded[i] = append(page.Uploaded[i], uploaded{SHA256: s, Name: names[i][j]})
		}
	}
	// The names of the checklist items label the supplement items.
	for i, d := range proc.Documents {
		form.Set(fmt.Sprintf("sd%d_name", i), d.Name)
	}
	in, perr := intakeInput(form, len(proc.Documents), scans)
	if err == nil {
		err = perr
	}
	if err == nil {
		var res *dossier.IntakeResult
		res, err = h.dossiers.Intake(r.Context(), p, in, "ui:"+page.Idem)
		if err == nil {
			http.Redirect(w, r, "/can-bo/tiep-nhan/ket-qua/"+url.PathEscape(res.Code), http.StatusSeeOther)
			return
		}
		err = formFields(err, intakeFields)
	}
	if !formError(err) && apperr.Code(err) != apperr.CodeNotFound {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, web.Status(apperr.Code(err)), "intake", "Tiếp nhận hồ sơ", page, form, err)
}
