package admin

import (
	"context"
	"net/http"
	"net/url"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/web"
)

// agencyFormData is the data of the agency create/edit page.
type agencyFormData struct {
	Agency       *agency.Agency // nil when creating
	Kinds        []option
	Parents      []option
	ParentFixed  string // the parent's name when it cannot be changed (the administrator's own agency)
	Children     int    // active child agencies (deactivation is refused while > 0)
	Own          bool   // the administrator's own agency (cannot be deactivated or moved)
	DefaultHours string
}

func agencyForm(a *agency.Agency) url.Values {
	return url.Values{"code": {a.Code}, "name": {a.Name}, "short_name": {a.ShortName}, "kind": {string(a.Kind)}, "parent": {a.ParentCode},
		"address": {a.Address}, "phone": {a.Phone}, "email": {a.Email}, "office_hours": {a.OfficeHours}}
}

func applyAgencyForm(a *agency.Agency, f url.Values) {
	a.Code, a.Name, a.ShortName, a.Kind = f.Get("code"), f.Get("name"), f.Get("short_name"), agency.Kind(f.Get("kind"))
	a.Address, a.Phone, a.Email, a.OfficeHours = f.Get("address"), f.Get("phone"), f.Get("email"), f.Get("office_hours")
}

// agencyFormPage builds the page for the form values; editing is nil when
// creating.
func (h *Handler) agencyFormPage(ctx context.Context, p *account.Principal, editing *agency.Agency, form url.Values) (page, error) {
	scope, err := h.scopeAgencies(ctx, p)
	if err != nil {
		return page{}, err
	}
	d := agencyFormData{Agency: editing, DefaultHours: DefaultOfficeHours}
	for _, k := range agency.Kinds {
		d.Kinds = append(d.Kinds, option{Value: string(k), Label: k.Label(), Selected: form.Get("kind") == string(k)})
	}
	for _, a := range scope {
		if editing != nil && editing.Contains(a.Path) {
			if a.ParentID == editing.ID && a.Active {
				d.Children++
			}
			continue // an agency cannot move under itself or its units
		}
		d.Parents = append(d.Parents, option{Value: a.Code, Label: a.Name, Depth: a.Depth, Selected: form.Get("parent") == a.Code})
	}
	title := "Thêm cơ quan"
	if editing != nil {
		title = "Sửa thông tin cơ quan"
		d.Own = editing.ID == p.AgencyID
		if d.Own {
			d.ParentFixed = "—"
			if editing.ParentID != 0 {
				if parent, err := h.agencies().ByID(ctx, editing.ParentID); err == nil {
					d.ParentFixed = parent.Name
				}
			}
		}
	}
	return page{name: "agency_form", title: title, data: d, form: form}, nil
}

// checkParent requires a parent agency inside the administrator's subtree:
// nobody creates a new root or moves an agency out of their own scope.
func (h *Handler) checkParent(ctx context.Context, p *account.Principal, v *apperr.Validation, code string) {
	if code == "" {
		v.Add("parent", "Vui lòng chọn cơ quan cấp trên.")
		return
	}
	if _, err := h.scopedAgency(ctx, p, code); err != nil {
		v.Add("parent", "Vui lòng chọn cơ quan cấp trên trong phạm vi quản lý của bạn.")
	}
}

func (h *Handler) handleAgencyNew(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	parent := p.AgencyCode
	if c := r.URL.Query().Get("cap-tren"); c != "" {
		if a, err := h.scopedAgency(r.Context(), p, c); err == nil {
			parent = a.Code
		}
	}
	pg, err := h.agencyFormPage(r.Context(), p, nil, url.Values{"parent": {parent}})
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	h.render(w, r, pg)
}

