package catalogui

import (
	"net/http"
	"net/url"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/web"
)

type fieldPage struct {
	New  bool
	Code string
}

func (h *Handler) handleFieldNew(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "admin_field", "Thêm lĩnh vực", fieldPage{New: true}, nil, nil)
}

func (h *Handler) handleFieldCreate(w http.ResponseWriter, r *http.Request) {
	vals, err := web.Form(w, r)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	f := &procedure.Field{Code: vals.Get("code"), Name: vals.Get("name")}
	if err := h.svc.CreateField(r.Context(), account.PrincipalFrom(r.Context()).Actor(), f); err != nil {
		h.fieldFail(w, r, fieldPage{New: true}, "Thêm lĩnh vực", vals, err)
		return
	}
	http.Redirect(w, r, "/quan-tri/thu-tuc?da-luu-linh-vuc="+url.QueryEscape(f.Code), http.StatusSeeOther)
}

func (h *Handler) handleFieldEdit(w http.ResponseWriter, r *http.Request) {
	f, err := h.svc.Field(r.Context(), r.PathValue("code"))
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "admin_field", "Sửa lĩnh vực", fieldPage{Code: f.Code}, url.Values{"code": {f.Code}, "name": {f.Name}}, nil)
}

func (h *Handler) handleFieldUpdate(w http.ResponseWriter, r *http.Request) {
	vals, err := web.Form(w, r)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	code := r.PathValue("code")
	vals.Set("code", code)
	f := &procedure.Field{Code: code, Name: vals.Get("name")}
	if err := h.svc.UpdateField(r.Context(), account.PrincipalFrom(r.Context()).Actor(), f); err != nil {
		h.fieldFail(w, r, fieldPage{Code: code}, "Sửa lĩnh vực", vals, err)
		return
	}
	http.Redirect(w, r, "/quan-tri/thu-tuc?da-luu-linh-vuc="+url.QueryEscape(f.Code), http.StatusSeeOther)
}

func (h *Handler) fieldFail(w http.ResponseWriter, r *http.Request, page fieldPage, title string, vals url.Values, err error) {
	if c := apperr.Code(err); c == apperr.CodeInternal || c == apperr.CodeNotFound {
		h.srv.Error(w, r, err)
		return
	}
	h.render(w, r, web.Status(apperr.Code(err)), "admin_field", title, page, vals, err)
}
