package citizen

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/web"
)

type applyData struct {
	Procedure *OnlineProcedure
	Draft     *Draft
	Step      string
	Steps     []string
	Documents []Document // the citizen's store, to pick from
	Chosen    map[int]*Document
	Total     int64 // fees of the usual case
	Staff     bool  // an officer is filing for the citizen
	Base      string
}

// applyBase is the URL prefix of the draft pages: the citizen's own, or the
// officer's when filing for a citizen.
func applyBase(r *http.Request) string {
	if strings.HasPrefix(r.URL.Path, assistedBase) {
		return assistedBase
	}
	return "/ca-nhan/nop/"
}

const assistedBase = "/can-bo/nop-thay/"

// StepIndex is the 1-based position of step.
func (d applyData) StepIndex(step string) int {
	for i, s := range Steps {
		if s == step {
			return i + 1
		}
	}
	return 0
}

// StepLabel names a step (for templates).
func (applyData) StepLabel(step string) string { return StepLabel(step) }

// DeliveryLabel names a delivery method (for templates).
func (applyData) DeliveryLabel(m string) string { return DeliveryLabel(m) }

func (h *Web) handleApplyStart(w http.ResponseWriter, r *http.Request) {
	p, err := h.S.Procedures.Online(r.Context(), r.PathValue("code"))
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	var total int64
	if len(p.Fees) > 0 {
		total = p.Fees[0].Amount
	}
	h.render(w, r, http.StatusOK, "apply_start", "Nộp trực tuyến: "+p.Name, h.currentCitizen(r), applyData{Procedure: p, Total: total}, nil, nil)
}

func (h *Web) handleApplyCreate(w http.ResponseWriter, r *http.Request, c *Citizen) {
	if _, err := web.Form(w, r); err != nil {
		h.Server.Error(w, r, err)
		return
	}
	d, err := h.S.CreateDraft(r.Context(), c, r.PathValue("code"), 0)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/ca-nhan/nop/"+d.ID, http.StatusSeeOther)
}