func (h *Handler) handleAgencyCreate(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), principal(r)
	form, err := web.Form(w, r)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	svc := h.agencies()
	a := &agency.Agency{ParentCode: form.Get("parent")}
	applyAgencyForm(a, form)
	var v apperr.Validation
	h.checkParent(ctx, p, &v, a.ParentCode)
	a.Normalize()
	mergeFields(&v, a.Validate(svc.OfficeHoursCheck))
	err = v.Err()
	if err == nil {
		err = svc.Create(ctx, p.Actor(), a)
	}
	if err != nil {
		pg, perr := h.agencyFormPage(ctx, p, nil, form)
		if perr != nil {
			h.srv.Error(w, r, perr)
			return
		}
		h.formError(w, r, pg, err)
		return
	}
	http.Redirect(w, r, "/quan-tri/co-quan/"+url.PathEscape(a.Code)+"?ok=tao", http.StatusSeeOther)
}

func (h *Handler) handleAgencyEdit(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	a, err := h.scopedAgency(r.Context(), p, r.PathValue("code"))
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	pg, err := h.agencyFormPage(r.Context(), p, a, agencyForm(a))
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	h.render(w, r, pg)
}

func (h *Handler) handleAgencyUpdate(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), principal(r)
	before, err := h.scopedAgency(ctx, p, r.PathValue("code"))
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	form, err := web.Form(w, r)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	svc := h.agencies()
	a := *before
	applyAgencyForm(&a, form)
	var v apperr.Validation
	if before.ID == p.AgencyID {
		// The administrator's own agency stays where it is: its parent is
		// outside their scope.
		a.ParentCode = before.ParentCode
		form.Set("parent", before.ParentCode)
	} else {
		a.ParentCode = form.Get("parent")
		h.checkParent(ctx, p, &v, a.ParentCode)
	}
	a.Normalize()
	mergeFields(&v, a.Validate(svc.OfficeHoursCheck))
	err = v.Err()
	if err == nil {
		err = svc.Update(ctx, p.Actor(), &a)
	}
	if err != nil {
		pg, perr := h.agencyFormPage(ctx, p, before, form)
		if perr != nil {
			h.srv.Error(w, r, perr)
			return
		}
		h.formError(w, r, pg, err)
		return
	}
	http.Redirect(w, r, "/quan-tri/co-quan/"+url.PathEscape(a.Code)+"?ok=luu", http.StatusSeeOther)
}

func (h *Handler) handleAgencyDeactivate(w http.ResponseWriter, r *http.Request) {
	h.setAgencyActive(w, r, false)
}

func (h *Handler) handleAgencyReactivate(w http.ResponseWriter, r *http.Request) {
	h.setAgencyActive(w, r, true)
}

// setAgencyActive deactivates or reactivates an agency. An administrator
// cannot deactivate their own agency, nor one that still has active units
// (deactivate those first, so the public list never shows an orphan).
func (h *Handler) setAgencyActive(w http.ResponseWriter, r *http.Request, active bool) {
	ctx, p := r.Context(), principal(r)
	before, err := h.scopedAgency(ctx, p, r.PathValue("code"))
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	if _, err := web.Form(w, r); err != nil {
		h.srv.Error(w, r, err)
		return
	}
	pg, err := h.agencyFormPage(ctx, p, before, agencyForm(before))
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	d := pg.data.(agencyFormData)
	switch {
	case !active && d.Own:
		err = apperr.Unprocessable("Không thể ngừng hoạt động cơ quan của chính bạn.")
	case !active && d.Children > 0:
		err = apperr.Unprocessable("Cơ quan còn đơn vị trực thuộc đang hoạt động; hãy ngừng hoạt động các đơn vị đó trước.")
	case active && before.ParentID != 0 && !d.Own:
		if parent, perr := h.agencies().ByID(ctx, before.ParentID); perr == nil && !parent.Active {
			err = apperr.Unprocessable("Cơ quan cấp trên đang ngừng hoạt động; hãy kích hoạt cơ quan cấp trên trước.")
		}
	}
	if err == nil && before.Active != active {
		a := *before
		a.Active = active
		err = h.agencies().Update(ctx, p.Actor(), &a)
	}
	if err != nil {
		h.formError(w, r, pg, err)
		return
	}
	ok := "kich-hoat"
	if !active {
		ok = "ngung"
	}
	http.Redirect(w, r, "/quan-tri/co-quan/"+url.PathEscape(before.Code)+"?ok="+ok, http.StatusSeeOther)
}
