package catalogui

import (
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/web"
)

// The procedure form. Documents and fees are repeatable rows named
// doc_<i>_<field> and fee_<i>_<field>; "Thêm dòng" is a submit button
// (action=add_doc / add_fee) that re-renders the form with one more blank
// row, so no script is needed. Blank rows are dropped and the rest numbered
// again from 0, so error keys (doc_2_originals) match the rows shown.

// docRow and feeRow hold a row as typed (numbers stay text until saved).
type docRow struct {
	Name, Originals, Copies, Required, Condition, Form, FileSHA, FileName string
	uploadErr                                                             apperr.Text // why an upload in this row was refused
}

type feeRow struct {
	Kind, Name, Amount, Case string
}

func (d docRow) blank() bool {
	return d.Name == "" && d.Condition == "" && d.Form == "" && d.FileSHA == ""
}

func (f feeRow) blank() bool { return f.Name == "" && f.Amount == "" && f.Case == "" }

// procForm is the data of the procedure form page.
type procForm struct {
	New          bool
	Code         string
	P            *procedure.Procedure // newest stored version (edit only)
	Status       string
	History      []procedure.VersionInfo
	Docs         []docRow
	Fees         []feeRow
	Receiving    map[string]bool
	Fields       []procedure.Field
	Handling     []Option
	Receivers    []Option
	Levels       []Option
	Units        []Option
	Onlines      []Option
	Requirements []Option
	FeeKinds     []Option
	MinDate      string
	Today        string
}

func options[T ~string](vals []T, label func(T) string) []Option {
	var out []Option
	for _, v := range vals {
		out = append(out, Option{Value: string(v), Label: label(v)})
	}
	return out
}

// newProcForm fills the choices of the form.
func (h *Handler) newProcForm(r *http.Request) (*procForm, error) {
	ctx := r.Context()
	f := &procForm{Today: h.svc.Today(), Receiving: map[string]bool{},
		Levels:       options(procedure.Levels, procedure.Level.Label),
		Units:        options(procedure.Units, procedure.Unit.Label),
		Onlines:      options(procedure.OnlineLevels, procedure.OnlineLevel.Label),
		Requirements: options(procedure.Requirements, procedure.Requirement.Label),
		FeeKinds:     options(procedure.FeeKinds, procedure.FeeKind.Label),
	}
	var err error
	if f.Fields, err = h.svc.Fields(ctx); err != nil {
		return nil, err
	}
	all, err := h.agencies.List(ctx)
	if err != nil {
		return nil, err
	}
	names := agencyNames{}
	f.Handling = []Option{{procedure.AtCommune, names.Name(procedure.AtCommune)}}
	f.Receivers = []Option{{procedure.AtCommuneCenter, names.Name(procedure.AtCommuneCenter)}, {procedure.AtCenter, names.Name(procedure.AtCenter)}}
	for _, a := range all {
		indent := strings.Repeat("— ", a.Depth)
		f.Handling = append(f.Handling, Option{a.Code, indent + a.Name + " (" + a.Code + ")"})
		if a.Kind.IsOneStop() && a.Kind != agency.KindCenter {
			f.Receivers = append(f.Receivers, Option{a.Code, a.Name + " (" + a.Code + ")"})
		}
	}
	return f, nil
}

// valuesOf turns a stored procedure into form values and rows.
func valuesOf(p *procedure.Procedure, f *procForm) url.Values {
	v := url.Values{}
	set := func(k, s string) { v.Set(k, s) }
	set("code", p.Code)
	set("name", p.Name)
	set("field", p.Field)
	set("level", string(p.Level))
	set("handling_agency", p.HandlingAgency)
	set("time_value", strconv.Itoa(p.TimeLimit.Value))
	set("time_unit", string(p.TimeLimit.Unit))
	if p.Immediate {
		set("immediate", "1")
	}
	if p.Cutoff15h {
		set("cutoff_15h", "1")
	}
	set("result_code", p.Result.Code)
	set("result_name", p.Result.Name)
	set("online_level", string(p.OnlineLevel))
	set("legal_basis", strings.Join(p.LegalBasis, "\n"))
	set("applicants", p.Applicants)
	set("where", p.Where)
	set("steps_note", p.StepsNote)
	for _, a := range p.ReceivingAgencies {
		f.Receiving[a] = true
	}
	f.Docs = nil
	for _, d := range p.Documents {
		row := docRow{Name: d.Name, Originals: strconv.Itoa(d.Originals), Copies: strconv.Itoa(d.Copies), Required: string(d.Required), Condition: d.Condition, Form: d.Form}
		if d.FormFile != nil {
			row.FileSHA, row.FileName = d.FormFile.SHA256, d.FormFile.Name
		}
		f.Docs = append(f.Docs, row)
	}
	f.Fees = nil
	for _, x := range p.Fees {
		f.Fees = append(f.Fees, feeRow{Kind: string(x.Kind), Name: x.Name, Amount: strconv.FormatInt(x.Amount, 10), Case: x.Case})
	}
	return v
}