// loadApply loads the draft and its procedure for the citizen.
func (h *Web) loadApply(r *http.Request, c *Citizen, step string) (*applyData, error) {
	d, err := h.S.Draft(r.Context(), c.ID, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	p, err := h.S.Procedures.Online(r.Context(), d.ProcedureCode)
	if err != nil {
		return nil, err
	}
	if step == "" {
		step = d.Step
	}
	ok := false
	for _, s := range Steps {
		ok = ok || s == step
	}
	if !ok {
		step = StepApplicant
	}
	a := &applyData{Procedure: p, Draft: d, Step: step, Steps: Steps, Chosen: map[int]*Document{}, Staff: d.AssistedBy != 0, Base: applyBase(r)}
	if len(p.Fees) > 0 {
		a.Total = p.Fees[0].Amount
	}
	if a.Documents, err = h.S.Documents(r.Context(), c.ID); err != nil {
		return nil, err
	}
	for i, pub := range d.Data.Documents {
		for j := range a.Documents {
			if a.Documents[j].PublicID == pub {
				a.Chosen[i] = &a.Documents[j]
			}
		}
	}
	return a, nil
}

func draftForm(d *Draft) url.Values {
	a := d.Data.Applicant
	f := url.Values{"name": {a.Name}, "id_number": {a.IDNumber}, "birth_date": {a.BirthDate}, "address": {a.Address}, "phone": {a.Phone},
		"email": {a.Email}, "agency_code": {d.Data.AgencyCode}, "delivery": {d.Data.Delivery}, "delivery_address": {d.Data.DeliveryAddress},
		"note": {d.Data.Note}}
	if d.Data.Declared {
		f.Set("declared", "1")
	}
	return f
}

func (h *Web) renderApply(w http.ResponseWriter, r *http.Request, status int, c *Citizen, a *applyData, form url.Values, err error) {
	if form == nil {
		form = draftForm(a.Draft)
	}
	title := fmt.Sprintf("%s — bước %d: %s", a.Draft.ProcedureName, a.StepIndex(a.Step), StepLabel(a.Step))
	if a.Base == assistedBase {
		c = nil // the officer's page: no citizen menu
	}
	h.render(w, r, status, "apply", title, c, a, form, err)
}

func (h *Web) handleApplyShow(w http.ResponseWriter, r *http.Request, c *Citizen) {
	a, err := h.loadApply(r, c, r.URL.Query().Get("buoc"))
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	if a.Draft.Submitted() {
		http.Redirect(w, r, submittedURL(r, a.Draft.DossierCode), http.StatusSeeOther)
		return
	}
	h.renderApply(w, r, http.StatusOK, c, a, nil, nil)
}

func nextStep(step string) string {
	for i, s := range Steps {
		if s == step && i+1 < len(Steps) {
			return Steps[i+1]
		}
	}
	return StepReview
}

// handleApplySave saves one step (always) and moves on when it is complete.
func (h *Web) handleApplySave(w http.ResponseWriter, r *http.Request, c *Citizen) {
	step := r.PathValue("step")
	var in StepInput
	var form url.Values
	var err error
	if step == StepDocuments {
		err = h.documentsInput(w, r, c, &in, &form)
	} else {
		form, err = web.Form(w, r)
	}
	if err != nil {
		h.reshowApply(w, r, c, step, form, err)
		return
	}
	switch step {
	case StepApplicant:
		in.Applicant = &Applicant{Name: form.Get("name"), IDNumber: form.Get("id_number"), BirthDate: form.Get("birth_date"),
			Address: form.Get("address"), Phone: form.Get("phone"), Email: form.Get("email")}
		ag := form.Get("agency_code")
		in.AgencyCode = &ag
	case StepDelivery:
		dm, addr := form.Get("delivery"), form.Get("delivery_address")
		in.Delivery, in.DeliveryAddress = &dm, &addr
	case StepReview:
		note, decl := form.Get("note"), form.Get("declared") == "1"
		in.Note, in.Declared = &note, &decl
	case StepDocuments:
	default:
		h.Server.Error(w, r, errNoDraft)
		return
	}
	d, verr, err := h.S.SaveStep(r.Context(), c.ID, r.PathValue("id"), step, in)
	if err != nil {
		h.reshowApply(w, r, c, step, form, err)
		return
	}
	if verr != nil || form.Get("o-lai") == "1" {
		a, err := h.loadApply(r, c, step)
		if err != nil {
			h.Server.Error(w, r, err)
			return
		}
		status := http.StatusOK
		if verr != nil && form.Get("o-lai") != "1" {
			status = http.StatusUnprocessableEntity
		} else {
			verr = nil
		}
		if step == StepDocuments {
			form = nil
		}
		h.renderApply(w, r, status, c, a, form, verr)
		return
	}
	if step == StepReview {
		h.submitDraft(w, r, c, d)
		return
	}
	http.Redirect(w, r, applyBase(r)+d.ID+"?buoc="+nextStep(step), http.StatusSeeOther)
}

// documentsInput reads the documents step: per checklist item, a newly
// uploaded file (stored in the citizen's store first) or a document picked
// from the store. One item is sent per request (each item has its own form).
func (h *Web) documentsInput(w http.ResponseWriter, r *http.Request, c *Citizen, in *StepInput, formOut *url.Values) error {
	idx, _ := strconv.Atoi(r.URL.Query().Get("muc"))
	f, fh, form, err := uploadForm(w, r, "file")
	*formOut = form
	if err != nil {
		return withField(err, fmt.Sprintf("doc_%d", idx))
	}
	in.Documents = map[int]string{}
	if form.Get("muc") == "" {
		return nil // "Tiếp tục": nothing to change
	}
	idx, err = strconv.Atoi(form.Get("muc"))
	if err != nil || idx < 0 || idx > 200 {
		return apperr.Invalid("Thành phần hồ sơ không hợp lệ.")
	}
	switch {
	case f != nil:
		defer f.Close()
		d, err := h.S.AddUpload(r.Context(), c, ShortTitle(form.Get("title")), cleanName(fh.Filename), f)
		if err != nil {
			return withField(err, fmt.Sprintf("doc_%d", idx))
		}
		in.Documents[idx] = d.PublicID
	case form.Get("bo") == "1":
		in.Documents[idx] = ""
	case form.Get("document") != "":
		in.Documents[idx] = form.Get("document")
	default:
		return fieldErr(fmt.Sprintf("doc_%d", idx), "Vui lòng chọn tệp để tải lên hoặc chọn giấy tờ trong kho.")
	}
	form.Set("o-lai", "1") // stay on the step after one item
	return nil
}

// withField attaches a plain error's message to a form field.
func withField(err error, field string) error {
	if internal(err) || apperr.FieldsOf(err) != nil {
		return err
	}
	return apperr.OnField(err, field)
}

func (h *Web) reshowApply(w http.ResponseWriter, r *http.Request, c *Citizen, step string, form url.Values, err error) {
	if internal(err) || apperr.Code(err) == apperr.CodeNotFound || apperr.Code(err) == apperr.CodeConflict {
		h.Server.Error(w, r, err)
		return
	}
	a, lerr := h.loadApply(r, c, step)
	if lerr != nil {
		h.Server.Error(w, r, lerr)
		return
	}
	if step == StepDocuments {
		form = nil
	}
	h.renderApply(w, r, statusOf(err), c, a, form, err)
}

func (h *Web) handleApplyDelete(w http.ResponseWriter, r *http.Request, c *Citizen) {
	if err := h.S.DeleteDraft(r.Context(), c, r.PathValue("id")); err != nil {
		h.Server.Error(w, r, err)
		return
	}
	if applyBase(r) == assistedBase {
		http.Redirect(w, r, "/can-bo/nop-thay?tb=xoa", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/ca-nhan?tb=xoa", http.StatusSeeOther)
}

// submittedURL is where to go once a draft is filed: the citizen's dossier
// page, or for an officer the online-intake queue.
func submittedURL(r *http.Request, code string) string {
	if applyBase(r) == assistedBase {
		return "/can-bo/truc-tuyen?tb=nop&ma=" + url.QueryEscape(code)
	}
	return "/ca-nhan/ho-so/" + url.PathEscape(code) + "?tb=nop"
}

func (h *Web) submitDraft(w http.ResponseWriter, r *http.Request, c *Citizen, d *Draft) {
	code, err := h.S.Submit(r.Context(), c, d.ID)
	if err != nil {
		if step := stepOfErr(err); step != "" {
			a, lerr := h.loadApply(r, c, step)
			if lerr != nil {
				h.Server.Error(w, r, lerr)
				return
			}
			h.renderApply(w, r, statusOf(err), c, a, nil, err)
			return
		}
		h.Server.Error(w, r, err)
		return
	}
	http.Redirect(w, r, submittedURL(r, code), http.StatusSeeOther)
}