func blankDoc() docRow {
	return docRow{Originals: "1", Copies: "0", Required: string(procedure.Mandatory)}
}
func blankFee() feeRow { return feeRow{Kind: string(procedure.FeeCharge)} }

// maxUpload bounds a procedure form submission (several blank forms of at
// most 10 MiB each).
const maxUpload = 64 << 20

// parseForm reads a submitted procedure form: the values and every row as
// submitted (storing newly uploaded blank forms).
func (h *Handler) parseForm(w http.ResponseWriter, r *http.Request, f *procForm) (url.Values, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			return nil, apperr.Invalid("Không đọc được dữ liệu biểu mẫu (tổng dung lượng tệp tối đa 64 MB).")
		}
	}
	vals, err := web.Form(w, r)
	if err != nil {
		return nil, err
	}
	for _, a := range vals["receiving"] {
		f.Receiving[a] = true
	}
	nd, _ := strconv.Atoi(vals.Get("doc_count"))
	f.Docs = nil
	for j := 0; j < nd && j < 200; j++ {
		k := func(s string) string { return fmt.Sprintf("doc_%d_%s", j, s) }
		row := docRow{Name: vals.Get(k("name")), Originals: vals.Get(k("originals")), Copies: vals.Get(k("copies")), Required: vals.Get(k("required")),
			Condition: vals.Get(k("condition")), Form: vals.Get(k("form")), FileSHA: vals.Get(k("form_file")), FileName: vals.Get(k("form_file_name"))}
		if vals.Get(k("drop_file")) == "1" {
			row.FileSHA, row.FileName = "", ""
		}
		if r.MultipartForm != nil {
			if fhs := r.MultipartForm.File[k("upload")]; len(fhs) > 0 && fhs[0].Size > 0 {
				ff, err := h.upload(r, fhs[0])
				switch {
				case err == nil:
					row.FileSHA, row.FileName = ff.SHA256, ff.Name
				case apperr.Code(err) == apperr.CodeInternal:
					return nil, err
				default:
					row.uploadErr = apperr.TextOf(err)
				}
			}
		}
		f.Docs = append(f.Docs, row)
	}
	nf, _ := strconv.Atoi(vals.Get("fee_count"))
	f.Fees = nil
	for j := 0; j < nf && j < 100; j++ {
		k := func(s string) string { return fmt.Sprintf("fee_%d_%s", j, s) }
		f.Fees = append(f.Fees, feeRow{Kind: vals.Get(k("kind")), Name: vals.Get(k("name")), Amount: vals.Get(k("amount")), Case: vals.Get(k("case"))})
	}
	return vals, nil
}

func (h *Handler) upload(r *http.Request, fh *multipart.FileHeader) (*procedure.FormFile, error) {
	file, err := fh.Open()
	if err != nil {
		return nil, apperr.Invalid("Không đọc được tệp tải lên.")
	}
	defer file.Close()
	return h.svc.PutForm(r.Context(), file, fh.Filename)
}

// uploadErrs keys the refused uploads by row index.
func uploadErrs(rows []docRow) map[string]apperr.Text {
	errs := map[string]apperr.Text{}
	for i, d := range rows {
		if d.uploadErr.Format != "" {
			errs[fmt.Sprintf("doc_%d_form_file", i)] = d.uploadErr
		}
	}
	return errs
}

// compact drops the blank rows (the rest are numbered again from 0).
func compact(f *procForm) {
	var docs []docRow
	for _, d := range f.Docs {
		if !d.blank() || d.uploadErr.Format != "" {
			docs = append(docs, d)
		}
	}
	var fees []feeRow
	for _, x := range f.Fees {
		if !x.blank() {
			fees = append(fees, x)
		}
	}
	f.Docs, f.Fees = docs, fees
}

// build makes the procedure from the form; number fields that are not
// numbers are reported in errs.
func build(vals url.Values, f *procForm, errs map[string]apperr.Text) *procedure.Procedure {
	p := &procedure.Procedure{
		Code: vals.Get("code"), Name: vals.Get("name"), Field: vals.Get("field"), Level: procedure.Level(vals.Get("level")),
		HandlingAgency: vals.Get("handling_agency"), TimeLimit: procedure.TimeLimit{Unit: procedure.Unit(vals.Get("time_unit"))},
		Immediate: vals.Get("immediate") == "1", Cutoff15h: vals.Get("cutoff_15h") == "1",
		Result:      procedure.Result{Code: vals.Get("result_code"), Name: vals.Get("result_name")},
		OnlineLevel: procedure.OnlineLevel(vals.Get("online_level")), LegalBasis: strings.Split(vals.Get("legal_basis"), "\n"),
		Applicants: vals.Get("applicants"), Where: vals.Get("where"), StepsNote: vals.Get("steps_note"),
		EffectiveFrom: vals.Get("effective_from"), Note: vals.Get("note"),
	}
	for _, o := range f.Receivers {
		if f.Receiving[o.Value] {
			p.ReceivingAgencies = append(p.ReceivingAgencies, o.Value)
		}
	}
	num := func(s, key, msg string) int64 {
		s = strings.NewReplacer(".", "", " ", "", ",", "").Replace(s)
		if s == "" {
			return 0
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			errs[key] = apperr.Text{Format: msg}
		}
		return n
	}
	p.TimeLimit.Value = int(num(vals.Get("time_value"), "time_value", "Thời hạn phải là số nguyên."))
	for i, d := range f.Docs {
		doc := procedure.Document{Name: d.Name, Required: procedure.Requirement(d.Required), Condition: d.Condition, Form: d.Form,
			Originals: int(num(d.Originals, fmt.Sprintf("doc_%d_originals", i), "Nhập số bản chính (0, 1, 2…).")),
			Copies:    int(num(d.Copies, fmt.Sprintf("doc_%d_copies", i), "Nhập số bản sao (0, 1, 2…)."))}
		if d.FileSHA != "" {
			doc.FormFile = &procedure.FormFile{SHA256: d.FileSHA, Name: d.FileName}
		}
		p.Documents = append(p.Documents, doc)
	}
	for i, x := range f.Fees {
		p.Fees = append(p.Fees, procedure.Fee{Kind: procedure.FeeKind(x.Kind), Name: x.Name, Case: x.Case,
			Amount: num(x.Amount, fmt.Sprintf("fee_%d_amount", i), "Mức thu phải là số đồng, ví dụ 10000.")})
	}
	return p
}

func (h *Handler) handleProcNew(w http.ResponseWriter, r *http.Request) {
	f, err := h.newProcForm(r)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	f.New = true
	f.Docs, f.Fees = []docRow{blankDoc()}, []feeRow{blankFee()}
	f.Receiving[procedure.AtCommuneCenter] = true
	vals := url.Values{"effective_from": {f.Today}, "level": {string(procedure.LevelCommune)}, "handling_agency": {procedure.AtCommune},
		"time_unit": {string(procedure.WorkingDays)}, "online_level": {string(procedure.OnlinePartial)}}
	h.render(w, r, http.StatusOK, "admin_procedure", "Thêm thủ tục hành chính", f, vals, nil)
}

func (h *Handler) handleProcCreate(w http.ResponseWriter, r *http.Request) {
	f, err := h.newProcForm(r)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	f.New = true
	h.save(w, r, f, func(p *procedure.Procedure, _ url.Values) (string, error) {
		err := h.svc.Create(r.Context(), account.PrincipalFrom(r.Context()).Actor(), p)
		return "?da-luu=1", err
	})
}

// loadEdit fills the form with the newest version of the procedure.
func (h *Handler) loadEdit(r *http.Request) (*procForm, url.Values, error) {
	code := r.PathValue("code")
	f, err := h.newProcForm(r)
	if err != nil {
		return nil, nil, err
	}
	if f.P, err = h.svc.Latest(r.Context(), code); err != nil {
		return nil, nil, err
	}
	if f.History, err = h.svc.History(r.Context(), code); err != nil {
		return nil, nil, err
	}
	f.Code = f.P.Code
	f.MinDate = f.P.EffectiveFrom
	f.Status = (adminListPage{Today: f.Today}).Status(procedure.Hit{EffectiveFrom: f.P.EffectiveFrom, EffectiveUntil: f.P.EffectiveUntil})
	vals := valuesOf(f.P, f)
	vals.Set("effective_from", max(f.Today, f.P.EffectiveFrom))
	vals.Set("effective_until", max(f.Today, f.P.EffectiveFrom))
	vals.Set("base_version", strconv.Itoa(f.P.Version))
	return f, vals, nil
}

func (h *Handler) handleProcEdit(w http.ResponseWriter, r *http.Request) {
	f, vals, err := h.loadEdit(r)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	f.Docs = append(f.Docs, blankDoc())
	f.Fees = append(f.Fees, blankFee())
	v := h.srv.NewView(r, "Sửa thủ tục: "+f.P.Name, f)
	v.Form = vals
	switch q := r.URL.Query(); {
	case q.Get("da-luu") == "1":
		v.Flash = "Đã lưu. Nội dung mới được ghi thành một phiên bản và áp dụng từ ngày hiệu lực đã chọn."
	case q.Get("da-luu") == "0":
		v.Flash = "Nội dung không thay đổi so với phiên bản hiện tại; không tạo phiên bản mới."
	case q.Get("bai-bo") == "1":
		v.Flash = "Đã ghi ngày bãi bỏ thủ tục."
	}
	h.pages.Render(w, http.StatusOK, "admin_procedure", v)
}

func (h *Handler) handleProcUpdate(w http.ResponseWriter, r *http.Request) {
	f, _, err := h.loadEdit(r)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	h.save(w, r, f, func(p *procedure.Procedure, vals url.Values) (string, error) {
		base, _ := strconv.Atoi(vals.Get("base_version"))
		changed, err := h.svc.Update(r.Context(), account.PrincipalFrom(r.Context()).Actor(), f.Code, p, base)
		if !changed {
			return "?da-luu=0", err
		}
		return "?da-luu=1", err
	})
}

// save handles a submitted procedure form: add a row, or validate and store
// with do, redirecting to the edit page on success and re-rendering the form
// with every error otherwise (nothing is stored then).
func (h *Handler) save(w http.ResponseWriter, r *http.Request, f *procForm, do func(*procedure.Procedure, url.Values) (string, error)) {
	vals, err := h.parseForm(w, r, f)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	if f.New {
		f.Code = vals.Get("code")
	} else {
		vals.Set("code", f.Code)
	}
	title := "Thêm thủ tục hành chính"
	if !f.New {
		title = "Sửa thủ tục: " + f.P.Name
	}
	switch vals.Get("action") {
	case "add_doc", "add_fee":
		// Keep the rows as typed and add one blank row.
		if vals.Get("action") == "add_doc" {
			f.Docs = append(f.Docs, blankDoc())
		} else {
			f.Fees = append(f.Fees, blankFee())
		}
		h.render(w, r, http.StatusOK, "admin_procedure", title, f, vals, errsErr(uploadErrs(f.Docs)))
		return
	}
	compact(f)
	errs := uploadErrs(f.Docs)
	rerender := func(status int, e error) {
		f.Docs = append(f.Docs, blankDoc())
		f.Fees = append(f.Fees, blankFee())
		h.render(w, r, status, "admin_procedure", title, f, vals, e)
	}
	p := build(vals, f, errs)
	if len(errs) > 0 {
		// Report the other problems too, without saving.
		if refs, rerr := h.svc.Refs(r.Context()); rerr == nil {
			p.Normalize()
			for _, pr := range p.Check(refs) {
				if _, ok := errs[pr.FormKey()]; !ok {
					errs[pr.FormKey()] = pr.Message
				}
			}
		}
		rerender(http.StatusBadRequest, errsErr(errs))
		return
	}
	suffix, err := do(p, vals)
	if err != nil {
		if apperr.Code(err) == apperr.CodeInternal || apperr.Code(err) == apperr.CodeNotFound {
			h.srv.Error(w, r, err)
			return
		}
		rerender(web.Status(apperr.Code(err)), err)
		return
	}
	http.Redirect(w, r, "/quan-tri/thu-tuc/"+url.PathEscape(p.Code)+suffix, http.StatusSeeOther)
}

// errsErr turns field messages into a validation error (nil when empty);
// each keeps its format and arguments, to be shown in the page's language.
func errsErr(errs map[string]apperr.Text) error {
	var v apperr.Validation
	for field, t := range errs {
		v.AddText(field, t)
	}
	return v.Err()
}

func (h *Handler) handleProcRetire(w http.ResponseWriter, r *http.Request) {
	vals, err := web.Form(w, r)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	code := r.PathValue("code")
	err = h.svc.Retire(r.Context(), account.PrincipalFrom(r.Context()).Actor(), code, vals.Get("effective_until"), vals.Get("retire_note"))
	if err == nil {
		http.Redirect(w, r, "/quan-tri/thu-tuc/"+url.PathEscape(code)+"?bai-bo=1", http.StatusSeeOther)
		return
	}
	if c := apperr.Code(err); c == apperr.CodeInternal || c == apperr.CodeNotFound {
		h.srv.Error(w, r, err)
		return
	}
	f, form, lerr := h.loadEdit(r)
	if lerr != nil {
		h.srv.Error(w, r, lerr)
		return
	}
	f.Docs = append(f.Docs, blankDoc())
	f.Fees = append(f.Fees, blankFee())
	form.Set("effective_until", vals.Get("effective_until"))
	form.Set("retire_note", vals.Get("retire_note"))
	h.render(w, r, web.Status(apperr.Code(err)), "admin_procedure", "Sửa thủ tục: "+f.P.Name, f, form, err)
}
